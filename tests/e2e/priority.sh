#!/usr/bin/env bash
# Priority and preemption, read from the CSVs of the priority lesson: checkout (priority
# 1000000) scaled from 2 to 4 in a full cluster preempts exactly one batch pod (priority 100)
# on each of two nodes, binds there once the victims have terminated (preStop 20 s), and never
# fails a request; the replacement batch pods (preemptionPolicy Never) stay Pending with
# "not eligible due to preemptionPolicy=Never." until the cluster autoscaler's node is Ready
# (k8s: defaultpreemption/default_preemption.go, preemption/preemption.go; cluster-autoscaler
# filter_out_expendable.go).
set -euo pipefail
source "$(dirname "$0")/common.bash"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$DEPLOYSIM" run scenarios/priority.json -o "$tmp/out" --quiet
ev="$tmp/out/events.csv"
[ "$(grep -c ',Normal,Preempted,Pod/reports-' "$ev")" -eq 2 ] || fail "not 2 Preempted reports pods"
[ "$(grep -c ',Normal,Preempted,Pod/checkout-' "$ev" || true)" -eq 0 ] || fail "a checkout pod was preempted"
# one victim per node, each on a different node
[ "$(grep ',Preempted,' "$ev" | sed 's/.* on node //' | sort -u | wc -l)" -eq 2 ] || fail "victims not on 2 nodes"
grep -q '^60.000,Normal,Preempted,Pod/reports-.*,Preempted by pod [0-9a-f-]* on node workers-' "$ev" ||
    fail "no Preempted event at 60 s"
# the preemptors wait for the victims' preStop (20 s), then bind to the victims' nodes
for n in $(grep ',Preempted,' "$ev" | sed 's/.* on node //'); do
    grep -q "^80.000,Normal,Scheduled,Pod/checkout-.* to $n$" "$ev" || fail "no checkout pod bound to $n at 80 s"
done
grep -q 'Pod/reports-.*preemption: not eligible due to preemptionPolicy=Never\.' "$ev" ||
    fail "no FailedScheduling for the Never policy"
# the autoscaler adds one node for the batch pods, not for the nominated checkout pods
grep -q '^70.000,Normal,TriggeredScaleUp,Pod/reports-.*workers 3->4' "$ev" || fail "no scale-up at 70 s"
grep -q 'TriggeredScaleUp,Pod/checkout-' "$ev" && fail "a nominated checkout pod triggered a scale-up"
grep -q '^160.000,Normal,Scheduled,Pod/reports-.* to workers-4$' "$ev" || fail "reports not on workers-4"
# the second preemption violates the budget (maxUnavailable 1), the first does not
grep -q 'preempt 1 pod on .*(0 PodDisruptionBudget violations' "$tmp/out/decisions.csv" || fail "no clean preemption"
grep -q 'preempt 1 pod on .*(1 PodDisruptionBudget violation,' "$tmp/out/decisions.csv" || fail "no violating preemption"
[ "$(col "$tmp/out/summary.csv" checkout failed)" -eq 0 ] || fail "checkout failed requests"
[ "$(col "$tmp/out/summary.csv" checkout max_pods)" -eq 4 ] || fail "checkout max pods"
# without priorities the new checkout pods wait for the node like everyone else
sed 's/"priorityClassName": "[a-z]*",//' scenarios/priority.json >"$tmp/flat.json"
"$DEPLOYSIM" run "$tmp/flat.json" -o "$tmp/flat" --quiet
grep -q ',Preempted,' "$tmp/flat/events.csv" && fail "preemption without priorities"
grep -q 'Pod/checkout-.*No preemption victims found for incoming pod' "$tmp/flat/events.csv" ||
    fail "flat: no 'No preemption victims' message"
echo "priority: preemption, nomination, Never policy and the autoscaler as upstream"
