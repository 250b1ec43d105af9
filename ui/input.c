/* input: the control map of docs/ARCHITECTURE.md#dashboard (and the README's controls). */
#include "input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const input_help_t input_help[] = {
    {"Space", "play / pause"},
    {".  /  \xE2\x86\x92", "one step (1 s of simulated time)"},
    {",  /  \xE2\x86\x90", "one step back (re-simulated exactly)"},
    {"[  /  ]", "previous / next caption"},
    {"c", "pause at every caption on / off"},
    {"+  /  -", "faster / slower (0.25\xC3\x97 to 1000\xC3\x97)"},
    {"r r", "restart from 0:00 (forgets your actions; press twice)"},
    {"click / drag time bar", "jump in time (re-simulated exactly)"},
    {"d", "deploy the next version"},
    {"b", "roll back"},
    {"p", "promote / resume a paused rollout"},
    {"a", "abort the rollout"},
    {"\xE2\x86\x91  /  \xE2\x86\x93", "scale up / down by one replica"},
    {"t  /  T", "traffic \xE2\x88\x92 / + 25 %"},
    {"Tab  /  click a Service", "chart the next service (keys act on it)"},
    {"z  /  Z  /  wheel", "charts: zoom in / out in time around now"},
    {"g  /  G", "many nodes: one pool at a time / every pool"},
    {"click a node", "fail it / repair it"},
    {"click a pod", "kill it"},
    {"f", "fullscreen"},
    {"s", "save a screenshot (PNG)"},
    {"?  /  h", "this help"},
    {"Esc  /  q q", "close help  /  quit (press q twice)"},
};
const int input_help_count = (int)(sizeof input_help / sizeof input_help[0]);

bool input_needs_confirm(ui_command_t c) {
    return c == CMD_QUIT || c == CMD_RESTART;
}

ui_command_t input_confirm(ui_command_t c, ui_command_t *pending) {
    if (c == CMD_NONE) return CMD_NONE; /* a key with no command (or its KEYDOWN half) */
    if (input_needs_confirm(c) && *pending != c) {
        *pending = c;
        return CMD_NONE;
    }
    *pending = CMD_NONE;
    return c;
}

ui_command_t input_text_command(const char *text) {
    if (!text || !text[0] || text[1]) return CMD_NONE;
    switch (text[0]) {
    case ' ':
        return CMD_PLAY_PAUSE;
    case '.':
        return CMD_STEP;
    case '+':
    case '=':
        return CMD_FASTER;
    case '-':
    case '_':
        return CMD_SLOWER;
    case 'r':
        return CMD_RESTART;
    case 'd':
        return CMD_DEPLOY;
    case 'b':
        return CMD_ROLLBACK;
    case 'p':
        return CMD_PROMOTE;
    case 'a':
        return CMD_ABORT;
    case 't':
        return CMD_TRAFFIC_DOWN;
    case 'T':
        return CMD_TRAFFIC_UP;
    case ',':
        return CMD_STEP_BACK;
    case ']':
        return CMD_NEXT_NOTE;
    case '[':
        return CMD_PREV_NOTE;
    case 'c':
        return CMD_NOTE_PAUSE;
    case 'z':
        return CMD_ZOOM_IN;
    case 'Z':
        return CMD_ZOOM_OUT;
    case 'f':
        return CMD_FULLSCREEN;
    case 's':
        return CMD_SCREENSHOT;
    case '?':
    case 'h':
        return CMD_HELP;
    case 'q':
        return CMD_QUIT;
    case 'g':
        return CMD_POOL;
    case 'G':
        return CMD_POOL_ALL;
    default:
        return CMD_NONE;
    }
}

ui_command_t input_key_command(SDL_Keycode key, Uint16 mod) {
    (void)mod;
    switch (key) {
    case SDLK_UP:
        return CMD_SCALE_UP;
    case SDLK_DOWN:
        return CMD_SCALE_DOWN;
    case SDLK_RIGHT:
        return CMD_STEP;
    case SDLK_LEFT:
        return CMD_STEP_BACK;
    case SDLK_TAB:
        return CMD_NEXT_SERVICE;
    case SDLK_ESCAPE:
        return CMD_CLOSE;
    case SDLK_F1:
        return CMD_HELP;
    case SDLK_F11:
        return CMD_FULLSCREEN;
    case SDLK_KP_PLUS:
        return CMD_FASTER;
    case SDLK_KP_MINUS:
        return CMD_SLOWER;
    default:
        return CMD_NONE;
    }
}

ui_command_t input_hit_command(hit_kind_t hit) {
    switch (hit) {
    case HIT_PLAY:
        return CMD_PLAY_PAUSE;
    case HIT_STEP:
        return CMD_STEP;
    case HIT_SLOWER:
        return CMD_SLOWER;
    case HIT_FASTER:
        return CMD_FASTER;
    case HIT_HELP:
        return CMD_HELP;
    default:
        return CMD_NONE;
    }
}

static int base_action(action_kind_t k, int service, action_t *out) {
    memset(out, 0, sizeof *out);
    out->action = k;
    out->service = service;
    out->version = -1;
    out->pool = -1;
    out->node = -1;
    return 0;
}

int input_service_action(ui_command_t c, const scenario_t *sc, int service,
                         const sim_service_view_t *v, action_t *out, char *why, size_t n) {
    if (service < 0 || service >= sc->service_count) {
        snprintf(why, n, "no service");
        return -1;
    }
    const service_spec_t *sp = &sc->services[service];
    base_action(ACTION_DEPLOY, service, out);
    switch (c) {
    case CMD_DEPLOY: {
        if (sp->version_count < 2) {
            snprintf(why, n, "%s has only one version (%s): add \"versions\" to the scenario",
                     sp->name, sp->versions[0].name);
            return -1;
        }
        int newest = v->version_count > 0 ? v->version_index[v->version_count - 1] : 0;
        out->version = (newest + 1) % sp->version_count;
        return 0;
    }
    case CMD_ROLLBACK:
        out->action = ACTION_ROLLBACK;
        return 0;
    case CMD_PROMOTE:
        /* A canary or blue-green waits for promote; a paused Deployment for resume. */
        out->action = strategy_type_flags(sp->strategy.type) & STRATEGY_F_ROLLOUT ? ACTION_PROMOTE
                                                                                  : ACTION_RESUME;
        return 0;
    case CMD_ABORT:
        out->action = ACTION_ABORT;
        return 0;
    case CMD_SCALE_UP:
    case CMD_SCALE_DOWN: {
        int r = v->replicas + (c == CMD_SCALE_UP ? 1 : -1);
        if (r < 0) {
            snprintf(why, n, "%s is already at 0 replicas", sp->name);
            return -1;
        }
        out->action = ACTION_SCALE;
        out->replicas = r;
        return 0;
    }
    case CMD_TRAFFIC_DOWN:
    case CMD_TRAFFIC_UP: {
        double rps = v->offered_rps;
        if (c == CMD_TRAFFIC_UP)
            rps = rps > 0 ? rps * 1.25 : (sp->rps > 0 ? sp->rps * 0.25 : 10);
        else
            rps *= 0.75;
        if (rps < 0.5) rps = 0;
        out->action = ACTION_SET_TRAFFIC;
        out->rps = (double)(long long)(rps + 0.5);
        out->ramp = 0;
        return 0;
    }
    default:
        snprintf(why, n, "not an action");
        return -1;
    }
}

int input_node_action(const sim_node_view_t *node, action_t *out) {
    base_action(node->failed ? ACTION_REPAIR_NODE : ACTION_FAIL_NODE, -1, out);
    out->pool = node->pool;
    /* POOL-N: the number after the last dash, 1-based */
    const char *dash = node->name ? strrchr(node->name, '-') : NULL;
    out->node = dash ? atoi(dash + 1) - 1 : -1;
    return out->node >= 0 ? 0 : -1;
}

void input_pod_action(const sim_pod_view_t *pod, const char *pod_name, action_t *out) {
    base_action(ACTION_KILL_POD, pod->service, out);
    out->pod = (char *)pod_name; /* sim_inject and session_inject copy it */
}

double input_speed_step(double speed, int dir) {
    static const double steps[] = {0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
    const int n = (int)(sizeof steps / sizeof steps[0]);
    if (dir > 0) {
        for (int i = 0; i < n; i++)
            if (steps[i] > speed * 1.0001) return steps[i];
        return steps[n - 1];
    }
    for (int i = n - 1; i >= 0; i--)
        if (steps[i] < speed * 0.9999) return steps[i];
    return steps[0];
}
