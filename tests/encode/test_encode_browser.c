/* Plays an encoded MP4 in headless Chromium (Debian's `chromium` package):
 * the <video> element must load it, report its duration and size, and a
 * frame drawn to a canvas after seeking must show the right colours. Skipped
 * (exit 77) when chromium is not installed. */
#include "enc_util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define W 320
#define H 240
#define FPS 15
#define N 45

/* The page resolves window.c2vProbe itself once the seek it asked for has
 * landed (chromium_probe.py waits on that promise): the load event alone is
 * not enough, since a <video> releases it with whatever frame it decoded
 * first, and under load that was the frame at 0 s. */
static const char page[] =
    "<!doctype html><html><body>\n"
    "<video id=\"v\" muted playsinline preload=\"auto\" src=\"browser.mp4\"></video>\n"
    "<script>\n"
    "const v = document.getElementById('v');\n"
    "window.c2vProbe = new Promise(done => {\n"
    "  v.addEventListener('error', () => done('error ' + (v.error ? v.error.code : '?')));\n"
    "  v.addEventListener('seeked', () => {\n"
    "    let px = '-1 -1 -1';\n"
    "    try { const c = document.createElement('canvas'); c.width = v.videoWidth; c.height = v.videoHeight;\n"
    "          const g = c.getContext('2d'); g.drawImage(v, 0, 0);\n"
    "          px = Array.from(g.getImageData(100, 10, 1, 1).data).slice(0, 3).join(' '); } catch (e) {}\n"
    "    done('ok ' + v.duration + ' ' + v.videoWidth + ' ' + v.videoHeight + ' ' + px + ' ' + v.currentTime);\n"
    "  }, {once: true});\n"
    "  v.addEventListener('loadeddata', () => { v.currentTime = 1.5; }, {once: true});\n"
    "});\n"
    "</script></body></html>\n";

int main(void)
{
    if (system("command -v chromium >/dev/null 2>&1") != 0) {
        printf("encode_browser: chromium is not installed (apt-get install chromium): skipped\n");
        return 77;
    }
    char video[1024], html[1024], profile[1024];
    lrt_build_path(video, sizeof video, "tests/encode/browser.mp4");
    lrt_build_path(html, sizeof html, "tests/encode/browser.html");
    lrt_build_path(profile, sizeof profile, "tests/encode/chromium-profile");
    lr_encoder_desc d = lr_encoder_desc_default(video, W, H, FPS);
    d.encoder = "x264";
    lr_error err = {0};
    LRT_CHECK_OK(enc_write_clip(&d, 0, N, NULL, 0, &err));
    FILE *f = fopen(html, "w");
    LRT_CHECK(f != NULL);
    if (!f)
        return lrt_finish("encode_browser");
    fputs(page, f);
    fclose(f);

    char probe[1024], cmd[4096];
    lrt_source_path(probe, sizeof probe, "tests/encode/chromium_probe.py");
    snprintf(cmd, sizeof cmd, "python3 '%s' '%s' '%s' 90", probe, html, profile);
    FILE *p = popen(cmd, "r");
    LRT_CHECK(p != NULL);
    if (!p)
        return lrt_finish("encode_browser");
    char result[256] = "";
    if (!fgets(result, sizeof result, p))
        result[0] = '\0';
    pclose(p);
    result[strcspn(result, "\n")] = '\0';
    printf("chromium says: %s\n", result);
    double duration = 0;
    int w = 0, h = 0, r = -1, g = -1, b = -1;
    int n = sscanf(result, "ok %lf %d %d %d %d %d", &duration, &w, &h, &r, &g, &b);
    LRT_CHECK_MSG(n == 6, "unexpected answer from the page: \"%s\"", result);
    LRT_CHECK_NEAR(duration, (double)N / FPS, 1e-3);
    LRT_CHECK(w == W && h == H);
    /* t = 1.5 s shows frame 22 (22/15 s <= 1.5 < 23/15 s). */
    uint8_t *src = malloc((size_t)W * H * 4);
    enc_frame_make(src, W, H, 22);
    const uint8_t *want = src + ((size_t)10 * W + 100) * 4;
    LRT_CHECK_MSG(abs(r - want[0]) <= 8 && abs(g - want[1]) <= 8 && abs(b - want[2]) <= 8,
                  "pixel (100, 10) at 1.5 s is %d %d %d, expected about %d %d %d", r, g, b, want[0], want[1], want[2]);
    free(src);
    return lrt_finish("encode_browser");
}
