#!/usr/bin/env bash
# make bench's own tools build and give numbers that mean something (make bench itself takes
# minutes and is not part of the suite): bench_engine's jump benchmark drives the dashboard's
# session on the 200-node bench cluster, and the SimPy M/M/10 model that make bench compares
# the request model with serves its customers in the mean time M/M/10 queueing theory gives
# (Erlang C: W = 1/mu + C(c, a) / (c mu - lambda); 16.68 ms at lambda 900/s, mu 100/s, c 10).
set -euo pipefail
BUILD=${BUILD:-build}
. "$(dirname "$0")/common.bash"

[ -x "$BUILD/tests/bench_engine" ] || fail "$BUILD/tests/bench_engine was not built"
line=$("$BUILD/tests/bench_engine" jump tests/bench/ui-200-nodes.json 100)
echo "$line"
grep -Eq '^ui jump ui-200-nodes.json +to  1:40: +[0-9.]+ s, worst +[0-9.]+ s' <<<"$line" ||
    fail "bench_engine jump: unexpected output: $line"

py=python3
/usr/bin/python3 -c 'import SimPy.Simulation' 2>/dev/null && py=/usr/bin/python3
"$py" -c 'import simpy' 2>/dev/null || "$py" -c 'import SimPy.Simulation' 2>/dev/null ||
    fail "no SimPy for $py (Debian: python3-simpy, which make test installs)"
out=$("$py" tests/bench/mm10_simpy.py 20)
echo "$out"
mean=$(sed -n 's/.*(mean \([0-9.]*\) ms).*/\1/p' <<<"$out")
[ -n "$mean" ] || fail "mm10_simpy.py: no mean in: $out"
python3 - "$mean" <<'PY' || fail "SimPy's M/M/10 mean time in system is off Erlang C's"
import math, sys
lam, mu, c = 900.0, 100.0, 10
a = lam / mu
rho = a / c
tail = a**c / math.factorial(c) / (1 - rho)
erlang_c = tail / (sum(a**k / math.factorial(k) for k in range(c)) + tail)
w_ms = 1e3 * (1 / mu + erlang_c / (c * mu - lam))
got = float(sys.argv[1])
print("Erlang C: %.2f ms, SimPy: %.2f ms" % (w_ms, got))
sys.exit(0 if abs(got - w_ms) <= 0.15 * w_ms else 1)
PY
echo "bench tools: ok"
