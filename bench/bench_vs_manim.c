/* The scene of issue 20 (bench/vs_manim/scene.json: a title, a polygon's
 * Create, a formula's Write, a Transform into a circle, axes and a sine
 * graph; 10 s, silent) rendered end to end by c2v-render at 854x480@15 and
 * 1920x1080@60, as a separate process each time, the way a user runs it:
 *
 *   wall, CPU (user + sys) and peak RSS of the process (wait4's rusage),
 *   the MP4's size, its quality against a lossless render of the same
 *   frames (x264 qp=0 from the same yuv420p: only the encoder's loss is
 *   measured), SSIM and PSNR from FFmpeg's ssim and psnr filters, and
 *   the stages from process start to the renamed MP4 (c2v-render
 *   --timings: start-up before main, spec, contexts, builds, encoder opens,
 *   frames, encoder finishes, join, exit).
 *
 * Then the same lossless frames encoded by the ffmpeg command line with
 * Manim CE's settings (libx264, preset medium, crf 23, yuv420p) and a key
 * frame where each of the spec's play and wait steps starts (Manim writes
 * one partial movie file per play or wait and joins them by copying
 * packets, so each begins with a key frame), for the size and quality
 * Manim's encoder gets from these frames, and its CPU time (the decoding
 * of the reference, timed alone, taken off).
 * bench/vs_manim/README.md says how to run the same scene with Manim.
 *
 *   bench_vs_manim [--render PATH] [--spec FILE] [--runs N] [--size 480|1080|all]
 *                  [--options 'key=value:...'] [--jobs N] [--manim-options 'ffmpeg x264 args']
 *                  [--work DIR] [--no-manim-settings] [--every-frame]
 *
 * --options goes to c2v-render's --encoder-options (an x264 setting to try);
 * --every-frame times c2v-render --every-frame (repeated frames coded);
 * --runs N: timed runs of each size (median, min-max; default 3). The
 * lossless reference and the quality measure are not timed. The clip cache
 * is off (--disable_caching) so that every run encodes; the TeX cache is
 * the user's (warm after the first run). Figures to stdout, one "key:
 * value" block per size. */
#include <cjson/cJSON.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_common.h"
#include "core/file.h"

#ifndef VS_MANIM_SPEC
#define VS_MANIM_SPEC "bench/vs_manim/scene.json"
#endif

enum { MAX_RUNS = 25, MAX_ARGS = 48 };

typedef struct run_result {
    double wall, user, sys;
    long max_rss_kb;
    int status; /* exit status, or 128 + signal */
    double spawned_at, reaped_at;
} run_result;

/* Runs argv with stdout and stderr into `log` (appended); false when it
 * could not be started. */
static bool run(char *const argv[], const char *log, run_result *r)
{
    memset(r, 0, sizeof *r);
    fflush(NULL);
    r->spawned_at = now_s();
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        execvp(argv[0], argv);
        fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR)
            return false;
    r->reaped_at = now_s();
    r->wall = r->reaped_at - r->spawned_at;
    r->user = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6;
    r->sys = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
    r->max_rss_kb = ru.ru_maxrss;
    r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return true;
}

/* dir/name into buf; a path too long for it ends the program. */
static void path_in(char *buf, size_t size, const char *dir, const char *name)
{
    int n = snprintf(buf, size, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= size) {
        fprintf(stderr, "bench_vs_manim: path too long: %s/%s\n", dir, name);
        exit(1);
    }
}

static long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

typedef struct quality {
    double ssim_y, ssim_all, psnr_y, psnr_avg;
    bool ok;
} quality;

/* A file c2v-render or this benchmark wrote (or the spec), whole; NULL when
 * it cannot be read. */
static char *read_text(const char *path)
{
    char *text = NULL;
    return lr_file_read_all(path, (size_t)64 << 20, &text, NULL) == LR_OK ? text : NULL;
}

/* SSIM and PSNR of `video` against `reference` (both decoded by ffmpeg;
 * the same size and length). The reference has every frame and comes
 * first: the filters compare each of its frames with the video's frame
 * shown at that time, a held one too, so every frame shown counts. */
static quality measure_quality(const char *video, const char *reference, const char *log)
{
    quality q = {0};
    remove(log);
    char *argv[] = {"ffmpeg", "-hide_banner", "-nostats", "-i", (char *)reference, "-i", (char *)video,
                    "-lavfi", "[0:v][1:v]ssim;[0:v][1:v]psnr", "-f", "null", "-", NULL};
    run_result r;
    if (!run(argv, log, &r) || r.status != 0)
        return q;
    char *text = read_text(log);
    const char *s = text ? strstr(text, "SSIM Y:") : NULL;
    const char *p = text ? strstr(text, "PSNR y:") : NULL;
    const char *all = s ? strstr(s, "All:") : NULL;
    const char *avg = p ? strstr(p, "average:") : NULL;
    q.ok = s && p && all && avg && sscanf(s, "SSIM Y:%lf", &q.ssim_y) == 1 && sscanf(all, "All:%lf", &q.ssim_all) == 1 &&
           sscanf(p, "PSNR y:%lf", &q.psnr_y) == 1 && sscanf(avg, "average:%lf", &q.psnr_avg) == 1;
    free(text);
    return q;
}

/* The stages of one c2v-render run, from its --timings file. */
typedef struct stages {
    double startup, spec, plan, cache, context, build, encoder_open, frames, encoder_finish, workers, join, exit, total;
    int workers_n;
    long long frames_n, drawn, unchanged, held, clips;
    bool ok;
} stages;

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static stages read_stages(const char *path, const run_result *r)
{
    stages st = {0};
    char *text = read_text(path);
    cJSON *j = text ? cJSON_Parse(text) : NULL;
    free(text);
    const cJSON *s = j ? cJSON_GetObjectItemCaseSensitive(j, "stages") : NULL;
    if (!s) {
        cJSON_Delete(j);
        return st;
    }
    /* main_at and written_at are CLOCK_MONOTONIC, as spawned_at and
     * reaped_at: what lies outside them is the loader's and the exit's. */
    st.startup = num(j, "main_at") - r->spawned_at;
    st.exit = r->reaped_at - num(j, "written_at");
    st.spec = num(j, "spec_load_s") + num(j, "spec_free_s");
    st.plan = num(s, "plan_s");
    st.cache = num(s, "cache_s");
    st.context = num(s, "context_s");
    st.build = num(s, "build_s");
    st.encoder_open = num(s, "encoder_open_s");
    st.frames = num(s, "frames_s");
    st.encoder_finish = num(s, "encoder_finish_s");
    st.workers = num(s, "workers_s");
    st.join = num(s, "join_s");
    st.total = num(s, "total_s");
    st.workers_n = (int)num(s, "workers");
    st.frames_n = (long long)num(j, "frames");
    st.drawn = (long long)num(j, "frames_drawn");
    st.unchanged = (long long)num(j, "frames_unchanged");
    st.held = (long long)num(j, "frames_held");
    st.clips = (long long)num(j, "clips_encoded");
    st.ok = true;
    cJSON_Delete(j);
    return st;
}

typedef struct config {
    const char *render, *spec, *options, *manim_args, *work;
    int runs, jobs;
    bool do480, do1080, manim_settings, every_frame;
} config;

typedef struct size_case {
    const char *name, *quality_flag;
} size_case;

/* c2v-render's command line for one render of the spec to `out`. */
static void render_argv(const config *c, const size_case *sc, const char *out, const char *timings,
                        const char *options, bool every_frame, char jobs[16], char *argv[MAX_ARGS])
{
    int n = 0;
    argv[n++] = (char *)c->render;
    argv[n++] = (char *)c->spec;
    argv[n++] = "-q";
    argv[n++] = (char *)sc->quality_flag;
    argv[n++] = "-o";
    argv[n++] = (char *)out;
    argv[n++] = "--no-audio";
    argv[n++] = "--disable_caching";
    argv[n++] = "--quiet";
    if (timings) {
        argv[n++] = "--timings";
        argv[n++] = (char *)timings;
    }
    if (options && options[0]) {
        argv[n++] = "--encoder-options";
        argv[n++] = (char *)options;
    }
    if (every_frame)
        argv[n++] = "--every-frame";
    if (c->jobs > 0) {
        snprintf(jobs, 16, "%d", c->jobs);
        argv[n++] = "-j";
        argv[n++] = jobs;
    }
    argv[n] = NULL;
}

static void load_average(char *buf, size_t size)
{
    double l[3];
    if (getloadavg(l, 3) == 3)
        snprintf(buf, size, "%.2f %.2f %.2f", l[0], l[1], l[2]);
    else
        snprintf(buf, size, "unknown");
}

static int index_of_median(const double *v, int n)
{
    double sorted[MAX_RUNS];
    memcpy(sorted, v, sizeof(double) * (size_t)n);
    double m = median(sorted, n);
    int best = 0;
    for (int i = 1; i < n; i++)
        if (fabs(v[i] - m) < fabs(v[best] - m))
            best = i;
    return best;
}

static double min_of(const double *v, int n)
{
    double m = v[0];
    for (int i = 1; i < n; i++)
        m = v[i] < m ? v[i] : m;
    return m;
}

static double max_of(const double *v, int n)
{
    double m = v[0];
    for (int i = 1; i < n; i++)
        m = v[i] > m ? v[i] : m;
    return m;
}

static void print_quality(const char *key, const quality *q)
{
    if (q->ok)
        printf("%s: SSIM all %.6f (Y %.6f), PSNR average %.3f dB (Y %.3f)\n", key, q->ssim_all, q->ssim_y,
               q->psnr_avg, q->psnr_y);
    else
        printf("%s: not measured (ffmpeg's ssim/psnr failed)\n", key);
}

/* Manim's encoder settings on the lossless frames, by the ffmpeg command
 * line; CPU time without the reference's decoding. */
/* "0,1.5,3": the start of every play and wait step of the spec's first
 * section (instant steps make no partial movie), for -force_key_frames. */
static bool step_starts(const char *spec, char *buf, size_t size)
{
    char *text = read_text(spec);
    cJSON *j = text ? cJSON_Parse(text) : NULL;
    free(text);
    const cJSON *sections = j ? cJSON_GetObjectItemCaseSensitive(j, "sections") : NULL;
    const cJSON *timeline = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(sections, 0), "timeline");
    double t = 0;
    size_t used = 0;
    buf[0] = 0;
    const cJSON *step;
    cJSON_ArrayForEach(step, timeline)
    {
        const cJSON *wait = cJSON_GetObjectItemCaseSensitive(step, "wait");
        const cJSON *play = cJSON_GetObjectItemCaseSensitive(step, "play");
        if (!wait && !play)
            continue;
        double length = wait ? wait->valuedouble : 1.0;
        const cJSON *rt = cJSON_GetObjectItemCaseSensitive(step, "run_time");
        if (play && cJSON_IsNumber(rt))
            length = rt->valuedouble;
        int n = snprintf(buf + used, size - used, "%s%g", used ? "," : "", t);
        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
        t += length;
    }
    cJSON_Delete(j);
    return used > 0;
}

static bool manim_settings(const config *c, const char *reference, const char *dir)
{
    char out[PATH_MAX], log[PATH_MAX], args[1024], keys[512];
    path_in(out, sizeof out, dir, "manim-settings.mp4");
    path_in(log, sizeof log, dir, "manim-settings.log");
    snprintf(args, sizeof args, "%s", c->manim_args);
    char *argv[MAX_ARGS];
    int n = 0;
    char *base[] = {"ffmpeg", "-hide_banner", "-nostats", "-y", "-i", (char *)reference};
    for (size_t i = 0; i < sizeof base / sizeof base[0]; i++)
        argv[n++] = base[i];
    for (char *tok = strtok(args, " "); tok && n < MAX_ARGS - 4; tok = strtok(NULL, " "))
        argv[n++] = tok;
    if (step_starts(c->spec, keys, sizeof keys)) {
        argv[n++] = "-force_key_frames";
        argv[n++] = keys;
    }
    argv[n++] = out;
    argv[n] = NULL;
    char *decode[] = {"ffmpeg", "-hide_banner", "-nostats", "-i", (char *)reference, "-f", "null", "-", NULL};
    run_result enc, dec;
    if (!run(argv, log, &enc) || enc.status != 0 || !run(decode, log, &dec) || dec.status != 0) {
        printf("manim settings: ffmpeg failed (see %s)\n", log);
        return false;
    }
    printf("manim settings (ffmpeg %s, key frames at %s s): CPU %.3f s without decoding (user+sys %.3f, decoding alone %.3f), file %lld "
           "bytes\n",
           c->manim_args, keys[0] ? keys : "x264's choice", enc.user + enc.sys - dec.user - dec.sys, enc.user + enc.sys, dec.user + dec.sys,
           file_size(out));
    quality q = measure_quality(out, reference, log);
    print_quality("manim settings quality", &q);
    return q.ok;
}

static bool bench_size(const config *c, const size_case *sc)
{
    char dir[PATH_MAX], ref[PATH_MAX], out[PATH_MAX], log[PATH_MAX], timings[PATH_MAX], jobs[16];
    path_in(dir, sizeof dir, c->work, sc->name);
    mkdir(dir, 0755);
    path_in(ref, sizeof ref, dir, "lossless.mp4");
    path_in(log, sizeof log, dir, "render.log");
    char *argv[MAX_ARGS];
    run_result r;
    char load0[64], load1[64];
    load_average(load0, sizeof load0);

    /* The lossless reference: the same frames through x264 at qp 0, every
     * one of them coded. It also warms the TeX cache, so the timed runs
     * build formulas from it. */
    render_argv(c, sc, ref, NULL, "qp=0", true, jobs, argv);
    if (!run(argv, log, &r) || r.status != 0) {
        fprintf(stderr, "bench_vs_manim: the lossless render failed (status %d, see %s)\n", r.status, log);
        return false;
    }
    double wall[MAX_RUNS], cpu[MAX_RUNS], user[MAX_RUNS], sys[MAX_RUNS], rss[MAX_RUNS];
    stages st[MAX_RUNS];
    long long size = -1;
    for (int i = 0; i < c->runs; i++) {
        path_in(out, sizeof out, dir, "c2v.mp4");
        char name[32];
        snprintf(name, sizeof name, "timings-%d.json", i);
        path_in(timings, sizeof timings, dir, name);
        remove(out);
        render_argv(c, sc, out, timings, c->options, c->every_frame, jobs, argv);
        if (!run(argv, log, &r) || r.status != 0) {
            fprintf(stderr, "bench_vs_manim: c2v-render failed (status %d, see %s)\n", r.status, log);
            return false;
        }
        wall[i] = r.wall;
        user[i] = r.user;
        sys[i] = r.sys;
        cpu[i] = r.user + r.sys;
        rss[i] = (double)r.max_rss_kb / 1024.0;
        st[i] = read_stages(timings, &r);
        size = file_size(out);
    }
    load_average(load1, sizeof load1);
    int n = c->runs, mid = index_of_median(wall, n);
    const stages *m = &st[mid];
    printf("\n== %s: %s, %lld frames; load average %s at the start, %s at the end\n", sc->name, c->spec,
           m->frames_n, load0, load1);
    printf("encoder options: %s\n", c->options && c->options[0] ? c->options : "(c2v's defaults)");
    double tmp[MAX_RUNS];
    memcpy(tmp, wall, sizeof wall);
    printf("wall: %.3f s median (%.3f-%.3f, %d runs)\n", median(tmp, n), min_of(wall, n), max_of(wall, n), n);
    memcpy(tmp, cpu, sizeof cpu);
    double cpu_med = median(tmp, n);
    memcpy(tmp, user, sizeof user);
    double user_med = median(tmp, n);
    memcpy(tmp, sys, sizeof sys);
    double sys_med = median(tmp, n);
    printf("cpu: %.3f s median (%.3f-%.3f; user %.3f + sys %.3f)\n", cpu_med, min_of(cpu, n), max_of(cpu, n),
           user_med, sys_med);
    memcpy(tmp, rss, sizeof rss);
    printf("peak rss: %.1f MiB median (%.1f-%.1f)\n", median(tmp, n), min_of(rss, n), max_of(rss, n));
    printf("file: %lld bytes\n", size);
    quality q = measure_quality(out, ref, log);
    print_quality("quality", &q);
    printf("lossless reference: %lld bytes\n", file_size(ref));
    if (m->ok) {
        double accounted = m->startup + m->spec + m->plan + m->cache + m->workers + m->join + m->exit;
        printf("stages (the median run, s): start-up %.3f, spec %.3f, plan %.3f, cache %.3f, workers %.3f, join %.3f, "
               "exit %.3f, other %.3f\n",
               m->startup, m->spec, m->plan, m->cache, m->workers, m->join, m->exit, wall[mid] - accounted);
        printf("workers (%d, summed over them, s): contexts %.3f, builds %.3f, encoder opens %.3f, frames %.3f, "
               "encoder finishes %.3f\n",
               m->workers_n, m->context, m->build, m->encoder_open, m->frames, m->encoder_finish);
        printf("frames: %lld drawn of %lld (%lld more found unchanged), %lld held (not coded), %lld clips\n",
               m->drawn, m->frames_n, m->unchanged, m->held, m->clips);
    } else {
        printf("stages: not read (%s)\n", timings);
    }
    bool ok = q.ok && m->ok;
    if (c->manim_settings)
        ok = manim_settings(c, ref, dir) && ok;
    return ok;
}

/* c2v-render beside this program in a build tree (build/bench/ and
 * build/librender/cli/), else the one on PATH. */
static const char *default_render(const char *argv0, char *buf, size_t size)
{
    const char *slash = strrchr(argv0, '/');
    if (slash) {
        snprintf(buf, size, "%.*s/../librender/cli/c2v-render", (int)(slash - argv0), argv0);
        if (access(buf, X_OK) == 0)
            return buf;
    }
    return "c2v-render";
}

int main(int argc, char **argv)
{
    char render_buf[PATH_MAX];
    config c = {.render = default_render(argv[0], render_buf, sizeof render_buf),
                .spec = VS_MANIM_SPEC,
                .manim_args = "-c:v libx264 -preset medium -crf 23 -pix_fmt yuv420p",
                .runs = 3,
                .do480 = true,
                .do1080 = true,
                .manim_settings = true};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--render") && v)
            c.render = argv[++i];
        else if (!strcmp(a, "--spec") && v)
            c.spec = argv[++i];
        else if (!strcmp(a, "--options") && v)
            c.options = argv[++i];
        else if (!strcmp(a, "--manim-options") && v)
            c.manim_args = argv[++i];
        else if (!strcmp(a, "--work") && v)
            c.work = argv[++i];
        else if (!strcmp(a, "--runs") && v)
            c.runs = atoi(argv[++i]);
        else if (!strcmp(a, "--jobs") && v)
            c.jobs = atoi(argv[++i]);
        else if (!strcmp(a, "--no-manim-settings"))
            c.manim_settings = false;
        else if (!strcmp(a, "--every-frame"))
            c.every_frame = true;
        else if (!strcmp(a, "--size") && v) {
            v = argv[++i];
            c.do480 = !strcmp(v, "480") || !strcmp(v, "all");
            c.do1080 = !strcmp(v, "1080") || !strcmp(v, "all");
        } else {
            fprintf(stderr,
                    "usage: bench_vs_manim [--render PATH] [--spec FILE] [--runs N] [--size 480|1080|all] "
                    "[--options 'key=value:...'] [--jobs N] [--manim-options 'ffmpeg args'] [--work DIR] "
                    "[--no-manim-settings] [--every-frame]\n");
            return 2;
        }
    }
    if (c.runs < 1 || c.runs > MAX_RUNS || (!c.do480 && !c.do1080)) {
        fprintf(stderr, "bench_vs_manim: --runs takes 1 to %d, --size 480, 1080 or all\n", MAX_RUNS);
        return 2;
    }
    char work[] = "/tmp/bench_vs_manim-XXXXXX";
    if (!c.work && !(c.work = mkdtemp(work))) {
        fprintf(stderr, "bench_vs_manim: cannot create a work folder: %s\n", strerror(errno));
        return 1;
    }
    mkdir(c.work, 0755);
    printf("c2v-render: %s\nwork folder: %s\n", c.render, c.work);
    static const size_case cases[] = {{"854x480@15", "l"}, {"1920x1080@60", "h"}};
    bool ok = true;
    if (c.do480)
        ok = bench_size(&c, &cases[0]) && ok;
    if (c.do1080)
        ok = bench_size(&c, &cases[1]) && ok;
    return ok ? 0 : 1;
}
