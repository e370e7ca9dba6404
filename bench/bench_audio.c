/* Narration cost: espeak-ng synthesis (+ resampling to 48 kHz) of every
 * lecture line of a spec, and loudness normalisation of the joined track.
 * Prints seconds of speech, wall time and the real-time factor.
 *   bench_audio [spec.json] [voice] */
#include <librender.h>
#include <librender/lr_audio.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "examples/pythagorean.json";
    lr_tts_desc d = lr_tts_desc_default();
    if (argc > 2)
        d.voice = argv[2];
    lr_spec *spec;
    lr_spec_errors *errs = lr_spec_errors_create();
    if (lr_spec_load_file(path, &spec, errs) != LR_OK) {
        fputs(lr_spec_errors_joined(errs), stderr);
        return 1;
    }
    lr_spec_errors_destroy(errs);
    lr_error err = {0};
    lr_tts *tts;
    double t0 = now_s();
    if (lr_tts_create(&d, &tts, &err) != LR_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    double t_open = now_s() - t0;
    lr_pcm all = {NULL, 0, LR_AUDIO_RATE};
    size_t lines = 0;
    t0 = now_s();
    for (size_t i = 0; i < lr_spec_section_count(spec); i++)
        for (size_t l = 0; l < lr_spec_section_line_count(spec, i); l++) {
            const char *text = lr_spec_section_narration(spec, i, l);
            lr_pcm p;
            if (lr_tts_synthesize(tts, text ? text : lr_spec_section_line(spec, i, l), &p, &err) != LR_OK) {
                fprintf(stderr, "%s\n", err.message);
                return 1;
            }
            float *grown = realloc(all.samples, (all.count + p.count + 1) * sizeof *grown);
            if (!grown)
                return 1;
            all.samples = grown;
            memcpy(all.samples + all.count, p.samples, p.count * sizeof *p.samples);
            all.count += p.count;
            lr_pcm_free(&p);
            lines++;
        }
    double t_synth = now_s() - t0;
    double speech = lr_pcm_duration(&all);
    t0 = now_s();
    double gain;
    if (lr_pcm_normalize(&all, -16, -3, &gain, &err) != LR_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    double t_norm = now_s() - t0;
    printf("%s, voice %s: %zu lines, %.2f s of speech\n", path, d.voice, lines, speech);
    printf("engine start   %8.1f ms\n", t_open * 1e3);
    printf("synthesis      %8.1f ms  (%.1f ms per line, real-time factor %.4f)\n", t_synth * 1e3,
           lines ? t_synth * 1e3 / (double)lines : 0, speech > 0 ? t_synth / speech : 0);
    printf("normalise      %8.1f ms  (gain %+.1f dB)\n", t_norm * 1e3, gain);
    lr_pcm_free(&all);
    lr_tts_destroy(tts);
    lr_spec_destroy(spec);
    return 0;
}
