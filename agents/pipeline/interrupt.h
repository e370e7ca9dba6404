/* Ctrl-C for a run (c2v_agent_options.handle_interrupt): a thread waits for
 * SIGINT, SIGTERM or SIGHUP with sigwait, so no handler and no global state
 * are needed. The first signal sets the run's stop request (calls and
 * renders in flight are cancelled and every stage winds down, writing what
 * it spent); a second one saves every running topic's usage.json, removes
 * this process's temporary files and quits at once. */
#ifndef C2V_PIPELINE_INTERRUPT_H
#define C2V_PIPELINE_INTERRUPT_H

#include <signal.h>

#include "run.h"

typedef struct interrupt_watch {
    agent_run *run;
    pthread_t thread;
    sigset_t set, old;
    bool started;
} interrupt_watch;

/* Blocks the signals in this thread (the run's workers, started after,
 * inherit that) and starts the watching thread. */
c2v_status interrupt_watch_start(agent_run *run, interrupt_watch *w, c2v_error *err);
/* Marks the run finished, ends the watching thread, restores the mask. */
void interrupt_watch_stop(interrupt_watch *w);

/* "SIGINT", "SIGTERM", "SIGHUP" or "signal N". */
const char *interrupt_signal_name(int sig, char *buf, size_t size);

#endif
