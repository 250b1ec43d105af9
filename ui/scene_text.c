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

/* The next code point of UTF-8 text (U+FFFD for a bad byte). */
static uint32_t next_cp(const unsigned char **p) {
    const unsigned char *s = *p;
    uint32_t c = s[0];
    int n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (n < 0) {
        *p = s + 1;
        return 0xFFFD;
    }
    if (n > 0) c &= 0x3Fu >> n;
    for (int i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *p = s + i;
            return 0xFFFD;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    *p = s + n + 1;
    return c;
}

/* The text layer draws with DejaVu Sans (text.c finds it the same way: the Debian path, else
 * fontconfig); a character it has no glyph for is drawn as a box. Spaces and line breaks
 * need none. */
int ui_missing_glyphs(const char *s) {
    if (!s) return 0;
    static const char *const path = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    char found[1024] = "";
    if (access(path, R_OK) == 0) {
        snprintf(found, sizeof found, "%s", path);
    } else {
        FILE *p = popen("fc-match -f '%{file}' 'DejaVu Sans:style=Book' 2>/dev/null", "r");
        if (p) {
            size_t n = fread(found, 1, sizeof found - 1, p);
            found[n] = '\0';
            pclose(p);
        }
    }
    TTF_Font *f = found[0] ? TTF_OpenFont(found, 12) : NULL;
    int missing = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        uint32_t c = next_cp(&p);
        if (c == ' ' || c == '\n' || c == '\t') continue;
        if (!f || !TTF_GlyphIsProvided32(f, c)) missing++;
    }
    if (f) TTF_CloseFont(f);
    return missing;
}
