/* c2v-agent: a knowledge point (or a file of them) to an MP4 lesson. */
#include <libavutil/log.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "c2v_agent.h"

static void usage_text(FILE *f)
{
    fputs("usage: c2v-agent (--knowledge_point TEXT | --knowledge_file FILE) [options]\n"
          "\n"
          "Turns a knowledge point into an MP4: outline -> storyboard -> scene spec per section\n"
          "(validated, repaired, rendered) -> {topic}.mp4 under OUTPUT/PREFIX/{idx}-{topic}/.\n"
          "\n"
          "  --knowledge_point TEXT     the topic\n"
          "  --knowledge_file FILE      a JSON array of topic strings (batch)\n"
          "  --max_concepts N           the first N topics of the file (-1: all; default -1)\n"
          "  --shard I/N                only topics I, I+N, I+2N, ... of the file (I 0-based, 0..N-1:\n"
          "                             SLURM_ARRAY_TASK_ID of --array=0-(N-1)); folders keep the file's\n"
          "                             numbering, the run's usage goes to PREFIX/usage.shard-I-of-N.json\n"
          "  --collect                  run nothing: read every topic's folder, print the table, write\n"
          "                             PREFIX/summary.json (missing and failed topics, the shards to run\n"
          "                             again) and PREFIX/usage.json (every topic's usage added up)\n"
          "  --api NAME, --API NAME     api_config.json entry for the LLM (default: its \"llm\" role, else\n"
          "                             its first LLM entry; the start-up line says which);\n"
          "                             \"replay\" with --replay_dir runs offline, with no key\n"
          "  --config FILE              api_config.json (default ./api_config.json)\n"
          "  --replay_dir DIR           recordings for --api replay\n"
          "  --record DIR               save every call to DIR, for replay\n"
          "  --prompts DIR              prompt templates (default: found next to the executable)\n"
          "  --output DIR               the CASES folder (default CASES)\n"
          "  --folder_prefix P          subfolder of OUTPUT for this run (default run)\n"
          "  --portrait | --landscape   orientation (default landscape)\n"
          "  --video_quality l|m|h|k    854x480@15, 1280x720@30, 1920x1080@60, 3840x2160@60 (default l)\n"
          "  --use_feedback             the Critic's visual pass: key frames of each section to the VLM,\n"
          "                             fixes applied by object id (its geometric pass always runs)\n"
          "  --feedback_rounds N        visual-pass rounds per section (default 2)\n"
          "  --vlm_api NAME             api_config.json entry for the VLM (default: the config's \"vlm\"\n"
          "                             role when it names its own entry, else the LLM's)\n"
          "  --use_assets               fetch up to 4 icons for the topic and offer them to the Coder\n"
          "  --assets_cache DIR         icon cache (default OUTPUT/assets)\n"
          "  --no-audio                 a silent video (default: narrated, with .vtt and .srt beside it)\n"
          "  --voice V                  espeak-ng voice for the narration (default en-us; cmn, yue, ...)\n"
          "  --speech-rate N            words per minute (default 160)\n"
          "  --parallel                 run topics and sections on every CPU (same as -j NCPU)\n"
          "  -j N                       worker threads for topics and for sections (default 1)\n"
          "  --max_fix_bug_tries N      scoped fixes before a section is regenerated (default 3)\n"
          "  --max_regenerate_tries N   regenerations before a section fails (default 1)\n"
          "  --max_sections N           at most N sections per topic (default 8)\n"
          "  --max_code_token_length N  the Coder's max_tokens per request (default 16000)\n"
          "  --preview                  open the finished lesson in the preview window\n"
          "  --resume                   reuse every stage whose artefact exists and is valid\n"
          "  --timeout_ms N --max_attempts N --backoff_ms N --retry_budget_ms N --wait_notice_ms N\n"
          "                             per-call HTTP limits (defaults 300000, 5, 1000, 600000) and how\n"
          "                             often a waiting call says so (default 30000, 0: never)\n"
          "  --help\n"
          "\n"
          "Progress goes to stderr (each retry and long wait too), the final table (topic, status,\n"
          "sections, tokens, minutes; earlier runs included with --resume) to stdout; usage.json in\n"
          "each topic folder adds up every run's calls and time. Ctrl-C stops cleanly (calls and\n"
          "renders in flight are cancelled, usage.json written, temporary files removed); a second\n"
          "Ctrl-C quits at once.\n"
          "\n"
          "Exit status:\n"
          "  0    every topic made its video with all that was asked\n"
          "  1    a topic failed (or the run could not start: config, prompts)\n"
          "  2    bad usage\n"
          "  3    every video was made, but not all that was asked: the table says \"partial\" (with\n"
          "       --use_feedback, the visual critic did not run on some section, e.g. the VLM failed)\n"
          "  130  interrupted (SIGINT, SIGTERM or SIGHUP); --resume goes on from there\n"
          "With --collect: 0 every topic made, 1 some topic missing, failed or unfinished (or the\n"
          "summary could not be written), 3 every video made but some only partial.\n",
          f);
}

static bool parse_int(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* "I/N" with 0 <= I < N. */
static bool parse_shard(const char *s, int *shard, int *shards)
{
    const char *slash = strchr(s, '/');
    char first[32];
    long i, n;
    if (!slash || (size_t)(slash - s) >= sizeof first)
        return false;
    memcpy(first, s, (size_t)(slash - s));
    first[slash - s] = '\0';
    if (!parse_int(first, 0, 1000000, &i) || !parse_int(slash + 1, 1, 1000000, &n) || i >= n)
        return false;
    *shard = (int)i;
    *shards = (int)n;
    return true;
}

int main(int argc, char **argv)
{
    /* FFmpeg's logger is the program's: the MP4 muxer's per-file notes would
     * drown the pipeline's progress lines. */
    av_log_set_level(AV_LOG_ERROR);
    /* The renders in this process reuse freed memory rather than fault in
     * fresh pages (as c2v-render does: docs/encoding.md, "Memory"). */
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    c2v_agent_options opt = c2v_agent_options_default();
    const char *point = NULL, *file = NULL;
    long max_concepts = -1;
    bool parallel = false, jobs_given = false, collect = false;
    int shard = 0, shards = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage_text(stdout);
            return 0;
        }
        if (strcmp(a, "--portrait") == 0) { opt.portrait = true; continue; }
        if (strcmp(a, "--landscape") == 0) { opt.portrait = false; continue; }
        if (strcmp(a, "--use_feedback") == 0) { opt.use_feedback = true; continue; }
        if (strcmp(a, "--use_assets") == 0) { opt.use_assets = true; continue; }
        if (strcmp(a, "--no-audio") == 0 || strcmp(a, "--no_audio") == 0) { opt.no_audio = true; continue; }
        if (strcmp(a, "--parallel") == 0) { parallel = true; continue; }
        if (strcmp(a, "--preview") == 0) { opt.preview = true; continue; }
        if (strcmp(a, "--resume") == 0) { opt.resume = true; continue; }
        if (strcmp(a, "--collect") == 0) { collect = true; continue; }
        if (i + 1 >= argc) {
            fprintf(stderr, "c2v-agent: %s: unknown option or missing value (see --help)\n", a);
            return 2;
        }
        const char *v = argv[++i];
        long n = 0;
        bool bad = false;
        if (strcmp(a, "--knowledge_point") == 0) point = v;
        else if (strcmp(a, "--knowledge_file") == 0) file = v;
        else if (strcmp(a, "--api") == 0 || strcmp(a, "--API") == 0) opt.api = v;
        else if (strcmp(a, "--config") == 0) opt.config_path = v;
        else if (strcmp(a, "--vlm_api") == 0) opt.vlm_api = v;
        else if (strcmp(a, "--assets_cache") == 0) opt.assets_cache = v;
        else if (strcmp(a, "--voice") == 0) opt.voice = v;
        else if (strcmp(a, "--speech-rate") == 0 || strcmp(a, "--speech_rate") == 0) { bad = !parse_int(v, 80, 450, &n); opt.speech_rate = (int)n; }
        else if (strcmp(a, "--replay_dir") == 0) opt.replay_dir = v;
        else if (strcmp(a, "--record") == 0) opt.record_dir = v;
        else if (strcmp(a, "--prompts") == 0) opt.prompts_dir = v;
        else if (strcmp(a, "--output") == 0) opt.output_dir = v;
        else if (strcmp(a, "--folder_prefix") == 0) opt.folder_prefix = v;
        else if (strcmp(a, "--video_quality") == 0) {
            bad = strlen(v) != 1 || !strchr("lmhk", v[0]);
            opt.quality = v[0];
        } else if (strcmp(a, "--max_concepts") == 0) bad = !parse_int(v, -1, 1000000, &max_concepts);
        else if (strcmp(a, "--shard") == 0) bad = !parse_shard(v, &shard, &shards);
        else if (strcmp(a, "--feedback_rounds") == 0) { bad = !parse_int(v, 0, 100, &n); opt.feedback_rounds = (int)n; }
        else if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) { bad = !parse_int(v, 1, 64, &n); opt.jobs = (int)n; jobs_given = true; }
        else if (strcmp(a, "--max_fix_bug_tries") == 0) { bad = !parse_int(v, 0, 100, &n); opt.max_fix_bug_tries = (int)n; }
        else if (strcmp(a, "--max_regenerate_tries") == 0) { bad = !parse_int(v, 0, 100, &n); opt.max_regenerate_tries = (int)n; }
        else if (strcmp(a, "--max_sections") == 0) { bad = !parse_int(v, 1, 50, &n); opt.max_sections = (int)n; }
        else if (strcmp(a, "--max_code_token_length") == 0) { bad = !parse_int(v, 256, 1000000, &n); opt.max_code_tokens = (int)n; }
        else if (strcmp(a, "--wait_notice_ms") == 0) { bad = !parse_int(v, 0, 86400000, &n); opt.llm.wait_notice_ms = n; }
        else if (strcmp(a, "--timeout_ms") == 0) { bad = !parse_int(v, 1, 86400000, &n); opt.llm.timeout_ms = n; }
        else if (strcmp(a, "--max_attempts") == 0) { bad = !parse_int(v, 1, 100, &n); opt.llm.max_attempts = (int)n; }
        else if (strcmp(a, "--backoff_ms") == 0) { bad = !parse_int(v, 0, 3600000, &n); opt.llm.backoff_base_ms = n; }
        else if (strcmp(a, "--retry_budget_ms") == 0) { bad = !parse_int(v, 0, 86400000, &n); opt.llm.retry_budget_ms = n; }
        else {
            fprintf(stderr, "c2v-agent: unknown option %s (see --help)\n", a);
            return 2;
        }
        if (bad) {
            fprintf(stderr, "c2v-agent: %s: bad value \"%s\" (see --help)\n", a, v);
            return 2;
        }
    }
    if (!point == !file) {
        fprintf(stderr, "c2v-agent: give exactly one of --knowledge_point and --knowledge_file (see --help)\n");
        return 2;
    }
    if (shards && !file) {
        fprintf(stderr, "c2v-agent: --shard needs --knowledge_file (a shard is part of a batch)\n");
        return 2;
    }
    if (shards && collect) {
        fprintf(stderr, "c2v-agent: --collect reads the whole batch: leave --shard out\n");
        return 2;
    }
    if (!collect && opt.api && strcmp(opt.api, "replay") == 0 && !opt.replay_dir) {
        fprintf(stderr, "c2v-agent: --api replay needs --replay_dir DIR (a folder of recordings)\n");
        return 2;
    }
    if (parallel && !jobs_given) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        opt.jobs = cpus < 1 ? 1 : cpus > 64 ? 64 : (int)cpus;
    }

    char **topics = NULL;
    int count = 0;
    c2v_error err = {0};
    if (file) {
        if (c2v_agent_topics_load(file, (int)max_concepts, &topics, &count, &err) != C2V_OK) {
            fprintf(stderr, "c2v-agent: %s\n", err.message);
            return 2;
        }
    }
    opt.handle_interrupt = !collect;
    const char *single[1] = {point};
    const char *const *list = file ? (const char *const *)topics : single;
    c2v_topic_result *results = NULL;
    int n = file ? count : 1, partial = 0;
    c2v_status st;
    if (collect)
        st = c2v_agent_collect(&opt, list, n, &results, &err);
    else if (shards)
        st = c2v_agent_run_shard(&opt, list, n, shard, shards, &results, &n, &err);
    else
        st = c2v_agent_run(&opt, list, n, &results, &err);
    if (results)
        c2v_agent_print_table(stdout, results, n);
    for (int i = 0; results && i < n; i++)
        partial += results[i].status == C2V_TOPIC_PARTIAL;
    if (st)
        fprintf(stderr, "c2v-agent: %s\n", err.message);
    else if (partial)
        fprintf(stderr, "c2v-agent: %d of %d topic%s made without all that was asked (see \"partial\" above)\n",
                partial, n, n == 1 ? "" : "s");
    int rc = st == C2V_ERR_CANCELLED ? 130 : st ? 1 : partial ? 3 : 0;
    c2v_agent_results_free(results, n);
    c2v_agent_topics_free(topics, count);
    return rc;
}
