/* draw_charts: time-series charts of one service (and of the cluster) over a scrolling window
 * of simulated time: m:ss x axis, 1-2-5 y axis with units, legend with the current values, a
 * cursor at "now" and a labelled marker at every action. Only the samples inside the window
 * are visited; more samples than pixels are bucketed per pixel column. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axis.h"
#include "draw_charts.h"
#include "gfx.h"
#include "i18n.h"
#include "ui.h"

typedef enum {
    S_OFFERED,
    S_SERVED_V,
    S_FAILED,
    S_ERROR_PCT,
    S_P99,
    S_P50,
    S_READY_V,
    S_DESIRED_V,
    S_CPU_PCT,
    S_NODES_READY,
    S_NODES_TOTAL,
    S_COST_H,
    S_VERSION_ERR_PCT, /* failed / (served + failed) of one version */
    S_SHARE_V,         /* one version's part of the offered requests, % */
    S_WINDOW_ERR_PCT   /* one version's error rate over the analysis interval before it */
} series_t;

typedef enum { AGG_MEAN, AGG_MAX, AGG_LAST } agg_t;

typedef struct {
    const sim_sample_t *rows;
    int n;
    sim_time_t window; /* S_WINDOW_ERR_PCT: the analysis interval */
    const sim_cluster_sample_t *crows;
    int cn;
} chart_data_t;

static float *xy;
static int xy_cap;

static bool is_cluster(series_t s) {
    return s >= S_NODES_READY && s <= S_COST_H;
}

static sim_time_t row_time(const chart_data_t *cd, series_t s, int i) {
    return is_cluster(s) ? cd->crows[i].time : cd->rows[i].time;
}

/* A sample's value; negative means "none" (no request served: no latency). */
static double value(const chart_data_t *cd, series_t s, int v, int i) {
    if (is_cluster(s)) {
        const sim_cluster_sample_t *c = &cd->crows[i];
        return s == S_NODES_READY   ? c->nodes_ready
               : s == S_NODES_TOTAL ? c->nodes_total
                                    : c->cost_per_hour;
    }
    const sim_sample_t *r = &cd->rows[i];
    switch (s) {
    case S_OFFERED:
        return r->offered_rps;
    case S_SERVED_V:
        return r->version_served_rps[v];
    case S_FAILED:
        return r->failed_rps;
    case S_ERROR_PCT:
        return r->offered_rps > 0 ? r->error_rate * 100 : 0;
    case S_P99:
        return r->p99_ms;
    case S_P50:
        return r->p50_ms;
    case S_READY_V:
        return r->version_ready[v];
    case S_DESIRED_V:
        return r->version_desired[v];
    case S_CPU_PCT:
        return r->cpu_util * 100;
    case S_SHARE_V:
        return r->offered_rps > 0
                   ? (r->version_served_rps[v] + r->version_failed_rps[v]) / r->offered_rps * 100
                   : -1;
    case S_WINDOW_ERR_PCT: { /* what the analysis measures at this instant: the requests of
                              * the interval before it, failed / all */
        double failed = 0, all = 0;
        for (int k = i; k >= 0 && cd->rows[k].time > r->time - cd->window; k--) {
            failed += cd->rows[k].version_failed_rps[v];
            all += cd->rows[k].version_served_rps[v] + cd->rows[k].version_failed_rps[v];
        }
        return all > 0 ? failed / all * 100 : -1;
    }
    case S_VERSION_ERR_PCT: { /* none when the version got no request */
        double all = r->version_served_rps[v] + r->version_failed_rps[v];
        return all > 0 ? r->version_failed_rps[v] / all * 100 : -1;
    }
    default:
        return 0;
    }
}

/* First row with time >= t (rows are in time order). */
static int lower_bound(const chart_data_t *cd, series_t s, int n, sim_time_t t) {
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (row_time(cd, s, mid) < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool ensure_xy(int pts) {
    if (pts * 2 <= xy_cap) return true;
    int cap = xy_cap ? xy_cap : 4096;
    while (cap < pts * 2)
        cap *= 2;
    float *n = realloc(xy, sizeof *n * (size_t)cap);
    if (!n) return false;
    xy = n;
    xy_cap = cap;
    return true;
}

static float y_of(const frame_t *f, double v, double ymax) {
    double fr = ymax > 0 ? v / ymax : 0;
    if (fr > 1) fr = 1; /* never above the plot: the label lane is there */
    return (float)(f->plot.y + f->plot.h - 1 - fr * (f->plot.h - 1));
}

/* Max of a series over the window, for the axis. */
static double series_max(const chart_data_t *cd, const frame_t *f, series_t s, int v) {
    int a = is_cluster(s) ? f->c0 : f->i0, b = is_cluster(s) ? f->c1 : f->i1;
    double m = 0;
    for (int i = a; i < b; i++) {
        double x = value(cd, s, v, i);
        if (x > m) m = x;
    }
    return m;
}

/* Draws one series; step = counts drawn as steps; fill = translucent area under the line. */
static void draw_series(const ui_draw_t *d, const chart_data_t *cd, const frame_t *f, series_t s,
                        int v, double ymax, SDL_Color c, float width, float dash, bool step,
                        bool fill, agg_t agg, const char *label, const char *version) {
    int a = is_cluster(s) ? f->c0 : f->i0, b = is_cluster(s) ? f->c1 : f->i1;
    scene_series_begin(d->scene, label, version, dash > 0);
    if (b - a < 1) {
        scene_series_end(d->scene);
        return;
    }
    int cols = f->plot.w > 1 ? f->plot.w : 1;
    int per = (b - a + cols - 1) / cols; /* samples per bucket */
    if (per < 1) per = 1;
    if (!ensure_xy(2 * ((b - a) / per + 2))) return;
    int n = 0;
    float base = (float)(f->plot.y + f->plot.h - 1);
    for (int i = a; i < b; i += per) {
        int e = i + per < b ? i + per : b;
        double acc = 0, mx = -1;
        int cnt = 0;
        for (int k = i; k < e; k++) {
            double x = value(cd, s, v, k);
            if (x < 0) continue;
            acc += x;
            if (x > mx) mx = x;
            cnt++;
        }
        if (cnt == 0) { /* a gap (no latency without requests) */
            if (n >= 2) {
                gfx_polyline(d->r, xy, n / 2, width, dash, c);
                scene_series_points(d->scene, xy, n / 2);
            }
            n = 0;
            continue;
        }
        double val = agg == AGG_MAX ? mx : agg == AGG_LAST ? value(cd, s, v, e - 1) : acc / cnt;
        float px = x_of(f, row_time(cd, s, e - 1)), py = y_of(f, val, ymax);
        if (step && n >= 2 && xy[n - 1] != py) {
            xy[n] = px;
            xy[n + 1] = xy[n - 1];
            n += 2;
        }
        xy[n++] = px;
        xy[n++] = py;
    }
    if (n < 2) {
        scene_series_end(d->scene);
        return;
    }
    if (fill && n >= 4) {
        /* area under the line as vertical strips: cheap and exact enough */
        SDL_Color fc = theme_alpha(c, 0.18);
        for (int k = 0; k + 3 < n; k += 2) {
            int x0 = (int)lroundf(xy[k]), x1 = (int)lroundf(xy[k + 2]);
            float top = xy[k + 3] < xy[k + 1] ? xy[k + 1] : xy[k + 3];
            if (x1 > x0 && top < base)
                gfx_fill(d->r,
                         (ui_rect_t){x0, (int)lroundf(top), x1 - x0, (int)lroundf(base - top)}, fc);
        }
    }
    gfx_polyline(d->r, xy, n / 2, width, dash, c);
    scene_series_points(d->scene, xy, n / 2);
    scene_series_end(d->scene);
}

static int ticks_for(int px_len, int px_per_tick) {
    int t = px_len / (px_per_tick > 1 ? px_per_tick : 1);
    return t < 2 ? 2 : t > 8 ? 8 : t;
}

/* Grid and labels of a y axis on the left (or right) of the plot. */
static void draw_y_axis(const ui_draw_t *d, const frame_t *f, double ymax, double step, bool right,
                        SDL_Color ink, const char *prefix) {
    int px = d->small_px, lh = layout_line(px);
    for (int k = 0;; k++) {
        double v = k * step;
        if (v > ymax * (1 + 1e-9)) break;
        int y = (int)lroundf(y_of(f, v, ymax));
        if (!right) gfx_fill(d->r, (ui_rect_t){f->plot.x, y, f->plot.w, 1}, d->th->grid);
        char num[32], buf[40];
        axis_format_value(v, step, num, sizeof num);
        snprintf(buf, sizeof buf, "%s%s", prefix ? prefix : "", num);
        int ty = y - lh / 2;
        if (ty < f->plot.y - lh / 2) ty = f->plot.y - lh / 2;
        if (right)
            text_draw(d->text, buf, px, FONT_REGULAR, ink, f->plot.x + f->plot.w + 4, ty,
                      ALIGN_LEFT, 0);
        else
            text_draw(d->text, buf, px, FONT_REGULAR, ink, f->plot.x - 4, ty, ALIGN_RIGHT, 0);
    }
}

static void draw_x_axis(const ui_draw_t *d, const frame_t *f, bool labels) {
    int px = d->small_px;
    int lw = text_width(d->text, "00:00", px, FONT_REGULAR);
    sim_time_t span = f->w.t1 - f->w.t0;
    sim_time_t step = axis_time_step(span, ticks_for(f->plot.w, lw * 2));
    sim_time_t t = (f->w.t0 + step - 1) / step * step;
    for (; t <= f->w.t1; t += step) {
        int x = (int)lroundf(x_of(f, t));
        gfx_fill(d->r, (ui_rect_t){x, f->plot.y, 1, f->plot.h}, d->th->grid);
        if (!labels) continue;
        char buf[16];
        axis_format_time(t, buf, sizeof buf);
        text_draw(d->text, buf, px, FONT_REGULAR, d->th->ink_faint, x, f->plot.y + f->plot.h + 2,
                  ALIGN_CENTER, 0);
    }
}

static void draw_now(const ui_draw_t *d, const frame_t *f) {
    if (f->w.now < f->w.t0 || f->w.now > f->w.t1) return;
    float x = x_of(f, f->w.now);
    gfx_line(d->r, x, (float)f->plot.y, x, (float)(f->plot.y + f->plot.h), 2, d->th->ink);
    float s = (float)d->small_px / 2;
    gfx_triangle(d->r, x - s, (float)f->plot.y, x + s, (float)f->plot.y, x, (float)f->plot.y + s,
                 d->th->ink);
}

/* Versions with data in the window (any served, desired or ready), as scenario indices. */
static int versions_present(const pane_t *p, const chart_data_t *cd, const frame_t *f, int service,
                            int *out) {
    const scenario_t *sc = p->ses.sc;
    int vc = sc->services[service].version_count;
    if (vc > SIM_MAX_VERSIONS) vc = SIM_MAX_VERSIONS;
    int n = 0;
    for (int v = 0; v < vc; v++) {
        bool any = false;
        for (int i = f->i0; i < f->i1 && !any; i++)
            any = cd->rows[i].version_served_rps[v] > 0 || cd->rows[i].version_desired[v] > 0 ||
                  cd->rows[i].version_ready[v] > 0;
        if (any) out[n++] = v;
    }
    return n;
}

/* Versions that got requests in the window (for the per-version error rate). */
static int versions_served(const chart_data_t *cd, const frame_t *f, const int *vers, int nv,
                           int *out) {
    int n = 0;
    for (int i = 0; i < nv; i++) {
        bool any = false;
        for (int k = f->i0; k < f->i1 && !any; k++)
            any =
                cd->rows[k].version_served_rps[vers[i]] + cd->rows[k].version_failed_rps[vers[i]] >
                0;
        if (any) out[n++] = vers[i];
    }
    return n;
}

/* What a chart shows, worked out before anything is drawn: the title line, the legend and the
 * y range (a comparison measures its charts with it before drawing them). */
typedef struct {
    char title[128], values[160];
    legend_t leg[SIM_MAX_VERSIONS + 3];
    int nl;
    int vers[SIM_MAX_VERSIONS], nv; /* versions with data in the window */
    int served[SIM_MAX_VERSIONS], nserved;
    double threshold; /* the canary analysis' max error rate, %; -1: none */
    int measured;     /* the version the analysis measures (the canary); -1: none */
    char analysis_label[64];
    double ymax, step;
} chart_setup_t;

/* The error-rate chart: overall and per-version rates, and a canary analysis' threshold and
 * measured window. */
static void describe_errors(const ui_draw_t *d, const scenario_t *sc, int service, chart_data_t *cd,
                            const frame_t *f, int ticks, const sim_sample_t *last, const char *svc,
                            chart_setup_t *cs) {
    const theme_t *th = d->th;
    snprintf(cs->title, sizeof cs->title, ui_tr(d->lang, "%serror rate %%"), svc);
    double m = series_max(cd, f, S_ERROR_PCT, 0);
    /* each version's own rate when several got requests: a canary failing 30 % of its
     * 10 % share is 3 % overall, and 30 % on its own line */
    cs->nserved = versions_served(cd, f, cs->vers, cs->nv, cs->served);
    if (cs->nserved < 2) cs->nserved = 0;
    for (int i = 0; i < cs->nserved; i++)
        m = fmax(m, series_max(cd, f, S_VERSION_ERR_PCT, cs->served[i]));
    /* a canary's analysis: its threshold and what it measured */
    const analysis_spec_t *an = &sc->services[service].strategy.analysis;
    if ((strategy_type_flags(sc->services[service].strategy.type) & STRATEGY_F_WEIGHT) &&
        an->enabled && an->has_max_error_rate) {
        cs->threshold = an->max_error_rate * 100;
        m = fmax(m, cs->threshold * 1.2);
        if (cs->nserved >= 2) { /* the canary: the newest version with requests */
            cs->measured = cs->served[cs->nserved - 1];
            cd->window = an->interval > 0 ? an->interval : 30 * SIM_SEC;
            m = fmax(m, series_max(cd, f, S_WINDOW_ERR_PCT, cs->measured));
            snprintf(
                cs->analysis_label, sizeof cs->analysis_label, ui_tr(d->lang, "%s over %.0f s"),
                sc->services[service].versions[cs->measured].name, (double)cd->window / SIM_SEC);
        }
    }
    cs->ymax = fmin(100, axis_max(m * 1.05, 5, ticks, &cs->step));
    int o = 0;
    if (last)
        o = snprintf(cs->values, sizeof cs->values, ui_tr(d->lang, "all %.1f %%"),
                     last->offered_rps > 0 ? last->error_rate * 100 : 0);
    for (int i = 0; i < cs->nserved && last && o > 0 && o < (int)sizeof cs->values - 40; i++) {
        int v = cs->served[i];
        double all = last->version_served_rps[v] + last->version_failed_rps[v];
        if (all > 0)
            o += snprintf(cs->values + o, sizeof cs->values - (size_t)o, " \xC2\xB7 %s %.1f %%",
                          sc->services[service].versions[v].name,
                          last->version_failed_rps[v] / all * 100);
    }
    cs->leg[cs->nl++] = (legend_t){cs->nserved ? "all" : "failed / offered", th->failure, false};
    for (int i = 0; i < cs->nserved; i++)
        cs->leg[cs->nl++] = (legend_t){sc->services[service].versions[cs->served[i]].name,
                                       theme_version_color(cs->served[i]), false};
    if (cs->threshold >= 0) cs->leg[cs->nl++] = (legend_t){"analysis max", th->ink_muted, true};
    if (cs->measured >= 0) cs->leg[cs->nl++] = (legend_t){cs->analysis_label, th->ink, false};
}

/* Title, current values, legend and y range of one chart kind; false for an unknown kind.
 * Long only as a switch with one short case per chart kind, read side by side. */
static bool describe_chart(const ui_draw_t *d, const pane_t *p, chart_kind_t kind, int service,
                           chart_data_t *cd, const frame_t *f, int ticks, const sim_sample_t *last,
                           const sim_cluster_sample_t *clast, const char *svc, chart_setup_t *cs) {
    const theme_t *th = d->th;
    const scenario_t *sc = p->ses.sc;
    switch (kind) {
    case CHART_REQUESTS: {
        snprintf(cs->title, sizeof cs->title, ui_tr(d->lang, "%srequests/s"), svc);
        double m = series_max(cd, f, S_OFFERED, 0);
        for (int i = 0; i < cs->nv; i++)
            m = fmax(m, series_max(cd, f, S_SERVED_V, cs->vers[i]));
        m = fmax(m, series_max(cd, f, S_FAILED, 0));
        cs->ymax = axis_max(m * 1.05, 10, ticks, &cs->step);
        if (last) {
            char r1[16], r2[16], r3[16];
            snprintf(cs->values, sizeof cs->values,
                     ui_tr(d->lang, "offered %s \xC2\xB7 served %s \xC2\xB7 failed %s"),
                     chart_rate(last->offered_rps, r1, sizeof r1),
                     chart_rate(last->served_rps, r2, sizeof r2),
                     chart_rate(last->failed_rps, r3, sizeof r3));
        }
        cs->leg[cs->nl++] = (legend_t){"offered", th->ink_faint, true};
        for (int i = 0; i < cs->nv; i++)
            cs->leg[cs->nl++] = (legend_t){sc->services[service].versions[cs->vers[i]].name,
                                           theme_version_color(cs->vers[i]), false};
        cs->leg[cs->nl++] = (legend_t){"failed", th->failure, false};
        break;
    }
    case CHART_PODS: {
        /* a bare-metal app runs processes, not pods (L1's contrast with containers) */
        snprintf(cs->title, sizeof cs->title,
                 ui_tr(d->lang, sc->services[service].runtime == RUNTIME_BARE
                                    ? "%sprocesses per version"
                                    : "%spods per version"),
                 svc);
        double m = 0;
        for (int i = 0; i < cs->nv; i++)
            m = fmax(m, fmax(series_max(cd, f, S_READY_V, cs->vers[i]),
                             series_max(cd, f, S_DESIRED_V, cs->vers[i])));
        cs->ymax = axis_max(m + 1, 4, ticks, &cs->step);
        if (last) {
            int o = 0;
            for (int i = 0; i < cs->nv && o < (int)sizeof cs->values - 40; i++)
                o += snprintf(cs->values + o, sizeof cs->values - (size_t)o, "%s%s %d/%d",
                              i ? " \xC2\xB7 " : "",
                              sc->services[service].versions[cs->vers[i]].name,
                              last->version_ready[cs->vers[i]], last->version_desired[cs->vers[i]]);
        }
        cs->leg[cs->nl++] = (legend_t){"ready", th->ink_muted, false};
        cs->leg[cs->nl++] = (legend_t){"desired", th->ink_muted, true};
        break;
    }
    case CHART_ERRORS:
        describe_errors(d, sc, service, cd, f, ticks, last, svc, cs);
        break;
    case CHART_WEIGHT: {
        snprintf(cs->title, sizeof cs->title, ui_tr(d->lang, "%sweight %%"), svc);
        double m = 0;
        for (int i = 0; i < cs->nv; i++)
            m = fmax(m, series_max(cd, f, S_SHARE_V, cs->vers[i]));
        cs->ymax = axis_max(fmax(m * 1.05, 20), 20, ticks, &cs->step);
        if (cs->ymax > 100) cs->ymax = axis_max(100, 100, ticks, &cs->step);
        /* the weights set now, then what each version got */
        const sim_service_view_t *sv = service < p->svc_count ? &p->svc[service] : NULL;
        int o = 0;
        for (int k = 0; sv && k < sv->version_count && o < (int)sizeof cs->values - 40; k++)
            o += snprintf(cs->values + o, sizeof cs->values - (size_t)o,
                          ui_tr(d->lang, "%s%s set %.0f %%"), k ? " \xC2\xB7 " : "",
                          sv->versions[k].name, sv->versions[k].weight * 100);
        for (int i = 0; i < cs->nv; i++)
            cs->leg[cs->nl++] = (legend_t){sc->services[service].versions[cs->vers[i]].name,
                                           theme_version_color(cs->vers[i]), false};
        break;
    }
    case CHART_LATENCY:
        snprintf(cs->title, sizeof cs->title, ui_tr(d->lang, "%slatency ms"), svc);
        cs->ymax = axis_max(series_max(cd, f, S_P99, 0) * 1.05, 100, ticks, &cs->step);
        if (last && last->p99_ms >= 0)
            snprintf(cs->values, sizeof cs->values, "p99 %.0f ms \xC2\xB7 p50 %.0f ms",
                     last->p99_ms, last->p50_ms);
        else if (last)
            snprintf(cs->values, sizeof cs->values, "%s", ui_tr(d->lang, "no request served"));
        cs->leg[cs->nl++] = (legend_t){"p99", th->ink, false};
        cs->leg[cs->nl++] = (legend_t){"p50", th->ink_faint, false};
        break;
    case CHART_CPU: {
        const hpa_spec_t *hpa = &sc->services[service].hpa;
        snprintf(cs->title, sizeof cs->title, ui_tr(d->lang, "%sCPU %% of request"), svc);
        cs->ymax = axis_max(fmax(100, series_max(cd, f, S_CPU_PCT, 0)), 100, ticks, &cs->step);
        int o = last ? snprintf(cs->values, sizeof cs->values, "%.0f %%", last->cpu_util * 100) : 0;
        if (hpa->enabled && o >= 0)
            snprintf(cs->values + o, sizeof cs->values - (size_t)o,
                     ui_tr(d->lang, "%sHPA target %d %%"), o ? " \xC2\xB7 " : "",
                     hpa->target_cpu_utilization);
        cs->leg[cs->nl++] = (legend_t){"utilization", th->ink, false};
        if (hpa->enabled) cs->leg[cs->nl++] = (legend_t){"HPA target", th->ink_muted, true};
        break;
    }
    case CHART_NODES:
        snprintf(cs->title, sizeof cs->title, "%s", ui_tr(d->lang, "nodes and cost"));
        cs->ymax = axis_max(series_max(cd, f, S_NODES_TOTAL, 0) * 1.1, 4, ticks, &cs->step);
        if (clast)
            snprintf(cs->values, sizeof cs->values,
                     ui_tr(d->lang, "%d/%d Ready \xC2\xB7 $%.2f/h \xC2\xB7 $%.2f so far"),
                     clast->nodes_ready, clast->nodes_total, clast->cost_per_hour, clast->cost);
        cs->leg[cs->nl++] = (legend_t){"Ready", th->ink, false};
        cs->leg[cs->nl++] = (legend_t){"total", th->ink_faint, true};
        cs->leg[cs->nl++] = (legend_t){"$/h", th->cpu, false};
        break;
    default:
        return false;
    }
    return true;
}

/* The chart's series (and threshold lines) for its kind, inside the frame's plot.
 * Long only as a switch with one short case per chart kind. */
static void draw_chart_series(const ui_draw_t *d, const scenario_t *sc, int service,
                              chart_kind_t kind, const chart_data_t *cd, const frame_t *f,
                              const chart_setup_t *cs, int ticks) {
    const theme_t *th = d->th;
    /* 2.5 px at 1080p, thicker on bigger screens so a projector still shows them */
    const float lw = fmaxf(2.5f, fminf(6.0f, d->text_px * 0.15f));
    const version_spec_t *vs = sc->services[service].versions;
    switch (kind) {
    case CHART_REQUESTS:
        draw_series(d, cd, f, S_OFFERED, 0, cs->ymax, th->ink_faint, 2, 7, false, false, AGG_MEAN,
                    "offered", NULL);
        for (int i = 0; i < cs->nv; i++)
            draw_series(d, cd, f, S_SERVED_V, cs->vers[i], cs->ymax,
                        theme_version_color(cs->vers[i]), lw, 0, false, false, AGG_MEAN,
                        vs[cs->vers[i]].name, vs[cs->vers[i]].name);
        draw_series(d, cd, f, S_FAILED, 0, cs->ymax, th->failure, lw, 0, false, true, AGG_MAX,
                    "failed", NULL);
        break;
    case CHART_PODS:
        for (int i = 0; i < cs->nv; i++) {
            SDL_Color vc = theme_version_color(cs->vers[i]);
            draw_series(d, cd, f, S_DESIRED_V, cs->vers[i], cs->ymax, vc, 2, 6, true, false,
                        AGG_LAST, "desired", vs[cs->vers[i]].name);
            draw_series(d, cd, f, S_READY_V, cs->vers[i], cs->ymax, vc, lw, 0, true, false,
                        AGG_LAST, "ready", vs[cs->vers[i]].name);
        }
        break;
    case CHART_ERRORS:
        draw_series(d, cd, f, S_ERROR_PCT, 0, cs->ymax, th->failure, lw, 0, false, true, AGG_MAX,
                    cs->nserved ? "all" : "failed / offered", NULL);
        for (int i = 0; i < cs->nserved; i++)
            draw_series(d, cd, f, S_VERSION_ERR_PCT, cs->served[i], cs->ymax,
                        theme_version_color(cs->served[i]), fmaxf(2, lw * 0.8f), 0, false, false,
                        AGG_MAX, vs[cs->served[i]].name, vs[cs->served[i]].name);
        if (cs->threshold >= 0) {
            float y = y_of(f, cs->threshold, cs->ymax);
            float pts[4] = {(float)f->plot.x, y, (float)(f->plot.x + f->plot.w - 1), y};
            gfx_polyline(d->r, pts, 2, 2, 8, th->ink_muted);
            scene_series_begin(d->scene, "analysis max", NULL, true);
            scene_series_points(d->scene, pts, 2);
            scene_series_end(d->scene);
        }
        if (cs->measured >= 0)
            draw_series(d, cd, f, S_WINDOW_ERR_PCT, cs->measured, cs->ymax, th->ink, 2, 0, false,
                        false, AGG_LAST, cs->analysis_label, vs[cs->measured].name);
        break;
    case CHART_WEIGHT:
        for (int i = 0; i < cs->nv; i++)
            draw_series(d, cd, f, S_SHARE_V, cs->vers[i], cs->ymax,
                        theme_version_color(cs->vers[i]), lw, 0, false, false, AGG_MEAN,
                        vs[cs->vers[i]].name, vs[cs->vers[i]].name);
        break;
    case CHART_LATENCY:
        draw_series(d, cd, f, S_P50, 0, cs->ymax, th->ink_faint, 2, 0, false, false, AGG_MEAN,
                    "p50", NULL);
        draw_series(d, cd, f, S_P99, 0, cs->ymax, th->ink, lw, 0, false, false, AGG_MAX, "p99",
                    NULL);
        break;
    case CHART_CPU: {
        const hpa_spec_t *hpa = &sc->services[service].hpa;
        if (hpa->enabled) {
            float y = y_of(f, hpa->target_cpu_utilization, cs->ymax);
            float pts[4] = {(float)f->plot.x, y, (float)(f->plot.x + f->plot.w), y};
            gfx_polyline(d->r, pts, 2, 2, 8, th->ink_muted);
            scene_series_begin(d->scene, "HPA target", NULL, true);
            scene_series_points(d->scene, pts, 2);
            scene_series_end(d->scene);
        }
        draw_series(d, cd, f, S_CPU_PCT, 0, cs->ymax, th->ink, lw, 0, false, false, AGG_MEAN,
                    "utilization", NULL);
        break;
    }
    case CHART_NODES: {
        double cstep = 1;
        double cmax = axis_max(series_max(cd, f, S_COST_H, 0) * 1.1, 0.1, ticks, &cstep);
        draw_y_axis(d, f, cmax, cstep, true, th->cpu, "$");
        draw_series(d, cd, f, S_COST_H, 0, cmax, th->cpu, 2, 0, true, false, AGG_LAST, "$/h", NULL);
        draw_series(d, cd, f, S_NODES_TOTAL, 0, cs->ymax, th->ink_faint, 2, 6, true, false,
                    AGG_LAST, "total", NULL);
        draw_series(d, cd, f, S_NODES_READY, 0, cs->ymax, th->ink, lw, 0, true, false, AGG_LAST,
                    "Ready", NULL);
        break;
    }
    default:
        break;
    }
}

/* The title line: title, current values and the legend; the legend moves under the title when
 * it does not fit beside the values, the plot and label lane moving down. False: no legend. */
static bool draw_title_line(const ui_draw_t *d, const chart_setup_t *cs, ui_rect_t in, int px,
                            frame_t *f, lane_t *lane) {
    const theme_t *th = d->th;
    int lh = layout_line(px), tlh = layout_line(d->text_px);
    int tx = in.x + text_draw(d->text, cs->title, d->text_px, FONT_BOLD, th->ink, in.x, in.y,
                              ALIGN_LEFT, in.w / 2);
    int vy = in.y + (tlh - lh) / 2;
    /* the legend beside the current values when both fit on the title line; else on lines
     * of its own under the title (wrapped), the plot giving up their height: never left out */
    int room = in.x + in.w - tx - d->pad * 2;
    int vw = text_width(d->text, cs->values, px, FONT_REGULAR);
    int legx = in.x + in.w;
    bool legend_shown = cs->nl > 0;
    if (cs->nl > 0 && vw + chart_legend_width(d, cs->leg, cs->nl) <= room) {
        legx = chart_draw_legend(d, cs->leg, cs->nl, in.x + in.w, vy, tx + d->pad * 2 + 40);
    } else if (cs->nl > 0) {
        int lines = chart_legend_lines(d, cs->leg, cs->nl, in.w);
        int down = lines * lh;
        if (f->plot.h - down >= 2 * lh) {
            chart_draw_legend_lines(d, cs->leg, cs->nl, in.x, in.w, in.y + tlh);
            f->plot.y += down;
            f->plot.h -= down;
            lane->r.y += down;
        } else if (chart_legend_width(d, cs->leg, cs->nl) <=
                   room) { /* a small chart: the key first */
            legx = chart_draw_legend(d, cs->leg, cs->nl, in.x + in.w, vy, tx + d->pad);
        } else {
            legend_shown = false; /* no room at all */
        }
    }
    text_draw(d->text, cs->values, px, FONT_REGULAR, th->ink_muted, tx + d->pad, vy, ALIGN_LEFT,
              legx - tx - d->pad * 2);
    return legend_shown;
}

double draw_chart(const ui_draw_t *d, const pane_t *p, chart_kind_t kind, int service,
                  ui_rect_t area, chart_window_t w, int flags, double ymax_min) {
    const theme_t *th = d->th;
    const sim_t *s = p->ses.sim;
    const scenario_t *sc = p->ses.sc;
    bool measure = flags & CHART_MEASURE;
    if (!measure) draw_panel(d, area);
    if (service < 0 || service >= sc->service_count) return 0;
    chart_data_t cd = {0};
    cd.n = sim_samples(s, service, &cd.rows);
    cd.cn = sim_cluster_samples(s, &cd.crows);
    int px = d->small_px, lh = layout_line(px), tlh = layout_line(d->text_px);
    ui_rect_t in = rect_inset(area, d->pad, d->pad / 2);
    frame_t f = {.w = w};
    sim_time_t upto = w.now < w.t1 ? w.now : w.t1;
    f.i0 = lower_bound(&cd, S_OFFERED, cd.n, w.t0);
    f.i1 = lower_bound(&cd, S_OFFERED, cd.n, upto + 1);
    f.c0 = lower_bound(&cd, S_NODES_READY, cd.cn, w.t0);
    f.c1 = lower_bound(&cd, S_NODES_READY, cd.cn, upto + 1);
    const sim_sample_t *last = f.i1 > 0 ? &cd.rows[f.i1 - 1] : NULL;
    const sim_cluster_sample_t *clast = f.c1 > 0 ? &cd.crows[f.c1 - 1] : NULL;

    int ylab = text_width(d->text, "0000", px, FONT_REGULAR) + 6;
    /* Every chart keeps room for a right axis so their time axes line up. */
    int yright = text_width(d->text, "00.00", px, FONT_REGULAR) + 8;
    int xlab = flags & CHART_TIME_LABELS ? lh + 2 : lh / 3;
    /* the label lane: up to two rows above the plot on the chart that carries the labels */
    int avail = in.h - tlh - 2 - xlab;
    lane_t lane;
    memset(&lane, 0, sizeof lane);
    lane.lh = lh;
    if (flags & CHART_MARKER_LABELS)
        lane.rows = avail >= 2 * (lh + 2) + 3 * lh ? 2 : avail >= (lh + 2) + 2 * lh ? 1 : 0;
    int lane_h = lane.rows > 0 ? lane.rows * (lh + 2) + 2 : 0;
    f.plot =
        (ui_rect_t){in.x + ylab, in.y + tlh + 2 + lane_h, in.w - ylab - yright, avail - lane_h};
    lane.r = (ui_rect_t){f.plot.x, in.y + tlh + 2, f.plot.w, lane_h - 2};
    if (f.plot.h < 8 || f.plot.w < 20) return 0;
    int ticks = ticks_for(f.plot.h, lh * 13 / 10);

    /* title, current values, legend */
    chart_setup_t cs_;
    chart_setup_t *cs = &cs_;
    memset(cs, 0, sizeof *cs);
    cs->nv = versions_present(p, &cd, &f, service, cs->vers);
    cs->threshold = -1;
    cs->measured = -1;
    /* the service's name only when there are several to tell apart */
    char svc[80] = "";
    if (sc->service_count > 1) snprintf(svc, sizeof svc, "%s ", sc->services[service].name);
    cs->ymax = 1;
    cs->step = 1;
    if (!describe_chart(d, p, kind, service, &cd, &f, ticks, last, clast, svc, cs)) return 0;
    /* a comparison shares one y range per chart across its panes */
    if (ymax_min > cs->ymax && kind != CHART_NODES)
        cs->ymax = axis_max(ymax_min, ymax_min, ticks, &cs->step);
    if (measure) return cs->ymax;
    bool legend_shown = draw_title_line(d, cs, in, px, &f, &lane);
    char id[64];
    snprintf(id, sizeof id, "%c:%s", p->label ? p->label : 'A', chart_file_names[kind]);
    char svc_id[160];
    const service_spec_t *sp = &sc->services[service];
    snprintf(svc_id, sizeof svc_id, "%s/%s", sp->namespace_ ? sp->namespace_ : "default", sp->name);
    lane.chart = id;
    scene_chart_begin(d->scene, id, svc_id, cs->title, f.plot, 0, cs->ymax, (double)w.t0 / SIM_SEC,
                      (double)w.t1 / SIM_SEC, legend_shown);

    draw_y_axis(d, &f, cs->ymax, cs->step, false, th->ink_faint, NULL);
    draw_x_axis(d, &f, flags & CHART_TIME_LABELS);
    gfx_fill(d->r, (ui_rect_t){f.plot.x, f.plot.y + f.plot.h - 1, f.plot.w, 1}, th->border);
    draw_chart_series(d, sc, service, kind, &cd, &f, cs, ticks);
    scene_chart_end(d->scene);
    /* the lane's right end keeps room for "+N" */
    lane.right = lane.r.x + lane.r.w - text_width(d->text, "+99", px, FONT_BOLD) - 12;
    chart_draw_markers(d, p, &f, &lane);
    chart_draw_ctl_markers(d, p, &f, service, &lane);
    chart_lane_finish(d, &lane);
    draw_now(d, &f);
    return cs->ymax;
}

void draw_charts_shutdown(void) {
    free(xy);
    xy = NULL;
    xy_cap = 0;
}
