/* text: font discovery, per-character font fallback, line breaking and an LRU cache of
 * rendered strings. */
#include "text.h"

#include <SDL_ttf.h>
#include <fontconfig/fontconfig.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "canvas.h"

#define CACHE_MAX 2048
#define BUCKETS 4096
#define MAX_SIZES 40
#define MAX_LINES 8
#define MEASURE_ONLY 0xFFFFFFFFu /* not a colour: colours are 24-bit */
#define MAX_FACES 16             /* DejaVu regular and bold, then the fallbacks found */
#define CP_SLOTS 8192            /* codepoint -> face decisions (a power of two) */
#define FACE_MISSING (-1)        /* no installed font has the character: drawn as a box */
#define LANG_CLASSES 3           /* fallback searches: any script, Korean, Japanese */

typedef struct {
    uint64_t hash;
    char *str;
    int px, style, max_w, wrap_w, max_lines;
    Uint32 rgb; /* rendered in its colour: the software renderer blits unmodulated text fastest;
                   MEASURE_ONLY: only the size is kept (text_width) */
    SDL_Texture *tex;
    uint64_t serial; /* canvas_serial() of tex's pixels */
    int w, h;
    int missing;    /* characters no installed font has, drawn as boxes */
    int prev, next; /* LRU list, most recent at head */
    int chain;      /* next entry in the same bucket */
} entry_t;

/* A font file (and face index in a .ttc collection), opened at the sizes asked so far. */
typedef struct {
    char *path;
    int index;
    struct {
        int px;
        TTF_Font *font;
    } sizes[MAX_SIZES];
    int nsizes;
} face_t;

struct text {
    SDL_Renderer *r;
    face_t faces[MAX_FACES]; /* [0] DejaVu Sans, [1] DejaVu Sans Bold, then fallbacks */
    int nfaces;
    /* Fallback through fontconfig: for each style and script, the installed fonts sorted by
     * closeness to sans-serif (one FcFontSort, made the first time a character needs it), and
     * each character's answer remembered, so no frame ever queries fontconfig. */
    bool fc_ready;
    FcFontSet *sorted[2][LANG_CLASSES];
    bool sorted_done[2][LANG_CLASSES];
    uint32_t cp_key[CP_SLOTS]; /* codepoint << 1 | bold; 0 = empty */
    signed char cp_face[CP_SLOTS];
    int cp_count;
    long missing; /* characters drawn as boxes since text_missing_reset */
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
            t->faces[st].path = strdup(debian_paths[st]);
        else
            t->faces[st].path = fc_match(fc_patterns[st]);
        t->nfaces = st + 1;
        if (!t->faces[st].path) {
            snprintf(err, errlen,
                     "cannot find the DejaVu Sans font (%s, or fc-match \"%s\"); install the "
                     "Debian package fonts-dejavu-core",
                     debian_paths[st], fc_patterns[st]);
            text_destroy(t);
            return NULL;
        }
    }
    TTF_Font *probe = TTF_OpenFont(t->faces[0].path, 12);
    if (!probe) {
        snprintf(err, errlen, "cannot open %s: %s", t->faces[0].path, TTF_GetError());
        text_destroy(t);
        return NULL;
    }
    TTF_CloseFont(probe);
    return t;
}

void text_destroy(text_t *t) {
    if (!t) return;
    for (int i = t->head; i >= 0; i = t->e[i].next) {
        canvas_destroy_texture(t->e[i].tex);
        free(t->e[i].str);
    }
    for (int i = 0; i < t->nfaces; i++) {
        face_t *fc = &t->faces[i];
        for (int k = 0; k < fc->nsizes; k++)
            TTF_CloseFont(fc->sizes[k].font);
        free(fc->path);
    }
    for (int st = 0; st < 2; st++)
        for (int c = 0; c < LANG_CLASSES; c++)
            if (t->sorted[st][c]) FcFontSetDestroy(t->sorted[st][c]);
    free(t);
}

/* Face i at px pixels, opened on first use. */
static TTF_Font *face_font(text_t *t, int i, int px) {
    face_t *fc = &t->faces[i];
    for (int k = 0; k < fc->nsizes; k++)
        if (fc->sizes[k].px == px) return fc->sizes[k].font;
    TTF_Font *f = TTF_OpenFontIndex(fc->path, px, fc->index);
    if (!f) return NULL;
    if (fc->nsizes == MAX_SIZES) { /* a window resized many times: recycle the oldest */
        TTF_CloseFont(fc->sizes[0].font);
        memmove(&fc->sizes[0], &fc->sizes[1], sizeof fc->sizes[0] * (MAX_SIZES - 1));
        fc->nsizes--;
        /* cached textures stay valid: they no longer need the font */
    }
    fc->sizes[fc->nsizes].px = px;
    fc->sizes[fc->nsizes].font = f;
    fc->nsizes++;
    return f;
}

static TTF_Font *font_for(text_t *t, int px, font_style_t st) {
    return face_font(t, st == FONT_BOLD ? 1 : 0, px);
}

/* ---- per-character fallback ---- */

/* Which fallback search a character takes: Han characters and kana look different in Korean
 * and Japanese fonts, so Hangul asks for a Korean font and kana for a Japanese one. */
static int lang_class(uint32_t cp) {
    if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F) ||
        (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xAC00 && cp <= 0xD7FF))
        return 1;
    if (cp >= 0x3040 && cp <= 0x30FF) return 2;
    return 0;
}

/* The installed fonts sorted by fontconfig for sans-serif in this style and script. */
static FcFontSet *sorted_fonts(text_t *t, int bold, int cls) {
    if (t->sorted_done[bold][cls]) return t->sorted[bold][cls];
    t->sorted_done[bold][cls] = true;
    if (!t->fc_ready) {
        if (!FcInit()) return NULL;
        t->fc_ready = true;
    }
    static const char *const langs[LANG_CLASSES] = {NULL, "ko", "ja"};
    FcPattern *pat = FcPatternCreate();
    if (!pat) return NULL;
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)"sans-serif");
    FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    if (langs[cls]) FcPatternAddString(pat, FC_LANG, (const FcChar8 *)langs[cls]);
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    t->sorted[bold][cls] = FcFontSort(NULL, pat, FcTrue, NULL, &res);
    FcPatternDestroy(pat);
    return t->sorted[bold][cls];
}

/* The face of path/index, added to the list if new; -1 when the list is full or it cannot be
 * opened or does not really have cp (a charset and the font can disagree). */
static int face_add(text_t *t, const char *path, int index, uint32_t cp) {
    for (int i = 2; i < t->nfaces; i++)
        if (t->faces[i].index == index && strcmp(t->faces[i].path, path) == 0) return i;
    if (t->nfaces == MAX_FACES) return -1;
    TTF_Font *f = TTF_OpenFontIndex(path, 16, index);
    if (!f) return -1;
    bool has = TTF_GlyphIsProvided32(f, cp) != 0;
    TTF_CloseFont(f);
    char *copy = has ? strdup(path) : NULL;
    if (!copy) return -1;
    t->faces[t->nfaces] = (face_t){.path = copy, .index = index};
    return t->nfaces++;
}

/* A fallback face for cp, from the first font in fontconfig's order whose charset has it. */
static int fallback_face(text_t *t, int bold, uint32_t cp) {
    FcFontSet *fs = sorted_fonts(t, bold, lang_class(cp));
    for (int i = 0; fs && i < fs->nfont; i++) {
        FcCharSet *cs;
        FcChar8 *file;
        int index = 0;
        FcBool outline = FcFalse;
        if (FcPatternGetCharSet(fs->fonts[i], FC_CHARSET, 0, &cs) != FcResultMatch ||
            !FcCharSetHasChar(cs, cp))
            continue;
        if (FcPatternGetString(fs->fonts[i], FC_FILE, 0, &file) != FcResultMatch) continue;
        /* bitmap fonts (X11's pcf) would not scale to the sizes asked */
        if (FcPatternGetBool(fs->fonts[i], FC_OUTLINE, 0, &outline) == FcResultMatch && !outline)
            continue;
        FcPatternGetInteger(fs->fonts[i], FC_INDEX, 0, &index);
        int face = face_add(t, (const char *)file, index, cp);
        if (face >= 0) return face;
    }
    return FACE_MISSING;
}

/* The face that draws cp in style st: DejaVu when it has the character, else a fallback,
 * else FACE_MISSING. Decided once per character and style. */
static int face_of(text_t *t, int bold, uint32_t cp) {
    if (cp < 0x80) return bold; /* DejaVu has every ASCII character */
    uint32_t key = cp << 1 | (uint32_t)bold;
    uint32_t slot = (key * 2654435761u) & (CP_SLOTS - 1);
    for (int probe = 0; probe < CP_SLOTS; probe++, slot = (slot + 1) & (CP_SLOTS - 1)) {
        if (t->cp_key[slot] == key) return t->cp_face[slot];
        if (t->cp_key[slot] == 0) break;
    }
    TTF_Font *own = face_font(t, bold, 16);
    int face = own && TTF_GlyphIsProvided32(own, cp) ? bold : fallback_face(t, bold, cp);
    if (t->cp_count < CP_SLOTS * 3 / 4 && t->cp_key[slot] == 0) { /* full: decide again */
        t->cp_key[slot] = key;
        t->cp_face[slot] = (signed char)face;
        t->cp_count++;
    }
    return face;
}

/* Decodes the UTF-8 character at s[*i] (advancing *i); a malformed byte reads as U+FFFD. */
static uint32_t utf8_next(const char *s, size_t len, size_t *i) {
    const unsigned char *u = (const unsigned char *)s + *i;
    size_t left = len - *i;
    uint32_t cp;
    int n;
    if (u[0] < 0x80) {
        cp = u[0], n = 1;
    } else if ((u[0] & 0xE0) == 0xC0) {
        cp = u[0] & 0x1Fu, n = 2;
    } else if ((u[0] & 0xF0) == 0xE0) {
        cp = u[0] & 0x0Fu, n = 3;
    } else if ((u[0] & 0xF8) == 0xF0) {
        cp = u[0] & 0x07u, n = 4;
    } else {
        *i += 1;
        return 0xFFFD;
    }
    if ((size_t)n > left) {
        *i = len;
        return 0xFFFD;
    }
    for (int k = 1; k < n; k++) {
        if ((u[k] & 0xC0) != 0x80) {
            *i += (size_t)k;
            return 0xFFFD;
        }
        cp = cp << 6 | (u[k] & 0x3Fu);
    }
    *i += (size_t)n;
    return cp;
}

/* The end of the run of characters starting at `start` that one face draws (a space stays
 * with the run before it), and that face. *missing counts the characters drawn as boxes. */
static size_t next_run(text_t *t, int bold, const char *s, size_t len, size_t start, int *face,
                       int *missing) {
    size_t i = start;
    int cur = -2;
    while (i < len) {
        size_t at = i;
        uint32_t cp = utf8_next(s, len, &i);
        int f;
        if (cp == ' ' && cur != -2) {
            f = cur;
        } else {
            f = face_of(t, bold, cp);
            if (f == FACE_MISSING) {
                if (cp >= 0x20 && missing) (*missing)++;
                f = bold; /* DejaVu draws its box */
            }
        }
        if (cur == -2) {
            cur = f;
        } else if (f != cur) {
            i = at;
            break;
        }
    }
    *face = cur < 0 ? bold : cur;
    return i;
}

/* True when DejaVu alone draws s[0..len) (then SDL_ttf renders it in one call, as before). */
static bool one_face(text_t *t, int bold, const char *s, size_t len, int *missing) {
    int face;
    int m = 0;
    size_t end = next_run(t, bold, s, len, 0, &face, &m);
    if (missing) *missing = m;
    if (end >= len && face == bold) return true;
    if (missing) /* count the rest */
        while (end < len)
            end = next_run(t, bold, s, len, end, &face, missing);
    return false;
}

static int missing_in(text_t *t, const char *s, font_style_t st) {
    int m = 0;
    one_face(t, st == FONT_BOLD, s, strlen(s), &m);
    return m;
}

/* Width of s[0..len) drawn with fallbacks (run by run). */
static int line_width(text_t *t, int px, font_style_t st, const char *s, size_t len) {
    int bold = st == FONT_BOLD, w = 0;
    char *tmp = strndup(s, len);
    if (!tmp) return 0;
    for (size_t at = 0; at < len;) {
        int face;
        size_t end = next_run(t, bold, tmp, len, at, &face, NULL);
        TTF_Font *f = face_font(t, face, px);
        char c = tmp[end];
        tmp[end] = '\0';
        int rw = 0;
        if (f && TTF_SizeUTF8(f, tmp + at, &rw, NULL) == 0) w += rw;
        tmp[end] = c;
        at = end;
    }
    free(tmp);
    return w;
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

/* How many bytes of s (up to len) fit in max_w pixels, run by run when it takes fallbacks. */
static size_t fit_bytes(text_t *t, int px, font_style_t st, const char *s, size_t len, int max_w) {
    char *tmp = strndup(s, len);
    if (!tmp) return len;
    int bold = st == FONT_BOLD;
    size_t out = 0;
    if (one_face(t, bold, tmp, len, NULL)) {
        int extent = 0, count = 0;
        TTF_Font *f = face_font(t, bold, px);
        if (!f || TTF_MeasureUTF8(f, tmp, max_w, &extent, &count) != 0) count = 0;
        out = utf8_bytes(tmp, count);
        free(tmp);
        return out;
    }
    int room = max_w;
    for (size_t at = 0; at < len;) {
        int face;
        size_t end = next_run(t, bold, tmp, len, at, &face, NULL);
        TTF_Font *f = face_font(t, face, px);
        char c = tmp[end];
        tmp[end] = '\0';
        int extent = 0, count = 0;
        if (!f || room <= 0 || TTF_MeasureUTF8(f, tmp + at, room, &extent, &count) != 0) count = 0;
        size_t b = utf8_bytes(tmp + at, count);
        int rw = 0;
        if (f && at + b == end) TTF_SizeUTF8(f, tmp + at, &rw, NULL);
        tmp[end] = c;
        out = at + b;
        if (at + b < end) break;
        room -= rw;
        at = end;
    }
    free(tmp);
    return out;
}

/* One line, each run in its face, on a common baseline. */
static SDL_Surface *render_runs(text_t *t, int px, font_style_t st, const char *s, SDL_Color fg) {
    int bold = st == FONT_BOLD;
    size_t len = strlen(s);
    if (one_face(t, bold, s, len, NULL)) {
        TTF_Font *f = face_font(t, bold, px);
        return f ? TTF_RenderUTF8_Blended(f, s, fg) : NULL;
    }
    char *tmp = strdup(s);
    if (!tmp) return NULL;
    SDL_Surface **rs = NULL;
    int *asc = NULL;
    int n = 0, cap = 0, w = 0, top = 0, h = 0;
    for (size_t at = 0; at < len;) {
        int face;
        size_t end = next_run(t, bold, tmp, len, at, &face, NULL);
        TTF_Font *f = face_font(t, face, px);
        char c = tmp[end];
        tmp[end] = '\0';
        SDL_Surface *sf = f ? TTF_RenderUTF8_Blended(f, tmp + at, fg) : NULL;
        tmp[end] = c;
        at = end;
        if (!sf) continue;
        if (n == cap) {
            int nc = cap ? cap * 2 : 8;
            SDL_Surface **nr = realloc(rs, sizeof *rs * (size_t)nc);
            int *na = nr ? realloc(asc, sizeof *asc * (size_t)nc) : NULL;
            if (nr) rs = nr;
            if (!na) {
                SDL_FreeSurface(sf);
                break;
            }
            asc = na;
            cap = nc;
        }
        rs[n] = sf;
        asc[n] = TTF_FontAscent(f);
        if (asc[n] > top) top = asc[n];
        w += sf->w;
        n++;
    }
    free(tmp);
    for (int k = 0; k < n; k++)
        if (top - asc[k] + rs[k]->h > h) h = top - asc[k] + rs[k]->h;
    SDL_Surface *all =
        n > 0 ? SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888) : NULL;
    for (int k = 0, x = 0; k < n; k++) {
        if (all) {
            SDL_SetSurfaceBlendMode(rs[k], SDL_BLENDMODE_NONE);
            SDL_Rect dst = {x, top - asc[k], rs[k]->w, rs[k]->h};
            SDL_BlitSurface(rs[k], NULL, all, &dst);
        }
        x += rs[k]->w;
        SDL_FreeSurface(rs[k]);
    }
    free(rs);
    free(asc);
    return all;
}

/* Renders `len` bytes of s, cut with an ellipsis when wider than max_w (> 0). */
static SDL_Surface *render_line(text_t *t, int px, font_style_t st, const char *s, size_t len,
                                int max_w, SDL_Color fg) {
    char *line = malloc(len + 4);
    if (!line) return NULL;
    memcpy(line, s, len);
    line[len] = '\0';
    int w = line_width(t, px, st, line, len);
    if (max_w > 0 && w > max_w) {
        int ew = line_width(t, px, st, "\xe2\x80\xa6", 3);
        size_t keep = fit_bytes(t, px, st, line, len, max_w - ew);
        while (keep > 0 && line[keep - 1] == ' ')
            keep--;
        memcpy(line + keep, "\xe2\x80\xa6", 4); /* "…" and the terminator */
    }
    SDL_Surface *sf = line[0] ? render_runs(t, px, st, line, fg) : NULL;
    free(line);
    return sf;
}

/* Greedy word wrap into at most max_lines lines of surfaces, stacked into one. A line that a
 * taller fallback font draws gets the extra height it needs. */
static SDL_Surface *render_wrapped(text_t *t, int px, font_style_t st, const char *s, int wrap_w,
                                   int max_lines, SDL_Color fg) {
    TTF_Font *f = font_for(t, px, st);
    if (!f) return NULL;
    if (max_lines <= 0 || max_lines > MAX_LINES) max_lines = MAX_LINES;
    SDL_Surface *lines[MAX_LINES];
    int n = 0, w = 0;
    const char *p = s;
    while (*p && n < max_lines) {
        while (*p == ' ')
            p++;
        size_t rest = strcspn(p, "\n");
        size_t take = fit_bytes(t, px, st, p, rest, wrap_w);
        if (take < rest) { /* break at the last space that fits, else mid-word */
            size_t sp = take;
            while (sp > 0 && p[sp] != ' ')
                sp--;
            if (sp > 0) take = sp;
            if (take == 0) take = utf8_bytes(p, 1);
        }
        bool last = n == max_lines - 1;
        bool more = p[take] != '\0';
        SDL_Surface *sf = render_line(t, px, st, p, last && more ? rest : take, wrap_w, fg);
        if (!sf) break;
        lines[n++] = sf;
        if (sf->w > w) w = sf->w;
        p += take;
        if (*p == '\n') p++;
    }
    if (n == 0) return NULL;
    int skip = TTF_FontLineSkip(f), fh = TTF_FontHeight(f);
    int ys[MAX_LINES], y = 0;
    for (int i = 0; i < n; i++) {
        ys[i] = y;
        y += skip + (lines[i]->h > fh ? lines[i]->h - fh : 0);
    }
    SDL_Surface *all = SDL_CreateRGBSurfaceWithFormat(0, w, ys[n - 1] + lines[n - 1]->h, 32,
                                                      SDL_PIXELFORMAT_ARGB8888);
    for (int i = 0; i < n; i++) {
        if (all) {
            SDL_SetSurfaceBlendMode(lines[i], SDL_BLENDMODE_NONE);
            SDL_Rect dst = {0, ys[i], lines[i]->w, lines[i]->h};
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
    int missing = 0;
    bool plain = one_face(t, st == FONT_BOLD, s, strlen(s), &missing);
    if (rgb == MEASURE_ONLY) {
        if (plain ? TTF_SizeUTF8(f, s, &w, NULL) != 0
                  : (w = line_width(t, px, st, s, strlen(s))) <= 0)
            return NULL;
    } else {
        SDL_Color fg = {(Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255};
        SDL_Surface *sf = wrap_w > 0 ? render_wrapped(t, px, st, s, wrap_w, max_lines, fg)
                                     : render_line(t, px, st, s, strlen(s), max_w, fg);
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
        canvas_destroy_texture(t->e[i].tex); /* after the frame: a copy may be recorded */
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
                   .serial = tex ? canvas_serial() : 0,
                   .w = w,
                   .h = hh,
                   .missing = missing};
    e->chain = t->bucket[h & (BUCKETS - 1)];
    t->bucket[h & (BUCKETS - 1)] = i;
    lru_push_front(t, i);
    return e;
}

static Uint32 rgb_of(SDL_Color c) {
    return (Uint32)c.r << 16 | (Uint32)c.g << 8 | c.b;
}

static void blit(text_t *t, entry_t *e, SDL_Color c, int x, int y) {
    canvas_copy(t->r, e->tex, e->serial, (SDL_Rect){x, y, e->w, e->h}, c.a);
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
    t->missing += e->missing;
    return e->w;
}

int text_draw_wrapped(text_t *t, const char *s, int px, font_style_t st, SDL_Color c, int x, int y,
                      int wrap_w, int max_lines) {
    if (!s || !*s || wrap_w <= 0) return 0;
    entry_t *e = lookup(t, s, px, st, 0, wrap_w, max_lines, rgb_of(c));
    if (!e) return 0;
    if (c.a) {
        blit(t, e, c, x, y);
        t->missing += e->missing;
    }
    return e->h;
}

int text_width(text_t *t, const char *s, int px, font_style_t st) {
    if (!s || !*s) return 0;
    entry_t *e = lookup(t, s, px, st, 0, 0, 0, MEASURE_ONLY);
    return e ? e->w : 0;
}

int text_missing_glyphs(const text_t *t) {
    return t->missing > INT32_MAX ? INT32_MAX : (int)t->missing;
}

void text_missing_reset(text_t *t) {
    t->missing = 0;
}

int text_count_missing(text_t *t, const char *s, font_style_t st) {
    return s ? missing_in(t, s, st) : 0;
}
