/* draw_tree: the objects L4 and L8 name, as Argo's tree shows them: each Namespace a box
 * around its Services and Deployments, each Deployment with its ReplicaSets (name with the
 * pod-template hash, revision, version) and each ReplicaSet's pods as small tiles. Under the
 * traffic picture the tree is drawn in full, a Deployment under its Service box; where space
 * is short it is one line (namespace, Deployment, a ReplicaSet's revision and its pods). A
 * ReplicaSet the rollout has scaled to 0 stays, faded: it is kept for rollback. */
#include <stdio.h>
#include <string.h>

#include "gfx.h"
#include "i18n.h"
#include "ui.h"

#define TREE_RS 2 /* ReplicaSets drawn per Deployment: the newest two revisions */

typedef struct {
    sim_replicaset_view_t rs[TREE_RS]; /* oldest first */
    int n, older;                      /* drawn; older revisions not drawn */
} dep_rs_t;

/* The newest TREE_RS ReplicaSets of a service, oldest first. */
static void pick_rs(const sim_t *s, int svc, dep_rs_t *out) {
    out->n = out->older = 0;
    int count = sim_replicaset_count(s, svc);
    for (int k = 0; k < count; k++) {
        sim_replicaset_view_t v;
        if (!sim_replicaset_view(s, svc, k, &v)) continue;
        if (out->n < TREE_RS) {
            out->rs[out->n++] = v;
        } else { /* keep the two highest revisions */
            int low = out->rs[0].revision <= out->rs[1].revision ? 0 : 1;
            if (v.revision > out->rs[low].revision) out->rs[low] = v;
            out->older++;
        }
    }
    if (out->n == 2 && out->rs[0].revision > out->rs[1].revision) {
        sim_replicaset_view_t t = out->rs[0];
        out->rs[0] = out->rs[1];
        out->rs[1] = t;
    }
}

static bool kube_service(const pane_t *p, int svc) {
    return p->ses.sc->services[svc].runtime != RUNTIME_BARE; /* a process has no objects */
}

static const char *ns_of(const pane_t *p, int svc) {
    const char *ns = p->ses.sc->services[svc].namespace_;
    return ns ? ns : "default";
}

/* The ReplicaSet's pods as tiles of edge `s` from (x, y) within width w; returns the x after
 * them ("+N" when they do not all fit). */
static int draw_rs_pods(const ui_draw_t *d, const pane_t *p, int svc,
                        const sim_replicaset_view_t *rs, int x, int y, int w, int s) {
    int step = s + (s / 5 > 2 ? s / 5 : 2), drawn = 0, more = 0, x0 = x;
    sim_time_t now = sim_now(p->ses.sim);
    char plus[16];
    int plus_w = text_width(d->text, "+99", d->small_px, FONT_BOLD);
    pane_pod_it_t it;
    for (int i = pane_pods_begin(p, &it); i >= 0; i = pane_pods_next(p, &it)) {
        const sim_pod_view_t *pv = &p->pods[i];
        if (pv->service != svc || pv->revision != rs->revision || pv->state == SIM_POD_DELETED)
            continue;
        if (x + step > x0 + w - plus_w) {
            more++;
            continue;
        }
        draw_pod(d, NULL, pv, (ui_rect_t){x, y, s, s}, 1, false, d->th->panel, now, -1, NULL);
        x += step;
        drawn++;
    }
    if (more > 0) {
        snprintf(plus, sizeof plus, "+%d", more);
        x += text_draw(d->text, plus, d->small_px, FONT_BOLD, d->th->ink_muted, x,
                       y + (s - layout_line(d->small_px)) / 2, ALIGN_LEFT, 0);
    }
    (void)drawn;
    return x;
}

static void rs_box_frame(const ui_draw_t *d, ui_rect_t b, const sim_replicaset_view_t *rs) {
    bool empty = rs->total == 0 && rs->desired == 0;
    gfx_round_fill(d->r, b, 3, d->th->panel);
    gfx_round_frame(d->r, b, 3, rs->current ? 2 : 1,
                    empty ? d->th->ink_faint : theme_version_color(rs->version));
}

/* A ReplicaSet in full: its name, "rev 2 · v2 · 3 pods", its pods. */
static void draw_rs_full(const ui_draw_t *d, const pane_t *p, int svc,
                         const sim_replicaset_view_t *rs, ui_rect_t b) {
    const theme_t *th = d->th;
    const scenario_t *sc = p->ses.sc;
    int slh = layout_line(d->small_px), in = d->pad / 2 + 2;
    bool empty = rs->total == 0 && rs->desired == 0;
    char id[200], buf[200], a[48], c[48];
    snprintf(id, sizeof id, "%s/%s", ns_of(p, svc), rs->name);
    scene_box(d->scene, "ReplicaSet", id, b);
    rs_box_frame(d, b, rs);
    int x = b.x + in, w = b.w - 2 * in, y = b.y + in / 2;
    text_draw(d->text, rs->name, d->small_px, FONT_BOLD, empty ? th->ink_muted : th->ink, x, y,
              ALIGN_LEFT, w);
    y += slh;
    const char *ver = rs->version >= 0 && rs->version < sc->services[svc].version_count
                          ? sc->services[svc].versions[rs->version].name
                          : "?";
    snprintf(a, sizeof a, ui_tr(d->lang, "rev %d"), rs->revision);
    /* as kubectl's CURRENT: pods not terminating (the terminating ones are drawn, faded) */
    snprintf(c, sizeof c, ui_tr(d->lang, rs->active == 1 ? "%d pod" : "%d pods"), rs->active);
    snprintf(buf, sizeof buf, "%s \xC2\xB7 %s \xC2\xB7 %s", a, ver, c);
    text_draw(d->text, buf, d->small_px, FONT_REGULAR, th->ink_muted, x, y, ALIGN_LEFT, w);
    y += slh;
    if (empty)
        text_draw(d->text, ui_tr(d->lang, "kept for rollback"), d->small_px, FONT_REGULAR,
                  th->ink_faint, x, y, ALIGN_LEFT, w);
    else
        draw_rs_pods(d, p, svc, rs, x, y + 1, w, slh - 3);
}

/* A Deployment in full in its column under the Service box: its ReplicaSets side by side. */
static void draw_dep_full(const ui_draw_t *d, const pane_t *p, int svc, ui_rect_t b) {
    const theme_t *th = d->th;
    int slh = layout_line(d->small_px), in = d->pad / 2 + 2;
    char buf[200];
    snprintf(buf, sizeof buf, "%s/%s", ns_of(p, svc), p->ses.sc->services[svc].name);
    bool argo = strategy_type_flags(p->ses.sc->services[svc].strategy.type) & STRATEGY_F_ROLLOUT;
    scene_box(d->scene, argo ? "Rollout" : "Deployment", buf, b);
    gfx_round_frame(d->r, b, d->pad / 2 + 2, 1, th->ink_muted);
    snprintf(buf, sizeof buf, "%s %s", argo ? "Rollout" : "Deployment",
             p->ses.sc->services[svc].name);
    dep_rs_t dr;
    pick_rs(p->ses.sim, svc, &dr);
    int hw = text_draw(d->text, buf, d->small_px, FONT_BOLD, th->ink, b.x + in, b.y + in / 2,
                       ALIGN_LEFT, b.w - 2 * in);
    if (dr.older > 0) {
        char more[48];
        snprintf(more, sizeof more, ui_tr(d->lang, "+%d older"), dr.older);
        text_draw(d->text, more, d->small_px, FONT_REGULAR, th->ink_faint, b.x + b.w - in,
                  b.y + in / 2, ALIGN_RIGHT, b.w - 3 * in - hw);
    }
    if (dr.n == 0) return;
    int top = b.y + in / 2 + slh + in / 2;
    ui_rect_t row = {b.x + in, top, b.w - 2 * in, b.y + b.h - in - top};
    for (int k = 0; k < dr.n; k++) {
        ui_rect_t rb = layout_column(row, dr.n, k, d->small_px / 2);
        draw_rs_full(d, p, svc, &dr.rs[k], rb);
    }
}

/* One line: the Deployment's name, then each ReplicaSet as "r2" and its pods. */
static void draw_dep_line(const ui_draw_t *d, const pane_t *p, int svc, ui_rect_t b) {
    const theme_t *th = d->th;
    int in = b.h >= 12 ? 2 : 1, slh = layout_line(d->small_px);
    char buf[200];
    snprintf(buf, sizeof buf, "%s/%s", ns_of(p, svc), p->ses.sc->services[svc].name);
    bool argo = strategy_type_flags(p->ses.sc->services[svc].strategy.type) & STRATEGY_F_ROLLOUT;
    scene_box(d->scene, argo ? "Rollout" : "Deployment", buf, b);
    gfx_round_frame(d->r, b, 3, 1, th->ink_muted);
    int ty = b.y + (b.h - slh) / 2;
    int x = b.x + in + 3, right = b.x + b.w - in - 2;
    x += text_draw(d->text, p->ses.sc->services[svc].name, d->small_px, FONT_BOLD, th->ink, x, ty,
                   ALIGN_LEFT, (right - x) / 3) +
         4;
    dep_rs_t dr;
    pick_rs(p->ses.sim, svc, &dr);
    for (int k = 0; k < dr.n && x < right - slh; k++) {
        const sim_replicaset_view_t *rs = &dr.rs[k];
        int w = (right - x - (dr.n - 1 - k) * 2) / (dr.n - k);
        ui_rect_t rb = {x, b.y + in, w, b.h - 2 * in};
        char id[200];
        snprintf(id, sizeof id, "%s/%s", ns_of(p, svc), rs->name);
        scene_box(d->scene, "ReplicaSet", id, rb);
        rs_box_frame(d, rb, rs);
        snprintf(buf, sizeof buf, "r%d", rs->revision);
        int rx = rb.x + 3;
        rx += text_draw(d->text, buf, d->small_px, FONT_BOLD, th->ink_muted, rx, ty, ALIGN_LEFT,
                        rb.w - 6) +
              3;
        int s = rb.h - 4;
        if (s > slh - 2) s = slh - 2;
        if (s >= 4) draw_rs_pods(d, p, svc, rs, rx, rb.y + (rb.h - s) / 2, rb.x + rb.w - 2 - rx, s);
        x += w + 2;
    }
}

/* The namespace's label on a panel-coloured ground, so lines under it do not cross it. */
static int ns_label(const ui_draw_t *d, const char *ns, int x, int y, int max_w) {
    char buf[160];
    snprintf(buf, sizeof buf, ui_tr(d->lang, "namespace %s"), ns);
    int w = text_width(d->text, buf, d->small_px, FONT_BOLD);
    if (w > max_w) w = max_w;
    gfx_fill(d->r, (ui_rect_t){x - 2, y, w + 4, layout_line(d->small_px)}, d->th->panel);
    return text_draw(d->text, buf, d->small_px, FONT_BOLD, d->th->ink_muted, x, y, ALIGN_LEFT,
                     max_w);
}

void draw_tree(const ui_draw_t *d, const pane_t *p, ui_rect_t band, int columns) {
    ui_rect_t t = p->cl.tree;
    int ns = p->svc_count;
    if (t.h <= 0 || ns <= 0) return;
    const theme_t *th = d->th;
    int slh = layout_line(d->small_px);
    /* the Namespaces: runs of services in one namespace (the scenario's order) */
    for (int i = 0; i < ns;) {
        int j = i;
        while (j + 1 < ns && strcmp(ns_of(p, j + 1), ns_of(p, i)) == 0)
            j++;
        int kube = 0;
        for (int k = i; k <= j; k++)
            kube += kube_service(p, k);
        if (kube == 0) {
            i = j + 1;
            continue;
        }
        if (p->cl.tree_full) {
            /* columns under the Service boxes; the namespace's box holds the boxes too */
            ui_rect_t c0 = layout_column(band, columns, i, d->text_px);
            ui_rect_t c1 = layout_column(band, columns, j, d->text_px);
            /* the blue-green preview Service's box comes after the last Service's */
            bool preview = false;
            for (int k = i; k <= j; k++)
                preview |= strategy_has_preview_service(&p->ses.sc->services[k].strategy);
            if (preview && j == ns - 1 && columns > ns)
                c1 = layout_column(band, columns, columns - 1, d->text_px);
            ui_rect_t sb = layout_traffic_box(band, columns, i, d->text_px, d->small_px);
            int top = sb.y - slh - d->pad / 2;
            ui_rect_t nb = {c0.x - d->pad / 2, top, c1.x + c1.w - c0.x + d->pad, t.y + t.h - top};
            scene_box(d->scene, "Namespace", ns_of(p, i), nb);
            gfx_round_frame(d->r, nb, d->pad, 1, th->ink_faint);
            ns_label(d, ns_of(p, i), nb.x + d->pad, top + 1, nb.w - 2 * d->pad);
            for (int k = i; k <= j; k++) {
                if (!kube_service(p, k)) continue;
                ui_rect_t c = layout_column(band, columns, k, d->text_px);
                ui_rect_t db = {c.x, t.y, c.w, t.h - d->pad / 2};
                draw_dep_full(d, p, k, db);
            }
        } else {
            /* one line: the namespace's share of the width as it has services */
            ui_rect_t c0 = layout_column(t, ns, i, d->small_px / 2);
            ui_rect_t c1 = layout_column(t, ns, j, d->small_px / 2);
            ui_rect_t nb = {c0.x, t.y, c1.x + c1.w - c0.x, t.h};
            scene_box(d->scene, "Namespace", ns_of(p, i), nb);
            gfx_round_fill(d->r, nb, 4, th->card);
            gfx_round_frame(d->r, nb, 4, 1, th->ink_faint);
            int x = nb.x + 4;
            x += text_draw(d->text, ns_of(p, i), d->small_px, FONT_BOLD, th->ink_muted, x,
                           nb.y + (nb.h - slh) / 2, ALIGN_LEFT, nb.w / 4) +
                 4;
            ui_rect_t row = {x, nb.y + 2, nb.x + nb.w - 3 - x, nb.h - 4};
            for (int k = i, m = 0; k <= j; k++) {
                if (!kube_service(p, k)) continue;
                draw_dep_line(d, p, k, layout_column(row, kube, m++, 3));
            }
        }
        i = j + 1;
    }
}
