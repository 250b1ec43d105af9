/* images: container images and VM disk images on nodes. A node pulls an image once and shares
 * it with every pod that needs it (pulls on a node take turns over its bandwidth); pods wait
 * for the pull their image is in, and the scheduler's ImageLocality reads what is present.
 * Split out of nodes.c; the node lifecycle calls in when a node is repaired or removed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "images.h"
#include "kernel.h"
#include "kubelet.h"
#include "model.h"

static int image_index(sim_t *s, const char *name, int64_t size) {
    for (int i = 0; i < s->image_count; i++)
        if (strcmp(s->images[i].name, name) == 0) return i;
    image_t *n = realloc(s->images, sizeof *n * (size_t)(s->image_count + 1));
    if (!n) return -1;
    s->images = n;
    s->images[s->image_count].name = (char *)name; /* owned by the scenario */
    s->images[s->image_count].size = size;
    s->images[s->image_count].nodes = 0;
    return s->image_count++;
}

static node_image_t *node_image(sim_t *s, int ni, int image) {
    node_t *n = &s->nodes[ni];
    for (int i = 0; i < n->image_count; i++)
        if (n->images[i].image == image) return &n->images[i];
    if (n->image_count == n->image_cap) {
        int ncap = n->image_cap ? n->image_cap * 2 : 4;
        node_image_t *ni2 = realloc(n->images, sizeof *ni2 * (size_t)ncap);
        if (!ni2) return NULL;
        n->images = ni2;
        n->image_cap = ncap;
    }
    node_image_t *im = &n->images[n->image_count++];
    memset(im, 0, sizeof *im);
    im->image = image;
    im->waiters = -1;
    return im;
}

/* Image identity includes the tag (the version), so v2 pulls even where v1 is cached. */
static int pod_image(sim_t *s, const pod_t *p) {
    const version_spec_t *v = pod_version(s, p);
    char key[256];
    snprintf(key, sizeof key, "%s:%s", v->image_name, v->name);
    for (int i = 0; i < s->image_count; i++)
        if (strcmp(s->images[i].name, key) == 0) return i;
    char *dup = strdup(key);
    if (!dup) return -1;
    int idx = image_index(s, dup, v->image_size);
    if (idx < 0) free(dup);
    return idx;
}

void images_request(sim_t *s, int ni, int pi) {
    int img = pod_image(s, &s->pods[pi]);
    node_image_t *im = img >= 0 ? node_image(s, ni, img) : NULL;
    if (!im) {
        pod_pull_done(s, pi, false);
        return;
    }
    s->pods[pi].pull_next = img; /* which image the pod waits for */
    if (im->present) {
        pod_pull_done(s, pi, false);
        return;
    }
    const version_spec_t *v = pod_version(s, &s->pods[pi]);
    model_event(s, "Normal", "Pulling", s->pods[pi].name, "Pulling image \"%s:%s\"", v->image_name,
                v->name);
    if (im->done_at > 0) return; /* a pull is under way: wait for it */
    node_t *n = &s->nodes[ni];
    sim_time_t now = model_now(s);
    sim_time_t start = n->pull_busy_until > now ? n->pull_busy_until : now;
    double bw = s->sc->pools[n->pool].pull_bandwidth;
    sim_time_t dur = (sim_time_t)((double)v->image_size / bw * SIM_SEC);
    im->done_at = start + dur;
    n->pull_busy_until = im->done_at;
    s->pods[pi].stage_end = im->done_at;
    engine_schedule(s->eng, im->done_at, EV_PULL_DONE, (uint32_t)ni,
                    ((uint64_t)n->gen << 32) | (uint32_t)img);
}

/* The node has the image (or no longer has it): the scheduler's ImageLocality counts the
 * nodes that have each image. */
static void image_present(sim_t *s, node_image_t *im, bool present) {
    if (im->present != present) s->images[im->image].nodes += present ? 1 : -1;
    im->present = present;
}

/* A pod placed at time 0 of a steady state has run there for long: its image is present. */
void images_steady(sim_t *s, int ni, int pi) {
    const version_spec_t *v = pod_version(s, &s->pods[pi]);
    if (!v->image_name || v->image_size <= 0) return;
    int img = pod_image(s, &s->pods[pi]);
    node_image_t *im = img >= 0 ? node_image(s, ni, img) : NULL;
    if (im) image_present(s, im, true);
}

/* The node lost its images (a new machine, or it left the cluster). */
void images_node_gone(sim_t *s, int ni) {
    node_t *n = &s->nodes[ni];
    for (int i = 0; i < n->image_count; i++)
        image_present(s, &n->images[i], false);
    n->image_count = 0;
}

void images_pull_done(sim_t *s, int ni, int img) {
    node_t *n = &s->nodes[ni];
    node_image_t *im = node_image(s, ni, img);
    if (!im) return;
    image_present(s, im, true);
    for (int pi = n->head; pi >= 0;) {
        int next = s->pods[pi].node_next;
        if (s->pods[pi].phase == POD_PULLING && s->pods[pi].pull_next == img)
            pod_pull_done(s, pi, true);
        pi = next;
    }
}

/* Pods waiting for a pull started before a node failed start it again. */
void images_restart_pulls(sim_t *s, int ni) {
    node_t *n = &s->nodes[ni];
    for (int i = 0; i < n->image_count; i++)
        if (!n->images[i].present) n->images[i].done_at = 0;
    n->pull_busy_until = 0;
}
