/* app_args: deploysim-ui's command line (usage text, option parsing, --at times). */
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
#include "quantity.h"
#include "ui.h"

const char app_usage[] =
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
    if (!*end) return v; /* plain seconds */
    /* else the scenario's own duration syntax ("90s", "1.5m", "5m10s"), so a note's `at` can
     * be pasted as it is */
    sim_time_t us;
    char err[128];
    if (quantity_parse_duration(s, &us, err, sizeof err) == 0) return (double)us / 1e6;
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

/* Long only as the getopt switch: one short case per option. */
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
                snprintf(err, errlen,
                         "--at %s: expected a time such as 90, 90s, 1.5m, 1:30 or 2m5s", val);
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
