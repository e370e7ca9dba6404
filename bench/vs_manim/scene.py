"""The scene of bench/vs_manim/scene.json for Manim Community Edition (0.19):
the same objects at the same places, the same steps and run times, silent.
c2v draws the section title in its title band (font size 44, centred at
y = 3.25); here it is a Text added at the start.

    manim -ql --disable_caching scene.py VsManim            # 854x480@15
    manim -qh --fps 60 --disable_caching scene.py VsManim   # 1920x1080@60
    manim -ql --disable_caching --format png scene.py VsManim   # lossless frames

See README.md for timing it and measuring its quality beside c2v's.
"""
import numpy as np
from manim import (BLUE, RED, UP, WHITE, YELLOW, Axes, Circle, Create, MathTex, RegularPolygon, Scene, Text,
                   Transform, Write)


class VsManim(Scene):
    def construct(self):
        title = Text("Shapes, a formula and a graph", font_size=44, color=WHITE).move_to(3.25 * UP)
        self.add(title)
        poly = RegularPolygon(n=5, color=BLUE, fill_opacity=0.5).scale(1.4).move_to([-4, 0.6, 0])
        eq = MathTex(r"e^{i\pi} + 1 = 0", font_size=48).move_to([-4, -2, 0])
        disc = Circle(radius=1.4, color=RED, fill_opacity=0.5).move_to([-4, 0.6, 0])
        ax = Axes(x_range=[-3.5, 3.5, 1], y_range=[-1.5, 1.5, 1], x_length=6.5, y_length=3.5,
                  tips=True).move_to([2.8, -0.3, 0])
        sine = ax.plot(np.sin, x_range=[-3.5, 3.5], color=YELLOW)

        self.play(Create(poly), run_time=1.5)
        self.play(Write(eq), run_time=1.5)
        self.play(Transform(poly, disc), run_time=1.5)
        self.wait(1)
        self.play(Create(ax), run_time=1)
        self.play(Create(sine), run_time=1.5)
        self.wait(2)
