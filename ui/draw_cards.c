/* draw_cards: node cards too small for tiles (hundreds of nodes: a frame, a state strip and
 * the per-version bar) drawn from textures kept between frames, one per group of cards. A
 * card is drawn again into its texture only when what it shows changed — its node's view or
 * its pods per version colour (counted again only when its pods were read again,
 * pane.node_gen) — and the textures are copied to the screen, so a frame where a few pods
 * changed redraws a few cards, not a thousand, and a pod going from Pulling to Ready none. The
 * pixels are the same as drawing every card on the panel: a texture starts as the panel's colour,
 * and a card drawn again is drawn on that colour first. Not used while a scene is recorded (every
 * card must be listed) or when the renderer has no render targets. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "draw_cluster.h"
#include "gfx.h"

/* The textures are copied to the screen in square blocks, each named by its own serial (see
 * canvas.h): a card drawn again renews the serials of the blocks under it, so the canvas draws
 * again only the screen under those, not the whole group. */
#define BLOCK_MAX 256
#define BLOCK_MARGIN 8 /* pixels around a card that its drawing might reach */

/* What a card's pixels depend on. */
typedef struct {
    ui_rect_t r;
    float a;
    int detail, inset;
    int versions[THEME_VERSION_COLORS]; /* its pods per version colour (the aggregate bar) */
    const char *name;
    int state, pool, pod_count;
    bool failed, cordoned;
    double progress, cpu, cpu_cap, mem, mem_cap;
} card_sig_t;

/* What every card's pixels depend on. */
typedef struct {
    SDL_Renderer *r;
    const theme_t *th;
    const char *lang;
    int text_px, small_px, groups, cards;
} cache_key_t;

struct card_cache {
    cache_key_t key;
    SDL_Texture *tex[PANE_MAX_GROUPS];
    /* canvas_serial() of each block of each texture's pixels, blocks of block[g] pixels */
    uint64_t serial[PANE_MAX_GROUPS][BLOCK_MAX];
    int block[PANE_MAX_GROUPS];
    ui_rect_t box[PANE_MAX_GROUPS];
    card_sig_t *sig, *next; /* the cards as in the textures; this frame's */
    int *group;             /* this frame's group of each card */
    uint32_t *gen;          /* the node_gen each card's versions were counted at */
    int cap;
};

void card_cache_free(card_cache_t *c) {
    if (!c) return;
    for (int g = 0; g < PANE_MAX_GROUPS; g++)
        canvas_destroy_texture(c->tex[g]);
    free(c->sig);
    free(c->next);
    free(c->group);
    free(c->gen);
    free(c);
}

static bool grow(card_cache_t *c, int n) {
    if (n <= c->cap) return true;
    card_sig_t *a = realloc(c->sig, sizeof *a * (size_t)n);
    if (a) c->sig = a;
    card_sig_t *b = realloc(c->next, sizeof *b * (size_t)n);
    if (b) c->next = b;
    int *g = realloc(c->group, sizeof *g * (size_t)n);
    if (g) c->group = g;
    uint32_t *e = realloc(c->gen, sizeof *e * (size_t)n);
    if (e) c->gen = e;
    if (!a || !b || !g || !e) return false;
    for (int i = c->cap; i < n; i++)
        c->gen[i] = 0; /* node_gen starts at 1: counted at the first frame */
    c->cap = n;
    return true;
}

static ui_rect_t shifted(ui_rect_t r, ui_rect_t box) {
    return (ui_rect_t){r.x - box.x, r.y - box.y, r.w, r.h};
}

static ui_rect_t rect_union(ui_rect_t a, ui_rect_t b) {
    if (a.w <= 0) return b;
    int x0 = a.x < b.x ? a.x : b.x, y0 = a.y < b.y ? a.y : b.y;
    int x1 = a.x + a.w > b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h > b.y + b.h ? a.y + a.h : b.y + b.h;
    return (ui_rect_t){x0, y0, x1 - x0, y1 - y0};
}

/* Card c into its group's texture (the target set), on the panel's colour. */
static void draw_card_into(const ui_draw_t *d, const pane_t *p, card_cache_t *cc, int c,
                           bool clear) {
    int ni = p->card_node[c];
    const node_grid_t *cg;
    pane_card_rect(p, c, &cg);
    const card_sig_t *s = &cc->next[c];
    ui_rect_t cr = shifted(s->r, cc->box[cc->group[c]]);
    if (clear) gfx_fill(d->r, cr, d->th->panel);
    draw_card_frame(d, &p->nodes[ni], cr, cg, s->a);
    draw_card_aggregate(d, p, ni, cr);
    draw_card_header(d, p, &p->nodes[ni], cr, cg, s->a);
}

static int block_side(ui_rect_t box) {
    int b = 64;
    while (((box.w + b - 1) / b) * ((box.h + b - 1) / b) > BLOCK_MAX)
        b *= 2;
    return b;
}

/* New serials for the blocks of group g under r (texture pixels, widened by BLOCK_MARGIN);
 * r NULL: every block. */
static void touch_blocks(card_cache_t *cc, int g, const ui_rect_t *r) {
    int b = cc->block[g], nx = (cc->box[g].w + b - 1) / b, ny = (cc->box[g].h + b - 1) / b;
    int x0 = 0, y0 = 0, x1 = nx - 1, y1 = ny - 1;
    if (r) {
        int px0 = r->x - BLOCK_MARGIN, py0 = r->y - BLOCK_MARGIN;
        int px1 = r->x + r->w + BLOCK_MARGIN, py1 = r->y + r->h + BLOCK_MARGIN;
        x0 = px0 < 0 ? 0 : px0 / b;
        y0 = py0 < 0 ? 0 : py0 / b;
        if (px1 / b < x1) x1 = px1 / b;
        if (py1 / b < y1) y1 = py1 / b;
    }
    uint64_t s = canvas_serial();
    for (int by = y0; by <= y1; by++)
        for (int bx = x0; bx <= x1; bx++)
            cc->serial[g][by * nx + bx] = s;
}

/* The group's texture to the screen, block by block when the canvas records. */
static void copy_group(const ui_draw_t *d, card_cache_t *cc, int g) {
    ui_rect_t box = cc->box[g];
    if (!canvas_recording(d->r)) {
        SDL_Rect dst = {box.x, box.y, box.w, box.h};
        SDL_RenderCopy(d->r, cc->tex[g], NULL, &dst);
        return;
    }
    int b = cc->block[g], nx = (box.w + b - 1) / b, ny = (box.h + b - 1) / b;
    for (int by = 0; by < ny; by++)
        for (int bx = 0; bx < nx; bx++) {
            SDL_Rect src = {bx * b, by * b, box.w - bx * b < b ? box.w - bx * b : b,
                            box.h - by * b < b ? box.h - by * b : b};
            SDL_Rect dst = {box.x + src.x, box.y + src.y, src.w, src.h};
            canvas_copy_part(d->r, cc->tex[g], cc->serial[g][by * nx + bx], src, dst);
        }
}

/* Each group's texture the size of its box (made again when the boxes changed); false when
 * the renderer cannot draw into one. */
static bool make_textures(const ui_draw_t *d, card_cache_t *cc, const ui_rect_t *box, int n) {
    for (int g = 0; g < PANE_MAX_GROUPS; g++) {
        bool keep = g < n && cc->tex[g] && cc->box[g].w == box[g].w && cc->box[g].h == box[g].h;
        if (!keep && cc->tex[g]) {
            canvas_destroy_texture(cc->tex[g]);
            cc->tex[g] = NULL;
        }
        if (g >= n) continue;
        cc->box[g] = box[g];
        if (!cc->tex[g] && box[g].w > 0 && box[g].h > 0) {
            cc->tex[g] = SDL_CreateTexture(d->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET,
                                           box[g].w, box[g].h);
            if (!cc->tex[g]) return false;
            cc->block[g] = block_side(box[g]);
            touch_blocks(cc, g, NULL);
            SDL_SetTextureBlendMode(cc->tex[g], SDL_BLENDMODE_NONE);
        }
    }
    return true;
}

/* Node ni's pods per version colour, as draw_card_aggregate counts them. */
static void count_versions(const pane_t *p, int ni, int *versions) {
    for (int i = 0; i < p->node_pods[ni]; i++) {
        const sim_pod_view_t *pv = &p->pods[p->node_first[ni] + i];
        if (pv->state != SIM_POD_DELETED)
            versions[(pv->version < 0 ? 0 : pv->version) % THEME_VERSION_COLORS]++;
    }
}

/* This frame's signature of card c, its place (touching its animation) and its group. */
static void card_signature(const pane_t *p, card_cache_t *cc, int c, card_sig_t *s, int *group) {
    int ni = p->card_node[c];
    const sim_node_view_t *n = &p->nodes[ni];
    const node_grid_t *cg;
    ui_rect_t target = pane_card_rect(p, c, &cg);
    anim_item_t *ai = anim_touch(p->anim, DRAW_KEY_CARD | (uint64_t)ni, (float)target.x,
                                 (float)target.y, (float)target.w, (float)target.h);
    memset(s, 0, sizeof *s); /* compared with memcmp: no stray padding bytes */
    s->r = ai ? (ui_rect_t){(int)lroundf(ai->x), (int)lroundf(ai->y), target.w, target.h} : target;
    s->a = ai ? ai->appear : 1;
    s->detail = cg->detail;
    s->inset = cg->inset;
    /* the same card and its pods not read again: the counts are those in the texture */
    if (cc->gen[c] == p->node_gen[ni] && cc->sig[c].name == n->name)
        memcpy(s->versions, cc->sig[c].versions, sizeof s->versions);
    else
        count_versions(p, ni, s->versions);
    cc->gen[c] = p->node_gen[ni];
    s->name = n->name;
    s->state = n->state;
    s->pool = n->pool;
    s->pod_count = n->pod_count;
    s->failed = n->failed;
    s->cordoned = n->cordoned;
    s->progress = n->provision_progress;
    s->cpu = n->cpu_allocated;
    s->cpu_cap = n->cpu_capacity;
    s->mem = n->memory_allocated;
    s->mem_cap = n->memory_capacity;
    *group = 0;
    for (int g = 0; g < p->group_count; g++)
        if (c >= p->groups[g].first && c < p->groups[g].first + p->groups[g].count) *group = g;
}

/* Whether this frame's cards can come from textures: all aggregates (no tiles) without the
 * full header (its countdown moves with the clock), no scene being recorded. */
static bool cacheable(const ui_draw_t *d, const pane_t *p) {
    if (d->scene || p->zones || p->card_count == 0 || !p->node_gen) return false;
    int ng = p->group_count > 0 ? p->group_count : 1;
    for (int g = 0; g < ng; g++) {
        const node_grid_t *cg = p->group_count > 0 ? &p->groups[g].grid : &p->grid;
        if (cg->tile != 0 || cg->detail == CARD_FULL) return false;
    }
    return true;
}

bool draw_cards_cached(const ui_draw_t *d, pane_t *p) {
    if (!cacheable(d, p)) return false;
    if (!p->cards && !(p->cards = calloc(1, sizeof *p->cards))) return false;
    card_cache_t *cc = p->cards;
    if (!grow(cc, p->card_count)) return false;
    int ng = p->group_count > 0 ? p->group_count : 1;
    ui_rect_t box[PANE_MAX_GROUPS] = {{0, 0, 0, 0}};
    for (int c = 0; c < p->card_count; c++) {
        card_signature(p, cc, c, &cc->next[c], &cc->group[c]);
        box[cc->group[c]] = rect_union(box[cc->group[c]], cc->next[c].r);
    }
    cache_key_t key = {d->r, d->th, d->lang, d->text_px, d->small_px, ng, p->card_count};
    bool all = memcmp(&key, &cc->key, sizeof key) != 0 ||
               memcmp(box, cc->box, sizeof box[0] * (size_t)ng) != 0;
    /* a card that moved or fades: everything again (its old place is another card's) */
    for (int c = 0; c < p->card_count && !all; c++)
        all = memcmp(&cc->next[c].r, &cc->sig[c].r, sizeof cc->next[c].r) != 0 ||
              cc->next[c].a != cc->sig[c].a || cc->next[c].a < 1;
    if (all) memset(&cc->key, 0, sizeof cc->key); /* invalid until drawn */
    if (all && !make_textures(d, cc, box, ng)) {
        memset(cc->gen, 0, sizeof *cc->gen * (size_t)p->card_count); /* cc->sig was not kept */
        return false;
    }
    SDL_Texture *prev = SDL_GetRenderTarget(d->r);
    int at = -1; /* the group whose texture is the target */
    for (int c = 0; c < p->card_count; c++) {
        if (!all && memcmp(&cc->next[c], &cc->sig[c], sizeof cc->next[c]) == 0) continue;
        int g = cc->group[c];
        if (g != at) {
            gfx_batch_flush(d->r);
            SDL_SetRenderTarget(d->r, cc->tex[g]);
            if (all) { /* the panel under the cards */
                touch_blocks(cc, g, NULL);
                SDL_Color bg = d->th->panel;
                SDL_SetRenderDrawColor(d->r, bg.r, bg.g, bg.b, bg.a);
                SDL_RenderClear(d->r);
            }
            at = g;
        }
        ui_rect_t cr = shifted(cc->next[c].r, cc->box[g]);
        touch_blocks(cc, g, &cr); /* in place: a card that moved made `all` */
        draw_card_into(d, p, cc, c, !all);
    }
    gfx_batch_flush(d->r);
    if (at >= 0) SDL_SetRenderTarget(d->r, prev);
    for (int g = 0; g < ng; g++)
        copy_group(d, cc, g);
    memcpy(cc->sig, cc->next, sizeof *cc->sig * (size_t)p->card_count);
    cc->key = key;
    return true;
}
