/* Programs c2v starts with text from a spec or a model (latex and dvisvgm
 * for formulas, Pygments for code listings), run the one way
 * docs/hardening.md describes: in a private work directory, without a
 * shell, with a scrubbed environment, no inherited file descriptors,
 * rlimits, a wall-clock limit that kills the whole process group, and
 * inside a bubblewrap sandbox when the kernel lets one be made: new user
 * (as nobody), mount, PID, network, IPC and UTS namespaces; visible only
 * the libraries, the program itself and the caller's read-only paths, and
 * the work directory, the only place that takes writes. */
#ifndef LR_CORE_SANDBOX_H
#define LR_CORE_SANDBOX_H

#include <librender/lr_base.h>

#include <stdbool.h>
#include <stddef.h>

typedef enum lr_run_result { LR_RUN_EXITED, LR_RUN_TIMED_OUT, LR_RUN_FAILED } lr_run_result;

/* How one program runs. */
typedef struct lr_run_spec {
    const char *bwrap;            /* bubblewrap's path, or NULL to run without the sandbox */
    const char *const *ro_binds;  /* read-only paths besides the libraries, bound when they exist; NULL-terminated */
    const char *dir;              /* the work directory: current directory, HOME, the one writable place */
    const char *stdin_name;       /* a file in dir read as standard input; NULL: /dev/null */
    const char *const *env;       /* entries added to the scrubbed environment; NULL-terminated, or NULL */
    double timeout_s;
} lr_run_spec;

/* Runs `exe` (a path; a link keeps its name, latex picks its format from
 * it) with `argv` as `rs` says; stdout and stderr go to dir/output.txt.
 * Everything the child needs is prepared before fork, so the child makes
 * only async-signal-safe calls. */
lr_run_result lr_run_program(const lr_run_spec *rs, const char *exe, char *const argv[], int *exit_code);

/* The executable for `name`: itself when it holds a '/', else the first
 * match on PATH. */
bool lr_find_program(const char *name, char *out, size_t size);

/* Whether the sandbox can be made here, found out once (per owner) by
 * running a program inside it. */
typedef struct lr_sandbox {
    char *bwrap;                 /* the bubblewrap program, "bwrap" unless a test says */
    const char *const *ro_binds; /* what the programs need to see, read-only */
    int state;                   /* -1: not probed yet; 0: cannot be made; 1: works */
    bool warned;                 /* the missing sandbox was reported on stderr */
    char why[300];
} lr_sandbox;

lr_status lr_sandbox_init(lr_sandbox *sb, const char *const *ro_binds);
void lr_sandbox_fini(lr_sandbox *sb);
/* Another bubblewrap (tests); probes again. */
lr_status lr_sandbox_set_bwrap(lr_sandbox *sb, const char *bwrap);
/* Probes (once) by running `exe probe_argv` inside the sandbox in `dir`:
 * bwrap found on PATH and the kernel letting it make its namespaces (a
 * container may refuse user namespaces). About 10 ms. */
bool lr_sandbox_probe(lr_sandbox *sb, const char *exe, char *const probe_argv[], const char *dir);
/* The bubblewrap to run with (written to bwrap_exe), or NULL when the
 * sandbox cannot be made: then `warning` (a format taking the reason as
 * its one %s) goes to stderr, once. */
const char *lr_sandbox_for(lr_sandbox *sb, const char *exe, char *const probe_argv[], const char *dir,
                           char *bwrap_exe, size_t size, const char *warning);

/* A fresh private directory $TMPDIR/PREFIX-XXXXXX (mode 0700). */
lr_status lr_work_dir_make(char *dir, size_t size, const char *prefix, lr_error *err);
/* Removes a directory and everything under it (links are not followed). */
void lr_work_dir_remove(const char *dir);
/* The first (or last) non-empty line of dir/output.txt, at most 200
 * bytes, for a message; "" when there is none. */
void lr_run_output_line(const char *dir, bool last, char *out, size_t size);

#endif
