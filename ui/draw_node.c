/* draw_node: a node card (frame, header with runtime/state/countdown and resource bars, the
 * per-node aggregate bar), node pools and the pod-shape legend; draw_cluster.c places them. */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw_cluster.h"
#include "gfx.h"
#include "i18n.h"
#include "ui.h"

static const char *runtime_word(runtime_kind_t r) {
    return r == RUNTIME_VM ? "vm" : r == RUNTIME_BARE ? "bare metal" : "container";
}

static void draw_bar(const ui_draw_t *d, ui_rect_t r, double frac, SDL_Color fill, double a) {
    if (frac < 0) frac = 0;
    if (frac > 1) frac = 1;
    gfx_fill(d->r, r, A(d->th->track, a));
    gfx_fill(d->r, (ui_rect_t){r.x, r.y, (int)lround(r.w * frac), r.h}, A(fill, a));
}

static void draw_bar_row(const ui_draw_t *d, int x, int y, int w, const char *label, double used,
                         double cap, SDL_Color fill, double a) {
    int px = d->small_px, lh = layout_line(px);
    int lw = text_width(d->text, "mem ", px, FONT_REGULAR);
    int pw = text_width(d->text, "100 %", px, FONT_REGULAR);
    double frac = cap > 0 ? used / cap : 0;
    text_draw(d->text, label, px, FONT_REGULAR, A(d->th->ink_muted, a), x, y, ALIGN_LEFT, 0);
    int bh = px / 2 + 1;
    ui_rect_t bar = {x + lw, y + (lh - bh) / 2, w - lw - pw - 4, bh};
    draw_bar(d, bar, frac, fill, a);
    char buf[16];
    snprintf(buf, sizeof buf, "%.0f %%", frac * 100);
    text_draw(d->text, buf, px, FONT_REGULAR, A(d->th->ink_muted, a), x + w, y, ALIGN_RIGHT, 0);
}

/* A failed node's countdown: "no heartbeat 20 s · NotReady in 35 s" while Kubernetes has not
 * noticed, then "pods evicted in 4:35" until the taint manager evicts; a node the cluster
 * autoscaler finds unneeded: "unneeded · removable in 6:40" (*quiet: not a failure). False
 * when none. */
static bool node_countdown(const ui_draw_t *d, const sim_node_view_t *n, sim_time_t now, char *buf,
                           size_t size, bool *quiet) {
    *quiet = false;
    char a[16], b[16];
    if (n->not_ready_at >= 0 && n->last_heartbeat >= 0) {
        ui_format_wait(now - n->last_heartbeat, a, sizeof a);
        ui_format_wait(n->not_ready_at - now, b, sizeof b);
        snprintf(buf, size, ui_tr(d->lang, "no heartbeat %s \xC2\xB7 NotReady in %s"), a, b);
        return true;
    }
    if (n->evict_at >= 0 && n->state == SIM_NODE_NOT_READY) {
        ui_format_wait(n->evict_at - now, b, sizeof b);
        snprintf(buf, size, "pods evicted in %s", b);
        return true;
    }
    if (n->remove_at >= 0 && n->state != SIM_NODE_REMOVED) {
        ui_format_wait(n->remove_at - now, b, sizeof b);
        snprintf(buf, size, ui_tr(d->lang, "unneeded \xC2\xB7 removable in %s"), b);
        *quiet = true;
        return true;
    }
    return false;
}

static const char *node_state_word(const sim_node_view_t *n) {
    if (n->state == SIM_NODE_READY && n->failed) return "no heartbeat"; /* still Ready */
    if (n->state == SIM_NODE_READY && n->cordoned) return "SchedulingDisabled";
    return n->state < SIM_NODE_STATE_COUNT ? sim_node_state_names[n->state] : "?";
}

void draw_card_frame(const ui_draw_t *d, const sim_node_view_t *n, ui_rect_t c,
                     const node_grid_t *g, double a) {
    const theme_t *th = d->th;
    int rad = g->detail == CARD_MINIMAL ? 2 : g->inset;
    bool down = n->state == SIM_NODE_NOT_READY;
    if (n->state == SIM_NODE_PROVISIONING) {
        gfx_round_fill(d->r, c, rad, A(th->panel, a));
        int h = (int)lround(n->provision_progress * c.h);
        gfx_fill(d->r, (ui_rect_t){c.x, c.y + c.h - h, c.w, h}, A(th->track, a));
        gfx_dashed_frame(d->r, c, g->detail == CARD_MINIMAL ? 1 : 2, d->small_px / 2 + 2,
                         A(th->ink_faint, a));
    } else {
        gfx_round_fill(d->r, c, rad, A(down ? th->card_down : th->card, a));
        gfx_round_frame(d->r, c, rad, 1, A(th->border, a));
    }
    /* A failed node: vermillion stripe, wide once Kubernetes has noticed (NotReady), and a
     * vermillion frame so that it stands out at any size (a 2-px card among a thousand) */
    if (down || n->failed) {
        int sw = down ? (g->detail == CARD_MINIMAL ? 3 : g->inset) : 2;
        gfx_fill(d->r, (ui_rect_t){c.x, c.y, sw, c.h}, A(th->failure, a));
        int fw = c.w >= 24 ? 2 : 1;
        gfx_round_frame(d->r, c, rad, fw, A(th->failure, a));
    }
}

void draw_card_header(const ui_draw_t *d, const pane_t *p, const sim_node_view_t *n, ui_rect_t c,
                      const node_grid_t *g, double a) {
    const theme_t *th = d->th;
    const scenario_t *sc = p->ses.sc;
    int x = c.x + g->inset, w = c.w - 2 * g->inset;
    int y = c.y + g->inset / 2;
    bool down = n->state == SIM_NODE_NOT_READY;
    SDL_Color state_c = down || n->failed ? th->failure : th->ink_muted;
    const char *state = ui_tr(d->lang, node_state_word(n));
    runtime_kind_t rt =
        n->pool >= 0 && n->pool < sc->pool_count ? sc->pools[n->pool].runtime : RUNTIME_CONTAINER;
    if (g->detail == CARD_FULL) {
        char buf[96];
        if (n->state == SIM_NODE_PROVISIONING) {
            snprintf(buf, sizeof buf, "Provisioning %.0f %%", n->provision_progress * 100);
            state = buf;
        }
        /* the state may take what the name leaves (a short name leaves most of the card:
         * "SchedulingDisabled" must not be cut on a spot node being drained) */
        int name_w = text_width(d->text, n->name, d->text_px, FONT_BOLD);
        int room = w - (name_w < w / 2 ? name_w : w / 2) - d->small_px / 2;
        int sw = text_draw(d->text, state, d->small_px,
                           down || n->failed ? FONT_BOLD : FONT_REGULAR, A(state_c, a), x + w,
                           y + (layout_line(d->text_px) - layout_line(d->small_px)) / 2,
                           ALIGN_RIGHT, room > w / 2 ? room : w / 2);
        text_draw(d->text, n->name, d->text_px, FONT_BOLD, A(th->ink, a), x, y, ALIGN_LEFT,
                  w - sw - d->small_px / 2);
        y += layout_line(d->text_px);
        /* "container · 3 pods", "vm · 1 VM", "bare metal · 2 processes" (i18n.c has each) */
        static const char *const units[3][2] = {
            {"%s \xC2\xB7 %d pod", "%s \xC2\xB7 %d pods"},
            {"%s \xC2\xB7 %d VM", "%s \xC2\xB7 %d VMs"},
            {"%s \xC2\xB7 %d process", "%s \xC2\xB7 %d processes"}};
        int u = rt == RUNTIME_VM ? 1 : rt == RUNTIME_BARE ? 2 : 0;
        snprintf(buf, sizeof buf, ui_tr(d->lang, units[u][n->pod_count != 1]),
                 ui_tr(d->lang, runtime_word(rt)), n->pod_count);
        /* the clock the lesson waits on, in its place: the grace period, then the eviction */
        bool quiet;
        if (node_countdown(d, n, sim_now(p->ses.sim), buf, sizeof buf, &quiet))
            text_draw(d->text, buf, d->small_px, FONT_BOLD, A(quiet ? th->ink : th->failure, a), x,
                      y, ALIGN_LEFT, w);
        else
            text_draw(d->text, buf, d->small_px, FONT_REGULAR, A(th->ink_faint, a), x, y,
                      ALIGN_LEFT, w);
        y += layout_line(d->small_px);
        draw_bar_row(d, x, y, w, "cpu", n->cpu_allocated, n->cpu_capacity, th->cpu, a);
        y += layout_line(d->small_px);
        draw_bar_row(d, x, y, w, ui_tr(d->lang, "mem"), n->memory_allocated, n->memory_capacity,
                     th->mem, a);
    } else if (g->detail == CARD_COMPACT) {
        int lh = layout_line(d->small_px);
        int sw = 0;
        if (down || n->failed || n->state != SIM_NODE_READY)
            sw = text_draw(d->text, down ? "NotReady" : state, d->small_px, FONT_BOLD,
                           A(state_c, a), x + w, y, ALIGN_RIGHT, w / 2);
        text_draw(d->text, n->name, d->small_px, FONT_BOLD, A(th->ink, a), x, y, ALIGN_LEFT,
                  w - sw - 4);
        y += lh;
        int bh = d->small_px / 4 > 3 ? d->small_px / 4 : 3;
        draw_bar(d, (ui_rect_t){x, y, w, bh},
                 n->cpu_capacity > 0 ? n->cpu_allocated / n->cpu_capacity : 0, th->cpu, a);
        draw_bar(d, (ui_rect_t){x, y + bh + 2, w, bh},
                 n->memory_capacity > 0 ? n->memory_allocated / n->memory_capacity : 0, th->mem, a);
    }
}

/* Per-node aggregate when tiles would be too small: one bar split by version. */
void draw_card_aggregate(const ui_draw_t *d, const pane_t *p, int ni, ui_rect_t c) {
    int counts[THEME_VERSION_COLORS] = {0};
    int total = 0;
    for (int i = 0; i < p->node_pods[ni]; i++) {
        const sim_pod_view_t *pv = &p->pods[p->node_first[ni] + i];
        if (pv->state == SIM_POD_DELETED) continue;
        counts[(pv->version < 0 ? 0 : pv->version) % THEME_VERSION_COLORS]++;
        total++;
    }
    if (!total) return;
    ui_rect_t in = rect_inset(c, 2, 2);
    int x = in.x;
    for (int v = 0; v < THEME_VERSION_COLORS; v++) {
        int w = in.w * counts[v] / total;
        gfx_fill(d->r, (ui_rect_t){x, in.y, w, in.h}, theme_version_color(v));
        x += w;
    }
}

void draw_pools(const ui_draw_t *d, const pane_t *p, ui_rect_t r) {
    const scenario_t *sc = p->ses.sc;
    const theme_t *th = d->th;
    int lh = layout_line(d->small_px);
    int lines = sc->pool_count < 3 ? sc->pool_count : 3;
    for (int i = 0; i < lines; i++) {
        const pool_spec_t *pool = &sc->pools[i];
        int total = 0, ready = 0;
        double cost = 0;
        for (int n = 0; n < p->node_count; n++) {
            const sim_node_view_t *nv = &p->nodes[n];
            if (nv->pool != i || nv->state == SIM_NODE_REMOVED) continue;
            total++;
            ready += nv->state == SIM_NODE_READY && !nv->failed;
            cost += pool->price_per_hour;
        }
        char buf[256];
        int y = r.y + i * lh;
        if (i == 2 && sc->pool_count > 3) {
            snprintf(buf, sizeof buf, ui_tr(d->lang, "+ %d more pools"), sc->pool_count - 2);
            text_draw(d->text, buf, d->small_px, FONT_REGULAR, th->ink_faint, r.x, y, ALIGN_LEFT,
                      r.w);
            break;
        }
        int x = r.x;
        scene_box(d->scene, "Pool", pool->name, (ui_rect_t){r.x, y, r.w, lh});
        x += text_draw(d->text, ui_tr(d->lang, "pool "), d->small_px, FONT_REGULAR, th->ink_faint,
                       x, y, ALIGN_LEFT, 0);
        x += text_draw(d->text, pool->name, d->small_px, FONT_BOLD, th->ink, x, y, ALIGN_LEFT,
                       r.w / 3);
        char as[64] = "";
        if (pool->autoscaling)
            snprintf(as, sizeof as, ui_tr(d->lang, " (autoscaling %d\xE2\x80\x93%d)"),
                     pool->autoscaling_min, pool->autoscaling_max);
        snprintf(
            buf, sizeof buf,
            ui_tr(d->lang,
                  "  \xC2\xB7  %s  \xC2\xB7  %d/%d nodes Ready%s  \xC2\xB7  %.4g cpu, %.3g GiB each"
                  "  \xC2\xB7  $%.2f/h"),
            ui_tr(d->lang, runtime_word(pool->runtime)), ready, total, as, pool->cpu / 1000.0,
            (double)pool->memory / (1024.0 * 1024 * 1024), cost);
        text_draw(d->text, buf, d->small_px, FONT_REGULAR, th->ink_muted, x, y, ALIGN_LEFT,
                  r.x + r.w - x);
    }
}

/* What the shapes mean, drawn with the tiles themselves. */
void draw_cluster_legend(const ui_draw_t *d, const pane_t *p, ui_rect_t r, int service) {
    static const struct {
        sim_pod_state_t st;
        double progress;
        const char *label;
    } items[] = {
        {SIM_POD_PENDING, 0, "Pending"},         {SIM_POD_PULLING, 0.5, "pulling image"},
        {SIM_POD_STARTING, 0.6, "starting"},     {SIM_POD_READY, 0, "Ready"},
        {SIM_POD_TERMINATING, 0, "Terminating"}, {SIM_POD_CRASH_LOOP, 0, "CrashLoopBackOff"},
    };
    const theme_t *th = d->th;
    int lh = layout_line(d->small_px);
    int s = d->small_px + 2;
    int x = r.x, y = r.y + (r.h - lh) / 2;
    const scenario_t *sc = p->ses.sc;
    /* the colours first (the key to every tile), one per version of the charted service;
     * then the shapes, as many as the line holds */
    if (service < 0 || service >= sc->service_count) service = 0;
    for (int v = 0; sc->service_count > 0 && v < sc->services[service].version_count &&
                    v < THEME_VERSION_COLORS;
         v++) {
        const char *name = sc->services[service].versions[v].name;
        int w = s + 4 + text_width(d->text, name, d->small_px, FONT_BOLD) + d->pad;
        if (x + w > r.x + r.w) return;
        gfx_round_fill(d->r, (ui_rect_t){x, y + (lh - s) / 2, s, s}, s / 6, theme_version_color(v));
        x += s + 4;
        x +=
            text_draw(d->text, name, d->small_px, FONT_BOLD, th->ink, x, y, ALIGN_LEFT, 0) + d->pad;
    }
    x += d->pad;
    sim_pod_view_t pv = {0};
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        pv.state = items[i].st;
        pv.progress = items[i].progress;
        pv.version = 0;
        int w = s + 4 +
                text_width(d->text, ui_tr(d->lang, items[i].label), d->small_px, FONT_REGULAR) +
                d->pad * 2;
        if (x + w > r.x + r.w) return;
        draw_pod(d, NULL, &pv, (ui_rect_t){x, y + (lh - s) / 2, s, s}, 1, false, th->panel, 0, -1,
                 NULL);
        x += s + 4;
        x += text_draw(d->text, ui_tr(d->lang, items[i].label), d->small_px, FONT_REGULAR,
                       th->ink_muted, x, y, ALIGN_LEFT, 0) +
             d->pad * 2;
    }
}
