/* Started by test_tex_sandbox.c the way latex and dvisvgm are started
 * (lr_tex_run_program): reports what a program in that place can reach.
 *   sandbox_probe check PRIVATE OUTSIDE PORT FD PID
 *     prints "ok WHAT" or "FAIL WHAT: detail" for each reach it tries: the
 *     file PRIVATE, creating OUTSIDE, 127.0.0.1:PORT, the descriptor FD the
 *     test left open, the test's process PID, a shell, /usr, the work
 *     folder (which must stay writable); exits 0 when nothing failed.
 *   sandbox_probe hang
 *     leaves a process behind in a session of its own, then sleeps: the
 *     wall-clock limit must end both. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

static void report(int ok, const char *what, const char *detail)
{
    if (ok)
        printf("ok %s\n", what);
    else
        printf("FAIL %s: %s\n", what, detail);
    failures += !ok;
}

static int hang(void)
{
    pid_t child = fork();
    if (child == 0) {
        setsid();
        if (fork() == 0) {
            signal(SIGHUP, SIG_IGN);
            for (;;)
                pause();
        }
        _exit(0);
    }
    waitpid(child, NULL, 0);
    for (;;)
        pause();
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "hang") == 0)
        return hang();
    if (argc != 7 || strcmp(argv[1], "check") != 0) {
        fprintf(stderr, "usage: sandbox_probe check PRIVATE OUTSIDE PORT FD PID | hang\n");
        return 2;
    }
    char detail[256];

    int fd = open(argv[2], O_RDONLY);
    snprintf(detail, sizeof detail, "opened %s", argv[2]);
    report(fd < 0, "private file unreadable", detail);
    if (fd >= 0)
        close(fd);

    fd = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0600);
    snprintf(detail, sizeof detail, "created %s", argv[3]);
    report(fd < 0, "nothing writable outside", detail);
    if (fd >= 0)
        close(fd);

    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(argv[4]));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int connected = s >= 0 && connect(s, (struct sockaddr *)&addr, sizeof addr) == 0;
    snprintf(detail, sizeof detail, "connected to 127.0.0.1:%s", argv[4]);
    report(!connected, "no network", detail);
    if (s >= 0)
        close(s);

    int inherited = fcntl(atoi(argv[5]), F_GETFD) != -1;
    int open_fds = 0;
    for (int i = 3; i < 1024; i++)
        open_fds += fcntl(i, F_GETFD) != -1;
    snprintf(detail, sizeof detail, "descriptor %s is open, %d open above 2", argv[5], open_fds);
    report(!inherited && open_fds == 0, "no inherited descriptors", detail);

    pid_t outer = (pid_t)atoi(argv[6]);
    int seen = kill(outer, 0) == 0 || errno == EPERM;
    snprintf(detail, sizeof detail, "process %d is visible (own pid %d)", (int)outer, (int)getpid());
    report(!seen, "other processes invisible", detail);

    static const char *const programs[] = {"/bin/sh", "/usr/bin/sh", "/bin/bash", "/usr/bin/dash", "/usr/bin/env",
                                           "/usr/bin/perl", "/usr/bin/python3", "/usr/bin/gs", NULL};
    const char *found = NULL;
    for (int i = 0; programs[i] && !found; i++)
        if (access(programs[i], X_OK) == 0)
            found = programs[i];
    pid_t child = fork();
    if (child == 0) {
        execl("/bin/sh", "sh", "-c", "exit 0", (char *)NULL);
        _exit(99);
    }
    int status = 0;
    waitpid(child, &status, 0);
    int ran = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    snprintf(detail, sizeof detail, "%s%s", found ? found : "", ran ? " ran /bin/sh" : "");
    report(!found && !ran, "no shell or other program", detail);

    struct statvfs vfs;
    report(statvfs("/usr/share", &vfs) == 0 && (vfs.f_flag & ST_RDONLY), "/usr read-only",
           "/usr/share is mounted writable");

    report(access("/etc/passwd", F_OK) != 0 && access("/home", F_OK) != 0 && access("/root", F_OK) != 0,
           "no /etc/passwd, /home or /root", "one of them is there");
    report(getuid() != 0, "not root", "uid 0");
    report(getenv("C2V_PROBE_SECRET") == NULL, "environment scrubbed", "C2V_PROBE_SECRET is set");

    fd = open("probe-wrote.txt", O_WRONLY | O_CREAT | O_TRUNC, 0600);
    report(fd >= 0 && write(fd, "x", 1) == 1, "work folder writable", strerror(errno));
    if (fd >= 0)
        close(fd);
    return failures ? 1 : 0;
}
