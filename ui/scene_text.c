/* scene_text: the drawing modules' text calls (routed here by ui.h) draw through the text
 * layer and, while a scene records, append what they drew to its texts[]. */
#include "ui.h"

#include <SDL_ttf.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

static scene_t *rec;

void ui_text_record_into(scene_t *s) {
    rec = s;
}

int ui_text_draw(text_t *t, const char *s, int px, font_style_t st, SDL_Color c, int x, int y,
                 text_align_t align, int max_w) {
    int w = text_draw_raw(t, s, px, st, c, x, y, align, max_w);
    if (rec && c.a > 0 && s && *s) {
        int x0 = align == ALIGN_LEFT ? x : align == ALIGN_CENTER ? x - w / 2 : x - w;
        bool cut = max_w > 0 && text_width(t, s, px, st) > max_w;
        scene_text(rec, s, (ui_rect_t){x0, y, w, text_height(t, px)}, px, cut);
    }
    return w;
}

int ui_text_draw_wrapped(text_t *t, const char *s, int px, font_style_t st, SDL_Color c, int x,
                         int y, int wrap_w, int max_lines) {
    int h = text_draw_wrapped_raw(t, s, px, st, c, x, y, wrap_w, max_lines);
    if (rec && c.a > 0 && s && *s) {
        /* cut when more lines would have been drawn without the limit */
        bool cut = max_lines > 0 && text_draw_wrapped_raw(t, s, px, st, (SDL_Color){0, 0, 0, 0}, x,
                                                          y, wrap_w, max_lines + 1) > h;
        scene_text(rec, s, (ui_rect_t){x, y, wrap_w, h}, px, cut);
    }
    return h;
}
