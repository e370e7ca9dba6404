#include "enc_util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void enc_frame_make(uint8_t *rgba, int width, int height, int k)
{
    uint8_t bg_r = (uint8_t)(20 + (k * 5) % 200), bg_g = 60, bg_b = (uint8_t)(220 - (k * 3) % 180);
    int sx = 8 + k * 4, sy = height / 3, side = height / 4;
    for (int y = 0; y < height; y++) {
        uint8_t *row = rgba + (size_t)y * (size_t)width * 4u;
        for (int x = 0; x < width; x++) {
            uint8_t *p = row + (size_t)x * 4u;
            p[0] = bg_r;
            p[1] = bg_g;
            p[2] = bg_b;
            p[3] = 255;
            if (y >= height - height / 6) { /* a smooth band checks the matrix on mid tones */
                p[0] = (uint8_t)(x * 255 / width);
                p[1] = (uint8_t)(255 - x * 255 / width);
                p[2] = 128;
            }
            if (x >= sx && x < sx + side && y >= sy && y < sy + side) {
                p[0] = 250;
                p[1] = 210;
                p[2] = 30;
            }
        }
    }
}

bool enc_probe_file(const char *path, enc_probe *out)
{
    memset(out, 0, sizeof *out);
    char cmd[1200];
    snprintf(cmd, sizeof cmd,
             "ffprobe -v error -count_packets -select_streams v:0 -show_entries "
             "stream=codec_name,pix_fmt,width,height,nb_read_packets,duration,r_frame_rate:format=duration "
             "-of default=nw=1 '%s'",
             path);
    FILE *p = popen(cmd, "r");
    if (!p)
        return false;
    char line[256];
    bool in_format = false;
    while (fgets(line, sizeof line, p)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *eq = strchr(line, '=');
        if (!eq)
            continue;
        *eq = '\0';
        const char *k = line, *v = eq + 1;
        if (strcmp(k, "codec_name") == 0)
            snprintf(out->codec, sizeof out->codec, "%s", v);
        else if (strcmp(k, "pix_fmt") == 0)
            snprintf(out->pix_fmt, sizeof out->pix_fmt, "%s", v);
        else if (strcmp(k, "width") == 0)
            out->width = atoi(v);
        else if (strcmp(k, "height") == 0)
            out->height = atoi(v);
        else if (strcmp(k, "nb_read_packets") == 0)
            out->coded = atol(v);
        else if (strcmp(k, "r_frame_rate") == 0)
            snprintf(out->frame_rate, sizeof out->frame_rate, "%s", v);
        else if (strcmp(k, "duration") == 0) {
            /* the stream's duration comes before the format's */
            if (!in_format)
                out->stream_duration = atof(v);
            else
                out->format_duration = atof(v);
            in_format = true;
        }
    }
    if (pclose(p) != 0 || !out->codec[0])
        return false;
    snprintf(cmd, sizeof cmd, "ffmpeg -v error -nostdin -i '%s' -map 0:v:0 -vf fps=source_fps -f framecrc -", path);
    if (!(p = popen(cmd, "r")))
        return false;
    while (fgets(line, sizeof line, p))
        out->frames += line[0] != '#';
    return pclose(p) == 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

bool enc_check_timestamps(const char *path, int fps, int frames, char *why, size_t why_size)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd,
             "ffprobe -v error -select_streams v:0 -show_entries stream=time_base:packet=pts,duration "
             "-of default=nw=1 '%s'",
             path);
    FILE *p = popen(cmd, "r");
    if (!p) {
        snprintf(why, why_size, "cannot run ffprobe");
        return false;
    }
    int64_t *pts = calloc((size_t)frames + 1, sizeof *pts);
    long num = 0, den = 0;
    int n = 0;
    bool ok = pts != NULL;
    char line[256];
    while (fgets(line, sizeof line, p)) {
        long long v;
        if (sscanf(line, "time_base=%ld/%ld", &num, &den) == 2)
            continue;
        if (sscanf(line, "pts=%lld", &v) == 1) {
            if (n <= frames && pts)
                pts[n] = v;
            n++;
        } else if (sscanf(line, "duration=%lld", &v) == 1 && ok && den > 0 &&
                   (int64_t)v * num * fps != (int64_t)den) {
            snprintf(why, why_size, "a packet lasts %lld ticks of %ld/%ld, not 1/%d s", v, num, den, fps);
            ok = false;
        }
    }
    pclose(p);
    if (ok && (n < 1 || n > frames)) {
        snprintf(why, why_size, "%d packets, expected 1 to %d", n, frames);
        ok = false;
    }
    if (ok && den <= 0) {
        snprintf(why, why_size, "no time base");
        ok = false;
    }
    if (ok) {
        qsort(pts, (size_t)n, sizeof *pts, cmp_i64);
        int64_t before = -1;
        for (int k = 0; k < n && ok; k++) {
            int64_t ticks = pts[k] * num * fps; /* the frame's time times den */
            int64_t at = ticks / den;
            bool last = k == n - 1;
            if (ticks % den != 0 || at <= before || (k == 0 && at != 0) || (last && at != frames - 1)) {
                snprintf(why, why_size, "packet %d of %d starts at %lld ticks of %ld/%ld: not a frame time of %d/s %s",
                         k, n, (long long)pts[k], num, den, fps,
                         k == 0 ? "at 0" : last ? "at the last frame's" : "after the one before");
                ok = false;
            }
            before = at;
        }
    }
    free(pts);
    return ok;
}

bool enc_decode_frame(const char *path, int index, int width, int height, uint8_t *rgb)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd,
             "ffmpeg -v error -nostdin -i '%s' -vf 'fps=source_fps,select=eq(n\\,%d)' -frames:v 1 -f rawvideo "
             "-pix_fmt rgb24 -",
             path, index);
    FILE *p = popen(cmd, "r");
    if (!p)
        return false;
    size_t want = (size_t)width * (size_t)height * 3u;
    size_t got = fread(rgb, 1, want, p);
    return pclose(p) == 0 && got == want;
}

double enc_mean_abs_error(const uint8_t *rgba, const uint8_t *rgb, int width, int height)
{
    double sum = 0;
    size_t n = (size_t)width * (size_t)height;
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < 3; c++)
            sum += abs((int)rgba[i * 4 + (size_t)c] - (int)rgb[i * 3 + (size_t)c]);
    return sum / (double)(n * 3);
}

bool enc_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

bool enc_part_exists(const char *path)
{
    char dir[1024], prefix[512];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    const char *base = path;
    if (slash) {
        *slash = '\0';
        base = path + (slash - dir) + 1;
    } else {
        snprintf(dir, sizeof dir, ".");
    }
    snprintf(prefix, sizeof prefix, "%s.part", base);
    DIR *d = opendir(dir);
    if (!d)
        return false;
    bool found = false;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
            found = true;
    closedir(d);
    return found;
}

lr_status enc_write_clip(const lr_encoder_desc *desc, int first, int frames, char *report, size_t report_size,
                         lr_error *err)
{
    lr_encoder *enc;
    lr_status st = lr_encoder_open(desc, &enc, err);
    if (st != LR_OK)
        return st;
    if (report)
        snprintf(report, report_size, "%s", lr_encoder_report(enc));
    uint8_t *px = malloc((size_t)desc->width * (size_t)desc->height * 4u);
    if (!px) {
        lr_encoder_abort(enc);
        return LR_ERR_NOMEM;
    }
    for (int k = first; k < first + frames && st == LR_OK; k++) {
        enc_frame_make(px, desc->width, desc->height, k);
        st = lr_encoder_push_rgba(enc, px, desc->width * 4, err);
    }
    free(px);
    if (st != LR_OK) {
        lr_encoder_abort(enc);
        return st;
    }
    return lr_encoder_finish(enc, NULL, err);
}
