/* anim: per-object animation state keyed by a 64-bit id (a pod's id and name, a node's index),
 * advanced in REAL time so that a change takes ~300 ms on screen at any simulation speed.
 * Objects that stop being drawn linger as fading ghosts. No allocation in steady state: the
 * table grows only when more objects are alive than ever before. */
#ifndef DEPLOYSIM_UI_ANIM_H
#define DEPLOYSIM_UI_ANIM_H

#include <stdbool.h>
#include <stdint.h>

#define ANIM_SECONDS 0.3

typedef struct {
    uint64_t key;
    float x, y, w, h;     /* where it is drawn now */
    float tx, ty, tw, th; /* where it is going */
    float appear;         /* 0..1: fade/grow in */
    float fade;           /* ghosts: 1..0 */
    bool ghost;
    int kind;       /* free for the caller (what to draw for a ghost) */
    uint32_t color; /* free for the caller */
    uint64_t seen;  /* frame number it was last touched */
    double ghost_since;
} anim_item_t;

typedef struct anim anim_t;

anim_t *anim_create(void);
void anim_destroy(anim_t *a);

/* Starts a frame at real time `now` (seconds). With settle, every animation jumps to its end
 * (screenshots, and the frame after a jump in time). */
void anim_begin(anim_t *a, double now, bool settle);
/* The item for `key`, moved toward the target rectangle; created (fading in) if new. NULL
 * only when out of memory. */
anim_item_t *anim_touch(anim_t *a, uint64_t key, float x, float y, float w, float h);
/* Turns the items not touched in this frame into ghosts and drops finished ghosts. */
void anim_end(anim_t *a);
/* Iterates over ghosts: *it starts at 0; returns NULL at the end. */
anim_item_t *anim_next_ghost(anim_t *a, int *it);
/* Drops everything (a new simulation after a jump in time). */
void anim_clear(anim_t *a);
/* True while something is still moving or fading (the loop may sleep otherwise). */
bool anim_busy(const anim_t *a);

/* 64-bit FNV-1a, for keys made of names. */
uint64_t anim_hash(const char *s, uint64_t seed);

#endif
