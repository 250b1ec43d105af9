#!/usr/bin/env bash
# deploysim import / export on real manifests (tests/manifests/README.md says where each
# came from): they import, validate and run; a kubectl List and the same objects as YAML
# documents give byte-identical scenarios; bad YAML is FILE:LINE:COL, exit 2, nothing
# written; and every lesson exported and imported back runs to byte-identical outputs once
# its cluster, events and notes are put back (what Kubernetes objects do not carry).
set -u
cd "$(dirname "$0")/../.."
source tests/e2e/common.bash
D=${DEPLOYSIM:-build/deploysim}
M=tests/manifests
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# 1. real manifests import, validate and run
i=0
for set in "nginx-deployment.yaml" "php-apache.yaml php-apache-hpa.yaml" \
    "rollouts-demo-canary-rollout.yaml rollouts-demo-canary-service.yaml" \
    "rollouts-demo-bluegreen-rollout.yaml rollouts-demo-bluegreen-service.yaml rollouts-demo-bluegreen-preview-service.yaml" \
    "argo-rollout-template-ref.yaml" "microservices-demo.yaml" "shop.yaml"; do
    i=$((i + 1))
    files=$(for f in $set; do printf '%s ' "$M/$f"; done)
    # shellcheck disable=SC2086
    "$D" import $files -o "$T/s$i.json" 2>"$T/s$i.err" || fail "import $set: $(cat "$T/s$i.err")"
    # traffic at the first service, or at the Ingress that routes to it
    grep -Eq '^assumed: .* traffic 100 req/s — no manifest says; set with --set (services|ingresses)\[0\]\.traffic\.rps=\.\.\.$' "$T/s$i.err" ||
        fail "import $set: no traffic assumption on stderr"
    grep -q '"description":.*Assumed: .*traffic 100 req/s' "$T/s$i.json" || fail "$set: assumptions not in the description"
    "$D" validate "$T/s$i.json" >/dev/null || fail "$set: does not validate"
    "$D" run "$T/s$i.json" --set duration=20s -o "$T/out$i" --quiet || fail "$set: does not run"
    n=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['services']))" "$T/s$i.json")
    rows=$(($(wc -l <"$T/out$i/summary.csv") - 1))
    [ "$rows" -ge "$n" ] || fail "$set: $n services but $rows summary rows"
done
echo "import: 7 sets of real manifests import, validate and run"
[ "$(python3 -c "import json; print(len(json.load(open('$T/s6.json'))['services']))")" -ge 10 ] ||
    fail "microservices-demo: fewer than 10 services"

# what the API server fills in (status, uid, dnsPolicy, clusterIP, sessionAffinity None...) is
# no warning: only the assumptions are said
"$D" import "$M/kubectl-get-shop.yaml" -o "$T/kget.json" 2>"$T/kget.err" || fail "import kubectl-get-shop.yaml"
other=$(grep -v '^assumed: ' "$T/kget.err")
[ -z "$other" ] || fail "kubectl's filled-in fields warned: $other"
python3 -c "
import json; s = json.load(open('$T/kget.json'))['services'][0]
assert (s['replicas'], s['readinessProbe']['periodSeconds'], s['resources']['cpu']) == (6, 5, '250m'), s" ||
    fail "kubectl-get-shop.yaml read back wrong"
echo "import: the fields kubectl get fills in are read without a warning"

# 2. a kubectl List (JSON) and YAML documents: the same bytes
"$D" import - <"$M/shop.yaml" >"$T/yaml.json" 2>/dev/null || fail "import shop.yaml from stdin"
"$D" import - <"$M/shop-list.json" >"$T/list.json" 2>/dev/null || fail "import shop-list.json from stdin"
cmp -s "$T/yaml.json" "$T/list.json" || fail "List and YAML documents import differently"
echo "import: a kubectl List and the same objects as YAML documents give byte-identical scenarios"

# 3. bad YAML: FILE:LINE:COL, exit 2, nothing written (an existing output is left as it was)
printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n spec: 1\n' >"$T/bad.yaml"
echo keep >"$T/keep.json"
"$D" import "$T/bad.yaml" -o "$T/keep.json" 2>"$T/bad.err"
rc=$?
[ "$rc" -eq 2 ] || fail "bad YAML: exit $rc, want 2"
grep -q "^$T/bad.yaml:5:2: " "$T/bad.err" || fail "bad YAML: no FILE:LINE:COL: $(cat "$T/bad.err")"
[ "$(cat "$T/keep.json")" = keep ] || fail "bad YAML: the output was written"
"$D" import "$M/shop.yaml" --set 'ingresses[0].traffic.rps=250' --set 'duration=1m' -o "$T/set.json" 2>/dev/null ||
    fail "import --set"
[ "$(python3 -c "import json; d=json.load(open('$T/set.json')); print(d['ingresses'][0]['traffic']['rps'], d['duration'])")" = "250 1m" ] ||
    fail "import --set not applied"
"$D" import "$M/shop.yaml" --set 'services[0].replicas=-1' -o "$T/neg.json" 2>/dev/null
[ $? -eq 2 ] && [ ! -e "$T/neg.json" ] || fail "an invalid --set wrote a scenario"
echo "import: bad YAML is FILE:LINE:COL with exit 2 and nothing written; --set applies"

# 4. export -> import: the same services, so the same run once the rest is put back
splice() { # ORIGINAL IMPORTED OUT: the original with the imported services and ingresses
    python3 - "$1" "$2" "$3" <<'EOF'
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
a["services"] = b["services"]
if "ingresses" in b or "ingresses" in a:
    a["ingresses"] = b.get("ingresses", [])
json.dump(a, open(sys.argv[3], "w"), indent=1)
EOF
}
n=0
for f in scenarios/*.json; do
    b=$(basename "$f" .json)
    "$D" export "$f" -o "$T/k8s-$b" 2>/dev/null || fail "export $f"
    "$D" import "$T/k8s-$b"/*.yaml -o "$T/back-$b.json" 2>/dev/null || fail "import of the export of $f"
    splice "$f" "$T/back-$b.json" "$T/rt-$b.json"
    "$D" run "$f" -o "$T/a-$b" --quiet --set duration=2m || fail "run $f"
    "$D" run "$T/rt-$b.json" -o "$T/b-$b" --quiet --set duration=2m || fail "run the round trip of $f"
    for csv in summary timeseries events pods; do
        cmp -s <(tail -n +2 "$T/a-$b/$csv.csv") <(tail -n +2 "$T/b-$b/$csv.csv") ||
            fail "$f: export then import changes $csv.csv"
    done
    n=$((n + 1))
done
echo "export: $n lessons exported and imported back run to byte-identical outputs"

# 5. export writes one file per service, Argo kinds for Argo strategies
"$D" export scenarios/blue-green.json -o "$T/bg" 2>/dev/null || fail "export blue-green"
grep -q '^kind: Rollout$' "$T"/bg/*.yaml || fail "blue-green: no Rollout"
grep -q '^      activeService: ' "$T"/bg/*.yaml || fail "blue-green: no activeService"
# kubectl's client-side dry run still asks a server for the API's kinds: only with a cluster
if command -v kubectl >/dev/null && kubectl cluster-info --request-timeout=2s >/dev/null 2>&1; then
    kubectl apply --dry-run=client -f "$T/k8s-rolling-update" >/dev/null ||
        fail "kubectl refuses the export"
    echo "export: kubectl apply --dry-run=client accepts it"
fi
echo "export: files per service, Rollouts for Argo strategies"

# 6. an Ingress's pathType Exact and spec.defaultBackend are carried in and written back out
m=tests/manifests/ingress-default-backend.yaml
"$D" import "$m" -o "$T/idb.json" 2>/dev/null || fail "import $m"
python3 - "$T/idb.json" <<'PY' || fail "$m: Ingress rule or defaultBackend not carried"
import json, sys
ing = json.load(open(sys.argv[1]))["ingresses"][0]
assert ing["defaultBackend"] == "web", ing
assert ing["rules"] == [{"host": "shop.example.com", "path": "/api/v1", "pathType": "Exact",
                         "service": "api"}], ing
PY
"$D" export "$T/idb.json" -o "$T/idb" 2>/dev/null || fail "export $T/idb.json"
"$D" import "$T"/idb/*.yaml -o "$T/idb2.json" 2>/dev/null || fail "import the export of $m"
python3 -c 'import json,sys; a,b=(json.load(open(f))["ingresses"] for f in sys.argv[1:]); assert a==b,(a,b)' \
    "$T/idb.json" "$T/idb2.json" || fail "$m: export then import changes the Ingress"
echo "import: pathType Exact and defaultBackend round-trip"
# traffic entering at an Ingress rides in its deploysim.io/traffic annotation and comes back
s=tests/scenarios/ingress-routing.json
"$D" export "$s" -o "$T/irt" 2>/dev/null || fail "export $s"
"$D" import "$T"/irt/*.yaml -o "$T/irt.json" 2>/dev/null || fail "import the export of $s"
python3 - "$s" "$T/irt.json" <<'PY' || fail "$s: export then import changes the Ingress"
import json, sys
a, b = (json.load(open(f))["ingresses"] for f in sys.argv[1:])
for ing in a:  # Prefix is the default: import leaves it out
    for r in ing["rules"]:
        if r.get("pathType") == "Prefix":
            del r["pathType"]
assert a == b, (a, b)
assert all("traffic" not in s for s in json.load(open(sys.argv[2]))["services"])
PY
echo "import: an Ingress's traffic round-trips through its annotation"
# an nginx canary Ingress becomes its rule's canary, and export writes it back as one
"$D" import "$M/shop.yaml" -o "$T/cy.json" 2>/dev/null || fail "import shop.yaml"
"$D" export "$T/cy.json" -o "$T/cy" 2>/dev/null || fail "export $T/cy.json"
grep -q 'nginx.ingress.kubernetes.io/canary-weight: "10"' "$T"/cy/*.yaml || fail "export: no canary Ingress"
"$D" import "$T"/cy/*.yaml -o "$T/cy2.json" 2>/dev/null || fail "import the export of shop.yaml"
python3 - "$T/cy.json" "$T/cy2.json" <<'PY' || fail "shop.yaml: the canary does not round-trip"
import json, sys
a, b = (json.load(open(f))["ingresses"] for f in sys.argv[1:])
assert a[0]["rules"][1]["canary"] == {"service": "api", "weight": 10}, a
assert a == b, (a, b)
PY
echo "import: an nginx canary Ingress's weight round-trips"
