#include "timings.h"

#include <time.h>

double timings_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void timings_print(FILE *out, const cli_timings *t, const lr_video_options *vo)
{
    const lr_video_stages *s = &vo->stages;
    fprintf(out,
            "stages: spec %.3f s, plan %.3f, cache %.3f, workers %.3f (%d: contexts %.3f, builds %.3f, encoder opens "
            "%.3f, frames %.3f, encoder finishes %.3f), join %.3f, render %.3f, spec freed %.3f s; %lld of %lld "
            "frames drawn, %lld more found unchanged, %lld held\n",
            t->spec_load_s, s->plan_s, s->cache_s, s->workers_s, s->workers, s->context_s, s->build_s,
            s->encoder_open_s, s->frames_s, s->encoder_finish_s, s->join_s, t->render_s, t->spec_free_s,
            (long long)vo->frames_drawn, (long long)s->frames, (long long)s->frames_unchanged,
            (long long)s->frames_held);
}

bool timings_write(const char *path, const cli_timings *t, const lr_video_options *vo)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    const lr_video_stages *s = &vo->stages;
    fprintf(f,
            "{\n  \"main_at\": %.6f,\n  \"spec_load_s\": %.6f,\n  \"render_s\": %.6f,\n  \"spec_free_s\": %.6f,\n"
            "  \"stages\": {\"plan_s\": %.6f, \"cache_s\": %.6f, \"context_s\": %.6f, \"build_s\": %.6f,\n"
            "    \"encoder_open_s\": %.6f, \"frames_s\": %.6f, \"encoder_finish_s\": %.6f, \"workers_s\": %.6f,\n"
            "    \"join_s\": %.6f, \"total_s\": %.6f, \"workers\": %d},\n"
            "  \"frames\": %lld,\n  \"frames_drawn\": %lld,\n  \"frames_unchanged\": %lld,\n"
            "  \"frames_held\": %lld,\n  \"clips_encoded\": %lld,\n",
            t->main_at, t->spec_load_s, t->render_s, t->spec_free_s, s->plan_s, s->cache_s, s->context_s, s->build_s,
            s->encoder_open_s, s->frames_s, s->encoder_finish_s, s->workers_s, s->join_s, s->total_s, s->workers,
            (long long)s->frames, (long long)vo->frames_drawn, (long long)s->frames_unchanged,
            (long long)s->frames_held, (long long)vo->clips_encoded);
    fprintf(f, "  \"written_at\": %.6f\n}\n", timings_now());
    bool ok = !ferror(f);
    return fclose(f) == 0 && ok;
}
