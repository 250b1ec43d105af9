/* session: one scenario on screen — the loaded scenario, its running simulation and the
 * actions the user injected. A jump back in time restores the nearest earlier checkpoint (a
 * copy of the run, sim_clone) and runs forward from there, re-injecting the user's actions at
 * their times, so what the class sees is always what `deploysim run` of the recorded file
 * gives. The UI changes the model only through session_inject. */
#ifndef DEPLOYSIM_UI_SESSION_H
#define DEPLOYSIM_UI_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "sim.h"

/* Checkpoints: a copy of the run every SESSION_CHECKPOINT_EVERY simulated seconds while it
 * runs forward, at most SESSION_CHECKPOINT_BYTES in all; past that, the one whose neighbours
 * are closest in replay work (events and simulated time) goes. Why: creating the run is most
 * of a jump's cost on a large cluster (1,000 nodes / 30,000 pods: 0.5-0.85 s to place the pods
 * at time 0; a copy takes 3-10 ms and 25 MiB). */
#define SESSION_CHECKPOINT_EVERY 30 /* seconds */
#define SESSION_CHECKPOINT_BYTES ((size_t)256 << 20)

typedef struct {
    sim_t *sim;      /* the run at `at`, never advanced: restoring copies it */
    sim_time_t at;   /* its time */
    uint64_t events; /* events processed up to it: what a replay from it to another costs */
    int next_act;    /* the user's actions applied in it */
    size_t bytes;    /* its memory */
} session_checkpoint_t;

typedef struct {
    const char *file;
    scenario_t *sc;
    sim_t *sim;
    action_t *acts; /* injected by the user, in time order (pod names owned) */
    int act_count, act_cap;
    int next_act;              /* first action not yet applied to `sim` */
    session_checkpoint_t *cps; /* by time; cps[0] is time 0 (unless out of memory) */
    int cp_count, cp_cap;
    sim_time_t cp_every; /* spacing of the checkpoints taken (SESSION_CHECKPOINT_EVERY) */
    size_t cp_bytes;     /* their memory in all */
    size_t cp_limit;     /* at most this much (SESSION_CHECKPOINT_BYTES) */
    unsigned swaps;      /* bumped whenever `sim` becomes another run (created, restored): what
                          * was read from the previous one is read again */
} session_t;

/* Loads and validates `file` and creates its run at time 0. Nonzero with `diag` filled on
 * bad input. */
int session_open(session_t *s, const char *file, diag_t *diag);
void session_close(session_t *s);

/* A fresh run at time 0; forget = also drop the user's actions. */
int session_restart(session_t *s, bool forget, diag_t *diag);
/* Moves to time t (clamped to the duration): from the latest checkpoint at or before t when
 * going backwards (or when it is past now), else onwards from now. */
int session_seek(session_t *s, sim_time_t t, diag_t *diag);
/* Applies an action now and keeps it; actions kept for later times (after a jump back) are
 * dropped, since the timeline now differs. 0, or -1 with the simulator's reason in err. */
int session_inject(session_t *s, const action_t *a, char *err, size_t errlen);

/* Writes the scenario with `events` replaced by every action of the session (applied ones,
 * then those still to come), so `deploysim run FILE` replays it. 0, or -1 with err. */
int session_write_record(const session_t *s, const char *path, char *err, size_t errlen);

/* "deploy web v2", "failNode workers-2": an action in words, for toasts and chart markers. */

#endif
