/* draw_zones: a cluster too big for node cards (hyperscale.json: 65,000 nodes) drawn as one
 * tile per zone (and pool) with what a class can read from the back of the room: nodes Ready
 * of total, the NotReady and silent (no heartbeat yet NotReady) ones, the pods on them, how
 * much of the zone's cpu and memory is allocated. A zone that is down turns vermillion, so an
 * outage is visible at a glance. Cards are given up for tiles by pixels per card (the card
 * grid's area over the cards at the current size and font scale), not by a node count: a 300-
 * node cluster on a 4K screen keeps its cards, the same cluster at 720p and font scale 1.5 may
 * not. Everything is clipped to the tiles, which lie inside the cluster panel. */
#include <stdio.h>
#include <string.h>

#include "gfx.h"
#include "i18n.h"
#include "ui.h"

/* One tile's figures, summed over its nodes and their pods. */
typedef struct {
    int nodes, ready, not_ready, silent, other;
    int pods, pods_ready, pods_starting;
    double cpu_cap, cpu_alloc, mem_cap, mem_alloc;
} zone_sum_t;

bool zones_wanted(const ui_draw_t *d, const pane_t *p) {
    if (p->card_count <= PANE_GROUP_MIN_NODES) return false;
    ui_rect_t a = p->cl.grid;
    /* a card is legible while its side holds a line of small text, with the gap between */
    long long side = d->small_px + (d->text_px / 3 > 3 ? d->text_px / 3 : 3);
    return (long long)a.w * a.h < side * side * p->card_count;
}

static void sum_cards(const pane_t *p, int first, int count, zone_sum_t *z) {
    *z = (zone_sum_t){0};
    for (int c = first; c < first + count; c++) {
        int ni = p->card_node[c];
        const sim_node_view_t *v = &p->nodes[ni];
        z->nodes++;
        if (v->state == SIM_NODE_NOT_READY)
            z->not_ready++;
        else if (v->failed)
            z->silent++;
        else if (v->state == SIM_NODE_READY)
            z->ready++;
        else
            z->other++;
        z->cpu_cap += v->cpu_capacity;
        z->cpu_alloc += v->cpu_allocated;
        z->mem_cap += v->memory_capacity;
        z->mem_alloc += v->memory_allocated;
        for (int k = p->node_first[ni]; k < p->node_first[ni] + p->node_pods[ni]; k++) {
            sim_pod_state_t st = p->pods[k].state;
            z->pods++;
            z->pods_ready += st == SIM_POD_READY;
            z->pods_starting +=
                st == SIM_POD_PENDING || st == SIM_POD_PULLING || st == SIM_POD_STARTING;
        }
    }
}

/* 21667 -> "21,667": counts of this size are read aloud. */
static const char *thousands(int v, char buf[16]) {
    char raw[16];
    snprintf(raw, sizeof raw, "%d", v < 0 ? -v : v);
    int len = (int)strlen(raw), o = 0;
    if (v < 0) buf[o++] = '-';
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0) buf[o++] = ',';
        buf[o++] = raw[i];
    }
    buf[o] = 0;
    return buf;
}

static void tile_name(const ui_draw_t *d, const pane_t *p, int k, char *buf, size_t n) {
    const scenario_t *sc = p->ses.sc;
    if (p->group_count == 0) {
        snprintf(buf, n, "%s", ui_tr(d->lang, "all nodes"));
        return;
    }
    int pool = p->groups[k].pool;
    const char *pn = pool >= 0 && pool < sc->pool_count ? sc->pools[pool].name : "?";
    snprintf(buf, n, ui_tr(d->lang, "pool %s"), pn);
    if (p->groups[k].zone) {
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, " \xC2\xB7 ");
        len = strlen(buf);
        snprintf(buf + len, n - len, ui_tr(d->lang, "zone %s"), p->groups[k].zone);
    }
}

/* The tiles' grid: the fewest rows whose tiles still hold their lines (need_w x need_h), else
 * the column count that gives the largest tiles of a readable (wide) shape. */
static void tile_grid(ui_rect_t a, int n, int gap, int need_w, int need_h, int *cols, int *tw,
                      int *th) {
    int best = -1;
    for (int c = n; c >= 1; c--) {
        int rows = (n + c - 1) / c;
        int w = (a.w - (c - 1) * gap) / c, h = (a.h - (rows - 1) * gap) / rows;
        if (w >= need_w && h >= need_h) {
            *cols = c, *tw = w, *th = h;
            return;
        }
        int score = w < h * 3 ? w : h * 3;
        if (score > best) best = score, *cols = c, *tw = w, *th = h;
    }
}

/* A bar of the tile's nodes: Ready, then silent, then NotReady, then the rest. */
static void node_bar(const ui_draw_t *d, const zone_sum_t *z, ui_rect_t b, bool down) {
    const theme_t *th = d->th;
    gfx_fill(d->r, b, th->track);
    if (z->nodes <= 0) return;
    int x = b.x;
    const struct {
        int n;
        SDL_Color c;
    } parts[] = {{z->ready, down ? th->panel : th->ink_muted},
                 {z->silent, theme_mix(th->failure, th->panel, 0.4)},
                 {z->not_ready, down ? th->ink : th->failure}};
    int acc = 0;
    for (int i = 0; i < 3; i++) {
        acc += parts[i].n;
        int x1 = b.x + (int)((long long)b.w * acc / z->nodes);
        if (parts[i].n > 0 && x1 == x) x1 = x + 1; /* any node shows */
        if (x1 > b.x + b.w) x1 = b.x + b.w;
        if (x1 > x) gfx_fill(d->r, (ui_rect_t){x, b.y, x1 - x, b.h}, parts[i].c);
        x = x1;
    }
}

typedef struct {
    const ui_draw_t *d;
    ui_rect_t t; /* the tile's inner box */
    int y;       /* the next line's top */
} tile_pen_t;

/* One line in the tile, only while it fits below the previous ones. */
static void pen_line(tile_pen_t *pen, const char *s, int px, font_style_t st, SDL_Color c) {
    int lh = layout_line(px);
    if (pen->y + lh > pen->t.y + pen->t.h) return;
    text_draw(pen->d->text, s, px, st, c, pen->t.x, pen->y, ALIGN_LEFT, pen->t.w);
    pen->y += lh;
}

static void draw_tile(const ui_draw_t *d, const pane_t *p, int k, ui_rect_t r) {
    const theme_t *th = d->th;
    zone_sum_t z;
    if (p->group_count > 0)
        sum_cards(p, p->groups[k].first, p->groups[k].count, &z);
    else
        sum_cards(p, 0, p->card_count, &z);
    char name[160], buf[200], a[16], b[16];
    tile_name(d, p, k, name, sizeof name);
    scene_box(d->scene, "Zone", name, r);
    /* down: no node of the zone serves (all NotReady or silent) */
    bool down = z.nodes > 0 && z.ready == 0 && z.not_ready + z.silent > 0;
    bool hurt = z.not_ready + z.silent > 0;
    gfx_fill(d->r, r, down ? th->failure : th->card);
    gfx_frame(d->r, r, hurt ? 3 : 1, hurt ? th->failure : th->border);
    SDL_Color ink = down ? th->panel : th->ink, muted = down ? th->panel : th->ink_muted;
    int pad = d->pad > 4 ? d->pad : 4;
    tile_pen_t pen = {d, rect_inset(r, pad, pad), r.y + pad};
    if (pen.t.w <= 0 || pen.t.h <= 0) return;
    pen_line(&pen, name, d->small_px, FONT_BOLD, ink);
    /* the headline: "0/21,667 nodes Ready", as big as the tile allows */
    snprintf(buf, sizeof buf, ui_tr(d->lang, "%s/%s nodes Ready"), thousands(z.ready, a),
             thousands(z.nodes, b));
    int big = d->title_px;
    while (big > d->small_px && text_width(d->text, buf, big, FONT_BOLD) > pen.t.w)
        big--;
    pen_line(&pen, buf, big, FONT_BOLD, ink);
    int bar_h = d->small_px / 2 > 4 ? d->small_px / 2 : 4;
    if (pen.y + bar_h <= pen.t.y + pen.t.h) {
        gfx_batch_flush(d->r);
        node_bar(d, &z, (ui_rect_t){pen.t.x, pen.y, pen.t.w, bar_h}, down);
        pen.y += bar_h + bar_h / 2;
    }
    if (z.not_ready > 0) {
        snprintf(buf, sizeof buf, ui_tr(d->lang, "%s NotReady"), thousands(z.not_ready, a));
        pen_line(&pen, buf, d->text_px, FONT_BOLD, down ? ink : th->failure);
    }
    if (z.silent > 0) { /* failed, not yet NotReady: the grace period a lesson waits on */
        snprintf(buf, sizeof buf, ui_tr(d->lang, "%s without heartbeat"), thousands(z.silent, a));
        pen_line(&pen, buf, d->text_px, FONT_BOLD, down ? ink : th->failure);
    }
    char c3[16];
    snprintf(buf, sizeof buf,
             ui_tr(d->lang, "pods: %s Ready \xC2\xB7 %s starting \xC2\xB7 %s in all"),
             thousands(z.pods_ready, a), thousands(z.pods_starting, b), thousands(z.pods, c3));
    pen_line(&pen, buf, d->small_px, FONT_REGULAR, muted);
    snprintf(buf, sizeof buf, ui_tr(d->lang, "allocated: cpu %.0f %% \xC2\xB7 memory %.0f %%"),
             z.cpu_cap > 0 ? 100 * z.cpu_alloc / z.cpu_cap : 0,
             z.mem_cap > 0 ? 100 * z.mem_alloc / z.mem_cap : 0);
    pen_line(&pen, buf, d->small_px, FONT_REGULAR, muted);
}

void draw_zones(const ui_draw_t *d, const pane_t *p, ui_rect_t a) {
    int n = p->group_count > 0 ? p->group_count : 1;
    int gap = d->gap > 4 ? d->gap : 4, cols = 1, tw = 0, th = 0;
    /* a tile's lines: its name, the headline, the bar, NotReady, silent, pods, allocation */
    int need_h = 2 * d->pad + layout_line(d->title_px) + 2 * layout_line(d->text_px) +
                 3 * layout_line(d->small_px) + d->small_px;
    tile_grid(a, n, gap, 10 * d->text_px, need_h, &cols, &tw, &th);
    if (tw <= 0 || th <= 0) return;
    for (int k = 0; k < n; k++) {
        ui_rect_t r = {a.x + (k % cols) * (tw + gap), a.y + (k / cols) * (th + gap), tw, th};
        draw_tile(d, p, k, r);
    }
    gfx_batch_flush(d->r);
}
