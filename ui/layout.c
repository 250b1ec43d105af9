/* layout: window size -> rectangles. Sizes scale with the window (1080 p: 18 px text, 28 px
 * caption) and --font-scale; proportions follow docs/ARCHITECTURE.md#dashboard (cluster ~60 %,
 * charts ~40 %). */
#include "layout.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

static int iround(double v) {
    return (int)lround(v);
}
static int imax(int a, int b) {
    return a > b ? a : b;
}
static int imin(int a, int b) {
    return a < b ? a : b;
}
static int clampi(int v, int lo, int hi) {
    return v < lo ? lo : v > hi ? hi : v;
}

static ui_rect_t rect(int x, int y, int w, int h) {
    ui_rect_t r = {x, y, imax(w, 0), imax(h, 0)};
    return r;
}

bool rect_contains(ui_rect_t r, int x, int y) {
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

bool rect_overlaps(ui_rect_t a, ui_rect_t b) {
    if (a.w <= 0 || a.h <= 0 || b.w <= 0 || b.h <= 0) return false;
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

bool rect_inside(ui_rect_t in, ui_rect_t out) {
    return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w &&
           in.y + in.h <= out.y + out.h;
}

ui_rect_t rect_inset(ui_rect_t r, int dx, int dy) {
    return rect(r.x + dx, r.y + dy, r.w - 2 * dx, r.h - 2 * dy);
}

int layout_line(int px) {
    return iround(px * 1.35);
}

/* Splits `r` into a left part of `frac` of its width and the rest, `gap` apart. */
static void split_h(ui_rect_t r, double frac, int gap, ui_rect_t *left, ui_rect_t *right) {
    int lw = iround((r.w - gap) * frac);
    *left = rect(r.x, r.y, lw, r.h);
    *right = rect(r.x + lw + gap, r.y, r.w - lw - gap, r.h);
}

/* Cuts `h` pixels (plus `gap`) off the bottom of *r and returns them. */
static ui_rect_t cut_bottom(ui_rect_t *r, int h, int gap) {
    h = clampi(h, 0, r->h);
    ui_rect_t b = rect(r->x, r->y + r->h - h, r->w, h);
    r->h = imax(0, r->h - h - gap);
    return b;
}

static ui_rect_t cut_top(ui_rect_t *r, int h, int gap) {
    h = clampi(h, 0, r->h);
    ui_rect_t t = rect(r->x, r->y, r->w, h);
    int used = imin(r->h, h + gap);
    r->y += used;
    r->h -= used;
    return t;
}

/* Stacks up to LAYOUT_MAX_CHARTS charts in `col`, as many as stay readable. */
static void layout_charts(layout_pane_t *p, ui_rect_t col, int text_px, int gap) {
    p->charts = col;
    int min_h = text_px * 6;
    int n = clampi((col.h + gap) / (min_h + gap), 1, LAYOUT_MAX_CHARTS);
    int each = (col.h - (n - 1) * gap) / n;
    for (int i = 0; i < n; i++)
        p->chart[i] = rect(col.x, col.y + i * (each + gap), col.w, each);
    p->chart_count = n;
}

void layout_restack_charts(layout_pane_t *p, int n, int gap, int extra_first) {
    if (n < 1 || n > p->chart_count) n = p->chart_count;
    if (n < 1) return;
    ui_rect_t col = p->charts;
    int each = (col.h - (n - 1) * gap - (n > 1 ? extra_first : 0)) / n;
    if (each < 1) each = 1;
    int y = col.y;
    for (int i = 0; i < n; i++) {
        int h = i == 0 && n > 1 ? each + extra_first : each;
        if (i == n - 1) h = col.y + col.h - y; /* the last takes what rounding left */
        p->chart[i] = rect(col.x, y, col.w, h);
        y += h + gap;
    }
    p->chart_count = n;
}

static void layout_toolbar(layout_t *l) {
    ui_rect_t tb = l->toolbar;
    int b = tb.h - 2 * l->pad;
    int y = tb.y + l->pad, x = tb.x + l->pad, g = l->gap;
    l->btn_play = rect(x, y, b, b);
    x += b + g;
    l->btn_step = rect(x, y, b, b);
    x += b + 2 * g;
    l->btn_slower = rect(x, y, b, b);
    x += b;
    l->speed = rect(x, y, iround(l->text_px * 4.2), b);
    x += l->speed.w;
    l->btn_faster = rect(x, y, b, b);
    x += b + 2 * g;
    l->clock = rect(x, y, iround(l->text_px * 9.5), b);
    x += l->clock.w + g;
    int right = tb.x + tb.w - l->pad;
    l->btn_help = rect(right - b, y, b, b);
    right -= b + 2 * g;
    /* room for a lesson's whole title ("Node failure: NotReady, eviction, rescheduling") */
    int name_w = imin(iround(l->text_px * 40.0), iround(tb.w * 0.40));
    l->name = rect(right - name_w, y, name_w, b);
    right -= name_w + 2 * g;
    l->timebar = rect(x, y, right - x, b);
}

void layout_compute(const layout_params_t *p, layout_t *l) {
    *l = (layout_t){0};
    int w = imax(p->w, 1), h = imax(p->h, 1);
    double fs = p->font_scale > 0 ? p->font_scale : 1.0;
    int k = clampi(p->scenarios, 1, LAYOUT_MAX_PANES);
    int svc = clampi(p->service_lines, 1, LAYOUT_MAX_SERVICE_LINES);
    /* Scale by the smaller of the two ratios so a very wide or very tall window still fits. */
    double s = fmin(w / 1920.0, h / 1080.0) * fs;
    l->w = w;
    l->h = h;
    l->text_px = imax(LAYOUT_MIN_TEXT_PX, iround(18 * s));
    l->small_px = imax(LAYOUT_MIN_TEXT_PX, iround(15 * s));
    l->caption_px = imax(LAYOUT_MIN_TEXT_PX + 2, iround(28 * s));
    l->title_px = imax(LAYOUT_MIN_TEXT_PX + 1, iround(20 * s));
    l->pad = imax(4, iround(l->text_px * 0.5));
    l->gap = imax(4, iround(l->text_px * 0.45));
    int pad = l->pad, gap = l->gap;
    int small_line = layout_line(l->small_px);

    ui_rect_t all = rect(0, 0, w, h);
    l->toolbar = cut_top(&all, iround(l->text_px * 2.6), gap);
    layout_toolbar(l);
    /* Two lines of caption, more (up to four) when a caption needs them; the comparison keeps
     * the same size so the class reads it. */
    int cap_lines = clampi(p->caption_lines ? p->caption_lines : 2, 2, 4);
    l->caption = cut_bottom(&all, cap_lines * layout_line(l->caption_px) + 2 * pad, gap);
    ui_rect_t body = rect_inset(all, gap, 0);
    l->caption = rect(body.x, l->caption.y, body.w, l->caption.h);
    if (k > 1) l->strip = cut_bottom(&body, (k + 1) * small_line + 2 * pad, gap);
    l->pane_count = k;

    l->service_line_h = iround(l->text_px * 1.75);
    int svc_h = svc * l->service_line_h + pad;
    if (k == 1) {
        layout_pane_t *pn = &l->pane[0];
        pn->area = body;
        ui_rect_t top = body;
        int bottom_h = imin(iround(small_line * 7.6) + 2 * pad, iround(body.h * 0.3));
        ui_rect_t bottom = cut_bottom(&top, bottom_h, gap);
        split_h(bottom, 0.45, gap, &pn->decisions, &pn->events);
        ui_rect_t left, right;
        split_h(top, 0.6, gap, &left, &right);
        pn->service = cut_bottom(&left, svc_h, gap);
        pn->cluster = left;
        layout_charts(pn, right, l->text_px, gap);
    } else {
        int each = (body.h - (k - 1) * gap) / k;
        for (int i = 0; i < k; i++) {
            layout_pane_t *pn = &l->pane[i];
            pn->area = rect(body.x, body.y + i * (each + gap), body.w, each);
            ui_rect_t a = pn->area;
            pn->title = cut_top(&a, layout_line(l->text_px) + pad / 2, gap / 2);
            ui_rect_t left, rest, mid, side;
            split_h(a, 0.46, gap, &left, &rest);
            split_h(rest, 0.6, gap, &mid, &side);
            int svc_k = imin(svc, imax(1, left.h / 3 / l->service_line_h));
            pn->service = cut_bottom(&left, svc_k * l->service_line_h + pad, gap);
            pn->cluster = left;
            layout_charts(pn, mid, l->text_px, gap);
            pn->events = side;
            pn->decisions = cut_bottom(&pn->events, iround(side.h * 0.42), gap);
        }
    }

    int hw = imin(w - 2 * gap, imax(iround(w * 0.62), l->text_px * 36));
    int hh = imin(h - 2 * gap, imax(iround(h * 0.8), l->text_px * 26));
    l->help = rect((w - hw) / 2, (h - hh) / 2, hw, hh);
    int tw = imin(w - 2 * gap, l->text_px * 40);
    l->toast = rect((w - tw) / 2, l->toolbar.y + l->toolbar.h + gap * 2, tw,
                    layout_line(l->text_px) + 2 * pad);
}

void layout_cluster(ui_rect_t c, int pools, bool pending, int small_px, cluster_layout_t *out) {
    int line = layout_line(small_px);
    int pad = imax(3, small_px / 3);
    ui_rect_t a = rect_inset(c, pad, pad);
    int lines = clampi(pools, 1, 3);
    out->pools = cut_top(&a, lines * line, pad);
    bool legend = a.h >= 10 * line;
    out->legend = legend ? cut_bottom(&a, iround(line * 1.3), pad) : rect(a.x, a.y + a.h, a.w, 0);
    out->pending = pending ? cut_bottom(&a, iround(line * 1.5), pad) : rect(a.x, a.y + a.h, a.w, 0);
    out->grid = a;
    out->traffic = rect(a.x, a.y + a.h, a.w, 0);
}

/* A Service box: its name (text size) over one line of figures (small size). */
static int traffic_box_h(int text_px, int small_px) {
    return layout_line(text_px) + layout_line(small_px) + 2 * imax(3, text_px / 3);
}

void layout_cluster_grid(cluster_layout_t *cl, int nodes, int pods, int services, int text_px,
                         int small_px, node_grid_t *g) {
    ui_rect_t a = cl->grid;
    cl->traffic = rect(a.x, a.y + a.h, a.w, 0);
    int gap = imax(3, text_px / 3);
    int box_h = traffic_box_h(text_px, small_px);
    int band_min = box_h + 3 * layout_line(text_px); /* room for the lines to fan out */
    if (services > 0 && nodes > 0 && nodes <= LAYOUT_TRAFFIC_MAX_NODES &&
        a.h >= 2 * band_min + gap) {
        ui_rect_t top = rect(a.x, a.y, a.w, a.h - band_min - gap);
        layout_node_grid(top, nodes, pods, text_px, small_px, g);
        /* only while the cards keep their full detail and the tiles their labels */
        if (g->tile >= imax(16, 2 * small_px) && g->detail == CARD_FULL) {
            int y0 = g->area.y + g->area.h + gap;
            cl->grid = rect(a.x, a.y, a.w, y0 - gap - a.y);
            cl->traffic = rect(a.x, y0, a.w, a.y + a.h - y0);
            return;
        }
    }
    layout_node_grid(a, nodes, pods, text_px, small_px, g);
}

int layout_tree_full_h(int small_px) {
    int pad = imax(3, small_px / 3);
    /* namespace and Deployment headers, the ReplicaSet's name and figures, a row of pods */
    return 4 * layout_line(small_px) + small_px + 6 * pad;
}

int layout_tree_line_h(int small_px) {
    return layout_line(small_px) + 3 * imax(2, small_px / 5) + 4;
}

void layout_cluster_tree(cluster_layout_t *cl, int nodes, int pods, int services, int text_px,
                         int small_px, node_grid_t *g) {
    cl->tree = rect(cl->grid.x, cl->grid.y + cl->grid.h, cl->grid.w, 0);
    cl->tree_full = false;
    if (services <= 0 || nodes <= 0 || nodes > LAYOUT_TRAFFIC_MAX_NODES) return;
    int gap = imax(3, text_px / 3);
    /* the traffic picture keeps its boxes and two lines' room for its arrows to fan out */
    int band_min = traffic_box_h(text_px, small_px) + 2 * layout_line(text_px);
    int full = layout_tree_full_h(small_px);
    if (cl->traffic.h >= band_min + full + gap) {
        cl->tree = cut_bottom(&cl->traffic, full, gap);
        cl->tree_full = true;
        return;
    }
    int line = layout_tree_line_h(small_px);
    /* one line, from the grid: only while the cards keep room for a row of tiles */
    ui_rect_t all =
        rect(cl->grid.x, cl->grid.y, cl->grid.w,
             cl->traffic.h > 0 ? cl->traffic.y + cl->traffic.h - cl->grid.y : cl->grid.h);
    if (all.h < 3 * line) return;
    cl->tree = cut_bottom(&all, line, gap);
    cl->grid = all;
    layout_cluster_grid(cl, nodes, pods, services, text_px, small_px, g);
}

ui_rect_t layout_column(ui_rect_t t, int n, int i, int text_px) {
    n = imax(1, n);
    i = clampi(i, 0, n - 1);
    int gap = text_px;
    int slot = (t.w - (n - 1) * gap) / n;
    return rect(t.x + i * (slot + gap), t.y, imax(0, slot), t.h);
}

ui_rect_t layout_traffic_box(ui_rect_t t, int services, int i, int text_px, int small_px) {
    int n = clampi(services, 1, LAYOUT_MAX_SERVICE_LINES);
    i = clampi(i, 0, n - 1);
    int gap = text_px;
    int slot = (t.w - (n - 1) * gap) / n;
    int w = imax(0, imin(slot, text_px * 18));
    int h = imin(traffic_box_h(text_px, small_px), t.h);
    return rect(t.x + i * (slot + gap) + (slot - w) / 2, t.y + t.h - h, w, h);
}

/* ---- node cards ---- */

static int header_height(card_detail_t d, int text_px, int small_px, int inset) {
    switch (d) {
    case CARD_FULL:
        return inset + layout_line(text_px) + 3 * layout_line(small_px) + inset / 2;
    case CARD_COMPACT:
        return inset / 2 + layout_line(small_px) + 2 * imax(3, small_px / 4) + inset;
    default:
        return imax(4, inset);
    }
}

/* Largest tile edge (<= max) such that `need` tiles fit in aw x ah; 0 when none does. */
static int fit_tiles(int aw, int ah, int need, int max, int *per_row) {
    for (int s = max; s >= 3; s--) {
        int g = imax(1, s / 7);
        int pr = (aw + g) / (s + g);
        int nr = (ah + g) / (s + g);
        if (pr >= 1 && nr >= 1 && (long)pr * nr >= need) {
            *per_row = pr;
            return s;
        }
    }
    return 0;
}

/* Cards of one detail level: the column count that gives the biggest tiles (<= tile_max) for
 * `need` pods a card; fills `g` and returns true when those tiles are at least `min_tile`.
 * `min_w` is the narrowest card, in text_px. */
static bool grid_with_tiles(ui_rect_t area, card_detail_t d, double min_w, int min_tile, int need,
                            int tile_max, int card_cap, int text_px, int small_px, node_grid_t *g) {
    int header = header_height(d, text_px, small_px, g->inset);
    int best = -1, best_cols = 0, best_pr = 0;
    for (int cols = 1; cols <= g->count; cols++) {
        int rows = (g->count + cols - 1) / cols;
        int cw = imin(card_cap, (area.w - (cols - 1) * g->gap) / cols);
        int ch = (area.h - (rows - 1) * g->gap) / rows;
        if (cw < iround(min_w * text_px) || cw < 8) continue;
        int pr = 0;
        int s = fit_tiles(cw - 2 * g->inset, ch - header - g->inset, need, tile_max, &pr);
        /* Prefer bigger tiles; among equals, more columns (a row of nodes reads like a
         * cluster) */
        if (s > best || (s == best && s > 0)) {
            best = s;
            best_cols = cols;
            best_pr = pr;
        }
    }
    if (best < min_tile || best <= 0) return false;
    int rows = (g->count + best_cols - 1) / best_cols;
    g->detail = d;
    g->cols = best_cols;
    g->rows = rows;
    g->tile = best;
    g->tile_gap = imax(1, best / 7);
    g->tiles_per_row = best_pr;
    g->header_h = header;
    g->card_w = imin(card_cap, (area.w - (best_cols - 1) * g->gap) / best_cols);
    int ch_avail = (area.h - (rows - 1) * g->gap) / rows;
    int step = best + g->tile_gap;
    int need_rows = (need + best_pr - 1) / best_pr;
    /* Cards only as tall as their pods need, so a small cluster is not stretched. */
    g->card_h = imin(ch_avail, header + need_rows * step - g->tile_gap + g->inset);
    g->tile_rows = (g->card_h - header - g->inset + g->tile_gap) / step;
    /* A small cluster sits at the top of its panel, centred across: the room under
     * it goes to the traffic picture (layout_cluster_grid). */
    int used_w = best_cols * g->card_w + (best_cols - 1) * g->gap;
    int used_h = rows * g->card_h + (rows - 1) * g->gap;
    g->area.x += (area.w - used_w) / 2;
    g->area.w = used_w;
    g->area.h = used_h;
    return true;
}

/* Too many pods for tiles: minimal cards with per-node aggregates, in the column count that
 * keeps cards closest to twice as wide as tall. */
static void grid_minimal(ui_rect_t area, node_grid_t *g) {
    int best_cols = 1;
    double best_score = -1;
    for (int cols = 1; cols <= g->count; cols++) {
        int rows = (g->count + cols - 1) / cols;
        int cw = (area.w - (cols - 1) * g->gap) / cols;
        int ch = (area.h - (rows - 1) * g->gap) / rows;
        if (cw < 2 || ch < 2) continue;
        double score = fmin(cw, ch * 2.0);
        if (score > best_score) {
            best_score = score;
            best_cols = cols;
        }
    }
    g->detail = CARD_MINIMAL;
    g->cols = best_cols;
    g->rows = (g->count + best_cols - 1) / best_cols;
    g->gap = imin(g->gap, 2);
    g->inset = 1;
    g->card_w = imax(1, (area.w - (g->cols - 1) * g->gap) / g->cols);
    g->card_h = imax(1, (area.h - (g->rows - 1) * g->gap) / g->rows);
    g->header_h = 0;
    g->tile = 0;
}

static void node_grid(ui_rect_t area, int nodes, int pods, int text_px, int small_px,
                      node_grid_t *g);

/* The dashboard asks for the same few grids every frame, and at 1,000 nodes the search over
 * column counts and tile sizes costs a tenth of a frame: the last answers are kept (the
 * function is pure, so a kept answer is the one it would compute). */
#define GRID_MEMO 8
void layout_node_grid(ui_rect_t area, int nodes, int pods, int text_px, int small_px,
                      node_grid_t *g) {
    static struct {
        bool used;
        ui_rect_t area;
        int nodes, pods, text_px, small_px;
        node_grid_t g;
    } memo[GRID_MEMO];
    static int next;
    for (int k = 0; k < GRID_MEMO; k++)
        if (memo[k].used && memcmp(&memo[k].area, &area, sizeof area) == 0 &&
            memo[k].nodes == nodes && memo[k].pods == pods && memo[k].text_px == text_px &&
            memo[k].small_px == small_px) {
            *g = memo[k].g;
            return;
        }
    node_grid(area, nodes, pods, text_px, small_px, g);
    int k = next;
    next = (next + 1) % GRID_MEMO;
    memo[k].used = true;
    memo[k].area = area;
    memo[k].nodes = nodes;
    memo[k].pods = pods;
    memo[k].text_px = text_px;
    memo[k].small_px = small_px;
    memo[k].g = *g;
}

static void node_grid(ui_rect_t area, int nodes, int pods, int text_px, int small_px,
                      node_grid_t *g) {
    *g = (node_grid_t){0};
    g->area = area;
    g->count = imax(nodes, 0);
    if (g->count == 0 || area.w <= 0 || area.h <= 0) return;
    int need = imax(pods, 4);
    g->gap = imax(3, text_px / 3);
    g->inset = imax(3, text_px / 3);
    int tile_max = iround(text_px * 5.5); /* few pods: big tiles for the back of the room */
    int card_cap = text_px * 30;
    static const struct {
        card_detail_t d;
        double min_w; /* in text_px */
        int min_tile; /* pixels */
    } tries[] = {{CARD_FULL, 12, 0}, {CARD_COMPACT, 5, 8}, {CARD_MINIMAL, 0, 3}};
    for (int t = 0; t < 3; t++) {
        /* full cards only while their tiles stay big; else compact ones with bigger tiles */
        int min_tile = t == 0 ? imax(12, text_px * 2) : tries[t].min_tile;
        if (grid_with_tiles(area, tries[t].d, tries[t].min_w, min_tile, need, tile_max, card_cap,
                            text_px, small_px, g))
            return;
    }
    grid_minimal(area, g);
}

ui_rect_t layout_card_rect(const node_grid_t *g, int i) {
    if (i < 0 || i >= g->count || g->cols == 0) return rect(0, 0, 0, 0);
    int c = i % g->cols, r = i / g->cols;
    return rect(g->area.x + c * (g->card_w + g->gap), g->area.y + r * (g->card_h + g->gap),
                g->card_w, g->card_h);
}

ui_rect_t layout_tile_rect(const node_grid_t *g, ui_rect_t card, int slot) {
    if (g->tile <= 0 || g->tiles_per_row <= 0 || slot < 0) return rect(0, 0, 0, 0);
    int step = g->tile + g->tile_gap;
    int c = slot % g->tiles_per_row, r = slot / g->tiles_per_row;
    return rect(card.x + g->inset + c * step, card.y + g->header_h + r * step, g->tile, g->tile);
}

int layout_card_at(const node_grid_t *g, int x, int y) {
    if (g->cols == 0 || !rect_contains(g->area, x, y)) return -1;
    int c = (x - g->area.x) / (g->card_w + g->gap);
    int r = (y - g->area.y) / (g->card_h + g->gap);
    if (c >= g->cols) return -1;
    int i = r * g->cols + c;
    if (i >= g->count || !rect_contains(layout_card_rect(g, i), x, y)) return -1;
    return i;
}

int layout_tile_at(const node_grid_t *g, ui_rect_t card, int x, int y) {
    if (g->tile <= 0 || g->tiles_per_row <= 0) return -1;
    int step = g->tile + g->tile_gap;
    int dx = x - (card.x + g->inset), dy = y - (card.y + g->header_h);
    if (dx < 0 || dy < 0) return -1;
    int c = dx / step, r = dy / step;
    if (c >= g->tiles_per_row || r >= g->tile_rows) return -1;
    if (dx % step >= g->tile || dy % step >= g->tile) return -1;
    return r * g->tiles_per_row + c;
}

/* ---- hit testing ---- */

double layout_timebar_frac(const layout_t *l, int x) {
    const ui_rect_t *t = &l->timebar;
    if (t->w <= 1) return 0;
    double f = (double)(x - t->x) / (t->w - 1);
    return f < 0 ? 0 : f > 1 ? 1 : f;
}

hit_t layout_hit(const layout_t *l, int x, int y) {
    hit_t h = {HIT_NONE, -1, -1, 0};
    if (x < 0 || y < 0 || x >= l->w || y >= l->h) return h;
    h.kind = HIT_OTHER;
    static const struct {
        size_t off;
        hit_kind_t kind;
    } buttons[] = {
        {offsetof(layout_t, btn_play), HIT_PLAY},     {offsetof(layout_t, btn_step), HIT_STEP},
        {offsetof(layout_t, btn_slower), HIT_SLOWER}, {offsetof(layout_t, btn_faster), HIT_FASTER},
        {offsetof(layout_t, btn_help), HIT_HELP},
    };
    for (size_t i = 0; i < sizeof buttons / sizeof buttons[0]; i++) {
        const ui_rect_t *r = (const ui_rect_t *)((const char *)l + buttons[i].off);
        if (rect_contains(*r, x, y)) {
            h.kind = buttons[i].kind;
            return h;
        }
    }
    if (rect_contains(l->timebar, x, y)) {
        h.kind = HIT_TIMEBAR;
        h.frac = layout_timebar_frac(l, x);
        return h;
    }
    for (int i = 0; i < l->pane_count; i++) {
        const layout_pane_t *p = &l->pane[i];
        if (rect_contains(p->cluster, x, y)) {
            h.kind = HIT_CLUSTER;
            h.pane = i;
            return h;
        }
        if (rect_contains(p->service, x, y)) {
            h.kind = HIT_SERVICE;
            h.pane = i;
            h.line = (y - p->service.y - l->pad / 2) / imax(1, l->service_line_h);
            if (h.line < 0) h.line = 0;
            return h;
        }
    }
    return h;
}
