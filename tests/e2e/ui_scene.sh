#!/usr/bin/env bash
# deploysim-ui --scene: the JSON of what a screenshot drew, asserted on for every lesson at a
# moment its notes name (the middle note), at 1920x1080 and at 1280x720 with --font-scale 1.5
# and at 3840x2160, single and side by side:
# - no marker label covers a plotted series (label rects never cross a series polyline);
# - no arrow goes to a pod that gets no request (share > 0 on every arrow);
# - every chart keeps its legend; every chart's plotted points stay inside its plot;
# - the caption is not cut, and has no character drawn as a box;
# - side by side, the same chart has the same y range in every pane;
# and lesson by lesson: a caption that names its service (notes[].service) has that service
# charted, local-conflict charts api (the victim), ingress charts api (the
# canary), blue-green before the switch draws no arrow to the v2 pods and a PreviewService
# box, the canary's error chart has v2's own line and v2's error rate over the analysis
# interval, which at 1:00 reads what the AnalysisRun measured (0.306 in decisions.csv), with
# maxErrorRate 5 %; its weight chart shows v2's share; a 27 %
# failing release shows on its arrows, and its error rate is charted at 720p too.
set -euo pipefail
: "${DEPLOYSIM_UI:=$PWD/build/deploysim-ui}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x "$DEPLOYSIM_UI" ] || fail "$DEPLOYSIM_UI is not built"

# shot NAME AT [options...] SCENARIO...: a screenshot and its scene in $tmp/NAME.json
shot() {
    local name=$1 at=$2
    shift 2
    "$DEPLOYSIM_UI" --screenshot "$tmp/$name.png" --at "$at" --scene "$tmp/$name.json" "$@" \
        >/dev/null 2>"$tmp/$name.err" || { cat "$tmp/$name.err" >&2; fail "$name: exit $?"; }
}

# the middle note's time of a lesson (else half its duration), in seconds
key_moment() {
    python3 - "$1" <<'PY'
import json, re, sys
def secs(v):
    if isinstance(v, (int, float)): return float(v)
    t = 0.0
    for n, u in re.findall(r"([0-9.]+)(ms|us|h|m|s)", v):
        t += float(n) * {"h": 3600, "m": 60, "s": 1, "ms": 1e-3, "us": 1e-6}[u]
    return t
d = json.load(open(sys.argv[1]))
notes = sorted(d.get("notes", []), key=lambda n: secs(n["at"]))
key = notes[len(notes) // 2] if notes else None
print(secs(key["at"]) if key else secs(d.get("duration", 600)) / 2, key.get("service", "-") if key else "-")
PY
}

for f in scenarios/*.json; do
    case "$f" in */schema.json) continue ;; esac
    base=$(basename "$f" .json)
    read -r at about < <(key_moment "$f")
    # the service the key caption is about (its note's `service`), charted at every size
    [ "$about" = - ] || echo "$base $about" >>"$tmp/about.txt"
    shot "$base-1080" "$at" "$f"
    shot "$base-720" "$at" --size 1280x720 --font-scale 1.5 "$f"
    shot "$base-4k" "$at" --size 3840x2160 "$f"
    # side by side with the lesson before it (the first with the last): every lesson in a pair
    [ -n "${prev:-}" ] && shot "$base-pair" "$at" "$f" "$prev"
    prev=$f
done
shot first-pair 60 --size 1280x720 --font-scale 1.5 scenarios/autoscaling.json "$prev"
shot canary-4k 50 --size 3840x2160 scenarios/canary.json
shot cmp-4k 60 --size 3840x2160 scenarios/canary.json scenarios/rolling-update-bad.json
# side by side: the review's pairs
shot cmp-canary 60 scenarios/canary.json scenarios/rolling-update-bad.json
shot cmp-probe 40 scenarios/readiness-probe.json scenarios/no-readiness-probe.json
shot cmp-probe-720 40 --size 1280x720 --font-scale 1.5 scenarios/readiness-probe.json \
    scenarios/no-readiness-probe.json
shot cmp-three 90 scenarios/recreate.json scenarios/rolling-update.json scenarios/canary.json
# the lessons' subjects
shot lc 150 scenarios/local-conflict.json
shot ingress 150 scenarios/ingress.json
shot bg 50 scenarios/blue-green.json
shot canary 50 scenarios/canary.json
shot canary-abort 70 scenarios/canary.json
shot bad 120 scenarios/rolling-update-bad.json
shot lc-web 150 --service shop/web scenarios/local-conflict.json
shot gs 62 scenarios/graceful-shutdown.json
shot svc-a 30 scenarios/service.json
shot svc-b 90 scenarios/service.json
shot zoom 75 --zoom 60 scenarios/recreate.json
shot nf-grace 80 scenarios/node-failure.json
shot nf-evict 240 scenarios/node-failure.json
# L4: the object tree at its last caption (1:00, web v2 being rolled out), at every size
shot l4 65 scenarios/cluster-tour.json
shot l4-720 65 --size 1280x720 --font-scale 1.5 scenarios/cluster-tour.json
shot l4-4k 65 --size 3840x2160 scenarios/cluster-tour.json
shot l4-cmp 65 scenarios/cluster-tour.json scenarios/rolling-update.json
shot l4-cmp-720 65 --size 1280x720 --font-scale 1.5 scenarios/cluster-tour.json scenarios/rolling-update.json
shot l4-done 150 scenarios/cluster-tour.json
# L5: Pending pods and the scheduler's reasons, the HPA's window, the autoscaler's clock
shot as-pending 185 scenarios/autoscaling.json
shot as-pending-720 185 --size 1280x720 --font-scale 1.5 scenarios/autoscaling.json
shot as-hpa 840 scenarios/autoscaling.json
shot as-ca 1500 scenarios/autoscaling.json
# 1,000 nodes in four pools (three of them one zone each), a node failed at 1:00
python3 - "$tmp/k1000.in" <<'PY'
import json, sys
pools = [{"name": f"general-{z}", "zone": z, "count": 300, "cpu": "16", "memory": "64Gi",
          "pricePerHour": 0.5} for z in "abc"]
pools.append({"name": "compute", "count": 100, "cpu": "16", "memory": "32Gi", "pricePerHour": 0.4})
svc = lambda n, r, rps: {"name": n, "replicas": r, "resources": {"cpu": "500m", "memory": "512Mi"},
                         "capacityRps": 100, "traffic": {"rps": rps}}
json.dump({"name": "1,000 nodes in four pools", "seed": 1, "duration": "3m", "fidelity": "fluid",
           "metrics": {"interval": "5s", "pods": False}, "cluster": {"nodePools": pools},
           "services": [svc("web", 2000, 50000), svc("api", 1000, 30000)],
           "events": [{"at": "1m", "action": "failNode", "node": "general-b-7"}]},
          open(sys.argv[1], "w"))
PY
shot k1000 150 "$tmp/k1000.in"
shot k1000-pool 150 --size 1280x720 --font-scale 1.5 --pool general-b "$tmp/k1000.in"
"$DEPLOYSIM_UI" --screenshot "$tmp/x.png" --pool nope "$tmp/k1000.in" 2>/dev/null &&
    fail "--pool nope was accepted"

# L4's ReplicaSets as the run lists them (replicasets.csv: the latest row of each at 1:05, its
# `current` pods, status.replicas)
"$DEPLOYSIM" run scenarios/cluster-tour.json -o "$tmp/ct-run" --quiet
export CT_RS=$(awk -F, 'NR > 1 && $1 <= 65 { rs[$10 "/" $9] = $6 } END { for (k in rs) print k "=" rs[k] }' \
    "$tmp/ct-run/replicasets.csv" | sort | tr '\n' ' ')
# L5's moments from the run: the FailedScheduling before 3:05, the HPA's first scale-down,
# the first node the autoscaler removes
"$DEPLOYSIM" run scenarios/autoscaling.json -o "$tmp/as-run" --quiet
export AS_UNFIT=$(awk -F, '$3 == "FailedScheduling" && $1 <= 185 { m = $5 } END { print m }' "$tmp/as-run/events.csv")
export AS_DOWN=$(awk -F, '$3 == "SuccessfulRescale" && $5 ~ /below target/ { print $1; exit }' "$tmp/as-run/events.csv")
export AS_REMOVED=$(awk -F, '$3 == "ScaleDown" && $4 ~ /^Node\// { print $1; exit }' "$tmp/as-run/events.csv")
# what the canary's AnalysisRun measured at 1:00 (decisions.csv), for the chart to agree with
"$DEPLOYSIM" run scenarios/canary.json -o "$tmp/canary-run" --quiet
export MEASURED=$(awk -F, '$1 == "60.000" && $4 ~ /^measurement/ { sub(/.*error rate /, ""); print $1 * 100; exit }' \
    "$tmp/canary-run/decisions.csv")
# L5's clocks come from the run: when workers-2 is NotReady and when its pods are evicted
"$DEPLOYSIM" run scenarios/node-failure.json -o "$tmp/nf-run" --quiet
export NOT_READY=$(awk -F, '$3 == "NodeNotReady" && $4 == "Node/workers-2" { print $1; exit }' "$tmp/nf-run/events.csv")
export EVICTED=$(awk -F, '$3 == "TaintManagerEviction" { print $1; exit }' "$tmp/nf-run/events.csv")
export NF_EVICTED_N=$(awk -F, -v t="$EVICTED" '$3 == "TaintManagerEviction" && $1 == t' "$tmp/nf-run/events.csv" | wc -l)
# 10:00: the cluster autoscaler's cooldown after its last scale-up (--scale-down-delay-after-add,
# 10 min; cluster-autoscaler core/scaledown/planner), counted from the run's TriggeredScaleUp
export AS_UP=$(awk -F, '$3 == "TriggeredScaleUp" && $1 <= 600 { t = $1 } END { print t }' "$tmp/as-run/events.csv")
shot as-cool 600 scenarios/autoscaling.json
# the SLO (#21): recreate.json's budget and burn rates at its end, as summary.csv has them, in
# the service strip and in the comparison's headline
"$DEPLOYSIM" run scenarios/recreate.json -o "$tmp/rec-run" --quiet
export REC_SLO=$(awk -F, 'NR == 2 { print $20, $21, $22 }' "$tmp/rec-run/summary.csv")
shot slo-end 300 scenarios/recreate.json
shot slo-cmp 300 scenarios/recreate.json scenarios/rolling-update.json
shot nf-evict-why "$(python3 -c "print(float('$EVICTED') + 5)")" scenarios/node-failure.json
python3 - "$tmp" <<'PY' || exit 1
import glob, json, os, sys
tmp = sys.argv[1]
errors = []
def err(name, msg):
    errors.append(f"{name}: {msg}")

def seg_hits_rect(p, q, r):
    """Whether segment p-q meets the rectangle r = [x, y, w, h] (closed)."""
    x0, y0, x1, y1 = r[0], r[1], r[0] + r[2], r[1] + r[3]
    (ax, ay), (bx, by) = p, q
    t0, t1 = 0.0, 1.0
    dx, dy = bx - ax, by - ay
    for pk, qk in ((-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)):
        if pk == 0:
            if qk < 0: return False
        else:
            t = qk / pk
            if pk < 0: t0 = max(t0, t)
            else: t1 = min(t1, t)
            if t0 > t1: return False
    return True

def rect_meets(a, b):
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]

scenes = {}
for path in sorted(glob.glob(os.path.join(tmp, "*.json"))):
    name = os.path.basename(path)[:-5]
    with open(path) as f:
        scenes[name] = s = json.load(f)
    for key in ("size", "panes", "charts", "labels", "tiles", "arrows", "boxes", "caption",
                "texts"):
        if key not in s: err(name, f"no {key}")
    charts = {c["id"]: c for c in s["charts"]}
    if not charts: err(name, "no chart drawn")
    for c in s["charts"]:
        if not c["legend"]: err(name, f"chart {c['id']} lost its legend")
        x, y, w, h = c["plot"]
        for se in c["series"]:
            for px, py in se["points"]:
                if not (x - 1 <= px <= x + w + 1 and y - 1 <= py <= y + h + 1):
                    err(name, f"{c['id']} {se['label']}: point ({px}, {py}) outside the plot")
                    break
    for lab in s["labels"]:
        c = charts.get(lab["chart"])
        if c is None:
            err(name, f"label {lab['text']!r} names no chart")
            continue
        for se in c["series"]:
            pts = se["points"]
            if any(seg_hits_rect(pts[i], pts[i + 1], lab["rect"]) for i in range(len(pts) - 1)):
                err(name, f"label {lab['text']!r} covers {c['id']} {se['label']}")
    for a in s["arrows"]:
        if not a["share"] > 0: err(name, f"arrow to {a['to']} with share {a['share']}")
        if not 0 <= a["failing_share"] <= 1: err(name, f"arrow failing_share {a['failing_share']}")
    if s["caption"] is not None and s["caption"]["truncated"]:
        err(name, f"caption cut: {s['caption']['text'][:60]!r}")
    if s["caption"] is not None and s["caption"]["missing_glyphs"] != 0:
        err(name, f"caption has {s['caption']['missing_glyphs']} missing glyphs")
    # nothing of the cluster's is drawn outside its panel: node cards, groups, zone tiles, pod
    # tiles, and the texts drawn on zone tiles
    panels = [b["rect"] for b in s["boxes"] if b["kind"] == "ClusterPanel"]
    if len(panels) != len(s["panes"]): err(name, f"{len(panels)} cluster panels for {len(s['panes'])} panes")
    def in_panel(r):
        return any(p[0] <= r[0] and p[1] <= r[1] and r[0] + r[2] <= p[0] + p[2] and
                   r[1] + r[3] <= p[1] + p[3] for p in panels)
    zones = [b["rect"] for b in s["boxes"] if b["kind"] == "Zone"]
    items = [(b["kind"] + " " + b["name"], b["rect"]) for b in s["boxes"]
             if b["kind"] in ("Node", "NodeGroup", "Zone", "Pool")]
    items += [("pod " + t["pod"], t["rect"]) for t in s["tiles"]]
    items += [("text " + t["text"], t["rect"]) for t in s["texts"]
              if any(rect_meets(t["rect"], z) for z in zones)]
    for what, r in items:
        if not in_panel(r):
            err(name, f"{what} at {r} lies outside the cluster panel")
            break
    # side by side: one y range per chart kind
    if len(s["panes"]) > 1:
        kinds = {}
        for c in s["charts"]:
            kinds.setdefault(c["id"].split(":", 1)[1], set()).add(c["y_max"])
        for k, ys in kinds.items():
            if k != "nodes" and len(ys) > 1: err(name, f"{k} charts differ in y range: {sorted(ys)}")
        if len({c["id"].split(":")[0] for c in s["charts"]}) != len(s["panes"]):
            err(name, "a pane has no chart")

def services(name):
    return {c["service"] for c in scenes[name]["charts"] if c["id"].split(":")[1] != "nodes"}

if services("lc") != {"shop/api"}: err("lc", f"charts {services('lc')}, expected shop/api (the victim)")
if services("lc-web") != {"shop/web"}: err("lc-web", f"--service shop/web charts {services('lc-web')}")
# a node card's state is never cut at 1080p (a short name leaves it the room): a drained spot
# node reads "SchedulingDisabled", not "SchedulingDis..."
states = {"Ready", "NotReady", "SchedulingDisabled", "no heartbeat", "Removed"}
for name, sc in scenes.items():
    if name.endswith("-1080"):
        for t in sc["texts"]:
            if t["text"] in states and t.get("truncated"): err(name, f"node state {t['text']!r} is cut")
# graceful-shutdown at 1:02: abrupt's replaced pod is gone but the routers still send to it
# for 3 s: drawn (Terminating) with an arrow that fails entirely, while abrupt's Ready pods'
# arrows fail nothing; graceful's pod in its preStop still gets an arrow and fails nothing
gs = scenes["gs"]
tiles = {t["pod"]: t for t in gs["tiles"]}
ab = [a for a in gs["arrows"] if a["from"] == "shop/abrupt"]
gone = [a for a in ab if tiles.get(a["to"], {}).get("state") == "Terminating"]
if len(gone) != 1 or gone[0]["failing_share"] != 1:
    err("gs", f"abrupt's gone pod: arrows {gone}, expected one failing entirely")
if any(a["failing_share"] > 0 for a in ab if a not in gone):
    err("gs", "a Ready abrupt pod's arrow shows failures (they are the gone pod's)")
gr = [a for a in gs["arrows"] if a["from"] == "shop/graceful" and tiles.get(a["to"], {}).get("state") == "Terminating"]
if len(gr) != 1 or gr[0]["failing_share"] != 0:
    err("gs", f"graceful's pod in its preStop: arrows {gr}, expected one that fails nothing")
# a caption that names its service: that service is charted while it is on screen
for line in open(os.path.join(tmp, "about.txt")):
    base, about = line.split()
    for size in ("1080", "720", "4k"):
        got = {sv.split("/")[-1] for sv in services(f"{base}-{size}")}
        if got != {about.split("/")[-1]}: err(f"{base}-{size}", f"charts {got}, its caption is about {about}")
if services("ingress") != {"shop/api"}: err("ingress", f"charts {services('ingress')}, expected the canary shop/api")
bg = scenes["bg"]
v2 = {t["pod"] for t in bg["tiles"] if t["version"] == "v2"}
if len(v2) != 6: err("bg", f"{len(v2)} v2 tiles, expected the 6 preview pods")
if any(a["to"] in v2 for a in bg["arrows"]): err("bg", "an arrow goes to a v2 (preview) pod before the switch")
if not any(b["kind"] == "PreviewService" and b["name"] == "shop/web-preview" for b in bg["boxes"]):
    err("bg", "no PreviewService box")
# the preview Service lives in the namespace too: its box is inside shop's
nsb = [b["rect"] for b in bg["boxes"] if b["kind"] == "Namespace" and b["name"] == "shop"]
pvb = [b["rect"] for b in bg["boxes"] if b["kind"] == "PreviewService"]
if not nsb or not pvb or not (nsb[0][0] <= pvb[0][0] and pvb[0][0] + pvb[0][2] <= nsb[0][0] + nsb[0][2]):
    err("bg", f"the PreviewService {pvb} is outside namespace shop {nsb}")
# L10: pod IPs are on the tiles and change as pods are replaced, the ClusterIP does not
ips = {k: {t["ip"] for t in scenes[k]["tiles"] if t["state"] == "Ready"} for k in ("svc-a", "svc-b")}
for k, v in ips.items():
    if None in v or len(v) < 3: err(k, f"Ready tiles show no pod IP: {v}")
if ips["svc-a"] == ips["svc-b"]: err("svc-b", "pod IPs did not change after killPod")
cip = [t["text"].split()[0] for k in ("svc-a", "svc-b") for t in scenes[k]["texts"] if t["text"].strip().startswith("10.96.")]
if len(set(cip)) != 1: err("svc-b", f"the ClusterIP is not one address shown in both: {cip}")
# L11: an Ingress box with its host/path rules and the canary's split
ing = scenes["ingress"]
if not any(b["kind"] == "Ingress" and b["name"] == "shop/shop" for b in ing["boxes"]):
    err("ingress", "no Ingress box")
texts = [t["text"] for t in ing["texts"]]
for want in ("shop.example.com/api \u2192 api", "shop.example.com/ \u2192 web"):
    if want not in texts: err("ingress", f"no rule {want!r} drawn")
if not any(t.startswith("v1 ") and " % \u00b7 v2 " in t for t in texts):
    err("ingress", "the canary's split is not drawn in the Ingress box")
# L5: the failed node's card counts down to NotReady, then to the eviction (times from the run)
def mmss(sec):
    sec = int(round(sec))
    return f"{sec // 60}:{sec % 60:02d}" if sec >= 60 else f"{sec} s"
nr, ev = float(os.environ["NOT_READY"]), float(os.environ["EVICTED"])
want = f"NotReady in {mmss(nr - 80)}"
if not any(want in t["text"] and t["text"].startswith("no heartbeat ") for t in scenes["nf-grace"]["texts"]):
    err("nf-grace", f"no countdown {want!r} on the failed node")
want = f"pods evicted in {mmss(ev - 240)}"
if not any(t["text"] == want for t in scenes["nf-evict"]["texts"]):
    err("nf-evict", f"no countdown {want!r} on the NotReady node")
# L4: Namespace boxes for both teams, a Deployment per service, and each ReplicaSet the run
# has (by its name with the pod-template hash), web's two during the rollout; inside a
# namespace's box lie its Deployments and their ReplicaSets; single, side by side, 720p, 4K
want_rs = dict(kv.split("=") for kv in os.environ["CT_RS"].split())
def inside(a, b):
    return b[0] <= a[0] and b[1] <= a[1] and a[0] + a[2] <= b[0] + b[2] and a[1] + a[3] <= b[1] + b[3]
for name in ("l4", "l4-720", "l4-4k", "l4-cmp", "l4-cmp-720"):
    boxes = scenes[name]["boxes"]
    if len(scenes[name]["panes"]) > 1:  # pane A (cluster-tour) is the upper one
        boxes = [b for b in boxes if b["rect"][1] < scenes[name]["size"][1] * 0.45]
    ns = {b["name"]: b["rect"] for b in boxes if b["kind"] == "Namespace"}
    if set(ns) != {"shop", "blog"}: err(name, f"Namespace boxes {sorted(ns)}, expected shop and blog")
    deps = {b["name"]: b["rect"] for b in boxes if b["kind"] == "Deployment"}
    if set(deps) != {"shop/web", "shop/api", "blog/site"}: err(name, f"Deployment boxes {sorted(deps)}")
    rs = {b["name"]: b["rect"] for b in boxes if b["kind"] == "ReplicaSet"}
    if set(rs) != set(want_rs): err(name, f"ReplicaSet boxes {sorted(rs)}, the run has {sorted(want_rs)}")
    for k, r in list(deps.items()) + list(rs.items()):
        if k.split("/")[0] in ns and not inside(r, ns[k.split("/")[0]]):
            err(name, f"{k} is drawn outside namespace {k.split('/')[0]}'s box")
    for k, r in rs.items():
        dep = k.split("/")[0] + "/" + k.split("/")[1].rsplit("-", 1)[0]
        if dep in deps and not inside(r, deps[dep]): err(name, f"ReplicaSet {k} outside its Deployment")
# at 1080p the full tree writes each ReplicaSet's revision and pods; the rollout's new one has
# the 2 pods replicasets.csv gives it
texts = [t["text"] for t in scenes["l4"]["texts"]]
if f"rev 2 \u00b7 v2 \u00b7 {want_rs['shop/web-678c56df59']} pods" not in texts:
    err("l4", f"no 'rev 2 · v2 · {want_rs['shop/web-678c56df59']} pods' for web's new ReplicaSet")
# once the rollout is done, the old ReplicaSet stays, scaled to 0, for rollback
if "kept for rollback" not in [t["text"] for t in scenes["l4-done"]["texts"]]:
    err("l4-done", "the old ReplicaSet is not shown as kept for rollback")
# L5 at 3:05: the Pending pods in a badge of body size; the Why panel gives the scheduler's
# reasons as FailedScheduling counts them ("0/2 nodes are available: 2 Insufficient cpu")
import re
m = re.match(r"0/(\d+) nodes are available: (\d+) Insufficient cpu", os.environ["AS_UNFIT"])
for name in ("as-pending", "as-pending-720"):
    sc = scenes[name]
    pending = [t for t in sc["tiles"] if t["state"] == "Pending"]
    badge = [b for b in sc["boxes"] if b["kind"] == "PendingBadge"]
    if not pending or not badge or badge[0]["name"] != f"Pending: {len(pending)}":
        err(name, f"badge {badge} for {len(pending)} Pending pods")
    bt = [t for t in sc["texts"] if t["text"] == f"Pending: {len(pending)}"]
    if not bt or bt[0]["px"] < 18: err(name, f"the Pending badge's text is small: {bt}")
    if min(t["rect"][2] for t in pending) < 20: err(name, "Pending tiles under 20 px")
    want = f"Pending pods: {len(pending)} \u00b7 0/{m.group(1)} nodes fit: {m.group(2)} Insufficient cpu"
    if not any(t["text"] == want for t in sc["texts"]): err(name, f"no Why line {want!r}")
# 14:00: the HPA keeps 16 for its 5-minute window; it scales down at the first sync (15 s)
# after the window's end
def left_s(text):
    mm = re.search(r"(\d+):(\d\d)|(\d+) s\b", text)
    return int(mm.group(1)) * 60 + int(mm.group(2)) if mm.group(1) else int(mm.group(3))
hp = [t["text"] for t in scenes["as-hpa"]["texts"] if t["text"].startswith("keeps 16 (recommends ")]
if not hp: err("as-hpa", "no HPA window countdown")
else:
    end = 840 + left_s(hp[0].split("window ")[1])
    if not 0 <= float(os.environ["AS_DOWN"]) - end <= 15:
        err("as-hpa", f"window ends at {end} s, the HPA scaled down at {os.environ['AS_DOWN']} s")
# 25:00: unneeded nodes count down on their cards and in the Why panel; the first is removed
# at the autoscaler's first 10 s scan after scaleDownUnneededTime
texts = [t["text"] for t in scenes["as-ca"]["texts"]]
cards = [left_s(t.split("removable in ")[1]) for t in texts if t.startswith("unneeded \u00b7 removable in ")]
why = [t for t in texts if t.startswith("unneeded nodes: ")]
if not cards or not why: err("as-ca", f"no unneeded countdowns: {cards} {why}")
else:
    first = 1500 + min(cards)
    if not 0 <= float(os.environ["AS_REMOVED"]) - first <= 10:
        err("as-ca", f"first removable at {first} s, removed at {os.environ['AS_REMOVED']} s")
    if f"first removable in " not in why[0] or left_s(why[0].split("in ")[-1]) != min(cards):
        err("as-ca", f"the Why line {why[0]!r} disagrees with the cards {cards}")
# the eviction on the Why panel: as many pods as TaintManagerEviction events at that instant
ev = [t["text"] for t in scenes["nf-evict-why"]["texts"] if " evicted from workers-2 " in t["text"]]
if not ev or not ev[0].startswith(f"{int(os.environ['NF_EVICTED_N'])} evicted from workers-2 (NoExecute"):
    err("nf-evict-why", f"Why line {ev}, expected {os.environ['NF_EVICTED_N']} evicted from workers-2")
# 1,000 nodes: one group per pool (and zone) with its header's summary; the failed node is
# counted NotReady in its pool's header and drawn in its group; --pool shows one pool
k = scenes["k1000"]
groups = sorted((b["rect"][1], b["name"]) for b in k["boxes"] if b["kind"] == "NodeGroup")
if [g[1] for g in groups] != ["general-a/a", "general-b/b", "general-c/c", "compute"]:
    err("k1000", f"node groups {groups}")
else:
    for i, (y, name) in enumerate(groups):
        y1 = groups[i + 1][0] if i + 1 < len(groups) else 1 << 30
        pool = name.split("/")[0]
        nodes = [b for b in k["boxes"] if b["kind"] == "Node" and b["name"].rsplit("-", 1)[0] == pool]
        want = 100 if pool == "compute" else 300
        if len(nodes) != want or any(not y < b["rect"][1] < y1 for b in nodes):
            err("k1000", f"{len(nodes)} cards of {pool} in its group (want {want})")
    texts = [t["text"] for t in k["texts"]]
    if not any(t.startswith("299/300 nodes Ready \u00b7 ") for t in texts) or "1 NotReady" not in texts:
        err("k1000", "general-b's header does not count its NotReady node")
    if sum(t.startswith("300/300 nodes Ready") for t in texts) != 2 or not any(t.startswith("100/100 nodes Ready") for t in texts):
        err("k1000", "the healthy pools' headers are wrong")
# 65,000 nodes: too many for legible cards at 1080p or 720p, so one tile per zone and no card;
# at 2:55 zone c (21,666 nodes) has been silent for 55 s: its tile reads 0 Ready of them
for name in ("hyperscale-1080", "hyperscale-720"):
    hs = scenes[name]
    zt = sorted(b["name"] for b in hs["boxes"] if b["kind"] == "Zone")
    if zt != ["pool workers \u00b7 zone a", "pool workers \u00b7 zone b", "pool workers \u00b7 zone c"]:
        err(name, f"zone tiles {zt}")
    if any(b["kind"] == "Node" for b in hs["boxes"]): err(name, "node cards drawn at 65,000 nodes")
    texts = [t["text"] for t in hs["texts"]]
    if "0/21,666 nodes Ready" not in texts or sum(t == "21,667/21,667 nodes Ready" for t in texts) != 2:
        err(name, f"zone headlines: {[t for t in texts if 'nodes Ready' in t]}")
# 1,000 nodes at 1080p keep their cards (checked above); a small lesson has no zone tiles
if any(b["kind"] == "Zone" for b in scenes["k1000"]["boxes"]): err("k1000", "zone tiles at 1,000 nodes")
want = f"scaled up: no scale-down for {mmss(float(os.environ['AS_UP']) + 600 - 600)}"
if want not in [t["text"] for t in scenes["as-cool"]["texts"]]:
    err("as-cool", f"no cooldown line {want!r}")
# SLO: "SLO budget 0.4 %" and the peak burns "152×" (over 14.4 and 6: vermillion, not checked
# here) in the strip; the comparison's headline has the same three figures in its columns
used, fast, slow = (float(x) for x in os.environ["REC_SLO"].split())
def burn_text(v):
    return f"{v:.0f}\u00d7" if v >= 100 else f"{v:.1f}\u00d7"
texts = [t["text"] for t in scenes["slo-end"]["texts"]]
for want in (f"SLO budget {used * 100:.1f} %", burn_text(fast), burn_text(slow)):
    if want not in texts: err("slo-end", f"no {want!r} in the service strip")
texts = [t["text"] for t in scenes["slo-cmp"]["texts"]]
for want in ("SLO budget", "burn 1h/5m \u2265" "14.4", "burn 6h/30m \u2265" "6", f"{used * 100:.1f} %"):
    if want not in texts: err("slo-cmp", f"no {want!r} in the comparison headline")
if texts.count(burn_text(fast)) < 2: err("slo-cmp", f"the headline lacks the burn {burn_text(fast)}")
kp = scenes["k1000-pool"]
cards = {b["name"].rsplit("-", 1)[0] for b in kp["boxes"] if b["kind"] == "Node"}
if cards != {"general-b"} or [b["name"] for b in kp["boxes"] if b["kind"] == "NodeGroup"] != ["general-b/b"]:
    err("k1000-pool", f"--pool general-b shows {cards}")
# --zoom 60 at 1:15: every chart shows 0:30..1:30
for c in scenes["zoom"]["charts"]:
    if (c["x_min_s"], c["x_max_s"]) != (30, 90): err("zoom", f"{c['id']} spans {c['x_min_s']}..{c['x_max_s']}")
# a bad release's lesson is its own error rate: charted at 720p with the projector's font scale
# too, where only two charts fit (requests, then errors)
bad720 = {c["id"]: c for c in scenes["rolling-update-bad-720"]["charts"]}
if "A:errors" not in bad720 or not any(se["version"] == "v2" and se["points"] for se in bad720["A:errors"]["series"]):
    err("rolling-update-bad-720", f"no v2 error-rate line among the charts {sorted(bad720)}")
errs = next(c for c in scenes["canary"]["charts"] if c["id"] == "A:errors")
if not any(se["version"] == "v2" and se["points"] for se in errs["series"]):
    err("canary", "the error chart has no v2 line")
def value_at(c, py):
    x, y, w, h = c["plot"]
    return (y + h - 1 - py) / (h - 1) * c["y_max"]
ca = {c["id"]: c for c in scenes["canary-abort"]["charts"]}
if "A:weight" not in ca: err("canary-abort", "no weight chart")
else:
    v2w = [se for se in ca["A:weight"]["series"] if se["version"] == "v2" and se["points"]]
    if not v2w or max(value_at(ca["A:weight"], p[1]) for p in v2w[0]["points"]) < 5:
        err("canary-abort", "the weight chart does not show v2's share (about 10 %)")
ser = {se["label"]: se for se in ca["A:errors"]["series"]}
if "analysis max" not in ser or abs(value_at(ca["A:errors"], ser["analysis max"]["points"][0][1]) - 5) > 1:
    err("canary-abort", "no analysis threshold line at 5 %")
over = [se for label, se in ser.items() if label.endswith(" over 30 s") and se["version"] == "v2"]
c = ca["A:errors"]
if not over: err("canary-abort", "no line of v2's error rate over the analysis interval")
else:
    # at 60 s the AnalysisRun measured the error rate of the 30 s before (decisions.csv)
    measured = float(os.environ["MEASURED"])
    x60 = c["plot"][0] + (60 - c["x_min_s"]) / (c["x_max_s"] - c["x_min_s"]) * (c["plot"][2] - 1)
    p60 = min(over[0]["points"], key=lambda p: abs(p[0] - x60))
    if abs(p60[0] - x60) > 3 or abs(value_at(c, p60[1]) - measured) > 1.0:
        err("canary-abort", f"v2 over 30 s at 1:00 reads {value_at(c, p60[1]):.1f} %, the analysis measured {measured:.1f} %")
bad = scenes["bad"]
if not any(a["failing_share"] > 0.2 for a in bad["arrows"]):
    err("bad", "no arrow shows the failing v2 requests")
cmp = scenes["cmp-canary"]
ye = {c["id"]: c["y_max"] for c in cmp["charts"] if c["id"].endswith(":errors")}
if len(ye) != 2 or len(set(ye.values())) != 1 or max(ye.values()) < 30:
    err("cmp-canary", f"error charts {ye}: expected one range covering the 32 % plateau")
if errors:
    print("\n".join(errors[:40]))
    print(f"{len(errors)} failure(s)")
    sys.exit(1)
print(f"ok: {len(scenes)} scenes")
PY
