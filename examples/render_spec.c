/* A scene spec to a video with lr_video_render, the one call most programs
 * need, printing its progress:
 *   render_spec SCENE.json OUT.mp4     (or .webm, .mov, .gif) */
#include <librender.h>

#include <stdio.h>

static bool print_progress(const lr_video_progress *p, void *user)
{
    (void)user;
    if (p->done)
        fprintf(stderr, "all %lld frames done (100%%)\n", (long long)p->total_frames);
    else if (p->frame == p->frames) /* a section (or a part of one) is finished */
        fprintf(stderr, "section %zu/%zu \"%s\": %lld/%lld frames overall (%.0f%%)\n", p->section + 1, p->sections,
                p->section_id, (long long)p->total_frame, (long long)p->total_frames,
                100.0 * (double)p->total_frame / (double)p->total_frames);
    return true; /* false would cancel */
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s SCENE.json OUT.mp4\n", argv[0]);
        return 2;
    }
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec;
    if (lr_spec_load_file(argv[1], &spec, errs) != LR_OK) {
        fputs(lr_spec_errors_joined(errs), stderr); /* every problem, with its JSON path */
        lr_spec_errors_destroy(errs);
        return 1;
    }
    lr_spec_errors_destroy(errs);

    lr_video_options opt = lr_video_options_default();
    opt.progress = print_progress;
    lr_error err;
    lr_status s = lr_video_render(spec, argv[2], &opt, &err);
    if (s == LR_OK)
        printf("%s: %s\n", argv[2], opt.encoder_report);
    else
        fprintf(stderr, "%s\n", err.message);
    lr_spec_destroy(spec);
    return s == LR_OK ? 0 : 1;
}
