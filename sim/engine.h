/* engine: the simulation clock and the future-event list, nothing else.
 * Events are plain records (kind + two integer arguments) ordered by (time, insertion
 * sequence), so ties pop in the order they were scheduled and runs are deterministic.
 * The engine knows nothing about pods or nodes: the model decides what a kind means. */
#ifndef DEPLOYSIM_ENGINE_H
#define DEPLOYSIM_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "sim_time.h"

/* A handle names one cancellable event (engine_schedule_timer); 0 is "no event". Stale
 * handles (the event already popped or cancelled) are detected by a generation count, so
 * cancelling twice is safe. */
typedef uint64_t engine_handle_t;

typedef struct {
    sim_time_t time;
    uint32_t kind;
    uint32_t a;
    uint64_t b;
} engine_event_t;

typedef struct engine engine_t;

engine_t *engine_create(uint32_t initial_capacity);
void engine_destroy(engine_t *e);
/* A deep copy (sim_clone): the same pending events and timers, popped in the same order;
 * NULL when out of memory. */
engine_t *engine_clone(const engine_t *e);

/* Schedules an event at absolute time `at` (clamped to now when in the past). Returns false
 * only when memory runs out. Amortized O(log n), no allocation once the heap has grown. */
bool engine_schedule(engine_t *e, sim_time_t at, uint32_t kind, uint32_t a, uint64_t b);
/* The same, for an event that may be cancelled: returns its handle (0 when memory runs out).
 * Ordered with the others by (time, insertion sequence). */
engine_handle_t engine_schedule_timer(engine_t *e, sim_time_t at, uint32_t kind, uint32_t a,
                                      uint64_t b);
/* Cancels a pending timer; false when the handle is stale or 0. O(1): the event is dropped
 * when it reaches the top of the queue. */
bool engine_cancel(engine_t *e, engine_handle_t h);
bool engine_pending(const engine_t *e, engine_handle_t h);
/* Time of a pending event, or -1. */
sim_time_t engine_time_of(const engine_t *e, engine_handle_t h);

/* Pops the earliest event if its time is <= until, advancing the clock to it. */
bool engine_next(engine_t *e, sim_time_t until, engine_event_t *out);
/* Moves the clock forward to t (never backwards) without popping anything. */
void engine_advance(engine_t *e, sim_time_t t);

/* The clock, read on every event by every controller: inline, as the first member of the
 * engine (a pointer to a struct points to its first member). */
static inline sim_time_t engine_now(const engine_t *e) {
    return *(const sim_time_t *)(const void *)e;
}
sim_time_t engine_peek_time(engine_t *e); /* SIM_TIME_MAX when empty */
uint32_t engine_size(const engine_t *e);
uint64_t engine_popped(const engine_t *e); /* events delivered so far */

#endif
