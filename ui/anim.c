/* anim: an open-addressing table (linear probing, tombstones) of animated items. */
#include "anim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { SLOT_EMPTY, SLOT_USED, SLOT_DEAD };

struct anim {
    anim_item_t *items, *spare_items; /* the spare lets a same-size rehash skip malloc */
    unsigned char *slot, *spare_slot;
    int cap, used, dead;
    uint64_t frame;
    double now, dt;
    bool settle, busy;
};

anim_t *anim_create(void) {
    return calloc(1, sizeof(anim_t));
}

void anim_destroy(anim_t *a) {
    if (!a) return;
    free(a->items);
    free(a->slot);
    free(a->spare_items);
    free(a->spare_slot);
    free(a);
}

static uint64_t mix(uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return k;
}

uint64_t anim_hash(const char *s, uint64_t seed) {
    uint64_t h = 1469598103934665603ULL ^ seed;
    for (; s && *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static int find(const anim_t *a, uint64_t key, bool *found) {
    int mask = a->cap - 1, first_dead = -1;
    for (int i = (int)(mix(key) & (uint64_t)mask), n = 0; n < a->cap; i = (i + 1) & mask, n++) {
        if (a->slot[i] == SLOT_EMPTY) {
            *found = false;
            return first_dead >= 0 ? first_dead : i;
        }
        if (a->slot[i] == SLOT_DEAD) {
            if (first_dead < 0) first_dead = i;
        } else if (a->items[i].key == key) {
            *found = true;
            return i;
        }
    }
    *found = false;
    return first_dead;
}

/* Moves every live item into fresh arrays of `cap` slots (dropping tombstones). */
static bool rehash(anim_t *a, int cap) {
    anim_item_t *items = a->spare_items;
    unsigned char *slot = a->spare_slot;
    if (cap != a->cap || !items) {
        free(a->spare_items);
        free(a->spare_slot);
        a->spare_items = NULL;
        a->spare_slot = NULL;
        items = malloc((size_t)cap * sizeof *items);
        slot = malloc((size_t)cap);
        if (!items || !slot) {
            free(items);
            free(slot);
            return false;
        }
    }
    memset(slot, SLOT_EMPTY, (size_t)cap);
    anim_item_t *old_items = a->items;
    unsigned char *old_slot = a->slot;
    int old_cap = a->cap;
    a->items = items;
    a->slot = slot;
    a->cap = cap;
    a->used = a->dead = 0;
    for (int i = 0; i < old_cap; i++) {
        if (old_slot[i] != SLOT_USED) continue;
        bool found;
        int j = find(a, old_items[i].key, &found);
        a->items[j] = old_items[i];
        a->slot[j] = SLOT_USED;
        a->used++;
    }
    if (old_cap == cap) {
        a->spare_items = old_items;
        a->spare_slot = old_slot;
    } else {
        free(old_items);
        free(old_slot);
    }
    return true;
}

void anim_begin(anim_t *a, double now, bool settle) {
    a->dt = a->frame == 0 ? 0 : now - a->now;
    if (a->dt < 0) a->dt = 0;
    if (a->dt > 0.25) a->dt = 0.25; /* a stalled frame should not skip animations entirely */
    a->now = now;
    a->settle = settle;
    a->frame++;
    a->busy = false;
}

static float approach(float v, float target, float k) {
    float d = target - v;
    if (fabsf(d) < 0.5f) return target;
    return v + d * k;
}

anim_item_t *anim_touch(anim_t *a, uint64_t key, float x, float y, float w, float h) {
    if ((a->used + a->dead + 1) * 2 > a->cap) {
        int cap = a->cap ? a->cap : 256;
        while ((a->used + 1) * 4 > cap)
            cap *= 2;
        if (!rehash(a, cap)) return NULL;
    }
    bool found;
    int i = find(a, key, &found);
    if (i < 0) return NULL;
    anim_item_t *it = &a->items[i];
    if (!found || it->ghost) {
        if (!found) {
            if (a->slot[i] == SLOT_DEAD) a->dead--;
            a->slot[i] = SLOT_USED;
            a->used++;
            memset(it, 0, sizeof *it);
            it->key = key;
            it->appear = a->settle ? 1.0f : 0.0f;
        } else {
            it->appear = it->fade; /* came back before it faded out */
        }
        it->x = x;
        it->y = y;
        it->w = w;
        it->h = h;
        it->ghost = false;
    }
    it->tx = x;
    it->ty = y;
    it->tw = w;
    it->th = h;
    it->fade = 1.0f;
    it->seen = a->frame;
    if (a->settle) {
        it->x = x;
        it->y = y;
        it->w = w;
        it->h = h;
        it->appear = 1.0f;
    } else {
        /* Exponential approach: ~95 % of the way in ANIM_SECONDS. */
        float k = (float)(1.0 - exp(-a->dt * 3.0 / ANIM_SECONDS));
        it->x = approach(it->x, x, k);
        it->y = approach(it->y, y, k);
        it->w = approach(it->w, w, k);
        it->h = approach(it->h, h, k);
        it->appear = fminf(1.0f, it->appear + (float)(a->dt / ANIM_SECONDS));
        if (it->appear < 1.0f || it->x != x || it->y != y || it->w != w || it->h != h)
            a->busy = true;
    }
    return it;
}

void anim_end(anim_t *a) {
    for (int i = 0; i < a->cap; i++) {
        if (a->slot[i] != SLOT_USED) continue;
        anim_item_t *it = &a->items[i];
        if (it->seen == a->frame) continue;
        if (!it->ghost && !a->settle) {
            it->ghost = true;
            it->ghost_since = a->now;
        }
        if (it->ghost) it->fade = (float)(1.0 - (a->now - it->ghost_since) / ANIM_SECONDS);
        if (a->settle || it->fade <= 0) {
            a->slot[i] = SLOT_DEAD;
            a->used--;
            a->dead++;
        } else {
            a->busy = true;
        }
    }
    if (a->dead > a->cap / 4) rehash(a, a->cap);
}

anim_item_t *anim_next_ghost(anim_t *a, int *it) {
    for (; *it < a->cap; (*it)++) {
        int i = *it;
        if (a->slot[i] == SLOT_USED && a->items[i].ghost) {
            (*it)++;
            return &a->items[i];
        }
    }
    return NULL;
}

void anim_clear(anim_t *a) {
    if (a->cap) {
        memset(a->slot, SLOT_EMPTY, (size_t)a->cap);
        a->used = a->dead = 0;
    }
}

bool anim_busy(const anim_t *a) {
    return a->busy;
}
