/* Failures must be clear errors that leave nothing under the final name: an
 * encoder that cannot open, a folder that does not exist, a write that fails
 * half-way, an abort, and a process killed half-way. */
#include "enc_util.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define W 320
#define H 240
#define FPS 15

static void out_path(char *buf, size_t size, const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/encode/%s", name);
    lrt_build_path(buf, size, rel);
    remove(buf);
}

static void test_explicit_nvenc(void)
{
    char path[1024];
    out_path(path, sizeof path, "nvenc.mp4");
    lr_encoder_desc d = lr_encoder_desc_default(path, W, H, FPS);
    d.encoder = "nvenc";
    lr_encoder *enc = NULL;
    lr_error err = {0};
    lr_status st = lr_encoder_open(&d, &enc, &err);
    if (st == LR_OK) { /* a machine with NVENC: then it must simply work */
        printf("nvenc opened here: %s\n", lr_encoder_report(enc));
        LRT_CHECK(strcmp(lr_encoder_name(enc), "h264_nvenc") == 0);
        lr_encoder_abort(enc);
        LRT_CHECK(!enc_file_exists(path) && !enc_part_exists(path));
        return;
    }
    printf("nvenc: %s\n", err.message);
    LRT_CHECK(st == LR_ERR_ENCODER && err.status == LR_ERR_ENCODER);
    LRT_CHECK(enc == NULL);
    LRT_CHECK_MSG(strstr(err.message, "h264_nvenc") && strstr(err.message, path), "%s", err.message);
    LRT_CHECK_MSG(strstr(err.message, "libcuda") || strstr(err.message, "NVIDIA") || strstr(err.message, "NVENC"),
                  "no reason in: %s", err.message);
    LRT_CHECK(!enc_file_exists(path));
    LRT_CHECK(!enc_part_exists(path));

    /* The same for HEVC and for VAAPI. */
    d.codec = LR_CODEC_HEVC;
    st = lr_encoder_open(&d, &enc, &err);
    if (st == LR_OK)
        lr_encoder_abort(enc);
    else
        LRT_CHECK_MSG(strstr(err.message, "hevc_nvenc") != NULL, "%s", err.message);
    d.codec = LR_CODEC_H264;
    d.encoder = "vaapi";
    st = lr_encoder_open(&d, &enc, &err);
    if (st == LR_OK) {
        lr_encoder_abort(enc);
    } else {
        LRT_CHECK(st == LR_ERR_ENCODER);
        LRT_CHECK_MSG(strstr(err.message, "h264_vaapi") && strstr(err.message, "VA-API"), "%s", err.message);
    }
    LRT_CHECK(!enc_file_exists(path) && !enc_part_exists(path));
}

static void test_bad_descriptions(void)
{
    char path[1024];
    out_path(path, sizeof path, "bad.mp4");
    lr_encoder *enc = NULL;
    lr_error err = {0};
    lr_encoder_desc d = lr_encoder_desc_default(path, 321, 240, FPS);
    LRT_CHECK_STATUS(lr_encoder_open(&d, &enc, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "321x240") != NULL);
    d = lr_encoder_desc_default(path, W, H, 0);
    LRT_CHECK_STATUS(lr_encoder_open(&d, &enc, &err), LR_ERR_INVALID_ARG);
    d = lr_encoder_desc_default(path, W, H, FPS);
    d.encoder = "x265"; /* with codec H.264 */
    LRT_CHECK_STATUS(lr_encoder_open(&d, &enc, &err), LR_ERR_INVALID_ARG);
    d.encoder = "no_such_encoder";
    LRT_CHECK_STATUS(lr_encoder_open(&d, &enc, &err), LR_ERR_ENCODER);
    LRT_CHECK_MSG(strstr(err.message, "not in this FFmpeg build") != NULL, "%s", err.message);
    d.encoder = "aac"; /* an audio encoder */
    LRT_CHECK_STATUS(lr_encoder_open(&d, &enc, &err), LR_ERR_ENCODER);
    LRT_CHECK_STATUS(lr_encoder_open(NULL, &enc, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(enc == NULL);
    LRT_CHECK(!enc_file_exists(path) && !enc_part_exists(path));
    LRT_CHECK_STATUS(lr_encoder_finish(NULL, NULL, &err), LR_ERR_INVALID_ARG);
    lr_encoder_abort(NULL);
}

static void test_missing_folder(void)
{
    char path[1024];
    out_path(path, sizeof path, "no/such/folder/out.mp4");
    lr_encoder_desc d = lr_encoder_desc_default(path, W, H, FPS);
    lr_encoder *enc = NULL;
    lr_error err = {0};
    LRT_CHECK_STATUS(lr_encoder_open(&d, &enc, &err), LR_ERR_IO);
    printf("missing folder: %s\n", err.message);
    LRT_CHECK(strstr(err.message, "No such file or directory") != NULL);
    LRT_CHECK(!enc_file_exists(path));
}

static void test_abort(void)
{
    char path[1024];
    out_path(path, sizeof path, "aborted.mp4");
    lr_encoder_desc d = lr_encoder_desc_default(path, W, H, FPS);
    lr_encoder *enc = NULL;
    lr_error err = {0};
    LRT_CHECK_OK(lr_encoder_open(&d, &enc, &err));
    if (!enc)
        return;
    LRT_CHECK(enc_part_exists(path)); /* written beside the final name... */
    LRT_CHECK(!enc_file_exists(path)); /* ...which does not exist yet */
    uint8_t *px = malloc((size_t)W * H * 4);
    for (int k = 0; k < 20; k++) {
        enc_frame_make(px, W, H, k);
        LRT_CHECK_OK(lr_encoder_push_rgba(enc, px, W * 4, &err));
    }
    free(px);
    lr_encoder_abort(enc);
    LRT_CHECK(!enc_file_exists(path));
    LRT_CHECK(!enc_part_exists(path));

    /* Finishing with no frame at all is an error too, not an empty file. */
    LRT_CHECK_OK(lr_encoder_open(&d, &enc, &err));
    if (!enc)
        return;
    LRT_CHECK_STATUS(lr_encoder_finish(enc, NULL, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "no frames") != NULL);
    LRT_CHECK(!enc_file_exists(path));
    LRT_CHECK(!enc_part_exists(path));
}

/* A child whose files may not grow past 64 KiB (SIGXFSZ ignored, so write
 * fails with EFBIG as on a full disk). Noise frames do not compress. */
static void test_write_failure(void)
{
    char path[1024];
    out_path(path, sizeof path, "too_big.mp4");
    int fds[2];
    LRT_CHECK(pipe(fds) == 0);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = {64 * 1024, 64 * 1024};
        setrlimit(RLIMIT_FSIZE, &rl);
        lr_encoder_desc d = lr_encoder_desc_default(path, W, H, FPS);
        d.preset = "ultrafast";
        lr_encoder *enc;
        lr_error err = {0};
        lr_status st = lr_encoder_open(&d, &enc, &err);
        uint8_t *px = malloc((size_t)W * H * 4);
        uint32_t seed = 1;
        for (int k = 0; k < 300 && st == LR_OK; k++) {
            for (size_t i = 0; i < (size_t)W * H * 4; i++) {
                seed = seed * 1664525u + 1013904223u;
                px[i] = (uint8_t)(seed >> 24);
            }
            st = lr_encoder_push_rgba(enc, px, W * 4, &err);
        }
        if (st == LR_OK)
            st = lr_encoder_finish(enc, NULL, &err);
        else
            lr_encoder_abort(enc);
        free(px);
        char msg[1100];
        int n = snprintf(msg, sizeof msg, "%d %s", (int)st, err.message);
        if (write(fds[1], msg, (size_t)n) < 0)
            _exit(3);
        _exit(0);
    }
    close(fds[1]);
    char msg[1100] = "";
    ssize_t got = 0, r;
    while ((r = read(fds[0], msg + got, sizeof msg - 1 - (size_t)got)) > 0)
        got += r;
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    printf("write failure: %s\n", msg);
    LRT_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    LRT_CHECK_MSG(atoi(msg) == (int)LR_ERR_IO, "status %d", atoi(msg));
    LRT_CHECK_MSG(strstr(msg, "File too large") != NULL, "%s", msg);
    LRT_CHECK(!enc_file_exists(path));
    LRT_CHECK(!enc_part_exists(path));
}

/* SIGKILL half-way: the final name must not exist; only the child's .part
 * file may be left. */
static void test_killed(void)
{
    char path[1024];
    out_path(path, sizeof path, "killed.mp4");
    int fds[2];
    LRT_CHECK(pipe(fds) == 0);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        lr_encoder_desc d = lr_encoder_desc_default(path, W, H, FPS);
        lr_encoder *enc;
        if (lr_encoder_open(&d, &enc, NULL) != LR_OK)
            _exit(2);
        uint8_t *px = malloc((size_t)W * H * 4);
        for (int k = 0; k < 100000; k++) {
            enc_frame_make(px, W, H, k % 60);
            if (lr_encoder_push_rgba(enc, px, W * 4, NULL) != LR_OK)
                _exit(3);
            if (k == 30 && write(fds[1], "x", 1) != 1)
                _exit(4);
            usleep(2000);
        }
        _exit(5);
    }
    close(fds[1]);
    char c = 0;
    LRT_CHECK(read(fds[0], &c, 1) == 1);
    close(fds[0]);
    usleep(100 * 1000);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    LRT_CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    LRT_CHECK(!enc_file_exists(path));
    char part[1100];
    snprintf(part, sizeof part, "%s.part-%ld", path, (long)pid);
    LRT_CHECK_MSG(enc_file_exists(part), "expected the killed child's %s", part);
    remove(part);
}

int main(void)
{
    test_explicit_nvenc();
    test_bad_descriptions();
    test_missing_folder();
    test_abort();
    test_write_failure();
    test_killed();
    return lrt_finish("encode_errors");
}
