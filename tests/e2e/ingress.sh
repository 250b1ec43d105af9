#!/usr/bin/env bash
# Requests an Ingress answers itself (404: no rule, no defaultBackend): `run` counts them as the
# unmatched rate times the time simulated, and with a pattern as the unmatched share of the
# rate's integral. tests/scenarios/ingress-routing.json: a.b.example.com is 5 % of the traffic
# and matches no rule (a wildcard host covers one label only: networking.k8s.io/v1
# IngressRule.Host); over 2 minutes at 1000 req/s that is 6000 requests; with a ramp to 2000
# req/s from 60 s over 30 s the integral is 1000 x 60 + 1500 x 30 + 2000 x 30 = 165000, 5 % of
# it 8250.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/e2e/common.bash
D=${DEPLOYSIM:-build/deploysim}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
s=tests/scenarios/ingress-routing.json
"$D" run "$s" -o "$T/a" >"$T/a.txt" 2>&1 || fail "run $s: $(cat "$T/a.txt")"
grep -qF 'ingress shop: 6000 requests matched no rule and no defaultBackend: 404 (50 req/s)' "$T/a.txt" ||
    fail "constant traffic: $(grep ingress "$T/a.txt")"
"$D" run "$s" -o "$T/b" --set 'ingresses[0].traffic.pattern=[{"at":"60s","rps":2000,"ramp":"30s"}]' \
    >"$T/b.txt" 2>&1 || fail "run $s with a ramp: $(cat "$T/b.txt")"
grep -qF 'ingress shop: 8250 requests matched no rule and no defaultBackend: 404 (0.05 of its traffic)' "$T/b.txt" ||
    fail "a ramp: $(grep ingress "$T/b.txt")"
# the routed services' requests follow the same integral: 95 % of 165000 (Poisson: 4 sd = 1584)
python3 - "$T/b/summary.csv" <<'PY' || fail "a ramp: the services' requests do not follow the integral"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
n = sum(int(r["requests"]) for r in rows)
assert abs(n - 156750) < 4 * 156750 ** 0.5, n
PY
echo "ingress: 404s follow the unmatched share of the rate (constant 6000, with a ramp 8250), and the routed requests the rest"
