/* text: DejaVu Sans through SDL2_ttf, found at run time. A character DejaVu lacks (Korean,
 * Chinese, Japanese, ...) is drawn in the first installed font that has it, in fontconfig's
 * order for sans-serif (Noto Sans CJK from fonts-noto-cjk), decided once per character, so no
 * frame queries fontconfig. A cache of rendered strings (keyed by text, size, style, width
 * limit; least recently used evicted) makes drawing the same text every frame one hash lookup
 * and one texture copy. Strings are rendered in their colour (the software renderer blits
 * unmodulated textures fastest); alpha is applied at draw time, so fading text needs no new
 * texture. */
#ifndef DEPLOYSIM_UI_TEXT_H
#define DEPLOYSIM_UI_TEXT_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct text text_t;

typedef enum { FONT_REGULAR, FONT_BOLD } font_style_t;
typedef enum { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT } text_align_t;

/* Finds the fonts (DejaVuSans.ttf and -Bold in the Debian path, else fc-match). NULL with a
 * message in err when they cannot be found or opened. TTF_Init must have been called. */
text_t *text_create(SDL_Renderer *r, char *err, size_t errlen);
void text_destroy(text_t *t);

/* Draws one line with its top-left at (x, y), or its top-centre/top-right by align.
 * max_w > 0 cuts the text with an ellipsis to fit. Returns the drawn width. */
int text_draw(text_t *t, const char *s, int px, font_style_t st, SDL_Color c, int x, int y,
              text_align_t align, int max_w);
/* Draws word-wrapped text in a box wrap_w wide (at most max_lines lines, the last cut with an
 * ellipsis). Returns the height used. */
int text_draw_wrapped(text_t *t, const char *s, int px, font_style_t st, SDL_Color c, int x, int y,
                      int wrap_w, int max_lines);
/* Width and height a line would take (served from the cache after the first call). */
int text_width(text_t *t, const char *s, int px, font_style_t st);
int text_height(text_t *t, int px);

/* Characters that no installed font has, drawn as boxes, in the strings drawn (text_draw,
 * text_draw_wrapped with a visible colour) since the last text_missing_reset. */
int text_missing_glyphs(const text_t *t);
void text_missing_reset(text_t *t);
/* How many characters of s no installed font has (each would be drawn as a box). */
int text_count_missing(text_t *t, const char *s, font_style_t st);

#endif
