/* Feeding your own frames to the encoder (lr_encoder), no GL at all:
 *   own_frames OUT.mp4
 * 60 frames at 30 fps: a blue gradient with a white bar moving right by
 * 10 pixels a frame. The encoder thread converts and encodes while the
 * next frame is made; the file appears under OUT only once complete. */
#include <librender.h>

#include <stdio.h>
#include <stdlib.h>

enum { W = 640, H = 360, FPS = 30, FRAMES = 60 };

static void make_frame(uint8_t *rgba, int k)
{
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint8_t *p = rgba + ((size_t)y * W + (size_t)x) * 4;
            bool bar = x >= 10 * k && x < 10 * k + 40;
            p[0] = bar ? 255 : 20;
            p[1] = bar ? 255 : (uint8_t)(40 + y * 100 / H);
            p[2] = bar ? 255 : (uint8_t)(120 + x * 135 / W);
            p[3] = 255;
        }
}

int main(int argc, char **argv)
{
    const char *out = argc > 1 ? argv[1] : "own_frames.mp4";
    lr_encoder_desc desc = lr_encoder_desc_default(out, W, H, FPS);
    lr_encoder *enc;
    lr_error err;
    if (lr_encoder_open(&desc, &enc, &err) != LR_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    printf("encoder: %s\n", lr_encoder_report(enc)); /* which encoder runs, and why */
    uint8_t *frame = malloc((size_t)W * H * 4);
    lr_status s = frame ? LR_OK : LR_ERR_NOMEM;
    for (int k = 0; k < FRAMES && s == LR_OK; k++) {
        make_frame(frame, k);
        s = lr_encoder_push_rgba(enc, frame, W * 4, &err); /* copied: the buffer is ours again */
    }
    free(frame);
    if (s != LR_OK) {
        lr_encoder_abort(enc); /* removes the partial file */
        fprintf(stderr, "%s\n", s == LR_ERR_NOMEM ? "out of memory" : err.message);
        return 1;
    }
    lr_encoder_stats stats;
    if (lr_encoder_finish(enc, &stats, &err) != LR_OK) { /* flush, close, rename; frees enc */
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    printf("%s: %lld frames, %.3f s encoding\n", out, (long long)stats.frames, stats.encode_s);
    return 0;
}
