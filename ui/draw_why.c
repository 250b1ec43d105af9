/* draw_why: the top of the Why panel, what holds the cluster *now*: why pods are Pending (the
 * scheduler's filters, node by node), which pods the taint manager just evicted and why, and
 * the clocks a lesson waits on that no decision line shows while they run — the HPA's
 * scale-down stabilization window and the cluster autoscaler's unneeded-node time. Every
 * figure comes from typed fields (sim_ref_t of the history, the HPA and node views), never
 * from a message's words. */
#include <stdio.h>
#include <string.h>

#include "gfx.h"
#include "i18n.h"
#include "ui.h"

#define WHY_RECENT (60 * SIM_SEC) /* an eviction stays on top this long */

/* Appends to buf (a bounded strcat). */
static void put(char *buf, size_t n, const char *s) {
    size_t len = strlen(buf);
    if (len < n) snprintf(buf + len, n - len, "%s", s);
}

/* "Pending pods: 3 · 0/5 nodes fit: 3 Insufficient cpu, 2 untolerated taint" from the latest
 * FailedScheduling's typed histogram. False when nothing is Pending or no such event is kept. */
static bool pending_line(const ui_draw_t *d, const pane_t *p, char *buf, size_t n) {
    static const char *const words[SIM_UNFIT_KINDS] = {
        [SIM_UNFIT_CPU] = "%d Insufficient cpu",    [SIM_UNFIT_MEMORY] = "%d Insufficient memory",
        [SIM_UNFIT_TAINT] = "%d untolerated taint", [SIM_UNFIT_NOT_READY] = "%d NotReady",
        [SIM_UNFIT_UNSCHEDULABLE] = "%d cordoned",  [SIM_UNFIT_AFFINITY] = "%d affinity",
        [SIM_UNFIT_SPREAD] = "%d topology spread",
    };
    if (p->pending_count <= 0) return false;
    const sim_t *s = p->ses.sim;
    sim_event_view_t ev;
    int i = sim_event_count(s) - 1;
    for (; i >= 0; i--)
        if (sim_event_get(s, i, &ev) && ev.ref.kind == SIM_EVK_FAILED_SCHEDULING) break;
    if (i < 0) return false;
    snprintf(buf, n, ui_tr(d->lang, "Pending pods: %d \xC2\xB7 0/%d nodes fit"), p->pending_count,
             ev.ref.from);
    if (ev.ref.from <= 0) {
        put(buf, n, ": ");
        put(buf, n, ui_tr(d->lang, "no nodes available"));
        return true;
    }
    bool first = true;
    for (int k = 0; k < SIM_UNFIT_KINDS; k++) {
        if (ev.ref.unfit[k] <= 0) continue;
        char item[96];
        snprintf(item, sizeof item, ui_tr(d->lang, words[k]), ev.ref.unfit[k]);
        put(buf, n, first ? ": " : ", ");
        put(buf, n, item);
        first = false;
    }
    return true;
}

/* The latest instant the taint manager evicted pods of one node, within WHY_RECENT. */
static bool eviction_line(const ui_draw_t *d, const pane_t *p, char *buf, size_t n) {
    const sim_t *s = p->ses.sim;
    sim_time_t now = sim_now(s);
    sim_event_view_t ev;
    int count = 0, node = -1;
    sim_time_t at = -1;
    for (int i = sim_event_count(s) - 1; i >= 0; i--) {
        if (!sim_event_get(s, i, &ev)) continue;
        if (at >= 0 && ev.time != at) break;
        if (ev.ref.kind != SIM_EVK_EVICTION) continue;
        if (at < 0) {
            if (now - ev.time > WHY_RECENT) return false;
            at = ev.time;
            node = ev.ref.node;
        }
        count += ev.ref.node == node;
    }
    if (count == 0) return false;
    const char *name = node >= 0 && node < p->node_count ? p->nodes[node].name : "?";
    snprintf(buf, n, ui_tr(d->lang, "%d evicted from %s (NoExecute taint, toleration ran out)"),
             count, name);
    return true;
}

/* One line: the clock, the controller in bold, what it does. */
static int now_line(const ui_draw_t *d, ui_rect_t in, int y, int tw, const char *head,
                    const char *text) {
    const theme_t *th = d->th;
    int x = in.x + tw;
    x += text_draw(d->text, head, d->small_px, FONT_BOLD, th->ink, x, y, ALIGN_LEFT, in.w / 3);
    x += text_draw(d->text, ": ", d->small_px, FONT_BOLD, th->ink, x, y, ALIGN_LEFT, 0);
    text_draw(d->text, text, d->small_px, FONT_REGULAR, th->ink, x, y, ALIGN_LEFT, in.x + in.w - x);
    return y + layout_line(d->small_px);
}

int draw_why_now(const ui_draw_t *d, const pane_t *p, ui_rect_t in, int y, int tw, int max_lines) {
    const sim_t *s = p->ses.sim;
    sim_time_t now = sim_now(s);
    int lines = 0;
    char buf[512], left[16], head[128];
    if (lines < max_lines && pending_line(d, p, buf, sizeof buf)) {
        y = now_line(d, in, y, tw, ui_tr(d->lang, "scheduler"), buf);
        lines++;
    }
    if (lines < max_lines && eviction_line(d, p, buf, sizeof buf)) {
        y = now_line(d, in, y, tw, ui_tr(d->lang, "taint manager"), buf);
        lines++;
    }
    for (int i = 0; i < p->svc_count && lines < max_lines; i++) {
        sim_hpa_view_t h;
        if (!sim_hpa_view(s, i, &h) || h.scale_down_at < 0) continue;
        ui_format_wait(h.scale_down_at - now, left, sizeof left);
        snprintf(head, sizeof head, ui_tr(d->lang, "HPA %s"), p->svc[i].name);
        snprintf(buf, sizeof buf,
                 ui_tr(d->lang, "keeps %d (recommends %d): scale-down window %s left"), h.replicas,
                 h.recommended, left);
        y = now_line(d, in, y, tw, head, buf);
        lines++;
    }
    int unneeded = 0;
    sim_time_t first = -1;
    for (int i = 0; i < p->node_count; i++) {
        const sim_node_view_t *n = &p->nodes[i];
        if (n->remove_at < 0 || n->state == SIM_NODE_REMOVED) continue;
        unneeded++;
        if (first < 0 || n->remove_at < first) first = n->remove_at;
    }
    if (unneeded > 0 && lines < max_lines) {
        ui_format_wait(first - now, left, sizeof left);
        snprintf(buf, sizeof buf,
                 ui_tr(d->lang, "unneeded nodes: %d \xC2\xB7 first removable in %s"), unneeded,
                 left);
        y = now_line(d, in, y, tw, ui_tr(d->lang, "cluster autoscaler"), buf);
        lines++;
    }
    /* after a scale-up the autoscaler removes no node for 10 minutes: the wait a class sees
     * between the new nodes and the first removal */
    sim_ca_view_t ca;
    if (lines < max_lines && sim_ca_view(s, &ca) && ca.scale_up_until >= 0) {
        ui_format_wait(ca.scale_up_until - now, left, sizeof left);
        snprintf(buf, sizeof buf, ui_tr(d->lang, "scaled up: no scale-down for %s"), left);
        y = now_line(d, in, y, tw, ui_tr(d->lang, "cluster autoscaler"), buf);
        lines++;
    }
    if (lines > 0) { /* a rule between now and the history */
        gfx_fill(d->r, (ui_rect_t){in.x, y + 1, in.w, 1}, d->th->grid);
        y += 4;
    }
    return y;
}
