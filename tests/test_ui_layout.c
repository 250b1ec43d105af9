/* ui layout: every region inside the window and apart from the others at the sizes a class
 * uses (720p to 4K, one to three scenarios), readable text, node grids that fit their pods,
 * hit tests that agree with the rectangles drawn, and the axis arithmetic of the charts. */
#include "test_util.h"

#include <string.h>

#include "axis.h"
#include "layout.h"

static const int sizes[][2] = {{1280, 720}, {1920, 1080}, {3840, 2160},
                               {1600, 900}, {1024, 768},  {2560, 1080}};
#define NSIZES (int)(sizeof sizes / sizeof sizes[0])

static bool nonempty(ui_rect_t r) {
    return r.w > 0 && r.h > 0;
}

static void check_inside(ui_rect_t r, ui_rect_t outer, const char *what, int w, int h, int k) {
    if (!rect_inside(r, outer))
        fail_msg("%dx%d, %d scenarios: %s (%d,%d %dx%d) is not inside (%d,%d %dx%d)", w, h, k, what,
                 r.x, r.y, r.w, r.h, outer.x, outer.y, outer.w, outer.h);
}

static void check_apart(const ui_rect_t *rs, const char *const *names, int n, int w, int h, int k) {
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (rect_overlaps(rs[i], rs[j]))
                fail_msg("%dx%d, %d scenarios: %s and %s overlap", w, h, k, names[i], names[j]);
}

/* The regions of a layout, flattened: toolbar, caption, strip, then each pane's parts. */
static int regions(const layout_t *l, ui_rect_t *rs, const char **names) {
    int n = 0;
    rs[n] = l->toolbar, names[n++] = "toolbar";
    rs[n] = l->caption, names[n++] = "caption";
    rs[n] = l->strip, names[n++] = "strip";
    static const char *const pane_names[LAYOUT_MAX_PANES][6] = {
        {"A title", "A cluster", "A service", "A charts", "A decisions", "A events"},
        {"B title", "B cluster", "B service", "B charts", "B decisions", "B events"},
        {"C title", "C cluster", "C service", "C charts", "C decisions", "C events"}};
    for (int i = 0; i < l->pane_count; i++) {
        const layout_pane_t *p = &l->pane[i];
        const ui_rect_t parts[6] = {p->title,  p->cluster,   p->service,
                                    p->charts, p->decisions, p->events};
        for (int k = 0; k < 6; k++)
            rs[n] = parts[k], names[n++] = pane_names[i][k];
    }
    return n;
}

static void test_regions_inside_and_apart(void **state) {
    (void)state;
    for (int s = 0; s < NSIZES; s++)
        for (int k = 1; k <= 3; k++)
            for (int svc = 1; svc <= 3; svc++) {
                int w = sizes[s][0], h = sizes[s][1];
                layout_params_t p = {w, h, 1.0, k, svc, 0};
                layout_t l;
                layout_compute(&p, &l);
                assert_int_equal(l.pane_count, k);
                ui_rect_t win = {0, 0, w, h};
                ui_rect_t rs[3 + 6 * LAYOUT_MAX_PANES];
                const char *names[3 + 6 * LAYOUT_MAX_PANES];
                int n = regions(&l, rs, names);
                for (int i = 0; i < n; i++)
                    check_inside(rs[i], win, names[i], w, h, k);
                check_apart(rs, names, n, w, h, k);
                /* everything a pane needs is there */
                assert_true(nonempty(l.toolbar) && nonempty(l.caption));
                assert_true(k == 1 ? l.strip.h == 0 : nonempty(l.strip));
                for (int i = 0; i < k; i++) {
                    const layout_pane_t *pn = &l.pane[i];
                    assert_true(nonempty(pn->cluster) && nonempty(pn->service) &&
                                nonempty(pn->charts) && nonempty(pn->decisions) &&
                                nonempty(pn->events));
                    assert_true(k == 1 ? pn->title.h == 0 : nonempty(pn->title));
                    assert_true(pn->chart_count >= 1 && pn->chart_count <= LAYOUT_MAX_CHARTS);
                    for (int c = 0; c < pn->chart_count; c++) {
                        check_inside(pn->chart[c], pn->charts, "chart", w, h, k);
                        for (int c2 = c + 1; c2 < pn->chart_count; c2++)
                            assert_false(rect_overlaps(pn->chart[c], pn->chart[c2]));
                    }
                    check_inside(pn->cluster, pn->area, "cluster", w, h, k);
                    check_inside(pn->events, pn->area, "events", w, h, k);
                }
                /* the one-scenario dashboard shows every chart */
                if (k == 1) assert_int_equal(l.pane[0].chart_count, LAYOUT_MAX_CHARTS);
            }
}

static void test_cluster_is_about_sixty_percent(void **state) {
    (void)state;
    layout_params_t p = {1920, 1080, 1.0, 1, 1, 0};
    layout_t l;
    layout_compute(&p, &l);
    double share = (double)l.pane[0].cluster.w / (l.pane[0].cluster.w + l.pane[0].charts.w);
    assert_near(share, 0.6, 0.02);
}

static void test_toolbar_parts(void **state) {
    (void)state;
    for (int s = 0; s < NSIZES; s++) {
        int w = sizes[s][0], h = sizes[s][1];
        layout_params_t p = {w, h, 1.0, 1, 1, 0};
        layout_t l;
        layout_compute(&p, &l);
        const ui_rect_t parts[] = {l.btn_play, l.btn_step, l.btn_slower, l.speed,   l.btn_faster,
                                   l.clock,    l.timebar,  l.name,       l.btn_help};
        const char *const names[] = {"play",  "step",    "slower", "speed", "faster",
                                     "clock", "timebar", "name",   "help"};
        const int n = (int)(sizeof parts / sizeof parts[0]);
        for (int i = 0; i < n; i++) {
            assert_true(nonempty(parts[i]));
            check_inside(parts[i], l.toolbar, names[i], w, h, 1);
        }
        check_apart(parts, names, n, w, h, 1);
        /* the time bar is the widest control: easy to hit on a projector */
        assert_true(l.timebar.w >= w / 4);
    }
}

static void test_text_sizes(void **state) {
    (void)state;
    for (int s = 0; s < NSIZES; s++)
        for (int k = 1; k <= 3; k++) {
            layout_params_t p = {sizes[s][0], sizes[s][1], 1.0, k, 1, 0};
            layout_t l;
            layout_compute(&p, &l);
            assert_true(l.small_px >= 12 && l.text_px >= 12 && l.caption_px >= 12);
            assert_true(l.caption_px > l.text_px && l.text_px >= l.small_px);
        }
    layout_params_t p = {1280, 720, 1.0, 1, 1, 0};
    layout_t l;
    layout_compute(&p, &l);
    assert_int_equal(l.small_px, 12); /* the floor, exactly at 720p */
    assert_int_equal(l.text_px, 12);
    p = (layout_params_t){1920, 1080, 1.0, 1, 1, 0};
    layout_compute(&p, &l);
    assert_int_equal(l.text_px,
                     18); /* docs/ARCHITECTURE.md#dashboard: 1080p ~ 18 px text, 28 px caption */
    assert_int_equal(l.caption_px, 28);
    p.font_scale = 1.5;
    layout_compute(&p, &l);
    assert_int_equal(l.text_px, 27);
    /* even a font scale below 1 never goes under 12 px */
    p = (layout_params_t){1280, 720, 0.5, 1, 1, 0};
    layout_compute(&p, &l);
    assert_true(l.small_px >= 12);
}

static void test_font_scale_keeps_regions_apart(void **state) {
    (void)state;
    const double scales[] = {0.5, 1.5, 2.0, 3.0};
    for (int f = 0; f < 4; f++)
        for (int k = 1; k <= 3; k++) {
            layout_params_t p = {1280, 720, scales[f], k, 2, 0};
            layout_t l;
            layout_compute(&p, &l);
            ui_rect_t rs[3 + 6 * LAYOUT_MAX_PANES];
            const char *names[3 + 6 * LAYOUT_MAX_PANES];
            int n = regions(&l, rs, names);
            for (int i = 0; i < n; i++)
                check_inside(rs[i], (ui_rect_t){0, 0, 1280, 720}, names[i], 1280, 720, k);
            check_apart(rs, names, n, 1280, 720, k);
        }
}

/* A caption that needs more lines gets a taller panel (up to four lines), the panes give up
 * the height, and every region stays inside the window and apart. */
static void test_caption_lines_grow_the_caption(void **state) {
    (void)state;
    for (int k = 1; k <= 3; k++) {
        int prev_h = 0;
        for (int lines = 2; lines <= 6; lines++) {
            layout_params_t p = {1280, 720, 1.5, k, 2, lines};
            layout_t l;
            layout_compute(&p, &l);
            int want = (lines > 4 ? 4 : lines) * layout_line(l.caption_px) + 2 * l.pad;
            assert_int_equal(l.caption.h, want);
            assert_true(l.caption.h >= prev_h);
            prev_h = l.caption.h;
            ui_rect_t rs[3 + 6 * LAYOUT_MAX_PANES];
            const char *names[3 + 6 * LAYOUT_MAX_PANES];
            int n = regions(&l, rs, names);
            for (int i = 0; i < n; i++)
                check_inside(rs[i], (ui_rect_t){0, 0, 1280, 720}, names[i], 1280, 720, k);
            check_apart(rs, names, n, 1280, 720, k);
        }
    }
    /* 0 is the default: two lines */
    layout_params_t p = {1920, 1080, 1.0, 1, 1, 0};
    layout_t l;
    layout_compute(&p, &l);
    assert_int_equal(l.caption.h, 2 * layout_line(l.caption_px) + 2 * l.pad);
}

/* ---- the node grid ---- */

static void check_grid(ui_rect_t area, int nodes, int pods, int text_px) {
    node_grid_t g;
    layout_node_grid(area, nodes, pods, text_px, text_px * 5 / 6, &g);
    assert_int_equal(g.count, nodes);
    for (int i = 0; i < nodes; i++) {
        ui_rect_t c = layout_card_rect(&g, i);
        if (!nonempty(c) || !rect_inside(c, area))
            fail_msg("%d nodes x %d pods in %dx%d: card %d (%d,%d %dx%d) outside", nodes, pods,
                     area.w, area.h, i, c.x, c.y, c.w, c.h);
        if (i + 1 < nodes) assert_false(rect_overlaps(c, layout_card_rect(&g, i + 1)));
        if (i + g.cols < nodes) assert_false(rect_overlaps(c, layout_card_rect(&g, i + g.cols)));
        /* a click in the middle of a card finds it */
        assert_int_equal(layout_card_at(&g, c.x + c.w / 2, c.y + c.h / 2), i);
    }
    if (g.tile == 0) return;                            /* aggregates: no tiles */
    assert_true(g.tiles_per_row * g.tile_rows >= pods); /* every pod has a tile */
    ui_rect_t c0 = layout_card_rect(&g, 0);
    ui_rect_t prev = {0, 0, 0, 0};
    for (int s = 0; s < pods; s++) {
        ui_rect_t t = layout_tile_rect(&g, c0, s);
        if (!rect_inside(t, c0))
            fail_msg("%d nodes x %d pods: tile %d outside its card", nodes, pods, s);
        assert_true(t.y >= c0.y + g.header_h); /* below the card's header */
        assert_false(rect_overlaps(t, prev));
        assert_int_equal(layout_tile_at(&g, c0, t.x + t.w / 2, t.y + t.h / 2), s);
        prev = t;
    }
}

static void test_node_grid_fits(void **state) {
    (void)state;
    const ui_rect_t areas[] = {
        {10, 60, 1140, 560}, {8, 40, 740, 330}, {20, 80, 2280, 1150}, {8, 40, 560, 150}};
    const int nodes[] = {1, 3, 6, 10, 24, 50, 120, 200};
    const int pods[] = {1, 4, 8, 13, 25, 60};
    for (size_t a = 0; a < sizeof areas / sizeof areas[0]; a++)
        for (size_t n = 0; n < sizeof nodes / sizeof nodes[0]; n++)
            for (size_t p = 0; p < sizeof pods / sizeof pods[0]; p++)
                check_grid(areas[a], nodes[n], pods[p], a == 2 ? 36 : 18);
}

static void test_node_grid_detail(void **state) {
    (void)state;
    node_grid_t g;
    /* the default lesson: three nodes get full cards and big tiles */
    layout_node_grid((ui_rect_t){10, 60, 1140, 560}, 3, 4, 18, 15, &g);
    assert_int_equal(g.detail, CARD_FULL);
    assert_int_equal(g.cols, 3);
    assert_true(g.tile >= 40);
    /* 200 nodes with 25 pods each still get tiles, in minimal cards */
    layout_node_grid((ui_rect_t){10, 60, 1140, 560}, 200, 25, 18, 15, &g);
    assert_true(g.tile >= 3);
    assert_true(g.tiles_per_row * g.tile_rows >= 25);
    /* nothing to draw */
    layout_node_grid((ui_rect_t){10, 60, 1140, 560}, 0, 4, 18, 15, &g);
    assert_int_equal(g.count, 0);
    assert_int_equal(layout_card_at(&g, 100, 100), -1);
}

static void test_cluster_parts(void **state) {
    (void)state;
    ui_rect_t c = {10, 60, 1140, 560};
    cluster_layout_t cl;
    layout_cluster(c, 2, true, 15, &cl);
    const ui_rect_t parts[] = {cl.pools, cl.grid, cl.pending, cl.legend};
    const char *const names[] = {"pools", "grid", "pending", "legend"};
    for (int i = 0; i < 4; i++) {
        assert_true(nonempty(parts[i]));
        check_inside(parts[i], c, names[i], 1920, 1080, 1);
    }
    check_apart(parts, names, 4, 1920, 1080, 1);
    layout_cluster(c, 1, false, 15, &cl);
    assert_int_equal(cl.pending.h, 0);
}

/* The traffic picture: under the cards, inside the cluster panel, apart from everything else;
 * its Service boxes inside it and apart; only for small clusters. */
static void check_cluster_grid(ui_rect_t cluster, int pools, bool pending, int nodes, int pods,
                               int services, int text_px, int small_px, cluster_layout_t *cl,
                               node_grid_t *g) {
    layout_cluster(cluster, pools, pending, small_px, cl);
    ui_rect_t all = cl->grid;
    assert_int_equal(cl->traffic.h, 0); /* layout_cluster alone draws none */
    layout_cluster_grid(cl, nodes, pods, services, text_px, small_px, g);
    const ui_rect_t parts[] = {cl->pools, cl->grid, cl->traffic, cl->pending, cl->legend};
    const char *const names[] = {"pools", "grid", "traffic", "pending", "legend"};
    for (int i = 0; i < 5; i++)
        if (parts[i].h > 0) check_inside(parts[i], cluster, names[i], cluster.w, cluster.h, 1);
    check_apart(parts, names, 5, cluster.w, cluster.h, 1);
    /* the grid and the band share what layout_cluster gave the grid */
    check_inside(cl->grid, all, "grid", cluster.w, cluster.h, 1);
    if (cl->traffic.h > 0) {
        check_inside(cl->traffic, all, "traffic", cluster.w, cluster.h, 1);
        assert_true(cl->traffic.y >= cl->grid.y + cl->grid.h); /* under the cards */
        assert_true(nodes <= LAYOUT_TRAFFIC_MAX_NODES && services > 0);
        assert_true(g->tile >= 16 && g->detail == CARD_FULL); /* readable cards and tiles */
    }
    for (int i = 0; i < nodes; i++) {
        ui_rect_t c = layout_card_rect(g, i);
        if (!rect_inside(c, cl->grid))
            fail_msg("%d nodes in %dx%d: card %d (%d,%d %dx%d) outside the grid (%d,%d %dx%d)",
                     nodes, cluster.w, cluster.h, i, c.x, c.y, c.w, c.h, cl->grid.x, cl->grid.y,
                     cl->grid.w, cl->grid.h);
        assert_false(rect_overlaps(c, cl->traffic));
    }
    if (cl->traffic.h == 0) return;
    int k = services < LAYOUT_MAX_SERVICE_LINES ? services : LAYOUT_MAX_SERVICE_LINES;
    ui_rect_t boxes[LAYOUT_MAX_SERVICE_LINES];
    for (int i = 0; i < k; i++) {
        boxes[i] = layout_traffic_box(cl->traffic, services, i, text_px, small_px);
        assert_true(nonempty(boxes[i]));
        check_inside(boxes[i], cl->traffic, "Service box", cluster.w, cluster.h, 1);
        /* at the bottom of the band, room above it for the lines */
        assert_int_equal(boxes[i].y + boxes[i].h, cl->traffic.y + cl->traffic.h);
        assert_true(boxes[i].y - cl->traffic.y >= 2 * layout_line(text_px));
        for (int j = 0; j < i; j++) {
            assert_false(rect_overlaps(boxes[i], boxes[j]));
            assert_true(boxes[j].x < boxes[i].x); /* in the order of the services */
        }
    }
}

static void test_traffic_picture(void **state) {
    (void)state;
    const int nodes[] = {1, 3, 4, 6, 10, 16, 17, 24, 200};
    const int pods[] = {1, 3, 5, 8, 16, 25};
    for (int s = 0; s < NSIZES; s++)
        for (int k = 1; k <= 3; k++)
            for (int svc = 1; svc <= 3; svc++) {
                layout_params_t p = {sizes[s][0], sizes[s][1], 1.0, k, svc, 0};
                layout_t l;
                layout_compute(&p, &l);
                for (size_t n = 0; n < sizeof nodes / sizeof nodes[0]; n++)
                    for (size_t q = 0; q < sizeof pods / sizeof pods[0]; q++)
                        for (int pend = 0; pend < 2; pend++) {
                            cluster_layout_t cl;
                            node_grid_t g;
                            check_cluster_grid(l.pane[0].cluster, 1 + pend, pend, nodes[n], pods[q],
                                               svc, l.text_px, l.small_px, &cl, &g);
                            if (nodes[n] > LAYOUT_TRAFFIC_MAX_NODES)
                                assert_int_equal(cl.traffic.h, 0);
                        }
            }
    /* the lessons' clusters get the picture on the one-scenario dashboard, at 720p too */
    const int sz[][2] = {{1280, 720}, {1920, 1080}, {3840, 2160}};
    for (int s = 0; s < 3; s++) {
        layout_params_t p = {sz[s][0], sz[s][1], 1.0, 1, 1, 0};
        layout_t l;
        layout_compute(&p, &l);
        cluster_layout_t cl;
        node_grid_t g;
        check_cluster_grid(l.pane[0].cluster, 1, false, 3, 5, 1, l.text_px, l.small_px, &cl, &g);
        assert_true(cl.traffic.h > 0);
        /* the cards sit at the top of the panel: no empty band above them */
        assert_int_equal(layout_card_rect(&g, 0).y, cl.grid.y);
        /* and no service: no picture */
        check_cluster_grid(l.pane[0].cluster, 1, false, 3, 5, 0, l.text_px, l.small_px, &cl, &g);
        assert_int_equal(cl.traffic.h, 0);
    }
}

/* A small cluster is top-aligned (the room under it is the traffic picture's), and its tiles
 * grow with the room. */
static void test_node_grid_top_aligned(void **state) {
    (void)state;
    node_grid_t g;
    ui_rect_t area = {10, 60, 1140, 560};
    layout_node_grid(area, 3, 5, 18, 15, &g);
    assert_int_equal(g.area.y, area.y);
    assert_int_equal(layout_card_rect(&g, 0).y, area.y);
    assert_true(g.tile >= 80); /* big enough to read from the back of the room */
    /* centred across */
    int left = g.area.x - area.x, right = area.x + area.w - (g.area.x + g.area.w);
    assert_true(left - right <= 1 && right - left <= 1);
}

/* ---- hit tests ---- */

static void test_hit_toolbar_and_panes(void **state) {
    (void)state;
    for (int k = 1; k <= 3; k++) {
        layout_params_t p = {1920, 1080, 1.0, k, 2, 0};
        layout_t l;
        layout_compute(&p, &l);
#define CENTER(r) (r).x + (r).w / 2, (r).y + (r).h / 2
        assert_int_equal(layout_hit(&l, CENTER(l.btn_play)).kind, HIT_PLAY);
        assert_int_equal(layout_hit(&l, CENTER(l.btn_step)).kind, HIT_STEP);
        assert_int_equal(layout_hit(&l, CENTER(l.btn_slower)).kind, HIT_SLOWER);
        assert_int_equal(layout_hit(&l, CENTER(l.btn_faster)).kind, HIT_FASTER);
        assert_int_equal(layout_hit(&l, CENTER(l.btn_help)).kind, HIT_HELP);
        hit_t h = layout_hit(&l, CENTER(l.timebar));
        assert_int_equal(h.kind, HIT_TIMEBAR);
        assert_near(h.frac, 0.5, 0.01);
        h = layout_hit(&l, l.timebar.x, l.timebar.y + 1);
        assert_near(h.frac, 0.0, 1e-9);
        h = layout_hit(&l, l.timebar.x + l.timebar.w - 1, l.timebar.y + 1);
        assert_near(h.frac, 1.0, 1e-9);
        /* dragging past the ends clamps */
        assert_near(layout_timebar_frac(&l, -50), 0.0, 1e-9);
        assert_near(layout_timebar_frac(&l, 5000), 1.0, 1e-9);
        for (int i = 0; i < k; i++) {
            h = layout_hit(&l, CENTER(l.pane[i].cluster));
            assert_int_equal(h.kind, HIT_CLUSTER);
            assert_int_equal(h.pane, i);
            ui_rect_t sv = l.pane[i].service;
            h = layout_hit(&l, sv.x + sv.w / 2, sv.y + l.pad / 2 + l.service_line_h / 2);
            assert_int_equal(h.kind, HIT_SERVICE);
            assert_int_equal(h.pane, i);
            assert_int_equal(h.line, 0);
        }
        assert_int_equal(layout_hit(&l, CENTER(l.caption)).kind, HIT_OTHER);
        assert_int_equal(layout_hit(&l, -1, 10).kind, HIT_NONE);
        assert_int_equal(layout_hit(&l, 10, 1080).kind, HIT_NONE);
#undef CENTER
    }
}

static void test_tile_gaps_hit_nothing(void **state) {
    (void)state;
    node_grid_t g;
    layout_node_grid((ui_rect_t){0, 0, 1140, 560}, 3, 8, 18, 15, &g);
    ui_rect_t c = layout_card_rect(&g, 0);
    ui_rect_t t0 = layout_tile_rect(&g, c, 0);
    assert_int_equal(layout_tile_at(&g, c, t0.x + t0.w + g.tile_gap / 2, t0.y + 1), -1);
    assert_int_equal(layout_tile_at(&g, c, c.x + 1, c.y + 1), -1); /* the header */
    /* between two cards */
    ui_rect_t c1 = layout_card_rect(&g, 1);
    assert_int_equal(layout_card_at(&g, c.x + c.w + (c1.x - c.x - c.w) / 2, c.y + 5), -1);
}

/* ---- chart axes ---- */

static void test_axis_steps(void **state) {
    (void)state;
    static const struct {
        double range;
        int ticks;
        double step;
    } rows[] = {
        {10, 5, 2},     /* 2 per tick */
        {100, 4, 50},   /* 25 rounds up to 50 */
        {1, 5, 0.2},    /* below one */
        {7, 4, 2},      /* 1.75 -> 2 */
        {1000, 5, 200}, /* 200 */
        {3, 10, 0.5},   /* 0.3 -> 0.5 */
        {0, 4, 1},      /* empty range */
        {45000, 4, 20000},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        assert_near(axis_step(rows[i].range, rows[i].ticks), rows[i].step, 1e-9);
    /* maxima are whole steps, at least the floor, never below the value */
    double st;
    assert_near(axis_max(37, 10, 4, &st), 40, 1e-9);
    assert_near(st, 10, 1e-9);
    assert_near(axis_max(0, 5, 4, &st), 5, 1e-9); /* the floor */
    assert_near(axis_max(3, 100, 4, NULL), 100, 1e-9);
    assert_near(axis_max(201, 4, 3, &st), 300, 1e-9); /* 300 in 3 steps beats 400 in 2 */
    assert_near(st, 100, 1e-9);
    assert_near(axis_max(105, 5, 4, &st), 150, 1e-9);
    for (double v = 0.3; v < 1e6; v *= 1.7)
        for (int ticks = 2; ticks <= 8; ticks++) {
            double m = axis_max(v, 0, ticks, &st);
            assert_true(m >= v);
            assert_near(m / st, (double)(long)(m / st + 0.5), 1e-6); /* whole steps */
            assert_true(m / st <= ticks + 1e-9);
            assert_true(m < v * 2.5 + 1e-9); /* never much above the data */
        }
}

static void test_axis_time(void **state) {
    (void)state;
    assert_int_equal(axis_time_step(300 * SIM_SEC, 6), 60 * SIM_SEC);
    assert_int_equal(axis_time_step(600 * SIM_SEC, 6), 120 * SIM_SEC);
    assert_int_equal(axis_time_step(60 * SIM_SEC, 6), 10 * SIM_SEC);
    assert_int_equal(axis_time_step(2 * 3600 * SIM_SEC, 8), 900 * SIM_SEC);
    char b[32];
    axis_format_time(0, b, sizeof b);
    assert_string_equal(b, "0:00");
    axis_format_time(192 * SIM_SEC + 900 * SIM_MS, b, sizeof b);
    assert_string_equal(b, "3:12");
    axis_format_time(3725 * SIM_SEC, b, sizeof b);
    assert_string_equal(b, "1:02:05");
    axis_format_value(0.5, 0.5, b, sizeof b);
    assert_string_equal(b, "0.5");
    axis_format_value(200, 50, b, sizeof b);
    assert_string_equal(b, "200");
    axis_format_value(40000, 20000, b, sizeof b);
    assert_string_equal(b, "40k");
}

/* The object tree: in full under the traffic picture when the band keeps room for its lines,
 * else one line under the cards (the grid laid out again above it); never for big clusters;
 * always inside the cluster panel and apart from the cards, the band, pending and legend. */
static void test_object_tree(void **state) {
    (void)state;
    struct {
        layout_params_t lp;
        int nodes, full; /* full: 1 full, 0 one line, -1 none */
    } rows[] = {
        {{1920, 1080, 1.0, 1, 3, 0}, 4, 1},   /* 1080p, one scenario (L4) */
        {{3840, 2160, 1.0, 1, 3, 0}, 4, 1},   /* 4K */
        {{1280, 720, 1.5, 1, 3, 0}, 4, 0},    /* 720p at --font-scale 1.5 */
        {{1280, 720, 1.5, 2, 1, 0}, 4, 0},    /* 720p side by side */
        {{1920, 1080, 1.0, 1, 3, 0}, 17, -1}, /* more nodes than the picture takes */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        layout_t l;
        layout_compute(&rows[i].lp, &l);
        ui_rect_t cluster = l.pane[0].cluster;
        cluster_layout_t cl;
        node_grid_t g;
        layout_cluster(cluster, 1, false, l.small_px, &cl);
        layout_cluster_grid(&cl, rows[i].nodes, 3, 3, l.text_px, l.small_px, &g);
        layout_cluster_tree(&cl, rows[i].nodes, 3, 3, l.text_px, l.small_px, &g);
        if (rows[i].full < 0) {
            assert_int_equal(cl.tree.h, 0);
            continue;
        }
        assert_int_equal(cl.tree_full, rows[i].full == 1);
        assert_int_equal(cl.tree.h, rows[i].full ? layout_tree_full_h(l.small_px)
                                                 : layout_tree_line_h(l.small_px));
        check_inside(cl.tree, cluster, "tree", l.w, l.h, 1);
        const ui_rect_t parts[] = {cl.pools, cl.grid, cl.traffic, cl.legend, cl.tree};
        const char *const names[] = {"pools", "grid", "traffic", "legend", "tree"};
        check_apart(parts, names, 5, l.w, l.h, 1);
        for (int c = 0; c < rows[i].nodes; c++)
            assert_false(rect_overlaps(layout_card_rect(&g, c), cl.tree));
        if (cl.tree_full) /* under the Service boxes, which keep two lines for their arrows */
            assert_true(cl.traffic.h >= 2 * layout_line(l.text_px));
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_object_tree),
        cmocka_unit_test(test_regions_inside_and_apart),
        cmocka_unit_test(test_cluster_is_about_sixty_percent),
        cmocka_unit_test(test_toolbar_parts),
        cmocka_unit_test(test_text_sizes),
        cmocka_unit_test(test_font_scale_keeps_regions_apart),
        cmocka_unit_test(test_caption_lines_grow_the_caption),
        cmocka_unit_test(test_node_grid_fits),
        cmocka_unit_test(test_node_grid_detail),
        cmocka_unit_test(test_cluster_parts),
        cmocka_unit_test(test_traffic_picture),
        cmocka_unit_test(test_node_grid_top_aligned),
        cmocka_unit_test(test_hit_toolbar_and_panes),
        cmocka_unit_test(test_tile_gaps_hit_nothing),
        cmocka_unit_test(test_axis_steps),
        cmocka_unit_test(test_axis_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
