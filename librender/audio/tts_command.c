/* An external program as the TTS engine: anything that writes a WAV file
 * (a local neural TTS such as piper, or a script that calls an HTTP TTS
 * API). The command comes from the person running c2v (--tts-command),
 * never from a spec or a model. The text (narration, which a model wrote)
 * never passes through a shell command line, an argument or the
 * environment: it is the program's standard input, read from a file in a
 * private folder. The program runs in a process group of its own, so the
 * time limit ends everything it started. */
#include "audio/audio_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

typedef struct command_state {
    char *command;
    char voice[64];
    int rate_wpm, timeout_s;
} command_state;

static lr_status write_file(const char *path, const char *text, lr_error *err)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return lr_error_set(err, LR_ERR_IO, "%s: cannot create (%s)", path, strerror(errno));
    size_t n = strlen(text);
    bool ok = fwrite(text, 1, n, f) == n;
    ok = fclose(f) == 0 && ok;
    return ok ? LR_OK : lr_error_set(err, LR_ERR_IO, "%s: cannot write", path);
}

/* The last line the program wrote on stderr, for the error message. */
static void last_line(const char *path, char *out, size_t size)
{
    out[0] = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\r\n");
        line[n] = 0;
        if (n)
            snprintf(out, size, "%s", line);
    }
    fclose(f);
}

/* Runs the command; the child's environment is ours plus the voice and rate. */
static lr_status run(command_state *c, const char *dir, const char *wav, lr_error *err)
{
    char in_path[4200], err_path[4200], voice_env[96], rate_env[48];
    snprintf(in_path, sizeof in_path, "%s/text.txt", dir);
    snprintf(err_path, sizeof err_path, "%s/stderr.txt", dir);
    snprintf(voice_env, sizeof voice_env, "C2V_TTS_VOICE=%s", c->voice);
    snprintf(rate_env, sizeof rate_env, "C2V_TTS_RATE=%d", c->rate_wpm);
    size_t nenv = 0;
    while (environ && environ[nenv])
        nenv++;
    char **envp = calloc(nenv + 3, sizeof *envp);
    if (!envp)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < nenv; i++)
        if (strncmp(environ[i], "C2V_TTS_VOICE=", 14) != 0 && strncmp(environ[i], "C2V_TTS_RATE=", 13) != 0)
            envp[k++] = environ[i];
    envp[k++] = voice_env;
    envp[k++] = rate_env;

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawn_file_actions_addopen(&fa, 0, in_path, O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    char *argv[] = {"/bin/sh", "-c", c->command, "c2v-tts", (char *)wav, NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, "/bin/sh", &fa, &attr, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    free(envp);
    if (rc != 0)
        return lr_error_set(err, LR_ERR_IO, "TTS command: cannot start /bin/sh (%s)", strerror(rc));
    /* Poll, so that a hung program is killed after its time limit. */
    int status = 0;
    struct timespec tick = {0, 10 * 1000 * 1000};
    long waited_ms = 0;
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            break;
        if (r < 0 && errno != EINTR)
            return lr_error_set(err, LR_ERR_IO, "TTS command: waitpid failed (%s)", strerror(errno));
        if (waited_ms >= (long)c->timeout_s * 1000) {
            kill(-pid, SIGKILL); /* the shell and whatever it started */
            waitpid(pid, &status, 0);
            return lr_error_set(err, LR_ERR_IO, "TTS command \"%s\" ran past its %d s limit and was stopped",
                                c->command, c->timeout_s);
        }
        nanosleep(&tick, NULL);
        waited_ms += 10;
    }
    kill(-pid, SIGKILL); /* anything it left running, which could still write the WAV */
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        char line[512];
        last_line(err_path, line, sizeof line);
        return lr_error_set(err, LR_ERR_IO, "TTS command \"%s\" failed (%s %d)%s%s", c->command,
                            WIFEXITED(status) ? "exit status" : "signal",
                            WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), line[0] ? ": " : "", line);
    }
    return LR_OK;
}

static lr_status command_synth(void *state, const char *text, lr_pcm *out, lr_error *err)
{
    command_state *c = state;
    const char *tmp = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/c2v-tts-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return lr_error_set(err, LR_ERR_IO, "%s: cannot create a temporary folder (%s)", dir, strerror(errno));
    char in_path[4200], err_path[4200], wav[4200];
    snprintf(in_path, sizeof in_path, "%s/text.txt", dir);
    snprintf(err_path, sizeof err_path, "%s/stderr.txt", dir);
    snprintf(wav, sizeof wav, "%s/speech.wav", dir);
    lr_status s = write_file(in_path, text, err);
    if (s == LR_OK)
        s = run(c, dir, wav, err);
    struct stat st;
    if (s == LR_OK && (stat(wav, &st) != 0 || st.st_size == 0))
        s = lr_error_set(err, LR_ERR_IO, "TTS command \"%s\" exited 0 but wrote no audio to \"$1\"", c->command);
    if (s == LR_OK)
        s = lr_pcm_load(wav, LR_AUDIO_RATE, out, err);
    remove(wav);
    remove(in_path);
    remove(err_path);
    rmdir(dir);
    return s;
}

static void command_destroy(void *state)
{
    command_state *c = state;
    if (c)
        free(c->command);
    free(c);
}

static const lr_tts_engine command_engine = {"command", command_synth, command_destroy};

lr_status lr_tts_command_open(const lr_tts_desc *desc, const lr_tts_engine **engine, void **state, lr_error *err)
{
    if (!desc->command || !desc->command[0])
        return lr_error_set(err, LR_ERR_INVALID_ARG,
                            "the command TTS engine needs a command (it gets the text on stdin and writes a WAV "
                            "file to \"$1\")");
    if (strlen(desc->voice) >= sizeof((command_state *)0)->voice)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "voice name \"%.40s...\" is too long", desc->voice);
    command_state *c = calloc(1, sizeof *c);
    if (!c || !(c->command = strdup(desc->command))) {
        free(c);
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    snprintf(c->voice, sizeof c->voice, "%s", desc->voice);
    c->rate_wpm = desc->rate_wpm;
    c->timeout_s = desc->timeout_s;
    *engine = &command_engine;
    *state = c;
    return LR_OK;
}
