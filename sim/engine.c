/* engine: a 4-ary min-heap of 128-bit keys over a pool of event slots.
 * Why 4-ary: half the depth of a binary heap, and the children of a node sit side by side.
 * Why 128-bit keys (time << 64 | sequence << 24 | slot): one unsigned compare orders by time
 * then insertion, and the smallest child is picked with conditional moves — the compares are
 * unpredictable, and mispredicted branches dominated the pop (make bench).
 * Why lazy cancellation: a cancelled event stays in the heap, marked, and is dropped when it
 * reaches the top. So the heap never needs to know where a slot sits, and moving a key is one
 * store instead of two scattered ones. Cancelled events are rare in the model (timers that a
 * later change supersedes), and each costs one pop. */
#include "engine.h"

#include <stdlib.h>

#define SLOT_BITS 24u
#define SLOT_MASK ((1ull << SLOT_BITS) - 1ull)
#define ARITY 4u

__extension__ typedef unsigned __int128 heap_key_t;

typedef struct {
    sim_time_t time;
    uint64_t b;
    uint32_t kind;
    uint32_t a;
    uint32_t gen;   /* bumped when the slot is freed or its event cancelled */
    uint32_t state; /* SLOT_FREE, SLOT_PENDING, SLOT_CANCELLED */
} slot_t;

enum { SLOT_FREE, SLOT_PENDING, SLOT_CANCELLED };

struct engine {
    heap_key_t *heap; /* heap_base + 3: every group of four children starts a cache line */
    void *heap_base;
    uint32_t size, cap; /* keys in the heap, cancelled ones included */
    uint32_t live;      /* pending events */
    slot_t *slots;
    uint32_t *free_list;
    uint32_t free_count, slot_count, slot_cap;
    uint64_t seq;
    uint64_t popped;
    sim_time_t now;
};

static inline sim_time_t key_time(heap_key_t k) {
    return (sim_time_t)(uint64_t)(k >> 64);
}
static inline uint32_t key_slot(heap_key_t k) {
    return (uint32_t)((uint64_t)k & SLOT_MASK);
}

static inline uint32_t min_child(const heap_key_t *h, uint32_t first, uint32_t last) {
    uint32_t best = first;
    heap_key_t bk = h[first];
    for (uint32_t c = first + 1; c < last; c++) {
        heap_key_t ck = h[c];
        bool lt = ck < bk;
        best = lt ? c : best;
        bk = lt ? ck : bk;
    }
    return best;
}

static void sift_up(heap_key_t *h, uint32_t pos, heap_key_t k) {
    while (pos > 0) {
        uint32_t parent = (pos - 1) / ARITY;
        if (!(k < h[parent])) break;
        h[pos] = h[parent];
        pos = parent;
    }
    h[pos] = k;
}

/* Pop's refill (Floyd's bottom-up heuristic): the last key nearly always belongs near the
 * bottom, so walk the hole down to a leaf along the smaller children without comparing
 * against it, then sift it up: about half the comparisons of a plain sift-down. */
static void refill_root(heap_key_t *h, uint32_t n, heap_key_t k) {
    uint32_t pos = 0;
    for (;;) {
        uint32_t first = pos * ARITY + 1;
        if (first >= n) break;
        uint32_t last = first + ARITY < n ? first + ARITY : n;
        uint32_t best = min_child(h, first, last);
        h[pos] = h[best];
        pos = best;
    }
    sift_up(h, pos, k);
}

/* (Re)allocates the heap 64-byte aligned with the root three keys before a line boundary,
 * so the children 4i+1..4i+4 of any key share one cache line. Keeps the keys it holds. */
static bool alloc_heap(engine_t *e, uint32_t cap) {
    size_t bytes = sizeof(heap_key_t) * ((size_t)cap + 4);
    bytes = (bytes + 63) & ~(size_t)63;
    void *base = aligned_alloc(64, bytes);
    if (!base) return false;
    heap_key_t *h = (heap_key_t *)base + 3;
    for (uint32_t i = 0; i < e->size; i++)
        h[i] = e->heap[i];
    free(e->heap_base);
    e->heap_base = base;
    e->heap = h;
    return true;
}

engine_t *engine_create(uint32_t initial_capacity) {
    engine_t *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    if (initial_capacity < 16) initial_capacity = 16;
    e->cap = e->slot_cap = initial_capacity;
    if (!alloc_heap(e, e->cap)) {
        engine_destroy(e);
        return NULL;
    }
    e->slots = malloc(sizeof *e->slots * e->slot_cap);
    e->free_list = malloc(sizeof *e->free_list * e->slot_cap);
    if (!e->slots || !e->free_list) {
        engine_destroy(e);
        return NULL;
    }
    return e;
}

void engine_destroy(engine_t *e) {
    if (!e) return;
    free(e->heap_base);
    free(e->slots);
    free(e->free_list);
    free(e);
}

static bool grow(engine_t *e) {
    if (e->slot_cap >= SLOT_MASK) return false;
    uint32_t ncap = e->slot_cap * 2;
    if (ncap > SLOT_MASK) ncap = (uint32_t)SLOT_MASK;
    if (!alloc_heap(e, ncap)) return false;
    slot_t *s = realloc(e->slots, sizeof *s * ncap);
    if (!s) return false;
    e->slots = s;
    uint32_t *f = realloc(e->free_list, sizeof *f * ncap);
    if (!f) return false;
    e->free_list = f;
    e->cap = e->slot_cap = ncap;
    return true;
}

static inline engine_handle_t make_handle(uint32_t slot, uint32_t gen) {
    return ((uint64_t)gen << 32) | (uint64_t)(slot + 1);
}

engine_handle_t engine_schedule(engine_t *e, sim_time_t at, uint32_t kind, uint32_t a, uint64_t b) {
    uint32_t slot;
    if (e->free_count > 0) {
        slot = e->free_list[--e->free_count];
    } else {
        if (e->slot_count == e->slot_cap && !grow(e)) return 0;
        slot = e->slot_count++;
        e->slots[slot].gen = 1;
    }
    if (at < e->now) at = e->now;
    slot_t *s = &e->slots[slot];
    s->time = at;
    s->kind = kind;
    s->a = a;
    s->b = b;
    s->state = SLOT_PENDING;
    heap_key_t k = ((heap_key_t)(uint64_t)at << 64) | ((e->seq++ << SLOT_BITS) | slot);
    sift_up(e->heap, e->size++, k);
    e->live++;
    return make_handle(slot, s->gen);
}

static slot_t *live_slot(const engine_t *e, engine_handle_t h) {
    uint32_t lo = (uint32_t)(h & 0xffffffffu);
    if (lo == 0 || lo > e->slot_count) return NULL;
    slot_t *s = &e->slots[lo - 1];
    if (s->gen != (uint32_t)(h >> 32) || s->state != SLOT_PENDING) return NULL;
    return s;
}

bool engine_cancel(engine_t *e, engine_handle_t h) {
    slot_t *s = live_slot(e, h);
    if (!s) return false;
    s->state = SLOT_CANCELLED; /* dropped when it reaches the top */
    s->gen++;
    e->live--;
    return true;
}

bool engine_pending(const engine_t *e, engine_handle_t h) {
    return live_slot(e, h) != NULL;
}

sim_time_t engine_time_of(const engine_t *e, engine_handle_t h) {
    slot_t *s = live_slot(e, h);
    return s ? s->time : -1;
}

static inline void pop_top(engine_t *e, uint32_t slot) {
    e->slots[slot].state = SLOT_FREE;
    e->slots[slot].gen++;
    e->free_list[e->free_count++] = slot;
    if (--e->size > 0) refill_root(e->heap, e->size, e->heap[e->size]);
}

/* Drops cancelled events from the top, so the top is a live event (or the heap is empty). */
static inline void purge(engine_t *e) {
    while (e->size > 0) {
        uint32_t slot = key_slot(e->heap[0]);
        if (e->slots[slot].state != SLOT_CANCELLED) return;
        pop_top(e, slot);
    }
}

bool engine_next(engine_t *e, sim_time_t until, engine_event_t *out) {
    purge(e);
    if (e->size == 0 || key_time(e->heap[0]) > until) return false;
    uint32_t slot = key_slot(e->heap[0]);
    const slot_t *s = &e->slots[slot];
    out->time = s->time;
    out->kind = s->kind;
    out->a = s->a;
    out->b = s->b;
    e->now = s->time;
    e->live--;
    e->popped++;
    pop_top(e, slot);
    return true;
}

void engine_advance(engine_t *e, sim_time_t t) {
    if (t > e->now) e->now = t;
}

sim_time_t engine_now(const engine_t *e) {
    return e->now;
}

sim_time_t engine_peek_time(engine_t *e) {
    purge(e);
    return e->size ? key_time(e->heap[0]) : SIM_TIME_MAX;
}

uint32_t engine_size(const engine_t *e) {
    return e->live;
}
uint64_t engine_popped(const engine_t *e) {
    return e->popped;
}
