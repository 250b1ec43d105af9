/* draw_slo: a service's SLO (services[].slo) as the SRE workbook speaks of it: the share of the
 * window's error budget the run has consumed, and the peak multiwindow burn rates, each on a
 * small gauge with its alert threshold marked (1 h / 5 m: 14.4, the fast burn that pages; 6 h /
 * 30 m: 6, the slow burn that opens a ticket). The figures are the typed fields of
 * sim_summary (include/sim.h), -1 when the service has no such objective. */
#include <stdio.h>

#include "gfx.h"
#include "i18n.h"
#include "ui.h"

/* The SRE workbook's thresholds for a 30-day window (chapter 5, table 5-8). */
#define SLO_FAST_PAGE 14.4
#define SLO_SLOW_TICKET 6.0

/* The availability objective's figures, else the latency one's; false with neither. */
static bool slo_figures(const sim_summary_t *sm, double *used, double *fast, double *slow) {
    if (sm->budget_used >= 0) {
        *used = sm->budget_used, *fast = sm->burn_1h_5m, *slow = sm->burn_6h_30m;
        return true;
    }
    if (sm->latency_budget_used >= 0) {
        *used = sm->latency_budget_used, *fast = sm->latency_burn_1h_5m;
        *slow = sm->latency_burn_6h_30m;
        return true;
    }
    return false;
}

void slo_format_burn(double v, char *buf, size_t n) {
    snprintf(buf, n, v >= 100 ? "%.0f\xC3\x97" : "%.1f\xC3\x97", v);
}

/* One gauge: a bar to twice the threshold with the threshold ticked at its middle, filled in
 * vermillion once the burn reaches it. Returns its width. */
static int gauge(const ui_draw_t *d, int x, int y, int h, double v, double thr, bool draw) {
    int w = 2 * d->small_px;
    if (!draw) return w;
    const theme_t *th = d->th;
    ui_rect_t b = {x, y, w, h};
    gfx_fill(d->r, b, th->track);
    double f = v / (2 * thr);
    if (f > 1) f = 1;
    if (f > 0) {
        int fw = (int)(w * f + 0.5);
        gfx_fill(d->r, (ui_rect_t){x, y, fw > 1 ? fw : 1, h},
                 v >= thr ? th->failure : th->ink_muted);
    }
    gfx_fill(d->r, (ui_rect_t){x + w / 2 - 1, y - 2, 2, h + 4}, th->ink);
    return w;
}

/* "SLO budget 38 % · 1h/5m [gauge] 210× · 6h/30m [gauge] 35×" at (x, y) in a line `lh` high;
 * draw false only measures. Returns the width. */
static int slo_line(const ui_draw_t *d, double used, double fast, double slow, int x, int y, int lh,
                    bool draw) {
    const theme_t *th = d->th;
    int px = d->small_px, x0 = x, gh = px / 2 > 4 ? px / 2 : 4, gy = y + (lh - gh) / 2;
    char buf[64];
    snprintf(buf, sizeof buf, ui_tr(d->lang, "SLO budget %.1f %%"), used * 100);
    SDL_Color over = used >= 1 ? th->failure : th->ink;
    if (draw) text_draw(d->text, buf, px, FONT_BOLD, over, x, y, ALIGN_LEFT, 0);
    x += text_width(d->text, buf, px, FONT_BOLD) + d->pad;
    const struct {
        const char *name;
        double v, thr;
    } g[] = {{"1h/5m", fast, SLO_FAST_PAGE}, {"6h/30m", slow, SLO_SLOW_TICKET}};
    for (int i = 0; i < 2; i++) {
        if (draw)
            text_draw(d->text, g[i].name, px, FONT_REGULAR, th->ink_muted, x, y, ALIGN_LEFT, 0);
        x += text_width(d->text, g[i].name, px, FONT_REGULAR) + d->pad / 2;
        x += gauge(d, x, gy, gh, g[i].v, g[i].thr, draw) + d->pad / 2;
        slo_format_burn(g[i].v, buf, sizeof buf);
        bool hot = g[i].v >= g[i].thr;
        if (draw)
            text_draw(d->text, buf, px, hot ? FONT_BOLD : FONT_REGULAR, hot ? th->failure : th->ink,
                      x, y, ALIGN_LEFT, 0);
        x += text_width(d->text, buf, px, FONT_BOLD) + d->pad;
    }
    return x - x0 - d->pad;
}

int draw_slo_badge(const ui_draw_t *d, const pane_t *p, int service, int right, int y, int lh,
                   int max_w) {
    sim_summary_t sm;
    double used, fast, slow;
    if (!sim_summary(p->ses.sim, service, &sm) || !slo_figures(&sm, &used, &fast, &slow)) return 0;
    int w = slo_line(d, used, fast, slow, 0, y, lh, false);
    if (w > max_w) return 0; /* no room: the status keeps the line */
    slo_line(d, used, fast, slow, right - w, y, lh, true);
    return w;
}

bool slo_strip_values(const sim_summary_t *sm, char used[24], char fast[24], char slow[24],
                      bool *fast_hot, bool *slow_hot) {
    double u, f, s;
    if (!slo_figures(sm, &u, &f, &s)) return false;
    snprintf(used, 24, "%.1f %%", u * 100);
    slo_format_burn(f, fast, 24);
    slo_format_burn(s, slow, 24);
    *fast_hot = f >= SLO_FAST_PAGE;
    *slow_hot = s >= SLO_SLOW_TICKET;
    return true;
}
