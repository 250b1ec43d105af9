#!/usr/bin/env bash
# Placement and failure domains, read from the CSVs: the zone-outage lesson (a zone spread
# constraint keeps >= 6 Ready pods through `failZone b` during a RollingUpdate; without it the
# default scheduler piles the pods into zone b and the outage takes most of them), the zone
# column of pods.csv / nodes.csv, and NoExecute taints evicting each pod after its own
# tolerationSeconds (k8s: tainteviction/taint_eviction.go).
set -euo pipefail
source "$(dirname "$0")/common.bash"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$DEPLOYSIM" run scenarios/zone-outage.json -o "$tmp/with" --quiet
"$DEPLOYSIM" run scenarios/zone-outage-no-spread.json -o "$tmp/without" --quiet

# time 0: web pods per zone (pods.csv's zone column)
zones() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "zone") z = i; next } $1 == "0.000" && $3 == "web" { c[$z]++ } END { printf "a=%d b=%d c=%d", c["a"], c["b"], c["c"] }' "$1"; }
[ "$(zones "$tmp/with/pods.csv")" = "a=3 b=3 c=3" ] || fail "with the constraint: $(zones "$tmp/with/pods.csv")"
b_without=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "zone") z = i; next } $1 == "0.000" && $3 == "web" && $z == "b" { n++ } END { print n + 0 }' "$tmp/without/pods.csv")
[ "$b_without" -ge 5 ] || fail "without the constraint only $b_without pods in zone b"

# the least Ready web pods after the zone went down (2m5s)
min_ready() { awk -F, 'NR > 1 && $2 == "web" && $1 >= 125 { if (m == "" || $11 < m) m = $11 } END { print m }' "$1"; }
[ "$(min_ready "$tmp/with/timeseries.csv")" -ge 6 ] || fail "with: min ready $(min_ready "$tmp/with/timeseries.csv")"
[ "$(min_ready "$tmp/without/timeseries.csv")" -le 3 ] || fail "without: min ready $(min_ready "$tmp/without/timeseries.csv")"
fw=$(col "$tmp/with/summary.csv" web failed)
fo=$(col "$tmp/without/summary.csv" web failed)
aw=$(col "$tmp/with/summary.csv" web availability)
# with: only the requests sent to zone b before its nodes are NotReady (50 s of a third) fail
awk -v a="$aw" 'BEGIN { exit !(a >= 0.985) }' || fail "with: availability $aw"
[ "$fo" -gt $((10 * fw)) ] || fail "failed requests: with $fw, without $fo"
# zone b is still a domain (nodeTaintsPolicy Ignore): the surge pods cannot go to a or c
grep -q "didn't match pod topology spread constraints" "$tmp/with/events.csv" ||
    fail "no FailedScheduling for the spread constraint"
# the nodes of zone b go NotReady together, 50 s after the failure
[ "$(grep -c '^175.000,Normal,NodeNotReady,Node/b-' "$tmp/with/events.csv")" -eq 6 ] ||
    fail "zone b's nodes not NotReady together at 175 s"
head -n 1 "$tmp/with/nodes.csv" | grep -q ',zone$' || fail "nodes.csv has no zone column"
grep -q '^0.000,b-1,b,Ready,.*,b$' "$tmp/with/nodes.csv" || fail "nodes.csv: b-1 not in zone b"

# NoExecute: a pod without a matching toleration is evicted at once, one tolerating for 60 s
# at exactly 60 s after the taint, one tolerating forever never; NoSchedule keeps others off
cat > "$tmp/taint.json" <<'JSON'
{"name": "taint", "duration": "3m",
 "cluster": {"nodePools": [{"name": "w", "count": 2, "zones": ["x", "y"]}]},
 "services": [
  {"name": "plain", "replicas": 1, "nodeSelector": {"kubernetes.io/hostname": "w-1"}},
  {"name": "brief", "replicas": 1, "nodeSelector": {"kubernetes.io/hostname": "w-1"},
   "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "gpu", "effect": "NoExecute",
                    "tolerationSeconds": 60}]},
  {"name": "always", "replicas": 1, "nodeSelector": {"topology.kubernetes.io/zone": "x"},
   "tolerations": [{"key": "dedicated", "operator": "Exists"}]}],
 "events": [{"at": "30s", "action": "taint", "node": "w-1", "key": "dedicated", "value": "gpu",
             "effect": "NoExecute"}]}
JSON
"$DEPLOYSIM" run "$tmp/taint.json" -o "$tmp/taint" --quiet
ev="$tmp/taint/events.csv"
evict_time() { awk -F, -v s="Pod/$1-" '$3 == "TaintManagerEviction" && index($4, s) == 1 { print $1; exit }' "$ev"; }
[ "$(evict_time plain)" = "30.000" ] || fail "plain evicted at '$(evict_time plain)', not 30"
[ "$(evict_time brief)" = "90.000" ] || fail "brief evicted at '$(evict_time brief)', not 90"
[ -z "$(evict_time always)" ] || fail "always was evicted"
# their replacements cannot go anywhere: w-1 is tainted, w-2 fails the node selector
grep -q "1 node(s) had untolerated taint {dedicated: gpu}" "$ev" || fail "no taint FailedScheduling"
grep -q "1 node(s) didn't match Pod's node affinity/selector" "$ev" || fail "no affinity FailedScheduling"
# inter-pod (anti-)affinity: web one per node (the 4th waits), cache next to db (its zone),
# batch preferring nodes without db
cat > "$tmp/ipa.json" <<'JSON'
{"name": "ipa", "duration": "1m", "coldStart": true,
 "cluster": {"nodePools": [{"name": "w", "count": 3, "zones": ["a", "b", "c"]}]},
 "services": [
  {"name": "web", "replicas": 4,
   "affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
     {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname"}]}}},
  {"name": "db", "replicas": 1, "nodeSelector": {"topology.kubernetes.io/zone": "b"}},
  {"name": "cache", "replicas": 2,
   "affinity": {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
     {"labelSelector": {"matchLabels": {"app": "db"}}, "topologyKey": "topology.kubernetes.io/zone"}]}}},
  {"name": "batch", "replicas": 2,
   "affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
     {"weight": 100, "podAffinityTerm": {"labelSelector": {"matchLabels": {"app": "db"}},
      "topologyKey": "kubernetes.io/hostname"}}]}}}]}
JSON
"$DEPLOYSIM" run "$tmp/ipa.json" -o "$tmp/ipa" --quiet
grep -q "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules" "$tmp/ipa/events.csv" ||
    fail "no anti-affinity FailedScheduling"
placed() { awk -F, -v s="$1" '$3 == s && $7 == "Ready" { print $5 }' "$tmp/ipa/pods.csv" | sort -u | tr '\n' ' '; }
[ "$(placed web)" = "w-1 w-2 w-3 " ] || fail "web Ready on: $(placed web)"
[ "$(placed cache)" = "w-2 " ] || fail "cache Ready on: $(placed cache) (db is on w-2)"
case " $(placed batch)" in *" w-2 "*) fail "batch on db's node: $(placed batch)";; esac
echo "placement OK (failed requests with $fw, without $fo)"
