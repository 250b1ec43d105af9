/* app: deploysim-ui. One clock drives every scenario on screen (lockstep); each key or click
 * becomes an action_t injected through the session, never a change to the model. The same
 * frame function draws the window, the --screenshot PNG and (per chart) --charts. */
#include "app.h"

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app_priv.h"
#include "axis.h"
#include "gfx.h"
#include "i18n.h"
#include "input.h"
#include "ui.h"

/* ---- the application ---- */

double app_real_now(void) {
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

sim_time_t app_clock_us(const app_t *a) {
    return (sim_time_t)llround(a->clock * SIM_SEC);
}

void app_toast(app_t *a, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->toast, sizeof a->toast, fmt, ap);
    va_end(ap);
    a->toast_at = app_real_now();
    a->toast_len = 3.0;
}

void app_print_diag(const diag_t *d) {
    for (int i = 0; i < d->count; i++)
        fprintf(stderr, "%s\n", d->items[i]);
}

static int open_panes(app_t *a) {
    for (int i = 0; i < a->o.file_count; i++) {
        diag_t d;
        diag_init(&d);
        int rc = pane_init(&a->panes[i], a->o.files[i], (char)('A' + i), &d);
        app_print_diag(&d);
        diag_free(&d);
        if (rc != 0) {
            fprintf(stderr, "deploysim-ui: %s: cannot load the scenario\n", a->o.files[i]);
            return -1;
        }
        a->n++;
        sim_time_t dur = sim_duration(a->panes[i].ses.sim);
        if (dur > a->duration) a->duration = dur;
    }
    if (a->n == 1)
        snprintf(a->name, sizeof a->name, "%s", a->panes[0].ses.sc->name);
    else /* each pane has its own title */
        snprintf(a->name, sizeof a->name, "%s, one clock", a->n == 2 ? "A vs B" : "A vs B vs C");
    return 0;
}

/* Moves every scenario to the clock (backwards re-simulates). */
static void sync_panes(app_t *a) {
    sim_time_t t = app_clock_us(a);
    for (int i = 0; i < a->n; i++) {
        session_t *s = &a->panes[i].ses;
        if (sim_now(s->sim) == t || (t > sim_now(s->sim) && sim_done(s->sim))) continue;
        diag_t d;
        diag_init(&d);
        if (session_seek(s, t, &d) != 0) {
            app_print_diag(&d);
            app_toast(a, "cannot re-simulate %s", s->file);
        }
        diag_free(&d);
    }
}

/* The time of the next (dir > 0) or previous caption of the first scenario after / before
 * `from` seconds; -1 when there is none. "Previous" skips the caption on screen now (less than
 * 1 s ago). */
double app_note_time(const app_t *a, double from, int dir) {
    const scenario_t *sc = a->panes[0].ses.sc;
    double best = -1;
    for (int i = 0; i < sc->note_count; i++) {
        double t = (double)sc->notes[i].at / SIM_SEC;
        if (dir > 0 && t > from + 1e-6 && (best < 0 || t < best)) best = t;
        if (dir < 0 && t < from - 1 && t > best) best = t;
    }
    return best;
}

void app_jump_to(app_t *a, double seconds) {
    double end = (double)a->duration / SIM_SEC;
    double to = seconds < 0 ? 0 : seconds > end ? end : seconds;
    if (to < a->clock) { /* back in time is another run: nothing slides over from this one */
        for (int i = 0; i < a->n; i++)
            anim_clear(a->panes[i].anim);
        a->settle_next = true;
    }
    a->clock = to;
    sync_panes(a);
}

void app_compute_layout(app_t *a, int w, int h) {
    int lines = 1;
    for (int i = 0; i < a->n; i++) {
        int sc = a->panes[i].ses.sc->service_count;
        if (sc > lines) lines = sc;
    }
    layout_params_t p = {w, h, a->o.font_scale, a->n, lines, 0};
    layout_compute(&p, &a->l);
    if (!a->text) return;
    /* the caption panel as tall as the longest caption of the lesson needs (as draw_caption
     * wraps it), so none is cut and the layout does not jump when one arrives */
    const scenario_t *sc = a->panes[0].ses.sc;
    const layout_t *l = &a->l;
    int bar = l->pad / 2 > 3 ? l->pad / 2 : 3;
    int wrap = l->caption.w - bar - 4 * l->pad;
    SDL_Color clear = {0, 0, 0, 0};
    int one =
        text_draw_wrapped_raw(a->text, "A", l->caption_px, FONT_REGULAR, clear, 0, 0, wrap, 1);
    int need = 2;
    for (int i = -1; i < sc->note_count && one > 0; i++) {
        const char *t = i < 0 ? sc->description : scenario_note_text(&sc->notes[i], a->o.lang);
        int hgt =
            text_draw_wrapped_raw(a->text, t, l->caption_px, FONT_REGULAR, clear, 0, 0, wrap, 5);
        int n = (hgt + one / 2) / one;
        if (n > need) need = n;
    }
    if (need > 2) {
        p.caption_lines = need;
        layout_compute(&p, &a->l);
    }
}

ui_draw_t app_draw_ctx(const app_t *a, SDL_Renderer *r, text_t *t, bool settle) {
    ui_draw_t d = {.r = r,
                   .text = t,
                   .th = a->th,
                   .text_px = a->l.text_px,
                   .small_px = a->l.small_px,
                   .caption_px = a->l.caption_px,
                   .title_px = a->l.title_px,
                   .pad = a->l.pad,
                   .gap = a->l.gap,
                   .now = app_real_now(),
                   .settle = settle,
                   .lang = a->o.lang};
    return d;
}

/* With no choice made, the service the lesson is about at this moment: the one the caption
 * on screen names (its note's `service`), else the scenario's `ui.focus`, else the one that
 * has failed the most requests so far, else one whose rollout is under way, else the last one
 * an event acted on, else the first. */
static int auto_service(const pane_t *p) {
    const scenario_t *sc = p->ses.sc;
    int about = sim_caption_service(p->ses.sim);
    if (about >= 0) return about;
    if (sc->ui.focus_count > 0) return sc->ui.focus[0];
    int best = -1;
    uint64_t most = 0;
    for (int i = 0; i < sc->service_count; i++) {
        sim_summary_t sum;
        if (sim_summary(p->ses.sim, i, &sum) && sum.failed > most) {
            most = sum.failed;
            best = i;
        }
    }
    if (best >= 0) return best;
    for (int i = 0; i < p->svc_count; i++) {
        const char *st = p->svc[i].status;
        if (st && (!strcmp(st, "Progressing") || !strcmp(st, "Paused"))) return i;
    }
    int acted = 0;
    int n = sim_action_count(p->ses.sim);
    for (int i = 0; i < n; i++) {
        sim_action_view_t av;
        if (sim_action_get(p->ses.sim, i, &av) && av.action.service >= 0 &&
            av.action.service < sc->service_count)
            acted = av.action.service;
    }
    return acted;
}

int app_service_shown(const app_t *a, const pane_t *p) {
    int n = p->ses.sc->service_count;
    int sel = a->selected[p - a->panes];
    if (sel < 0) sel = auto_service(p);
    return sel < n ? sel : n - 1;
}

/* --service [NS/]NAME in a scenario: its index, or -1. */
static int find_service(const scenario_t *sc, const char *ref) {
    const char *slash = strchr(ref, '/');
    for (int i = 0; i < sc->service_count; i++) {
        const service_spec_t *s = &sc->services[i];
        if (slash ? (strlen(s->namespace_) == (size_t)(slash - ref) &&
                     !strncmp(s->namespace_, ref, (size_t)(slash - ref)) &&
                     !strcmp(s->name, slash + 1))
                  : !strcmp(s->name, ref))
            return i;
    }
    return -1;
}

/* One whole frame, for the window and for screenshots alike. */
void app_draw_frame(app_t *a, const ui_draw_t *d) {
    const layout_t *l = &a->l;
    if (!a->canvas) a->canvas = canvas_create();
    canvas_begin(a->canvas, d->r, a->th->bg);
    for (int i = 0; i < a->n; i++)
        pane_snapshot(&a->panes[i]);
    sim_time_t now = app_clock_us(a);
    chart_window_t w = chart_window_at(now, a->duration, a->zoom);
    ui_text_record_into(d->scene);
    /* each pane's charts: the scenario's ui.charts get the whole column */
    layout_pane_t lps[LAYOUT_MAX_PANES];
    chart_kind_t order[LAYOUT_MAX_PANES][CHART_KINDS];
    for (int i = 0; i < a->n; i++) {
        lps[i] = l->pane[i];
        int k = chart_order(a->panes[i].ses.sc, app_service_shown(a, &a->panes[i]), order[i]);
        layout_restack_charts(&lps[i], k, l->gap, 2 * (layout_line(l->small_px) + 2) + 2);
        scene_pane(d->scene, a->panes[i].ses.file, (double)now / SIM_SEC);
    }
    /* side by side, a chart shares one y range across the panes, so equal heights mean equal
     * values */
    double ymax[CHART_KINDS] = {0};
    for (int i = 0; i < a->n && a->n > 1; i++)
        for (int c = 0; c < lps[i].chart_count; c++) {
            int flags = CHART_MEASURE | (c == 0 ? CHART_MARKER_LABELS : 0) |
                        (c == lps[i].chart_count - 1 ? CHART_TIME_LABELS : 0);
            double m = draw_chart(d, &a->panes[i], order[i][c], app_service_shown(a, &a->panes[i]),
                                  lps[i].chart[c], w, flags, 0);
            if (m > ymax[order[i][c]]) ymax[order[i][c]] = m;
        }
    for (int i = 0; i < a->n; i++) {
        pane_t *p = &a->panes[i];
        const layout_pane_t *lp = &lps[i];
        int svc = app_service_shown(a, p);
        if (lp->title.h > 0) draw_pane_title(d, p, lp->title);
        draw_cluster(d, p, lp->cluster, svc);
        draw_service_strip(d, p, lp->service, l->service_line_h, svc);
        for (int c = 0; c < lp->chart_count; c++)
            draw_chart(d, p, order[i][c], svc, lp->chart[c], w,
                       (c == 0 ? CHART_MARKER_LABELS : 0) |
                           (c == lp->chart_count - 1 ? CHART_TIME_LABELS : 0),
                       ymax[order[i][c]]);
        draw_decisions(d, p, lp->decisions);
        draw_events(d, p, lp->events);
    }
    /* The caption of the first scenario, fading in when it changes; before its first note,
     * the scenario's description. */
    const char *cap = sim_caption_lang(a->panes[0].ses.sim, a->o.lang);
    if (!cap) cap = a->panes[0].ses.sc->description;
    if (cap != a->caption) {
        a->caption = cap;
        a->caption_at = d->now;
    }
    double ca = d->settle ? 1 : fmin(1, (d->now - a->caption_at) / ANIM_SECONDS);
    draw_caption(d, l->caption, cap, ca);
    if (a->n > 1) draw_strip(d, l->strip, a->panes, a->n);
    /* while a drag waits to re-simulate, the knob already shows where it goes */
    sim_time_t shown = a->seek_pending ? (sim_time_t)llround(a->seek_to * SIM_SEC) : now;
    toolbar_state_t ts = {a->playing, a->speed, shown,       a->duration,
                          a->name,    a->hover, &a->panes[0]};
    draw_toolbar(d, l, &ts);
    double age = d->now - a->toast_at;
    if (a->toast[0] && age < a->toast_len && !d->settle)
        draw_toast(d, l->toast, a->toast, fmin(1, (a->toast_len - age) / 0.5));
    if (a->help) draw_help(d, l);
    ui_text_record_into(NULL);
    canvas_end(a->canvas);
}

int app_save_png(SDL_Renderer *r, int w, int h, const char *path) {
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) return -1;
    int rc = SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch);
    if (rc == 0) rc = IMG_SavePNG(s, path);
    SDL_FreeSurface(s);
    return rc;
}

static void save_session_frame(app_t *a, int w, int h) {
    char path[64];
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(path, sizeof path, "deploysim-%Y%m%d-%H%M%S.png", &tm);
    if (app_save_png(a->r, w, h, path) == 0)
        app_toast(a, "saved %s", path);
    else
        app_toast(a, "cannot save %s: %s", path, SDL_GetError());
}

/* A window point whose click (mapped to renderer pixels as to_render does) fails or repairs the
 * node of `card`: the middle of the card's header first, else any point of it off the tiles. */
static bool debug_click_point(app_t *a, int pane, int card, int ww, int wh, int rw, int rh, int *wx,
                              int *wy) {
    pane_t *p = &a->panes[pane];
    const node_grid_t *g;
    ui_rect_t r = pane_card_rect(p, card, &g);
    int want = p->card_node[card];
    /* the card in window pixels */
    int x0 = (int)((long long)r.x * ww / rw), y0 = (int)((long long)r.y * wh / rh);
    int x1 = (int)((long long)(r.x + r.w) * ww / rw), y1 = (int)((long long)(r.y + r.h) * wh / rh);
    int hy = (int)((long long)(g->header_h / 2) * wh / rh);
    for (long long k = -1; k < (long long)(x1 - x0) * (y1 - y0); k++) {
        int x = k < 0 ? (x0 + x1) / 2 : x0 + (int)(k % (x1 - x0));
        int y = k < 0 ? y0 + hy : y0 + (int)(k / (x1 - x0));
        int rx = (int)((long long)x * rw / ww), ry = (int)((long long)y * rh / wh);
        hit_t h = layout_hit(&a->l, rx, ry);
        int node = -1, pod = -1;
        if (h.kind == HIT_CLUSTER && h.pane == pane && pane_hit(p, rx, ry, &node, &pod) == 1 &&
            node == want) {
            *wx = x;
            *wy = y;
            return true;
        }
    }
    return false;
}

/* DEPLOYSIM_UI_DEBUG_LAYOUT=1: whenever the node cards of the frame just drawn differ from the
 * last ones printed, print on stderr, in window coordinates, each card's rectangle and a point
 * on it that a click turns into fail / repair (checked with the same hit test a click uses), so
 * tests that drive a real window click from the layout, not at a guessed pixel (card: x y w h;
 * click: -1 -1 when no point of the card would hit it):
 *   layout: window 1280x720
 *   layout: node A workers-2 card 261 193 247 124 click 384 228
 *   layout: end
 * and each action a key or click applies, as it is applied:
 *   action: A failNode workers-2 at 2.518470 */
static void debug_layout(app_t *a, uint64_t *last) {
    int ww, wh, rw, rh;
    SDL_GetWindowSize(a->win, &ww, &wh);
    SDL_GetRendererOutputSize(a->r, &rw, &rh);
    if (ww <= 0 || wh <= 0 || rw <= 0 || rh <= 0) return;
    uint64_t hash = 14695981039346656037u; /* FNV-1a over the geometry */
#define MIX(v)                                                                                     \
    do {                                                                                           \
        hash ^= (uint64_t)(uint32_t)(v);                                                           \
        hash *= 1099511628211u;                                                                    \
    } while (0)
    MIX(ww);
    MIX(wh);
    MIX(rw);
    MIX(rh);
    for (int i = 0; i < a->n; i++) {
        const pane_t *p = &a->panes[i];
        MIX(p->card_count);
        for (int c = 0; c < p->card_count; c++) {
            const node_grid_t *g;
            ui_rect_t r = pane_card_rect(p, c, &g);
            MIX(p->card_node[c]);
            MIX(r.x);
            MIX(r.y);
            MIX(r.w);
            MIX(r.h);
            MIX(g->header_h);
        }
    }
#undef MIX
    if (hash == *last) return;
    *last = hash;
    fprintf(stderr, "layout: window %dx%d\n", ww, wh);
    for (int i = 0; i < a->n; i++) {
        pane_t *p = &a->panes[i];
        for (int c = 0; c < p->card_count; c++) {
            ui_rect_t r = pane_card_rect(p, c, NULL);
            int x0 = (int)((long long)r.x * ww / rw), y0 = (int)((long long)r.y * wh / rh);
            int x1 = (int)((long long)(r.x + r.w) * ww / rw);
            int y1 = (int)((long long)(r.y + r.h) * wh / rh);
            int cx = -1, cy = -1;
            debug_click_point(a, i, c, ww, wh, rw, rh, &cx, &cy);
            fprintf(stderr, "layout: node %c %s card %d %d %d %d click %d %d\n", p->label,
                    p->nodes[p->card_node[c]].name, x0, y0, x1 - x0, y1 - y0, cx, cy);
        }
    }
    fprintf(stderr, "layout: end\n");
}

/* The window, its renderer (vsync when it has it; software as the last resort) and the fonts. */
static int open_window(app_t *a, SDL_RendererInfo *info, bool *vsync) {
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    if (a->o.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    a->win = SDL_CreateWindow("deploysim", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, a->o.w,
                              a->o.h, flags);
    if (!a->win) {
        fprintf(stderr, "deploysim-ui: cannot open a window: %s\n", SDL_GetError());
        return 1;
    }
    SDL_SetWindowMinimumSize(a->win, 640, 360);
    a->r = SDL_CreateRenderer(a->win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!a->r) a->r = SDL_CreateRenderer(a->win, -1, SDL_RENDERER_SOFTWARE);
    if (!a->r) {
        fprintf(stderr, "deploysim-ui: cannot create a renderer: %s\n", SDL_GetError());
        return 1;
    }
    *vsync = SDL_GetRendererInfo(a->r, info) == 0 && (info->flags & SDL_RENDERER_PRESENTVSYNC);
    char err[512];
    a->text = text_create(a->r, err, sizeof err);
    if (!a->text) {
        fprintf(stderr, "deploysim-ui: %s\n", err);
        return 1;
    }
    return 0;
}

/* One frame of playing: the clock moves by dt at the chosen speed, stopping at a caption (c)
 * and at the end. */
static void advance_clock(app_t *a, double dt) {
    double was = a->clock;
    a->clock += dt * a->speed;
    /* c: stop on a caption this frame's step reached */
    double next = a->note_pause ? app_note_time(a, was, 1) : -1;
    if (next >= 0 && next <= a->clock) {
        a->clock = next;
        a->playing = false;
        app_toast(a, "paused at the caption (c: do not pause)");
    }
    double end = (double)a->duration / SIM_SEC;
    if (a->clock >= end) {
        a->clock = end;
        a->playing = false;
    }
    sync_panes(a);
}

static int run_window(app_t *a) {
    SDL_RendererInfo info;
    bool vsync = false;
    if (open_window(a, &info, &vsync) != 0) return 1;
    a->l.w = 0; /* lay out again now that captions can be measured */
    SDL_StartTextInput();
    a->playing = false; /* the class sees the steady state first; the teacher presses play */
    a->settle_next = true;
    app_toast(a, "Space: play  \xC2\xB7  ?: all the controls");
    a->toast_len = 8.0;
    double last = app_real_now();
    const char *prof = getenv("DEPLOYSIM_UI_PROFILE");
    const char *dbg = getenv("DEPLOYSIM_UI_DEBUG_LAYOUT");
    a->debug = dbg && *dbg && strcmp(dbg, "0") != 0;
    uint64_t debug_last = 0;
    if (prof) fprintf(stderr, "renderer: %s\n", info.name);
    double prof_sum = 0, prof_start = app_real_now();
    int prof_n = 0;
    while (!a->quit) {
        double t0 = app_real_now();
        double dt = fmin(t0 - last, 0.1);
        last = t0;
        SDL_Event e;
        bool idle = !a->playing && !a->dragging && t0 - a->toast_at > a->toast_len;
        for (int i = 0; i < a->n && idle; i++)
            idle = !anim_busy(a->panes[i].anim);
        if (idle && SDL_WaitEventTimeout(&e, 250)) app_handle_event(a, &e);
        while (SDL_PollEvent(&e))
            app_handle_event(a, &e);
        /* Forward is cheap (the run continues); backward re-simulates from 0, so while the
         * mouse still moves it waits until the drag rests for a moment or ends. */
        if (a->seek_pending &&
            (a->seek_to >= a->clock || !a->dragging || t0 - a->drag_moved > 0.12)) {
            a->seek_pending = false;
            app_jump_to(a, a->seek_to);
        }
        if (a->playing && !a->dragging) advance_clock(a, dt);
        int w, h;
        SDL_GetRendererOutputSize(a->r, &w, &h);
        if (w != a->l.w || h != a->l.h) app_compute_layout(a, w, h);
        double f0 = app_real_now();
        ui_draw_t d = app_draw_ctx(a, a->r, a->text, a->settle_next);
        a->settle_next = false;
        app_draw_frame(a, &d);
        if (a->debug) debug_layout(a, &debug_last);
        if (prof) {
            prof_sum += app_real_now() - f0;
            if (++prof_n == 120) { /* drawing alone, then the whole loop (sim, present, wait) */
                double now = app_real_now();
                fprintf(stderr, "frame: %.2f ms drawing, %.1f frames/s (mean of 120)\n",
                        prof_sum / prof_n * 1000, prof_n / (now - prof_start));
                prof_sum = 0;
                prof_n = 0;
                prof_start = now;
            }
        }
        if (a->save_frame) {
            a->save_frame = false;
            save_session_frame(a, w, h);
        }
        SDL_RenderPresent(a->r);
        if (!vsync) {
            double spent = app_real_now() - t0;
            if (spent < 1.0 / 60) SDL_Delay((Uint32)((1.0 / 60 - spent) * 1000));
        }
    }
    return 0;
}

static void app_free(app_t *a) {
    for (int i = 0; i < a->n; i++)
        pane_free(&a->panes[i]);
    scene_destroy(a->scene);
    a->scene = NULL;
    canvas_stats_t cs = canvas_stats(a->canvas);
    if (cs.checked > 0) /* DEPLOYSIM_UI_CANVAS=check */
        fprintf(stderr,
                "canvas: %ld frames checked against drawing everything, %ld pixels differed\n",
                cs.checked, cs.bad_pixels);
    canvas_destroy(a->canvas);
    a->canvas = NULL;
    text_destroy(a->text);
    if (a->r) SDL_DestroyRenderer(a->r);
    if (a->win) SDL_DestroyWindow(a->win);
    gfx_shutdown();
    draw_charts_shutdown();
    draw_cluster_shutdown();
}

/* --service and --pool on every pane; 2 when the first scenario has no such service or pool. */
static int select_service_and_pool(app_t *a) {
    for (int i = 0; i < a->n; i++) {
        a->selected[i] = a->o.service ? find_service(a->panes[i].ses.sc, a->o.service) : -1;
        if (a->o.service && a->selected[i] < 0 && i == 0) {
            fprintf(stderr, "deploysim-ui: --service %s: %s has no such service\n", a->o.service,
                    a->o.files[0]);
            return 2;
        }
    }
    for (int i = 0; i < a->n && a->o.pool; i++) {
        const scenario_t *sc = a->panes[i].ses.sc;
        for (int k = 0; k < sc->pool_count; k++)
            if (!strcmp(sc->pools[k].name, a->o.pool)) a->panes[i].pool_filter = k;
        if (a->panes[i].pool_filter < 0 && i == 0) {
            fprintf(stderr, "deploysim-ui: --pool %s: %s has no such node pool\n", a->o.pool,
                    a->o.files[0]);
            return 2;
        }
    }
    return 0;
}

int app_main(int argc, char **argv) {
    static app_t app; /* large (text cache) and single */
    app_t *a = &app;
    char err[512];
    if (app_parse_args(argc, argv, &a->o, err, sizeof err) != 0) {
        fprintf(stderr, "deploysim-ui: %s\n%s", err, app_usage);
        return 2;
    }
    if (a->o.help) {
        fputs(app_usage, stdout);
        return 0;
    }
    if (a->o.record && !app_record_writable(a->o.record)) {
        fprintf(stderr, "deploysim-ui: --record %s: cannot write there (%s)\n", a->o.record,
                strerror(errno ? errno : EACCES));
        return 2;
    }
    a->th = theme_get(a->o.theme);
    a->speed = a->o.speed;
    bool headless = a->o.screenshot || a->o.charts;
    if (!headless && !getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY") &&
        !getenv("SDL_VIDEODRIVER")) {
        fprintf(
            stderr,
            "deploysim-ui: no display found (DISPLAY is not set).\n"
            "  For a picture without a display: deploysim-ui --screenshot F.png --at SECONDS %s\n"
            "  For the numbers: deploysim run %s\n",
            a->o.files[0], a->o.files[0]);
        return 1;
    }
    if (open_panes(a) != 0) {
        app_free(a);
        return 2;
    }
    a->zoom = (sim_time_t)llround(a->o.zoom * SIM_SEC);
    a->note_pause = a->o.pause_notes;
    if (select_service_and_pool(a) != 0) {
        app_free(a);
        return 2;
    }
    if (a->o.lang && !scenario_has_lang(a->panes[0].ses.sc, a->o.lang))
        fprintf(stderr, "deploysim-ui: %s: no note has a \"%s\" translation: captions in English\n",
                a->o.files[0], a->o.lang);
    if (headless && !getenv("SDL_VIDEODRIVER")) setenv("SDL_VIDEODRIVER", "offscreen", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "deploysim-ui: cannot start SDL video: %s\n", SDL_GetError());
        app_free(a);
        return 1;
    }
    /* DISPLAY set but no server behind it: SDL falls back to a driver with no screen, and an
     * interactive window would run where nobody sees it. Say so instead. */
    const char *driver = SDL_GetCurrentVideoDriver();
    if (!headless && !getenv("SDL_VIDEODRIVER") && driver &&
        (strcmp(driver, "offscreen") == 0 || strcmp(driver, "dummy") == 0 ||
         strcmp(driver, "evdev") == 0)) {
        fprintf(stderr, "deploysim-ui: cannot open a window (no display server answers on %s).\n",
                getenv("DISPLAY") ? getenv("DISPLAY") : "WAYLAND_DISPLAY");
        app_free(a);
        SDL_Quit();
        return 1;
    }
    if (TTF_Init() != 0 || !(IMG_Init(IMG_INIT_PNG) & IMG_INIT_PNG)) {
        fprintf(stderr, "deploysim-ui: cannot start SDL_ttf/SDL_image: %s\n", SDL_GetError());
        app_free(a);
        SDL_Quit();
        return 1;
    }
    app_compute_layout(a, a->o.w, a->o.h);
    int rc = 0;
    if (a->o.charts) rc = app_run_charts(a);
    if (rc == 0 && a->o.screenshot) rc = app_run_screenshot(a);
    if (!headless) rc = run_window(a);
    if (a->o.record && app_write_records(a) != 0 && rc == 0) rc = 1; /* the session is lost */
    app_free(a);
    IMG_Quit();
    TTF_Quit();
    SDL_Quit();
    return rc;
}
