/* c2v-render: a scene spec to a video (MP4, WebM, MOV, GIF), PNG frames or
 * one picture. */
#include <librender.h>
#include <librender/lr_layout.h>
#include <librender/lr_preview.h>
#include <librender/lr_video.h>

#include <errno.h>
#include <signal.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "progress.h"
#include "timings.h"

enum exit_code {
    EXIT_OK = 0,
    EXIT_RENDER = 1,  /* rendering or writing failed */
    EXIT_USAGE = 2,   /* bad command line */
    EXIT_SPEC = 3,    /* the spec did not load or validate */
    EXIT_ENCODER = 4, /* no encoder could be opened */
    EXIT_GL = 5,      /* no OpenGL 3.3 context */
    EXIT_NO_INPUT = 66, /* the scene file does not exist or cannot be read (sysexits' EX_NOINPUT) */
    EXIT_CANCELLED = 130
};

static const char usage_text[] =
    "NAME\n"
    "    c2v-render - render a c2v scene spec to video or pictures\n"
    "\n"
    "SYNOPSIS\n"
    "    c2v-render SCENE.json -o OUT.mp4|OUT.webm|OUT.mov|OUT.gif [options]\n"
    "    c2v-render SCENE.json --frame T -o FRAME.png [options]\n"
    "    c2v-render SCENE.json -s -o LAST.png [options]\n"
    "    c2v-render SCENE.json --png-sequence 'frames/%05d.png' [options]\n"
    "    c2v-render SCENE.json --check\n"
    "    c2v-render --schema | --reference markdown|prompt\n"
    "\n"
    "DESCRIPTION\n"
    "    Loads and validates SCENE.json (see docs/scene-spec.md), renders every\n"
    "    section to its own clip and joins them into OUT.mp4. The output is\n"
    "    written under a temporary name and renamed when complete, so OUT.mp4\n"
    "    never names a partial video.\n"
    "\n"
    "    The output's extension chooses the format, as Manim's --format:\n"
    "    .mp4 H.264 (or --hevc) with AAC narration; .webm VP9 with Opus;\n"
    "    .mov ProRes 4444 (--encoder qtrle: QuickTime Animation) with AAC,\n"
    "    the one that keeps alpha (--transparent); .gif one palette made from\n"
    "    every frame, looping, silent (narration is off). Any other extension\n"
    "    is refused (exit status 2).\n"
    "\n"
    "OPTIONS\n"
    "    -o, --output PATH     the video (or, with --frame or -s, the PNG) to write\n"
    "    -q, --quality Q       l 854x480@15, m 1280x720@30, h 1920x1080@60, k 3840x2160@60\n"
    "    --portrait            9:16 frame (the quality's width and height swapped)\n"
    "    --landscape           16:9 frame\n"
    "    --fps N               frames per second (overrides the spec and -q)\n"
    "    --encoder E           auto (default), nvenc, vaapi, x264, or a libavcodec encoder name\n"
    "    --hevc                H.265 instead of H.264\n"
    "    --encoder-options O   the encoder's own options, key=value:key=value, over c2v's\n"
    "                          (x264: preset=medium:crf=23, qp=0 for lossless, tune=animation)\n"
    "    --every-frame         code every frame: a frame that repeats the one before (a wait,\n"
    "                          the end of a step) is otherwise held, the one before lasting\n"
    "                          longer in the file; for editors that want every frame\n"
    "    --section ID          render only that section\n"
    "    --frame T             write the single frame shown at T seconds\n"
    "    -s, --last-frame      write the last frame (the end of the last section) as a PNG\n"
    "    --transparent         a see-through background: the .mov keeps alpha (so does a PNG)\n"
    "    --png-sequence PAT    write every frame as PNG; PAT holds one %d\n"
    "    --check               validate the spec, print every error, render nothing\n"
    "    --schema              print the spec's JSON Schema (draft 2020-12) and exit\n"
    "    --reference FORMAT    print the spec's vocabulary as markdown tables or as the\n"
    "                          plain text the agent's Coder reads (prompt), and exit\n"
    "    --layout-report       print, as JSON on stdout, every visible object's box and the\n"
    "                          layout problems (overlaps, overflows, text too small) at the\n"
    "                          end of each play step; renders nothing\n"
    "    --preview             play in a window; reloads when the spec changes (h: keys)\n"
    "    --backend B           auto, egl-device, egl-surfaceless or glfw (also: LR_BACKEND)\n"
    "    --samples N           MSAA samples (antialiasing does not need them)\n"
    "    --readback R          how frames reach the encoder: auto (default: yuv on a real GPU,\n"
    "                          rgba on llvmpipe), yuv (converted on the GPU), rgba (a ring of\n"
    "                          pixel buffers, converted in the encoder thread), sync\n"
    "    --keep-clips          keep the per-section clips (OUT.mp4.sections/)\n"
    "    --timings FILE        write where the time went (spec, contexts, builds, encoders,\n"
    "                          frames, join; seconds) to FILE as JSON (-v prints it too)\n"
    "    --disable_caching     encode every section, neither taking clips from the cache nor\n"
    "                          keeping them there (also --disable-caching)\n"
    "    --flush_cache         empty the clip cache first\n"
    "    --cache-dir DIR       the clip cache (default $XDG_CACHE_HOME/c2v/clips, or\n"
    "                          ~/.cache/c2v/clips)\n"
    "    --cache-size SIZE     its bound, e.g. 500M or 4G (2G); least recently used out first\n"
    "    -j, --jobs N          workers rendering sections (or parts of them) at once, each with its\n"
    "                          own GL context and encoder (default: one per core, at most 4)\n"
    "    --no-audio            no narration: the silent video, timed as the spec says\n"
    "    --voice V             espeak-ng voice (en-us; cmn Mandarin, yue Cantonese, ...)\n"
    "    --speech-rate N       words per minute, 80 to 450 (160)\n"
    "    --tts-command CMD     speak with another program: CMD reads the text on stdin and\n"
    "                          writes a WAV file to \"$1\" (run through /bin/sh)\n"
    "    --speech-fit F        speech longer than its steps: wait (add a pause, default)\n"
    "                          or stretch (slow the line's animations down)\n"
    "    --loudness L          integrated loudness target in LUFS (-16)\n"
    "    --soft-subs           also put the subtitles in the MP4 (mov_text track)\n"
    "    --quiet               nothing on stderr but errors: no progress, no encoder line,\n"
    "                          no FFmpeg messages\n"
    "    -v, --verbose         FFmpeg's own messages too (its informational ones)\n"
    "    --version             the version, then exit\n"
    "    -h, --help            this text\n"
    "\n"
    "NARRATION\n"
    "    Unless --no-audio, every lecture line is spoken (its \"narration\", or its\n"
    "    text) when it first becomes the current line; each line stays current at\n"
    "    least as long as its speech. OUT.mp4 gets an AAC 48 kHz track at -16 LUFS,\n"
    "    and OUT.vtt and OUT.srt are written beside it (docs/audio.md).\n"
    "\n"
    "CACHE\n"
    "    Each section's clip is kept in the cache under a hash of what makes it\n"
    "    (its part of the spec, its assets' bytes, its formulas' and texts'\n"
    "    outlines, the render options, this program): rendering the spec again\n"
    "    after editing one section encodes only that one (Manim's partial movie\n"
    "    files). The line \"sections: N encoded, M from the cache\" says so.\n"
    "\n"
    "PROGRESS\n"
    "    On a terminal, a bar with frames done, frames per second and ETA on\n"
    "    stderr; otherwise a plain line per section and every few seconds.\n"
    "\n"
    "EXIT STATUS\n"
    "    0 success; 1 rendering or writing failed; 2 bad command line (an\n"
    "    unknown option, an output format that cannot be written); 3 the spec\n"
    "    is invalid (or past a limit, or --check found a problem); 4 no video\n"
    "    encoder could be opened; 5 no OpenGL 3.3 context; 66 the scene file\n"
    "    does not exist or cannot be read; 130 interrupted (SIGINT), 143\n"
    "    terminated (SIGTERM).\n";

/* The signal (SIGINT or SIGTERM) that asked to stop, 0 until one does; read
 * by the progress callback to cancel cleanly. */
static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    stop_requested = sig;
}

/* Without SA_RESTART: a call blocked when the signal comes (an open() on a
 * FIFO, a read) returns EINTR instead of waiting on, so the run ends soon
 * after, through its ordinary error path. */
static void catch_signals(void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* The exit for a run that a signal stopped: whatever failed on the way
 * out (a call cut short, the render cancelled) is the signal's doing. */
static int stopped(void)
{
    int sig = stop_requested;
    fprintf(stderr, "c2v-render: %s by %s\n", sig == SIGTERM ? "terminated" : "interrupted",
            sig == SIGTERM ? "SIGTERM" : "SIGINT");
    return 128 + sig;
}

typedef struct options {
    const char *spec_path, *output, *section, *encoder, *png_pattern, *quality, *encoder_options;
    double frame_time;
    bool have_frame, check, layout_report, preview, quiet, keep_clips, hevc, every_frame;
    bool last_frame, transparent, verbose;
    bool no_cache, flush_cache;
    const char *cache_dir;
    int64_t cache_size;
    const char *timings_path;
    lr_video_format format; /* of -o for a video */
    /* narration */
    bool no_audio, soft_subs;
    const char *voice, *tts_command;
    int speech_rate, jobs;
    double loudness;
    lr_speech_fit speech_fit;
    int orientation; /* -1 unset, 0 landscape, 1 portrait */
    int fps, samples;
    lr_backend backend;
    lr_video_readback readback;
    int vocabulary; /* -1, or the lr_spec_format to print */
} options;

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "c2v-render: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'c2v-render --help'.\n");
    return EXIT_USAGE;
}

/* Every option, for the suggestion made when one is mistyped. */
static const char *const option_names[] = {
    "--output", "--quality", "--portrait", "--landscape", "--fps", "--jobs", "--encoder", "--hevc", "--section",
    "--encoder-options", "--every-frame", "--frame", "--last-frame", "--transparent", "--png-sequence", "--check", "--layout-report", "--preview",
    "--readback", "--backend", "--samples", "--keep-clips", "--quiet", "--verbose", "--no-audio", "--soft-subs",
    "--voice", "--tts-command", "--speech-rate", "--speech-fit", "--loudness", "--version", "--help",
    "--disable_caching", "--flush_cache", "--cache-dir", "--cache-size", "--schema", "--reference", "--timings",
};

/* "500M", "2G", "1048576": bytes, at least 1 MiB. */
static bool parse_size(const char *s, int64_t *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    double unit = 1;
    if (*end == 'K' || *end == 'k')
        unit = 1024.0, end++;
    else if (*end == 'M' || *end == 'm')
        unit = 1024.0 * 1024, end++;
    else if (*end == 'G' || *end == 'g')
        unit = 1024.0 * 1024 * 1024, end++;
    if (errno || end == s || *end || !(v * unit >= 1024.0 * 1024) || v * unit > 9e18)
        return false;
    *out = (int64_t)(v * unit);
    return true;
}

/* Edit distance counting a swap of neighbours as one edit (optimal string
 * alignment), so "--qiuet" is one edit from "--quiet"; long words are not
 * compared. */
static int typo_distance(const char *a, const char *b)
{
    enum { MAX = 40 };
    size_t la = strlen(a), lb = strlen(b);
    if (la > MAX || lb > MAX)
        return MAX;
    int d[MAX + 1][MAX + 1];
    for (size_t i = 0; i <= la; i++)
        for (size_t j = 0; j <= lb; j++) {
            if (i == 0 || j == 0) {
                d[i][j] = (int)(i + j);
                continue;
            }
            int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

/* The option `arg` (its "=value" cut off) was most likely meant to be, or
 * NULL when none is close: at most 2 edits, and fewer than a third of it. */
static const char *closest_option(const char *arg)
{
    /* "-quiet" is a dash short of "--quiet". */
    char word[64];
    snprintf(word, sizeof word, "%s%s", arg[1] == '-' ? "" : "-", arg);
    word[strcspn(word, "=")] = '\0';
    const char *best = NULL;
    int best_d = 3;
    for (size_t i = 0; i < sizeof option_names / sizeof option_names[0]; i++) {
        int d = typo_distance(word, option_names[i]);
        if (d < best_d && 3 * d < (int)strlen(option_names[i])) {
            best = option_names[i];
            best_d = d;
        }
    }
    return best;
}

static int unknown_option(const char *arg)
{
    const char *near = closest_option(arg);
    if (!near)
        return usage_error("unknown option \"%s\"", arg);
    fprintf(stderr, "c2v-render: unknown option \"%s\"; did you mean %s?\n", arg, near);
    fprintf(stderr, "Try 'c2v-render --help'.\n");
    return EXIT_USAGE;
}

static bool parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return false;
    *out = (int)v;
    return true;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* What -o names must be writable as asked: a PNG for one frame, else a
 * video format c2v writes. Checked before anything is loaded. */
static int check_output(options *o)
{
    if (o->last_frame && o->have_frame)
        return usage_error("%s", "-s (the last frame) and --frame T ask for two different frames");
    bool picture = o->last_frame || o->have_frame;
    if (!o->output || o->check || o->layout_report || o->preview || o->png_pattern)
        return EXIT_OK;
    if (picture) {
        if (!ends_with(o->output, ".png"))
            return usage_error("a single frame is written as a PNG: -o \"%s\" does not end in .png", o->output);
        return EXIT_OK;
    }
    lr_error err = {0};
    if (lr_video_format_from_path(o->output, &o->format, &err) != LR_OK)
        return usage_error("%s", err.message);
    if (o->transparent && o->format != LR_VIDEO_FORMAT_MOV)
        return usage_error("--transparent needs a format that keeps alpha: -o OUT.mov, not \"%s\"", o->output);
    if (o->hevc && o->format != LR_VIDEO_FORMAT_MP4)
        return usage_error("--hevc is for .mp4, not \"%s\"", o->output);
    if (o->soft_subs && o->format != LR_VIDEO_FORMAT_MP4 && o->format != LR_VIDEO_FORMAT_MOV)
        return usage_error("--soft-subs puts a mov_text track into an .mp4 or .mov, not \"%s\"", o->output);
    return EXIT_OK;
}

static int parse_args(int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    o->orientation = -1;
    o->vocabulary = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED_VALUE()                                                                                          \
    do {                                                                                                      \
        if (!next)                                                                                            \
            return usage_error("%s needs a value", a);                                                        \
        i++;                                                                                                  \
    } while (0)
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage_text, stdout);
            exit(EXIT_OK);
        } else if (!strcmp(a, "--version")) {
            printf("c2v-render %s (librender %s)\n", lr_version(), lr_version());
            exit(EXIT_OK);
        } else if (!strcmp(a, "-s") || !strcmp(a, "--last-frame")) {
            o->last_frame = true;
        } else if (!strcmp(a, "--transparent")) {
            o->transparent = true;
        } else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
            o->verbose = true;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            NEED_VALUE();
            o->output = next;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quality")) {
            NEED_VALUE();
            if (strlen(next) != 1 || !strchr("lmhk", next[0]))
                return usage_error("-q takes l, m, h or k, not \"%s\"", next);
            o->quality = next;
        } else if (!strcmp(a, "--portrait")) {
            o->orientation = 1;
        } else if (!strcmp(a, "--landscape")) {
            o->orientation = 0;
        } else if (!strcmp(a, "--fps")) {
            NEED_VALUE();
            if (!parse_int(next, 1, 240, &o->fps))
                return usage_error("--fps takes a whole number from 1 to 240, not \"%s\"", next);
        } else if (!strcmp(a, "-j") || !strcmp(a, "--jobs")) {
            NEED_VALUE();
            if (!parse_int(next, 1, 64, &o->jobs))
                return usage_error("--jobs takes a whole number from 1 to 64, not \"%s\"", next);
        } else if (!strcmp(a, "--encoder")) {
            NEED_VALUE();
            o->encoder = next;
        } else if (!strcmp(a, "--encoder-options")) {
            NEED_VALUE();
            o->encoder_options = next;
        } else if (!strcmp(a, "--every-frame")) {
            o->every_frame = true;
        } else if (!strcmp(a, "--hevc")) {
            o->hevc = true;
        } else if (!strcmp(a, "--section")) {
            NEED_VALUE();
            o->section = next;
        } else if (!strcmp(a, "--frame")) {
            NEED_VALUE();
            char *end;
            o->frame_time = strtod(next, &end);
            if (end == next || *end || !(o->frame_time >= 0))
                return usage_error("--frame takes a time in seconds, not \"%s\"", next);
            o->have_frame = true;
        } else if (!strcmp(a, "--png-sequence")) {
            NEED_VALUE();
            o->png_pattern = next;
        } else if (!strcmp(a, "--check")) {
            o->check = true;
        } else if (!strcmp(a, "--schema")) {
            o->vocabulary = LR_SPEC_FORMAT_SCHEMA;
        } else if (!strcmp(a, "--reference")) {
            NEED_VALUE();
            if (!strcmp(next, "markdown"))
                o->vocabulary = LR_SPEC_FORMAT_MARKDOWN;
            else if (!strcmp(next, "prompt"))
                o->vocabulary = LR_SPEC_FORMAT_PROMPT;
            else
                return usage_error("--reference takes markdown or prompt, not \"%s\"", next);
        } else if (!strcmp(a, "--layout-report")) {
            o->layout_report = true;
        } else if (!strcmp(a, "--preview")) {
            o->preview = true;
        } else if (!strcmp(a, "--readback")) {
            NEED_VALUE();
            static const char *const names[] = {"auto", "yuv", "rgba", "sync"};
            static const lr_video_readback modes[] = {LR_VIDEO_READBACK_AUTO, LR_VIDEO_READBACK_YUV,
                                                      LR_VIDEO_READBACK_RGBA, LR_VIDEO_READBACK_SYNC};
            size_t m = 0;
            while (m < 4 && strcmp(next, names[m]) != 0)
                m++;
            if (m == 4)
                return usage_error("unknown readback \"%s\" (auto, yuv, rgba, sync)", next);
            o->readback = modes[m];
        } else if (!strcmp(a, "--backend")) {
            NEED_VALUE();
            if (!lr_backend_parse(next, &o->backend))
                return usage_error("unknown backend \"%s\" (auto, egl-device, egl-surfaceless, glfw)", next);
        } else if (!strcmp(a, "--samples")) {
            NEED_VALUE();
            if (!parse_int(next, 0, 16, &o->samples))
                return usage_error("--samples takes 0 to 16, not \"%s\"", next);
        } else if (!strcmp(a, "--disable_caching") || !strcmp(a, "--disable-caching")) {
            o->no_cache = true;
        } else if (!strcmp(a, "--flush_cache") || !strcmp(a, "--flush-cache")) {
            o->flush_cache = true;
        } else if (!strcmp(a, "--cache-dir")) {
            NEED_VALUE();
            o->cache_dir = next;
        } else if (!strcmp(a, "--cache-size")) {
            NEED_VALUE();
            if (!parse_size(next, &o->cache_size))
                return usage_error("--cache-size takes a size of at least 1M (500M, 4G), not \"%s\"", next);
        } else if (!strcmp(a, "--timings")) {
            NEED_VALUE();
            o->timings_path = next;
        } else if (!strcmp(a, "--keep-clips")) {
            o->keep_clips = true;
        } else if (!strcmp(a, "--quiet")) {
            o->quiet = true;
        } else if (!strcmp(a, "--no-audio")) {
            o->no_audio = true;
        } else if (!strcmp(a, "--soft-subs")) {
            o->soft_subs = true;
        } else if (!strcmp(a, "--voice")) {
            NEED_VALUE();
            o->voice = next;
        } else if (!strcmp(a, "--tts-command")) {
            NEED_VALUE();
            o->tts_command = next;
        } else if (!strcmp(a, "--speech-rate")) {
            NEED_VALUE();
            if (!parse_int(next, 80, 450, &o->speech_rate))
                return usage_error("--speech-rate takes 80 to 450 words per minute, not \"%s\"", next);
        } else if (!strcmp(a, "--speech-fit")) {
            NEED_VALUE();
            if (!strcmp(next, "wait"))
                o->speech_fit = LR_SPEECH_WAIT;
            else if (!strcmp(next, "stretch"))
                o->speech_fit = LR_SPEECH_STRETCH;
            else
                return usage_error("--speech-fit takes wait or stretch, not \"%s\"", next);
        } else if (!strcmp(a, "--loudness")) {
            NEED_VALUE();
            char *end;
            o->loudness = strtod(next, &end);
            if (end == next || *end || !(o->loudness >= -70 && o->loudness <= -5))
                return usage_error("--loudness takes a level from -70 to -5 LUFS, not \"%s\"", next);
        } else if (a[0] == '-' && a[1]) {
            return unknown_option(a);
        } else if (!o->spec_path) {
            o->spec_path = a;
        } else {
            return usage_error("more than one scene file (\"%s\")", a);
        }
#undef NEED_VALUE
    }
    if (o->vocabulary >= 0)
        return EXIT_OK;
    if (!o->spec_path)
        return usage_error("%s", "no scene file given");
    if (!o->check && !o->layout_report && !o->preview && !o->png_pattern && !o->output)
        return usage_error("%s", "no output given (-o OUT.mp4)");
    return check_output(o);
}

/* -q and --portrait/--landscape: the preset's size, in the asked orientation
 * (or the spec's). */
static void apply_size(const options *o, const lr_spec *spec, lr_video_options *vo)
{
    lr_spec_meta meta = lr_spec_get_meta(spec);
    int w = meta.width, h = meta.height, fps = meta.fps;
    if (o->quality) {
        switch (o->quality[0]) {
        case 'l': w = 854, h = 480, fps = 15; break;
        case 'm': w = 1280, h = 720, fps = 30; break;
        case 'h': w = 1920, h = 1080, fps = 60; break;
        default: w = 3840, h = 2160, fps = 60; break;
        }
        if (meta.orientation == LR_PORTRAIT) {
            int t = w;
            w = h, h = t;
        }
    }
    if (o->orientation >= 0 && ((o->orientation == 1) != (h > w))) {
        int t = w;
        w = h, h = t;
    }
    vo->width = w;
    vo->height = h;
    vo->fps = o->fps ? o->fps : fps;
}

typedef struct cli_state {
    progress_display display;
    const lr_video_options *vo;
    bool quiet, report_printed;
} cli_state;

static int exit_for(lr_status s)
{
    switch (s) {
    case LR_OK: return EXIT_OK;
    case LR_ERR_SPEC: return EXIT_SPEC;
    case LR_ERR_ENCODER: return EXIT_ENCODER;
    case LR_ERR_NO_CONTEXT: return EXIT_GL;
    case LR_ERR_CANCELLED: return EXIT_CANCELLED;
    default: return EXIT_RENDER;
    }
}

/* {"sections": [report of each section]} on stdout. */
static int print_layout_report(const lr_spec *spec, const lr_video_options *vo, const char *only)
{
    lr_layout_options lo = {.pixel_width = vo->width, .pixel_height = vo->height};
    if (only) {
        lr_error err;
        if (lr_spec_section_find(spec, only, NULL, &err) != LR_OK) {
            fprintf(stderr, "c2v-render: %s\n", err.message);
            return EXIT_USAGE;
        }
    }
    fputs("{\"sections\": [", stdout);
    bool first = true;
    for (size_t i = 0; i < lr_spec_section_count(spec); i++) {
        if (only && strcmp(only, lr_spec_section_id(spec, i)) != 0)
            continue;
        lr_error err = {0};
        char *json = lr_spec_layout_report_json(spec, i, &lo, &err);
        if (!json) {
            fprintf(stderr, "c2v-render: section \"%s\": %s\n", lr_spec_section_id(spec, i),
                    err.message[0] ? err.message : "out of memory");
            return exit_for(err.status ? err.status : LR_ERR_NOMEM);
        }
        printf("%s\n%s", first ? "" : ",", json);
        first = false;
        free(json);
    }
    fputs("]}\n", stdout);
    return EXIT_OK;
}

/* A scene file that is not there (or cannot be read) has its own exit
 * status, told apart from one that is there but invalid. */
static int check_input(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || access(path, R_OK) != 0) {
        fprintf(stderr, "c2v-render: %s: %s\n", path, errno == ENOENT ? "no such file" : strerror(errno));
        return EXIT_NO_INPUT;
    }
    if (S_ISDIR(st.st_mode)) {
        fprintf(stderr, "c2v-render: %s: a folder, not a scene file\n", path);
        return EXIT_NO_INPUT;
    }
    return EXIT_OK;
}

/* -s: the frame at the end of the video (or of the section asked for), as
 * Manim's -s saves the scene's last state. */
static double last_frame_time(const lr_spec *spec, const char *section)
{
    size_t index;
    if (section && lr_spec_section_find(spec, section, &index, NULL) == LR_OK)
        return lr_spec_section_duration(spec, index);
    return lr_spec_duration(spec);
}

static bool on_progress(const lr_video_progress *p, void *user)
{
    cli_state *st = user;
    /* The encoder is chosen when the first clip opens: say which, once. */
    if (!st->quiet && !st->report_printed && st->vo->encoder_report[0]) {
        fprintf(stderr, "encoder: %s\n", st->vo->encoder_report);
        st->report_printed = true;
    }
    if (!st->quiet)
        progress_show(&st->display, p);
    return !stop_requested;
}

int main(int argc, char **argv)
{
    cli_timings times = {.main_at = timings_now()};
    /* Freed memory stays with the process for the next clip's encoder and
     * frame queue: on a VM a fresh page costs a fault, and faults were some
     * 6 % of the CPU time (docs/encoding.md, "Memory"). */
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    options o;
    int rc = parse_args(argc, argv, &o);
    if (rc != EXIT_OK)
        return rc;
    if (o.vocabulary >= 0) {
        char *text = NULL;
        lr_error err = {0};
        if (lr_spec_vocabulary((lr_spec_format)o.vocabulary, &text, &err) != LR_OK) {
            fprintf(stderr, "c2v-render: %s\n", err.message);
            return EXIT_RENDER;
        }
        fputs(text, stdout);
        if (text[0] && text[strlen(text) - 1] != '\n')
            fputc('\n', stdout);
        free(text);
        return EXIT_OK;
    }
    /* FFmpeg's own messages: its warnings and errors by default, none when
     * quiet (its errors come back in librender's messages), its
     * informational ones too when verbose. */
    lr_log_set_level(o.quiet ? LR_LOG_QUIET : o.verbose ? LR_LOG_INFO : LR_LOG_WARNING);
    rc = check_input(o.spec_path);
    if (rc != EXIT_OK)
        return rc;

    /* The preview's window loop has no way to cancel: there, signals keep
     * their default action. Elsewhere they are caught from the start, since
     * the spec itself may be a FIFO that nobody writes. */
    if (!o.preview)
        catch_signals(on_signal);
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    double t0 = timings_now();
    lr_status s = lr_spec_load_file(o.spec_path, &spec, errs);
    times.spec_load_s = timings_now() - t0;
    if (s != LR_OK) {
        if (stop_requested) {
            lr_spec_errors_destroy(errs);
            return stopped();
        }
        fputs(lr_spec_errors_joined(errs), stderr);
        if (lr_spec_errors_count(errs) == 0)
            fprintf(stderr, "%s: %s\n", o.spec_path, lr_strerror(s));
        lr_spec_errors_destroy(errs);
        return s == LR_ERR_SPEC || s == LR_ERR_LIMIT ? EXIT_SPEC : EXIT_RENDER;
    }
    lr_spec_errors_destroy(errs);
    if (stop_requested) {
        lr_spec_destroy(spec);
        return stopped();
    }
    if (o.check || o.layout_report) {
        /* Building has no way to cancel either: a signal ends it at once
         * (nothing is written but the LaTeX cache, whose files are renamed
         * into place). */
        catch_signals(SIG_DFL);
    }
    if (o.check) {
        errs = lr_spec_errors_create();
        s = errs ? lr_spec_check(spec, errs) : LR_ERR_NOMEM;
        if (s == LR_OK)
            printf("%s: valid, %zu sections, %.3f s\n", o.spec_path, lr_spec_section_count(spec),
                   lr_spec_duration(spec));
        else if (s == LR_ERR_SPEC)
            fputs(lr_spec_errors_joined(errs), stderr);
        else
            fprintf(stderr, "c2v-render: %s\n", lr_strerror(s));
        lr_spec_errors_destroy(errs);
        lr_spec_destroy(spec);
        return s == LR_OK ? EXIT_OK : s == LR_ERR_SPEC ? EXIT_SPEC : EXIT_RENDER;
    }

    if (o.layout_report) {
        lr_video_options sized = lr_video_options_default();
        apply_size(&o, spec, &sized);
        rc = print_layout_report(spec, &sized, o.section);
        lr_spec_destroy(spec);
        return rc;
    }

    if (o.preview) {
        lr_video_options sized = lr_video_options_default();
        apply_size(&o, spec, &sized);
        lr_preview_options po = lr_preview_options_default();
        po.width = sized.width;
        po.height = sized.height;
        po.fps = sized.fps;
        po.samples = o.samples;
        po.quiet = o.quiet;
        lr_spec_destroy(spec);
        lr_error perr = {0};
        s = lr_preview_run_file(o.spec_path, &po, &perr);
        if (s != LR_OK)
            fprintf(stderr, "c2v-render: %s\n", perr.message[0] ? perr.message : lr_strerror(s));
        return exit_for(s);
    }

    /* A file-size limit (ulimit -f) would kill us mid-write; ignored, the
     * write fails with EFBIG like a full disk, and the usual error path
     * reports it and removes the partial file. */
    signal(SIGXFSZ, SIG_IGN);

    lr_video_options vo = lr_video_options_default();
    apply_size(&o, spec, &vo);
    vo.backend = o.backend;
    vo.samples = o.samples;
    vo.readback = o.readback;
    vo.encoder = o.encoder;
    vo.encoder_options = o.encoder_options;
    vo.codec = o.hevc ? LR_CODEC_HEVC : LR_CODEC_H264;
    vo.format = o.format;
    vo.transparent = o.transparent;
    vo.section_id = o.section;
    vo.keep_clips = o.keep_clips;
    vo.every_frame = o.every_frame;
    vo.cache = !o.no_cache;
    vo.cache_dir = o.cache_dir;
    vo.cache_max_bytes = o.cache_size;
    vo.cache_flush = o.flush_cache;
    vo.jobs = o.jobs;
    /* A still has no sound, and neither has a GIF: no speech to fit. */
    vo.narrate = !o.no_audio && !o.last_frame && o.format != LR_VIDEO_FORMAT_GIF;
    if (!o.no_audio && !o.quiet && !o.have_frame && !o.last_frame && !o.png_pattern && o.format == LR_VIDEO_FORMAT_GIF)
        fprintf(stderr, "c2v-render: a GIF has no sound: rendering without narration, timed as the spec says\n");
    vo.voice = o.voice;
    vo.speech_rate = o.speech_rate;
    vo.tts_engine = o.tts_command ? "command" : NULL;
    vo.tts_command = o.tts_command;
    vo.speech_fit = o.speech_fit;
    vo.loudness_lufs = o.loudness;
    vo.subtitle_track = o.soft_subs;
    cli_state st = {.vo = &vo, .quiet = o.quiet};
    progress_init(&st.display, stderr);
    vo.progress = on_progress;
    vo.user = &st;

    lr_error err = {0};
    t0 = timings_now();
    if (o.have_frame || o.last_frame) {
        lr_image img = {0};
        double t = o.last_frame ? last_frame_time(spec, o.section) : o.frame_time;
        s = lr_video_render_frame(spec, t, &vo, &img, &err);
        if (s == LR_OK)
            s = lr_image_write_png(&img, o.output, &err);
        lr_image_free(&img);
        if (s == LR_OK)
            printf("%s\n", o.output);
    } else if (o.png_pattern) {
        s = lr_video_render_png_sequence(spec, o.png_pattern, &vo, &err);
        if (!o.quiet)
            progress_finish(&st.display, s == LR_OK);
    } else {
        s = lr_video_render(spec, o.output, &vo, &err);
        if (!o.quiet)
            progress_finish(&st.display, s == LR_OK);
        if (s == LR_OK && !o.quiet && vo.cache && !o.section)
            fprintf(stderr, "sections: %lld encoded, %lld from the cache\n", (long long)vo.sections_encoded,
                    (long long)vo.sections_cached);
        if (s == LR_OK)
            printf("%s\n", o.output);
    }
    times.render_s = timings_now() - t0;
    t0 = timings_now();
    lr_spec_destroy(spec);
    times.spec_free_s = timings_now() - t0;
    if (o.verbose)
        timings_print(stderr, &times, &vo);
    if (o.timings_path && !timings_write(o.timings_path, &times, &vo)) {
        fprintf(stderr, "c2v-render: cannot write the timings to %s: %s\n", o.timings_path, strerror(errno));
        if (s == LR_OK)
            return EXIT_RENDER;
    }
    /* A signal that came once the output was complete changes nothing. */
    if (s != LR_OK && stop_requested)
        return stopped();
    if (s != LR_OK)
        fprintf(stderr, "c2v-render: %s\n", err.message[0] ? err.message : lr_strerror(s));
    return exit_for(s);
}
