#!/usr/bin/env python3
"""Manim CE's example gallery as specs (examples/gallery/*.json): every spec
loads, builds and renders, and for each scene one to three things that would
be wrong if the spec said it badly are looked at in the rendered frames: a
colour at a place, where a coloured object is (the centroid of its pixels),
two frames that must be equal or differ.

Usage: test_gallery.py C2V_RENDER SOURCE_DIR

Frames are rendered at quality l (854x480) with c2v-render --frame T (or -s for
the last frame) and read back with ffmpeg as RGB. Points are in scene units,
Manim's: the frame is 8 high and 14.22 wide, the origin in the middle. Every
spec in examples/gallery must have a row in CHECKS (a new one without checks
fails), and every row a spec.
"""
import glob
import os
import subprocess
import sys
import tempfile

W, H = 854, 480
FW = 8.0 * W / H  # frame width in scene units

# Manim's colours, as the spec's names draw them.
BLUE = (0x58, 0xC4, 0xDD)
GREEN = (0x83, 0xC1, 0x67)
RED = (0xFC, 0x62, 0x55)
YELLOW = (0xFF, 0xFF, 0x00)
ORANGE = (0xFF, 0x86, 0x2F)
PINK = (0xD1, 0x47, 0xBD)
WHITE = (0xFF, 0xFF, 0xFF)
BLACK = (0, 0, 0)
YELLOW_D = (0xF4, 0xD3, 0x45)

# (scene, time ("last" for -s), check, arguments...)
#   color x y rgb tol          the pixel at (x, y) is rgb within tol per channel
#   any x0 x1 y0 y1 rgb tol    some pixel of the box is rgb
#   none x0 x1 y0 y1 rgb tol   no pixel of the box is rgb
#   blob x0 x1 y0 y1 rgb tol cx cy d   the centroid of the box's rgb pixels is within d of (cx, cy)
#   brighter BOX BOX           the first box (x0 x1 y0 y1) is brighter on average than the second (by 4 %)
#   same t2 / differs t2       the frame equals (under 0.1 % of pixels off) / differs from the one at t2
CHECKS = [
    # Colours and the group centred as Manim's logo.move_to(ORIGIN): the
    # circle's centre at (0, -0.9) once the logo is centred, the square and
    # the triangle beside it, on the logo's background.
    ("ManimCELogo", "last", "color", 6.0, -3.5, (0xEC, 0xE6, 0xE2), 6),
    ("ManimCELogo", "last", "color", 0.0, -0.9, (0x87, 0xC2, 0xA5), 6),
    ("ManimCELogo", "last", "color", 1.6, 0.7, (0x52, 0x58, 0x93), 6),
    ("ManimCELogo", "last", "color", 2.3, -1.2, (0xE0, 0x7A, 0x5F), 6),
    ("ManimCELogo", "last", "blob", -3.8, 0.0, -1.0, 3.0, (0x34, 0x34, 0x34), 10, -1.3, 0.65, 0.1),
    # The orange line, a brace under it with its text, and the brace along
    # the perpendicular (-0.45, 0.89) with x - x_1 beyond it.
    ("BraceAnnotation", "last", "color", 0.0, 0.0, ORANGE, 30),
    ("BraceAnnotation", "last", "any", -0.3, 0.3, -1.6, -1.15, WHITE, 60),
    ("BraceAnnotation", "last", "any", -1.5, 1.5, -2.2, -1.6, WHITE, 60),
    ("BraceAnnotation", "last", "any", -0.8, -0.1, 0.5, 1.1, WHITE, 60),
    # The arrow's shaft, the number plane's blue lines, the labels beside
    # the tip (right of x = 2.25) and under the dot.
    ("VectorArrow", "last", "color", 1.0, 1.0, WHITE, 40),
    ("VectorArrow", "last", "any", 2.95, 3.05, -2.6, -2.4, (0x14, 0x50, 0x60), 30),
    ("VectorArrow", "last", "any", 2.3, 3.5, 1.85, 2.15, WHITE, 60),
    ("VectorArrow", "last", "none", 2.08, 2.2, 1.7, 2.3, (200, 200, 200), 55),
    ("VectorArrow", "last", "any", -0.4, 0.4, -0.7, -0.3, WHITE, 60),
    # Black to white from left to right over 3.79 units, and the green
    # surrounding rectangle 0.1 outside it.
    ("GradientImageFromArray", "last", "color", -1.75, 0.0, (10, 10, 10), 14),
    ("GradientImageFromArray", "last", "color", 0.0, 0.0, (128, 128, 128), 10),
    ("GradientImageFromArray", "last", "color", 1.75, 0.0, (245, 245, 245), 14),
    ("GradientImageFromArray", "last", "any", 1.95, 2.05, -0.2, 0.2, GREEN, 40),
    # The results moved as the gallery moves them: the intersection to
    # (5, 2.5), the union and the exclusion below it, the difference left of
    # the union at the union's height.
    ("BooleanOperations", "last", "blob", 4.0, 6.0, 1.8, 3.2, GREEN, 30, 5.0, 2.5, 0.05),
    ("BooleanOperations", "last", "blob", 4.0, 6.0, -0.2, 1.5, ORANGE, 30, 5.0, 0.66, 0.1),
    ("BooleanOperations", "last", "blob", 4.0, 6.0, -2.5, -0.5, YELLOW, 30, 5.0, -1.49, 0.1),
    ("BooleanOperations", "last", "blob", 2.0, 4.0, -0.2, 1.5, PINK, 30, 3.0, 0.66, 0.1),
    # MoveAlongPath halfway round the circle (linear), then Rotating a whole
    # turn about (2, 0), linear: 96 degrees at 4.4 s.
    ("PointMovingOnShapes", 3.0, "blob", -1.4, -0.6, -0.4, 0.4, WHITE, 40, -1.0, 0.0, 0.03),
    ("PointMovingOnShapes", 4.4, "blob", 1.7, 2.5, -1.4, -0.6, WHITE, 40, 2.105, -0.995, 0.03),
    # Shifted left, filled orange (the outline stays blue), scaled by 0.3.
    ("MovingAround", "last", "color", -1.0, 0.0, ORANGE, 20),
    ("MovingAround", "last", "any", -1.4, -0.6, -0.4, 0.4, BLUE, 40),
    ("MovingAround", "last", "color", -1.0, 0.45, BLACK, 10),
    # At 40 degrees: the arc of radius 0.5 at 20 degrees, none at 60, the
    # moving line at 40; at the end the red theta at 175 degrees.
    ("MovingAngle", 2.0, "color", -0.530, 0.171, WHITE, 90),
    ("MovingAngle", 2.0, "none", -0.78, -0.72, 0.40, 0.47, WHITE, 90),
    ("MovingAngle", 2.0, "color", 0.149, 0.964, WHITE, 90),
    ("MovingAngle", "last", "any", -2.1, -1.5, -0.2, 0.35, RED, 60),
    # The first dot at x = 5 after the first play, the second at y = 4 after
    # the second, the red line between them.
    ("MovingDots", 1.0, "blob", 4.5, 5.5, -0.5, 0.5, BLUE, 40, 5.0, 0.0, 0.03),
    ("MovingDots", 1.0, "blob", 0.0, 1.2, -0.5, 0.5, GREEN, 40, 0.58, 0.0, 0.03),
    ("MovingDots", "last", "color", 2.79, 2.0, RED, 60),
    # The group shifted so that its red dot lands on the yellow one at (4, 3).
    ("MovingGroupToDestination", "last", "blob", 3.6, 4.4, 2.6, 3.4, RED, 40, 4.0, 3.0, 0.03),
    ("MovingGroupToDestination", "last", "blob", 5.0, 5.8, 2.6, 3.4, WHITE, 40, 5.4, 3.0, 0.03),
    # The box round the second part, then round the fourth.
    ("MovingFrameBox", 3.5, "blob", -2.0, 2.0, -1.0, 1.0, YELLOW, 40, 0.01, 0.0, 0.1),
    ("MovingFrameBox", "last", "blob", 1.0, 5.0, -1.0, 1.0, YELLOW, 40, 3.06, 0.0, 0.1),
    ("MovingFrameBox", "last", "none", -2.0, 0.8, -1.0, 1.0, YELLOW, 40),
    # Turning at 1 radian a second (208.6 degrees at 0.5 s: steady, not smooth),
    # 2 radians forth (294.6 degrees), then back to pointing left.
    ("RotationUpdater", 0.5, "color", -0.615, -0.335, YELLOW, 60),
    ("RotationUpdater", 2.0, "color", 0.291, -0.636, YELLOW, 60),
    ("RotationUpdater", "last", "color", -0.7, 0.0, YELLOW, 60),
    # The trace of the half turn about (1, 0) (through 45 degrees while the
    # dot is at 90), then of the shifts up and left.
    ("PointWithTrace", 1.0, "color", 0.293, -0.707, WHITE, 90),
    ("PointWithTrace", 1.0, "blob", 0.9, 1.1, -1.1, -0.9, WHITE, 40, 1.0, -1.0, 0.03),
    ("PointWithTrace", "last", "color", 2.0, 0.5, WHITE, 90),
    ("PointWithTrace", "last", "color", 1.5, 1.0, WHITE, 90),
    # Axes of 10 x 6 units centred on their box: sin at its top at pi/2,
    # cos at 0, the yellow line at 2 pi.
    ("SinAndCosFunctionPlot", "last", "any", 0.6, 0.8, 1.9, 2.1, BLUE, 40),
    ("SinAndCosFunctionPlot", "last", "any", -0.15, 0.0, 1.9, 2.1, RED, 40),
    ("SinAndCosFunctionPlot", "last", "any", 2.95, 3.1, 0.9, 1.1, YELLOW, 40),
    # The dot on the graph halfway (x = 2.49) and at the argmin at the end.
    ("ArgMinExample", 0.5, "blob", -3.4, -2.6, -2.6, -1.9, WHITE, 40, -3.015, -2.242, 0.05),
    ("ArgMinExample", "last", "color", -0.03, -2.94, WHITE, 40),
    # The grey area between the curves at x = 2.5, a Riemann rectangle, the
    # dashed yellow line at x = 3.
    ("GraphAreaPlot", "last", "color", 0.0, -0.4, (68, 68, 68), 12),
    ("GraphAreaPlot", "last", "any", -5.0, -4.85, -2.6, -2.4, (44, 98, 110), 25),
    ("GraphAreaPlot", "last", "any", 1.15, 1.25, -2.5, -1.0, (153, 153, 0), 30),
    # The rectangle follows t: 5 x 5 after the Create, 10 x 2.5 after the
    # first SetValue, its corner dot on the graph.
    ("PolygonOnAxes", 1.0, "color", -1.5, -1.5, (44, 98, 110), 25),
    ("PolygonOnAxes", 2.0, "color", 0.0, -2.4, (44, 98, 110), 25),
    ("PolygonOnAxes", 2.0, "color", -1.5, 0.0, BLACK, 10),
    ("PolygonOnAxes", 2.0, "blob", 2.7, 3.3, -1.8, -1.2, WHITE, 40, 3.0, -1.5, 0.05),
    # The yellow line graph and a vertex dot at (0, 20).
    ("HeatDiagramPlot", "last", "color", -3.6, -0.3, YELLOW, 60),
    ("HeatDiagramPlot", "last", "any", -0.1, 0.1, -1.85, -1.75, YELLOW, 60),
    ("HeatDiagramPlot", "last", "blob", -4.62, -4.38, 1.08, 1.32, WHITE, 40, -4.5, 1.2, 0.03),
    # The camera on the moving dot while it runs, then back where it was.
    ("FollowingGraphCamera", 1.5, "blob", -1.0, 1.0, -1.0, 1.0, ORANGE, 40, 0.0, 0.0, 0.06),
    ("FollowingGraphCamera", "last", "blob", 4.9, 5.9, -2.9, -1.9, ORANGE, 40, 5.37, -2.45, 0.06),
    # The text fixed in the frame's top-left corner, 0.5 from its edges.
    ("FixedInFrameMObjectTest", "last", "any", -6.6, -3.0, 3.0, 3.5, WHITE, 60),
    ("FixedInFrameMObjectTest", "last", "none", -7.1, -6.7, 2.5, 4.0, WHITE, 100),
    ("FixedInFrameMObjectTest", "last", "none", -6.6, -3.0, 3.56, 4.0, WHITE, 100),
    # The light below the sphere: its bottom brighter than its top (with the
    # default light above, 129 against 158).
    ("ThreeDLightSourcePosition", "last", "brighter", 0.2, 1.0, -1.45, -0.9, 0.2, 1.0, 0.9, 1.45),
    # The camera turned by the ambient rotation, then moved back; the red
    # circle lies in z = 0 round the origin.
    ("ThreeDCameraRotation", 1.0, "differs", 0.0),
    ("ThreeDCameraRotation", "last", "any", -1.2, 1.2, -0.5, 0.5, RED, 60),
    ("ThreeDCameraRotation", "last", "same", 0.0),
    # The illusion: phi dips by 0.2 rad at pi/2 s.
    ("ThreeDCameraIllusionRotation", "last", "differs", 0.0),
    ("ThreeDCameraIllusionRotation", 0.7854, "differs", 0.0),
    # The checkerboard of orange and blue at half opacity over the axes.
    ("ThreeDSurfacePlot", "last", "any", -4.0, 4.0, -3.0, 3.0, (0xA0, 0x55, 0x20), 40),
    ("ThreeDSurfacePlot", "last", "any", -4.0, 4.0, -3.0, 3.0, (0x30, 0x68, 0x78), 40),
    # The title written at the top, then the x axis bent into y = sin x by
    # the grid's non-linear map, the two-line title in the top-left corner.
    ("OpeningManim", 2.0, "any", -2.0, 2.0, 0.2, 1.0, WHITE, 60),
    ("OpeningManim", "last", "color", 1.571, 1.0, WHITE, 90),
    ("OpeningManim", "last", "none", 1.2, 1.9, -0.05, 0.05, WHITE, 90),
    ("OpeningManim", "last", "any", -6.6, -1.0, 2.8, 3.5, WHITE, 60),
    # The dot half round the circle at 2 s, the traced sine below the axis
    # at x = 0 (three quarters of a turn), the dot at 45 degrees at the end.
    ("SineCurveUnitCircle", 2.0, "blob", -5.4, -4.6, -0.4, 0.4, YELLOW, 40, -5.0, 0.0, 0.04),
    ("SineCurveUnitCircle", "last", "any", -0.1, 0.1, -1.1, -0.9, YELLOW_D, 40),
    ("SineCurveUnitCircle", "last", "blob", -3.6, -3.0, 0.4, 1.0, YELLOW, 40, -3.293, 0.707, 0.04),
]


def px(x, y):
    return int((x + FW / 2) / FW * W), int((4 - y) / 8 * H)


class Frames:
    def __init__(self, render, gallery, work):
        self.render, self.gallery, self.work, self.cache = render, gallery, work, {}

    def get(self, scene, t):
        key = (scene, t)
        if key not in self.cache:
            png = os.path.join(self.work, f"{scene}_{t}.png")
            when = ["-s"] if t == "last" else ["--frame", str(t)]
            r = subprocess.run([self.render, os.path.join(self.gallery, scene + ".json"), "-q", "l"] + when +
                               ["-o", png], capture_output=True, text=True)
            if r.returncode != 0:
                raise RuntimeError(f"{scene} at {t}: c2v-render exit {r.returncode}: {r.stderr.strip()[:300]}")
            raw = subprocess.run(["ffmpeg", "-loglevel", "error", "-i", png, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                                 capture_output=True, check=True).stdout
            if len(raw) != W * H * 3:
                raise RuntimeError(f"{scene} at {t}: {len(raw)} bytes of RGB, expected {W * H * 3}")
            self.cache[key] = raw
        return self.cache[key]


def rgb_at(raw, i, j):
    k = 3 * (j * W + i)
    return raw[k], raw[k + 1], raw[k + 2]


def close(c, rgb, tol):
    return max(abs(a - b) for a, b in zip(c, rgb)) <= tol


def box_pixels(raw, x0, x1, y0, y1, rgb, tol, values=False):
    (i0, j0), (i1, j1) = px(x0, y1), px(x1, y0)
    for j in range(max(j0, 0), min(j1, H - 1) + 1):
        for i in range(max(i0, 0), min(i1, W - 1) + 1):
            c = rgb_at(raw, i, j)
            if values:
                yield c
            elif close(c, rgb, tol):
                yield (i + 0.5) / W * FW - FW / 2, 4 - (j + 0.5) / H * 8


def mean_brightness(raw, x0, x1, y0, y1):
    vals = [sum(c) for c in box_pixels(raw, x0, x1, y0, y1, (128, 128, 128), 255, values=True)]
    return sum(vals) / max(len(vals), 1)


def check(frames, row):
    scene, t, kind, *a = row
    raw = frames.get(scene, t)
    if kind == "color":
        x, y, rgb, tol = a
        i, j = px(x, y)
        c = rgb_at(raw, i, j)
        return close(c, rgb, tol), f"pixel at ({x}, {y}) is {c}, expected {rgb} within {tol}"
    if kind in ("any", "none"):
        n = sum(1 for _ in box_pixels(raw, *a))
        ok = n > 0 if kind == "any" else n == 0
        return ok, f"{n} pixels of {a[4]} (within {a[5]}) in x {a[0]}..{a[1]}, y {a[2]}..{a[3]}"
    if kind == "blob":
        pts = list(box_pixels(raw, *a[:6]))
        cx, cy, d = a[6:]
        if not pts:
            return False, f"no pixel of {a[4]} in x {a[0]}..{a[1]}, y {a[2]}..{a[3]}"
        mx, my = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
        ok = abs(mx - cx) <= d and abs(my - cy) <= d
        return ok, f"{a[4]} centred at ({mx:.3f}, {my:.3f}) ({len(pts)} pixels), expected ({cx}, {cy}) within {d}"
    if kind == "brighter":
        b0, b1 = mean_brightness(raw, *a[:4]), mean_brightness(raw, *a[4:])
        return b0 > 1.04 * b1, f"mean brightness {b0:.1f} in {a[:4]}, {b1:.1f} in {a[4:]}: expected the first 4 % more"
    if kind in ("same", "differs"):
        other = frames.get(scene, a[0])
        diff = sum(1 for k in range(0, len(raw), 3)
                   if max(abs(raw[k] - other[k]), abs(raw[k + 1] - other[k + 1]), abs(raw[k + 2] - other[k + 2])) > 40)
        share = diff / (W * H)
        ok = share < 0.001 if kind == "same" else share > 0.002
        return ok, f"{diff} pixels differ from the frame at {a[0]} ({100 * share:.3f} %)"
    raise ValueError(kind)


def main():
    render, root = sys.argv[1], sys.argv[2]
    gallery = os.path.join(root, "examples", "gallery")
    scenes = sorted(os.path.splitext(os.path.basename(p))[0] for p in glob.glob(os.path.join(gallery, "*.json")))
    failures = 0
    checked = {r[0] for r in CHECKS}
    for s in scenes:
        if s not in checked:
            print(f"FAIL {s}: examples/gallery/{s}.json has no row in CHECKS")
            failures += 1
        r = subprocess.run([render, os.path.join(gallery, s + ".json"), "--check"], capture_output=True, text=True)
        if r.returncode != 0:
            print(f"FAIL {s}: --check exit {r.returncode}: {r.stderr.strip()[:300]}")
            failures += 1
    for s in sorted(checked - set(scenes)):
        print(f"FAIL {s}: a row in CHECKS but no examples/gallery/{s}.json")
        failures += 1
    with tempfile.TemporaryDirectory(prefix="c2v_gallery_") as work:
        frames = Frames(render, gallery, work)
        for s in scenes:  # every scene renders to its end
            try:
                frames.get(s, "last")
            except (RuntimeError, subprocess.CalledProcessError) as e:
                print(f"FAIL {s}: {e}")
                failures += 1
        for row in CHECKS:
            if row[0] not in scenes:
                continue
            try:
                ok, what = check(frames, row)
            except (RuntimeError, subprocess.CalledProcessError) as e:
                ok, what = False, str(e)
            print(f"{'ok  ' if ok else 'FAIL'} {row[0]} at {row[1]} {row[2]}: {what}")
            failures += not ok
    print(f"{len(scenes)} gallery scenes, {len(CHECKS)} checks, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
