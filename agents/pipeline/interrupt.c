/* The watching thread of interrupt.h. Being an ordinary thread (not a signal
 * handler), it may take locks, write files and print. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "files.h"
#include "interrupt.h"

const char *interrupt_signal_name(int sig, char *buf, size_t size)
{
    if (sig == SIGINT)
        return "SIGINT";
    if (sig == SIGTERM)
        return "SIGTERM";
    if (sig == SIGHUP)
        return "SIGHUP";
    snprintf(buf, size, "signal %d", sig);
    return buf;
}

static void run_note(agent_run *run, const char *fmt, const char *name)
{
    FILE *f = run->opt->progress;
    if (!f)
        return;
    pthread_mutex_lock(&run->log_lock);
    fprintf(f, fmt, name);
    fflush(f);
    pthread_mutex_unlock(&run->log_lock);
}

/* The second signal: what every running topic spent goes to its
 * usage.json, this process's temporary files go, and the process ends. */
static void quit_now(agent_run *run, int sig)
{
    char buf[32];
    const char *name = interrupt_signal_name(sig, buf, sizeof buf);
    for (int i = 0; i < run->count; i++) {
        topic_run *t = run->active[i];
        if (!t)
            continue;
        topic_usage_save(t, "interrupted");
        c2v_remove_temp_files(t->dir, true);
    }
    run_note(run, "c2v-agent: %s, a second signal: quitting now; usage.json saved for the running topics\n", name);
    _exit(128 + sig);
}

static void *watch(void *arg)
{
    interrupt_watch *w = arg;
    agent_run *run = w->run;
    for (;;) {
        int sig = 0;
        if (sigwait(&w->set, &sig) != 0)
            continue;
        pthread_mutex_lock(&run->state_lock);
        if (run->finished) {
            pthread_mutex_unlock(&run->state_lock);
            return NULL;
        }
        if (atomic_load(&run->stop) != 0)
            quit_now(run, sig); /* holds state_lock, so no topic goes away meanwhile */
        atomic_store(&run->stop, sig);
        pthread_mutex_unlock(&run->state_lock);
        char buf[32];
        run_note(run,
                 "c2v-agent: %s: stopping; the calls and renders in flight are cancelled, what was spent goes to "
                 "usage.json, --resume goes on from here (press Ctrl-C again to quit at once)\n",
                 interrupt_signal_name(sig, buf, sizeof buf));
    }
}

c2v_status interrupt_watch_start(agent_run *run, interrupt_watch *w, c2v_error *err)
{
    memset(w, 0, sizeof *w);
    w->run = run;
    sigemptyset(&w->set);
    sigaddset(&w->set, SIGINT);
    sigaddset(&w->set, SIGTERM);
    sigaddset(&w->set, SIGHUP);
    if (pthread_sigmask(SIG_BLOCK, &w->set, &w->old) != 0)
        return c2v_error_set(err, C2V_ERR_NOMEM, "pthread_sigmask failed");
    if (pthread_create(&w->thread, NULL, watch, w) != 0) {
        pthread_sigmask(SIG_SETMASK, &w->old, NULL);
        return c2v_error_set(err, C2V_ERR_NOMEM, "cannot start the thread that waits for Ctrl-C");
    }
    w->started = true;
    return C2V_OK;
}

void interrupt_watch_stop(interrupt_watch *w)
{
    if (!w->started)
        return;
    pthread_mutex_lock(&w->run->state_lock);
    w->run->finished = true;
    pthread_mutex_unlock(&w->run->state_lock);
    /* Wakes sigwait; with `finished` set the thread returns. */
    pthread_kill(w->thread, SIGTERM);
    pthread_join(w->thread, NULL);
    pthread_sigmask(SIG_SETMASK, &w->old, NULL);
    w->started = false;
}
