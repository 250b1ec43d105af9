/* sched_index: kube-scheduler's filter-then-score (schedule_one.go findNodesThatFitPod,
 * prioritizeNodes, selectHost) for one pod, answered by a segment tree over the nodes instead
 * of a walk over numFeasibleNodesToFind of them — the same window, scores, tie set and pick.
 *
 * Why it can be exact. For the pods it takes (sched_index.h) a node's verdict is NodeResourcesFit
 * on its free resources and the pool's runtime, and its score is R + 2 × N(raw), where R is
 * NodeResourcesFit (LeastAllocated) + BalancedAllocation — a function of the node and the pod's
 * request class, kept per class in the tree — and raw is PodTopologySpread's system default
 * (hostname and zone, the pod's ReplicaSet counted), normalised by its minimum and maximum over
 * the scored nodes. A node holding none of the ReplicaSet's pods (an "A" node) has a raw score
 * that depends only on its zone; the nodes holding some ("B" nodes) are the ReplicaSet's sorted
 * list, read for the window. So the best total is the best, over zone slots, of the tree's best
 * R among the window's A nodes plus 2 × N(that slot's raw), against each B node's own total, and
 * the tied nodes are, per slot, those at the slot's best R, plus the tied B nodes.
 *
 * The tree counts B nodes with the A nodes; that is corrected by their known scores: it keeps
 * per slot the SCHED_INDEX_TOP best distinct R with their counts, so the best R of the A nodes is
 * the first of them with more nodes than the B nodes at it. Only when B nodes hold all of them
 * does the index decline and the walk decide: the same answer either way.
 *
 * What it costs. The tree's part is logarithmic: a node's change moves its old and new score's
 * counts in place up to the root (seg_update). The B nodes are read once per placement, and
 * there can be hundreds (a service whose pods keep coming back to one window): the pass only
 * counts each into its cell (count, leaf) and lists the few cells present; the groups' best
 * scores, the corrections to the tree's counts and the nodes' weights in the tie descent are
 * then worked out per cell. */
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "sched_index.h"
#include "sched_nodes.h"
#include "scheduler.h"

/* Counts of the ReplicaSet's pods on a node the grouping handles (more: the walk decides). */
#define B_COUNTS 16
/* The B nodes' cells (B_CELL): per count below B_COUNTS and leaf (the scores a leaf holds,
 * NodeResourcesFit + BalancedAllocation, run from 0 to 2 × MaxNodeScore). */
#define B_CELLS ((size_t)B_COUNTS << 11)

/* ---- the tree ---- */

static int slots_of(const sim_t *s) {
    return s->sc->zone_count > 0 ? s->sc->zone_count + 1 : 1;
}

static inline int slot_of(const sim_t *s, int ni) {
    return s->sc->zone_count > 0 ? s->sched_nodes[ni].zone + 1 : 0;
}

static void seg_clear(sched_ix_node_t *o, int ns) {
    o->feasible = 0;
    for (int k = 0; k < ns; k++) {
        o->fs[k] = 0;
        for (int i = 0; i < SCHED_INDEX_TOP; i++)
            o->v[k][i] = -1, o->c[k][i] = 0;
    }
}

/* o = a ∪ b: per slot the two descending lists merged, equal scores' counts added. */
static inline void seg_merge(sched_ix_node_t *o, const sched_ix_node_t *a, const sched_ix_node_t *b,
                             int ns) {
    o->feasible = a->feasible + b->feasible;
    for (int k = 0; k < ns; k++) {
        o->fs[k] = a->fs[k] + b->fs[k];
        const int16_t *av = a->v[k], *bv = b->v[k];
        const uint32_t *ac = a->c[k], *bc = b->c[k];
        if (av[0] < 0 || bv[0] < 0) { /* a side without nodes in the slot (a zoned cluster's
                                       * slot 0 always): the other's list as it is */
            memcpy(o->v[k], av[0] < 0 ? bv : av, sizeof o->v[k]);
            memcpy(o->c[k], av[0] < 0 ? bc : ac, sizeof o->c[k]);
            continue;
        }
        int i = 0, j = 0;
        for (int n = 0; n < SCHED_INDEX_TOP; n++) {
            int16_t x = i < SCHED_INDEX_TOP ? av[i] : -1, y = j < SCHED_INDEX_TOP ? bv[j] : -1;
            if (x < 0 && y < 0) {
                o->v[k][n] = -1, o->c[k][n] = 0;
            } else if (x > y) {
                o->v[k][n] = x, o->c[k][n] = ac[i++];
            } else if (y > x) {
                o->v[k][n] = y, o->c[k][n] = bc[j++];
            } else {
                o->v[k][n] = x, o->c[k][n] = ac[i++] + bc[j++];
            }
        }
    }
}

/* Segment o after one of its nodes, of slot k, went from score `from` to `to` (-1: does not
 * fit): the counts moved in place, which is all a change needs unless it empties one of the
 * best few kept (false: the next best is the children's, seg_merge). The lists hold the
 * segment's best scores, so a score above the last one kept that is not among them had no
 * node before: a count of 1. */
static inline bool seg_update(sched_ix_node_t *o, int k, int from, int to) {
    int16_t *v = o->v[k];
    uint32_t *c = o->c[k];
    if (from >= 0) {
        o->feasible--, o->fs[k]--;
        for (int i = 0; i < SCHED_INDEX_TOP && v[i] >= from; i++)
            if (v[i] == from) {
                if (c[i] == 1) return false;
                c[i]--;
                break;
            }
    }
    if (to >= 0) {
        o->feasible++, o->fs[k]++;
        int i = 0;
        while (i < SCHED_INDEX_TOP && v[i] > to)
            i++;
        if (i < SCHED_INDEX_TOP && v[i] == to) {
            c[i]++;
        } else if (i < SCHED_INDEX_TOP) {
            for (int m = SCHED_INDEX_TOP - 1; m > i; m--)
                v[m] = v[m - 1], c[m] = c[m - 1];
            v[i] = (int16_t)to, c[i] = 1;
        }
    }
    return true;
}

/* Node ni's leaf for the class: the filter's fast verdict (scheduler.c filter_nodes) and R. */
static void leaf(const sim_t *s, struct sched_index *ix, int ni, int ns) {
    sched_ix_node_t *o = &ix->t[ix->leaves + ni];
    seg_clear(o, ns);
    ix->leaf[ni] = -1;
    if (ni >= s->node_count) return;
    const sched_node_t *h = &s->sched_nodes[ni];
    if (h->blocked != SCHED_NODE_PLAIN || s->sc->pools[h->pool].runtime != ix->runtime) return;
    if (!sched_plain_fits(h, ix->cpu, ix->mem)) return;
    int k = slot_of(s, ni);
    int16_t r = (int16_t)sched_resource_score(s, ni, ix->cpu, ix->mem);
    o->feasible = 1;
    o->fs[k] = 1;
    o->v[k][0] = r;
    o->c[k][0] = 1;
    ix->leaf[ni] = (int16_t)(r * 8 + k);
}

static bool build(sim_t *s, struct sched_index *ix) {
    int leaves = 1, ns = slots_of(s);
    while (leaves < s->node_count)
        leaves *= 2;
    sched_ix_node_t *t = malloc(sizeof *t * 2 * (size_t)leaves);
    int16_t *l = malloc(sizeof *l * (size_t)leaves);
    if (!t || !l) {
        free(t);
        free(l);
        return false;
    }
    free(ix->t);
    free(ix->leaf);
    ix->t = t;
    ix->leaf = l;
    ix->leaves = leaves;
    for (int i = 0; i < leaves; i++)
        leaf(s, ix, i, ns);
    for (int j = leaves - 1; j >= 1; j--)
        seg_merge(&t[j], &t[2 * j], &t[2 * j + 1], ns);
    return true;
}

void sched_index_node_changed(sim_t *s, int ni) {
    int ns = slots_of(s);
    for (int c = 0; c < s->sched_ix_count; c++) {
        struct sched_index *ix = &s->sched_ix[c];
        if (!ix->t) continue;
        if (ni >= ix->leaves) { /* the cluster outgrew the tree: rebuilt at its next use */
            free(ix->t);
            free(ix->leaf);
            ix->t = NULL;
            ix->leaf = NULL;
            continue;
        }
        int16_t was = ix->leaf[ni];
        leaf(s, ix, ni, ns);
        if (ix->leaf[ni] == was) continue; /* same verdict, slot and score: nothing above moves */
        int k = (was >= 0 ? was : ix->leaf[ni]) & 7;
        int from = was >= 0 ? was >> 3 : -1, to = ix->leaf[ni] >= 0 ? ix->leaf[ni] >> 3 : -1;
        for (int j = (ix->leaves + ni) / 2; j >= 1; j /= 2)
            if (!seg_update(&ix->t[j], k, from, to))
                seg_merge(&ix->t[j], &ix->t[2 * j], &ix->t[2 * j + 1], ns);
    }
}

void sched_index_free(sim_t *s) {
    for (int c = 0; c < s->sched_ix_count; c++) {
        free(s->sched_ix[c].t);
        free(s->sched_ix[c].leaf);
        free(s->sched_ix[c].hist);
        free(s->sched_ix[c].weight);
        free(s->sched_ix[c].cells);
    }
    free(s->sched_ix);
    s->sched_ix = NULL;
    s->sched_ix_count = 0;
}

/* Segments a and b agree on what the first ns slots keep. */
static bool seg_same(const sched_ix_node_t *a, const sched_ix_node_t *b, int ns) {
    if (a->feasible != b->feasible) return false;
    for (int k = 0; k < ns; k++) {
        if (a->fs[k] != b->fs[k]) return false;
        for (int i = 0; i < SCHED_INDEX_TOP; i++)
            if (a->v[k][i] != b->v[k][i] || a->c[k][i] != b->c[k][i]) return false;
    }
    return true;
}

bool sched_index_consistent(sim_t *s) {
    int ns = slots_of(s);
    for (int c = 0; c < s->sched_ix_count; c++) {
        const struct sched_index *ix = &s->sched_ix[c];
        if (!ix->t) continue;
        struct sched_index fresh = {.cpu = ix->cpu, .mem = ix->mem, .runtime = ix->runtime};
        bool same = build(s, &fresh) && fresh.leaves == ix->leaves;
        for (int j = 1; same && j < 2 * ix->leaves; j++)
            same = seg_same(&fresh.t[j], &ix->t[j], ns);
        for (int i = 0; same && i < ix->leaves; i++)
            same = fresh.leaf[i] == ix->leaf[i];
        for (size_t i = 0; same && ix->hist && i < B_CELLS; i++)
            same = ix->hist[i] == 0;
        free(fresh.t);
        free(fresh.leaf);
        if (!same) return false;
    }
    return true;
}

/* The class's tree, built if need be (NULL: SCHED_INDEX_CLASSES others have one, or no
 * memory: the walk places). */
static struct sched_index *tree_for(sim_t *s, int64_t cpu, int64_t mem, runtime_kind_t runtime) {
    struct sched_index *ix = NULL;
    for (int c = 0; c < s->sched_ix_count && !ix; c++)
        if (s->sched_ix[c].cpu == cpu && s->sched_ix[c].mem == mem &&
            s->sched_ix[c].runtime == runtime)
            ix = &s->sched_ix[c];
    if (!ix) {
        if (!s->sched_ix) s->sched_ix = calloc(SCHED_INDEX_CLASSES, sizeof *s->sched_ix);
        if (!s->sched_ix || s->sched_ix_count == SCHED_INDEX_CLASSES) return NULL;
        ix = &s->sched_ix[s->sched_ix_count++];
        ix->cpu = cpu, ix->mem = mem, ix->runtime = runtime;
    }
    if (!ix->hist) ix->hist = calloc(B_CELLS, sizeof *ix->hist);
    if (!ix->weight) ix->weight = malloc(B_CELLS * sizeof *ix->weight);
    if (!ix->cells) ix->cells = malloc(B_CELLS * sizeof *ix->cells);
    if (!ix->hist || !ix->weight || !ix->cells || (!ix->t && !build(s, ix))) return NULL;
    return ix;
}

/* ---- queries ---- */

/* acc ∪= the segments covering [l, r) (seg_merge writes its output while reading its first
 * input: the sum so far is merged from a copy). */
static void range_sum(const struct sched_index *ix, int l, int r, sched_ix_node_t *acc, int ns) {
    sched_ix_node_t was;
    for (l += ix->leaves, r += ix->leaves; l < r; l /= 2, r /= 2) {
        if (l & 1) was = *acc, seg_merge(acc, &was, &ix->t[l++], ns);
        if (r & 1) was = *acc, seg_merge(acc, &was, &ix->t[--r], ns);
    }
}

/* The nodes of a segment that fit the pod: of every slot (mask 0), or of the zone slots whose
 * bit is set (the zones a hard zone constraint lets the pod into). */
static inline int fitting(const sched_ix_node_t *t, unsigned mask) {
    if (mask == 0) return (int)t->feasible;
    int n = 0;
    for (int k = 0; k < SCHED_INDEX_SLOTS; k++)
        if (mask >> k & 1) n += (int)t->fs[k];
    return n;
}

static int count_before(const struct sched_index *ix, int r, unsigned mask) {
    int n = 0;
    for (int l = ix->leaves, rr = r + ix->leaves; l < rr; l /= 2, rr /= 2) {
        if (l & 1) n += fitting(&ix->t[l++], mask);
        if (rr & 1) n += fitting(&ix->t[--rr], mask);
    }
    return n;
}

/* The node of the k-th (from 0) fitting node in node order. */
static int kth_feasible(const struct sched_index *ix, int k, unsigned mask) {
    int j = 1;
    while (j < ix->leaves) {
        j *= 2;
        int here = fitting(&ix->t[j], mask);
        if (here <= k) k -= here, j++;
    }
    return j - ix->leaves;
}

/* The tree nodes covering [l, r), left to right (at most 2 per level). */
static int cover(const struct sched_index *ix, int l, int r, int *out) {
    int left[64], right[64], nl = 0, nr = 0;
    for (l += ix->leaves, r += ix->leaves; l < r; l /= 2, r /= 2) {
        if (l & 1) left[nl++] = l++;
        if (r & 1) right[nr++] = --r;
    }
    for (int i = 0; i < nl; i++)
        out[i] = left[i];
    for (int i = 0; i < nr; i++)
        out[nl + i] = right[nr - 1 - i];
    return nl + nr;
}

/* ---- one placement ---- */

/* What a placement knows of the window: the ranges in ring order, the tree's sums over them,
 * the B nodes (ascending node order) and, once scored, the tie set. */
typedef struct {
    const struct sched_index *ix;
    int ns, ranges, lo[2], hi[2];
    unsigned mask; /* the zone slots that pass a hard zone constraint; 0: no such constraint */
    sched_ix_node_t all;
    int nb, *b_node; /* the feasible B nodes in the window, ascending (s->sched_feasible) */
    int64_t *b_acc;  /* b_acc[i]: the first i B nodes' weights summed (s->sched_raw) */
    int16_t tgt[SCHED_INDEX_SLOTS]; /* per slot the R of its tied A nodes, -2: none tied */
} window_t;

/* The window: from the start index, the nodes up to the `want`-th feasible one (every node when
 * fewer fit), as filter_nodes walks them; the start index moves past it. */
static void find_window(sim_t *s, window_t *w, int want) {
    const struct sched_index *ix = w->ix;
    int all = s->node_count, c = s->sched_cursor % all, feasible = fitting(&ix->t[1], w->mask);
    int end; /* the last node of the window */
    if (feasible >= want) {
        int before = count_before(ix, c, w->mask), after = feasible - before;
        end = want - 1 < after ? kth_feasible(ix, before + want - 1, w->mask)
                               : kth_feasible(ix, want - 1 - after, w->mask);
        s->sched_cursor = (end + 1) % all;
    } else {
        end = c == 0 ? all - 1 : c - 1;
    }
    w->ranges = 1;
    w->lo[0] = c;
    if (end >= c) {
        w->hi[0] = end + 1;
    } else {
        w->hi[0] = all;
        w->lo[1] = 0, w->hi[1] = end + 1;
        w->ranges = 2;
    }
    seg_clear(&w->all, w->ns);
    for (int r = 0; r < w->ranges; r++)
        range_sum(ix, w->lo[r], w->hi[r], &w->all, w->ns);
}

/* The first of the ascending nodes a[0..n) that is >= x (n: none). */
static int first_at_least(const int *a, int n, int x) {
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (a[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The tied slots (k, and the R of its tied A nodes), listed once per pick. */
typedef struct {
    int n, k[SCHED_INDEX_SLOTS];
    int16_t v[SCHED_INDEX_SLOTS];
} tied_t;

/* Ties among the leaves of tree node j that the tree counts: per tied slot its count at the
 * slot's R (the lists descend: the search stops below it). */
static inline int64_t tree_ties(const window_t *w, const tied_t *td, int j) {
    const sched_ix_node_t *t = &w->ix->t[j];
    int64_t n = 0;
    for (int q = 0; q < td->n; q++) {
        int k = td->k[q];
        int16_t v = td->v[q];
        for (int i = 0; i < SCHED_INDEX_TOP && t->v[k][i] >= v; i++)
            if (t->v[k][i] == v) n += t->c[k][i];
    }
    return n;
}

/* The rank-th tied node in ring order: the tree's ties corrected by the B nodes' weights
 * (b_acc) over the window's segments, then down the segment holding it. The B nodes of a
 * segment are b_node[f, e): the next segment's start where this one's ends, and a child's
 * split found within its parent's. */
static int nth_tie(const window_t *w, int64_t rank) {
    const int leaves = w->ix->leaves, *b = w->b_node;
    const int64_t *acc = w->b_acc;
    tied_t td = {0};
    for (int k = 0; k < w->ns; k++)
        if (w->tgt[k] >= 0) td.k[td.n] = k, td.v[td.n++] = w->tgt[k];
    for (int r = 0; r < w->ranges; r++) {
        int nodes[2 * 64], n = cover(w->ix, w->lo[r], w->hi[r], nodes);
        int f = first_at_least(b, w->nb, w->lo[r]);
        for (int i = 0; i < n; i++) {
            int j = nodes[i], span = 1;
            while (j * span < leaves)
                span *= 2;
            int lo = j * span - leaves, e = f + first_at_least(b + f, w->nb - f, lo + span);
            int64_t here = tree_ties(w, &td, j) + acc[e] - acc[f];
            if (rank >= here) {
                rank -= here;
                f = e;
                continue;
            }
            while (j < leaves) {
                span /= 2;
                int m = f + first_at_least(b + f, e - f, lo + span);
                int64_t left = tree_ties(w, &td, 2 * j) + acc[m] - acc[f];
                if (rank < left) {
                    j = 2 * j, e = m;
                } else {
                    rank -= left, j = 2 * j + 1, f = m, lo += span;
                }
            }
            return j - leaves;
        }
    }
    return -1; /* not reached: the ranks are the ties' */
}

/* The pods the index places — the filter's fast path (scheduler.c filter_nodes) and scores
 * without per-pod terms (sched_score.c: no preference or image locality) — in two kinds: with
 * no spread constraint (the system default ones score), and with hard zone constraints only
 * (their verdict per zone filters, and nothing scores spread: PreScore skips without a
 * ScheduleAnyway constraint). -1: neither; 0: the first; else the passing zone slots' bits. */
static int applies(const sim_t *s, const pod_t *p, const spread_state_t *st) {
    const placement_spec_t *pl = &s->sc->services[p->service].placement;
    if (s->node_count < s->sched_index_min || s->sched_placement == SIM_PLACE_WALK) return -1;
    if (s->sched_tainted > 0 || s->prio || s->sc->pod_affinity || s->prefer_taints > 0) return -1;
    if (st->affinity || st->pod_affinity || pl->preferred_count > 0) return -1;
    if (slots_of(s) > SCHED_INDEX_SLOTS) return -1;
    int image = sched_pod_image(s, p);
    if (image >= 0 && s->images[image].nodes > 0) return -1;
    if (pl->spread_count == 0) return st->count == 0 ? 0 : -1;
    if (!(st->count > 0 && st->zone_filter && st->zone_only)) return -1;
    for (int i = 0; i < pl->spread_count; i++)
        if (!pl->spread[i].do_not_schedule) return -1;
    int mask = 0;
    for (int k = 0; k < slots_of(s); k++)
        if (st->zone_pass[k]) mask |= 1 << k; /* slot k is zone k - 1, zone_pass's index k */
    return mask == 0 ? 1 << SCHED_INDEX_SLOTS : mask; /* none passes: an empty slot's bit */
}

/* Hard zone constraints only: the score is R, so the best is the passing slots' best R and the
 * ties the nodes at it; no B node needs a look. */
static void score_flat(sim_t *s, window_t *w, int *ties_out) {
    int16_t best = -1;
    int64_t ties = 0;
    for (int k = 0; k < w->ns; k++)
        if ((w->mask >> k & 1) && w->all.v[k][0] > best) best = w->all.v[k][0];
    for (int k = 0; k < w->ns; k++) {
        bool tied = (w->mask >> k & 1) && best >= 0 && w->all.v[k][0] == best;
        w->tgt[k] = tied ? best : -2;
        if (tied) ties += w->all.c[k][0];
    }
    w->b_node = s->sched_feasible;
    w->b_acc = s->sched_raw;
    w->b_acc[0] = 0;
    w->nb = 0;
    *ties_out = (int)ties;
}

/* A B node's cell: its count and its leaf (score × 8 + slot, below 2 × MaxNodeScore × 8 + 8 <
 * 2^11), the key of the histogram and the weights (sched_index.hist, .weight). */
#define B_CELL(count, leaf) ((count) << 11 | (leaf))

/* The window's B nodes grouped by (count, slot): per group the best score and how many have
 * it, and the bits of the counts present; h (sched_index.hist) counts the B nodes per cell and
 * is all zero between placements: the cells present (cells, n) are listed as they first count,
 * and only they are cleared again. */
typedef struct {
    int16_t gmax[B_COUNTS][SCHED_INDEX_SLOTS];
    uint32_t gtie[B_COUNTS][SCHED_INDEX_SLOTS];
    unsigned counts; /* bit c: some B node holds c of the ReplicaSet's pods */
    uint32_t *h;
    uint16_t *cells;
    int n;
} b_groups_t;

static void clear_cells(b_groups_t *g) {
    for (int i = 0; i < g->n; i++)
        g->h[g->cells[i]] = 0;
    g->n = 0;
}

/* The window's B nodes in one pass: the ReplicaSet's nodes in it that fit, ascending, each
 * with its cell in b_acc[1 + i], counted in the histogram; then per (count, slot) group the
 * best score and how many have it, from the few cells present. The loop per B node is a few
 * loads and one add. False: a count of B_COUNTS or more. */
static bool find_b_nodes(sim_t *s, const pod_t *p, window_t *w, b_groups_t *g) {
    const sched_rs_nodes_t *l = sched_rs_list(s, p->rs);
    const int16_t *leafv = w->ix->leaf;
    int *b_node = s->sched_feasible, nb = 0;
    int64_t *b_acc = s->sched_raw;
    uint32_t *h = g->h;
    w->b_node = b_node;
    w->b_acc = b_acc;
    const struct sched_rs_entry *e = l->e;
    for (int r = w->ranges - 1; r >= 0; r--) { /* the wrapped range [0, end] is the lower one */
        int end = sched_rs_lower_bound(l, w->hi[r]); /* the bounds in locals: no reload a node */
        for (int k = sched_rs_lower_bound(l, w->lo[r]); k < end; k++) {
            int ni = e[k].node, count = e[k].count, lv = leafv[ni];
            if (lv < 0) continue;
            if (count >= B_COUNTS) {
                clear_cells(g);
                return false;
            }
            int cell = B_CELL(count, lv);
            if (h[cell]++ == 0) g->cells[g->n++] = (uint16_t)cell;
            b_node[nb] = ni;
            b_acc[1 + nb++] = cell;
        }
    }
    w->nb = nb;
    for (int i = 0; i < g->n; i++) {
        int c = g->cells[i] >> 11, k = g->cells[i] & 7, r = (g->cells[i] & 0x7ff) >> 3;
        g->counts |= 1u << c;
        if (r > g->gmax[c][k]) g->gmax[c][k] = (int16_t)r, g->gtie[c][k] = h[g->cells[i]];
    }
    return true;
}

/* The window's B nodes of slot k at score v (every count). */
static uint32_t b_at(const b_groups_t *g, int k, int v) {
    uint32_t n = 0;
    for (int c = 1; c < B_COUNTS; c++)
        if (g->counts >> c & 1) n += g->h[B_CELL(c, v * 8 + k)];
    return n;
}

/* Per slot the best R of its A nodes and how many have it; false when the B nodes hold all of
 * the window's best scores kept in a slot (the A nodes' best is not known). */
static bool a_best(const window_t *w, const b_groups_t *g, int16_t *best, int64_t *count) {
    for (int k = 0; k < w->ns; k++) {
        best[k] = -1, count[k] = 0;
        for (int i = 0; i < SCHED_INDEX_TOP && best[k] < 0; i++) {
            int16_t v = w->all.v[k][i];
            if (v < 0) break; /* no A node in the slot */
            uint32_t b = b_at(g, k, v);
            if (w->all.c[k][i] > b)
                best[k] = v, count[k] = w->all.c[k][i] - b;
            else if (i == SCHED_INDEX_TOP - 1)
                return false;
        }
    }
    return true;
}

/* Each B node's weight — +1 a tie itself, -1 counted by the tree at its slot's tied R — is its
 * cell's: set per cell present, then read per node; the descent needs only the nodes of weight
 * other than 0 (most are neither, and often all are), kept in order without a branch. */
static void b_weights(window_t *w, b_groups_t *g, int64_t spread[B_COUNTS][SCHED_INDEX_SLOTS],
                      int64_t best) {
    int8_t *wt = w->ix->weight;
    bool any = false;
    for (int i = 0; i < g->n; i++) {
        int c = g->cells[i] >> 11, k = g->cells[i] & 7, r = (g->cells[i] & 0x7ff) >> 3;
        int weight = (r + spread[c][k] == best) - (r == w->tgt[k]);
        wt[g->cells[i]] = (int8_t)weight;
        any |= weight != 0;
    }
    clear_cells(g);
    int *b_node = w->b_node, kept = 0;
    int64_t *b_acc = w->b_acc, sum = 0; /* the sum in a register: no store-to-load chain */
    b_acc[0] = 0;
    for (int i = 0; any && i < w->nb; i++) {
        int weight = wt[b_acc[i + 1]];
        sum += weight;
        b_node[kept] = b_node[i];
        b_acc[kept + 1] = sum;
        kept += weight != 0;
    }
    w->nb = kept;
}

/* Scores the window: the best total, the tie set (tgt, b_acc's weights) and its size; false
 * when the index declines. One raw and one normalised score per slot and per (count, slot)
 * group: the work per B node is a few integer operations. */
static bool score_window(sim_t *s, const pod_t *p, window_t *w, int *ties_out) {
    b_groups_t g;
    memset(g.gtie, 0, sizeof g.gtie);
    memset(g.gmax, 0xff, sizeof g.gmax); /* -1: no B node in the group */
    g.h = w->ix->hist, g.cells = w->ix->cells, g.n = 0, g.counts = 0;
    int16_t amax[SCHED_INDEX_SLOTS];
    int64_t acount[SCHED_INDEX_SLOTS];
    if (!find_b_nodes(s, p, w, &g)) return false;
    if (!a_best(w, &g, amax, acount)) {
        clear_cells(&g);
        return false;
    }
    const int *zrow = sched_rs_zone_row(s, p->rs);
    bool zoned = s->sc->zone_count > 0;
    int zones = 0, ns = w->ns;
    for (int k = 0; k < ns; k++)
        zones += w->all.v[k][0] >= 0;
    /* spread_prescore: every feasible node is a host; zones only with zone labels */
    double wh = sched_topology_weight((int)w->all.feasible),
           wz = sched_topology_weight(zoned ? zones : 0);
    /* raw[c][k]: count c of the ReplicaSet's pods on a node of slot k (c = 0: the A nodes) */
    int64_t raw[B_COUNTS][SCHED_INDEX_SLOTS], lo = INT64_MAX, hi = 0;
    for (int c = 0; c < B_COUNTS; c++)
        for (int k = 0; k < ns; k++) {
            bool present = c == 0 ? amax[k] >= 0 : g.gmax[c][k] >= 0, z = zoned && k > 0;
            if (!present) continue;
            raw[c][k] = sched_spread_default_raw(c, z && zrow ? zrow[k - 1] : 0, z, wh, wz);
            lo = raw[c][k] < lo ? raw[c][k] : lo, hi = raw[c][k] > hi ? raw[c][k] : hi;
        }
    /* spread[c][k]: 2 × NormalizeScore; the best total of each group, then of all */
    int64_t spread[B_COUNTS][SCHED_INDEX_SLOTS], best = -1, ties = 0;
    for (int c = 0; c < B_COUNTS; c++)
        for (int k = 0; k < ns; k++) {
            int16_t top = c == 0 ? amax[k] : g.gmax[c][k];
            if (top < 0) continue;
            spread[c][k] = 2 * sched_spread_normalize(raw[c][k], lo, hi);
            if (top + spread[c][k] > best) best = top + spread[c][k];
        }
    for (int c = 0; c < B_COUNTS; c++)
        for (int k = 0; k < ns; k++) {
            int16_t top = c == 0 ? amax[k] : g.gmax[c][k];
            bool tied = top >= 0 && top + spread[c][k] == best;
            if (c == 0) w->tgt[k] = tied ? top : -2;
            if (tied) ties += c == 0 ? acount[k] : g.gtie[c][k];
        }
    b_weights(w, &g, spread, best);
    *ties_out = (int)ties;
    return true;
}

bool sched_index_place(sim_t *s, const pod_t *p, int64_t cpu, int64_t mem, int want,
                       const spread_state_t *st, int *node, int *nf) {
    int kind = applies(s, p, st);
    if (kind < 0) return false;
    struct sched_index *ix = tree_for(s, cpu, mem, s->sc->services[p->service].runtime);
    if (!ix) return false;
    window_t w = {.ix = ix, .ns = slots_of(s), .mask = (unsigned)kind};
    int cursor = s->sched_cursor;
    *node = -1;
    *nf = 0;
    if (fitting(&ix->t[1], w.mask) > 0) {
        find_window(s, &w, want);
        int ties;
        if (w.mask != 0) {
            score_flat(s, &w, &ties);
        } else if (!score_window(s, p, &w, &ties)) {
            s->sched_cursor = cursor; /* the walk decides, from the same start */
            return false;
        }
        *nf = fitting(&w.all, w.mask);
        *node = nth_tie(&w, sched_pick_tie(s, ties));
    } /* else no node fits: the walk would go round once, and the start stays */
    s->sched_ix_placed++;
    return true;
}
