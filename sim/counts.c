/* counts: open addressing with linear probing over 64-bit keys (row + 1 in the high half, the
 * node in the low half; 0 is an empty slot), kept at most half full; a removed entry shifts
 * its followers back (no tombstones), so a lookup stops at the first empty slot. */
#include <stdlib.h>

#include "clone.h"
#include "counts.h"

static inline uint64_t key_of(uint32_t row, int node) {
    return ((uint64_t)row + 1) << 32 | (uint32_t)node;
}

static inline uint32_t slot_of(const count_map_t *m, uint64_t key) {
    return (uint32_t)((key * 0x9E3779B97F4A7C15ULL) >> 32) & (m->cap - 1);
}

static uint32_t find(const count_map_t *m, uint64_t key) {
    uint32_t i = slot_of(m, key);
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static int grow(count_map_t *m) {
    uint32_t ncap = m->cap ? m->cap * 2 : 1024;
    count_map_t n = {calloc(ncap, sizeof *n.keys), calloc(ncap, sizeof *n.vals), ncap, m->used};
    if (!n.keys || !n.vals) {
        free(n.keys);
        free(n.vals);
        return -1;
    }
    for (uint32_t i = 0; i < m->cap; i++)
        if (m->keys[i]) {
            uint32_t j = find(&n, m->keys[i]);
            n.keys[j] = m->keys[i];
            n.vals[j] = m->vals[i];
        }
    free(m->keys);
    free(m->vals);
    *m = n;
    return 0;
}

/* Backward-shift deletion: every entry after the hole whose home slot is not between the
 * hole and itself moves into the hole. */
static void remove_at(count_map_t *m, uint32_t i) {
    uint32_t mask = m->cap - 1;
    for (uint32_t j = (i + 1) & mask; m->keys[j]; j = (j + 1) & mask) {
        uint32_t home = slot_of(m, m->keys[j]);
        bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
        if (stays) continue;
        m->keys[i] = m->keys[j];
        m->vals[i] = m->vals[j];
        i = j;
    }
    m->keys[i] = 0;
    m->vals[i] = 0;
    m->used--;
}

int32_t *count_map_find(const count_map_t *m, uint32_t row, int node) {
    if (!m->cap) return NULL;
    uint32_t i = find(m, key_of(row, node));
    return m->keys[i] ? &m->vals[i] : NULL;
}

int32_t *count_map_insert(count_map_t *m, uint32_t row, int node, int32_t value) {
    if ((m->used + 1) * 2 > m->cap && grow(m) != 0) return NULL;
    uint64_t key = key_of(row, node);
    uint32_t i = find(m, key);
    if (!m->keys[i]) m->keys[i] = key, m->used++;
    m->vals[i] = value;
    return &m->vals[i];
}

void count_map_remove(count_map_t *m, uint32_t row, int node) {
    if (!m->cap) return;
    uint32_t i = find(m, key_of(row, node));
    if (m->keys[i]) remove_at(m, i);
}

int count_map_add(count_map_t *m, uint32_t row, int node, int delta) {
    int32_t *v = count_map_find(m, row, node);
    if (!v) {
        if (delta == 0) return (m->used + 1) * 2 > m->cap && grow(m) != 0 ? -1 : 0;
        return count_map_insert(m, row, node, delta) ? delta : -1;
    }
    int c = *v += delta;
    if (c == 0) count_map_remove(m, row, node);
    return c;
}

int count_map_get(const count_map_t *m, uint32_t row, int node) {
    const int32_t *v = count_map_find(m, row, node);
    return v ? *v : 0;
}

void count_map_free(count_map_t *m) {
    free(m->keys);
    free(m->vals);
    *m = (count_map_t){0};
}

void count_map_clone(count_map_t *dst, const count_map_t *src, clone_ctx_t *c) {
    *dst = *src;
    dst->keys = clone_dup(c, src->keys, src->cap, src->cap, sizeof *src->keys);
    dst->vals = clone_dup(c, src->vals, src->cap, src->cap, sizeof *src->vals);
}
