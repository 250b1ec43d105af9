/* scene: the frame's record, kept as JSON text per section (each an array written as the frame
 * draws), joined into one document by scene_write. */
#include "scene.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the JSON writer ---- */

void jw_init(jw_t *w) {
    memset(w, 0, sizeof *w);
    w->first[0] = true;
}

void jw_free(jw_t *w) {
    free(w->buf);
    memset(w, 0, sizeof *w);
}

static void put(jw_t *w, const char *s, size_t n) {
    if (w->failed) return;
    if (w->len + n + 1 > w->cap) {
        size_t cap = w->cap ? w->cap : 4096;
        while (cap < w->len + n + 1)
            cap *= 2;
        char *b = realloc(w->buf, cap);
        if (!b) {
            w->failed = true;
            return;
        }
        w->buf = b;
        w->cap = cap;
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    w->buf[w->len] = '\0';
}

static void puts_(jw_t *w, const char *s) {
    put(w, s, strlen(s));
}

/* A comma before every value but the first of its array or object (keys count as values;
 * the value after a key does not). */
static void sep(jw_t *w) {
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (!w->first[w->depth]) put(w, ",", 1);
    w->first[w->depth] = false;
}

static void open_(jw_t *w, const char *c) {
    sep(w);
    put(w, c, 1);
    if (w->depth < (int)(sizeof w->first / sizeof w->first[0]) - 1) w->depth++;
    w->first[w->depth] = true;
}

static void close_(jw_t *w, const char *c) {
    if (w->depth > 0) w->depth--;
    put(w, c, 1);
}

void jw_begin_obj(jw_t *w) {
    open_(w, "{");
}
void jw_end_obj(jw_t *w) {
    close_(w, "}");
}
void jw_begin_arr(jw_t *w) {
    open_(w, "[");
}
void jw_end_arr(jw_t *w) {
    close_(w, "]");
}

static void quoted(jw_t *w, const char *v) {
    put(w, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        char esc[8];
        switch (*p) {
        case '"':
            puts_(w, "\\\"");
            break;
        case '\\':
            puts_(w, "\\\\");
            break;
        case '\n':
            puts_(w, "\\n");
            break;
        case '\r':
            puts_(w, "\\r");
            break;
        case '\t':
            puts_(w, "\\t");
            break;
        default:
            if (*p < 0x20 || *p == 0x7f) {
                snprintf(esc, sizeof esc, "\\u%04x", *p);
                puts_(w, esc);
            } else {
                put(w, (const char *)p, 1);
            }
        }
    }
    put(w, "\"", 1);
}

void jw_key(jw_t *w, const char *k) {
    sep(w);
    quoted(w, k);
    put(w, ":", 1);
    w->after_key = true;
}

void jw_str(jw_t *w, const char *v) {
    sep(w);
    if (v)
        quoted(w, v);
    else
        puts_(w, "null");
}

void jw_num(jw_t *w, double v) {
    sep(w);
    if (!isfinite(v)) {
        puts_(w, "null");
        return;
    }
    char b[40];
    snprintf(b, sizeof b, "%.10g", v);
    puts_(w, b);
}

void jw_int(jw_t *w, long long v) {
    sep(w);
    char b[32];
    snprintf(b, sizeof b, "%lld", v);
    puts_(w, b);
}

void jw_bool(jw_t *w, bool v) {
    sep(w);
    puts_(w, v ? "true" : "false");
}

void jw_rect(jw_t *w, ui_rect_t r) {
    jw_begin_arr(w);
    jw_int(w, r.x);
    jw_int(w, r.y);
    jw_int(w, r.w);
    jw_int(w, r.h);
    jw_end_arr(w);
}

void jw_raw(jw_t *w, const char *json, size_t n) {
    sep(w);
    put(w, json ? json : "null", json ? n : 4);
}

/* ---- the scene ---- */

enum { SEC_PANES, SEC_CHARTS, SEC_LABELS, SEC_TILES, SEC_ARROWS, SEC_BOXES, SEC_TEXTS, SEC_N };
static const char *const sec_names[SEC_N] = {"panes",  "charts", "labels", "tiles",
                                             "arrows", "boxes",  "texts"};

struct scene {
    int w, h;
    jw_t sec[SEC_N];
    bool in_chart, in_series;
    bool has_caption;
    char *caption;
    ui_rect_t caption_rect;
    bool caption_truncated;
    int caption_missing;
};

scene_t *scene_create(int w, int h) {
    scene_t *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->w = w;
    s->h = h;
    for (int i = 0; i < SEC_N; i++) {
        jw_init(&s->sec[i]);
        jw_begin_arr(&s->sec[i]);
    }
    return s;
}

void scene_destroy(scene_t *s) {
    if (!s) return;
    for (int i = 0; i < SEC_N; i++)
        jw_free(&s->sec[i]);
    free(s->caption);
    free(s);
}

void scene_pane(scene_t *s, const char *scenario, double time_s) {
    if (!s) return;
    jw_t *w = &s->sec[SEC_PANES];
    jw_begin_obj(w);
    jw_key(w, "scenario");
    jw_str(w, scenario);
    jw_key(w, "time_s");
    jw_num(w, time_s);
    jw_end_obj(w);
}

void scene_chart_begin(scene_t *s, const char *id, const char *service, const char *title,
                       ui_rect_t plot, double y_min, double y_max, double x_min_s, double x_max_s,
                       bool legend) {
    if (!s) return;
    if (s->in_chart) scene_chart_end(s);
    jw_t *w = &s->sec[SEC_CHARTS];
    jw_begin_obj(w);
    jw_key(w, "id");
    jw_str(w, id);
    jw_key(w, "service");
    jw_str(w, service);
    jw_key(w, "title");
    jw_str(w, title);
    jw_key(w, "plot");
    jw_rect(w, plot);
    jw_key(w, "y_min");
    jw_num(w, y_min);
    jw_key(w, "y_max");
    jw_num(w, y_max);
    jw_key(w, "x_min_s");
    jw_num(w, x_min_s);
    jw_key(w, "x_max_s");
    jw_num(w, x_max_s);
    jw_key(w, "legend");
    jw_bool(w, legend);
    jw_key(w, "series");
    jw_begin_arr(w);
    s->in_chart = true;
}

void scene_chart_end(scene_t *s) {
    if (!s || !s->in_chart) return;
    if (s->in_series) scene_series_end(s);
    jw_t *w = &s->sec[SEC_CHARTS];
    jw_end_arr(w);
    jw_end_obj(w);
    s->in_chart = false;
}

void scene_series_begin(scene_t *s, const char *label, const char *version, bool dashed) {
    if (!s || !s->in_chart) return;
    if (s->in_series) scene_series_end(s);
    jw_t *w = &s->sec[SEC_CHARTS];
    jw_begin_obj(w);
    jw_key(w, "label");
    jw_str(w, label);
    jw_key(w, "version");
    jw_str(w, version);
    jw_key(w, "style");
    jw_str(w, dashed ? "dashed" : "solid");
    jw_key(w, "points");
    jw_begin_arr(w);
    s->in_series = true;
}

void scene_series_points(scene_t *s, const float *xy, int n) {
    if (!s || !s->in_series) return;
    jw_t *w = &s->sec[SEC_CHARTS];
    for (int i = 0; i < n; i++) {
        jw_begin_arr(w);
        /* a tenth of a pixel is all the precision a picture has */
        jw_num(w, round(xy[2 * i] * 10.0) / 10.0);
        jw_num(w, round(xy[2 * i + 1] * 10.0) / 10.0);
        jw_end_arr(w);
    }
}

void scene_series_end(scene_t *s) {
    if (!s || !s->in_series) return;
    jw_t *w = &s->sec[SEC_CHARTS];
    jw_end_arr(w);
    jw_end_obj(w);
    s->in_series = false;
}

void scene_label(scene_t *s, const char *text, ui_rect_t r, const char *chart) {
    if (!s) return;
    jw_t *w = &s->sec[SEC_LABELS];
    jw_begin_obj(w);
    jw_key(w, "text");
    jw_str(w, text);
    jw_key(w, "rect");
    jw_rect(w, r);
    jw_key(w, "chart");
    jw_str(w, chart);
    jw_end_obj(w);
}

void scene_tile(scene_t *s, const char *pod, const char *service, const char *version,
                const char *state, const char *ip, ui_rect_t r) {
    if (!s) return;
    jw_t *w = &s->sec[SEC_TILES];
    jw_begin_obj(w);
    jw_key(w, "pod");
    jw_str(w, pod);
    jw_key(w, "service");
    jw_str(w, service);
    jw_key(w, "version");
    jw_str(w, version);
    jw_key(w, "state");
    jw_str(w, state);
    jw_key(w, "ip");
    jw_str(w, ip);
    jw_key(w, "rect");
    jw_rect(w, r);
    jw_end_obj(w);
}

void scene_arrow(scene_t *s, const char *from, const char *to, double share, double failing_share) {
    if (!s) return;
    jw_t *w = &s->sec[SEC_ARROWS];
    jw_begin_obj(w);
    jw_key(w, "from");
    jw_str(w, from);
    jw_key(w, "to");
    jw_str(w, to);
    jw_key(w, "share");
    jw_num(w, share);
    jw_key(w, "failing_share");
    jw_num(w, failing_share);
    jw_end_obj(w);
}

void scene_box(scene_t *s, const char *kind, const char *name, ui_rect_t r) {
    if (!s) return;
    jw_t *w = &s->sec[SEC_BOXES];
    jw_begin_obj(w);
    jw_key(w, "kind");
    jw_str(w, kind);
    jw_key(w, "name");
    jw_str(w, name);
    jw_key(w, "rect");
    jw_rect(w, r);
    jw_end_obj(w);
}

void scene_caption(scene_t *s, const char *text, ui_rect_t r, bool truncated, int missing_glyphs) {
    if (!s) return;
    free(s->caption);
    s->caption = text ? strdup(text) : NULL;
    s->has_caption = true;
    s->caption_rect = r;
    s->caption_truncated = truncated;
    s->caption_missing = missing_glyphs;
}

void scene_text(scene_t *s, const char *text, ui_rect_t r, int px, bool truncated) {
    if (!s || !text || !*text) return;
    jw_t *w = &s->sec[SEC_TEXTS];
    jw_begin_obj(w);
    jw_key(w, "text");
    jw_str(w, text);
    jw_key(w, "rect");
    jw_rect(w, r);
    jw_key(w, "px");
    jw_int(w, px);
    jw_key(w, "truncated");
    jw_bool(w, truncated);
    jw_end_obj(w);
}

int scene_write(const scene_t *s, const char *path) {
    if (s->in_chart) scene_chart_end((scene_t *)s);
    jw_t doc;
    jw_init(&doc);
    jw_begin_obj(&doc);
    jw_key(&doc, "size");
    jw_begin_arr(&doc);
    jw_int(&doc, s->w);
    jw_int(&doc, s->h);
    jw_end_arr(&doc);
    bool failed = false;
    for (int i = 0; i < SEC_N; i++) {
        jw_t sec = s->sec[i]; /* a copy to close: the scene itself stays open */
        char *copy = sec.buf ? malloc(sec.len + 2) : NULL;
        if (!copy) {
            failed = true;
            break;
        }
        memcpy(copy, sec.buf, sec.len);
        copy[sec.len] = ']';
        copy[sec.len + 1] = '\0';
        failed = failed || sec.failed;
        jw_key(&doc, sec_names[i]);
        jw_raw(&doc, copy, sec.len + 1);
        free(copy);
    }
    jw_key(&doc, "caption");
    if (s->has_caption) {
        jw_begin_obj(&doc);
        jw_key(&doc, "text");
        jw_str(&doc, s->caption);
        jw_key(&doc, "rect");
        jw_rect(&doc, s->caption_rect);
        jw_key(&doc, "truncated");
        jw_bool(&doc, s->caption_truncated);
        jw_key(&doc, "missing_glyphs");
        jw_int(&doc, s->caption_missing);
        jw_end_obj(&doc);
    } else {
        jw_str(&doc, NULL);
    }
    jw_end_obj(&doc);
    put(&doc, "\n", 1);
    if (failed || doc.failed) {
        jw_free(&doc);
        return ENOMEM;
    }
    FILE *f = fopen(path, "w");
    if (!f) {
        int e = errno;
        jw_free(&doc);
        return e;
    }
    size_t wr = fwrite(doc.buf, 1, doc.len, f);
    int rc = wr == doc.len ? 0 : EIO;
    if (fclose(f) != 0 && rc == 0) rc = errno;
    jw_free(&doc);
    return rc;
}
