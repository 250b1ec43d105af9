#!/usr/bin/env bash
# traffic.trace: the same series as CSV (RFC 3339 times) and as a Prometheus range query's
# JSON (Unix times) gives byte-identical runs, in both fidelities; a trace read through a
# relative path from another working folder is the same run; scale 2 offers twice the
# requests in fluid fidelity (the integral of the rate, exactly).
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/common.bash"

sc=tests/scenarios/trace-diurnal.json
prom='services[0].traffic.trace.file="../traces/diurnal-prometheus.json"'
for fid in requests fluid; do
    "$DEPLOYSIM" run "$sc" --set duration=3h --set fidelity=$fid -o "$tmp/csv-$fid" -q
    "$DEPLOYSIM" run "$sc" --set duration=3h --set fidelity=$fid --set "$prom" -o "$tmp/prom-$fid" -q
    for f in "$tmp/csv-$fid"/*.csv; do
        cmp -s "$f" "$tmp/prom-$fid/$(basename "$f")" ||
            fail "$fid: $(basename "$f") differs between the CSV and the Prometheus trace"
    done
done
# from another folder: the path is relative to the scenario file, not the working folder
root=$PWD
(cd "$tmp" && "$DEPLOYSIM" run "$root/$sc" --set duration=3h -o "$tmp/elsewhere" -q)
cmp -s "$tmp/csv-requests/summary.csv" "$tmp/elsewhere/summary.csv" || fail "run from another folder differs"
# scale 2: twice the offered requests (fluid integrates the rate exactly)
"$DEPLOYSIM" run "$sc" --set duration=3h --set fidelity=fluid \
    --set 'services[0].traffic.trace.scale=2' -o "$tmp/x2" -q
awk -v a="$(col "$tmp/csv-fluid/summary.csv" web requests)" \
    -v b="$(col "$tmp/x2/summary.csv" web requests)" \
    'BEGIN { exit !(b >= 2 * a - 2 && b <= 2 * a + 2) }' || fail "scale 2 did not double the requests"
echo "ok: trace runs identical across formats and folders; scale doubles the requests"
