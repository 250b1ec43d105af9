#!/usr/bin/env python3
"""Recomputes a run's SLO columns by hand from timeseries.csv and compares them with
summary.csv (tests/e2e/slo.sh). The rules are the SRE workbook's (chapter 5, "Alerting on
SLOs"), as docs/MODEL.md states them:
  requests of a sample = (served_rps + failed_rps) x its length, bad = failed_rps x length
  (latency: requests = served_rps x length, bad = slow_rps x length);
  burn rate = (bad / requests) / (1 - target);
  budget used = burn over the whole run x run length / window;
  multiwindow burn at a sample's end = min(burn over the last long window, over the last short
  one), its peak reported (1 h & 5 m, 6 h & 30 m).
usage: slo_check.py OUTDIR SERVICE AVAILABILITY LATENCY WINDOW_S"""
import csv
import sys

out, service = sys.argv[1], sys.argv[2]
avail, lat, window = float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
rows = [r for r in csv.DictReader(open(out + "/timeseries.csv")) if r["service"] == service]
summary = next(r for r in csv.DictReader(open(out + "/summary.csv")) if r["service"] == service)


def samples(latency):
    prev = 0.0
    for r in rows:
        t = float(r["time_s"])
        dt = t - prev
        prev = t
        served, failed = float(r["served_rps"]), float(r["failed_rps"])
        if latency:
            yield t, served * dt, float(r["slow_rps"] or 0) * dt
        else:
            yield t, (served + failed) * dt, failed * dt


def burn(n, bad, target):
    return bad / n / (1 - target) if n > 0 else 0.0


def peak(latency, target, long_s, short_s):
    s = list(samples(latency))
    best = 0.0
    for j, (t, _, _) in enumerate(s):
        lw = [x for x in s[: j + 1] if x[0] > t - long_s]
        sw = [x for x in s[: j + 1] if x[0] > t - short_s]
        b = min(burn(sum(x[1] for x in lw), sum(x[2] for x in lw), target),
                burn(sum(x[1] for x in sw), sum(x[2] for x in sw), target))
        best = max(best, b)
    return best


def check(name, got, want, rel=2e-3, abs_=2e-3):
    got = float(got)
    if abs(got - want) > max(abs_, rel * abs(want)):
        sys.exit(f"FAIL: {service} {name}: summary.csv says {got}, timeseries.csv gives {want:.6f}")
    print(f"{service} {name}: {got} (by hand {want:.6f})")


run = float(rows[-1]["time_s"])
for prefix, latency, target in (("", False, avail), ("latency_", True, lat)):
    s = list(samples(latency))
    used = burn(sum(x[1] for x in s), sum(x[2] for x in s), target) * run / window
    check(prefix + "budget_used", summary[prefix + "budget_used"], used, abs_=1e-6)
    check(prefix + "burn_1h_5m", summary[prefix + "burn_1h_5m"], peak(latency, target, 3600, 300))
    check(prefix + "burn_6h_30m", summary[prefix + "burn_6h_30m"], peak(latency, target, 21600, 1800))
