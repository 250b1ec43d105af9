/* canvas: the frame recorded as commands, compared tile by tile with the last frame's, and
 * only the tiles that changed drawn again (canvas.h says why the pixels are the same). */
#include "canvas.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Small tiles redraw little around a change (a moving time line, a new chart point); each
 * command costs one hash update per tile it touches. */
#define TILE_W 32
#define TILE_H 32
/* SDL copies more than 7 rectangles per call through a malloc'd array (see gfx.c). */
#define FILL_BATCH 7
#define CLIP_NONE (-2) /* drawing unclipped (every tile) */

enum { CMD_FILL, CMD_COPY };

typedef struct {
    SDL_FRect f;      /* FILL: the rectangle as given to SDL */
    SDL_Texture *tex; /* COPY: the texture (or its part src), unscaled, to dst */
    SDL_Rect src, dst;
    bool part;
    SDL_Color c;            /* FILL: the colour; COPY: the alpha modulation in c.a */
    int kind;               /* CMD_FILL or CMD_COPY */
    int tx0, ty0, tx1, ty1; /* the tiles it may touch, inclusive */
} cmd_t;

struct canvas {
    SDL_Renderer *r; /* the renderer the last frame was drawn with */
    bool enabled, check, software, recording, valid;
    int w, h, tw, th; /* pixels; tiles across and down */
    SDL_Color bg;
    uint64_t *cur, *last; /* per tile: this frame's hash, the one on the screen */
    int *rect_of;         /* per tile: the rectangle drawing it again; -1: kept */
    SDL_Rect *rects;      /* this frame's rectangles to draw again (tw * th at most) */
    int nrects, *seen;    /* per rectangle: the last command drawn into it */
    int *open;            /* build_rects: the rectangles reaching two rows (2 * tw) */
    cmd_t *cmd;
    int n, cap;
    SDL_Texture **dead; /* destroyed after the frame (canvas_destroy_texture) */
    int ndead, dead_cap;
    /* drawing the commands: the clip in force, fills waiting for one call */
    int clip;
    SDL_FRect pend[FILL_BATCH];
    int npend;
    SDL_Color pend_c;
    Uint32 *px_a, *px_b; /* check: the frame drawn by tiles, then drawn whole */
    canvas_stats_t st;
};

static canvas_t *active; /* the canvas recording; NULL when none is */
static uint64_t next_serial = 1;

canvas_t *canvas_create(void) {
    canvas_t *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    const char *env = getenv("DEPLOYSIM_UI_CANVAS");
    c->enabled = !env || strcmp(env, "0") != 0;
    c->check = env && strcmp(env, "check") == 0;
    return c;
}

static void bury(canvas_t *c) {
    for (int i = 0; i < c->ndead; i++)
        SDL_DestroyTexture(c->dead[i]);
    c->ndead = 0;
}

void canvas_destroy(canvas_t *c) {
    if (!c) return;
    if (active == c) active = NULL;
    bury(c);
    free(c->dead);
    free(c->cur);
    free(c->last);
    free(c->rect_of);
    free(c->rects);
    free(c->seen);
    free(c->open);
    free(c->cmd);
    free(c->px_a);
    free(c->px_b);
    free(c);
}

void canvas_invalidate(canvas_t *c) {
    if (c) c->valid = false;
}

uint64_t canvas_serial(void) {
    return next_serial++;
}

canvas_stats_t canvas_stats(const canvas_t *c) {
    canvas_stats_t none = {0};
    return c ? c->st : none;
}

/* ---- hashing ---- */

static uint64_t mix(uint64_t h) { /* MurmurHash3's finalizer: a bijection */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

static uint64_t add(uint64_t h, uint64_t v) {
    return mix(h ^ v) +
           0x9e3779b97f4a7c15ULL; /* order matters: add(add(s,a),b) != add(add(s,b),a) */
}

static uint64_t fbits(float f) {
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static uint64_t colour(SDL_Color c) {
    return (uint64_t)c.r << 24 | (uint64_t)c.g << 16 | (uint64_t)c.b << 8 | c.a;
}

/* ---- drawing the commands ---- */

static void flush_fills(canvas_t *c) {
    if (c->npend == 0) return;
    SDL_Color k = c->pend_c;
    SDL_SetRenderDrawColor(c->r, k.r, k.g, k.b, k.a);
    SDL_SetRenderDrawBlendMode(c->r, k.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_RenderFillRectsF(c->r, c->pend, c->npend);
    c->npend = 0;
}

static void set_clip(canvas_t *c, int rect) {
    if (c->clip == rect) return;
    flush_fills(c);
    SDL_RenderSetClipRect(c->r, rect >= 0 ? &c->rects[rect] : NULL);
    c->clip = rect;
}

/* Command k drawn, clipped to rectangle `rect` (CLIP_NONE: not clipped). */
static void issue(canvas_t *c, const cmd_t *k, int rect) {
    set_clip(c, rect);
    if (k->kind == CMD_FILL) {
        if (c->npend > 0 && (c->npend == FILL_BATCH || colour(c->pend_c) != colour(k->c)))
            flush_fills(c);
        c->pend_c = k->c;
        c->pend[c->npend++] = k->f;
        return;
    }
    flush_fills(c);
    SDL_SetTextureAlphaMod(k->tex, k->c.a);
    SDL_RenderCopy(c->r, k->tex, k->part ? &k->src : NULL, &k->dst);
}

/* Every command on the cleared screen: what drawing at once gives. */
static void draw_all(canvas_t *c) {
    c->clip = CLIP_NONE;
    SDL_RenderSetClipRect(c->r, NULL);
    SDL_SetRenderDrawColor(c->r, c->bg.r, c->bg.g, c->bg.b, 255);
    SDL_RenderClear(c->r);
    for (int i = 0; i < c->n; i++)
        issue(c, &c->cmd[i], CLIP_NONE);
    flush_fills(c);
}

/* The changed tiles (rect_of >= 0) as rectangles: runs along each row of tiles, a run
 * extending the rectangle above it when it spans the same columns. */
static void build_rects(canvas_t *c) {
    c->nrects = 0;
    int *above = c->open, *here = c->open + c->tw, nabove = 0; /* rectangles reaching a row */
    for (int ty = 0; ty < c->th; ty++) {
        int nhere = 0;
        for (int tx = 0; tx < c->tw;) {
            if (c->rect_of[ty * c->tw + tx] < 0) {
                tx++;
                continue;
            }
            int a = tx;
            while (tx < c->tw && c->rect_of[ty * c->tw + tx] >= 0)
                tx++;
            int id = -1;
            for (int k = 0; k < nabove && id < 0; k++)
                if (c->rects[above[k]].x == a && c->rects[above[k]].w == tx - a) id = above[k];
            if (id >= 0) {
                c->rects[id].h++;
            } else {
                id = c->nrects++;
                c->rects[id] = (SDL_Rect){a, ty, tx - a, 1};
            }
            here[nhere++] = id;
            for (int x = a; x < tx; x++)
                c->rect_of[ty * c->tw + x] = id;
        }
        int *t = above;
        above = here;
        here = t;
        nabove = nhere;
    }
    for (int k = 0; k < c->nrects; k++) { /* tiles to pixels, within the screen */
        SDL_Rect t = c->rects[k];
        int x0 = t.x * TILE_W, y0 = t.y * TILE_H;
        int x1 = (t.x + t.w) * TILE_W, y1 = (t.y + t.h) * TILE_H;
        c->rects[k] =
            (SDL_Rect){x0, y0, (x1 > c->w ? c->w : x1) - x0, (y1 > c->h ? c->h : y1) - y0};
    }
}

/* The changed tiles drawn again: the background, then each command touching them. */
static void draw_changed(canvas_t *c) {
    build_rects(c);
    c->clip = CLIP_NONE;
    SDL_RenderSetClipRect(c->r, NULL);
    SDL_SetRenderDrawColor(c->r, c->bg.r, c->bg.g, c->bg.b, 255);
    SDL_SetRenderDrawBlendMode(c->r, SDL_BLENDMODE_NONE);
    SDL_RenderFillRects(c->r, c->rects, c->nrects);
    for (int k = 0; k < c->nrects; k++)
        c->seen[k] = -1;
    for (int i = 0; i < c->n; i++) {
        const cmd_t *k = &c->cmd[i];
        for (int ty = k->ty0; ty <= k->ty1; ty++)
            for (int tx = k->tx0; tx <= k->tx1; tx++) {
                int id = c->rect_of[ty * c->tw + tx];
                if (id >= 0 && c->seen[id] != i) {
                    c->seen[id] = i;
                    issue(c, k, id);
                }
            }
    }
    flush_fills(c);
    SDL_RenderSetClipRect(c->r, NULL);
    c->clip = CLIP_NONE;
}

/* DEPLOYSIM_UI_CANVAS=check: the frame the changed tiles gave against drawing everything. */
static void check_frame(canvas_t *c) {
    size_t n = (size_t)c->w * (size_t)c->h;
    if (!c->px_a) c->px_a = malloc(n * sizeof *c->px_a);
    if (!c->px_b) c->px_b = malloc(n * sizeof *c->px_b);
    if (!c->px_a || !c->px_b) return;
    int pitch = c->w * 4;
    if (SDL_RenderReadPixels(c->r, NULL, SDL_PIXELFORMAT_ARGB8888, c->px_a, pitch) != 0) return;
    draw_all(c);
    if (SDL_RenderReadPixels(c->r, NULL, SDL_PIXELFORMAT_ARGB8888, c->px_b, pitch) != 0) return;
    long bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += c->px_a[i] != c->px_b[i];
    c->st.checked++;
    c->st.bad_pixels += bad;
    if (bad)
        fprintf(stderr,
                "deploysim-ui: canvas check: frame %ld: %ld pixels differ from drawing "
                "everything\n",
                c->st.frames, bad);
}

/* ---- recording ---- */

/* Recording cannot go on (out of memory): what is recorded is drawn, the rest draws at once
 * and the next frame draws every tile. */
static void give_up(canvas_t *c) {
    draw_all(c);
    c->recording = false;
    c->valid = false;
    active = NULL;
}

static bool record(canvas_t *c, const cmd_t *k, uint64_t h, int x0, int y0, int x1, int y1) {
    if (x1 < 0 || y1 < 0 || x0 >= c->w || y0 >= c->h) return true; /* off the screen */
    if (c->n == c->cap) {
        int ncap = c->cap ? c->cap * 2 : 4096;
        cmd_t *m = realloc(c->cmd, sizeof *m * (size_t)ncap);
        if (!m) {
            give_up(c);
            return false;
        }
        c->cmd = m;
        c->cap = ncap;
    }
    cmd_t *e = &c->cmd[c->n++];
    *e = *k;
    e->tx0 = (x0 < 0 ? 0 : x0) / TILE_W;
    e->ty0 = (y0 < 0 ? 0 : y0) / TILE_H;
    e->tx1 = (x1 >= c->w ? c->w - 1 : x1) / TILE_W;
    e->ty1 = (y1 >= c->h ? c->h - 1 : y1) / TILE_H;
    for (int ty = e->ty0; ty <= e->ty1; ty++)
        for (int tx = e->tx0; tx <= e->tx1; tx++)
            c->cur[ty * c->tw + tx] = add(c->cur[ty * c->tw + tx], h);
    return true;
}

static bool record_fill(canvas_t *c, const SDL_FRect *f, SDL_Color col) {
    cmd_t k = {.f = *f, .c = col, .kind = CMD_FILL};
    uint64_t h = add(add(add(CMD_FILL, colour(col)), fbits(f->x) << 32 | fbits(f->y)),
                     fbits(f->w) << 32 | fbits(f->h));
    /* the pixels SDL's software renderer fills (SW_QueueFillRects truncates and fills at
     * least one pixel), one more on each side; a rectangle out of int's range: anywhere */
    const float lim = 1e7f;
    if (!(fabsf(f->x) < lim && fabsf(f->y) < lim && fabsf(f->w) < lim && fabsf(f->h) < lim))
        return record(c, &k, h, 0, 0, c->w - 1, c->h - 1);
    int x = (int)f->x, y = (int)f->y, w = (int)f->w, hh = (int)f->h;
    if (w < 1) w = 1;
    if (hh < 1) hh = 1;
    return record(c, &k, h, x - 1, y - 1, x + w, y + hh);
}

static bool recording_on(canvas_t *c, SDL_Renderer *r) {
    return c && c->recording && c->r == r && SDL_GetRenderTarget(r) == NULL;
}

void canvas_fill(SDL_Renderer *r, const SDL_FRect *rects, int n, SDL_Color col) {
    if (n <= 0 || col.a == 0) return;
    int i = 0;
    if (recording_on(active, r)) {
        canvas_t *c = active;
        for (; i < n; i++)
            if (!record_fill(c, &rects[i], col)) break;
        if (i == n) return;
    }
    SDL_SetRenderDrawColor(r, col.r, col.g, col.b, col.a);
    SDL_SetRenderDrawBlendMode(r, col.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    for (; i < n; i += FILL_BATCH)
        SDL_RenderFillRectsF(r, rects + i, n - i < FILL_BATCH ? n - i : FILL_BATCH);
}

static void copy(SDL_Renderer *r, SDL_Texture *t, uint64_t serial, const SDL_Rect *src,
                 SDL_Rect dst, Uint8 alpha) {
    if (!t) return;
    if (recording_on(active, r)) {
        SDL_BlendMode bm = SDL_BLENDMODE_NONE;
        SDL_GetTextureBlendMode(t, &bm);
        cmd_t k = {.tex = t, .dst = dst, .c = {0, 0, 0, alpha}, .kind = CMD_COPY};
        uint64_t h = add(add(add(add(CMD_COPY, serial), (uint64_t)bm << 8 | alpha),
                             (uint64_t)(uint32_t)dst.x << 32 | (uint32_t)dst.y),
                         (uint64_t)(uint32_t)dst.w << 32 | (uint32_t)dst.h);
        if (src) {
            k.src = *src;
            k.part = true;
            h = add(add(h, (uint64_t)(uint32_t)src->x << 32 | (uint32_t)src->y),
                    (uint64_t)(uint32_t)src->w << 32 | (uint32_t)src->h);
        }
        if (record(active, &k, h, dst.x - 1, dst.y - 1, dst.x + dst.w, dst.y + dst.h)) return;
    }
    SDL_SetTextureAlphaMod(t, alpha);
    SDL_RenderCopy(r, t, src, &dst);
}

void canvas_copy(SDL_Renderer *r, SDL_Texture *t, uint64_t serial, SDL_Rect dst, Uint8 alpha) {
    copy(r, t, serial, NULL, dst, alpha);
}

void canvas_copy_part(SDL_Renderer *r, SDL_Texture *t, uint64_t serial, SDL_Rect src,
                      SDL_Rect dst) {
    copy(r, t, serial, &src, dst, 255);
}

bool canvas_recording(SDL_Renderer *r) {
    return recording_on(active, r);
}

void canvas_destroy_texture(SDL_Texture *t) {
    if (!t) return;
    canvas_t *c = active;
    if (c && c->recording) {
        if (c->ndead == c->dead_cap) {
            int ncap = c->dead_cap ? c->dead_cap * 2 : 64;
            SDL_Texture **m = realloc(c->dead, sizeof *m * (size_t)ncap);
            if (!m) {
                give_up(c); /* the recorded copies are drawn: t is no longer needed */
                SDL_DestroyTexture(t);
                return;
            }
            c->dead = m;
            c->dead_cap = ncap;
        }
        c->dead[c->ndead++] = t;
        return;
    }
    SDL_DestroyTexture(t);
}

/* ---- the frame ---- */

static bool is_software(canvas_t *c, SDL_Renderer *r) {
    if (r != c->r) {
        SDL_RendererInfo info;
        c->r = r;
        c->software =
            SDL_GetRendererInfo(r, &info) == 0 && info.name && strcmp(info.name, "software") == 0;
        c->valid = false;
    }
    return c->software;
}

/* The tile arrays for a screen of w x h; false when out of memory. */
static bool size_tiles(canvas_t *c, int w, int h) {
    if (w == c->w && h == c->h && c->cur) return true;
    c->valid = false;
    c->w = c->h = 0;
    free(c->px_a);
    free(c->px_b);
    c->px_a = c->px_b = NULL;
    int tw = (w + TILE_W - 1) / TILE_W, th = (h + TILE_H - 1) / TILE_H;
    size_t nt = (size_t)tw * (size_t)th;
    uint64_t *cur = realloc(c->cur, nt * sizeof *cur);
    if (cur) c->cur = cur;
    uint64_t *last = realloc(c->last, nt * sizeof *last);
    if (last) c->last = last;
    int *rect_of = realloc(c->rect_of, nt * sizeof *rect_of);
    if (rect_of) c->rect_of = rect_of;
    SDL_Rect *rects = realloc(c->rects, nt * sizeof *rects);
    if (rects) c->rects = rects;
    int *seen = realloc(c->seen, nt * sizeof *seen);
    if (seen) c->seen = seen;
    int *open = realloc(c->open, 2 * (size_t)tw * sizeof *open);
    if (open) c->open = open;
    if (!cur || !last || !rect_of || !rects || !seen || !open) return false;
    c->w = w;
    c->h = h;
    c->tw = tw;
    c->th = th;
    return true;
}

/* Whether this frame can be recorded: the software renderer drawing to its screen with no
 * scale, viewport or clip of its own (the tiles are in the screen's pixels). */
static bool can_record(canvas_t *c, SDL_Renderer *r) {
    if (!c->enabled || !is_software(c, r) || SDL_GetRenderTarget(r) != NULL ||
        SDL_RenderIsClipEnabled(r))
        return false;
    int w, h;
    float sx, sy;
    SDL_Rect vp;
    SDL_RenderGetScale(r, &sx, &sy);
    SDL_RenderGetViewport(r, &vp);
    if (SDL_GetRendererOutputSize(r, &w, &h) != 0 || w <= 0 || h <= 0 || sx != 1 || sy != 1 ||
        vp.x != 0 || vp.y != 0 || vp.w != w || vp.h != h)
        return false;
    return size_tiles(c, w, h);
}

void canvas_begin(canvas_t *c, SDL_Renderer *r, SDL_Color bg) {
    if (c) c->recording = false;
    if (!c || !can_record(c, r)) {
        if (c) c->valid = false;
        SDL_SetRenderDrawColor(r, bg.r, bg.g, bg.b, 255);
        SDL_RenderClear(r);
        return;
    }
    bg.a = 255;
    if (colour(bg) != colour(c->bg)) c->valid = false;
    c->bg = bg;
    uint64_t seed = add(0x6361, colour(bg)); /* the background is under every tile */
    size_t nt = (size_t)c->tw * (size_t)c->th;
    for (size_t i = 0; i < nt; i++)
        c->cur[i] = seed;
    c->n = 0;
    c->recording = true;
    active = c;
}

void canvas_end(canvas_t *c) {
    if (!c) return;
    if (!c->recording) { /* drawn at once, or recording gave up */
        bury(c);
        return;
    }
    c->recording = false;
    active = NULL;
    int nt = c->tw * c->th, changed = 0;
    for (int i = 0; i < nt; i++) {
        bool ch = !c->valid || c->cur[i] != c->last[i];
        c->rect_of[i] = ch ? 0 : -1;
        changed += ch;
    }
    if (changed == nt) {
        draw_all(c);
    } else if (changed > 0) {
        draw_changed(c);
        c->st.frames_partial++;
        if (c->check) check_frame(c);
    }
    uint64_t *t = c->last;
    c->last = c->cur;
    c->cur = t;
    c->valid = true;
    c->st.frames++;
    c->st.tiles_drawn += changed;
    c->st.tiles_total += nt;
    bury(c);
}
