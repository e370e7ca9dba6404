/* The topic folder's files: artefacts written under a temporary name and
 * renamed, read back for --resume. */
#ifndef C2V_PIPELINE_FILES_H
#define C2V_PIPELINE_FILES_H

#include "agent_internal.h"

/* Writes `text` to path.part then renames it over `path`. */
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

#endif
