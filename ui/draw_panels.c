/* draw_panels: the toolbar, the event log (kubectl get events), the decision panel (the
 * controllers' arithmetic), the caption, the comparison strip, the help overlay and toasts. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "axis.h"
#include "gfx.h"
#include "i18n.h"
#include "input.h"
#include "ui.h"

/* ---- toolbar ---- */

static void button(const ui_draw_t *d, ui_rect_t r, bool hover) {
    SDL_Color c = d->th->button;
    if (hover) c = theme_mix(c, d->th->bg, 0.25);
    gfx_round_fill(d->r, r, r.h / 4, c);
}

static void icon_play(const ui_draw_t *d, ui_rect_t r, bool playing) {
    float cx = r.x + r.w / 2.0f, cy = r.y + r.h / 2.0f, s = r.h * 0.22f;
    SDL_Color c = d->th->button_ink;
    if (playing) {
        gfx_fill(
            d->r,
            (ui_rect_t){(int)(cx - s), (int)(cy - s * 1.1f), (int)(s * 0.75f), (int)(s * 2.2f)}, c);
        gfx_fill(d->r,
                 (ui_rect_t){(int)(cx + s * 0.25f), (int)(cy - s * 1.1f), (int)(s * 0.75f),
                             (int)(s * 2.2f)},
                 c);
    } else {
        gfx_triangle(d->r, cx - s * 0.8f, cy - s * 1.2f, cx + s * 1.2f, cy, cx - s * 0.8f,
                     cy + s * 1.2f, c);
    }
}

static void icon_step(const ui_draw_t *d, ui_rect_t r) {
    float cx = r.x + r.w / 2.0f, cy = r.y + r.h / 2.0f, s = r.h * 0.2f;
    SDL_Color c = d->th->button_ink;
    gfx_triangle(d->r, cx - s * 1.2f, cy - s * 1.1f, cx + s * 0.6f, cy, cx - s * 1.2f,
                 cy + s * 1.1f, c);
    gfx_fill(d->r,
             (ui_rect_t){(int)(cx + s * 0.7f), (int)(cy - s * 1.1f), (int)(s * 0.6f) + 1,
                         (int)(s * 2.2f)},
             c);
}

static void icon_text(const ui_draw_t *d, ui_rect_t r, const char *s) {
    int px = d->text_px;
    text_draw(d->text, s, px, FONT_BOLD, d->th->button_ink, r.x + r.w / 2,
              r.y + (r.h - layout_line(px)) / 2, ALIGN_CENTER, 0);
}

static void format_speed(double sp, char *buf, size_t n) {
    if (sp < 1)
        snprintf(buf, n, "%g\xC3\x97", sp);
    else
        snprintf(buf, n, "%.0f\xC3\x97", sp);
}

void draw_toolbar(const ui_draw_t *d, const layout_t *l, const toolbar_state_t *ts) {
    const theme_t *th = d->th;
    gfx_fill(d->r, l->toolbar, th->panel);
    gfx_fill(d->r, (ui_rect_t){0, l->toolbar.y + l->toolbar.h - 1, l->toolbar.w, 1}, th->border);
    button(d, l->btn_play, ts->hover == HIT_PLAY);
    icon_play(d, l->btn_play, ts->playing);
    button(d, l->btn_step, ts->hover == HIT_STEP);
    icon_step(d, l->btn_step);
    button(d, l->btn_slower, ts->hover == HIT_SLOWER);
    icon_text(d, l->btn_slower, "\xE2\x88\x92");
    button(d, l->btn_faster, ts->hover == HIT_FASTER);
    icon_text(d, l->btn_faster, "+");
    char buf[64], a[16], b[16];
    format_speed(ts->speed, a, sizeof a);
    int ty = l->speed.y + (l->speed.h - layout_line(d->text_px)) / 2;
    text_draw(d->text, a, d->text_px, FONT_BOLD, th->ink, l->speed.x + l->speed.w / 2, ty,
              ALIGN_CENTER, l->speed.w);
    /* t = m:ss / m:ss */
    axis_format_time(ts->now, a, sizeof a);
    axis_format_time(ts->duration, b, sizeof b);
    int x = l->clock.x;
    x += text_draw(d->text, "t = ", d->text_px, FONT_REGULAR, th->ink_muted, x, ty, ALIGN_LEFT, 0);
    x += text_draw(d->text, a, d->text_px, FONT_BOLD, th->ink, x, ty, ALIGN_LEFT, 0);
    snprintf(buf, sizeof buf, " / %s", b);
    text_draw(d->text, buf, d->text_px, FONT_REGULAR, th->ink_muted, x, ty, ALIGN_LEFT, 0);
    /* the time bar: track, elapsed part, action ticks, knob */
    ui_rect_t tb = l->timebar;
    int th_h = tb.h / 5 > 4 ? tb.h / 5 : 4;
    ui_rect_t track = {tb.x + tb.h / 3, tb.y + (tb.h - th_h) / 2, tb.w - 2 * (tb.h / 3), th_h};
    gfx_round_fill(d->r, track, th_h / 2, th->track);
    double frac = ts->duration > 0 ? (double)ts->now / (double)ts->duration : 0;
    if (frac > 1) frac = 1;
    int kx = track.x + (int)lround(frac * track.w);
    gfx_round_fill(d->r, (ui_rect_t){track.x, track.y, kx - track.x, track.h}, th_h / 2,
                   th->ink_muted);
    if (ts->marks && ts->duration > 0) {
        int n = sim_action_count(ts->marks->ses.sim);
        for (int i = 0; i < n; i++) {
            sim_action_view_t av;
            if (!sim_action_get(ts->marks->ses.sim, i, &av)) continue;
            int mx = track.x + (int)lround((double)av.time / (double)ts->duration * track.w);
            gfx_fill(d->r, (ui_rect_t){mx - 1, track.y - th_h, 2, track.h + 2 * th_h}, th->ink);
        }
        /* and the failures the controllers reported (abort, NotReady, ...), in vermillion
         * under the track, so a click there replays the moment */
        for (int i = 0; i < ts->marks->mark_count; i++) {
            const ctl_mark_t *m = &ts->marks->marks[i];
            if (!mark_is_failure(m->kind)) continue;
            int mx = track.x + (int)lround((double)m->time / (double)ts->duration * track.w);
            gfx_fill(d->r, (ui_rect_t){mx - 1, track.y + track.h, 3, th_h + th_h / 2}, th->failure);
        }
    }
    float kr = (float)tb.h / 3;
    gfx_disc(d->r, (float)kx, (float)(tb.y + tb.h / 2), kr + (ts->hover == HIT_TIMEBAR ? 1.5f : 0),
             th->button);
    gfx_disc(d->r, (float)kx, (float)(tb.y + tb.h / 2), kr * 0.45f, th->button_ink);
    /* scenario name and help */
    /* a long title steps down to the text size before it is cut */
    int npx = d->title_px;
    if (text_width(d->text, ts->name, npx, FONT_BOLD) > l->name.w && d->text_px < npx)
        npx = d->text_px;
    text_draw(d->text, ts->name, npx, FONT_BOLD, th->ink, l->name.x + l->name.w,
              l->name.y + (l->name.h - layout_line(npx)) / 2, ALIGN_RIGHT, l->name.w);
    button(d, l->btn_help, ts->hover == HIT_HELP);
    icon_text(d, l->btn_help, "?");
}

void draw_pane_title(const ui_draw_t *d, const pane_t *p, ui_rect_t r) {
    const scenario_t *sc = p->ses.sc;
    char buf[8];
    snprintf(buf, sizeof buf, "%c", p->label);
    int s = layout_line(d->text_px);
    ui_rect_t badge = {r.x, r.y + (r.h - s) / 2, s, s};
    gfx_round_fill(d->r, badge, s / 4, d->th->button);
    text_draw(d->text, buf, d->text_px, FONT_BOLD, d->th->button_ink, badge.x + s / 2,
              badge.y + (s - layout_line(d->text_px)) / 2 + 1, ALIGN_CENTER, 0);
    int x = badge.x + s + d->pad;
    x += text_draw(d->text, sc->name, d->text_px, FONT_BOLD, d->th->ink, x, badge.y, ALIGN_LEFT,
                   r.w / 2);
    const char *file = strrchr(p->ses.file, '/');
    text_draw(d->text, file ? file + 1 : p->ses.file, d->small_px, FONT_REGULAR, d->th->ink_faint,
              x + d->pad, badge.y + (s - layout_line(d->small_px)) / 2, ALIGN_LEFT,
              r.x + r.w - x - d->pad);
}

/* ---- event log and decisions ---- */

/* A text panel with a heading; returns the inside, and the first line under the heading. */
static ui_rect_t text_panel(const ui_draw_t *d, ui_rect_t area, const char *title, const char *sub,
                            int *y) {
    draw_panel(d, area);
    ui_rect_t in = rect_inset(area, d->pad, d->pad / 2);
    int x = in.x + text_draw(d->text, title, d->small_px, FONT_BOLD, d->th->ink, in.x, in.y,
                             ALIGN_LEFT, 0);
    text_draw(d->text, sub, d->small_px, FONT_REGULAR, d->th->ink_faint, x + d->pad, in.y,
              ALIGN_LEFT, in.x + in.w - x - d->pad);
    *y = in.y + layout_line(d->small_px);
    gfx_fill(d->r, (ui_rect_t){in.x, *y - 2, in.w, 1}, d->th->grid);
    return in;
}

/* Where the events come from: servers without Kubernetes have no kubectl, the same events
 * read as the server's log. */
static const char *events_source(const ui_draw_t *d, const pane_t *p) {
    for (int i = 0; i < p->ses.sc->service_count; i++)
        if (p->ses.sc->services[i].runtime != RUNTIME_BARE) return "kubectl get events";
    return ui_tr(d->lang, "the server's log");
}

void draw_events(const ui_draw_t *d, const pane_t *p, ui_rect_t area) {
    const theme_t *th = d->th;
    const sim_t *s = p->ses.sim;
    int px = d->small_px, lh = layout_line(px), y;
    ui_rect_t in = text_panel(d, area, ui_tr(d->lang, "Events"), events_source(d, p), &y);
    int em = text_width(d->text, "m", px, FONT_REGULAR);
    int rows = (in.y + in.h - y) / lh;
    if (rows <= 0) return;
    if (rows > EVENT_ROWS_MAX) rows = EVENT_ROWS_MAX;
    int n = sim_event_count(s);
    event_row_t show[EVENT_ROWS_MAX];
    int ns = event_rows(s, rows, show);
    /* columns: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE; the reason column as wide as the
     * reasons shown need; a narrow panel drops TYPE and OBJECT rather than squeeze the
     * message */
    int w_time = text_width(d->text, "00:00", px, FONT_REGULAR) + em;
    int w_type = text_width(d->text, "Warning", px, FONT_BOLD) + em;
    int w_reason = text_width(d->text, "Scheduled", px, FONT_BOLD);
    int reason_cap = text_width(d->text, "ScalingReplicaSet", px, FONT_BOLD) * 3 / 2;
    char rbuf[96];
    for (int r = 0; r < ns; r++) {
        sim_event_view_t ev;
        if (!sim_event_get(s, show[r].index, &ev)) continue;
        if (show[r].times > 1)
            snprintf(rbuf, sizeof rbuf, "%s \xC3\x97%d", ev.reason, show[r].times);
        else
            snprintf(rbuf, sizeof rbuf, "%s", ev.reason);
        int w = text_width(d->text, rbuf, px, FONT_BOLD);
        if (w > w_reason) w_reason = w;
    }
    if (w_reason > reason_cap) w_reason = reason_cap;
    int w_natural = w_reason;
    if (w_reason > in.w / 4) w_reason = in.w / 4;
    w_reason += em;
    int w_object = text_width(d->text, "Pod/web-7d4b9c8f6d-x2k9q", px, FONT_REGULAR) + em;
    bool wide = in.w - (w_time + w_type + w_reason + w_object) >= in.w * 2 / 5;
    if (!wide) /* without TYPE and OBJECT the reason may take more: it is the column to read */
        w_reason = (w_natural < in.w * 2 / 5 ? w_natural : in.w * 2 / 5) + em;
    int cx[5];
    cx[0] = in.x;
    cx[1] = cx[0] + w_time;
    cx[2] = cx[1] + (wide ? w_type : 0);
    cx[3] = cx[2] + w_reason;
    cx[4] = cx[3] + (wide ? w_object : 0);
    for (int r = 0; r < ns; r++, y += lh) {
        sim_event_view_t ev;
        if (!sim_event_get(s, show[r].index, &ev)) continue;
        bool pinned = show[r].pinned;
        char t[16];
        axis_format_time(ev.time, t, sizeof t);
        /* start-up probe misses are expected: quiet, not in the failure colour */
        bool warn = event_is_warning(&ev) && !event_is_startup_probe(&ev);
        font_style_t st = warn ? FONT_BOLD : FONT_REGULAR;
        SDL_Color ink = warn ? th->ink : th->ink_muted;
        SDL_Color rink = warn ? th->failure : th->ink_muted;
        if (pinned) /* a pale vermillion band: kept here, not the latest line */
            gfx_fill(d->r, (ui_rect_t){area.x + 1, y, area.w - 2, lh},
                     theme_alpha(th->failure, th->dark ? 0.14 : 0.10));
        if (warn) /* Warnings tell of failures: a vermillion tick in the margin */
            gfx_fill(d->r, (ui_rect_t){area.x + 2, y + 2, 3, lh - 4}, th->failure);
        text_draw(d->text, t, px, st, warn ? th->ink_muted : th->ink_faint, cx[0], y, ALIGN_LEFT,
                  0);
        if (wide)
            text_draw(d->text, ev.type, px, st, rink, cx[1], y, ALIGN_LEFT, cx[2] - cx[1] - 4);
        if (show[r].times > 1)
            snprintf(rbuf, sizeof rbuf, "%s \xC3\x97%d", ev.reason, show[r].times);
        else
            snprintf(rbuf, sizeof rbuf, "%s", ev.reason);
        text_draw(d->text, rbuf, px, FONT_BOLD, warn ? th->failure : ink, cx[2], y, ALIGN_LEFT,
                  cx[3] - cx[2] - 4);
        if (wide)
            text_draw(d->text, ev.object, px, st, ink, cx[3], y, ALIGN_LEFT, cx[4] - cx[3] - 4);
        text_draw(d->text, ev.message, px, st, ink, cx[4], y, ALIGN_LEFT, in.x + in.w - cx[4]);
        if (pinned && (r + 1 == ns || !show[r + 1].pinned)) /* where the pinned rows end */
            gfx_fill(d->r, (ui_rect_t){in.x, y + lh - 1, in.w, 1}, theme_alpha(th->failure, 0.5));
    }
    if (n == 0)
        text_draw(d->text, ui_tr(d->lang, "no events yet"), px, FONT_REGULAR, th->ink_faint, in.x,
                  y, ALIGN_LEFT, 0);
}

void draw_decisions(const ui_draw_t *d, const pane_t *p, ui_rect_t area) {
    const theme_t *th = d->th;
    const sim_t *s = p->ses.sim;
    int px = d->small_px, lh = layout_line(px), y;
    ui_rect_t in = text_panel(d, area, ui_tr(d->lang, "Why"),
                              ui_tr(d->lang, "the controllers' arithmetic, newest first"), &y);
    int n = sim_decision_count(s);
    int tw = text_width(d->text, "00:00", px, FONT_REGULAR) + px;
    /* what holds the cluster now, above the history (at most half the panel) */
    int room_lines = (in.y + in.h - y) / lh;
    y = draw_why_now(d, p, in, y, tw, room_lines / 2 > 3 ? 3 : room_lines / 2);
    for (int i = n - 1; i >= 0; i--) {
        int room = in.y + in.h - y;
        if (room < lh) break;
        sim_decision_view_t dv;
        if (!sim_decision_get(s, i, &dv)) continue;
        char t[16], head[256];
        axis_format_time(dv.time, t, sizeof t);
        snprintf(head, sizeof head, "%s: %s", dv.object ? dv.object : "",
                 dv.decision ? dv.decision : "");
        SDL_Color ink = i == n - 1 ? th->ink : th->ink_muted;
        text_draw(d->text, t, px, FONT_REGULAR, th->ink_faint, in.x, y, ALIGN_LEFT, 0);
        text_draw(d->text, head, px, FONT_BOLD, ink, in.x + tw, y, ALIGN_LEFT, in.w - tw);
        y += lh;
        room = in.y + in.h - y;
        int lines = room / lh;
        if (lines > 2) lines = 2;
        if (lines > 0 && dv.explanation && *dv.explanation)
            y += text_draw_wrapped(d->text, dv.explanation, px, FONT_REGULAR, th->ink_muted,
                                   in.x + tw, y, in.w - tw, lines) +
                 lh / 4;
    }
    if (n == 0)
        text_draw(d->text, ui_tr(d->lang, "no decisions yet: the controllers have nothing to do"),
                  px, FONT_REGULAR, th->ink_faint, in.x, y, ALIGN_LEFT, in.w);
}

/* ---- caption, comparison strip, help, toast ---- */

void draw_caption(const ui_draw_t *d, ui_rect_t r, const char *text, double alpha) {
    const theme_t *th = d->th;
    draw_panel(d, r);
    int bar = d->pad / 2 > 3 ? d->pad / 2 : 3;
    gfx_fill(d->r, (ui_rect_t){r.x + 1, r.y + d->pad, bar, r.h - 2 * d->pad}, th->ink);
    if (!text || !*text) return;
    int x = r.x + bar + 2 * d->pad;
    int w = r.w - (x - r.x) - 2 * d->pad;
    /* as many lines as the panel holds (at least two) */
    int lines = (r.h - d->pad) / layout_line(d->caption_px);
    if (lines < 2) lines = 2;
    if (lines > 7) lines = 7;
    SDL_Color clear = theme_alpha(th->ink, 0);
    int h =
        text_draw_wrapped_raw(d->text, text, d->caption_px, FONT_REGULAR, clear, x, r.y, w, lines);
    int y = r.y + (r.h - h) / 2;
    text_draw_wrapped_raw(d->text, text, d->caption_px, FONT_REGULAR, theme_alpha(th->ink, alpha),
                          x, y, w, lines);
    if (d->scene) {
        int all = text_draw_wrapped_raw(d->text, text, d->caption_px, FONT_REGULAR, clear, x, y, w,
                                        lines + 1);
        scene_caption(d->scene, text, (ui_rect_t){x, y, w, h}, all > h || h > r.h,
                      text_count_missing(d->text, text, FONT_REGULAR));
    }
}

/* 55258 -> "55,258": big counts read at a glance. */
static void group_digits(unsigned long long v, char *buf, size_t n) {
    char raw[32], out[48];
    int len = snprintf(raw, sizeof raw, "%llu", v), o = 0;
    for (int i = 0; i < len && o < (int)sizeof out - 2; i++) {
        if (i > 0 && (len - i) % 3 == 0) out[o++] = ',';
        out[o++] = raw[i];
    }
    out[o] = '\0';
    snprintf(buf, n, "%s", out);
}

/* One pane's figures in the strip's columns: 6, and 3 more for the SLO when one pane has it. */
static int strip_values(const pane_t *p, const sim_summary_t *sm, char v[9][48], bool bad[9]) {
    group_digits(sm->failed, v[0], sizeof v[0]);
    snprintf(v[1], sizeof v[1], "%.2f %%", sm->availability * 100);
    snprintf(v[2], sizeof v[2], "%.0f s", sm->downtime_s);
    if (sm->p99_ms >= 0)
        snprintf(v[3], sizeof v[3], "%.0f ms", sm->p99_ms);
    else
        snprintf(v[3], sizeof v[3], "\xE2\x80\x93");
    snprintf(v[4], sizeof v[4], "%d", sm->max_pods);
    snprintf(v[5], sizeof v[5], "$%.2f", sm->cost);
    for (int c = 0; c < 9; c++)
        bad[c] = false;
    bad[0] = sm->failed > 0;
    bad[2] = sm->downtime_s > 0;
    char u[24], f[24], s[24];
    (void)p;
    if (!slo_strip_values(sm, u, f, s, &bad[7], &bad[8])) {
        for (int c = 6; c < 9; c++)
            snprintf(v[c], sizeof v[c], "\xE2\x80\x93");
        return 6;
    }
    snprintf(v[6], sizeof v[6], "%s", u);
    snprintf(v[7], sizeof v[7], "%s", f);
    snprintf(v[8], sizeof v[8], "%s", s);
    return 9;
}

void draw_strip(const ui_draw_t *d, ui_rect_t r, const pane_t *panes, int n) {
    const theme_t *th = d->th;
    draw_panel(d, r);
    int px = d->small_px, lh = layout_line(px);
    ui_rect_t in = rect_inset(r, d->pad, d->pad);
    /* the SLO columns' heads mark the SRE workbook's alert thresholds */
    const char *heads[] = {ui_tr(d->lang, "failed requests"),
                           ui_tr(d->lang, "availability"),
                           ui_tr(d->lang, "downtime"),
                           "p99",
                           ui_tr(d->lang, "peak pods"),
                           ui_tr(d->lang, "cost"),
                           ui_tr(d->lang, "SLO budget"),
                           ui_tr(d->lang, "burn 1h/5m \xE2\x89\xA5"
                                          "14.4"),
                           ui_tr(d->lang, "burn 6h/30m \xE2\x89\xA5"
                                          "6")};
    sim_summary_t sm[LAYOUT_MAX_PANES];
    bool ok[LAYOUT_MAX_PANES];
    char v[LAYOUT_MAX_PANES][9][48];
    bool bad[LAYOUT_MAX_PANES][9];
    int cols = 6;
    for (int i = 0; i < n && i < LAYOUT_MAX_PANES; i++) {
        ok[i] = sim_summary(panes[i].ses.sim, 0, &sm[i]);
        if (ok[i] && strip_values(&panes[i], &sm[i], v[i], bad[i]) == 9) cols = 9;
    }
    int name_w = in.w * (cols == 6 ? 28 : 22) / 100;
    int cw = (in.w - name_w) / cols;
    for (int c = 0; c < cols; c++)
        text_draw(d->text, heads[c], px, FONT_BOLD, th->ink_muted,
                  in.x + name_w + (c + 1) * cw - d->pad, in.y, ALIGN_RIGHT, cw);
    text_draw(d->text, ui_tr(d->lang, "so far, first service"), px, FONT_REGULAR, th->ink_faint,
              in.x, in.y, ALIGN_LEFT, name_w);
    for (int i = 0; i < n && i < LAYOUT_MAX_PANES; i++) {
        const pane_t *p = &panes[i];
        int y = in.y + (i + 1) * lh;
        if (!ok[i]) continue;
        char label[128];
        snprintf(label, sizeof label, "%c  %s", p->label, p->ses.sc->name);
        text_draw(d->text, label, px, FONT_BOLD, th->ink, in.x, y, ALIGN_LEFT, name_w - d->pad);
        for (int c = 0; c < cols; c++)
            text_draw(d->text, v[i][c], px, bad[i][c] ? FONT_BOLD : FONT_REGULAR,
                      bad[i][c] ? th->failure : th->ink, in.x + name_w + (c + 1) * cw - d->pad, y,
                      ALIGN_RIGHT, cw);
    }
}

void draw_help(const ui_draw_t *d, const layout_t *l) {
    const theme_t *th = d->th;
    gfx_fill(d->r, (ui_rect_t){0, 0, l->w, l->h}, th->backdrop);
    ui_rect_t r = l->help;
    gfx_round_fill(d->r, r, d->pad, th->panel);
    ui_rect_t in = rect_inset(r, d->pad * 3, d->pad * 2);
    int y = in.y;
    text_draw(d->text, "Controls", d->caption_px, FONT_BOLD, th->ink, in.x, y, ALIGN_LEFT, in.w);
    y += layout_line(d->caption_px) + d->pad;
    int px = d->text_px * 5 / 4, lh = layout_line(px) + d->pad / 2;
    int rows = input_help_count;
    int avail = in.y + in.h - y - 2 * layout_line(d->small_px) - d->pad;
    while (rows * lh > avail && px > 12) { /* small windows: shrink rather than cut */
        px--;
        lh = layout_line(px) + d->pad / 2;
    }
    int kw = 0;
    for (int i = 0; i < input_help_count; i++) {
        int w = text_width(d->text, input_help[i].keys, px, FONT_BOLD);
        if (w > kw) kw = w;
    }
    for (int i = 0; i < input_help_count; i++, y += lh) {
        text_draw(d->text, input_help[i].keys, px, FONT_BOLD, th->ink, in.x + kw, y, ALIGN_RIGHT,
                  0);
        text_draw(d->text, input_help[i].what, px, FONT_REGULAR, th->ink_muted,
                  in.x + kw + 2 * d->pad, y, ALIGN_LEFT, in.w - kw - 2 * d->pad);
    }
    text_draw_wrapped(d->text,
                      "Every control is an action with a time: it appears in the event log and "
                      "on the charts, and --record FILE.json keeps it for replay.  Esc closes "
                      "this help.",
                      d->small_px, FONT_REGULAR, th->ink_faint, in.x,
                      in.y + in.h - 2 * layout_line(d->small_px), in.w, 2);
}

void draw_toast(const ui_draw_t *d, ui_rect_t r, const char *msg, double alpha) {
    if (!msg || !*msg || alpha <= 0) return;
    int w = text_width(d->text, msg, d->text_px, FONT_REGULAR) + 4 * d->pad;
    if (w > r.w) w = r.w;
    ui_rect_t b = {r.x + (r.w - w) / 2, r.y, w, r.h};
    gfx_round_fill(d->r, b, r.h / 3, theme_alpha(d->th->button, 0.92 * alpha));
    text_draw(d->text, msg, d->text_px, FONT_REGULAR, theme_alpha(d->th->button_ink, alpha),
              b.x + b.w / 2, b.y + (b.h - layout_line(d->text_px)) / 2, ALIGN_CENTER,
              b.w - 2 * d->pad);
}
