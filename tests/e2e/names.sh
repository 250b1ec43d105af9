#!/usr/bin/env bash
# Names never break a file: hostile service/namespace/pool/version names are refused with
# Kubernetes' DNS-1123 label rule (exit 2, nothing written, control characters escaped); the
# longest valid names (63 characters) are written whole; a scenario name with a comma, a quote
# and a line break is quoted per RFC 4180; Python's csv reads every file back with one field
# count per file. Two services named web in namespaces shop and blog are told apart by the
# namespace column and draw different random numbers.
set -uo pipefail
source "$(dirname "$0")/common.bash"
[ -x "$DEPLOYSIM" ] || fail "$DEPLOYSIM is not built"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- hostile names: refused with the rule ----------------------------------------------
# one file per (hostile name, place): bad-N.json, described in $tmp/cases
python3 - "$tmp" >"$tmp/cases" <<'EOF'
import json, sys
names = ["Web", "a,b", 'a"b', "a\nb", "a\rb", "a\x1b[31mb", "shop/web", "-web", "web-", "a.b",
         "w\u00e9b", "a b", "a" * 64]
n = 0
for name in names:
    for where in ("service", "namespace", "pool", "version"):
        doc = {"name": "x", "duration": "5s", "cluster": {"nodePools": [{"name": "w"}]},
               "services": [{"name": "web"}]}
        if where == "service": doc["services"][0]["name"] = name
        if where == "namespace": doc["services"][0]["namespace"] = name
        if where == "pool": doc["cluster"]["nodePools"][0]["name"] = name
        if where == "version": doc["services"][0]["versions"] = {name: {}}
        n += 1
        with open(f"{sys.argv[1]}/bad-{n}.json", "w") as f:
            json.dump(doc, f)
        print(n, where, json.dumps(name))
EOF
n=0
while read -r i where name; do
    n=$((n + 1))
    rm -rf "$tmp/out"
    "$DEPLOYSIM" run "$tmp/bad-$i.json" -o "$tmp/out" >/dev/null 2>"$tmp/err"
    rc=$?
    [ "$rc" -eq 2 ] || fail "$where name $name: exit $rc, expected 2"
    [ -e "$tmp/out" ] && fail "$where name $name: wrote an output directory"
    grep -q "is not a DNS-1123 label.*: at most 63 characters" "$tmp/err" ||
        fail "$where name $name: no DNS-1123 rule in: $(cat "$tmp/err")"
    # one line per message: a newline or an escape in a name is shown escaped
    [ "$(grep -c . "$tmp/err")" -eq "$(grep -c "bad-$i.json: " "$tmp/err")" ] ||
        fail "$where name $name: a message spans lines: $(cat -A "$tmp/err")"
    LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' "$tmp/err" &&
        fail "$where name $name: raw control characters in: $(cat -A "$tmp/err")"
done <"$tmp/cases"
[ "$n" -eq 52 ] || fail "$n cases, expected 52"
echo "ok: $n hostile names refused"

# --- 63-character names, a free-text scenario name, two namespaces ----------------------
long=abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefgh
[ ${#long} -eq 63 ] || fail "the long name has ${#long} characters"
python3 - "$long" >"$tmp/ok.json" <<'EOF'
import json, sys
long = sys.argv[1]
svc = lambda ns: {"name": "web", "namespace": ns, "replicas": 2, "versions": {"v2": {}},
                  "traffic": {"rps": 50}}
doc = {"name": 'Names, "quotes"\nand a second line', "duration": "40s",
       "cluster": {"nodePools": [{"name": long, "count": 2}]},
       "services": [svc("shop"), svc("blog"),
                    {"name": long, "namespace": long, "version": long, "replicas": 2,
                     "versions": {"v2" + long[2:]: {}}, "traffic": {"rps": 20}}],
       "events": [{"at": "5s", "action": "deploy", "service": "shop/web", "version": "v2"},
                  {"at": "5s", "action": "deploy", "service": long, "version": "v2" + long[2:]},
                  {"at": "20s", "action": "failNode", "node": long + "-2"}]}
print(json.dumps(doc))
EOF
"$DEPLOYSIM" run "$tmp/ok.json" -o "$tmp/ok" -q 2>"$tmp/err" || fail "run: $(cat "$tmp/err")"
python3 - "$tmp/ok" "$long" <<'EOF' || fail "CSV check"
import csv, os, sys
out, long = sys.argv[1], sys.argv[2]
bad = []
files = {}
for name in sorted(os.listdir(out)):
    with open(os.path.join(out, name), newline="") as f:
        rows = list(csv.reader(f))
    widths = {len(r) for r in rows}
    if len(widths) != 1:
        bad.append(f"{name}: rows of {sorted(widths)} fields")
    files[name] = [dict(zip(rows[0], r)) for r in rows[1:]]
summary = files["summary.csv"]
if {r["scenario"] for r in summary} != {'Names, "quotes"\nand a second line'}:
    bad.append(f"summary.csv scenario read back as {summary[0]['scenario']!r}")
if sorted((r["namespace"], r["service"]) for r in summary) != sorted(
        [("shop", "web"), ("blog", "web"), (long, long)]):
    bad.append(f"summary.csv services: {[(r['namespace'], r['service']) for r in summary]}")
by_ns = {r["namespace"]: r for r in summary}
if by_ns["shop"]["requests"] == by_ns["blog"]["requests"]:
    bad.append("shop/web and blog/web drew the same arrivals")
for f in ("timeseries.csv", "versions.csv", "replicasets.csv", "pods.csv"):
    if not any(r["service"] == long and r["namespace"] == long for r in files[f]):
        bad.append(f"{f}: no row of {long}/{long}")
pods = files["pods.csv"]
mine = {r["pod"] for r in pods if r["service"] == long}
if not mine or not all(p.startswith(long + "-") and len(p) > len(long) + 12 for p in mine):
    bad.append(f"pods.csv: pod names cut: {sorted(mine)[:3]}")
if {r["version"] for r in pods if r["service"] == long} != {long, "v2" + long[2:]}:
    bad.append("pods.csv: versions of the long service cut")
shop = {r["pod"] for r in pods if r["namespace"] == "shop"}
blog = {r["pod"] for r in pods if r["namespace"] == "blog"}
if shop & blog:
    bad.append(f"pods.csv: shop and blog share pod names {sorted(shop & blog)}")
nodes = {r["node"] for r in files["nodes.csv"]}
if nodes != {long + "-1", long + "-2"} or {r["pool"] for r in files["nodes.csv"]} != {long}:
    bad.append(f"nodes.csv: nodes {sorted(nodes)}")
if not any(r["object"] == "Node/" + long + "-2" for r in files["events.csv"]):
    bad.append("events.csv: no event of Node/" + long + "-2")
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
EOF
echo "ok: every CSV reads back with one field count; names whole"
