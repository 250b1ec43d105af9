/* kernel.h: the model kernel (kernel.c): the clock, the history of events and decisions with their
 * typed fields, and the dispatch of each event kind to its controller. Every controller includes
 * it. */
#ifndef DEPLOYSIM_KERNEL_H
#define DEPLOYSIM_KERNEL_H

#include "model.h"

/* The clock (inline: every controller reads it on every event). */
static inline sim_time_t model_now(const sim_t *s) {
    return engine_now(s->eng);
}
/* An event (as `kubectl get events` shows it) or a controller's decision (the Why panel and
 * decisions.csv), with typed fields for the views; model_event / model_decision record
 * SIM_REF_NONE. */
void model_event_ref(sim_t *s, sim_ref_t ref, const char *type, const char *reason,
                     const char *object, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void model_decision_ref(sim_t *s, sim_ref_t ref, const char *controller, const char *object,
                        const char *decision, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* A reference to nothing; set the fields that apply. */
#define SIM_REF_NONE                                                                               \
    ((sim_ref_t){                                                                                  \
        .kind = SIM_EVK_OTHER, .service = -1, .node = -1, .pool = -1, .from = -1, .to = -1})
#define model_event(s, ...) model_event_ref((s), SIM_REF_NONE, __VA_ARGS__)
#define model_decision(s, ...) model_decision_ref((s), SIM_REF_NONE, __VA_ARGS__)
/* Hands one event to the controller that owns its kind (EV_ACTION is the top floor's). */
void model_dispatch(sim_t *s, const engine_event_t *ev);

#endif
