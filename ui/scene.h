/* scene: a record of what one frame drew (charts with their plotted polylines, marker labels,
 * pod tiles, traffic arrows, boxes, the caption and every other string), written as JSON by
 * --scene so tests can assert on the picture. The drawing functions append to it as they
 * draw; a NULL scene records nothing. The JSON is written by a small writer here: the UI does
 * not use cJSON. */
#ifndef DEPLOYSIM_UI_SCENE_H
#define DEPLOYSIM_UI_SCENE_H

#include <stdbool.h>
#include <stddef.h>

#include "layout.h"

typedef struct scene scene_t;

scene_t *scene_create(int w, int h);
void scene_destroy(scene_t *s);
/* Writes the JSON document; 0 = ok, else errno's value. */
int scene_write(const scene_t *s, const char *path);

void scene_pane(scene_t *s, const char *scenario, double time_s);
/* A chart: `version` of a series may be NULL (null in the JSON). Series belong to the chart
 * begun last; points are appended from every polyline the series draws. */
void scene_chart_begin(scene_t *s, const char *id, const char *service, const char *title,
                       ui_rect_t plot, double y_min, double y_max, double x_min_s, double x_max_s,
                       bool legend);
void scene_chart_end(scene_t *s);
void scene_series_begin(scene_t *s, const char *label, const char *version, bool dashed);
void scene_series_points(scene_t *s, const float *xy, int n);
void scene_series_end(scene_t *s);
void scene_label(scene_t *s, const char *text, ui_rect_t r, const char *chart);
/* `ip` NULL: none shown. */
void scene_tile(scene_t *s, const char *pod, const char *service, const char *version,
                const char *state, const char *ip, ui_rect_t r);
void scene_arrow(scene_t *s, const char *from, const char *to, double share, double failing_share);
void scene_box(scene_t *s, const char *kind, const char *name, ui_rect_t r);
void scene_caption(scene_t *s, const char *text, ui_rect_t r, bool truncated, int missing_glyphs);
void scene_text(scene_t *s, const char *text, ui_rect_t r, int px, bool truncated);

/* ---- the JSON writer (exposed for its unit test) ---- */
typedef struct {
    char *buf;
    size_t len, cap;
    bool failed;    /* out of memory: the document is incomplete */
    bool after_key; /* the next value follows a key: no comma */
    int depth;      /* nesting */
    bool first[32]; /* nothing written yet at this depth */
} jw_t;

void jw_init(jw_t *w);
void jw_free(jw_t *w);
void jw_begin_obj(jw_t *w);
void jw_end_obj(jw_t *w);
void jw_begin_arr(jw_t *w);
void jw_end_arr(jw_t *w);
void jw_key(jw_t *w, const char *k);
/* NULL writes null. Control characters, quotes and backslashes are escaped; UTF-8 passes. */
void jw_str(jw_t *w, const char *v);
/* Non-finite numbers are written as null (JSON has no NaN). */
void jw_num(jw_t *w, double v);
void jw_int(jw_t *w, long long v);
void jw_bool(jw_t *w, bool v);
void jw_rect(jw_t *w, ui_rect_t r);
/* Appends an already written value (a JSON array or object). */
void jw_raw(jw_t *w, const char *json, size_t n);

#endif
