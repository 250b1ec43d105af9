/* chart_markers: action markers on a chart (diamonds, controller marks) and their labels in
 * the lane above the plot, stacked so none covers a series or disappears silently. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axis.h"
#include "draw_charts.h"
#include "gfx.h"
#include "i18n.h"
#include "ui.h"

static bool lane_free(const lane_t *ln, int row, int x0, int x1) {
    if (ln->n[row] >= LANE_SPANS) return false;
    for (int i = 0; i < ln->n[row]; i++)
        if (x0 < ln->x1[row][i] && ln->x0[row][i] < x1) return false;
    return true;
}

/* Puts a label for the marker at x in the first row with room, right of the marker or else
 * left of it; counts it as dropped when there is none. */
static void lane_label(const ui_draw_t *d, lane_t *ln, float x, const char *text, font_style_t st,
                       SDL_Color ink) {
    if (ln->rows <= 0) return;
    int w = text_width(d->text, text, d->small_px, st) + 8;
    int cand[2] = {(int)x + 3, (int)x - 3 - w};
    for (int row = 0; row < ln->rows; row++)
        for (int k = 0; k < 2; k++) {
            int lx = cand[k];
            if (lx < ln->r.x || lx + w > ln->right || !lane_free(ln, row, lx - 2, lx + w + 2))
                continue;
            ln->x0[row][ln->n[row]] = lx - 2;
            ln->x1[row][ln->n[row]] = lx + w + 2;
            ln->n[row]++;
            ui_rect_t lr = {lx, ln->r.y + row * (ln->lh + 2), w, ln->lh};
            gfx_fill(d->r, lr, d->th->panel);
            text_draw_raw(d->text, text, d->small_px, st, ink, lx + 4, lr.y, ALIGN_LEFT, 0);
            scene_label(d->scene, text, lr, ln->chart);
            return;
        }
    ln->dropped++;
}

/* "+N" at the end of the lane for the labels that found no room. */
void chart_lane_finish(const ui_draw_t *d, lane_t *ln) {
    if (ln->rows <= 0 || ln->dropped == 0) return;
    char buf[16];
    snprintf(buf, sizeof buf, "+%d", ln->dropped);
    int w = text_width(d->text, buf, d->small_px, FONT_BOLD) + 8;
    ui_rect_t lr = {ln->r.x + ln->r.w - w, ln->r.y, w, ln->lh};
    gfx_fill(d->r, lr, d->th->track);
    text_draw_raw(d->text, buf, d->small_px, FONT_BOLD, d->th->ink, lr.x + 4, lr.y, ALIGN_LEFT, 0);
    scene_label(d->scene, buf, lr, ln->chart);
}

/* Vertical markers at the actions (deploy, failNode, ...), labelled in words in the lane. */
void chart_draw_markers(const ui_draw_t *d, const pane_t *p, const frame_t *f, lane_t *ln) {
    const sim_t *s = p->ses.sim;
    int n = sim_action_count(s);
    int top = ln->rows > 0 ? ln->r.y : f->plot.y;
    for (int i = 0; i < n; i++) {
        sim_action_view_t av;
        if (!sim_action_get(s, i, &av) || av.time < f->w.t0 || av.time > f->w.t1) continue;
        float x = x_of(f, av.time);
        bool failure = av.action.action == ACTION_FAIL_NODE || av.action.action == ACTION_KILL_POD;
        SDL_Color mc = failure ? d->th->failure : d->th->ink_muted;
        float pts[4] = {x, (float)top, x, (float)(f->plot.y + f->plot.h)};
        gfx_polyline(d->r, pts, 2, 1.5f, 4, theme_alpha(mc, 0.9));
    }
    if (ln->rows <= 0) return;
    for (int i = 0; i < n; i++) {
        sim_action_view_t av;
        if (!sim_action_get(s, i, &av) || av.time < f->w.t0 || av.time > f->w.t1) continue;
        char text[160];
        sim_action_text(p->ses.sc, &av.action, text, sizeof text);
        bool failure = av.action.action == ACTION_FAIL_NODE || av.action.action == ACTION_KILL_POD;
        lane_label(d, ln, x_of(f, av.time), text, FONT_BOLD, failure ? d->th->failure : d->th->ink);
    }
}

/* Whether an abort action lies within `px` pixels of x: the user's "abort web" already says
 * what the controller's RolloutAborted would. */
static bool near_abort_action(const pane_t *p, const frame_t *f, float x, float px) {
    const sim_t *s = p->ses.sim;
    int n = sim_action_count(s);
    for (int i = 0; i < n; i++) {
        sim_action_view_t av;
        if (!sim_action_get(s, i, &av) || av.time < f->w.t0 || av.time > f->w.t1 ||
            av.action.action != ACTION_ABORT)
            continue;
        if (fabsf(x_of(f, av.time) - x) <= px) return true;
    }
    return false;
}

static void diamond(const ui_draw_t *d, float cx, float cy, float r, SDL_Color c) {
    gfx_triangle(d->r, cx - r, cy, cx + r, cy, cx, cy - r, c);
    gfx_triangle(d->r, cx - r, cy, cx + r, cy, cx, cy + r, c);
}

/* Whether a mark shows on this chart: in the window, not after "now", about this service or
 * the whole cluster. */
static bool mark_applies(const ctl_mark_t *m, const frame_t *f, int service) {
    return m->time >= f->w.t0 && m->time <= f->w.t1 && m->time <= f->w.now &&
           (m->service < 0 || m->service == service);
}

/* Whether the marks [i0, i1] that show on this chart are all of one kind. */
static bool same_kind_run(const pane_t *p, const frame_t *f, int service, int i0, int i1) {
    int kind = -1;
    for (int i = i0; i <= i1; i++) {
        const ctl_mark_t *m = &p->marks[i];
        if (!mark_applies(m, f, service)) continue;
        if (kind >= 0 && (int)m->kind != kind) return false;
        kind = (int)m->kind;
    }
    return true;
}

/* Markers at what the controllers did (abort, NotReady, HPA 4→8, ...): dotted, thinner than
 * the actions', a diamond on the time axis, labelled in the lane after the actions. Marks a
 * few pixels apart merge into one; the newest are labelled first. */
void chart_draw_ctl_markers(const ui_draw_t *d, const pane_t *p, const frame_t *f, int service,
                            lane_t *ln) {
    int px = d->small_px;
    float merge = fmaxf(4.0f, px * 0.4f);
    /* groups of nearby marks: [first, last] indices into p->marks, in time order */
    int gfirst[PANE_MAX_MARKS], glast[PANE_MAX_MARKS], ng = 0;
    float gx[PANE_MAX_MARKS];
    for (int i = 0; i < p->mark_count; i++) {
        const ctl_mark_t *m = &p->marks[i];
        if (!mark_applies(m, f, service)) continue;
        float x = x_of(f, m->time);
        if (ng > 0 && x - gx[ng - 1] < merge) {
            glast[ng - 1] = i;
            continue;
        }
        gfirst[ng] = glast[ng] = i;
        gx[ng++] = x;
    }
    float bottom = (float)(f->plot.y + f->plot.h - 1);
    /* the lines */
    for (int g = 0; g < ng; g++) {
        bool failure = false;
        for (int i = gfirst[g]; i <= glast[g]; i++)
            if (mark_applies(&p->marks[i], f, service))
                failure = failure || mark_is_failure(p->marks[i].kind);
        SDL_Color mc = failure ? d->th->failure : d->th->ink_muted;
        float pts[4] = {gx[g], (float)f->plot.y, gx[g], bottom};
        gfx_polyline(d->r, pts, 2, 1.0f, 2, theme_alpha(mc, 0.75));
        diamond(d, gx[g], bottom, fmaxf(3.0f, px * 0.3f), mc);
    }
    if (ln->rows <= 0) return;
    /* the labels, newest first (it wins a contested spot). A run of markers of one kind
     * closer than a label's width gets one label at its first marker: "HPA 3→12", not four
     * labels that cannot all fit. */
    float run_px = (float)text_width(d->text,
                                     "HPA 10\xE2\x86\x92"
                                     "10",
                                     px, FONT_REGULAR);
    for (int g = ng - 1; g >= 0;) {
        int g0 = g;
        while (g0 > 0 && gx[g0] - gx[g0 - 1] < run_px &&
               same_kind_run(p, f, service, gfirst[g0 - 1], glast[g]))
            g0--;
        ctl_mark_t ms[PANE_MAX_MARKS];
        int n = 0;
        bool failure = false;
        for (int i = gfirst[g0]; i <= glast[g] && n < PANE_MAX_MARKS; i++) {
            if (!mark_applies(&p->marks[i], f, service)) continue;
            ms[n++] = p->marks[i];
            failure = failure || mark_is_failure(p->marks[i].kind);
        }
        float x = gx[g0];
        g = g0 - 1;
        if (n == 0 || (n == 1 && ms[0].kind == MARK_ABORT && near_abort_action(p, f, x, merge)))
            continue;
        char text[128];
        mark_label(ms, n, text, sizeof text);
        lane_label(d, ln, x, text, failure ? FONT_BOLD : FONT_REGULAR,
                   failure ? d->th->failure : d->th->ink_muted);
    }
}
