/* c2v-eval: the three metrics of Code2Video over finished videos.
 *
 *   AES        a VLM scores key frames on five dimensions, 0-20 each
 *              (Element Layout, Attractiveness, Logic Flow, Accuracy & Depth,
 *              Visual Consistency), total 0-100; replies parsed strictly,
 *              retried when malformed.
 *   TeachQuiz  multiple-choice questions (the MMMC format) answered three
 *              times: baseline, after an "unlearning" prompt, and unlearning
 *              plus the video's key frames; the answer is the last
 *              "ANSWER=<letter>" line. Gain = video - unlearning (points).
 *   EFF        time and tokens from each topic's usage.json.
 *
 * c2v_eval_cases walks CASES/{prefix}/{idx}-{topic}/ (holding the topic's
 * .mp4 and usage.json) and builds one report; c2v_eval_report_write writes
 * it as JSON and as a Markdown table.
 */
#ifndef C2V_EVAL_H
#define C2V_EVAL_H

#include <librender.h>

#include "c2v_llm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* `count` frames evenly spread over the video (at (i + 0.5) / count of its
 * length), decoded with libavformat/libavcodec and scaled to at most
 * `max_width` pixels wide (0: as encoded). `*frames` is an array of `*n`
 * images: free each with lr_image_free, then the array with free(). */
c2v_status c2v_video_key_frames(const char *path, size_t count, int max_width, lr_image **frames, size_t *n,
                                double *duration, c2v_error *err);

#define C2V_AES_DIMENSIONS 5
/* "element_layout", "attractiveness", "logic_flow", "accuracy_depth", "visual_consistency" */
extern const char *const c2v_aes_dimension_names[C2V_AES_DIMENSIONS];

typedef struct c2v_aes_score {
    double dims[C2V_AES_DIMENSIONS]; /* 0..20 each */
    double total;                    /* 0..100 */
    int calls;                       /* VLM calls made */
} c2v_aes_score;

/* Scores the frames; C2V_ERR_RESPONSE when no reply parsed strictly within
 * `attempts` calls (0: 3). */
c2v_status c2v_eval_aes(c2v_llm_client *vlm, const char *topic, const lr_image *frames, size_t n, int attempts,
                        c2v_aes_score *out, c2v_error *err);

enum { C2V_QUIZ_BASELINE = 0, C2V_QUIZ_UNLEARNING, C2V_QUIZ_VIDEO, C2V_QUIZ_STAGES };
extern const char *const c2v_quiz_stage_names[C2V_QUIZ_STAGES]; /* "baseline", "unlearning", "video" */

typedef struct c2v_quiz_result {
    int questions;
    int correct[C2V_QUIZ_STAGES];
    int unanswered[C2V_QUIZ_STAGES]; /* no ANSWER= line after every attempt: counted wrong */
    double score[C2V_QUIZ_STAGES];   /* percent correct */
    double gain;                     /* score[VIDEO] - score[UNLEARNING] */
} c2v_quiz_result;

/* The letter after the last "ANSWER=" (case-insensitive, spaces allowed),
 * upper-cased; 0 when there is none. */
char c2v_quiz_parse_answer(const char *reply);

/* Asks every question of `questions` (an MMMC array of {question, options:
 * {A..}, answer}) in the three stages; each question's stages are asked in
 * order (baseline, unlearning, video). `attempts` (0: 2) calls per answer. */
c2v_status c2v_eval_quiz(c2v_llm_client *llm, const char *topic, const cJSON *questions, const lr_image *frames,
                         size_t n, int attempts, c2v_quiz_result *out, c2v_error *err);

typedef struct c2v_eval_options {
    c2v_llm_client *vlm;      /* AES (NULL: skipped) */
    c2v_llm_client *llm;      /* TeachQuiz (NULL: skipped) */
    const cJSON *questions;   /* MMMC questions by topic (NULL: TeachQuiz skipped) */
    size_t frames;            /* key frames per video; 0: 8 */
    int frame_width;          /* 0: 640 */
    int attempts;             /* per AES score / quiz answer; 0: defaults */
    const char *sheet_dir;    /* each case's key-frame sheet is written here (NULL: none) */
    bool quiet;
} c2v_eval_options;

/* Evaluates every case folder; `*report` (cJSON_Delete it):
 *   {"cases": [{"prefix", "case", "topic", "status": "ok" | "failed",
 *               "failed": [metrics asked for and not measured: "video", "AES", "TeachQuiz", "EFF"],
 *               "video", "video_path", "duration", "sheet", "aes": {...} | null,
 *               "quiz": {...} | null, "eff": {..., "counted"} | null, "errors": [...]}],
 *    "summary": {"cases", "failed_cases", "aes": {"mean", "scored", "failed"}, "quiz": {...},
 *                "eff": {"measured", "failed", ...}}}
 * A case that fails in part keeps its other metrics and lists its errors;
 * means are over the cases that have the metric, never with a failed one. */
c2v_status c2v_eval_cases(const char *cases_dir, const c2v_eval_options *opt, cJSON **report, c2v_error *err);

/* The report as a Markdown table (malloc'd). */
char *c2v_eval_report_markdown(const cJSON *report);
/* Writes the JSON (and, when md_path is set, the Markdown) atomically. */
c2v_status c2v_eval_report_write(const cJSON *report, const char *json_path, const char *md_path, c2v_error *err);
/* Writes the report as a page: one row per case with its video playable in
 * the page (a <video> whose src is relative to the page), its key-frame
 * sheet, the scores, tokens and times, and what failed. */
c2v_status c2v_eval_report_html(const cJSON *report, const char *html_path, c2v_error *err);

#ifdef __cplusplus
}
#endif
#endif
