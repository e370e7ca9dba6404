/* Layer 3 of the LaTeX defences on its own: the bubblewrap sandbox around
 * latex and dvisvgm.
 *  - The exploits of test_tex_layers (a shell command through %pipe%, a
 *    file written outside, a private file drawn) as whole documents with
 *    the filter and the specials layer off: only the sandbox stands, and
 *    it stops all three.
 *  - A probe program started exactly as latex is (lr_tex_run_program)
 *    reports what it can reach: no private file, nothing writable but the
 *    work folder, no network, no inherited descriptor, no other process,
 *    no shell or other program, /usr read-only, not root. The same probe
 *    outside the sandbox reaches those things, so the probe can tell.
 *  - A program that leaves a process behind in a session of its own is
 *    ended whole by the time limit; outside the sandbox that process
 *    escapes the kill of the process group.
 * Where the kernel refuses the namespaces the test is skipped (exit 77);
 * docs/hardening.md says what holds then. */
#include "tex_hostile.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

static char marker[1024], outside[1024], secret[1024], probe[1024];

static lr_tex_context *context(unsigned off)
{
    lr_tex_config cfg = lr_tex_config_default();
    cfg.cache_dir = "";
    lr_tex_context *ctx = NULL;
    lr_error err = {0};
    LRT_CHECK_OK(lr_tex_context_create(&ctx, &cfg, &err));
    if (ctx)
        lr_tex_disable_layers(ctx, off);
    return ctx;
}

static char *compile_document(lr_tex_context *ctx, const char *doc)
{
    char *svg = NULL;
    size_t n = 0;
    lr_error err = {0};
    if (lr_tex_compile_document(ctx, doc, &svg, &n, &err) != LR_OK)
        return NULL;
    return svg;
}

static void test_exploits(void)
{
    lr_tex_context *ctx = context(LR_TEX_LAYER_FILTER | LR_TEX_LAYER_SPECIALS);
    if (!ctx)
        return;
    char doc[4096];
    unlink(marker);
    exploit_document(EXPLOIT_PIPE, marker, doc, sizeof doc);
    free(compile_document(ctx, doc));
    LRT_CHECK_MSG(!file_exists(marker), "the sandbox let a shell command touch %s", marker);
    unlink(outside);
    exploit_document(EXPLOIT_WRITE, outside, doc, sizeof doc);
    free(compile_document(ctx, doc));
    LRT_CHECK_MSG(!file_exists(outside), "the sandbox let PostScript write %s", outside);
    char *plain = compile_document(ctx, "\\documentclass{article}\\pagestyle{empty}\\begin{document}x\\end{document}\n");
    exploit_document(EXPLOIT_READ, secret, doc, sizeof doc);
    char *read = compile_document(ctx, doc);
    LRT_CHECK_MSG(plain != NULL, "the sandbox keeps a plain document from compiling");
    size_t base = plain ? count_paths(plain) : 0, got = read ? count_paths(read) : base;
    LRT_CHECK_MSG(got == base, "the private file was drawn: %zu paths, %zu without the special", got, base);
    free(plain);
    free(read);
    /* a formula with colours still compiles and comes out coloured */
    lr_tex_style st = lr_tex_style_default();
    lr_tex_color map[] = {{"b", {0, 1, 0, 1}}};
    st.colors = map;
    st.ncolors = 1;
    lr_mobject *m = NULL;
    lr_error err = {0};
    LRT_CHECK_OK(lr_tex_create(ctx, "a+b", &st, &m, &err));
    if (m && lr_mobject_child_count(m) == 3)
        LRT_CHECK(lr_mobject_get_style(lr_mobject_child(m, 2)).fill.g > 0.99f &&
                  lr_mobject_get_style(lr_mobject_child(m, 2)).fill.r < 0.01f);
    lr_mobject_destroy(m);
    lr_tex_context_destroy(ctx);
}

static bool make_dir(char *dir, size_t size)
{
    snprintf(dir, size, "/tmp/c2v-sandbox-test-XXXXXX");
    return mkdtemp(dir) != NULL;
}

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[1400];
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(path, sizeof path, "%.1000s/%.255s", dir, e->d_name);
            unlink(path);
        }
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

/* Runs the probe's checks; returns its report (malloc'd) or NULL. */
static char *run_probe(lr_tex_context *ctx, int port, int fd, bool *all_ok)
{
    char dir[256], port_s[16], fd_s[16], pid_s[16];
    if (!make_dir(dir, sizeof dir))
        return NULL;
    snprintf(port_s, sizeof port_s, "%d", port);
    snprintf(fd_s, sizeof fd_s, "%d", fd);
    snprintf(pid_s, sizeof pid_s, "%d", (int)getpid());
    char *argv[] = {probe, "check", secret, outside, port_s, fd_s, pid_s, NULL};
    int code = -1;
    lr_error err = {0};
    unlink(outside);
    LRT_CHECK_OK(lr_tex_run_program(ctx, probe, argv, dir, 10.0, &code, &err));
    *all_ok = code == 0;
    char path[400];
    snprintf(path, sizeof path, "%s/output.txt", dir);
    FILE *f = fopen(path, "rb");
    char *text = calloc(1, 8192);
    if (f && text)
        text[fread(text, 1, 8191, f)] = 0;
    if (f)
        fclose(f);
    remove_dir(dir);
    if (file_exists(outside)) {
        *all_ok = false;
        printf("%s exists after the run\n", outside);
    }
    unlink(outside);
    return text;
}

static void test_probe(void)
{
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    LRT_CHECK(listener >= 0 && bind(listener, (struct sockaddr *)&addr, sizeof addr) == 0 && listen(listener, 4) == 0 &&
              getsockname(listener, (struct sockaddr *)&addr, &len) == 0);
    int port = ntohs(addr.sin_port);
    int open_fd = open(secret, O_RDONLY); /* no O_CLOEXEC: the runner must close it */
    setenv("C2V_PROBE_SECRET", "token", 1);

    lr_tex_context *inside = context(0);
    bool ok = false;
    char *report = inside ? run_probe(inside, port, open_fd, &ok) : NULL;
    printf("the probe in the sandbox:\n%s", report ? report : "(no report)\n");
    LRT_CHECK_MSG(report && ok && !strstr(report, "FAIL") && strstr(report, "ok work folder writable"),
                  "the sandbox let the probe reach something");
    free(report);
    lr_tex_context_destroy(inside);

    /* the control: outside the sandbox the probe does reach these */
    lr_tex_context *bare = context(LR_TEX_LAYER_SANDBOX);
    report = bare ? run_probe(bare, port, open_fd, &ok) : NULL;
    printf("the probe without the sandbox:\n%s", report ? report : "(no report)\n");
    static const char *const reached[] = {"FAIL private file unreadable", "FAIL nothing writable outside",
                                          "FAIL no network", "FAIL other processes invisible",
                                          "FAIL no shell or other program", "FAIL /usr read-only"};
    for (size_t i = 0; report && i < sizeof reached / sizeof reached[0]; i++)
        LRT_CHECK_MSG(strstr(report, reached[i]) != NULL, "the probe cannot tell: \"%s\" missing outside the sandbox",
                      reached[i]);
    /* the scrubbed environment and the closed descriptors hold either way */
    LRT_CHECK(report && strstr(report, "ok environment scrubbed") && strstr(report, "ok no inherited descriptors"));
    free(report);
    lr_tex_context_destroy(bare);
    unsetenv("C2V_PROBE_SECRET");
    if (open_fd >= 0)
        close(open_fd);
    if (listener >= 0)
        close(listener);
}

/* Processes whose program is the probe, killed when `kill_them`. */
static int probes_running(bool kill_them)
{
    int n = 0;
    DIR *d = opendir("/proc");
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9')
            continue;
        char link[300], target[1100];
        snprintf(link, sizeof link, "/proc/%.20s/exe", e->d_name);
        ssize_t k = readlink(link, target, sizeof target - 1);
        if (k <= 0)
            continue;
        target[k] = 0;
        if (strcmp(target, probe) == 0) {
            n++;
            if (kill_them)
                kill((pid_t)atoi(e->d_name), SIGKILL);
        }
    }
    if (d)
        closedir(d);
    return n;
}

static void nap_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void test_hang(void)
{
    for (int sandboxed = 1; sandboxed >= 0; sandboxed--) {
        lr_tex_context *ctx = context(sandboxed ? 0 : LR_TEX_LAYER_SANDBOX);
        char dir[256];
        if (!ctx || !make_dir(dir, sizeof dir))
            return;
        char *argv[] = {probe, "hang", NULL};
        int code = -1;
        lr_error err = {0};
        LRT_CHECK_STATUS(lr_tex_run_program(ctx, probe, argv, dir, 1.0, &code, &err), LR_ERR_TEX);
        LRT_CHECK_MSG(strstr(err.message, "did not finish"), "%s", err.message);
        nap_ms(300);
        int left = probes_running(false);
        if (sandboxed)
            LRT_CHECK_MSG(left == 0, "%d probe processes outlived the time limit in the sandbox", left);
        else
            LRT_CHECK_MSG(left >= 1, "the control: without the sandbox the session-leaving process should escape");
        probes_running(true);
        remove_dir(dir);
        lr_tex_context_destroy(ctx);
    }
}

int main(void)
{
    lrt_build_path(marker, sizeof marker, "tests/tex/sandbox-marker");
    lrt_build_path(outside, sizeof outside, "tests/tex/sandbox-outside.txt");
    lrt_build_path(secret, sizeof secret, "tests/tex/sandbox-secret.txt");
    lrt_build_path(probe, sizeof probe, "tests/tex/tex_sandbox_probe");
    write_text(secret, "SECRET");
    chmod(secret, 0600);

    lr_tex_context *ctx = context(0);
    char why[300] = "";
    bool can = ctx && lr_tex_sandboxed(ctx, why, sizeof why);
    lr_tex_context_destroy(ctx);
    if (!can) {
        printf("tex_sandbox: SKIPPED, the sandbox cannot be made here: %s\n", why);
        unlink(secret);
        return 77;
    }
    test_exploits();
    test_probe();
    test_hang();
    unlink(secret);
    return lrt_finish("tex_sandbox");
}
