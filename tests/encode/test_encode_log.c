/* FFmpeg's log lines go through lr_log: to the caller's callback when one is
 * set, filtered by level, whole lines only; by default only warnings and
 * errors reach stderr, and x264's closing statistics (info) do not. */
#include "enc_util.h"

#include <fcntl.h>
#include <libavutil/log.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define W 160
#define H 96
#define FPS 15

typedef struct seen {
    int lines, info_lines, x264_lines;
    char last[512], last_source[64];
    lr_log_level last_level;
} seen;

static void collect(lr_log_level level, const char *source, const char *message, void *user)
{
    seen *s = user;
    s->lines++;
    if (level == LR_LOG_INFO)
        s->info_lines++;
    if (strcmp(source, "libx264") == 0)
        s->x264_lines++;
    snprintf(s->last, sizeof s->last, "%s", message);
    snprintf(s->last_source, sizeof s->last_source, "%s", source);
    s->last_level = level;
}

static void encode_a_clip(const char *name)
{
    char path[1024], rel[256];
    snprintf(rel, sizeof rel, "tests/encode/%s", name);
    lrt_build_path(path, sizeof path, rel);
    lr_encoder_desc d = lr_encoder_desc_default(path, W, H, FPS);
    d.encoder = "libx264";
    lr_error err = {0};
    LRT_CHECK_OK(enc_write_clip(&d, 0, 5, NULL, 0, &err));
    remove(path);
}

static void test_callback_and_level(void)
{
    seen s = {0};
    lr_log_set_callback(collect, &s);
    /* At "info", x264's statistics (logged when the encoder closes, through
     * the codec context) arrive, named by their source. */
    lr_log_set_level(LR_LOG_INFO);
    LRT_CHECK(lr_log_get_level() == LR_LOG_INFO);
    encode_a_clip("log_info.mp4");
    LRT_CHECK_MSG(s.x264_lines > 0, "no line from libx264 (%d lines, last \"%s\" from %s)", s.lines, s.last,
                  s.last_source);
    LRT_CHECK(s.info_lines > 0);

    /* At the default level the same encode delivers none of them. */
    s = (seen){0};
    lr_log_set_level(LR_LOG_WARNING);
    encode_a_clip("log_warning.mp4");
    LRT_CHECK_MSG(s.info_lines == 0 && s.x264_lines == 0, "%d info lines at \"warning\" (last \"%s\")", s.info_lines,
                  s.last);

    /* A line logged in pieces is delivered once, whole, without its newline. */
    s = (seen){0};
    av_log(NULL, AV_LOG_WARNING, "first half, ");
    LRT_CHECK(s.lines == 0);
    av_log(NULL, AV_LOG_WARNING, "second half\n");
    LRT_CHECK(s.lines == 1);
    LRT_CHECK_MSG(strcmp(s.last, "first half, second half") == 0, "got \"%s\"", s.last);
    LRT_CHECK(strcmp(s.last_source, "ffmpeg") == 0);
    LRT_CHECK(s.last_level == LR_LOG_WARNING);

    /* Quiet: nothing, not even errors. */
    s = (seen){0};
    lr_log_set_level(LR_LOG_QUIET);
    av_log(NULL, AV_LOG_ERROR, "an error\n");
    LRT_CHECK(s.lines == 0);

    /* The application's own av_log_set_level still holds. */
    lr_log_set_level(LR_LOG_DEBUG);
    av_log_set_level(AV_LOG_ERROR);
    av_log(NULL, AV_LOG_WARNING, "a warning FFmpeg's level drops\n");
    LRT_CHECK(s.lines == 0);
    av_log(NULL, AV_LOG_ERROR, "an error it keeps\n");
    LRT_CHECK(s.lines == 1);
    av_log_set_level(AV_LOG_INFO);
    lr_log_set_level(LR_LOG_WARNING);
    lr_log_set_callback(NULL, NULL);
}

/* With no callback, warnings go to stderr as "[source] message"; info does
 * not, and neither does anything of an encode that goes well. */
static void test_default_stderr(void)
{
    char path[1024];
    lrt_build_path(path, sizeof path, "tests/encode/log_stderr.txt");
    fflush(stderr);
    int saved = dup(2);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    LRT_CHECK(saved >= 0 && fd >= 0);
    if (saved < 0 || fd < 0)
        return;
    dup2(fd, 2);
    close(fd);
    /* The first encode installs the router; the lines after it go through it. */
    encode_a_clip("log_default.mp4");
    av_log(NULL, AV_LOG_INFO, "info-line-not-shown\n");
    av_log(NULL, AV_LOG_WARNING, "warning-line-shown\n");
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    char text[8192] = "";
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
    text[n] = '\0';
    if (f)
        fclose(f);
    LRT_CHECK_MSG(strstr(text, "[ffmpeg] warning-line-shown\n") != NULL, "stderr: \"%s\"", text);
    LRT_CHECK_MSG(strstr(text, "info-line-not-shown") == NULL, "stderr: \"%s\"", text);
    LRT_CHECK_MSG(strstr(text, "libx264") == NULL && strstr(text, "kb/s") == NULL, "stderr: \"%s\"", text);
    LRT_CHECK(strcmp(lr_log_level_name(LR_LOG_WARNING), "warning") == 0);
}

int main(void)
{
    test_default_stderr();
    test_callback_and_level();
    return lrt_finish("encode_log");
}
