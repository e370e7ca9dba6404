/* WebVTT and SubRip files. Cue text comes from a spec (maybe an LLM): line
 * breaks become spaces so a cue never ends early, and WebVTT's markup
 * characters are escaped. */
#include "audio/audio_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void put_time(FILE *f, double t, char sep)
{
    long long ms = llround((t > 0 ? t : 0) * 1000.0);
    fprintf(f, "%02lld:%02lld:%02lld%c%03lld", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60, sep, ms % 1000);
}

static void put_text(FILE *f, const char *text, bool vtt)
{
    for (const char *p = text; *p; p++) {
        if (*p == '\n' || *p == '\r' || *p == '\t')
            fputc(' ', f);
        else if (vtt && *p == '<')
            fputs("&lt;", f);
        else if (vtt && *p == '>')
            fputs("&gt;", f);
        else if (vtt && *p == '&')
            fputs("&amp;", f);
        else
            fputc(*p, f);
    }
    fputc('\n', f);
}

static lr_status write_subs(const char *path, const lr_cue *cues, size_t n, bool vtt, lr_error *err)
{
    if (!path || (n && !cues))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "subtitles: no path or no cues");
    size_t len = strlen(path) + 32;
    char *part = malloc(len);
    if (!part)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    snprintf(part, len, "%s.part-%ld", path, (long)getpid());
    FILE *f = fopen(part, "wb");
    if (!f) {
        lr_status s = lr_error_set(err, LR_ERR_IO, "%s: cannot create (%s)", part, strerror(errno));
        free(part);
        return s;
    }
    if (vtt)
        fputs("WEBVTT\n\n", f);
    for (size_t i = 0; i < n; i++) {
        if (!vtt)
            fprintf(f, "%zu\n", i + 1);
        put_time(f, cues[i].start, vtt ? '.' : ',');
        fputs(" --> ", f);
        put_time(f, cues[i].end, vtt ? '.' : ',');
        fputc('\n', f);
        put_text(f, cues[i].text ? cues[i].text : "", vtt);
        fputc('\n', f);
    }
    bool ok = !ferror(f);
    ok = fclose(f) == 0 && ok;
    lr_status s = LR_OK;
    if (!ok)
        s = lr_error_set(err, LR_ERR_IO, "%s: cannot write", path);
    else if (rename(part, path) != 0)
        s = lr_error_set(err, LR_ERR_IO, "%s: cannot rename %s to it (%s)", path, part, strerror(errno));
    if (s != LR_OK)
        remove(part);
    free(part);
    return s;
}

lr_status lr_subtitles_write_vtt(const char *path, const lr_cue *cues, size_t n, lr_error *err)
{
    return write_subs(path, cues, n, true, err);
}

lr_status lr_subtitles_write_srt(const char *path, const lr_cue *cues, size_t n, lr_error *err)
{
    return write_subs(path, cues, n, false, err);
}
