/* The topic folder's files: artefacts written under a temporary name and
 * renamed, read back for --resume. */
#ifndef C2V_PIPELINE_FILES_H
#define C2V_PIPELINE_FILES_H

#include "agent_internal.h"

/* Writes `text` to path.part-PID then renames it over `path` (c2v_file_write). */
c2v_status c2v_write_atomic(const char *path, const char *text, c2v_error *err);
/* Pretty-prints `json` and writes it atomically. */
c2v_status c2v_write_json(const char *path, const cJSON *json, c2v_error *err);
/* Parses a JSON file (NULL when it is missing or malformed). */
cJSON *c2v_read_json(const char *path);
char *c2v_path_join(const char *a, const char *b);
c2v_status c2v_mkdirs(const char *path, c2v_error *err);
bool c2v_file_nonempty(const char *path);
/* true when `a` exists and was modified no earlier than `b`. */
bool c2v_file_newer(const char *a, const char *b);

/* The shard count N of the run-level files "usage.shard-I-of-N.json" in
 * `dir` (a batch's PREFIX folder): 0 when there is none, -1 when they name
 * several counts. `example` receives one such name ("" when none). */
int c2v_shard_files(const char *dir, char *example, size_t size);

/* Removes the temporary files an interrupted render or write leaves in a
 * topic folder ("*.part-PID", "*.video-PID.mp4", in the folder, sections/
 * and the "*.mp4.sections/" clip folders; a render's own clip folder
 * "*.mp4.sections-PID-XXXXXX/" whole): those of this process, and with
 * `mine_only` false also those whose process is gone. Call it only when
 * nothing of this process writes in `dir`. Returns how many it removed. */
int c2v_remove_temp_files(const char *dir, bool mine_only);

#endif
