/* chart_legend: a chart's legend — entries with their current values, on the title line or,
 * when it does not fit, wrapped into lines under it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axis.h"
#include "draw_charts.h"
#include "gfx.h"
#include "i18n.h"
#include "ui.h"

/* A rate for a title: "300", "2.5", "267k". */
const char *chart_rate(double v, char *buf, size_t n) {
    if (v >= 99500)
        snprintf(buf, n, "%.0fk", v / 1000);
    else if (v >= 10000)
        snprintf(buf, n, "%.1fk", v / 1000);
    else if (v > 0 && v < 10)
        snprintf(buf, n, "%.1f", v);
    else
        snprintf(buf, n, "%.0f", v);
    return buf;
}

/* The width legend entries take. */
int chart_legend_width(const ui_draw_t *d, const legend_t *items, int n) {
    int px = d->small_px, total = 0;
    for (int i = 0; i < n; i++)
        total += px + 4 + text_width(d->text, ui_tr(d->lang, items[i].label), px, FONT_REGULAR) +
                 px * 3 / 4;
    return total;
}

/* Legend entries right-aligned on the title line; returns the x where they begin. */
int chart_draw_legend(const ui_draw_t *d, const legend_t *items, int n, int right, int y,
                      int min_x) {
    int px = d->small_px, lh = layout_line(px), sw = px;
    int total = chart_legend_width(d, items, n);
    int x = right - total;
    if (x < min_x) return right; /* no room: leave it out rather than overlap */
    int start = x;
    for (int i = 0; i < n; i++) {
        float cy = (float)(y + lh / 2);
        if (items[i].dashed) {
            gfx_line(d->r, (float)x, cy, (float)x + sw * 0.4f, cy, 2.5f, items[i].c);
            gfx_line(d->r, (float)x + sw * 0.6f, cy, (float)(x + sw), cy, 2.5f, items[i].c);
        } else {
            gfx_line(d->r, (float)x, cy, (float)(x + sw), cy, 3, items[i].c);
        }
        x += sw + 4;
        x += text_draw(d->text, ui_tr(d->lang, items[i].label), px, FONT_REGULAR, d->th->ink_muted,
                       x, y, ALIGN_LEFT, 0) +
             px * 3 / 4;
    }
    return start;
}

/* One legend entry: its key line and its label; returns its width. */
static int legend_entry(const ui_draw_t *d, const legend_t *it, int x, int y) {
    int px = d->small_px, lh = layout_line(px), sw = px;
    float cy = (float)(y + lh / 2);
    if (it->dashed) {
        gfx_line(d->r, (float)x, cy, (float)x + sw * 0.4f, cy, 2.5f, it->c);
        gfx_line(d->r, (float)x + sw * 0.6f, cy, (float)(x + sw), cy, 2.5f, it->c);
    } else {
        gfx_line(d->r, (float)x, cy, (float)(x + sw), cy, 3, it->c);
    }
    return sw + 4 +
           text_draw(d->text, ui_tr(d->lang, it->label), px, FONT_REGULAR, d->th->ink_muted,
                     x + sw + 4, y, ALIGN_LEFT, 0) +
           px * 3 / 4;
}

/* Lines a legend takes wrapped into `width`. */
int chart_legend_lines(const ui_draw_t *d, const legend_t *items, int n, int width) {
    int lines = 1, x = 0;
    for (int i = 0; i < n; i++) {
        int w = chart_legend_width(d, &items[i], 1);
        if (x > 0 && x + w > width) {
            lines++;
            x = 0;
        }
        x += w;
    }
    return lines;
}

/* The legend wrapped into lines from (x, y), `width` wide. */
void chart_draw_legend_lines(const ui_draw_t *d, const legend_t *items, int n, int x0, int width,
                             int y) {
    int x = x0, lh = layout_line(d->small_px);
    for (int i = 0; i < n; i++) {
        int w = chart_legend_width(d, &items[i], 1);
        if (x > x0 && x + w > x0 + width) {
            x = x0;
            y += lh;
        }
        x += legend_entry(d, &items[i], x, y);
    }
}
