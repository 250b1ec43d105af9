/* engine: a 4-ary min-heap whose entries carry the whole event (time, order, kind, a, b).
 * Why the payload in the entry: at a million pending events the heap no longer fits in the
 * caches, and a separate pool of event records cost one more cache miss per pop (the record
 * of the popped event sits anywhere in the pool); 32-byte entries cost none.
 * Why 4-ary: half the depth of a binary heap; the four children of a node are two cache
 * lines side by side (the array is aligned so that they never straddle a third).
 * Why a 128-bit key (time << 64 | sequence << 24 | timer): one unsigned compare orders by
 * time then insertion, and the smallest child is picked with conditional moves — the
 * compares are unpredictable, and mispredicted branches dominated the pop (make bench).
 * Cancellation: only events scheduled with engine_schedule_timer can be cancelled. Those
 * (rare: progress deadlines) get a timer record holding a generation and a state, and their
 * key names it (0 in the low bits = an ordinary event, nothing to look up). A cancelled timer
 * stays in the heap, marked, and is dropped when it reaches the top, so the heap never needs
 * to know where an entry sits. */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

/* The sifts are forced inline into their callers (push, the pops): measured, about 5 % of
 * the request model's time (make bench). Likely why: push builds the new entry field by
 * field on the stack, and the called sift copied it whole, a wide load the CPU cannot
 * forward from those narrower stores; inlined, the entry stays in registers. */
#define HOT inline __attribute__((always_inline))

#define TIMER_BITS 24u
#define TIMER_MASK ((1ull << TIMER_BITS) - 1ull)
#define ARITY 4u

__extension__ typedef unsigned __int128 heap_key_t;

typedef struct {
    heap_key_t key;
    uint64_t b;
    uint32_t kind;
    uint32_t a;
} entry_t; /* 32 bytes: two per half cache line */

typedef struct {
    sim_time_t time;
    uint32_t gen;   /* bumped when the timer fires or is cancelled */
    uint32_t state; /* TIMER_FREE, TIMER_PENDING, TIMER_CANCELLED */
} timer_rec_t;

enum { TIMER_FREE, TIMER_PENDING, TIMER_CANCELLED };

struct engine {
    sim_time_t now; /* first: engine.h reads it inline (engine_now) */
    entry_t *heap;  /* heap_base + 3: every group of four children starts a 128-byte block */
    void *heap_base;
    uint32_t size, cap;  /* entries in the heap (cancelled timers and the hole included) */
    bool hole;           /* heap[0] was delivered and awaits the next schedule (see engine_next) */
    uint32_t live;       /* pending events */
    timer_rec_t *timers; /* timers[0] is unused: 0 in a key means "not a timer" */
    uint32_t *free_list;
    uint32_t free_count, timer_count, timer_cap;
    uint64_t seq;
    uint64_t popped;
};

static inline sim_time_t key_time(heap_key_t k) {
    return (sim_time_t)(uint64_t)(k >> 64);
}
static inline uint32_t key_timer(heap_key_t k) {
    return (uint32_t)((uint64_t)k & TIMER_MASK);
}

static inline uint32_t min_child(const entry_t *h, uint32_t first, uint32_t last) {
    uint32_t best = first;
    heap_key_t bk = h[first].key;
    for (uint32_t c = first + 1; c < last; c++) {
        heap_key_t ck = h[c].key;
        bool lt = ck < bk;
        best = lt ? c : best;
        bk = lt ? ck : bk;
    }
    return best;
}

/* The common case of a full group of four, as a tournament: two independent compares, then
 * one, instead of a chain of three. */
static inline uint32_t min_of_four(const entry_t *h, uint32_t first) {
    heap_key_t k0 = h[first].key, k1 = h[first + 1].key;
    heap_key_t k2 = h[first + 2].key, k3 = h[first + 3].key;
    bool l01 = k1 < k0, l23 = k3 < k2;
    uint32_t a = first + (uint32_t)l01, b = first + 2 + (uint32_t)l23;
    heap_key_t ka = l01 ? k1 : k0, kb = l23 ? k3 : k2;
    return kb < ka ? b : a;
}

static HOT void sift_up(entry_t *h, uint32_t pos, const entry_t *x) {
    while (pos > 0) {
        uint32_t parent = (pos - 1) / ARITY;
        if (!(x->key < h[parent].key)) break;
        h[pos] = h[parent];
        pos = parent;
    }
    h[pos] = *x;
}

/* Pop's refill (Floyd's bottom-up heuristic): the last entry nearly always belongs near the
 * bottom, so walk the hole down to a leaf along the smaller children without comparing
 * against it, then sift it up: about half the comparisons of a plain sift-down. */
static HOT void refill_root(entry_t *h, uint32_t n, const entry_t *x) {
    uint32_t pos = 0;
    /* Except at the root: in the request model the new event is often the earliest of all
     * (the next arrival comes before every pending completion about half the time at rho 0.9),
     * and one more compare then ends the refill there instead of a walk down and back up. */
    if (n >= ARITY + 1) {
        uint32_t best = min_of_four(h, 1);
        if (x->key < h[best].key) {
            h[0] = *x;
            return;
        }
        h[0] = h[best];
        pos = best;
    }
    for (;;) {
        uint32_t first = pos * ARITY + 1;
        if (first + ARITY <= n) {
            uint32_t best = min_of_four(h, first);
            h[pos] = h[best];
            pos = best;
            continue;
        }
        if (first >= n) break;
        uint32_t best = min_child(h, first, n);
        h[pos] = h[best];
        pos = best;
    }
    sift_up(h, pos, x);
}

/* (Re)allocates the heap 128-byte aligned with the root three entries before a boundary, so
 * the children 4i+1..4i+4 of any entry fill one 128-byte block. Keeps the entries it holds. */
static bool alloc_heap(engine_t *e, uint32_t cap) {
    size_t bytes = sizeof(entry_t) * ((size_t)cap + 4);
    bytes = (bytes + 127) & ~(size_t)127;
    void *base = aligned_alloc(128, bytes);
    if (!base) return false;
    entry_t *h = (entry_t *)base + 3;
    if (e->size) memcpy(h, e->heap, sizeof *h * e->size);
    free(e->heap_base);
    e->heap_base = base;
    e->heap = h;
    e->cap = cap;
    return true;
}

engine_t *engine_create(uint32_t initial_capacity) {
    engine_t *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    if (initial_capacity < 16) initial_capacity = 16;
    e->timer_cap = 16;
    e->timer_count = 1; /* timer 0 is "none" */
    e->timers = calloc(e->timer_cap, sizeof *e->timers);
    e->free_list = malloc(sizeof *e->free_list * e->timer_cap);
    if (!e->timers || !e->free_list || !alloc_heap(e, initial_capacity)) {
        engine_destroy(e);
        return NULL;
    }
    return e;
}

void engine_destroy(engine_t *e) {
    if (!e) return;
    free(e->heap_base);
    free(e->timers);
    free(e->free_list);
    free(e);
}

static bool push(engine_t *e, sim_time_t at, uint32_t timer, uint32_t kind, uint32_t a,
                 uint64_t b) {
    if (!e->hole && e->size == e->cap && (e->cap >= UINT32_MAX / 2 || !alloc_heap(e, e->cap * 2)))
        return false;
    entry_t x;
    x.key = ((heap_key_t)(uint64_t)at << 64) | ((e->seq++ << TIMER_BITS) | timer);
    x.b = b;
    x.kind = kind;
    x.a = a;
    e->live++;
    if (e->hole) { /* the delivered event's place: one sift-down instead of two sifts */
        e->hole = false;
        refill_root(e->heap, e->size, &x);
        return true;
    }
    sift_up(e->heap, e->size++, &x);
    return true;
}

bool engine_schedule(engine_t *e, sim_time_t at, uint32_t kind, uint32_t a, uint64_t b) {
    if (at < e->now) at = e->now;
    return push(e, at, 0, kind, a, b);
}

static bool grow_timers(engine_t *e) {
    if (e->timer_cap > TIMER_MASK / 2) return false;
    uint32_t ncap = e->timer_cap * 2;
    timer_rec_t *t = realloc(e->timers, sizeof *t * ncap);
    if (!t) return false;
    e->timers = t;
    uint32_t *f = realloc(e->free_list, sizeof *f * ncap);
    if (!f) return false;
    e->free_list = f;
    e->timer_cap = ncap;
    return true;
}

static inline engine_handle_t make_handle(uint32_t timer, uint32_t gen) {
    return ((uint64_t)gen << 32) | (uint64_t)timer;
}

engine_handle_t engine_schedule_timer(engine_t *e, sim_time_t at, uint32_t kind, uint32_t a,
                                      uint64_t b) {
    uint32_t id;
    if (e->free_count > 0) {
        id = e->free_list[--e->free_count];
    } else {
        if (e->timer_count == e->timer_cap && !grow_timers(e)) return 0;
        id = e->timer_count++;
        e->timers[id].gen = 1;
    }
    if (at < e->now) at = e->now;
    if (!push(e, at, id, kind, a, b)) {
        e->free_list[e->free_count++] = id;
        return 0;
    }
    timer_rec_t *t = &e->timers[id];
    t->time = at;
    t->state = TIMER_PENDING;
    return make_handle(id, t->gen);
}

static timer_rec_t *live_timer(const engine_t *e, engine_handle_t h) {
    uint32_t id = (uint32_t)(h & 0xffffffffu);
    if (id == 0 || id >= e->timer_count) return NULL;
    timer_rec_t *t = &e->timers[id];
    if (t->gen != (uint32_t)(h >> 32) || t->state != TIMER_PENDING) return NULL;
    return t;
}

bool engine_cancel(engine_t *e, engine_handle_t h) {
    timer_rec_t *t = live_timer(e, h);
    if (!t) return false;
    t->state = TIMER_CANCELLED; /* dropped when it reaches the top */
    t->gen++;
    e->live--;
    return true;
}

bool engine_pending(const engine_t *e, engine_handle_t h) {
    return live_timer(e, h) != NULL;
}

sim_time_t engine_time_of(const engine_t *e, engine_handle_t h) {
    timer_rec_t *t = live_timer(e, h);
    return t ? t->time : -1;
}

static inline void free_timer(engine_t *e, uint32_t timer) {
    if (!timer) return;
    timer_rec_t *t = &e->timers[timer];
    if (t->state == TIMER_PENDING) t->gen++; /* a handle kept after the event ran is stale */
    t->state = TIMER_FREE;
    e->free_list[e->free_count++] = timer;
}

/* Fills the hole at the root with the last entry: the removal a pop deferred. */
static inline void close_hole(engine_t *e) {
    if (!e->hole) return;
    e->hole = false;
    if (--e->size > 0) refill_root(e->heap, e->size, &e->heap[e->size]);
}

/* Removes the top entry (a cancelled timer's). */
static inline void pop_top(engine_t *e, uint32_t timer) {
    free_timer(e, timer);
    if (--e->size > 0) refill_root(e->heap, e->size, &e->heap[e->size]);
}

/* Drops cancelled timers from the top, so the top is a live event (or the heap is empty). */
static inline void purge(engine_t *e) {
    close_hole(e);
    while (e->size > 0) {
        uint32_t timer = key_timer(e->heap[0].key);
        if (!timer || e->timers[timer].state != TIMER_CANCELLED) return;
        pop_top(e, timer);
    }
}

bool engine_next(engine_t *e, sim_time_t until, engine_event_t *out) {
    purge(e);
    if (e->size == 0 || key_time(e->heap[0].key) > until) return false;
    const entry_t *top = &e->heap[0];
    out->time = key_time(top->key);
    out->kind = top->kind;
    out->a = top->a;
    out->b = top->b;
    e->now = out->time;
    e->live--;
    e->popped++;
    /* The handler of an event usually schedules the next one (an arrival its successor, a
     * completion the next request): leave the root empty for it, so that the pair costs
     * one walk down the heap instead of a walk down and a sift up (the "hold" operation). */
    free_timer(e, key_timer(top->key));
    e->hole = true;
    return true;
}

void engine_advance(engine_t *e, sim_time_t t) {
    if (t > e->now) e->now = t;
}

sim_time_t engine_peek_time(engine_t *e) {
    purge(e);
    return e->size ? key_time(e->heap[0].key) : SIM_TIME_MAX;
}

uint32_t engine_size(const engine_t *e) {
    return e->live;
}
uint64_t engine_popped(const engine_t *e) {
    return e->popped;
}

engine_t *engine_clone(const engine_t *src) {
    engine_t *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    *e = *src;
    e->heap = e->heap_base = NULL;
    e->size = 0; /* alloc_heap copies the first `size` entries of the (absent) old heap */
    e->timers = calloc(src->timer_cap, sizeof *e->timers);
    e->free_list = malloc(sizeof *e->free_list * src->timer_cap);
    if (!e->timers || !e->free_list || !alloc_heap(e, src->cap)) {
        engine_destroy(e);
        return NULL;
    }
    e->size = src->size;
    memcpy(e->heap, src->heap, sizeof *e->heap * src->size);
    memcpy(e->timers, src->timers, sizeof *e->timers * src->timer_count);
    memcpy(e->free_list, src->free_list, sizeof *e->free_list * src->free_count);
    return e;
}
