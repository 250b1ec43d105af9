/* clone.h: what sim_clone (clone.c) hands to the modules whose state is private to their file:
 * each copies its own structures into the clone with clone_dup / clone_rng; clone_*. */
#ifndef DEPLOYSIM_CLONE_H
#define DEPLOYSIM_CLONE_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/* One deep copy in progress: the bytes it allocated so far, and whether any allocation failed
 * (the copy is then destroyed: every pointer it holds is either its own or NULL). */
typedef struct {
    size_t bytes;
    bool failed;
} clone_ctx_t;

/* A copy of `used` elements of `elem` bytes in a new block of `cap` elements (the capacity the
 * owner's growth code assumes); NULL when p is NULL, or when out of memory (c->failed). */
void *clone_dup(clone_ctx_t *c, const void *p, size_t used, size_t cap, size_t elem);
/* gsl_rng_clone: the same generator at the same point of its stream; NULL for NULL. */
gsl_rng *clone_rng(clone_ctx_t *c, const gsl_rng *r);

/* The modules' copies (each in its own file). `dst` starts as a byte copy of `src`: each
 * replaces the pointers it owns in dst with copies, or NULL on failure. */
void kubelet_pods_clone(sim_t *dst, const sim_t *src, clone_ctx_t *c);
void hpa_clone(sim_t *dst, const sim_t *src, clone_ctx_t *c);
void hpa_metrics_clone(sim_t *dst, const sim_t *src, clone_ctx_t *c);
void ca_clone(sim_t *dst, const sim_t *src, clone_ctx_t *c);
void fluid_queue_clone(sim_t *dst, const sim_t *src, clone_ctx_t *c);
void prio_clone(sim_t *dst, const sim_t *src, clone_ctx_t *c);
void count_map_clone(count_map_t *dst, const count_map_t *src, clone_ctx_t *c);
/* The clone's outputs continue the source's files in `dir` (NULL: the clone writes none):
 * what the source has written so far is copied there first. */
void metrics_clone_files(sim_t *dst, const sim_t *src, const char *dir, clone_ctx_t *c);

#endif
