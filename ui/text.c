/* text: font discovery, line breaking and an LRU cache of rendered strings. */
#include "text.h"

#include <SDL_ttf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CACHE_MAX 2048
#define BUCKETS 4096
#define MAX_SIZES 40
#define MAX_LINES 8
#define MEASURE_ONLY 0xFFFFFFFFu /* not a colour: colours are 24-bit */

typedef struct {
    uint64_t hash;
    char *str;
    int px, style, max_w, wrap_w, max_lines;
    Uint32 rgb; /* rendered in its colour: the software renderer blits unmodulated text fastest;
                   MEASURE_ONLY: only the size is kept (text_width) */
    SDL_Texture *tex;
    int w, h;
    int prev, next; /* LRU list, most recent at head */
    int chain;      /* next entry in the same bucket */
} entry_t;

struct text {
    SDL_Renderer *r;
    char *path[2];
    struct {
        int px;
        TTF_Font *font;
    } fonts[2][MAX_SIZES];
    int nfonts[2];
    entry_t e[CACHE_MAX];
    int count, head, tail;
    int bucket[BUCKETS];
};

static const char *const debian_paths[2] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
};
static const char *const fc_patterns[2] = {"DejaVu Sans:style=Book", "DejaVu Sans:style=Bold"};

/* fontconfig's answer for a pattern, if it names a DejaVu Sans file that exists. */
static char *fc_match(const char *pattern) {
    char cmd[160];
    snprintf(cmd, sizeof cmd, "fc-match -f '%%{file}' '%s' 2>/dev/null", pattern);
    FILE *p = popen(cmd, "r");
    if (!p) return NULL;
    char buf[1024];
    size_t n = fread(buf, 1, sizeof buf - 1, p);
    pclose(p);
    buf[n] = '\0';
    if (n == 0 || !strstr(buf, "DejaVuSans") || access(buf, R_OK) != 0) return NULL;
    return strdup(buf);
}

text_t *text_create(SDL_Renderer *r, char *err, size_t errlen) {
    text_t *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    t->r = r;
    t->head = t->tail = -1;
    for (int i = 0; i < BUCKETS; i++)
        t->bucket[i] = -1;
    for (int st = 0; st < 2; st++) {
        if (access(debian_paths[st], R_OK) == 0)
            t->path[st] = strdup(debian_paths[st]);
        else
            t->path[st] = fc_match(fc_patterns[st]);
        if (!t->path[st]) {
            snprintf(err, errlen,
                     "cannot find the DejaVu Sans font (%s, or fc-match \"%s\"); install the "
                     "Debian package fonts-dejavu-core",
                     debian_paths[st], fc_patterns[st]);
            text_destroy(t);
            return NULL;
        }
    }
    TTF_Font *probe = TTF_OpenFont(t->path[0], 12);
    if (!probe) {
        snprintf(err, errlen, "cannot open %s: %s", t->path[0], TTF_GetError());
        text_destroy(t);
        return NULL;
    }
    TTF_CloseFont(probe);
    return t;
}

void text_destroy(text_t *t) {
    if (!t) return;
    for (int i = t->head; i >= 0; i = t->e[i].next) {
        if (t->e[i].tex) SDL_DestroyTexture(t->e[i].tex);
        free(t->e[i].str);
    }
    for (int st = 0; st < 2; st++) {
        for (int i = 0; i < t->nfonts[st]; i++)
            TTF_CloseFont(t->fonts[st][i].font);
        free(t->path[st]);
    }
    free(t);
}

static TTF_Font *font_for(text_t *t, int px, font_style_t st) {
    int s = st == FONT_BOLD ? 1 : 0;
    for (int i = 0; i < t->nfonts[s]; i++)
        if (t->fonts[s][i].px == px) return t->fonts[s][i].font;
    TTF_Font *f = TTF_OpenFont(t->path[s], px);
    if (!f) return NULL;
    if (t->nfonts[s] == MAX_SIZES) { /* a window resized many times: recycle the oldest */
        TTF_CloseFont(t->fonts[s][0].font);
        memmove(&t->fonts[s][0], &t->fonts[s][1], sizeof t->fonts[s][0] * (MAX_SIZES - 1));
        t->nfonts[s]--;
        /* cached textures stay valid: they no longer need the font */
    }
    t->fonts[s][t->nfonts[s]].px = px;
    t->fonts[s][t->nfonts[s]].font = f;
    t->nfonts[s]++;
    return f;
}

int text_height(text_t *t, int px) {
    TTF_Font *f = font_for(t, px, FONT_REGULAR);
    return f ? TTF_FontLineSkip(f) : px;
}

/* ---- line breaking ---- */

/* Byte length of the first `chars` UTF-8 characters of s. */
static size_t utf8_bytes(const char *s, int chars) {
    size_t i = 0;
    for (int c = 0; s[i] && c < chars; c++) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

/* How many bytes of s (up to len) fit in max_w pixels. */
static size_t fit_bytes(TTF_Font *f, const char *s, size_t len, int max_w) {
    char *tmp = strndup(s, len);
    if (!tmp) return len;
    int extent = 0, count = 0;
    if (TTF_MeasureUTF8(f, tmp, max_w, &extent, &count) != 0) count = 0;
    size_t b = utf8_bytes(tmp, count);
    free(tmp);
    return b;
}

/* Renders `len` bytes of s, cut with an ellipsis when wider than max_w (> 0). */
static SDL_Surface *render_line(TTF_Font *f, const char *s, size_t len, int max_w, SDL_Color fg) {
    char *line = malloc(len + 4);
    if (!line) return NULL;
    memcpy(line, s, len);
    line[len] = '\0';
    int w = 0;
    TTF_SizeUTF8(f, line, &w, NULL);
    if (max_w > 0 && w > max_w) {
        int ew = 0;
        TTF_SizeUTF8(f, "\xe2\x80\xa6", &ew, NULL);
        size_t keep = fit_bytes(f, line, len, max_w - ew);
        while (keep > 0 && line[keep - 1] == ' ')
            keep--;
        memcpy(line + keep, "\xe2\x80\xa6", 4); /* "…" and the terminator */
    }
    SDL_Surface *sf = line[0] ? TTF_RenderUTF8_Blended(f, line, fg) : NULL;
    free(line);
    return sf;
}

/* Greedy word wrap into at most max_lines lines of surfaces, stacked into one. */
static SDL_Surface *render_wrapped(TTF_Font *f, const char *s, int wrap_w, int max_lines,
                                   SDL_Color fg) {
    if (max_lines <= 0 || max_lines > MAX_LINES) max_lines = MAX_LINES;
    SDL_Surface *lines[MAX_LINES];
    int n = 0, w = 0;
    const char *p = s;
    while (*p && n < max_lines) {
        while (*p == ' ')
            p++;
        size_t rest = strcspn(p, "\n");
        size_t take = fit_bytes(f, p, rest, wrap_w);
        if (take < rest) { /* break at the last space that fits, else mid-word */
            size_t sp = take;
            while (sp > 0 && p[sp] != ' ')
                sp--;
            if (sp > 0) take = sp;
            if (take == 0) take = utf8_bytes(p, 1);
        }
        bool last = n == max_lines - 1;
        bool more = p[take] != '\0';
        SDL_Surface *sf = render_line(f, p, last && more ? rest : take, wrap_w, fg);
        if (!sf) break;
        lines[n++] = sf;
        if (sf->w > w) w = sf->w;
        p += take;
        if (*p == '\n') p++;
    }
    if (n == 0) return NULL;
    int skip = TTF_FontLineSkip(f);
    SDL_Surface *all = SDL_CreateRGBSurfaceWithFormat(0, w, skip * (n - 1) + lines[n - 1]->h, 32,
                                                      SDL_PIXELFORMAT_ARGB8888);
    for (int i = 0; i < n; i++) {
        if (all) {
            SDL_SetSurfaceBlendMode(lines[i], SDL_BLENDMODE_NONE);
            SDL_Rect dst = {0, i * skip, lines[i]->w, lines[i]->h};
            SDL_BlitSurface(lines[i], NULL, all, &dst);
        }
        SDL_FreeSurface(lines[i]);
    }
    return all;
}

/* ---- the cache ---- */

static uint64_t key_hash(const char *s, int px, int style, int max_w, int wrap_w, int lines,
                         Uint32 rgb) {
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    int64_t params[] = {px, style, max_w, wrap_w, lines, rgb};
    for (int i = 0; i < 6; i++)
        h = (h ^ (uint64_t)params[i]) * 1099511628211ULL;
    return h;
}

static void lru_unlink(text_t *t, int i) {
    entry_t *e = &t->e[i];
    if (e->prev >= 0)
        t->e[e->prev].next = e->next;
    else
        t->head = e->next;
    if (e->next >= 0)
        t->e[e->next].prev = e->prev;
    else
        t->tail = e->prev;
}

static void lru_push_front(text_t *t, int i) {
    t->e[i].prev = -1;
    t->e[i].next = t->head;
    if (t->head >= 0) t->e[t->head].prev = i;
    t->head = i;
    if (t->tail < 0) t->tail = i;
}

static void bucket_remove(text_t *t, int i) {
    int *pp = &t->bucket[t->e[i].hash & (BUCKETS - 1)];
    while (*pp >= 0 && *pp != i)
        pp = &t->e[*pp].chain;
    if (*pp == i) *pp = t->e[i].chain;
}

static entry_t *lookup(text_t *t, const char *s, int px, font_style_t st, int max_w, int wrap_w,
                       int max_lines, Uint32 rgb) {
    uint64_t h = key_hash(s, px, (int)st, max_w, wrap_w, max_lines, rgb);
    for (int i = t->bucket[h & (BUCKETS - 1)]; i >= 0; i = t->e[i].chain) {
        entry_t *e = &t->e[i];
        if (e->hash == h && e->px == px && e->style == (int)st && e->max_w == max_w &&
            e->wrap_w == wrap_w && e->max_lines == max_lines && e->rgb == rgb &&
            strcmp(e->str, s) == 0) {
            if (t->head != i) {
                lru_unlink(t, i);
                lru_push_front(t, i);
            }
            return e;
        }
    }
    TTF_Font *f = font_for(t, px, st);
    if (!f) return NULL;
    SDL_Texture *tex = NULL;
    int w = 0, hh = TTF_FontLineSkip(f);
    if (rgb == MEASURE_ONLY) {
        if (TTF_SizeUTF8(f, s, &w, NULL) != 0) return NULL;
    } else {
        SDL_Color fg = {(Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255};
        SDL_Surface *sf = wrap_w > 0 ? render_wrapped(f, s, wrap_w, max_lines, fg)
                                     : render_line(f, s, strlen(s), max_w, fg);
        if (!sf) return NULL;
        tex = SDL_CreateTextureFromSurface(t->r, sf);
        w = sf->w;
        hh = sf->h;
        SDL_FreeSurface(sf);
        if (!tex) return NULL;
        SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
    }
    char *copy = strdup(s);
    if (!copy) {
        SDL_DestroyTexture(tex);
        return NULL;
    }
    int i;
    if (t->count < CACHE_MAX) {
        i = t->count++;
    } else { /* evict the least recently used */
        i = t->tail;
        lru_unlink(t, i);
        bucket_remove(t, i);
        if (t->e[i].tex) SDL_DestroyTexture(t->e[i].tex);
        free(t->e[i].str);
    }
    entry_t *e = &t->e[i];
    *e = (entry_t){.hash = h,
                   .str = copy,
                   .px = px,
                   .style = (int)st,
                   .max_w = max_w,
                   .wrap_w = wrap_w,
                   .max_lines = max_lines,
                   .rgb = rgb,
                   .tex = tex,
                   .w = w,
                   .h = hh};
    e->chain = t->bucket[h & (BUCKETS - 1)];
    t->bucket[h & (BUCKETS - 1)] = i;
    lru_push_front(t, i);
    return e;
}

static Uint32 rgb_of(SDL_Color c) {
    return (Uint32)c.r << 16 | (Uint32)c.g << 8 | c.b;
}

static void blit(text_t *t, entry_t *e, SDL_Color c, int x, int y) {
    SDL_SetTextureAlphaMod(e->tex, c.a);
    SDL_Rect dst = {x, y, e->w, e->h};
    SDL_RenderCopy(t->r, e->tex, NULL, &dst);
}

int text_draw(text_t *t, const char *s, int px, font_style_t st, SDL_Color c, int x, int y,
              text_align_t align, int max_w) {
    if (!s || !*s || c.a == 0) return 0;
    entry_t *e = lookup(t, s, px, st, max_w > 0 ? max_w : 0, 0, 0, rgb_of(c));
    if (!e) return 0;
    if (align == ALIGN_CENTER)
        x -= e->w / 2;
    else if (align == ALIGN_RIGHT)
        x -= e->w;
    blit(t, e, c, x, y);
    return e->w;
}

int text_draw_wrapped(text_t *t, const char *s, int px, font_style_t st, SDL_Color c, int x, int y,
                      int wrap_w, int max_lines) {
    if (!s || !*s || wrap_w <= 0) return 0;
    entry_t *e = lookup(t, s, px, st, 0, wrap_w, max_lines, rgb_of(c));
    if (!e) return 0;
    if (c.a) blit(t, e, c, x, y);
    return e->h;
}

int text_width(text_t *t, const char *s, int px, font_style_t st) {
    if (!s || !*s) return 0;
    entry_t *e = lookup(t, s, px, st, 0, 0, 0, MEASURE_ONLY);
    return e ? e->w : 0;
}
