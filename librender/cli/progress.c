#include "progress.h"

#include <math.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void progress_init(progress_display *d, FILE *out)
{
    d->out = out;
    d->tty = isatty(fileno(out));
    d->last_line_at = -1e9;
    d->said_all = false;
    d->joining = false;
    d->started = now_s();
}

static void format_eta(char *buf, size_t size, double s)
{
    if (!isfinite(s) || s < 0)
        s = 0;
    long total = lround(s);
    snprintf(buf, size, "%ld:%02ld", total / 60, total % 60);
}

void progress_show(progress_display *d, const lr_video_progress *p)
{
    if (p->done) {
        /* Sections rendered at once do not end in order: the last frame
         * drawn may be no section's last, and its line may not have been
         * printed. The log ends at 100 % all the same. */
        if (!d->tty && !d->said_all && p->total_frames > 0)
            fprintf(d->out, "all %lld frames done (100%%)\n", (long long)p->total_frames);
        d->said_all = true;
        return;
    }
    if (p->joining) { /* asked again and again while it runs: said once */
        if (!d->joining)
            fprintf(d->out, "%sjoining %zu section%s into the video\n", d->tty ? "\n" : "", p->sections,
                    p->sections == 1 ? "" : "s");
        d->joining = true;
        return;
    }
    char eta[32];
    format_eta(eta, sizeof eta, p->eta_s);
    double fraction = p->total_frames > 0 ? (double)p->total_frame / (double)p->total_frames : 0;
    if (d->tty) {
        enum { WIDTH = 28 };
        char bar[WIDTH + 1];
        int filled = (int)(fraction * WIDTH);
        for (int i = 0; i < WIDTH; i++)
            bar[i] = i < filled ? '#' : '.';
        bar[WIDTH] = 0;
        fprintf(d->out, "\r[%s] %3d%%  %lld/%lld frames  %5.1f fps  ETA %s  section %zu/%zu %-16.16s", bar,
                (int)(fraction * 100), (long long)p->total_frame, (long long)p->total_frames, p->fps, eta,
                p->section + 1, p->sections, p->section_id ? p->section_id : "");
        fflush(d->out);
        return;
    }
    /* In a log: a line when a section starts or ends and every few seconds
     * (sections rendered at once take turns reporting their frames). */
    double t = now_s();
    bool all = p->total_frame == p->total_frames;
    if (p->frame == 1 || t - d->last_line_at >= 5.0 || p->frame == p->frames || (all && !d->said_all)) {
        d->said_all = d->said_all || all;
        fprintf(d->out, "section %zu/%zu %s: frame %lld/%lld, %lld/%lld overall (%d%%), %.1f fps, ETA %s\n",
                p->section + 1, p->sections, p->section_id ? p->section_id : "", (long long)p->frame,
                (long long)p->frames, (long long)p->total_frame, (long long)p->total_frames, (int)(fraction * 100),
                p->fps, eta);
        d->last_line_at = t;
    }
}

void progress_finish(progress_display *d, bool ok)
{
    if (d->tty)
        fputc('\n', d->out); /* the error, if any, starts on a line of its own */
    if (ok)
        fprintf(d->out, "done in %.1f s\n", now_s() - d->started);
}
