/* Parameters set as an animation begins (lr_anim_on_begin): a MoveTo to
 * where another mobject has got to by then, and a Rotate by an angle read
 * then, whatever the order of the seeks. */
#include "anim_util.h"

typedef struct follow {
    lr_mobject *leader;
    int calls;
    double last_t;
} follow;

static void to_leader(lr_anim *a, double t, void *user)
{
    follow *f = user;
    f->calls++;
    f->last_t = t;
    lr_rect r = lr_mobject_bounds(f->leader);
    lr_anim_set_point(a, (lr_vec2){rect_cx(r), rect_cy(r)});
}

static void quarter_turn(lr_anim *a, double t, void *user)
{
    (void)t;
    (void)user;
    lr_anim_set_amount(a, M_PI / 2);
}

int main(void)
{
    lr_scene *scene = lr_scene_create();
    lr_mobject *leader = make_square((lr_vec2){0, 0}, 1), *chaser = make_square((lr_vec2){-4, 0}, 1);
    lr_scene_add(scene, leader);
    lr_scene_add(scene, chaser);
    lr_timeline *tl = lr_timeline_create(scene);
    lr_error err = {0};
    follow f = {leader, 0, -1};
    /* 0..1 s the leader moves to (3, 2); 1..2 s the chaser goes where it is
     * then, while turning a quarter (the angle given at build, 0, is
     * replaced as it begins). */
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_shift(leader, (lr_vec2){3, 2}), &err));
    lr_anim *go = lr_anim_move_to(chaser, (lr_vec2){0, 0});
    lr_anim_on_begin(go, to_leader, &f);
    lr_anim *turn = lr_anim_rotate(leader, 0, NULL);
    lr_anim_on_begin(turn, quarter_turn, NULL);
    lr_anim *both[2] = {go, turn};
    LRT_CHECK_OK(lr_timeline_play(tl, both, 2, &err));
    const double at[] = {2.0, 0.5, 1.5, 2.0};
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        LRT_CHECK_OK(lr_timeline_seek(tl, at[i], &err));
        lr_rect c = lr_mobject_bounds(chaser);
        if (at[i] >= 2.0) {
            LRT_CHECK_NEAR(rect_cx(c), 3, 1e-4);
            LRT_CHECK_NEAR(rect_cy(c), 2, 1e-4);
            lr_affine m = lr_mobject_get_transform(leader);
            LRT_CHECK_NEAR(atan2(m.b, m.a), M_PI / 2, 1e-4);
        } else if (at[i] > 1.0) {
            LRT_CHECK(rect_cx(c) > -4 + 1e-3 && rect_cx(c) < 3 - 1e-3); /* on its way */
        } else {
            LRT_CHECK_NEAR(rect_cx(c), -4, 1e-5); /* not begun */
        }
    }
    LRT_CHECK(f.calls >= 1);
    LRT_CHECK_NEAR(f.last_t, 1.0, 1e-9);
    /* A group cannot take a callback: only leaves begin. */
    lr_anim *leaf = lr_anim_wait(1);
    lr_anim *group = lr_anim_group(&leaf, 1, 0);
    lr_anim_on_begin(group, to_leader, &f);
    lr_anim_destroy(group);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    return lrt_finish("anim_begin");
}
