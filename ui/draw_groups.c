/* draw_groups: a cluster of many nodes, grouped (pane.c make_groups) by pool and zone: each
 * group a header with its summary — Ready of total nodes, NotReady ones in vermillion, its
 * pods — over its own grid of cards, as tall as its share of the nodes. At a thousand nodes a
 * card is a few pixels; the headers keep the picture readable and the failed ones countable,
 * and `g` (pane.pool_filter) shows one pool's cards at a larger size. */
#include <stdio.h>
#include <string.h>

#include "gfx.h"
#include "i18n.h"
#include "ui.h"

static void group_header(const ui_draw_t *d, const pane_t *p, int k) {
    const theme_t *th = d->th;
    const scenario_t *sc = p->ses.sc;
    ui_rect_t h = p->groups[k].head;
    int ready = 0, down = 0, pods = 0, n = p->groups[k].count;
    for (int c = p->groups[k].first; c < p->groups[k].first + n; c++) {
        const sim_node_view_t *v = &p->nodes[p->card_node[c]];
        ready += v->state == SIM_NODE_READY && !v->failed;
        down += v->state == SIM_NODE_NOT_READY || v->failed;
        pods += v->pod_count;
    }
    char name[160], buf[160];
    const char *pool = p->groups[k].pool >= 0 && p->groups[k].pool < sc->pool_count
                           ? sc->pools[p->groups[k].pool].name
                           : "?";
    if (p->groups[k].zone)
        snprintf(name, sizeof name, "%s/%s", pool, p->groups[k].zone);
    else
        snprintf(name, sizeof name, "%s", pool);
    scene_box(d->scene, "NodeGroup", name, (ui_rect_t){h.x, h.y, h.w, h.h});
    int x = h.x;
    snprintf(buf, sizeof buf, ui_tr(d->lang, "pool %s"), pool);
    if (p->groups[k].zone) { /* "pool general-a · zone a" */
        size_t len = strlen(buf);
        snprintf(buf + len, sizeof buf - len, " \xC2\xB7 %s", p->groups[k].zone);
    }
    x += text_draw(d->text, buf, d->small_px, FONT_BOLD, th->ink, x, h.y, ALIGN_LEFT, h.w / 3) +
         d->pad;
    snprintf(buf, sizeof buf, ui_tr(d->lang, "%d/%d nodes Ready \xC2\xB7 %d pods"), ready, n, pods);
    x += text_draw(d->text, buf, d->small_px, FONT_REGULAR, th->ink_muted, x, h.y, ALIGN_LEFT,
                   h.x + h.w - x) +
         d->pad;
    if (down > 0) {
        snprintf(buf, sizeof buf, ui_tr(d->lang, "%d NotReady"), down);
        text_draw(d->text, buf, d->small_px, FONT_BOLD, th->failure, x, h.y, ALIGN_LEFT,
                  h.x + h.w - x);
    }
}

void layout_groups(const ui_draw_t *d, pane_t *p) {
    ui_rect_t a = p->cl.grid;
    int G = p->group_count, hh = layout_line(d->small_px), gap = d->small_px / 2;
    int avail = a.h - G * hh - (G - 1) * gap;
    if (avail < G * 4) { /* no room for the headers: one grid */
        p->group_count = 0;
        return;
    }
    /* each group's height: its share of the nodes, at least a few pixels of cards */
    int y = a.y, left = avail, nodes_left = p->card_count;
    for (int k = 0; k < G; k++) {
        int h = k == G - 1 ? left : (int)((long long)avail * p->groups[k].count / p->card_count);
        if (h < 4) h = 4;
        if (h > left - 4 * (G - 1 - k)) h = left - 4 * (G - 1 - k);
        p->groups[k].head = (ui_rect_t){a.x, y, a.w, hh};
        ui_rect_t area = {a.x, y + hh, a.w, h};
        layout_node_grid(area, p->groups[k].count, p->pods_hint, d->text_px, d->small_px,
                         &p->groups[k].grid);
        group_header(d, p, k);
        y += hh + h + gap;
        left -= h;
        nodes_left -= p->groups[k].count;
    }
    (void)nodes_left;
    /* the single grid is out of use: nothing hits it */
    layout_node_grid((ui_rect_t){a.x, a.y, 0, 0}, 0, 1, d->text_px, d->small_px, &p->grid);
}
