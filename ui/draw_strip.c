/* draw_strip: the Service / Ingress strip under the cluster (routes and the traffic split). */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw_cluster.h"
#include "gfx.h"
#include "i18n.h"
#include "ui.h"

static const char *ingress_route(const scenario_t *sc, int svc, char *buf, size_t n) {
    for (int i = 0; i < sc->ingress_count; i++)
        for (int r = 0; r < sc->ingresses[i].rule_count; r++) {
            const ingress_rule_t *rule = &sc->ingresses[i].rules[r];
            if (rule->service != svc) continue;
            snprintf(buf, n, "Ingress %s%s", rule->host ? rule->host : "*",
                     rule->path ? rule->path : "/");
            return buf;
        }
    return NULL;
}

/* The left of a service's line: the selection mark, the Ingress route, "Service NAME  IP  →";
 * returns the x after it. */
static int draw_strip_route(const ui_draw_t *d, const pane_t *p, int i, ui_rect_t area, int y0,
                            int line_h, int selected) {
    const theme_t *th = d->th;
    const scenario_t *sc = p->ses.sc;
    const sim_service_view_t *v = &p->svc[i];
    int ty = y0 + (line_h - layout_line(d->text_px)) / 2;
    int sy = y0 + (line_h - layout_line(d->small_px)) / 2;
    int x = area.x + d->pad;
    char buf[256], ip[16];
    if (p->svc_count > 1 && i == selected)
        gfx_triangle(d->r, (float)x, (float)(y0 + line_h / 2 - d->small_px / 3),
                     (float)(x + d->small_px / 2), (float)(y0 + line_h / 2), (float)x,
                     (float)(y0 + line_h / 2 + d->small_px / 3), th->ink);
    x += d->small_px * 3 / 4;
    if (ingress_route(sc, i, buf, sizeof buf)) {
        x += text_draw(d->text, buf, d->small_px, FONT_REGULAR, th->ink_muted, x, sy, ALIGN_LEFT,
                       area.w / 5);
        x += text_draw(d->text, "  \xE2\x86\x92  ", d->small_px, FONT_REGULAR, th->ink_faint, x, sy,
                       ALIGN_LEFT, 0);
    }
    /* L1: a bare-metal service is processes on a server, no Kubernetes object: no
     * Service, no ClusterIP, an in-place update instead of a strategy */
    bool bare = sc->services[i].runtime == RUNTIME_BARE;
    x += text_draw(d->text, ui_tr(d->lang, bare ? "app " : "Service "), d->small_px, FONT_REGULAR,
                   th->ink_muted, x, sy, ALIGN_LEFT, 0);
    if (v->namespace_ && strcmp(v->namespace_, "default") != 0) {
        snprintf(buf, sizeof buf, "%s/", v->namespace_);
        x += text_draw(d->text, buf, d->small_px, FONT_REGULAR, th->ink_muted, x, sy, ALIGN_LEFT,
                       area.w / 10);
    }
    x += text_draw(d->text, v->name, d->text_px, FONT_BOLD, th->ink, x, ty, ALIGN_LEFT, area.w / 6);
    sim_format_ip(v->cluster_ip, ip);
    snprintf(buf, sizeof buf, "  %s  \xE2\x86\x92",
             bare ? ui_tr(d->lang, "its port on the server") : ip);
    x += text_draw(d->text, buf, d->small_px, FONT_REGULAR, th->ink_muted, x, sy, ALIGN_LEFT, 0) +
         d->pad;
    return x;
}

/* The status after the bar (strategy, step, state, readiness, load) into `status`, and into
 * `typical` a typical status of the strategy, which sizes the bar so that it keeps its width
 * while the figures change. */
static void strip_status(const ui_draw_t *d, const sim_service_view_t *v, bool bare,
                         char status[256], char typical[160]) {
    char step[32] = "";
    if (v->canary_step >= 0 && v->canary_steps > 0)
        snprintf(step, sizeof step, ui_tr(d->lang, " step %d/%d"),
                 v->canary_step + 1 > v->canary_steps ? v->canary_steps : v->canary_step + 1,
                 v->canary_steps);
    /* "5/6 ready"; with more Ready pods than replicas (blue-green keeps the old ones for
     * a while) "12 ready (6 replicas)", not a puzzling "12/6" */
    char ready[64];
    if (v->ready > v->replicas)
        snprintf(ready, sizeof ready, ui_tr(d->lang, "%d ready (%d replicas)"), v->ready,
                 v->replicas);
    else
        snprintf(ready, sizeof ready, ui_tr(d->lang, "%d/%d ready"), v->ready, v->replicas);
    const char *how = bare ? ui_tr(d->lang, "in-place update") : v->strategy ? v->strategy : "";
    if (bare) snprintf(ready, sizeof ready, ui_tr(d->lang, "%d/%d running"), v->ready, v->replicas);
    snprintf(status, 256, "%s%s \xC2\xB7 %s \xC2\xB7 %s \xC2\xB7 %.0f req/s", how, step,
             v->status ? v->status : "", ready, v->offered_rps);
    snprintf(typical, 160, "%s%s \xC2\xB7 Progressing \xC2\xB7 00/00 ready \xC2\xB7 000 req/s",
             v->strategy ? v->strategy : "", step[0] ? " step 0/0" : "");
}

/* The traffic split in `bar`: one segment per version, as wide as its weight, named when the
 * name fits; a warning when no version gets requests. */
static void draw_split_bar(const ui_draw_t *d, const sim_service_view_t *v, ui_rect_t bar, int sy) {
    const theme_t *th = d->th;
    char buf[256];
    gfx_fill(d->r, bar, th->track);
    double total = 0;
    for (int k = 0; k < v->version_count; k++)
        total += v->versions[k].weight;
    if (total <= 0.0001) {
        const char *msg = ui_tr(d->lang, "no Ready pod: requests fail");
        if (text_width(d->text, msg, d->small_px, FONT_BOLD) > bar.w - 4)
            msg = ui_tr(d->lang, "no Ready pod");
        text_draw(d->text, msg, d->small_px, FONT_BOLD, th->failure, bar.x + bar.w / 2, sy,
                  ALIGN_CENTER, bar.w - 4);
        return;
    }
    double acc = 0;
    for (int k = 0; k < v->version_count; k++) {
        double wgt = v->versions[k].weight / total;
        int x0 = bar.x + (int)lround(acc * bar.w);
        acc += wgt;
        int x1 = bar.x + (int)lround(acc * bar.w);
        if (x1 <= x0) continue;
        SDL_Color vc = theme_version_color(v->version_index[k]);
        gfx_fill(d->r, (ui_rect_t){x0, bar.y, x1 - x0, bar.h}, vc);
        snprintf(buf, sizeof buf, "%s %.0f %%", v->versions[k].name, v->versions[k].weight * 100);
        if (text_width(d->text, buf, d->small_px, FONT_BOLD) + 6 <= x1 - x0)
            text_draw(d->text, buf, d->small_px, FONT_BOLD, ui_text_on(vc), (x0 + x1) / 2, sy,
                      ALIGN_CENTER, 0);
        else if (text_width(d->text, v->versions[k].name, d->small_px, FONT_BOLD) + 4 <= x1 - x0)
            text_draw(d->text, v->versions[k].name, d->small_px, FONT_BOLD, ui_text_on(vc),
                      (x0 + x1) / 2, sy, ALIGN_CENTER, 0);
    }
}

void draw_service_strip(const ui_draw_t *d, const pane_t *p, ui_rect_t area, int line_h,
                        int selected) {
    const scenario_t *sc = p->ses.sc;
    draw_panel(d, area);
    for (int i = 0; i < p->svc_count; i++) {
        const sim_service_view_t *v = &p->svc[i];
        int y0 = area.y + d->pad / 2 + i * line_h;
        if (y0 + line_h > area.y + area.h) break;
        int lh = layout_line(d->text_px);
        int sy = y0 + (line_h - layout_line(d->small_px)) / 2;
        int right = area.x + area.w - d->pad;
        int x = draw_strip_route(d, p, i, area, y0, line_h, selected);
        char status[256], typical[160];
        strip_status(d, v, sc->services[i].runtime == RUNTIME_BARE, status, typical);
        /* the SLO's budget and burn rates at the line's end, when the service has one */
        int slo_w =
            draw_slo_badge(d, p, i, right, sy, layout_line(d->small_px), (right - x) * 60 / 100);
        if (slo_w > 0) right -= slo_w + 2 * d->pad;
        /* the split bar: narrower (down to 30 % of the room) rather than cut the status short */
        int space = right - x;
        int sw = text_width(d->text, typical, d->small_px, FONT_REGULAR) + d->pad;
        int bw = space - sw;
        if (bw > space * 45 / 100) bw = space * 45 / 100;
        if (bw < space * 30 / 100) bw = space * 30 / 100;
        int bh = line_h - d->pad;
        if (bh > lh + 4) bh = lh + 4;
        ui_rect_t bar = {x, y0 + (line_h - bh) / 2, bw, bh};
        draw_split_bar(d, v, bar, sy);
        x = bar.x + bar.w + d->pad;
        text_draw(d->text, status, d->small_px, FONT_REGULAR, d->th->ink_muted, x, sy, ALIGN_LEFT,
                  right - x);
    }
}
