/* draw_pod: one pod tile (fill colour = version, shape = state), the panel frame and the VM band;
 * split out of draw_cluster.c, which lays the tiles out. */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw_cluster.h"
#include "gfx.h"
#include "i18n.h"
#include "ui.h"

void draw_panel(const ui_draw_t *d, ui_rect_t r) {
    int rad = d->pad / 2 + 2;
    gfx_round_fill(d->r, r, rad, d->th->panel);
    gfx_round_frame(d->r, r, rad, 1, d->th->border);
}

/* ---- pod tiles ---- */

static void draw_vm_band(const ui_draw_t *d, ui_rect_t t, double a) {
    int bh = t.h * 3 / 10;
    if (bh < 2) bh = 2;
    ui_rect_t band = {t.x + 1, t.y + t.h - bh - 1, t.w - 2, bh};
    gfx_fill(d->r, band, A(d->th->ink_muted, 0.85 * a));
    if (t.h >= 3 * d->small_px)
        text_draw(d->text, "OS", (d->small_px * 3) / 4 < 12 ? 12 : (d->small_px * 3) / 4, FONT_BOLD,
                  A(d->th->panel, a), band.x + band.w / 2,
                  band.y + (band.h - text_height(d->text, 12)) / 2, ALIGN_CENTER, band.w);
}

/* "17 %", "<1 %": a share of a Service's requests. */
void format_share(double share, char *buf, size_t n) {
    if (share < 0.005)
        snprintf(buf, n, "<1 %%");
    else
        snprintf(buf, n, "%.0f %%", share * 100);
}

/* The pod's IP as a tile shows it: whole when it fits, else its last two octets (every pod
 * IP shares the cluster's 10.244 prefix); "" before the pod has one. */
static void pod_ip_text(const ui_draw_t *d, const sim_pod_view_t *pv, int max_w, char *buf,
                        size_t n) {
    buf[0] = '\0';
    if (!pv->ip) return;
    uint32_t ip = pv->ip;
    snprintf(buf, n, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
    if (text_width(d->text, buf, d->small_px, FONT_REGULAR) > max_w)
        snprintf(buf, n, "\xE2\x80\xA6%u.%u", (ip >> 8) & 255, ip & 255);
}

/* What a state's shape leaves to the label: whether the version is written, on which colour,
 * and whether the VM band goes under it. */
typedef struct {
    bool label, band;
    SDL_Color label_bg;
} pod_shape_t;

/* A Terminating tile fades out over its preStop (and a moment for the requests it holds). */
static double terminating_fade(const scenario_t *sc, const sim_pod_view_t *pv, sim_time_t now) {
    double fade = 0.45;
    if (sc && pv->service >= 0 && pv->service < sc->service_count && pv->version >= 0 &&
        pv->version < sc->services[pv->service].version_count) {
        double span = (double)sc->services[pv->service].versions[pv->version].pre_stop + SIM_SEC;
        double left = 1 - (double)(now - pv->since) / span;
        fade = 0.12 + 0.4 * (left < 0 ? 0 : left > 1 ? 1 : left);
    }
    return fade;
}

/* A Starting tile: an arc that fills with the start-up's progress, or a bar on small tiles;
 * false when the arc leaves no room for the label. */
static bool draw_starting(const ui_draw_t *d, const sim_pod_view_t *pv, ui_rect_t t, double a,
                          bool vm, SDL_Color vc, SDL_Color pale) {
    int s = t.w;
    if (s >= 14) {
        float cx = t.x + t.w / 2.0f, cy = t.y + (vm ? t.h * 0.35f : t.h / 2.0f);
        float rr = s * (vm ? 0.24f : 0.32f);
        float th2 = s >= 30 ? 3.0f : 2.0f;
        gfx_arc(d->r, cx, cy, rr, th2, 0, (float)(2 * M_PI), A(theme_mix(pale, vc, 0.3), a));
        gfx_arc(d->r, cx, cy, rr, th2, 0, (float)(2 * M_PI * pv->progress), A(vc, a));
        return false;
    }
    int w = (int)lround(pv->progress * t.w);
    gfx_fill(d->r, (ui_rect_t){t.x, t.y + t.h - 2, w, 2}, A(vc, a));
    return true;
}

/* A CrashLoopBackOff tile: a failure border and the seconds left of the back-off. */
static void draw_crash_loop(const ui_draw_t *d, const sim_pod_view_t *pv, ui_rect_t t, double a,
                            int rad, SDL_Color pale, sim_time_t now) {
    int s = t.w;
    gfx_round_fill(d->r, t, rad, A(pale, a));
    gfx_frame(d->r, t, s >= 12 ? (s >= 24 ? 3 : 2) : 1, A(d->th->failure, a));
    sim_time_t left = pv->backoff_until - now;
    if (s >= d->small_px * 2 && left > 0) {
        char buf[16];
        snprintf(buf, sizeof buf, "%llds", (long long)((left + SIM_SEC - 1) / SIM_SEC));
        int px = d->small_px * 3 / 4 < 12 ? 12 : d->small_px * 3 / 4;
        text_draw(d->text, buf, px, FONT_BOLD, A(d->th->failure, a), t.x + t.w / 2,
                  t.y + (t.h - text_height(d->text, px)) / 2, ALIGN_CENTER, t.w);
    }
}

/* The tile's shape for its state; false for a state that is not drawn. */
static bool draw_pod_shape(const ui_draw_t *d, const scenario_t *sc, const sim_pod_view_t *pv,
                           ui_rect_t t, double a, bool vm, SDL_Color bg, sim_time_t now,
                           pod_shape_t *out) {
    SDL_Color vc = theme_version_color(pv->version);
    SDL_Color pale = theme_mix(bg, vc, 0.35);
    int s = t.w;
    int rad = s >= 12 ? s / 6 : 0;
    int line = s >= 24 ? 2 : 1;
    *out = (pod_shape_t){.label = true, .band = vm, .label_bg = vc};
    switch (pv->state) {
    case SIM_POD_PENDING:
        gfx_dashed_frame(d->r, t, line, s >= 16 ? s / 5 : 2, A(vc, a));
        out->label = out->band = false;
        break;
    case SIM_POD_PULLING: {
        gfx_round_fill(d->r, t, rad, A(theme_mix(bg, vc, 0.12), a));
        int h = (int)lround(pv->progress * t.h);
        if (h > 0) gfx_fill(d->r, (ui_rect_t){t.x, t.y + t.h - h, t.w, h}, A(vc, 0.9 * a));
        gfx_frame(d->r, t, 1, A(vc, a));
        /* its version in words too (a freshly created tile is otherwise an empty box: six of
         * them at recreate.json's 1:02); the text reads on the fill once it passes the middle */
        out->band = false;
        out->label_bg = pv->progress > 0.5 ? vc : theme_mix(bg, vc, 0.12);
        break;
    }
    case SIM_POD_STARTING:
        gfx_round_fill(d->r, t, rad, A(pale, a));
        out->label_bg = pale;
        out->label = draw_starting(d, pv, t, a, vm, vc, pale);
        break;
    case SIM_POD_READY: /* the most common tile: small ones are drawn in one batch */
        if (rad > 1)
            gfx_round_fill(d->r, t, rad, A(vc, a));
        else
            gfx_batch_fill(d->r, t, A(vc, a));
        break;
    case SIM_POD_NOT_READY:
        gfx_round_fill(d->r, t, rad, A(pale, a));
        gfx_frame(d->r, t, line, A(vc, a));
        out->label_bg = pale;
        break;
    case SIM_POD_TERMINATING: {
        double fade = terminating_fade(sc, pv, now);
        gfx_round_fill(d->r, t, rad, A(vc, fade * a));
        gfx_frame(d->r, t, line + (s >= 16), A(d->th->ink, a));
        out->label_bg = theme_mix(bg, vc, fade);
        break;
    }
    case SIM_POD_CRASH_LOOP:
        draw_crash_loop(d, pv, t, a, rad, pale, now);
        out->label = false;
        break;
    default:
        return false;
    }
    return true;
}

/* The version in words on big tiles, for the back row and for colour-blind eyes; with
 * several services, the service's name above it (colour is the version's alone); then the
 * share and the IP when lines are left. */
static void draw_pod_label(const ui_draw_t *d, const scenario_t *sc, const sim_pod_view_t *pv,
                           ui_rect_t t, double a, bool vm, SDL_Color label_bg, double share,
                           char ip_shown[24]) {
    const service_spec_t *sp = &sc->services[pv->service];
    int px = d->small_px, lh = text_height(d->text, px);
    int area_h = vm ? t.h * 7 / 10 : t.h;
    SDL_Color ink = A(ui_text_on(label_bg), a);
    bool two = sc->service_count > 1 && area_h >= 2 * lh + 2;
    int lines = two ? 2 : 1;
    bool pct = share >= 0 && area_h >= (lines + 1) * lh + 4;
    lines += pct;
    char ip[24] = "";
    if (sp->runtime != RUNTIME_BARE) /* a process has its server's address, not its own */
        pod_ip_text(d, pv, t.w - 4, ip, sizeof ip);
    bool show_ip = ip[0] && area_h >= (lines + 1) * lh + 4;
    lines += show_ip;
    int ty = t.y + (area_h - lines * lh) / 2;
    if (two) {
        text_draw(d->text, sp->name, px, FONT_REGULAR, ink, t.x + t.w / 2, ty, ALIGN_CENTER,
                  t.w - 4);
        ty += lh;
    }
    text_draw(d->text, sp->versions[pv->version].name, px, FONT_BOLD, ink, t.x + t.w / 2, ty,
              ALIGN_CENTER, t.w - 2);
    if (pct) {
        char buf[16];
        format_share(share, buf, sizeof buf);
        text_draw(d->text, buf, px, FONT_REGULAR, ink, t.x + t.w / 2, ty + lh, ALIGN_CENTER,
                  t.w - 2);
    }
    if (show_ip) {
        int iy = ty + lh * (1 + pct);
        text_draw(d->text, ip, px, FONT_REGULAR, A(ui_text_on(label_bg), 0.8 * a), t.x + t.w / 2,
                  iy, ALIGN_CENTER, t.w - 2);
        if (ip_shown) snprintf(ip_shown, 24, "%s", ip);
    }
}

/* One pod tile. `now` (simulated) times the CrashLoopBackOff countdown; `share` >= 0 is the
 * part of its Service's requests a serving pod gets (written under the version when the tile
 * has room), then its IP when a line is left (L10: pod IPs change, the ClusterIP does not).
 * `ip_shown` (may be NULL) gets the IP as drawn, "" when none. */
void draw_pod(const ui_draw_t *d, const scenario_t *sc, const sim_pod_view_t *pv, ui_rect_t t,
              double a, bool vm, SDL_Color bg, sim_time_t now, double share, char ip_shown[24]) {
    if (ip_shown) ip_shown[0] = '\0';
    if (t.w < 2 || a <= 0.01) return;
    pod_shape_t shape;
    if (!draw_pod_shape(d, sc, pv, t, a, vm, bg, now, &shape)) return;
    if (shape.band) draw_vm_band(d, t, a);
    if (shape.label && t.w >= 2 * d->small_px && sc && pv->service >= 0 &&
        pv->service < sc->service_count && pv->version >= 0 &&
        pv->version < sc->services[pv->service].version_count)
        draw_pod_label(d, sc, pv, t, a, vm, shape.label_bg, share, ip_shown);
}
