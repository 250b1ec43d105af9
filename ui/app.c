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

#include "axis.h"
#include "gfx.h"
#include "i18n.h"
#include "input.h"
#include "ui.h"

static const char usage[] =
    "usage: deploysim-ui [SCENARIO.json ...] [--speed X] [--size WxH] [--fullscreen]\n"
    "                    [--theme light|dark] [--font-scale F] [--record FILE.json]\n"
    "                    [--screenshot FILE.png --at SECONDS [--scene FILE.json]]\n"
    "                    [--charts DIR] [--service [NS/]NAME] [--lang ko] [--zoom SECONDS]\n"
    "                    [--pause-at-notes] [--pool NAME]\n"
    "\n"
    "The deploysim dashboard. With no scenario it opens " APP_DEFAULT_SCENARIO ";\n"
    "with two or three it shows them side by side, in lockstep, for comparison.\n"
    "\n"
    "  --speed X            simulated seconds per real second at start (0.25 to 1000; default 1)\n"
    "  --size WxH           window size (default 1600x900; screenshots 1920x1080)\n"
    "  --fullscreen         start in fullscreen (f toggles it)\n"
    "  --theme light|dark   colours (default light, best on a projector in a lit room)\n"
    "  --font-scale F       text size factor (default 1)\n"
    "  --record FILE.json   on exit, write the scenario with every action of the session as its\n"
    "                       events, so `deploysim run FILE.json` replays it (in a comparison\n"
    "                       the others go to FILE-B.json, FILE-C.json)\n"
    "  --screenshot F.png   render headless the frame shown at --at SECONDS (default: the end)\n"
    "                       and save it as PNG; no window is opened\n"
    "  --at SECONDS         time of the screenshot: 90, 90s, 1.5m or 1:30\n"
    "  --scene F.json       with --screenshot: also write what was drawn as JSON (README)\n"
    "  --charts DIR         run each scenario to its end headless and write its charts as PNGs\n"
    "  --service [NS/]NAME  chart this service (default: the scenario's ui.focus, else the\n"
    "                       service whose requests fail or whose rollout is under way)\n"
    "  --zoom SECONDS       the charts show that much time around now (z / Z or the wheel)\n"
    "  --pause-at-notes     playing stops at each caption, for the class to read (key c)\n"
    "  --pool NAME          show this node pool's nodes only (key g: the next pool, G: all)\n"
    "  --lang LANG          captions in this language where the notes have it (ko: Korean);\n"
    "                       English otherwise (default en)\n"
    "\n"
    "Press ? in the window for the controls.\n";

#define MAX_SIZE 16384

/* ---- options ---- */

double app_parse_time(const char *s) {
    if (!s || !*s) return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || v < 0 || !isfinite(v)) return -1;
    if (*end == ':') { /* m:ss */
        char *end2;
        double sec = strtod(end + 1, &end2);
        if (end2 == end + 1 || *end2 || sec < 0 || sec >= 60) return -1;
        return v * 60 + sec;
    }
    if (!*end || strcmp(end, "s") == 0) return v;
    if (strcmp(end, "ms") == 0) return v / 1000;
    if (strcmp(end, "m") == 0) return v * 60;
    if (strcmp(end, "h") == 0) return v * 3600;
    return -1;
}

static int parse_size(const char *s, int *w, int *h) {
    char x;
    int ww, hh;
    char tail;
    if (sscanf(s, "%d%c%d%c", &ww, &x, &hh, &tail) != 3 || (x != 'x' && x != 'X')) return -1;
    if (ww < 320 || hh < 200 || ww > MAX_SIZE || hh > MAX_SIZE) return -1;
    *w = ww;
    *h = hh;
    return 0;
}

#ifndef DEPLOYSIM_DATADIR
#define DEPLOYSIM_DATADIR "/usr/local/share/deploysim"
#endif

/* The default lesson from any directory: the source tree's when run from it, else the
 * installed one beside the binary (BIN/../share/deploysim, so a DESTDIR or relocated install
 * works too), else the compile-time DATADIR. */
static const char *default_scenario(void) {
    static char path[4200];
    struct stat st;
    if (stat(APP_DEFAULT_SCENARIO, &st) == 0) return APP_DEFAULT_SCENARIO;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            snprintf(path, sizeof path, "%s/../share/deploysim/%s", exe, APP_DEFAULT_SCENARIO);
            if (stat(path, &st) == 0) return path;
        }
    }
    snprintf(path, sizeof path, "%s/%s", DEPLOYSIM_DATADIR, APP_DEFAULT_SCENARIO);
    return stat(path, &st) == 0 ? path : APP_DEFAULT_SCENARIO;
}

int app_parse_args(int argc, char **argv, app_options_t *o, char *err, size_t errlen) {
    memset(o, 0, sizeof *o);
    o->speed = 1;
    o->w = 1600;
    o->h = 900;
    o->theme = "light";
    o->font_scale = 1;
    o->at = -1;
    bool at_set = false;
    enum {
        O_SPEED = 256,
        O_SIZE,
        O_FULLSCREEN,
        O_THEME,
        O_FONT_SCALE,
        O_RECORD,
        O_SCREENSHOT,
        O_AT,
        O_CHARTS,
        O_SCENE,
        O_SERVICE,
        O_LANG,
        O_ZOOM,
        O_POOL,
        O_PAUSE_NOTES
    };
    static const struct option longopts[] = {{"speed", required_argument, NULL, O_SPEED},
                                             {"size", required_argument, NULL, O_SIZE},
                                             {"fullscreen", no_argument, NULL, O_FULLSCREEN},
                                             {"theme", required_argument, NULL, O_THEME},
                                             {"font-scale", required_argument, NULL, O_FONT_SCALE},
                                             {"record", required_argument, NULL, O_RECORD},
                                             {"screenshot", required_argument, NULL, O_SCREENSHOT},
                                             {"at", required_argument, NULL, O_AT},
                                             {"charts", required_argument, NULL, O_CHARTS},
                                             {"scene", required_argument, NULL, O_SCENE},
                                             {"service", required_argument, NULL, O_SERVICE},
                                             {"lang", required_argument, NULL, O_LANG},
                                             {"zoom", required_argument, NULL, O_ZOOM},
                                             {"pool", required_argument, NULL, O_POOL},
                                             {"pause-at-notes", no_argument, NULL, O_PAUSE_NOTES},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    /* getopt_long, as deploysim: --opt=value or --opt value, `--` ends the options; operands
     * (scenarios) may come before, between or after options */
    optind = 0;
    opterr = 0;
    for (;;) {
        int before = optind > 0 ? optind : 1;
        int c = getopt_long(argc, argv, "+:h", longopts, NULL);
        const char *val = optarg;
        if (c == -1) {
            bool dashdash = optind == before + 1 && strcmp(argv[before], "--") == 0;
            if (optind >= argc) break;
            do {
                if (o->file_count == LAYOUT_MAX_PANES) {
                    snprintf(err, errlen, "at most %d scenarios can be compared on one screen",
                             LAYOUT_MAX_PANES);
                    return 2;
                }
                o->files[o->file_count++] = argv[optind++];
            } while (dashdash && optind < argc);
            if (dashdash) break; /* glibc would hand the operands after -- back again */
            continue;
        }
        switch (c) {
        case 'h':
            o->help = true;
            return 0;
        case ':':
            snprintf(err, errlen, "%s needs a value", argv[optind - 1]);
            return 2;
        case '?':
            if (optopt && optopt < 256)
                snprintf(err, errlen, "unknown option -%c", optopt);
            else
                snprintf(err, errlen, "unknown option %s", argv[optind - 1]);
            return 2;
        case O_SPEED: {
            char *end;
            o->speed = strtod(val, &end);
            if (*end == 'x' || *end == 'X') end++;
            if (end == val || *end ||
                !(o->speed >= INPUT_MIN_SPEED && o->speed <= INPUT_MAX_SPEED)) {
                snprintf(err, errlen, "--speed %s: expected a number from 0.25 to 1000", val);
                return 2;
            }
            break;
        }
        case O_SIZE:
            if (parse_size(val, &o->w, &o->h) != 0) {
                snprintf(err, errlen,
                         "--size %s: expected WIDTHxHEIGHT, e.g. 1920x1080 (at least 320x200)",
                         val);
                return 2;
            }
            o->size_set = true;
            break;
        case O_FULLSCREEN:
            o->fullscreen = true;
            break;
        case O_THEME:
            if (!theme_get(val)) {
                snprintf(err, errlen, "--theme %s: expected light or dark", val);
                return 2;
            }
            o->theme = val;
            break;
        case O_FONT_SCALE: {
            char *end;
            o->font_scale = strtod(val, &end);
            if (end == val || *end || !(o->font_scale >= 0.5 && o->font_scale <= 3)) {
                snprintf(err, errlen, "--font-scale %s: expected a number from 0.5 to 3", val);
                return 2;
            }
            break;
        }
        case O_RECORD:
            o->record = val;
            break;
        case O_SCREENSHOT:
            o->screenshot = val;
            break;
        case O_AT:
            o->at = app_parse_time(val);
            if (o->at < 0) {
                snprintf(err, errlen, "--at %s: expected a time such as 90, 90s, 1.5m or 1:30",
                         val);
                return 2;
            }
            at_set = true;
            break;
        case O_CHARTS:
            o->charts = val;
            break;
        case O_SCENE:
            o->scene = val;
            break;
        case O_POOL:
            o->pool = val;
            break;
        case O_SERVICE:
            o->service = val;
            break;
        case O_LANG:
            if (!scenario_lang_valid(val)) {
                snprintf(err, errlen, "--lang %s: expected a language code such as en or ko", val);
                return 2;
            }
            o->lang = val;
            break;
        case O_PAUSE_NOTES:
            o->pause_notes = true;
            break;
        case O_ZOOM:
            o->zoom = app_parse_time(val);
            if (!(o->zoom >= CHART_ZOOM_MIN_S)) {
                snprintf(err, errlen,
                         "--zoom %s: expected a time window of at least %d s (90, 5m, 2:00)", val,
                         CHART_ZOOM_MIN_S);
                return 2;
            }
            break;
        }
    }
    if (at_set && !o->screenshot) {
        snprintf(err, errlen, "--at only goes with --screenshot FILE.png");
        return 2;
    }
    if (o->scene && !o->screenshot) {
        snprintf(err, errlen, "--scene only goes with --screenshot FILE.png");
        return 2;
    }
    if (o->file_count == 0) o->files[o->file_count++] = default_scenario();
    if (o->screenshot && !o->size_set) {
        o->w = 1920;
        o->h = 1080;
    }
    return 0;
}

/* ---- the application ---- */

typedef struct {
    app_options_t o;
    SDL_Window *win;
    SDL_Renderer *r;
    text_t *text;
    const theme_t *th;
    layout_t l;
    pane_t panes[LAYOUT_MAX_PANES];
    int n;
    double clock; /* seconds of simulated time shown */
    sim_time_t duration;
    double speed;
    bool playing, help, quit;
    int selected[LAYOUT_MAX_PANES]; /* per pane, the service charted and acted on; -1: auto */
    sim_time_t zoom;                /* the charts' time window; 0: the whole run (z / Z) */
    bool note_pause;                /* c / --pause-at-notes: playing stops at each caption */
    scene_t *scene;                 /* --scene: the frame's record */
    char toast[256];
    double toast_at, toast_len; /* real seconds */
    bool dragging;
    bool seek_pending;
    double seek_to;    /* seconds */
    double drag_moved; /* real time of the last drag motion */
    bool settle_next;  /* draw the next frame without animations (after a jump) */
    const char *caption;
    double caption_at;
    hit_kind_t hover;
    bool save_frame; /* `s`: write the next frame to a PNG */
    bool debug;      /* DEPLOYSIM_UI_DEBUG_LAYOUT: layout and actions on stderr */
    char name[256];
    ui_command_t confirm; /* q or r waiting for its second press (CMD_NONE) */
    double confirm_at;    /* real time it was asked */
} app_t;

static double real_now(void) {
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

static sim_time_t clock_us(const app_t *a) {
    return (sim_time_t)llround(a->clock * SIM_SEC);
}

static void toast(app_t *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void toast(app_t *a, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->toast, sizeof a->toast, fmt, ap);
    va_end(ap);
    a->toast_at = real_now();
    a->toast_len = 3.0;
}

static void print_diag(const diag_t *d) {
    for (int i = 0; i < d->count; i++)
        fprintf(stderr, "%s\n", d->items[i]);
}

static int open_panes(app_t *a) {
    for (int i = 0; i < a->o.file_count; i++) {
        diag_t d;
        diag_init(&d);
        int rc = pane_init(&a->panes[i], a->o.files[i], (char)('A' + i), &d);
        print_diag(&d);
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
    sim_time_t t = clock_us(a);
    for (int i = 0; i < a->n; i++) {
        session_t *s = &a->panes[i].ses;
        if (sim_now(s->sim) == t || (t > sim_now(s->sim) && sim_done(s->sim))) continue;
        diag_t d;
        diag_init(&d);
        if (session_seek(s, t, &d) != 0) {
            print_diag(&d);
            toast(a, "cannot re-simulate %s", s->file);
        }
        diag_free(&d);
    }
}

/* The time of the next (dir > 0) or previous caption of the first scenario after / before
 * `from` seconds; -1 when there is none. "Previous" skips the caption on screen now (less than
 * 1 s ago). */
static double note_time(const app_t *a, double from, int dir) {
    const scenario_t *sc = a->panes[0].ses.sc;
    double best = -1;
    for (int i = 0; i < sc->note_count; i++) {
        double t = (double)sc->notes[i].at / SIM_SEC;
        if (dir > 0 && t > from + 1e-6 && (best < 0 || t < best)) best = t;
        if (dir < 0 && t < from - 1 && t > best) best = t;
    }
    return best;
}

static void jump_to(app_t *a, double seconds) {
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

static void compute_layout(app_t *a, int w, int h) {
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

static ui_draw_t draw_ctx(const app_t *a, SDL_Renderer *r, text_t *t, bool settle) {
    ui_draw_t d = {.r = r,
                   .text = t,
                   .th = a->th,
                   .text_px = a->l.text_px,
                   .small_px = a->l.small_px,
                   .caption_px = a->l.caption_px,
                   .title_px = a->l.title_px,
                   .pad = a->l.pad,
                   .gap = a->l.gap,
                   .now = real_now(),
                   .settle = settle,
                   .lang = a->o.lang};
    return d;
}

/* With no choice made, the service the lesson is about at this moment: the one that has
 * failed the most requests so far, else one whose rollout is under way, else the last one an
 * event acted on, else the first. */
static int auto_service(const pane_t *p) {
    const scenario_t *sc = p->ses.sc;
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

static int service_shown(const app_t *a, const pane_t *p) {
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
static void draw_frame(app_t *a, const ui_draw_t *d) {
    const layout_t *l = &a->l;
    SDL_Color bg = a->th->bg;
    SDL_SetRenderDrawColor(d->r, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(d->r);
    for (int i = 0; i < a->n; i++)
        pane_snapshot(&a->panes[i]);
    sim_time_t now = clock_us(a);
    chart_window_t w = chart_window_at(now, a->duration, a->zoom);
    ui_text_record_into(d->scene);
    /* each pane's charts: the scenario's ui.charts get the whole column */
    layout_pane_t lps[LAYOUT_MAX_PANES];
    chart_kind_t order[LAYOUT_MAX_PANES][CHART_KINDS];
    for (int i = 0; i < a->n; i++) {
        lps[i] = l->pane[i];
        int k = chart_order(a->panes[i].ses.sc, service_shown(a, &a->panes[i]), order[i]);
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
            double m = draw_chart(d, &a->panes[i], order[i][c], service_shown(a, &a->panes[i]),
                                  lps[i].chart[c], w, flags, 0);
            if (m > ymax[order[i][c]]) ymax[order[i][c]] = m;
        }
    for (int i = 0; i < a->n; i++) {
        pane_t *p = &a->panes[i];
        const layout_pane_t *lp = &lps[i];
        int svc = service_shown(a, p);
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
}

static int save_png(SDL_Renderer *r, int w, int h, const char *path) {
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) return -1;
    int rc = SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch);
    if (rc == 0) rc = IMG_SavePNG(s, path);
    SDL_FreeSurface(s);
    return rc;
}

/* ---- actions ---- */

static void inject(app_t *a, pane_t *p, const action_t *act) {
    char err[256], what[160], t[16];
    sim_action_text(p->ses.sc, act, what, sizeof what);
    if (session_inject(&p->ses, act, err, sizeof err) != 0) {
        toast(a, "%s: %s", what, err);
        return;
    }
    axis_format_time(sim_now(p->ses.sim), t, sizeof t);
    if (a->debug)
        fprintf(stderr, "action: %c %s at %.6f\n", p->label, what,
                (double)sim_now(p->ses.sim) / SIM_SEC);
    if (a->n > 1)
        toast(a, "%s  %c: %s", t, p->label, what);
    else
        toast(a, "%s  %s", t, what);
}

static void service_command(app_t *a, ui_command_t c) {
    for (int i = 0; i < a->n; i++) {
        pane_t *p = &a->panes[i];
        pane_snapshot(p);
        int svc = service_shown(a, p);
        if (svc >= p->svc_count) continue;
        action_t act;
        char why[160];
        if (input_service_action(c, p->ses.sc, svc, &p->svc[svc], &act, why, sizeof why) != 0) {
            toast(a, "%s", why);
            continue;
        }
        inject(a, p, &act);
    }
}

static void set_fullscreen(app_t *a, bool on) {
    if (a->win) SDL_SetWindowFullscreen(a->win, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
}

#define CONFIRM_SECONDS 3.0 /* a q or r waits this long for its second press */

static void command(app_t *a, ui_command_t c) {
    /* q and r throw the session away: a second press does it, any other key stays */
    if (a->confirm != CMD_NONE && real_now() - a->confirm_at > CONFIRM_SECONDS)
        a->confirm = CMD_NONE; /* the question expired */
    ui_command_t asked = c;
    c = input_confirm(c, &a->confirm);
    if (c == CMD_NONE && a->confirm == asked && asked != CMD_NONE) {
        a->confirm_at = real_now();
        toast(a, "%s",
              ui_tr(a->o.lang, asked == CMD_QUIT
                                   ? "Press q again within 3 s to quit"
                                   : "Press r again within 3 s to restart from 0:00"));
        return;
    }
    switch (c) {
    case CMD_PLAY_PAUSE:
        if (!a->playing && clock_us(a) >= a->duration) jump_to(a, 0); /* play again from 0 */
        a->playing = !a->playing;
        if (a->toast_len > 3.0) a->toast[0] = '\0'; /* the welcome hint has been followed */
        break;
    case CMD_STEP:
        a->playing = false;
        jump_to(a, a->clock + 1);
        break;
    case CMD_STEP_BACK:
        a->playing = false;
        jump_to(a, a->clock - 1);
        break;
    case CMD_NEXT_NOTE:
    case CMD_PREV_NOTE: {
        double t = note_time(a, a->clock, c == CMD_NEXT_NOTE ? 1 : -1);
        if (t < 0) {
            toast(a,
                  c == CMD_NEXT_NOTE ? "no caption after this one" : "no caption before this one");
            break;
        }
        a->playing = false;
        jump_to(a, t);
        break;
    }
    case CMD_NOTE_PAUSE:
        a->note_pause = !a->note_pause;
        toast(a, a->note_pause ? "pausing at every caption" : "not pausing at captions");
        break;
    case CMD_FASTER:
    case CMD_SLOWER: {
        a->speed = input_speed_step(a->speed, c == CMD_FASTER ? 1 : -1);
        char s[16];
        snprintf(s, sizeof s, a->speed < 1 ? "%g" : "%.0f", a->speed);
        toast(a, "speed %s\xC3\x97: %s simulated second%s per second", s, s,
              a->speed == 1 ? "" : "s");
        break;
    }
    case CMD_RESTART:
        for (int i = 0; i < a->n; i++) {
            diag_t d;
            diag_init(&d);
            if (session_restart(&a->panes[i].ses, true, &d) != 0) print_diag(&d);
            diag_free(&d);
            anim_clear(a->panes[i].anim);
            a->panes[i].pods_hint = 0;
        }
        a->clock = 0;
        a->settle_next = true;
        toast(a, "restarted at 0:00 (your actions are forgotten)");
        break;
    case CMD_DEPLOY:
    case CMD_ROLLBACK:
    case CMD_PROMOTE:
    case CMD_ABORT:
    case CMD_SCALE_UP:
    case CMD_SCALE_DOWN:
    case CMD_TRAFFIC_DOWN:
    case CMD_TRAFFIC_UP:
        service_command(a, c);
        break;
    case CMD_NEXT_SERVICE:
        for (int i = 0; i < a->n; i++) {
            int n = a->panes[i].svc_count > 0 ? a->panes[i].svc_count : 1;
            a->selected[i] = (service_shown(a, &a->panes[i]) + 1) % n;
        }
        toast(a, "charts and keys on service %s",
              a->panes[0].ses.sc->services[service_shown(a, &a->panes[0])].name);
        break;
    case CMD_ZOOM_IN:
    case CMD_ZOOM_OUT:
        a->zoom = chart_zoom_step(a->zoom, a->duration, c == CMD_ZOOM_IN ? 1 : -1);
        if (a->zoom)
            toast(a, "charts: %.0f s around now", (double)a->zoom / SIM_SEC);
        else
            toast(a, "charts: the whole run");
        break;
    case CMD_POOL:
        for (int i = 0; i < a->n; i++) {
            a->panes[i].pool_filter = pane_next_pool(&a->panes[i]);
            pane_snapshot(&a->panes[i]);
        }
        if (a->panes[0].pool_filter >= 0)
            toast(a, ui_tr(a->o.lang, "showing pool %s (g: next pool, G: all)"),
                  a->panes[0].ses.sc->pools[a->panes[0].pool_filter].name);
        else
            toast(a, "%s", ui_tr(a->o.lang, "all pools"));
        a->settle_next = true;
        break;
    case CMD_POOL_ALL:
        for (int i = 0; i < a->n; i++)
            a->panes[i].pool_filter = -1;
        toast(a, "%s", ui_tr(a->o.lang, "all pools"));
        a->settle_next = true;
        break;
    case CMD_FULLSCREEN:
        if (a->win)
            set_fullscreen(a, !(SDL_GetWindowFlags(a->win) & SDL_WINDOW_FULLSCREEN_DESKTOP));
        break;
    case CMD_SCREENSHOT:
        a->save_frame = true;
        break;
    case CMD_HELP:
        a->help = !a->help;
        break;
    case CMD_CLOSE:
        if (a->help)
            a->help = false;
        else if (a->win && (SDL_GetWindowFlags(a->win) & SDL_WINDOW_FULLSCREEN_DESKTOP))
            set_fullscreen(a, false);
        break;
    case CMD_QUIT:
        a->quit = true;
        break;
    default:
        break;
    }
}

static void click(app_t *a, int x, int y) {
    if (a->help) {
        a->help = false;
        return;
    }
    hit_t h = layout_hit(&a->l, x, y);
    ui_command_t c = input_hit_command(h.kind);
    if (c != CMD_NONE) {
        command(a, c);
        return;
    }
    switch (h.kind) {
    case HIT_TIMEBAR:
        a->dragging = true;
        a->seek_pending = true;
        a->seek_to = h.frac * (double)a->duration / SIM_SEC;
        break;
    case HIT_SERVICE:
        if (h.line >= 0 && h.line < a->panes[h.pane].svc_count) {
            a->selected[h.pane] = h.line;
            toast(a, "charts and keys on service %s",
                  a->panes[h.pane].ses.sc->services[h.line].name);
        }
        break;
    case HIT_CLUSTER: {
        pane_t *p = &a->panes[h.pane];
        int node = -1, pod = -1;
        int what = pane_hit(p, x, y, &node, &pod);
        action_t act;
        if (what == 2) {
            input_pod_action(&p->pods[pod], p->pods[pod].name, &act);
            inject(a, p, &act);
        } else if (what == 1 && input_node_action(&p->nodes[node], &act) == 0) {
            inject(a, p, &act);
        }
        break;
    }
    default:
        break;
    }
}

/* Window pixels -> renderer pixels (they differ on HiDPI screens). */
static void to_render(const app_t *a, int *x, int *y) {
    int ww, wh, rw, rh;
    SDL_GetWindowSize(a->win, &ww, &wh);
    SDL_GetRendererOutputSize(a->r, &rw, &rh);
    if (ww > 0 && wh > 0) {
        *x = *x * rw / ww;
        *y = *y * rh / wh;
    }
}

static void handle_event(app_t *a, const SDL_Event *e) {
    switch (e->type) {
    case SDL_QUIT:
        a->quit = true;
        break;
    case SDL_TEXTINPUT:
        command(a, input_text_command(e->text.text));
        break;
    case SDL_KEYDOWN:
        command(a, input_key_command(e->key.keysym.sym, e->key.keysym.mod));
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button == SDL_BUTTON_LEFT) {
            int x = e->button.x, y = e->button.y;
            to_render(a, &x, &y);
            click(a, x, y);
        }
        break;
    case SDL_MOUSEBUTTONUP:
        a->dragging = false;
        break;
    case SDL_MOUSEWHEEL: /* over the charts: zoom in time */
        if (e->wheel.y != 0) command(a, e->wheel.y > 0 ? CMD_ZOOM_IN : CMD_ZOOM_OUT);
        break;
    case SDL_MOUSEMOTION: {
        int x = e->motion.x, y = e->motion.y;
        to_render(a, &x, &y);
        if (a->dragging) {
            a->seek_pending = true;
            a->seek_to = layout_timebar_frac(&a->l, x) * (double)a->duration / SIM_SEC;
            a->drag_moved = real_now();
        }
        a->hover = layout_hit(&a->l, x, y).kind;
        break;
    }
    default:
        break;
    }
}

static void save_session_frame(app_t *a, int w, int h) {
    char path[64];
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(path, sizeof path, "deploysim-%Y%m%d-%H%M%S.png", &tm);
    if (save_png(a->r, w, h, path) == 0)
        toast(a, "saved %s", path);
    else
        toast(a, "cannot save %s: %s", path, SDL_GetError());
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

static int run_window(app_t *a) {
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
    SDL_RendererInfo info;
    bool vsync = SDL_GetRendererInfo(a->r, &info) == 0 && (info.flags & SDL_RENDERER_PRESENTVSYNC);
    char err[512];
    a->text = text_create(a->r, err, sizeof err);
    if (!a->text) {
        fprintf(stderr, "deploysim-ui: %s\n", err);
        return 1;
    }
    a->l.w = 0; /* lay out again now that captions can be measured */
    SDL_StartTextInput();
    a->playing = false; /* the class sees the steady state first; the teacher presses play */
    a->settle_next = true;
    toast(a, "Space: play  \xC2\xB7  ?: all the controls");
    a->toast_len = 8.0;
    double last = real_now();
    const char *prof = getenv("DEPLOYSIM_UI_PROFILE");
    const char *dbg = getenv("DEPLOYSIM_UI_DEBUG_LAYOUT");
    a->debug = dbg && *dbg && strcmp(dbg, "0") != 0;
    uint64_t debug_last = 0;
    if (prof) fprintf(stderr, "renderer: %s\n", info.name);
    double prof_sum = 0, prof_start = real_now();
    int prof_n = 0;
    while (!a->quit) {
        double t0 = real_now();
        double dt = fmin(t0 - last, 0.1);
        last = t0;
        SDL_Event e;
        bool idle = !a->playing && !a->dragging && t0 - a->toast_at > a->toast_len;
        for (int i = 0; i < a->n && idle; i++)
            idle = !anim_busy(a->panes[i].anim);
        if (idle && SDL_WaitEventTimeout(&e, 250)) handle_event(a, &e);
        while (SDL_PollEvent(&e))
            handle_event(a, &e);
        /* Forward is cheap (the run continues); backward re-simulates from 0, so while the
         * mouse still moves it waits until the drag rests for a moment or ends. */
        if (a->seek_pending &&
            (a->seek_to >= a->clock || !a->dragging || t0 - a->drag_moved > 0.12)) {
            a->seek_pending = false;
            jump_to(a, a->seek_to);
        }
        if (a->playing && !a->dragging) {
            double was = a->clock;
            a->clock += dt * a->speed;
            /* c: stop on a caption this frame's step reached */
            double next = a->note_pause ? note_time(a, was, 1) : -1;
            if (next >= 0 && next <= a->clock) {
                a->clock = next;
                a->playing = false;
                toast(a, "paused at the caption (c: do not pause)");
            }
            double end = (double)a->duration / SIM_SEC;
            if (a->clock >= end) {
                a->clock = end;
                a->playing = false;
            }
            sync_panes(a);
        }
        int w, h;
        SDL_GetRendererOutputSize(a->r, &w, &h);
        if (w != a->l.w || h != a->l.h) compute_layout(a, w, h);
        double f0 = real_now();
        ui_draw_t d = draw_ctx(a, a->r, a->text, a->settle_next);
        a->settle_next = false;
        draw_frame(a, &d);
        if (a->debug) debug_layout(a, &debug_last);
        if (prof) {
            prof_sum += real_now() - f0;
            if (++prof_n == 120) { /* drawing alone, then the whole loop (sim, present, wait) */
                double now = real_now();
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
            double spent = real_now() - t0;
            if (spent < 1.0 / 60) SDL_Delay((Uint32)((1.0 / 60 - spent) * 1000));
        }
    }
    return 0;
}

static int cmp_double(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* --screenshot: the frame at --at, rendered on SDL's offscreen driver. */
static int run_screenshot(app_t *a) {
    /* The software renderer draws into the window's own surface: no GL driver is loaded
     * behind it (SDL otherwise presents that surface through an accelerated renderer). */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    a->win = SDL_CreateWindow("deploysim", 0, 0, a->o.w, a->o.h, SDL_WINDOW_HIDDEN);
    if (a->win) a->r = SDL_CreateRenderer(a->win, -1, SDL_RENDERER_SOFTWARE);
    SDL_Surface *target = NULL;
    if (!a->r) { /* no usable video driver: draw straight into a surface */
        target = SDL_CreateRGBSurfaceWithFormat(0, a->o.w, a->o.h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (target) a->r = SDL_CreateSoftwareRenderer(target);
    }
    if (!a->r) {
        fprintf(stderr, "deploysim-ui: cannot create a renderer: %s\n", SDL_GetError());
        SDL_FreeSurface(target);
        return 1;
    }
    char err[512];
    a->text = text_create(a->r, err, sizeof err);
    if (!a->text) {
        fprintf(stderr, "deploysim-ui: %s\n", err);
        SDL_FreeSurface(target);
        return 1;
    }
    double end = (double)a->duration / SIM_SEC;
    jump_to(a, a->o.at < 0 || a->o.at > end ? end : a->o.at);
    int w = a->o.w, h = a->o.h;
    if (!target) SDL_GetRendererOutputSize(a->r, &w, &h);
    compute_layout(a, w, h);
    a->playing = false;
    ui_draw_t d = draw_ctx(a, a->r, a->text, true);
    if (a->o.scene) {
        a->scene = scene_create(w, h);
        if (!a->scene) {
            fprintf(stderr, "deploysim-ui: out of memory\n");
            SDL_FreeSurface(target);
            return 1;
        }
        d.scene = a->scene;
    }
    draw_frame(a, &d);
    d.scene = NULL;
    if (text_missing_glyphs(a->text) > 0)
        fprintf(stderr,
                "deploysim-ui: %d characters have no installed font and are drawn as boxes "
                "(for Korean, install fonts-noto-cjk)\n",
                text_missing_glyphs(a->text));
    /* DEPLOYSIM_UI_BENCH=N: time N more frames of this scene. A frame is what the window's
     * loop does to draw (draw_frame, which snapshots the views, then the flush to the target);
     * the snapshot alone is timed apart. Prints the mean and the 95th percentile. */
    const char *bench = getenv("DEPLOYSIM_UI_BENCH");
    int n = bench ? atoi(bench) : 0;
    double *ft = n > 0 ? malloc(sizeof *ft * (size_t)n) : NULL;
    if (ft) {
        double snap = 0, all = 0;
        for (int i = 0; i < n; i++) {
            double t0 = real_now();
            for (int k = 0; k < a->n; k++)
                pane_snapshot(&a->panes[k]);
            double t1 = real_now();
            d = draw_ctx(a, a->r, a->text, false);
            draw_frame(a, &d);
            SDL_RenderFlush(a->r);
            double t2 = real_now();
            snap += t1 - t0;
            ft[i] = t2 - t1;
            all += ft[i];
        }
        qsort(ft, (size_t)n, sizeof *ft, cmp_double);
        int k95 = (int)ceil(0.95 * n) - 1; /* nearest rank */
        fprintf(stderr,
                "frame: mean %.2f ms, p95 %.2f ms, max %.2f ms (snapshot mean %.2f ms) over %d "
                "frames of %dx%d\n",
                all / n * 1000, ft[k95 < 0 ? 0 : k95] * 1000, ft[n - 1] * 1000, snap / n * 1000, n,
                w, h);
        free(ft);
        SDL_RenderPresent(a->r);
        draw_frame(a, &d);
    }
    int rc = save_png(a->r, w, h, a->o.screenshot);
    SDL_FreeSurface(target);
    if (rc != 0) {
        fprintf(stderr, "deploysim-ui: cannot write %s: %s\n", a->o.screenshot, SDL_GetError());
        return 1;
    }
    if (a->scene) {
        int e = scene_write(a->scene, a->o.scene);
        if (e != 0) {
            fprintf(stderr, "deploysim-ui: cannot write %s: %s\n", a->o.scene, strerror(e));
            return 1;
        }
    }
    return 0;
}

/* --charts DIR: every chart of every scenario, over the whole run. */
static int run_charts(app_t *a) {
    if (mkdir(a->o.charts, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "deploysim-ui: cannot create %s: %s\n", a->o.charts, strerror(errno));
        return 1;
    }
    int w = 1600, h = 560;
    layout_params_t lp = {1920, 1080, a->o.font_scale, 1, 1, 0};
    layout_compute(&lp, &a->l);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = s ? SDL_CreateSoftwareRenderer(s) : NULL;
    char err[512];
    text_t *t = r ? text_create(r, err, sizeof err) : NULL;
    if (!t) {
        fprintf(stderr, "deploysim-ui: %s\n", r ? err : SDL_GetError());
        if (r) SDL_DestroyRenderer(r);
        SDL_FreeSurface(s);
        return 1;
    }
    int rc = 0;
    ui_draw_t d = draw_ctx(a, r, t, true);
    for (int i = 0; i < a->n && rc == 0; i++) {
        pane_t *p = &a->panes[i];
        diag_t dg;
        diag_init(&dg);
        session_seek(&p->ses, sim_duration(p->ses.sim), &dg);
        print_diag(&dg);
        diag_free(&dg);
        pane_snapshot(p);
        sim_time_t dur = sim_duration(p->ses.sim);
        chart_window_t win = {0, dur, dur};
        char stem[128] = "";
        if (a->n > 1) {
            const char *base = strrchr(p->ses.file, '/');
            base = base ? base + 1 : p->ses.file;
            size_t len = strcspn(base, ".");
            snprintf(stem, sizeof stem, "%.*s-", (int)(len < 100 ? len : 100), base);
        }
        chart_kind_t kinds[CHART_KINDS];
        int nk = chart_order(p->ses.sc, service_shown(a, p), kinds);
        for (int j = 0; j < nk; j++) {
            chart_kind_t k = kinds[j];
            SDL_SetRenderDrawColor(r, a->th->bg.r, a->th->bg.g, a->th->bg.b, 255);
            SDL_RenderClear(r);
            draw_chart(&d, p, k, service_shown(a, p), (ui_rect_t){8, 8, w - 16, h - 16}, win,
                       CHART_MARKER_LABELS | CHART_TIME_LABELS, 0);
            char path[4096];
            snprintf(path, sizeof path, "%s/%s%s.png", a->o.charts, stem, chart_file_names[k]);
            if (IMG_SavePNG(s, path) != 0) {
                fprintf(stderr, "deploysim-ui: cannot write %s: %s\n", path, SDL_GetError());
                rc = 1;
                break;
            }
            printf("%s\n", path);
        }
    }
    text_destroy(t);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
    return rc;
}

/* --record is checked before the session: a class's session must not be lost at exit. */
static bool record_writable(const char *path) {
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = 0;
    const char *d = slash ? (dir[0] ? dir : "/") : ".";
    struct stat st;
    if (stat(path, &st) == 0) return S_ISREG(st.st_mode) && access(path, W_OK) == 0;
    return access(d, W_OK) == 0;
}

static int write_records(app_t *a) {
    int bad = 0;
    for (int i = 0; i < a->n; i++) {
        char path[4096], err[512];
        if (i == 0) {
            snprintf(path, sizeof path, "%s", a->o.record);
        } else { /* FILE.json -> FILE-B.json for the second scenario */
            const char *dot = strrchr(a->o.record, '.');
            int stem = dot ? (int)(dot - a->o.record) : (int)strlen(a->o.record);
            snprintf(path, sizeof path, "%.*s-%c%s", stem, a->o.record, 'A' + i, dot ? dot : "");
        }
        if (session_write_record(&a->panes[i].ses, path, err, sizeof err) != 0) {
            fprintf(stderr, "deploysim-ui: %s\n", err);
            bad++;
        } else {
            fprintf(stderr, "deploysim-ui: recorded the session in %s\n", path);
        }
    }
    return bad;
}

static void app_free(app_t *a) {
    for (int i = 0; i < a->n; i++)
        pane_free(&a->panes[i]);
    scene_destroy(a->scene);
    a->scene = NULL;
    text_destroy(a->text);
    if (a->r) SDL_DestroyRenderer(a->r);
    if (a->win) SDL_DestroyWindow(a->win);
    gfx_shutdown();
    draw_charts_shutdown();
    draw_cluster_shutdown();
}

int app_main(int argc, char **argv) {
    static app_t app; /* large (text cache) and single */
    app_t *a = &app;
    char err[512];
    if (app_parse_args(argc, argv, &a->o, err, sizeof err) != 0) {
        fprintf(stderr, "deploysim-ui: %s\n%s", err, usage);
        return 2;
    }
    if (a->o.help) {
        fputs(usage, stdout);
        return 0;
    }
    if (a->o.record && !record_writable(a->o.record)) {
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
    for (int i = 0; i < a->n; i++) {
        a->selected[i] = a->o.service ? find_service(a->panes[i].ses.sc, a->o.service) : -1;
        if (a->o.service && a->selected[i] < 0 && i == 0) {
            fprintf(stderr, "deploysim-ui: --service %s: %s has no such service\n", a->o.service,
                    a->o.files[0]);
            app_free(a);
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
            app_free(a);
            return 2;
        }
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
    compute_layout(a, a->o.w, a->o.h);
    int rc = 0;
    if (a->o.charts) rc = run_charts(a);
    if (rc == 0 && a->o.screenshot) rc = run_screenshot(a);
    if (!headless) rc = run_window(a);
    if (a->o.record && write_records(a) != 0 && rc == 0) rc = 1; /* the session is lost */
    app_free(a);
    IMG_Quit();
    TTF_Quit();
    SDL_Quit();
    return rc;
}
