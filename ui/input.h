/* input: keys and clicks -> commands -> actions, as pure functions of what is on screen, so
 * each mapping is unit-tested (tests/test_ui_input.c) without a window. The help overlay
 * lists input_help, the same table the keys are documented from. */
#ifndef DEPLOYSIM_UI_INPUT_H
#define DEPLOYSIM_UI_INPUT_H

#include <SDL.h>
#include <stddef.h>

#include "layout.h"
#include "sim.h"

typedef enum {
    CMD_NONE,
    CMD_PLAY_PAUSE,
    CMD_STEP,
    CMD_FASTER,
    CMD_SLOWER,
    CMD_RESTART,
    CMD_DEPLOY,
    CMD_ROLLBACK,
    CMD_PROMOTE,
    CMD_ABORT,
    CMD_SCALE_UP,
    CMD_SCALE_DOWN,
    CMD_TRAFFIC_DOWN,
    CMD_TRAFFIC_UP,
    CMD_NEXT_SERVICE,
    CMD_STEP_BACK,  /* , or Left: one second back (re-simulated) */
    CMD_NEXT_NOTE,  /* ]: jump to the next caption */
    CMD_PREV_NOTE,  /* [: jump to the previous caption */
    CMD_NOTE_PAUSE, /* c: pause at every caption on/off */
    CMD_ZOOM_IN,    /* z / wheel up: the charts show less time around now */
    CMD_ZOOM_OUT,   /* Z / wheel down */
    CMD_POOL,       /* g: show the next pool's nodes only (many nodes: bigger cards) */
    CMD_POOL_ALL,   /* G: every pool again */
    CMD_FULLSCREEN,
    CMD_SCREENSHOT,
    CMD_HELP,
    CMD_CLOSE, /* Escape: close the help, leave fullscreen */
    CMD_QUIT
} ui_command_t;

/* A typed character (SDL_TEXTINPUT), so "+", "?" and "T" work on any keyboard layout. */
ui_command_t input_text_command(const char *text);
/* Keys without a character (arrows, Escape, F1, F11, Tab). */
ui_command_t input_key_command(SDL_Keycode key, Uint16 mod);

/* q and r throw a session away (the teacher's actions and where the class was): they act on
 * a second press. Given a command and the one waiting for its second press (*pending), returns
 * the command to run now: `c` when it needs no confirmation or was pressed again, CMD_NONE
 * when it now waits (*pending = c: the caller asks, and lets the wait expire). Any other
 * command cancels the wait and runs as it would; CMD_NONE (a key bound to nothing, and the
 * KEYDOWN half of every typed key) leaves it. */
ui_command_t input_confirm(ui_command_t c, ui_command_t *pending);
bool input_needs_confirm(ui_command_t c);

/* The command of a toolbar button (CMD_NONE for the other hits). */
ui_command_t input_hit_command(hit_kind_t hit);

/* The action a service command makes, from the service as the screen shows it. Returns 0, or
 * -1 with the reason in why ("web has only one version") when it makes none. */
int input_service_action(ui_command_t c, const scenario_t *sc, int service,
                         const sim_service_view_t *v, action_t *out, char *why, size_t n);
/* Clicking a node fails it, or repairs it when it has failed. */
int input_node_action(const sim_node_view_t *node, action_t *out);
/* Clicking a pod kills it (out->pod points at pod_name). */
void input_pod_action(const sim_pod_view_t *pod, const char *pod_name, action_t *out);

/* The next speed up (dir > 0) or down from `speed`, among 0.25x .. 1000x. */
double input_speed_step(double speed, int dir);
#define INPUT_MIN_SPEED 0.25
#define INPUT_MAX_SPEED 1000.0

typedef struct {
    const char *keys, *what;
} input_help_t;
extern const input_help_t input_help[];
extern const int input_help_count;

#endif
