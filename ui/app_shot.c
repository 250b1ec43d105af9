/* app_shot: the headless modes — --screenshot (one frame at --at, optionally --scene),
 * --charts (each chart as PNG) — and --record (the session written as a scenario). */
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

static int cmp_double(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* The software renderer for a headless frame: into the hidden window's own surface, or with
 * no usable video driver straight into a surface (`*target`, freed by the caller). */
static bool create_offscreen_renderer(app_t *a, SDL_Surface **target) {
    /* The software renderer draws into the window's own surface: no GL driver is loaded
     * behind it (SDL otherwise presents that surface through an accelerated renderer). */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    a->win = SDL_CreateWindow("deploysim", 0, 0, a->o.w, a->o.h, SDL_WINDOW_HIDDEN);
    if (a->win) a->r = SDL_CreateRenderer(a->win, -1, SDL_RENDERER_SOFTWARE);
    *target = NULL;
    if (!a->r) { /* no usable video driver: draw straight into a surface */
        *target = SDL_CreateRGBSurfaceWithFormat(0, a->o.w, a->o.h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (*target) a->r = SDL_CreateSoftwareRenderer(*target);
    }
    if (!a->r) {
        fprintf(stderr, "deploysim-ui: cannot create a renderer: %s\n", SDL_GetError());
        return false;
    }
    return true;
}

/* The drawing thread's CPU time, seconds: what a frame costs, whatever else runs on the
 * machine (wall time on a loaded 2-core machine measures the load, not the frame). */
static double thread_cpu_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* DEPLOYSIM_UI_BENCH=N: time N more frames of this scene. A frame is what the window's
 * loop does to draw (draw_frame, which snapshots the views, then the flush to the target);
 * the snapshot alone is timed apart. Prints the mean and the 95th percentile of the drawing
 * thread's CPU time. With DEPLOYSIM_UI_BENCH_PLAY=S the frames play the run instead, S
 * simulated seconds apart, up to --at (a frame while the cluster changes: at 60 frames/s,
 * speed 60 S); the simulation between them is not timed. The last frame, drawn settled like
 * the first, is the one saved: the same picture as drawing --at at once (tests/e2e). */
static void bench_frames(app_t *a, ui_draw_t *d, int w, int h) {
    const char *bench = getenv("DEPLOYSIM_UI_BENCH");
    const char *play = getenv("DEPLOYSIM_UI_BENCH_PLAY");
    int n = bench ? atoi(bench) : 0;
    double step = play ? atof(play) : 0, at = a->clock;
    double *ft = n > 0 ? malloc(sizeof *ft * (size_t)n) : NULL;
    if (!ft) return;
    ui_draw_t settled = *d;
    if (step > 0) { /* back, and one settled frame there, as after a jump in the window */
        app_jump_to(a, at - n * step);
        app_draw_frame(a, d);
    }
    double snap = 0, all = 0;
    for (int i = 0; i < n; i++) {
        if (step > 0) app_jump_to(a, at - (n - 1 - i) * step);
        double t0 = thread_cpu_now();
        for (int k = 0; k < a->n; k++)
            pane_snapshot(&a->panes[k]);
        double t1 = thread_cpu_now();
        *d = app_draw_ctx(a, a->r, a->text, false);
        app_draw_frame(a, d);
        SDL_RenderFlush(a->r);
        double t2 = thread_cpu_now();
        snap += t1 - t0;
        ft[i] = t2 - t1;
        all += ft[i];
    }
    qsort(ft, (size_t)n, sizeof *ft, cmp_double);
    int k95 = (int)ceil(0.95 * n) - 1; /* nearest rank */
    fprintf(stderr,
            "frame: mean %.2f ms, p95 %.2f ms, max %.2f ms (snapshot mean %.2f ms) over %d "
            "frames of %dx%d, CPU time\n",
            all / n * 1000, ft[k95 < 0 ? 0 : k95] * 1000, ft[n - 1] * 1000, snap / n * 1000, n, w,
            h);
    canvas_stats_t cs = canvas_stats(a->canvas);
    if (cs.frames > 0)
        fprintf(stderr,
                "canvas: %.1f %% of the tiles drawn again per frame, %ld of %ld frames in part; "
                "%ld checked against drawing everything, %ld pixels differed\n",
                100 * cs.tiles_drawn / cs.tiles_total, cs.frames_partial, cs.frames, cs.checked,
                cs.bad_pixels);
    free(ft);
    SDL_RenderPresent(a->r);
    *d = settled;
    app_draw_frame(a, d);
}

/* --screenshot: the frame at --at, rendered on SDL's offscreen driver. */
int app_run_screenshot(app_t *a) {
    SDL_Surface *target;
    if (!create_offscreen_renderer(a, &target)) {
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
    app_jump_to(a, a->o.at < 0 || a->o.at > end ? end : a->o.at);
    int w = a->o.w, h = a->o.h;
    if (!target) SDL_GetRendererOutputSize(a->r, &w, &h);
    app_compute_layout(a, w, h);
    a->playing = false;
    ui_draw_t d = app_draw_ctx(a, a->r, a->text, true);
    if (a->o.scene) {
        a->scene = scene_create(w, h);
        if (!a->scene) {
            fprintf(stderr, "deploysim-ui: out of memory\n");
            SDL_FreeSurface(target);
            return 1;
        }
        d.scene = a->scene;
    }
    app_draw_frame(a, &d);
    d.scene = NULL;
    if (text_missing_glyphs(a->text) > 0)
        fprintf(stderr,
                "deploysim-ui: %d characters have no installed font and are drawn as boxes "
                "(for Korean, install fonts-noto-cjk)\n",
                text_missing_glyphs(a->text));
    bench_frames(a, &d, w, h);
    int rc = app_save_png(a->r, w, h, a->o.screenshot);
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
int app_run_charts(app_t *a) {
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
    ui_draw_t d = app_draw_ctx(a, r, t, true);
    for (int i = 0; i < a->n && rc == 0; i++) {
        pane_t *p = &a->panes[i];
        diag_t dg;
        diag_init(&dg);
        session_seek(&p->ses, sim_duration(p->ses.sim), &dg);
        app_print_diag(&dg);
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
        int nk = chart_order(p->ses.sc, app_service_shown(a, p), kinds);
        for (int j = 0; j < nk; j++) {
            chart_kind_t k = kinds[j];
            SDL_SetRenderDrawColor(r, a->th->bg.r, a->th->bg.g, a->th->bg.b, 255);
            SDL_RenderClear(r);
            draw_chart(&d, p, k, app_service_shown(a, p), (ui_rect_t){8, 8, w - 16, h - 16}, win,
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
bool app_record_writable(const char *path) {
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = 0;
    const char *d = slash ? (dir[0] ? dir : "/") : ".";
    struct stat st;
    if (stat(path, &st) == 0) return S_ISREG(st.st_mode) && access(path, W_OK) == 0;
    return access(d, W_OK) == 0;
}

int app_write_records(app_t *a) {
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
