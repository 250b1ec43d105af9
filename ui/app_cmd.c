/* app_cmd: what keys, clicks and the mouse do in the window; each becomes a command or an
 * action_t injected through the session. */
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

/* ---- actions ---- */

static void inject(app_t *a, pane_t *p, const action_t *act) {
    char err[256], what[160], t[16];
    sim_action_text(p->ses.sc, act, what, sizeof what);
    if (session_inject(&p->ses, act, err, sizeof err) != 0) {
        app_toast(a, "%s: %s", what, err);
        return;
    }
    axis_format_time(sim_now(p->ses.sim), t, sizeof t);
    if (a->debug)
        fprintf(stderr, "action: %c %s at %.6f\n", p->label, what,
                (double)sim_now(p->ses.sim) / SIM_SEC);
    if (a->n > 1)
        app_toast(a, "%s  %c: %s", t, p->label, what);
    else
        app_toast(a, "%s  %s", t, what);
}

static void service_command(app_t *a, ui_command_t c) {
    for (int i = 0; i < a->n; i++) {
        pane_t *p = &a->panes[i];
        pane_snapshot(p);
        int svc = app_service_shown(a, p);
        if (svc >= p->svc_count) continue;
        action_t act;
        char why[160];
        if (input_service_action(c, p->ses.sc, svc, &p->svc[svc], &act, why, sizeof why) != 0) {
            app_toast(a, "%s", why);
            continue;
        }
        inject(a, p, &act);
    }
}

static void set_fullscreen(app_t *a, bool on) {
    if (a->win) SDL_SetWindowFullscreen(a->win, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
}

#define CONFIRM_SECONDS 3.0 /* a q or r waits this long for its second press */

/* One command from a key, click or the toolbar. Long only as a switch with one short case per
 * command, so the whole keymap reads in one place. */
static void command(app_t *a, ui_command_t c) {
    /* q and r throw the session away: a second press does it, any other key stays */
    if (a->confirm != CMD_NONE && app_real_now() - a->confirm_at > CONFIRM_SECONDS)
        a->confirm = CMD_NONE; /* the question expired */
    ui_command_t asked = c;
    c = input_confirm(c, &a->confirm);
    if (c == CMD_NONE && a->confirm == asked && asked != CMD_NONE) {
        a->confirm_at = app_real_now();
        app_toast(a, "%s",
                  ui_tr(a->o.lang, asked == CMD_QUIT
                                       ? "Press q again within 3 s to quit"
                                       : "Press r again within 3 s to restart from 0:00"));
        return;
    }
    switch (c) {
    case CMD_PLAY_PAUSE:
        if (!a->playing && app_clock_us(a) >= a->duration)
            app_jump_to(a, 0); /* play again from 0 */
        a->playing = !a->playing;
        if (a->toast_len > 3.0) a->toast[0] = '\0'; /* the welcome hint has been followed */
        break;
    case CMD_STEP:
        a->playing = false;
        app_jump_to(a, a->clock + 1);
        break;
    case CMD_STEP_BACK:
        a->playing = false;
        app_jump_to(a, a->clock - 1);
        break;
    case CMD_NEXT_NOTE:
    case CMD_PREV_NOTE: {
        double t = app_note_time(a, a->clock, c == CMD_NEXT_NOTE ? 1 : -1);
        if (t < 0) {
            app_toast(a, c == CMD_NEXT_NOTE ? "no caption after this one"
                                            : "no caption before this one");
            break;
        }
        a->playing = false;
        app_jump_to(a, t);
        break;
    }
    case CMD_NOTE_PAUSE:
        a->note_pause = !a->note_pause;
        app_toast(a, a->note_pause ? "pausing at every caption" : "not pausing at captions");
        break;
    case CMD_FASTER:
    case CMD_SLOWER: {
        a->speed = input_speed_step(a->speed, c == CMD_FASTER ? 1 : -1);
        char s[16];
        snprintf(s, sizeof s, a->speed < 1 ? "%g" : "%.0f", a->speed);
        app_toast(a, "speed %s\xC3\x97: %s simulated second%s per second", s, s,
                  a->speed == 1 ? "" : "s");
        break;
    }
    case CMD_RESTART:
        for (int i = 0; i < a->n; i++) {
            diag_t d;
            diag_init(&d);
            if (session_restart(&a->panes[i].ses, true, &d) != 0) app_print_diag(&d);
            diag_free(&d);
            anim_clear(a->panes[i].anim);
            a->panes[i].pods_hint = 0;
        }
        a->clock = 0;
        a->settle_next = true;
        app_toast(a, "restarted at 0:00 (your actions are forgotten)");
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
            a->selected[i] = (app_service_shown(a, &a->panes[i]) + 1) % n;
        }
        app_toast(a, "charts and keys on service %s",
                  a->panes[0].ses.sc->services[app_service_shown(a, &a->panes[0])].name);
        break;
    case CMD_ZOOM_IN:
    case CMD_ZOOM_OUT:
        a->zoom = chart_zoom_step(a->zoom, a->duration, c == CMD_ZOOM_IN ? 1 : -1);
        if (a->zoom)
            app_toast(a, "charts: %.0f s around now", (double)a->zoom / SIM_SEC);
        else
            app_toast(a, "charts: the whole run");
        break;
    case CMD_POOL:
        for (int i = 0; i < a->n; i++) {
            a->panes[i].pool_filter = pane_next_pool(&a->panes[i]);
            pane_snapshot(&a->panes[i]);
        }
        if (a->panes[0].pool_filter >= 0)
            app_toast(a, ui_tr(a->o.lang, "showing pool %s (g: next pool, G: all)"),
                      a->panes[0].ses.sc->pools[a->panes[0].pool_filter].name);
        else
            app_toast(a, "%s", ui_tr(a->o.lang, "all pools"));
        a->settle_next = true;
        break;
    case CMD_POOL_ALL:
        for (int i = 0; i < a->n; i++)
            a->panes[i].pool_filter = -1;
        app_toast(a, "%s", ui_tr(a->o.lang, "all pools"));
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

void app_click(app_t *a, int x, int y) {
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
            app_toast(a, "charts and keys on service %s",
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
void app_to_render(const app_t *a, int *x, int *y) {
    int ww, wh, rw, rh;
    SDL_GetWindowSize(a->win, &ww, &wh);
    SDL_GetRendererOutputSize(a->r, &rw, &rh);
    if (ww > 0 && wh > 0) {
        *x = *x * rw / ww;
        *y = *y * rh / wh;
    }
}

void app_handle_event(app_t *a, const SDL_Event *e) {
    switch (e->type) {
    case SDL_QUIT:
        a->quit = true;
        break;
    case SDL_WINDOWEVENT: /* the window's surface may have been made again, or shown */
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        canvas_invalidate(a->canvas);
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
            app_to_render(a, &x, &y);
            app_click(a, x, y);
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
        app_to_render(a, &x, &y);
        if (a->dragging) {
            a->seek_pending = true;
            a->seek_to = layout_timebar_frac(&a->l, x) * (double)a->duration / SIM_SEC;
            a->drag_moved = app_real_now();
        }
        a->hover = layout_hit(&a->l, x, y).kind;
        break;
    }
    default:
        break;
    }
}
