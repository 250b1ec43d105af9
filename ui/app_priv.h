/* app_priv.h: private to deploysim-ui's app (app.c: panes, frame and window loop; app_args.c:
 * options; app_cmd.c: keys, clicks and actions; app_shot.c: --screenshot, --charts, --record). */
#ifndef DEPLOYSIM_UI_APP_PRIV_H
#define DEPLOYSIM_UI_APP_PRIV_H

#include <SDL.h>
#include <stdbool.h>

#include "app.h"
#include "canvas.h"
#include "input.h"
#include "ui.h"

typedef struct {
    app_options_t o;
    SDL_Window *win;
    SDL_Renderer *r;
    canvas_t *canvas; /* the frame drawn again where it changed (software renderer) */
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

/* app.c: the clock, panes, layout and the frame drawn by every mode. */
double app_real_now(void);
sim_time_t app_clock_us(const app_t *a);
void app_toast(app_t *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void app_print_diag(const diag_t *d);
double app_note_time(const app_t *a, double from, int dir);
void app_jump_to(app_t *a, double seconds);
void app_compute_layout(app_t *a, int w, int h);
ui_draw_t app_draw_ctx(const app_t *a, SDL_Renderer *r, text_t *t, bool settle);
int app_service_shown(const app_t *a, const pane_t *p);
void app_draw_frame(app_t *a, const ui_draw_t *d);
int app_save_png(SDL_Renderer *r, int w, int h, const char *path);
/* app_cmd.c: input. */
void app_click(app_t *a, int x, int y);
void app_to_render(const app_t *a, int *x, int *y);
void app_handle_event(app_t *a, const SDL_Event *e);
/* app_shot.c: the headless modes and --record. */
int app_run_screenshot(app_t *a);
int app_run_charts(app_t *a);
bool app_record_writable(const char *path);
int app_write_records(app_t *a);

#endif
