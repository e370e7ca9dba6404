/* Stands in for Debian's python3 in spec_code: librender/code starts it
 * the way it starts Pygments (sandboxed, the code on standard input,
 * "-o FILE" last on the command line), and it acts on the code it reads:
 *   SLOW      sleeps a minute: the time limit must stop it;
 *   CRASH     says "ValueError: boom" on stderr and exits 1;
 *   GARBAGE   writes output that is not well-formed;
 *   MISMATCH  writes well-formed output holding other text than the code;
 *   PROBE P   reports on stderr what it can reach (the system's /etc and
 *             /usr/share, /home, its user, creating the file P outside its
 *             work folder), then exits 3.
 * "--version" (the sandbox's probe) exits 0. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    const char *out = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--version") == 0) {
            puts("fake 1");
            return 0;
        }
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            out = argv[i + 1];
    }
    char in[4096];
    size_t n = fread(in, 1, sizeof in - 1, stdin);
    in[n] = '\0';
    if (strncmp(in, "SLOW", 4) == 0) {
        sleep(60);
        return 0;
    }
    if (strncmp(in, "CRASH", 5) == 0) {
        fprintf(stderr, "Traceback (most recent call last):\n  File \"x.py\", line 1\nValueError: boom\n");
        return 1;
    }
    if (strncmp(in, "PROBE ", 6) == 0) {
        char *path = in + 6;
        path[strcspn(path, "\n")] = '\0';
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd >= 0)
            close(fd);
        fprintf(stderr, "probe etc=%d share=%d home=%d uid=%d outside=%d\n", access("/etc/passwd", F_OK) == 0,
                access("/usr/share", F_OK) == 0, access("/home", F_OK) == 0, (int)getuid(), fd >= 0);
        return 3;
    }
    FILE *f = out ? fopen(out, "w") : NULL;
    if (!f)
        return 2;
    if (strncmp(in, "GARBAGE", 7) == 0)
        fputs("<span style=\"color: #ff0000\">GARBAGE</spam>", f);
    else if (strncmp(in, "MISMATCH", 8) == 0)
        fputs("<span style=\"color: #ff0000\">something else</span>\n", f);
    else
        fputs("<span>?</span>", f);
    fclose(f);
    return 0;
}
