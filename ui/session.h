/* session: one scenario on screen — the loaded scenario, its running simulation and the
 * actions the user injected. A jump back in time re-creates the simulation and re-injects
 * those actions at their times, so what the class sees is always what `deploysim run` of the
 * recorded file gives. The UI changes the model only through session_inject. */
#ifndef DEPLOYSIM_UI_SESSION_H
#define DEPLOYSIM_UI_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "sim.h"

typedef struct {
    const char *file;
    scenario_t *sc;
    sim_t *sim;
    action_t *acts; /* injected by the user, in time order (pod names owned) */
    int act_count, act_cap;
    int next_act; /* first action not yet applied to `sim` */
} session_t;

/* Loads and validates `file` and creates its run at time 0. Nonzero with `diag` filled on
 * bad input. */
int session_open(session_t *s, const char *file, diag_t *diag);
void session_close(session_t *s);

/* A fresh run at time 0; forget = also drop the user's actions. */
int session_restart(session_t *s, bool forget, diag_t *diag);
/* Moves to time t (clamped to the duration), backwards by re-simulating from 0. */
int session_seek(session_t *s, sim_time_t t, diag_t *diag);
/* Applies an action now and keeps it; actions kept for later times (after a jump back) are
 * dropped, since the timeline now differs. 0, or -1 with the simulator's reason in err. */
int session_inject(session_t *s, const action_t *a, char *err, size_t errlen);

/* Writes the scenario with `events` replaced by every action of the session (applied ones,
 * then those still to come), so `deploysim run FILE` replays it. 0, or -1 with err. */
int session_write_record(const session_t *s, const char *path, char *err, size_t errlen);

/* "deploy web v2", "failNode workers-2": an action in words, for toasts and chart markers. */

#endif
