/* Running an outside program the one hardened way (sandbox.h). Moved out
 * of tex.c when a second program (Pygments) came to need it. */
#include "core/sandbox.h"
#include "core/file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Inside the sandbox the programs run as nobody. */
#define SANDBOX_ID "65534"
#define SANDBOX_MAX_ARGS 96
#define SANDBOX_MAX_BINDS 16
#define RUN_MAX_ENV 16

bool lr_find_program(const char *name, char *out, size_t size)
{
    if (strchr(name, '/')) {
        snprintf(out, size, "%s", name);
        return access(out, X_OK) == 0;
    }
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        const char *colon = strchr(path, ':');
        size_t len = colon ? (size_t)(colon - path) : strlen(path);
        if (len > 0 && len + strlen(name) + 2 <= size) {
            memcpy(out, path, len);
            out[len] = '/';
            strcpy(out + len + 1, name);
            struct stat sb;
            if (stat(out, &sb) == 0 && S_ISREG(sb.st_mode) && access(out, X_OK) == 0)
                return true;
        }
        if (!colon)
            break;
        path = colon + 1;
    }
    return false;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The bwrap command line that runs `exe` (an absolute path, possibly a
 * link: latex is a link to pdftex, which picks its format from the name
 * it is started by) in the work directory `dir`. Only the libraries, the
 * caller's read-only paths and the program itself are visible, all
 * read-only; no other program, so no shell either (Ghostscript's %pipe%
 * needs /bin/sh). The strings are the caller's or constants. */
static size_t sandbox_argv(const char *bwrap, const char *const *ro_binds, const char *exe, const char *exe_real,
                           const char *dir, char **out)
{
    static const char *const fixed[] = {
        "--unshare-all", "--unshare-user", "--uid", SANDBOX_ID, "--gid", SANDBOX_ID, "--disable-userns",
        "--die-with-parent", "--new-session", "--cap-drop", "ALL",
        "--ro-bind", "/usr/lib", "/usr/lib",
        "--ro-bind-try", "/usr/lib64", "/usr/lib64",
        "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache",
        "--symlink", "usr/lib", "/lib",
        "--symlink", "usr/lib64", "/lib64",
        "--dev", "/dev", "--proc", "/proc", NULL};
    size_t n = 0;
    out[n++] = (char *)bwrap;
    for (size_t i = 0; fixed[i]; i++)
        out[n++] = (char *)fixed[i];
    for (size_t i = 0; ro_binds && ro_binds[i] && i < SANDBOX_MAX_BINDS; i++) {
        out[n++] = "--ro-bind-try";
        out[n++] = (char *)ro_binds[i];
        out[n++] = (char *)ro_binds[i];
    }
    out[n++] = "--ro-bind";
    out[n++] = (char *)exe_real;
    out[n++] = (char *)exe_real;
    bool link = exe[0] == '/' && strcmp(exe, exe_real) != 0;
    if (link) {
        out[n++] = "--symlink";
        out[n++] = (char *)exe_real;
        out[n++] = (char *)exe;
    }
    out[n++] = "--bind";
    out[n++] = (char *)dir;
    out[n++] = (char *)dir;
    /* The root is a fresh tmpfs holding the mount points: read-only too,
     * so the work directory is all that takes writes. No /tmp of its own
     * (TMPDIR is the work directory): a writable tmpfs there would also hold
     * the work directory's parents when it lies under /tmp, and a file
     * written beside it would look, from inside, like a write outside. */
    out[n++] = "--remount-ro";
    out[n++] = "/";
    out[n++] = "--chdir";
    out[n++] = (char *)dir;
    out[n++] = "--";
    out[n++] = (char *)(exe[0] == '/' ? exe : exe_real); /* a relative name has no place inside */
    return n;
}

lr_run_result lr_run_program(const lr_run_spec *rs, const char *exe, char *const argv[], int *exit_code)
{
    char out_path[4096], in_path[4096];
    snprintf(out_path, sizeof out_path, "%s/output.txt", rs->dir);
    if (rs->stdin_name)
        snprintf(in_path, sizeof in_path, "%s/%s", rs->dir, rs->stdin_name);
    else
        snprintf(in_path, sizeof in_path, "/dev/null");
    const char *path = getenv("PATH");
    char env_path[4096], env_home[4096];
    snprintf(env_path, sizeof env_path, "PATH=%s", path && *path ? path : "/usr/local/bin:/usr/bin:/bin");
    snprintf(env_home, sizeof env_home, "HOME=%s", rs->dir);
    char env_tmp[4096];
    snprintf(env_tmp, sizeof env_tmp, "TMPDIR=%s", rs->dir);
    char *envp[RUN_MAX_ENV + 5];
    size_t ne = 0;
    envp[ne++] = env_path;
    envp[ne++] = env_home;
    envp[ne++] = env_tmp;
    envp[ne++] = "LC_ALL=C";
    for (size_t i = 0; rs->env && rs->env[i] && i < RUN_MAX_ENV; i++)
        envp[ne++] = (char *)rs->env[i];
    envp[ne] = NULL;

    size_t nargs = 0;
    while (argv[nargs])
        nargs++;
    char *full[SANDBOX_MAX_ARGS + 32];
    char exe_real[4096];
    const char *run_exe = exe;
    char *const *run_argv = argv;
    if (rs->bwrap) {
        if (nargs > 30 || !realpath(exe, exe_real))
            return LR_RUN_FAILED;
        size_t n = sandbox_argv(rs->bwrap, rs->ro_binds, exe, exe_real, rs->dir, full);
        for (size_t i = 1; i <= nargs; i++) /* argv[0] becomes exe, the name bwrap starts it by */
            full[n++] = argv[i];
        run_exe = rs->bwrap;
        run_argv = full;
    }

    /* Caps that hold even if the kill below came too late: no file over
     * 64 MiB (a program that writes without end) and CPU time a little
     * past the wall-clock limit. */
    struct rlimit fsize = {(rlim_t)64 << 20, (rlim_t)64 << 20};
    rlim_t cpu_s = (rlim_t)rs->timeout_s + 2;
    struct rlimit cpu = {cpu_s, cpu_s};
    struct rlimit nofile = {1024, 1024};
    getrlimit(RLIMIT_NOFILE, &nofile);
    int max_fd = nofile.rlim_cur == RLIM_INFINITY || nofile.rlim_cur > 65536 ? 65536 : (int)nofile.rlim_cur;
    pid_t pid = fork();
    if (pid < 0)
        return LR_RUN_FAILED;
    if (pid == 0) {
        setpgid(0, 0);
        setrlimit(RLIMIT_FSIZE, &fsize);
        setrlimit(RLIMIT_CPU, &cpu);
        if (chdir(rs->dir) != 0)
            _exit(126);
        int in = open(in_path, O_RDONLY | O_NOFOLLOW);
        int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (in < 0 || out < 0)
            _exit(126);
        dup2(in, 0);
        dup2(out, 1);
        dup2(out, 2);
        /* Nothing the caller has open (an output video, a connection to an
         * LLM API) may reach the program: an inherited descriptor would go
         * through any sandbox ("/dev/fd/N" from PostScript). */
#ifdef SYS_close_range
        if (syscall(SYS_close_range, 3u, ~0u, 0u) != 0)
#endif
            for (int fd = 3; fd < max_fd; fd++)
                close(fd);
        execve(run_exe, run_argv, envp);
        _exit(127);
    }
    setpgid(pid, pid); /* also here, so the kill below cannot miss */
    double deadline = now_s() + rs->timeout_s;
    int status = 0;
    lr_run_result result = LR_RUN_FAILED;
    for (;;) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid) {
            result = LR_RUN_EXITED;
            break;
        }
        if (w < 0 && errno != EINTR)
            break;
        if (now_s() > deadline) {
            /* bwrap is in the group; the sandbox is its child in a PID
             * namespace, which dies with it (--die-with-parent), and with
             * the namespace's first process everything in it. */
            kill(-pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            result = LR_RUN_TIMED_OUT;
            break;
        }
        struct timespec nap = {0, 2000000};
        nanosleep(&nap, NULL);
    }
    kill(-pid, SIGKILL); /* anything the program left behind in its group */
    if (result == LR_RUN_EXITED)
        *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    return result;
}

void lr_run_output_line(const char *dir, bool last, char *out, size_t size)
{
    char path[4200], *text = NULL;
    out[0] = '\0';
    snprintf(path, sizeof path, "%s/output.txt", dir);
    if (lr_file_read_all(path, 1 << 16, &text, NULL) != LR_OK)
        return;
    const char *best = NULL;
    size_t best_len = 0;
    for (const char *p = text; *p;) {
        while (*p == '\n' || *p == '\r' || *p == ' ')
            p++;
        size_t len = strcspn(p, "\r\n");
        while (len > 0 && p[len - 1] == ' ')
            len--;
        if (len > 0) {
            best = p;
            best_len = len;
            if (!last)
                break;
        }
        p += strcspn(p, "\r\n");
    }
    if (best)
        snprintf(out, size, "%.*s", (int)(best_len > 200 ? 200 : best_len), best);
    free(text);
}

lr_status lr_sandbox_init(lr_sandbox *sb, const char *const *ro_binds)
{
    memset(sb, 0, sizeof *sb);
    sb->ro_binds = ro_binds;
    sb->state = -1;
    sb->bwrap = strdup("bwrap");
    return sb->bwrap ? LR_OK : LR_ERR_NOMEM;
}

void lr_sandbox_fini(lr_sandbox *sb)
{
    free(sb->bwrap);
    sb->bwrap = NULL;
}

lr_status lr_sandbox_set_bwrap(lr_sandbox *sb, const char *bwrap)
{
    char *b = bwrap ? strdup(bwrap) : NULL;
    if (!b)
        return LR_ERR_NOMEM;
    free(sb->bwrap);
    sb->bwrap = b;
    sb->state = -1;
    sb->warned = false;
    return LR_OK;
}

bool lr_sandbox_probe(lr_sandbox *sb, const char *exe, char *const probe_argv[], const char *dir)
{
    if (sb->state >= 0)
        return sb->state == 1;
    char bwrap_exe[4096];
    sb->state = 0;
    if (!lr_find_program(sb->bwrap, bwrap_exe, sizeof bwrap_exe)) {
        snprintf(sb->why, sizeof sb->why,
                 "bubblewrap is not installed (no \"%.100s\" on PATH; Debian package bubblewrap)", sb->bwrap);
        return false;
    }
    lr_run_spec rs = {bwrap_exe, sb->ro_binds, dir, NULL, NULL, 10.0};
    int code = -1;
    lr_run_result rr = lr_run_program(&rs, exe, probe_argv, &code);
    if (rr == LR_RUN_EXITED && code == 0) {
        sb->state = 1;
        return true;
    }
    char line[256];
    lr_run_output_line(dir, false, line, sizeof line);
    snprintf(sb->why, sizeof sb->why, "%.100s cannot make its namespaces here (%.150s)", bwrap_exe,
             line[0] ? line : rr == LR_RUN_TIMED_OUT ? "timed out" : "no message");
    return false;
}

const char *lr_sandbox_for(lr_sandbox *sb, const char *exe, char *const probe_argv[], const char *dir,
                           char *bwrap_exe, size_t size, const char *warning)
{
    if (!lr_sandbox_probe(sb, exe, probe_argv, dir)) {
        if (!sb->warned) {
            fprintf(stderr, warning, sb->why);
            fputc('\n', stderr);
        }
        sb->warned = true;
        return NULL;
    }
    return lr_find_program(sb->bwrap, bwrap_exe, size) ? bwrap_exe : NULL;
}

lr_status lr_work_dir_make(char *dir, size_t size, const char *prefix, lr_error *err)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, size, "%s/%s-XXXXXX", tmp && tmp[0] == '/' ? tmp : "/tmp", prefix);
    if (!mkdtemp(dir))
        return lr_error_set(err, LR_ERR_IO, "cannot create a temporary directory under %s", tmp ? tmp : "/tmp");
    return LR_OK;
}

void lr_work_dir_remove(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char path[4096];
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            struct stat sb;
            if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
                lr_work_dir_remove(path);
            else
                unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
}
