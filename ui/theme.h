/* theme: the dashboard's colours. Light is the default (projectors wash out dark themes in a
 * lit room). Versions take the Okabe–Ito colour-blind-safe palette in order; vermillion is
 * reserved for failure and used for nothing else. */
#ifndef DEPLOYSIM_UI_THEME_H
#define DEPLOYSIM_UI_THEME_H

#include <SDL.h>
#include <stdbool.h>

#define THEME_VERSION_COLORS 6

typedef struct {
    const char *name;
    bool dark;
    SDL_Color bg;        /* window background */
    SDL_Color panel;     /* panels (charts, logs, toolbar) */
    SDL_Color border;    /* panel and card outlines */
    SDL_Color ink;       /* main text and lines */
    SDL_Color ink_muted; /* secondary text */
    SDL_Color ink_faint; /* axis labels, hints */
    SDL_Color grid;      /* chart grid lines */
    SDL_Color card;      /* node card background */
    SDL_Color card_down; /* a NotReady node's card */
    SDL_Color track;     /* empty part of bars and the time bar */
    SDL_Color cpu, mem;  /* node bars */
    SDL_Color button;    /* toolbar buttons */
    SDL_Color button_ink;
    SDL_Color highlight; /* hover / selection outline */
    SDL_Color backdrop;  /* behind the help overlay (with alpha) */
    SDL_Color failure;   /* vermillion #D55E00 */
} theme_t;

/* "light" or "dark"; NULL for an unknown name. */
const theme_t *theme_get(const char *name);

/* The colour of a version by its index in the service's versions (Okabe–Ito, cycling). */
SDL_Color theme_version_color(int version);

/* a + (b - a) * t, alpha included. */
SDL_Color theme_mix(SDL_Color a, SDL_Color b, double t);
SDL_Color theme_alpha(SDL_Color c, double a);

#endif
