/* Narration is text a model wrote; the speech engines must only speak it
 * (docs/hardening.md, "Programs c2v starts").
 *  - espeak-ng obeys its embedded commands (\001 then 450S for speed, Vname
 *    for another voice) whatever the flags: c2v replaces the control
 *    character, so the text with it sounds like the text with a space
 *    there.
 *  - SSML stays off: an SSML comment is spoken as words, not skipped.
 *  - The command engine gets the text on stdin only, never in its
 *    arguments or environment, and its time limit ends everything the
 *    command started, not just the shell. */
#include "lrtest.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static lr_pcm speak(lr_tts *tts, const char *text)
{
    lr_pcm p = {0};
    lr_error err = {0};
    LRT_CHECK_MSG(lr_tts_synthesize(tts, text, &p, &err) == LR_OK, "%s", err.message);
    return p;
}

static void test_espeak(void)
{
    lr_tts *tts = NULL;
    lr_error err = {0};
    lr_tts_desc d = lr_tts_desc_default();
    LRT_CHECK_OK(lr_tts_create(&d, &tts, &err));
    if (!tts)
        return;
    lr_pcm commanded = speak(tts, "We draw the square \001" "450S on the longest side, and then \001" "80S the other two.");
    lr_pcm spaced = speak(tts, "We draw the square  450S on the longest side, and then  80S the other two.");
    printf("with control characters %.3f s, with spaces %.3f s\n", lr_pcm_duration(&commanded),
           lr_pcm_duration(&spaced));
    /* espeak-ng varies by a few samples from run to run; obeyed, 450S
     * makes the first half three times as fast (3.0 s against 9.8 s) */
    double a = lr_pcm_duration(&commanded), b = lr_pcm_duration(&spaced);
    LRT_CHECK_MSG(b > 3.0 && fabs(a - b) < 0.02 * b,
                  "espeak-ng obeyed an embedded command in the narration (%.3f s, %.3f s with spaces)", a, b);
    lr_pcm_free(&commanded);
    lr_pcm_free(&spaced);

    lr_pcm comment = speak(tts, "<!-- hello there, this is spoken -->");
    LRT_CHECK_MSG(lr_pcm_duration(&comment) > 0.5, "an SSML comment was skipped (%.3f s): SSML is on",
                  lr_pcm_duration(&comment));
    lr_pcm_free(&comment);
    lr_tts_destroy(tts);
}

static bool alive(pid_t pid)
{
    char path[64], buf[256];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    const char *close_paren = strrchr(buf, ')');
    return close_paren && close_paren[1] == ' ' && close_paren[2] != 'Z' && close_paren[2] != 'X';
}

static void test_command(void)
{
    char dir[512], cmd[4096];
    lrt_build_path(dir, sizeof dir, "tests/audio/tts-hostile");
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && rm -f '%s'/*", dir, dir);
    LRT_CHECK(system(cmd) == 0);

    /* where the text goes */
    lr_tts_desc d = lr_tts_desc_default();
    d.engine = "command";
    snprintf(cmd, sizeof cmd,
             "cat > '%s/stdin.txt'; printf '%%s\\n' \"$0\" \"$@\" > '%s/args.txt'; env > '%s/env.txt'; "
             "espeak-ng --stdin -w \"$1\" < '%s/stdin.txt'",
             dir, dir, dir, dir);
    d.command = cmd;
    lr_tts *tts = NULL;
    lr_error err = {0};
    LRT_CHECK_OK(lr_tts_create(&d, &tts, &err));
    if (tts) {
        const char *text = "Narration zqxjk with $(id) and `id` and \"quotes\"";
        lr_pcm p = speak(tts, text);
        LRT_CHECK(lr_pcm_duration(&p) > 0.5);
        lr_pcm_free(&p);
        char path[1200], buf[4096];
        static const char *const files[] = {"stdin.txt", "args.txt", "env.txt"};
        for (int i = 0; i < 3; i++) {
            snprintf(path, sizeof path, "%s/%s", dir, files[i]);
            FILE *f = fopen(path, "rb");
            size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
            buf[n] = 0;
            if (f)
                fclose(f);
            LRT_CHECK_MSG(f != NULL, "the command did not write %s", files[i]);
            if (i == 0)
                LRT_CHECK_MSG(strcmp(buf, text) == 0, "stdin held \"%s\"", buf);
            else
                LRT_CHECK_MSG(!strstr(buf, "zqxjk"), "the narration reached the command's %s", files[i]);
        }
        lr_tts_destroy(tts);
    }

    /* the time limit ends what the command started */
    char pidfile[1200];
    snprintf(pidfile, sizeof pidfile, "%s/child.pid", dir);
    snprintf(cmd, sizeof cmd, "sleep 30 & echo $! > '%s'; wait", pidfile);
    d.command = cmd;
    d.timeout_s = 1;
    LRT_CHECK_OK(lr_tts_create(&d, &tts, &err));
    if (tts) {
        lr_pcm p = {0};
        LRT_CHECK_STATUS(lr_tts_synthesize(tts, "x", &p, &err), LR_ERR_IO);
        LRT_CHECK(strstr(err.message, "limit") != NULL);
        lr_tts_destroy(tts);
        FILE *f = fopen(pidfile, "rb");
        int child = 0;
        LRT_CHECK(f && fscanf(f, "%d", &child) == 1 && child > 0);
        if (f)
            fclose(f);
        struct timespec nap = {0, 300 * 1000 * 1000};
        nanosleep(&nap, NULL);
        if (child > 0) {
            LRT_CHECK_MSG(!alive(child), "the command's child %d outlived the time limit", child);
            kill(child, SIGKILL);
        }
    }
}

int main(void)
{
    test_espeak();
    test_command();
    return lrt_finish("audio_tts_hostile");
}
