/* autoscaler_fit: see autoscaler_fit.h. Why: simulating a scale-down moves each pod of a
 * candidate node to the first node with room, in index order; as the simulated removals fill
 * the first nodes, every pod's search walked past them all (make bench: HPA at scale, where
 * it was the largest part of the autoscaler's time). */
#include "autoscaler_fit.h"

#include <stdlib.h>

int ca_fit_build(ca_fit_t *t, int n, const int64_t *free_cpu, const int64_t *free_mem,
                 const bool *use) {
    int size = 1;
    while (size < n)
        size *= 2;
    if (size > t->cap) {
        int64_t *c = realloc(t->cpu, sizeof *c * 2 * (size_t)size);
        if (!c) return -1;
        t->cpu = c;
        int64_t *m = realloc(t->mem, sizeof *m * 2 * (size_t)size);
        if (!m) return -1;
        t->mem = m;
        t->cap = size;
    }
    t->n = n;
    t->size = size;
    for (int i = 0; i < size; i++) {
        bool ok = i < n && use[i];
        t->cpu[size + i] = ok ? free_cpu[i] : CA_FIT_NONE;
        t->mem[size + i] = ok ? free_mem[i] : CA_FIT_NONE;
    }
    for (int k = size - 1; k >= 1; k--) {
        t->cpu[k] = t->cpu[2 * k] > t->cpu[2 * k + 1] ? t->cpu[2 * k] : t->cpu[2 * k + 1];
        t->mem[k] = t->mem[2 * k] > t->mem[2 * k + 1] ? t->mem[2 * k] : t->mem[2 * k + 1];
    }
    return 0;
}

void ca_fit_set(ca_fit_t *t, int i, int64_t cpu, int64_t mem) {
    if (i < 0 || i >= t->n) return;
    int k = t->size + i;
    t->cpu[k] = cpu;
    t->mem[k] = mem;
    for (k /= 2; k >= 1; k /= 2) {
        int64_t c = t->cpu[2 * k] > t->cpu[2 * k + 1] ? t->cpu[2 * k] : t->cpu[2 * k + 1];
        int64_t m = t->mem[2 * k] > t->mem[2 * k + 1] ? t->mem[2 * k] : t->mem[2 * k + 1];
        if (c == t->cpu[k] && m == t->mem[k]) break; /* the ancestors hold already */
        t->cpu[k] = c;
        t->mem[k] = m;
    }
}

static inline bool room(const ca_fit_t *t, int k, int64_t cpu, int64_t mem) {
    return t->cpu[k] >= cpu && t->mem[k] >= mem;
}

/* From leaf `from` up: the first subtree to the right (or the leaf itself) with room, then
 * down to its leftmost leaf with room. A subtree whose maxima have room may still hold no
 * single node with both: the descent then backs out to the next subtree to the right. */
int ca_fit_next(const ca_fit_t *t, int from, int64_t cpu, int64_t mem) {
    if (from < 0) from = 0;
    if (from >= t->n || t->size == 0) return -1;
    int k = t->size + from;
    for (;;) {
        /* up: k itself, else the right sibling of the nearest ancestor that is a left child */
        while (!room(t, k, cpu, mem)) {
            while (k & 1) { /* a right child: go up until we are a left child */
                k /= 2;
                if (k <= 1) return -1;
            }
            k++; /* the right sibling */
        }
        /* down: the leftmost child with room */
        while (k < t->size) {
            if (room(t, 2 * k, cpu, mem))
                k = 2 * k;
            else if (room(t, 2 * k + 1, cpu, mem))
                k = 2 * k + 1;
            else
                break; /* neither child has both: back out to the right */
        }
        if (k >= t->size) {
            int i = k - t->size;
            return i < t->n ? i : -1;
        }
        /* continue to the right of this subtree */
        while (k & 1) {
            k /= 2;
            if (k <= 1) return -1;
        }
        k++;
    }
}

void ca_fit_free(ca_fit_t *t) {
    free(t->cpu);
    free(t->mem);
    t->cpu = t->mem = NULL;
    t->cap = t->size = t->n = 0;
}
