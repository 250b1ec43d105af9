/* app: the deploysim-ui program — options, the window and its event loop, headless
 * screenshots (--screenshot/--at), chart export (--charts) and --record. */
#ifndef DEPLOYSIM_UI_APP_H
#define DEPLOYSIM_UI_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "layout.h"

#define APP_DEFAULT_SCENARIO "scenarios/rolling-update.json"

typedef struct {
    const char *files[LAYOUT_MAX_PANES];
    int file_count;
    double speed;
    int w, h;
    bool size_set;
    bool fullscreen;
    const char *theme;
    double font_scale;
    const char *record;
    const char *screenshot;
    double at; /* seconds; negative = the scenario's end */
    const char *charts;
    const char *scene;   /* --scene FILE.json: what the screenshot drew */
    const char *service; /* --service [NS/]NAME: the service charted first */
    const char *lang;    /* --lang: captions in this language where the notes have it */
    double zoom;         /* --zoom SECONDS: the charts' time window (0: the whole run) */
    bool pause_notes;    /* --pause-at-notes: playing stops at each caption (key c) */
    const char *pool;    /* --pool NAME: that node pool's nodes only (key g) */
    bool help;
} app_options_t;

/* The --help text (app_args.c). */
extern const char app_usage[];

/* Parses the command line. 0 = run, 2 = usage error (message in err). --help sets o->help. */
int app_parse_args(int argc, char **argv, app_options_t *o, char *err, size_t errlen);
/* Parses a time given as seconds ("90", "90.5"), with a unit ("90s", "1.5m", "500ms") or as
 * m:ss ("1:30"). -1 when it is none of these. */
double app_parse_time(const char *s);

/* The whole program; returns the exit code (0 ok, 1 failure, 2 bad input or usage). */
int app_main(int argc, char **argv);

#endif
