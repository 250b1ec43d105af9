/* gfx: every shape is drawn as axis-aligned rectangles batched into SDL_RenderFillRects.
 * The software renderer fills rectangles quickly, while its SDL_RenderGeometry allocates
 * and rasterizes per triangle (four mallocs each in SDL 2.26): lines, discs, arcs and
 * triangles are therefore scan-converted here into spans. */
#include "gfx.h"

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"

static SDL_FRect *buf;
static int len, cap;

static void span(float x, float y, float w, float h) {
    if (w <= 0 || h <= 0) return;
    if (len == cap) {
        int ncap = cap ? cap * 2 : 4096;
        SDL_FRect *n = realloc(buf, sizeof *n * (size_t)ncap);
        if (!n) return;
        buf = n;
        cap = ncap;
    }
    buf[len++] = (SDL_FRect){x, y, w, h};
}

static void flush(SDL_Renderer *r, SDL_Color c) {
    canvas_fill(r, buf, len, c);
    len = 0;
}

#define BATCH_COLORS 8

static struct {
    SDL_Color c;
    SDL_FRect *rects;
    int len, cap;
} batch[BATCH_COLORS];
static int batch_used;

void gfx_batch_flush(SDL_Renderer *r) {
    for (int k = 0; k < batch_used; k++) {
        canvas_fill(r, batch[k].rects, batch[k].len, batch[k].c);
        batch[k].len = 0;
    }
    batch_used = 0;
}

void gfx_batch_fill(SDL_Renderer *r, ui_rect_t rc, SDL_Color c) {
    if (rc.w <= 0 || rc.h <= 0 || c.a == 0) return;
    int k = 0;
    while (k < batch_used && memcmp(&batch[k].c, &c, sizeof c) != 0)
        k++;
    if (k == BATCH_COLORS) { /* too many colours at once: draw what is kept */
        gfx_batch_flush(r);
        k = 0;
    }
    if (k == batch_used) {
        batch[k].c = c;
        batch_used++;
    }
    if (batch[k].len == batch[k].cap) {
        int ncap = batch[k].cap ? batch[k].cap * 2 : 1024;
        SDL_FRect *n = realloc(batch[k].rects, sizeof *n * (size_t)ncap);
        if (!n) {
            gfx_fill(r, rc, c);
            return;
        }
        batch[k].rects = n;
        batch[k].cap = ncap;
    }
    batch[k].rects[batch[k].len++] =
        (SDL_FRect){(float)rc.x, (float)rc.y, (float)rc.w, (float)rc.h};
}

void gfx_shutdown(void) {
    free(buf);
    buf = NULL;
    len = cap = 0;
    for (int k = 0; k < BATCH_COLORS; k++) {
        free(batch[k].rects);
        batch[k].rects = NULL;
        batch[k].len = batch[k].cap = 0;
    }
    batch_used = 0;
}

void gfx_fill(SDL_Renderer *r, ui_rect_t rc, SDL_Color c) {
    if (rc.w <= 0 || rc.h <= 0 || c.a == 0) return;
    SDL_FRect f = {(float)rc.x, (float)rc.y, (float)rc.w, (float)rc.h}; /* as SDL_RenderFillRect */
    canvas_fill(r, &f, 1, c);
}

void gfx_frame(SDL_Renderer *r, ui_rect_t rc, int t, SDL_Color c) {
    if (rc.w <= 0 || rc.h <= 0) return;
    if (t * 2 >= rc.w || t * 2 >= rc.h) {
        gfx_fill(r, rc, c);
        return;
    }
    span((float)rc.x, (float)rc.y, (float)rc.w, (float)t);
    span((float)rc.x, (float)(rc.y + rc.h - t), (float)rc.w, (float)t);
    span((float)rc.x, (float)(rc.y + t), (float)t, (float)(rc.h - 2 * t));
    span((float)(rc.x + rc.w - t), (float)(rc.y + t), (float)t, (float)(rc.h - 2 * t));
    flush(r, c);
}

/* Dashes along one edge from (x, y), `n` pixels long, horizontal or vertical. */
static void dash_edge(int x, int y, int n, bool horiz, int t, int dash) {
    /* Centre the pattern so both corners get a dash. */
    int period = 2 * dash;
    int count = (n + dash) / period;
    if (count < 1) count = 1;
    int used = count * period - dash;
    int off = (n - used) / 2;
    for (int i = 0; i < count; i++) {
        int a = off + i * period;
        int b = a + dash;
        if (i == 0) a = 0;
        if (i == count - 1) b = n;
        if (horiz)
            span((float)(x + a), (float)y, (float)(b - a), (float)t);
        else
            span((float)x, (float)(y + a), (float)t, (float)(b - a));
    }
}

void gfx_dashed_frame(SDL_Renderer *r, ui_rect_t rc, int t, int dash, SDL_Color c) {
    if (rc.w <= 0 || rc.h <= 0) return;
    if (dash < 2) dash = 2;
    dash_edge(rc.x, rc.y, rc.w, true, t, dash);
    dash_edge(rc.x, rc.y + rc.h - t, rc.w, true, t, dash);
    dash_edge(rc.x, rc.y + t, rc.h - 2 * t, false, t, dash);
    dash_edge(rc.x + rc.w - t, rc.y + t, rc.h - 2 * t, false, t, dash);
    flush(r, c);
}

/* Rounded boxes are drawn as horizontal spans (one rectangle per corner row plus the body):
 * the software renderer fills rectangles far faster than it rasterizes triangles. */
static int corner_inset(int rad, int row) {
    double dy = rad - row - 0.5;
    return rad - (int)lround(sqrt((double)rad * rad - dy * dy));
}

static int clamp_radius(ui_rect_t rc, int radius) {
    int rad = radius;
    if (rad * 2 > rc.w) rad = rc.w / 2;
    if (rad * 2 > rc.h) rad = rc.h / 2;
    return rad < 0 ? 0 : rad;
}

void gfx_round_fill(SDL_Renderer *r, ui_rect_t rc, int radius, SDL_Color c) {
    if (rc.w <= 0 || rc.h <= 0 || c.a == 0) return;
    int rad = clamp_radius(rc, radius);
    if (rad <= 1) {
        gfx_fill(r, rc, c);
        return;
    }
    for (int i = 0; i < rad; i++) {
        int in = corner_inset(rad, i);
        span((float)(rc.x + in), (float)(rc.y + i), (float)(rc.w - 2 * in), 1);
        span((float)(rc.x + in), (float)(rc.y + rc.h - 1 - i), (float)(rc.w - 2 * in), 1);
    }
    span((float)rc.x, (float)(rc.y + rad), (float)rc.w, (float)(rc.h - 2 * rad));
    flush(r, c);
}

void gfx_round_frame(SDL_Renderer *r, ui_rect_t rc, int radius, int t, SDL_Color c) {
    if (rc.w <= 0 || rc.h <= 0 || t <= 0) return;
    int rad = clamp_radius(rc, radius);
    if (rad <= t) {
        gfx_frame(r, rc, t, c);
        return;
    }
    /* each corner row: from the outer curve to the inner one (radius rad - t) */
    int ir = rad - t;
    for (int i = 0; i < rad; i++) {
        int out = corner_inset(rad, i);
        int inner = i < t ? rc.w / 2 : (i - t < ir ? corner_inset(ir, i - t) + t : t);
        int w = inner - out;
        if (w <= 0) continue;
        const int ys[2] = {rc.y + i, rc.y + rc.h - 1 - i};
        for (int k = 0; k < 2; k++) {
            span((float)(rc.x + out), (float)ys[k], (float)w, 1);
            span((float)(rc.x + rc.w - out - w), (float)ys[k], (float)w, 1);
        }
    }
    span((float)rc.x, (float)(rc.y + rad), (float)t, (float)(rc.h - 2 * rad));
    span((float)(rc.x + rc.w - t), (float)(rc.y + rad), (float)t, (float)(rc.h - 2 * rad));
    flush(r, c);
}

/* One segment `w` thick as columns (flat) or rows (steep) of pixels, walking the major axis.
 * Columns are whole pixels apart so a translucent line does not darken where spans overlap.
 * A flat segment drawn left to right skips the columns before `from` (those its predecessor
 * drew) and returns the column after its last; other segments return INT_MIN. */
static int seg_spans_from(float x0, float y0, float x1, float y1, float w, int from) {
    bool steep = fabsf(y1 - y0) > fabsf(x1 - x0);
    bool rightward = !steep && x1 >= x0;
    float a0 = steep ? y0 : x0, b0 = steep ? x0 : y0; /* a: along the line, b: across */
    float a1 = steep ? y1 : x1, b1 = steep ? x1 : y1;
    if (a1 < a0) {
        float t = a0;
        a0 = a1;
        a1 = t;
        t = b0;
        b0 = b1;
        b1 = t;
    }
    float slope = a1 != a0 ? (b1 - b0) / (a1 - a0) : 0;
    float thick = w + fabsf(slope); /* covers the step to the next column */
    int first = (int)floorf(a0), last = (int)ceilf(a1);
    if (last == first) last = first + 1;
    if (rightward && from > first) first = from;
    for (int i = first; i < last; i++) {
        float bc = b0 + slope * ((float)i + 0.5f - a0);
        float lo = floorf(bc - thick / 2 + 0.5f), across = floorf(thick + 0.5f);
        if (steep)
            span(lo, (float)i, across, 1);
        else
            span((float)i, lo, 1, across);
    }
    return rightward ? (last > first ? last : first) : INT_MIN;
}

static void seg_spans(float x0, float y0, float x1, float y1, float w) {
    seg_spans_from(x0, y0, x1, y1, w, INT_MIN);
}

void gfx_line(SDL_Renderer *r, float x0, float y0, float x1, float y1, float w, SDL_Color c) {
    seg_spans(x0, y0, x1, y1, w);
    flush(r, c);
}

void gfx_polyline(SDL_Renderer *r, const float *xy, int n, float w, float dash, SDL_Color c) {
    if (n < 2) return;
    float left = dash; /* length left in the current dash or gap */
    bool draw = true;
    int next = INT_MIN; /* solid: the first column the next flat segment may draw */
    for (int i = 0; i + 1 < n; i++) {
        float x0 = xy[2 * i], y0 = xy[2 * i + 1], x1 = xy[2 * i + 2], y1 = xy[2 * i + 3];
        if (dash <= 0) {
            /* every column once: a column the previous segment drew is not drawn again (a
             * translucent line would darken there), and none is skipped (a solid line would
             * look dotted where samples are closer than 2 px) */
            next = seg_spans_from(x0, y0, x1, y1, w, next);
            continue;
        }
        float dx = x1 - x0, dy = y1 - y0, l = sqrtf(dx * dx + dy * dy), pos = 0;
        while (pos < l) {
            float step = fminf(left, l - pos);
            if (draw)
                seg_spans(x0 + dx * pos / l, y0 + dy * pos / l, x0 + dx * (pos + step) / l,
                          y0 + dy * (pos + step) / l, w);
            pos += step;
            left -= step;
            if (left <= 0) {
                draw = !draw;
                left = dash;
            }
        }
    }
    flush(r, c);
}

void gfx_arc(SDL_Renderer *r, float cx, float cy, float radius, float thick, float a0, float a1,
             SDL_Color c) {
    if (a1 <= a0) return;
    /* dots along the middle of the ring, close enough to overlap into a band */
    float mid = radius - thick / 2;
    int steps = (int)ceilf((a1 - a0) * mid / 0.8f);
    if (steps < 1) steps = 1;
    for (int i = 0; i <= steps; i++) {
        float t = a0 + (a1 - a0) * i / steps;
        float x = cx + mid * sinf(t), y = cy - mid * cosf(t);
        span(floorf(x - thick / 2 + 0.5f), floorf(y - thick / 2 + 0.5f), floorf(thick + 0.5f),
             floorf(thick + 0.5f));
    }
    flush(r, c);
}

void gfx_disc(SDL_Renderer *r, float cx, float cy, float radius, SDL_Color c) {
    int top = (int)floorf(cy - radius), bottom = (int)ceilf(cy + radius);
    for (int y = top; y < bottom; y++) {
        float dy = (float)y + 0.5f - cy;
        float h2 = radius * radius - dy * dy;
        if (h2 <= 0) continue;
        float hw = sqrtf(h2);
        span(floorf(cx - hw + 0.5f), (float)y, floorf(2 * hw + 0.5f), 1);
    }
    flush(r, c);
}

void gfx_triangle(SDL_Renderer *r, float x0, float y0, float x1, float y1, float x2, float y2,
                  SDL_Color c) {
    const float xs[3] = {x0, x1, x2}, ys[3] = {y0, y1, y2};
    int top = (int)floorf(fminf(y0, fminf(y1, y2))), bottom = (int)ceilf(fmaxf(y0, fmaxf(y1, y2)));
    for (int y = top; y < bottom; y++) {
        float yc = (float)y + 0.5f, lo = 1e9f, hi = -1e9f;
        for (int e = 0; e < 3; e++) {
            float ax = xs[e], ay = ys[e], bx = xs[(e + 1) % 3], by = ys[(e + 1) % 3];
            if ((yc < ay) == (yc < by)) continue; /* the row misses this edge */
            float x = ax + (bx - ax) * (yc - ay) / (by - ay);
            lo = fminf(lo, x);
            hi = fmaxf(hi, x);
        }
        if (hi > lo) span(floorf(lo + 0.5f), (float)y, floorf(hi + 0.5f) - floorf(lo + 0.5f), 1);
    }
    flush(r, c);
}
