/* draw_cluster: the cluster view (kube-ops-view style): lays out pools, node cards and pod
 * tiles, and draws the Service -> pods traffic picture and the Pending row. The parts are in
 * draw_node.c (cards, pools, legend), draw_pod.c (a tile) and draw_strip.c (the Service strip).
 * A pod's fill colour is its version; its state is its shape, so it reads without colour.
 * Tiles slide and fade over ~300 ms of real time through the pane's anim table. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw_cluster.h"
#include "gfx.h"
#include "i18n.h"
#include "ui.h"

enum { GHOST_POD = 1 };

/* ---- the Service -> Ready pods picture ---- */

#define TRAFFIC_MAX_LINES 256

typedef struct {
    ui_rect_t tile; /* where the pod is drawn (per node: the card) */
    int service;
    double share;
    int version; /* -1: several (per node) */
    double fail; /* the part of its requests that fail (1: its node stopped) */
    int card;
    const char *name; /* the pod (per node: the node), for the scene */
} traffic_line_t;

/* More lines than this become one line per node and Service (the tiles keep their shares). */
#define TRAFFIC_PER_POD_MAX 16

static traffic_line_t tlines[TRAFFIC_MAX_LINES];
static int tline_count;

typedef struct {
    int routed[LAYOUT_MAX_SERVICE_LINES][SIM_MAX_VERSIONS];   /* pods the routers send to */
    int refusing[LAYOUT_MAX_SERVICE_LINES][SIM_MAX_VERSIONS]; /* of those, pods that refuse */
    /* the part of the requests of a pod that does not refuse them which fail: its version's
     * failures (the last metrics interval) less those its refusing pods account for */
    double failing[LAYOUT_MAX_SERVICE_LINES][SIM_MAX_VERSIONS];
} traffic_t;

/* Routed pods per version, and what part of its requests each of them fails, for the first
 * services. A pod that refuses (SIGTERM, gone, app down) fails all it is sent; the rest of its
 * version's failures are spread over the others, so a Ready pod next to a gone one does not
 * look as if it failed too (graceful-shutdown.json's "abrupt"). */
static void traffic_count(const pane_t *p, traffic_t *t) {
    memset(t, 0, sizeof *t);
    pane_pod_it_t it;
    for (int i = pane_pods_begin(p, &it); i >= 0; i = pane_pods_next(p, &it)) {
        const sim_pod_view_t *pv = &p->pods[i];
        if (pv->routed && pv->service >= 0 && pv->service < p->svc_count && pv->version >= 0 &&
            pv->version < SIM_MAX_VERSIONS) {
            t->routed[pv->service][pv->version]++;
            if (pv->refusing) t->refusing[pv->service][pv->version]++;
        }
    }
    for (int s = 0; s < p->svc_count; s++) {
        const sim_sample_t *rows;
        int n = sim_samples(p->ses.sim, s, &rows);
        if (n <= 0) continue;
        const sim_sample_t *r = &rows[n - 1];
        for (int v = 0; v < SIM_MAX_VERSIONS; v++) {
            double all = r->version_served_rps[v] + r->version_failed_rps[v];
            double f = all > 0 ? r->version_failed_rps[v] / all : 0;
            int routed = t->routed[s][v], refusing = t->refusing[s][v];
            /* each routed pod gets an equal part: the refusing ones' parts fail entirely */
            if (routed > refusing && refusing > 0)
                f = (f * routed - refusing) / (routed - refusing);
            t->failing[s][v] = f < 0 ? 0 : f > 1 ? 1 : f;
        }
    }
}

/* What part of the requests a pod is sent fail: all of them when it refuses them or its node
 * is down, else its version's rate. */
static double pod_failing(const traffic_t *t, const sim_node_view_t *n, const sim_pod_view_t *pv) {
    if (pv->refusing || n->failed || n->state == SIM_NODE_NOT_READY) return 1;
    return t->failing[pv->service][pv->version];
}

/* A serving pod's part of its Service's requests: its version's weight, split evenly over
 * that version's endpoints (the routers balance within a ReplicaSet). -1 when it gets none:
 * not serving, or its version has weight 0 (a blue-green preview, an aborted canary). */
static double pod_share(const pane_t *p, const traffic_t *t, const sim_pod_view_t *pv) {
    if (!pv->routed || pv->service < 0 || pv->service >= p->svc_count || pv->version < 0 ||
        pv->version >= SIM_MAX_VERSIONS)
        return -1;
    int n = t->routed[pv->service][pv->version];
    if (n <= 0) return -1;
    const sim_service_view_t *v = &p->svc[pv->service];
    double w = 0;
    for (int k = 0; k < v->version_count; k++)
        if (v->version_index[k] == pv->version) w += v->versions[k].weight;
    return w > 0 ? w / n : -1;
}

/* A pod behind a blue-green preview Service: serving, at weight 0, of a version newer than
 * the one the active Service sends to (after the switch, the old pods at weight 0 are behind
 * neither). */
static bool is_preview_pod(const pane_t *p, const sim_pod_view_t *pv) {
    const scenario_t *sc = p->ses.sc;
    /* blueGreen.previewService is optional: without it no Service selects the new pods */
    if (!pv->serving || pv->service < 0 || pv->service >= p->svc_count ||
        !strategy_has_preview_service(&sc->services[pv->service].strategy))
        return false;
    const sim_service_view_t *v = &p->svc[pv->service];
    int active = -1;
    double mine = 0;
    for (int k = 0; k < v->version_count; k++) {
        if (v->versions[k].weight > 0 && v->version_index[k] > active) active = v->version_index[k];
        if (v->version_index[k] == pv->version) mine += v->versions[k].weight;
    }
    return mine <= 0 && active >= 0 && pv->version > active;
}

#define PREVIEW_MAX_PODS 64
static ui_rect_t preview_at[PREVIEW_MAX_PODS];
static int preview_count, preview_service;

/* Where this frame draws each card and tile (and how opaque), so the traffic lines can go
 * between the card backgrounds and the tiles: grown to the largest cluster, then reused. */
static ui_rect_t *card_at, *tile_at;
static float *card_alpha, *tile_alpha;
static int card_cap, tile_cap;

static bool grow_scratch(int cards, int pods) {
    if (cards > card_cap) {
        int n = cards * 2;
        ui_rect_t *r = realloc(card_at, sizeof *r * (size_t)n);
        if (r) card_at = r;
        float *f = realloc(card_alpha, sizeof *f * (size_t)n);
        if (f) card_alpha = f;
        if (!r || !f) return false;
        card_cap = n;
    }
    if (pods > tile_cap) {
        int n = pods * 2;
        ui_rect_t *r = realloc(tile_at, sizeof *r * (size_t)n);
        if (r) tile_at = r;
        float *f = realloc(tile_alpha, sizeof *f * (size_t)n);
        if (f) tile_alpha = f;
        if (!r || !f) return false;
        tile_cap = n;
    }
    return true;
}

void draw_cluster_shutdown(void) {
    free(card_at);
    free(tile_at);
    free(card_alpha);
    free(tile_alpha);
    card_at = tile_at = NULL;
    card_alpha = tile_alpha = NULL;
    card_cap = tile_cap = 0;
}

/* The Service boxes in the traffic band: one per Service, and the preview Service's after
 * them when a blue-green rollout has one. */
static int traffic_boxes(const pane_t *p) {
    return p->svc_count + (preview_count > 0 && p->svc_count < LAYOUT_MAX_SERVICE_LINES);
}

static void service_id(const pane_t *p, int s, char *buf, size_t n) {
    const service_spec_t *sp = &p->ses.sc->services[s];
    snprintf(buf, n, "%s/%s", sp->namespace_ ? sp->namespace_ : "default", sp->name);
}

/* Many pods: one line per node (and Service) to the card, as wide as their sum, into a static
 * table; returns their number and points `*out` at them. */
static int aggregate_lines_per_node(const pane_t *p, const traffic_line_t **out) {
    static traffic_line_t agg[TRAFFIC_MAX_LINES];
    int na = 0;
    for (int i = 0; i < tline_count; i++) {
        const traffic_line_t *l = &tlines[i];
        int j = 0;
        while (j < na && !(agg[j].card == l->card && agg[j].service == l->service))
            j++;
        if (j == na) {
            agg[na] = *l;
            agg[na].tile = card_at[l->card];
            agg[na].share = 0;
            agg[na].fail = 0;
            agg[na].name = p->nodes[p->card_node[l->card]].name;
            na++;
        }
        /* the failing part of the sum: a weighted mean */
        double sum = agg[j].share + l->share;
        agg[j].fail = sum > 0 ? (agg[j].fail * agg[j].share + l->fail * l->share) / sum : 0;
        agg[j].share = sum;
        if (agg[j].version != l->version) agg[j].version = -1;
    }
    *out = agg;
    return na;
}

/* A Service's box and the leftmost and rightmost tile centres its lines go to. */
typedef struct {
    ui_rect_t box;
    int lo, hi;
} traffic_fan_t;

/* One line from the Service's box to a tile (or a node's card when `per_node`, with the
 * node's share beside the arrow); `faint` for a Service that is not the selected one. */
static void draw_traffic_arrow(const ui_draw_t *d, const pane_t *p, const traffic_line_t *l,
                               const traffic_fan_t *fan, bool faint_if_ok, bool per_node) {
    const theme_t *th = d->th;
    ui_rect_t b = fan->box;
    float tx = l->tile.x + l->tile.w / 2.0f, ty = (float)(l->tile.y + l->tile.h);
    /* the lines leave the box spread as their pods are, so they do not bunch up */
    float f = fan->hi > fan->lo ? (tx - fan->lo) / (float)(fan->hi - fan->lo) : 0.5f;
    float sx = b.x + b.w * (0.2f + 0.6f * f), sy = (float)b.y;
    bool mostly = l->fail >= 0.5, some = l->fail > 0;
    bool faint = faint_if_ok && !some;
    float w = faint ? 1.5f : fminf(1.5f + (float)l->share * d->text_px * 0.9f, d->text_px * 0.6f);
    SDL_Color c = mostly           ? th->failure
                  : l->version < 0 ? th->ink_muted
                                   : theme_version_color(l->version);
    if (faint) c = theme_alpha(c, 0.45);
    float ah = fmaxf(d->small_px * (faint ? 0.4f : 0.55f), w * 1.6f); /* arrowhead */
    float dx = tx - sx, dy = ty - sy, len = sqrtf(dx * dx + dy * dy);
    if (len < ah * 2) return;
    float ux = dx / len, uy = dy / len;
    float bx = tx - ux * ah, by = ty - uy * ah; /* the arrow's base */
    float pts[4] = {sx, sy, bx, by};
    gfx_polyline(d->r, pts, 2, w, mostly ? d->small_px * 0.6f : 0,
                 theme_alpha(c, faint ? 1.0 : 0.8));
    if (some && !mostly) { /* the failing part: the line's end, at least a sixth of it */
        float part = (float)fmax(l->fail, 1.0 / 6);
        float fw = fmaxf(w, 3.0f);
        float fpts[4] = {bx - (bx - sx) * part, by - (by - sy) * part, bx, by};
        gfx_polyline(d->r, fpts, 2, fw, d->small_px * 0.4f, th->failure);
    }
    float hw = ah * 0.6f;
    gfx_triangle(d->r, tx, ty, bx - uy * hw, by + ux * hw, bx + uy * hw, by - ux * hw,
                 some ? th->failure : c);
    char from[160];
    service_id(p, l->service, from, sizeof from);
    scene_arrow(d->scene, from, l->name, l->share, l->fail);
    if (per_node && !faint) { /* a node's share, beside the arrow under its card */
        char buf[16];
        format_share(l->share, buf, sizeof buf);
        int lx = (int)(tx + (ux < 0 ? -1 : 1) * (hw + 4));
        text_draw(d->text, buf, d->small_px, FONT_BOLD, some ? th->failure : th->ink, lx,
                  (int)ty + 2, ux < 0 ? ALIGN_RIGHT : ALIGN_LEFT, 0);
    }
}

/* Lines from each Service box to the pods it sends requests to, as wide as their share,
 * ending in an arrow under the tile. Pods not Ready, and pods at weight 0 (a blue-green
 * preview, an aborted canary), get no line: they receive no request. The part of a pod's
 * requests that fail shows in vermillion: the end of its line, as long as that part (all of
 * it, dashed, when most fail). With several Services the selected one's lines are drawn in
 * full, the others' thin and pale (unless failing), so the picture does not become a tangle
 * of same-coloured lines. */
static void draw_traffic_lines(const ui_draw_t *d, const pane_t *p, ui_rect_t band, int selected) {
    int ns = p->svc_count;
    if (ns <= 0 || band.h <= 0) return;
    const traffic_line_t *lines = tlines;
    int count = tline_count;
    bool per_node = count > TRAFFIC_PER_POD_MAX;
    if (per_node) count = aggregate_lines_per_node(p, &lines);
    int nb = traffic_boxes(p);
    traffic_fan_t fan[LAYOUT_MAX_SERVICE_LINES];
    for (int s = 0; s < ns; s++)
        fan[s] = (traffic_fan_t){layout_traffic_box(band, nb, s, d->text_px, d->small_px), 1 << 30,
                                 -(1 << 30)};
    for (int i = 0; i < count; i++) {
        const traffic_line_t *l = &lines[i];
        int cx = l->tile.x + l->tile.w / 2;
        if (cx < fan[l->service].lo) fan[l->service].lo = cx;
        if (cx > fan[l->service].hi) fan[l->service].hi = cx;
    }
    for (int i = 0; i < count; i++) {
        const traffic_line_t *l = &lines[i];
        draw_traffic_arrow(d, p, l, &fan[l->service], ns > 1 && l->service != selected, per_node);
    }
    /* the preview Service: thin dashed lines, no arrowhead, no share (no user request) */
    if (nb > ns) {
        ui_rect_t pb = layout_traffic_box(band, nb, ns, d->text_px, d->small_px);
        for (int i = 0; i < preview_count; i++) {
            ui_rect_t t = preview_at[i];
            float pts[4] = {pb.x +
                                pb.w * (0.2f + 0.6f * (float)(i + 1) / (float)(preview_count + 1)),
                            (float)pb.y, t.x + t.w / 2.0f, (float)(t.y + t.h)};
            gfx_polyline(d->r, pts, 2, 1.5f, d->small_px * 0.5f, d->th->ink_faint);
        }
    }
}

/* L11: the Ingress in front of the Services, on the left of the traffic band when the
 * scenario has one and the band is wide enough; the Services share the rest. */
static int ingress_width(const ui_draw_t *d, const pane_t *p, ui_rect_t band) {
    if (p->ses.sc->ingress_count == 0 || p->svc_count <= 0) return 0;
    int w = d->text_px * 16;
    return band.w >= 3 * w ? w : 0;
}

static ui_rect_t service_band(const ui_draw_t *d, const pane_t *p, ui_rect_t band) {
    int iw = ingress_width(d, p, band);
    if (iw > 0) {
        band.x += iw + d->text_px;
        band.w -= iw + d->text_px;
    }
    return band;
}

/* The rule's split when a canary routes through this Ingress ("v1 50 % \xC2\xB7 v2 50 %"), else "".
 */
static void ingress_split(const pane_t *p, int ingress, int s, char *buf, size_t n) {
    buf[0] = '\0';
    const sim_service_view_t *v = &p->svc[s];
    if (p->ses.sc->services[s].strategy.traffic_router_ingress != ingress || v->version_count < 2)
        return;
    size_t len = 0;
    for (int k = 0; k < v->version_count && len < n; k++)
        len += (size_t)snprintf(buf + len, n - len, "%s%s %.0f %%", k ? " \xC2\xB7 " : "",
                                v->versions[k].name, v->versions[k].weight * 100);
}

/* The Ingress box: its name, then each rule "host/path -> Service", under it the version
 * weights when a canary routes through it; a thin line to each Service box it routes to
 * (drawn first, so the boxes cover their ends). */
static void draw_ingress(const ui_draw_t *d, const pane_t *p, ui_rect_t band) {
    int iw = ingress_width(d, p, band);
    if (iw <= 0) return;
    const theme_t *th = d->th;
    const scenario_t *sc = p->ses.sc;
    const ingress_spec_t *ig = &sc->ingresses[0];
    int lh = layout_line(d->text_px), slh = layout_line(d->small_px);
    enum { MAX_RULES = 6 };
    int rules = ig->rule_count < MAX_RULES ? ig->rule_count : MAX_RULES;
    char split[MAX_RULES][96];
    int row[MAX_RULES], rows = 0;
    for (int r = 0; r < rules; r++) {
        int s = ig->rules[r].service;
        split[r][0] = '\0';
        if (s >= 0 && s < p->svc_count) ingress_split(p, 0, s, split[r], sizeof split[r]);
        row[r] = rows;
        rows += 1 + (split[r][0] != '\0');
    }
    int h = lh + rows * slh + d->pad;
    if (h > band.h) return;
    ui_rect_t b = {band.x, band.y + band.h - h, iw, h};
    ui_rect_t sband = service_band(d, p, band);
    int nb = traffic_boxes(p);
    int top = b.y + d->pad / 2 + lh;
    for (int r = 0; r < rules; r++) {
        int s = ig->rules[r].service;
        if (s < 0 || s >= p->svc_count) continue;
        ui_rect_t sb = layout_traffic_box(sband, nb, s, d->text_px, d->small_px);
        int y = top + row[r] * slh + slh / 2;
        gfx_line(d->r, (float)(b.x + b.w), (float)y, (float)sb.x, (float)(sb.y + sb.h / 2), 1.5f,
                 th->ink_muted);
    }
    char id[200], buf[256];
    snprintf(id, sizeof id, "%s/%s",
             p->svc_count > 0 && sc->services[0].namespace_ ? sc->services[0].namespace_
                                                            : "default",
             ig->name);
    scene_box(d->scene, "Ingress", id, b);
    gfx_round_fill(d->r, b, d->pad, th->panel);
    gfx_round_frame(d->r, b, d->pad, 1, th->ink);
    snprintf(buf, sizeof buf, "Ingress %s", ig->name);
    text_draw(d->text, buf, d->text_px, FONT_BOLD, th->ink, b.x + d->pad, b.y + d->pad / 2,
              ALIGN_LEFT, b.w - 2 * d->pad);
    for (int r = 0; r < rules; r++) {
        const ingress_rule_t *ru = &ig->rules[r];
        int s = ru->service;
        if (s < 0 || s >= p->svc_count) continue;
        snprintf(buf, sizeof buf, "%s%s \xE2\x86\x92 %s", ru->host ? ru->host : "",
                 ru->path ? ru->path : "/", sc->services[s].name);
        int y = top + row[r] * slh;
        text_draw(d->text, buf, d->small_px, FONT_REGULAR, th->ink_muted, b.x + d->pad, y,
                  ALIGN_LEFT, b.w - 2 * d->pad);
        if (split[r][0])
            text_draw(d->text, split[r], d->small_px, FONT_BOLD, th->ink, b.x + 2 * d->pad, y + slh,
                      ALIGN_LEFT, b.w - 3 * d->pad);
    }
}

/* The Service boxes: the Service, how many Ready endpoints it has, what it receives. */
static void draw_traffic_boxes(const ui_draw_t *d, const pane_t *p, ui_rect_t band, int selected) {
    const theme_t *th = d->th;
    int ns = p->svc_count;
    if (ns <= 0 || band.h <= 0) return;
    int lh = layout_line(d->text_px), slh = layout_line(d->small_px);
    ui_rect_t b0 = {0, 0, 0, 0};
    int nb = traffic_boxes(p);
    for (int s = 0; s < ns; s++) {
        ui_rect_t b = layout_traffic_box(band, nb, s, d->text_px, d->small_px);
        if (s == 0) b0 = b;
        if (b.w < d->text_px * 4) continue;
        const sim_service_view_t *v = &p->svc[s];
        char id[160];
        service_id(p, s, id, sizeof id);
        scene_box(d->scene, "Service", id, b);
        int eps = 0;
        for (int i = 0; i < tline_count; i++)
            eps += tlines[i].service == s;
        bool sel = ns == 1 || s == selected;
        int rad = d->pad;
        gfx_round_fill(d->r, b, rad, th->panel);
        gfx_round_frame(d->r, b, rad, sel ? 2 : 1, sel ? th->ink : th->ink_faint);
        int inset = (b.h - lh - slh) / 2;
        int x = b.x + b.w / 2, y = b.y + inset;
        char buf[160];
        bool bare = p->ses.sc->services[s].runtime == RUNTIME_BARE;
        snprintf(buf, sizeof buf, ui_tr(d->lang, bare ? "%s's port" : "Service %s"), v->name);
        text_draw(d->text, buf, d->text_px, sel ? FONT_BOLD : FONT_REGULAR,
                  sel ? th->ink : th->ink_muted, x, y, ALIGN_CENTER, b.w - 8);
        bool none = eps == 0;
        if (none)
            snprintf(buf, sizeof buf, "%s", ui_tr(d->lang, "no Ready endpoint: requests fail"));
        else
            snprintf(buf, sizeof buf,
                     ui_tr(d->lang, bare ? (eps == 1 ? "%d process listening \xC2\xB7 %.0f req/s"
                                                     : "%d processes listening \xC2\xB7 %.0f req/s")
                                         : (eps == 1 ? "%d Ready endpoint \xC2\xB7 %.0f req/s"
                                                     : "%d Ready endpoints \xC2\xB7 %.0f req/s")),
                     eps, v->offered_rps);
        text_draw(d->text, buf, d->small_px, none ? FONT_BOLD : FONT_REGULAR,
                  none ? th->failure : th->ink_muted, x, y + lh, ALIGN_CENTER, b.w - 8);
    }
    /* the blue-green preview Service: dashed, its pods tested with no user traffic */
    if (nb > ns && preview_service >= 0) {
        ui_rect_t b = layout_traffic_box(band, nb, ns, d->text_px, d->small_px);
        const service_spec_t *sp = &p->ses.sc->services[preview_service];
        const char *pname = sp->strategy.preview_service;
        char buf[200];
        snprintf(buf, sizeof buf, "%s/%s", sp->namespace_ ? sp->namespace_ : "default", pname);
        scene_box(d->scene, "PreviewService", buf, b);
        gfx_round_fill(d->r, b, d->pad, th->panel);
        gfx_dashed_frame(d->r, b, 2, d->small_px / 2 + 2, th->ink_muted);
        int inset = (b.h - lh - slh) / 2;
        snprintf(buf, sizeof buf, ui_tr(d->lang, "Service %s"), pname);
        text_draw(d->text, buf, d->text_px, FONT_REGULAR, th->ink_muted, b.x + b.w / 2, b.y + inset,
                  ALIGN_CENTER, b.w - 8);
        snprintf(buf, sizeof buf,
                 ui_tr(d->lang, preview_count == 1 ? "%d preview pod \xC2\xB7 no user requests"
                                                   : "%d preview pods \xC2\xB7 no user requests"),
                 preview_count);
        text_draw(d->text, buf, d->small_px, FONT_REGULAR, th->ink_muted, b.x + b.w / 2,
                  b.y + inset + lh, ALIGN_CENTER, b.w - 8);
    }
    /* what the picture means, beside the box when there is room */
    int room = b0.x - band.x - d->pad;
    if (ns == 1 && room >= text_width(d->text, "Ready pods only", d->small_px, FONT_REGULAR)) {
        int y = b0.y + (b0.h - 2 * slh) / 2;
        text_draw(d->text, ui_tr(d->lang, "requests go to Ready pods only"), d->small_px,
                  FONT_REGULAR, th->ink_faint, band.x, y, ALIGN_LEFT, room);
        text_draw(d->text, ui_tr(d->lang, "line width = share of requests"), d->small_px,
                  FONT_REGULAR, th->ink_faint, band.x, y + slh, ALIGN_LEFT, room);
    }
}

/* A pod tile into the scene. */
static void scene_pod(const ui_draw_t *d, const pane_t *p, const sim_pod_view_t *pv, ui_rect_t t,
                      const char *ip) {
    if (!d->scene) return;
    const scenario_t *sc = p->ses.sc;
    char svc[160] = "";
    const char *ver = NULL;
    if (pv->service >= 0 && pv->service < sc->service_count) {
        service_id(p, pv->service, svc, sizeof svc);
        if (pv->version >= 0 && pv->version < sc->services[pv->service].version_count)
            ver = sc->services[pv->service].versions[pv->version].name;
    }
    scene_tile(d->scene, pv->name, svc[0] ? svc : NULL, ver,
               pv->state < SIM_POD_STATE_COUNT ? sim_pod_state_names[pv->state] : "?",
               ip && ip[0] ? ip : NULL, t);
}

/* Pass 1: the cards' backgrounds, and where every tile goes (and, with the traffic picture,
 * the line each pod with a share gets). */
static void place_cards(const ui_draw_t *d, pane_t *p, bool scratch, bool traffic,
                        const traffic_t *tc) {
    if (draw_cards_cached(d, p)) return;
    for (int c = 0; c < p->card_count && !p->zones; c++) {
        int ni = p->card_node[c];
        const sim_node_view_t *n = &p->nodes[ni];
        const node_grid_t *cg;
        ui_rect_t target = pane_card_rect(p, c, &cg);
        int cap = cg->tiles_per_row * cg->tile_rows;
        anim_item_t *ai = anim_touch(p->anim, DRAW_KEY_CARD | (uint64_t)ni, (float)target.x,
                                     (float)target.y, (float)target.w, (float)target.h);
        double a = ai ? ai->appear : 1;
        ui_rect_t cr =
            ai ? (ui_rect_t){(int)lroundf(ai->x), (int)lroundf(ai->y), target.w, target.h} : target;
        draw_card_frame(d, n, cr, cg, a);
        scene_box(d->scene, "Node", n->name, cr);
        if (cg->tile == 0) {
            draw_card_aggregate(d, p, ni, cr);
            draw_card_header(d, p, n, cr, cg, a);
            continue;
        }
        if (!scratch) { /* out of memory: the card without its pods */
            draw_card_header(d, p, n, cr, cg, a);
            continue;
        }
        card_at[c] = cr;
        card_alpha[c] = (float)a;
        int shown = p->node_pods[ni] < cap ? p->node_pods[ni] : cap;
        for (int i = 0; i < shown; i++) {
            int k = p->node_first[ni] + i;
            const sim_pod_view_t *pv = &p->pods[k];
            ui_rect_t tt = layout_tile_rect(cg, cr, i);
            anim_item_t *pi = anim_touch(p->anim, anim_hash(pv->name, pv->id), (float)tt.x,
                                         (float)tt.y, (float)tt.w, (float)tt.h);
            tile_at[k] = tt;
            tile_alpha[k] = (float)a;
            if (pi) {
                tile_at[k] = (ui_rect_t){(int)lroundf(pi->x), (int)lroundf(pi->y), tt.w, tt.h};
                tile_alpha[k] = (float)(pi->appear * a);
                pi->kind = GHOST_POD;
                pi->color = (uint32_t)pv->version;
            }
            double share = traffic ? pod_share(p, tc, pv) : -1;
            if (share > 0 && tline_count < TRAFFIC_MAX_LINES)
                tlines[tline_count++] = (traffic_line_t){
                    tile_at[k], pv->service, share, pv->version, pod_failing(tc, n, pv),
                    c,          pv->name};
            if (traffic && preview_count < PREVIEW_MAX_PODS && is_preview_pod(p, pv)) {
                preview_at[preview_count++] = tile_at[k];
                preview_service = pv->service;
            }
        }
    }
}

/* Pass 3: the tiles over the Service's lines, each pod's failing part, "+N" for pods that do
 * not fit, and the cards' headers. */
static void draw_card_tiles(const ui_draw_t *d, pane_t *p, bool traffic, bool shares,
                            const traffic_t *tc, sim_time_t snow) {
    const theme_t *th = d->th;
    const scenario_t *sc = p->ses.sc;
    for (int c = 0; c < p->card_count && !p->zones; c++) {
        int ni = p->card_node[c];
        const sim_node_view_t *n = &p->nodes[ni];
        const node_grid_t *cg;
        pane_card_rect(p, c, &cg);
        if (cg->tile == 0) continue;
        int cap = cg->tiles_per_row * cg->tile_rows;
        ui_rect_t cr = card_at[c];
        double a = card_alpha[c];
        bool vm =
            n->pool >= 0 && n->pool < sc->pool_count && sc->pools[n->pool].runtime == RUNTIME_VM;
        SDL_Color bg = n->state == SIM_NODE_NOT_READY ? th->card_down : th->card;
        int shown = p->node_pods[ni] < cap ? p->node_pods[ni] : cap;
        for (int i = 0; i < shown; i++) {
            int k = p->node_first[ni] + i;
            const sim_pod_view_t *pv = &p->pods[k];
            double share = shares ? pod_share(p, tc, pv) : -1;
            char ip_shown[24];
            draw_pod(d, sc, pv, tile_at[k], tile_alpha[k], vm, bg, snow, share, ip_shown);
            /* the part of its requests that fail: a vermillion band across the bottom, as
             * wide as that part (a sliver at least, so any failure shows) */
            double fail =
                pod_share(p, tc, pv) > 0 && (traffic || shares) ? pod_failing(tc, n, pv) : 0;
            if (fail > 0) {
                ui_rect_t t = tile_at[k];
                int bh = t.h / 6 > 3 ? t.h / 6 : 3;
                int bw = (int)lround(t.w * fail);
                if (bw < 3) bw = 3;
                gfx_batch_flush(d->r);
                gfx_fill(d->r, (ui_rect_t){t.x, t.y + t.h - bh, bw, bh}, th->failure);
            }
            scene_pod(d, p, pv, tile_at[k], ip_shown);
        }
        if (p->node_pods[ni] > cap) {
            char buf[16];
            snprintf(buf, sizeof buf, "+%d", p->node_pods[ni] - cap);
            text_draw(d->text, buf, d->small_px, FONT_BOLD, th->ink, cr.x + cr.w - cg->inset,
                      cr.y + cr.h - layout_line(d->small_px), ALIGN_RIGHT, 0);
        }
        if (n->state == SIM_NODE_NOT_READY) { /* grey the pods of a node Kubernetes gave up on */
            gfx_batch_flush(d->r);
            gfx_fill(d->r,
                     (ui_rect_t){cr.x + cg->inset, cr.y + cg->header_h, cr.w - cg->inset - 1,
                                 cr.h - cg->header_h - 1},
                     theme_alpha(th->card_down, 0.45 * a));
        }
        draw_card_header(d, p, n, cr, cg, a);
    }
}

/* Pods that just disappeared fade out where they were. */
static void draw_ghosts(const ui_draw_t *d, pane_t *p) {
    const theme_t *th = d->th;
    int it = 0;
    for (anim_item_t *gi; (gi = anim_next_ghost(p->anim, &it));) {
        if (gi->kind != GHOST_POD) continue;
        ui_rect_t tr = {(int)lroundf(gi->x), (int)lroundf(gi->y), (int)lroundf(gi->w),
                        (int)lroundf(gi->h)};
        SDL_Color vc = theme_version_color((int)gi->color);
        gfx_fill(d->r, tr, theme_alpha(vc, 0.3 * gi->fade));
        gfx_frame(d->r, tr, 1, theme_alpha(th->ink, gi->fade));
    }
}

/* Unscheduled pods: nothing fits them (FailedScheduling). A badge that reads from the back
 * of the room, then the pods themselves as big as the row allows, on a highlight. */
static void draw_pending(const ui_draw_t *d, pane_t *p, sim_time_t snow) {
    const theme_t *th = d->th;
    const scenario_t *sc = p->ses.sc;
    if (p->pending_count <= 0 || p->cl.pending.h <= 0) return;
    ui_rect_t pr = p->cl.pending;
    char buf[64];
    snprintf(buf, sizeof buf, ui_tr(d->lang, "Pending: %d"), p->pending_count);
    int bpx = d->text_px, lh = layout_line(bpx);
    while (lh > pr.h && bpx > LAYOUT_MIN_TEXT_PX)
        lh = layout_line(--bpx);
    int bw = text_width(d->text, buf, bpx, FONT_BOLD) + d->pad * 2;
    ui_rect_t badge = {pr.x, pr.y + (pr.h - lh) / 2, bw, lh};
    scene_box(d->scene, "PendingBadge", buf, badge);
    gfx_round_fill(d->r, badge, lh / 3, th->ink);
    text_draw(d->text, buf, bpx, FONT_BOLD, th->panel, badge.x + bw / 2, badge.y, ALIGN_CENTER, 0);
    int x = badge.x + bw + d->pad;
    x += text_draw(d->text, ui_tr(d->lang, "no node fits"), d->small_px, FONT_BOLD, th->ink, x,
                   pr.y + (pr.h - layout_line(d->small_px)) / 2, ALIGN_LEFT, pr.w / 4) +
         d->pad;
    int s = pr.h - 4;
    for (int i = 0; i < p->pending_count; i++) {
        if (x + s > pr.x + pr.w) break;
        const sim_pod_view_t *pv = &p->pods[p->pending_first + i];
        ui_rect_t tt = {x, pr.y + (pr.h - s) / 2, s, s};
        anim_item_t *pi = anim_touch(p->anim, anim_hash(pv->name, pv->id), (float)tt.x, (float)tt.y,
                                     (float)s, (float)s);
        if (pi) pi->kind = 0; /* no ghost: a pending pod that leaves was scheduled */
        gfx_round_fill(d->r, rect_inset(tt, -1, -1), s / 5,
                       theme_mix(th->panel, theme_version_color(pv->version), 0.25));
        char ip[24];
        draw_pod(d, sc, pv, tt, pi ? pi->appear : 1, false, th->panel, snow, -1, ip);
        scene_pod(d, p, pv, tt, ip);
        x += s + (s / 5 > 2 ? s / 5 : 2);
    }
}

void draw_cluster(const ui_draw_t *d, pane_t *p, ui_rect_t area, int selected) {
    const theme_t *th = d->th;
    const scenario_t *sc = p->ses.sc;
    sim_time_t snow = sim_now(p->ses.sim);
    draw_panel(d, area);
    layout_cluster(area, sc->pool_count, p->pending_count > 0, d->small_px, &p->cl);
    draw_pools(d, p, p->cl.pools);
    node_grid_t *g = &p->grid;
    layout_cluster_grid(&p->cl, p->card_count, p->pods_hint, p->svc_count, d->text_px, d->small_px,
                        g);
    /* the object tree of the Kubernetes services (a bare-metal app has none) */
    int kube = 0;
    for (int i = 0; i < p->svc_count; i++)
        kube += sc->services[i].runtime != RUNTIME_BARE;
    layout_cluster_tree(&p->cl, p->card_count, p->pods_hint, kube, d->text_px, d->small_px, g);
    bool traffic = p->cl.traffic.h > 0;
    /* with the picture, shares are written on tiles big enough for a third line */
    bool shares = traffic && g->tile >= 3 * layout_line(d->small_px);
    traffic_t tc;
    if (traffic || shares) traffic_count(p, &tc);
    tline_count = 0;
    preview_count = 0;
    preview_service = -1;
    anim_begin(p->anim, d->now, d->settle);
    scene_box(d->scene, "ClusterPanel", (char[]){p->label, 0}, area);
    p->zones = zones_wanted(d, p);
    if (p->zones) {
        draw_zones(d, p, p->cl.grid);
        /* nothing of the cards' is drawn, nor hit */
        layout_node_grid((ui_rect_t){p->cl.grid.x, p->cl.grid.y, 0, 0}, 0, 1, d->text_px,
                         d->small_px, &p->grid);
    } else if (p->group_count > 0)
        layout_groups(d, p);
    bool scratch = grow_scratch(p->card_count, p->pod_count);
    if (!scratch) traffic = false; /* out of memory: no lines */
    place_cards(d, p, scratch, traffic, &tc);
    /* 2: the Service's lines, over the cards and under the tiles */
    if (traffic) draw_traffic_lines(d, p, service_band(d, p, p->cl.traffic), selected);
    if (scratch) draw_card_tiles(d, p, traffic, shares, &tc, snow);
    draw_ghosts(d, p);
    gfx_batch_flush(d->r);
    if (traffic) {
        draw_ingress(d, p, p->cl.traffic);
        draw_traffic_boxes(d, p, service_band(d, p, p->cl.traffic), selected);
    }
    draw_tree(d, p, service_band(d, p, p->cl.traffic), traffic_boxes(p));
    draw_pending(d, p, snow);
    anim_end(p->anim);
    if (p->cl.legend.h > 0) draw_cluster_legend(d, p, p->cl.legend, selected);
    gfx_batch_flush(d->r);
    if (p->card_count == 0) {
        text_draw(d->text, "no nodes", d->text_px, FONT_REGULAR, th->ink_faint,
                  p->cl.grid.x + p->cl.grid.w / 2, p->cl.grid.y + p->cl.grid.h / 2, ALIGN_CENTER,
                  0);
    }
}
