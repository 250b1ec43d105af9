/* gfx: geometry batches. Each public call builds its triangles in one buffer and flushes it
 * with a single SDL_RenderGeometry. */
#include "gfx.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

static SDL_Vertex *buf;
static int len, cap;

static void push(float x, float y, SDL_Color c) {
    if (len == cap) {
        int ncap = cap ? cap * 2 : 4096;
        SDL_Vertex *n = realloc(buf, sizeof *n * (size_t)ncap);
        if (!n) return;
        buf = n;
        cap = ncap;
    }
    buf[len++] = (SDL_Vertex){{x, y}, c, {0, 0}};
}

static void tri(float x0, float y0, float x1, float y1, float x2, float y2, SDL_Color c) {
    push(x0, y0, c);
    push(x1, y1, c);
    push(x2, y2, c);
}

static void quad(float x0, float y0, float x1, float y1, float x2, float y2, float x3, float y3,
                 SDL_Color c) {
    tri(x0, y0, x1, y1, x2, y2, c);
    tri(x0, y0, x2, y2, x3, y3, c);
}

static void flush(SDL_Renderer *r) {
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    if (len) SDL_RenderGeometry(r, NULL, buf, len, NULL, 0);
    len = 0;
}

void gfx_shutdown(void) {
    free(buf);
    buf = NULL;
    len = cap = 0;
}

void gfx_fill(SDL_Renderer *r, ui_rect_t rc, SDL_Color c) {
    if (rc.w <= 0 || rc.h <= 0 || c.a == 0) return;
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    SDL_SetRenderDrawBlendMode(r, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_Rect s = {rc.x, rc.y, rc.w, rc.h};
    SDL_RenderFillRect(r, &s);
}

void gfx_frame(SDL_Renderer *r, ui_rect_t rc, int t, SDL_Color c) {
    if (rc.w <= 0 || rc.h <= 0) return;
    if (t * 2 >= rc.w || t * 2 >= rc.h) {
        gfx_fill(r, rc, c);
        return;
    }
    gfx_fill(r, (ui_rect_t){rc.x, rc.y, rc.w, t}, c);
    gfx_fill(r, (ui_rect_t){rc.x, rc.y + rc.h - t, rc.w, t}, c);
    gfx_fill(r, (ui_rect_t){rc.x, rc.y + t, t, rc.h - 2 * t}, c);
    gfx_fill(r, (ui_rect_t){rc.x + rc.w - t, rc.y + t, t, rc.h - 2 * t}, c);
}

/* Dashes along one edge from (x, y), `n` pixels long, horizontal or vertical. */
static void dash_edge(SDL_Renderer *r, int x, int y, int n, bool horiz, int t, int dash,
                      SDL_Color c) {
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
        if (horiz) gfx_fill(r, (ui_rect_t){x + a, y, b - a, t}, c);
        else gfx_fill(r, (ui_rect_t){x, y + a, t, b - a}, c);
    }
}

void gfx_dashed_frame(SDL_Renderer *r, ui_rect_t rc, int t, int dash, SDL_Color c) {
    if (rc.w <= 0 || rc.h <= 0) return;
    if (dash < 2) dash = 2;
    dash_edge(r, rc.x, rc.y, rc.w, true, t, dash, c);
    dash_edge(r, rc.x, rc.y + rc.h - t, rc.w, true, t, dash, c);
    dash_edge(r, rc.x, rc.y, rc.h, false, t, dash, c);
    dash_edge(r, rc.x + rc.w - t, rc.y, rc.h, false, t, dash, c);
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
        gfx_fill(r, (ui_rect_t){rc.x + in, rc.y + i, rc.w - 2 * in, 1}, c);
        gfx_fill(r, (ui_rect_t){rc.x + in, rc.y + rc.h - 1 - i, rc.w - 2 * in, 1}, c);
    }
    gfx_fill(r, (ui_rect_t){rc.x, rc.y + rad, rc.w, rc.h - 2 * rad}, c);
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
        int ys[2] = {rc.y + i, rc.y + rc.h - 1 - i};
        for (int k = 0; k < 2; k++) {
            gfx_fill(r, (ui_rect_t){rc.x + out, ys[k], w, 1}, c);
            gfx_fill(r, (ui_rect_t){rc.x + rc.w - out - w, ys[k], w, 1}, c);
        }
    }
    gfx_fill(r, (ui_rect_t){rc.x, rc.y + rad, t, rc.h - 2 * rad}, c);
    gfx_fill(r, (ui_rect_t){rc.x + rc.w - t, rc.y + rad, t, rc.h - 2 * rad}, c);
}

static void seg_quad(float x0, float y0, float x1, float y1, float w, SDL_Color c) {
    float dx = x1 - x0, dy = y1 - y0;
    float l = sqrtf(dx * dx + dy * dy);
    if (l < 1e-3f) {
        quad(x0 - w / 2, y0 - w / 2, x0 + w / 2, y0 - w / 2, x0 + w / 2, y0 + w / 2,
             x0 - w / 2, y0 + w / 2, c);
        return;
    }
    float nx = -dy / l * w / 2, ny = dx / l * w / 2;
    quad(x0 + nx, y0 + ny, x1 + nx, y1 + ny, x1 - nx, y1 - ny, x0 - nx, y0 - ny, c);
}

/* A soft edge: a wider, translucent pass under the core line hides the stair steps. */
static void soft_segment(float x0, float y0, float x1, float y1, float w, SDL_Color c,
                         bool halo) {
    if (halo) {
        SDL_Color h = c;
        h.a = (Uint8)(c.a * 0.35f);
        seg_quad(x0, y0, x1, y1, w + 1.2f, h);
    } else {
        seg_quad(x0, y0, x1, y1, w, c);
    }
}

void gfx_line(SDL_Renderer *r, float x0, float y0, float x1, float y1, float w, SDL_Color c) {
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    soft_segment(x0, y0, x1, y1, w, c, true);
    soft_segment(x0, y0, x1, y1, w, c, false);
    flush(r);
}

static void polyline_pass(const float *xy, int n, float w, float dash, SDL_Color c, bool halo) {
    float on = dash, left = dash; /* dash pattern state: length left in the current part */
    bool draw = true;
    for (int i = 0; i + 1 < n; i++) {
        float x0 = xy[2 * i], y0 = xy[2 * i + 1], x1 = xy[2 * i + 2], y1 = xy[2 * i + 3];
        if (dash <= 0) {
            soft_segment(x0, y0, x1, y1, w, c, halo);
            /* a square at the joint closes the gap between two segments */
            if (!halo && i > 0)
                quad(x0 - w / 2, y0 - w / 2, x0 + w / 2, y0 - w / 2, x0 + w / 2, y0 + w / 2,
                     x0 - w / 2, y0 + w / 2, c);
            continue;
        }
        float dx = x1 - x0, dy = y1 - y0, l = sqrtf(dx * dx + dy * dy), pos = 0;
        while (pos < l) {
            float step = fminf(left, l - pos);
            if (draw)
                soft_segment(x0 + dx * pos / l, y0 + dy * pos / l, x0 + dx * (pos + step) / l,
                             y0 + dy * (pos + step) / l, w, c, halo);
            pos += step;
            left -= step;
            if (left <= 0) {
                draw = !draw;
                left = on;
            }
        }
    }
}

void gfx_polyline(SDL_Renderer *r, const float *xy, int n, float w, float dash, SDL_Color c) {
    if (n < 2) return;
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    polyline_pass(xy, n, w, dash, c, true);
    polyline_pass(xy, n, w, dash, c, false);
    flush(r);
}

void gfx_arc(SDL_Renderer *r, float cx, float cy, float radius, float thick, float a0, float a1,
             SDL_Color c) {
    if (a1 <= a0) return;
    int seg = (int)ceilf((a1 - a0) / 0.2f);
    if (seg < 2) seg = 2;
    float ri = radius - thick;
    for (int i = 0; i < seg; i++) {
        float t0 = a0 + (a1 - a0) * i / seg, t1 = a0 + (a1 - a0) * (i + 1) / seg;
        float s0 = sinf(t0), c0 = -cosf(t0), s1 = sinf(t1), c1 = -cosf(t1);
        quad(cx + radius * s0, cy + radius * c0, cx + radius * s1, cy + radius * c1,
             cx + ri * s1, cy + ri * c1, cx + ri * s0, cy + ri * c0, c);
    }
    flush(r);
}

void gfx_disc(SDL_Renderer *r, float cx, float cy, float radius, SDL_Color c) {
    int seg = radius < 6 ? 12 : 24;
    for (int i = 0; i < seg; i++) {
        float t0 = 2 * (float)M_PI * i / seg, t1 = 2 * (float)M_PI * (i + 1) / seg;
        tri(cx, cy, cx + radius * cosf(t0), cy + radius * sinf(t0), cx + radius * cosf(t1),
            cy + radius * sinf(t1), c);
    }
    flush(r);
}

void gfx_triangle(SDL_Renderer *r, float x0, float y0, float x1, float y1, float x2, float y2,
                  SDL_Color c) {
    tri(x0, y0, x1, y1, x2, y2, c);
    flush(r);
}
