#!/usr/bin/env python3
"""Fluid vs requests: compares one fluid run of a scenario with the mean of N request-level
replications (`run --replications N`), per service, and prints one table row per metric.

usage: fluid_agreement.py LESSON REQUESTS_DIR FLUID_DIR

FLUID_DIR is one run, or replications with the same seeds as REQUESTS_DIR's (rep-1..rep-N):
then the fluid mean is compared, and the interval is that of the paired differences, which
leaves out what both models share (pod start-ups, hangs, node failures: common random numbers).
A metric agrees when |fluid - requests mean| is within that 95% interval (Student's t), or
within its relative tolerance, or within its absolute floor (for metrics near 0, where a
relative tolerance means nothing):

  failed        5 %  or 0.1 % of the requests
  availability  5 % of the unavailability (1 - availability), or 0.001
  p50, p99     10 %  or 2 ms
  ready        5 %  (time average of the ready replicas), or 0.2 pods
  desired      5 %  (time average of the desired replicas), or 0.2 pods

Prints `LESSON SERVICE METRIC requests ±ci fluid diff% ok|FAIL`; exit 1 if any row fails.
"""
import csv
import glob
import math
import os
import sys

T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
        9: 2.262, 10: 2.228, 15: 2.131, 20: 2.086, 30: 2.042}


def t975(df):
    if df in T975:
        return T975[df]
    k = max(d for d in T975 if d <= df)
    return T975[k]


def summary(path):
    with open(path, newline="") as f:
        return {r["service"]: r for r in csv.DictReader(f)}


def series_means(path):
    """Per service, the time averages of ready and desired replicas."""
    acc = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            a = acc.setdefault(r["service"], [0, 0.0, 0.0])
            a[0] += 1
            a[1] += float(r["ready"])
            a[2] += float(r["desired"])
    return {s: {"ready": a[1] / a[0], "desired": a[2] / a[0]} for s, a in acc.items()}


def values(rep_dir):
    """{service: {metric: value}} of one run directory."""
    out = {}
    ts = series_means(os.path.join(rep_dir, "timeseries.csv"))
    for svc, r in summary(os.path.join(rep_dir, "summary.csv")).items():
        def num(k):
            v = r.get(k, "")
            return float(v) if v not in ("", None) else None
        out[svc] = {
            "requests": num("requests"),
            "failed": num("failed"),
            "availability": num("availability"),
            "p50": num("p50_ms"),
            "p99": num("p99_ms"),
            "ready": ts.get(svc, {}).get("ready"),
            "desired": ts.get(svc, {}).get("desired"),
        }
    return out


METRICS = ["failed", "availability", "p50", "p99", "ready", "desired"]


def tolerance(metric, mean, requests):
    """The allowed |fluid - mean| besides the confidence interval."""
    if metric == "failed":
        return max(0.05 * abs(mean), 0.001 * requests)
    if metric == "availability":
        return max(0.05 * (1 - mean), 0.001)
    if metric in ("p50", "p99"):
        return max(0.10 * abs(mean), 2.0)
    return max(0.05 * abs(mean), 0.2)


def main():
    lesson, req_dir, fl_dir = sys.argv[1:4]
    def rep_dirs(d):
        return {os.path.basename(r): r for r in glob.glob(os.path.join(d, "rep-*"))}
    rq_dirs, fl_dirs = rep_dirs(req_dir), rep_dirs(fl_dir)
    seeds = sorted(set(rq_dirs) & set(fl_dirs)) or sorted(rq_dirs)
    reps = [values(rq_dirs[k]) for k in seeds]
    fls = [values(fl_dirs[k]) for k in seeds] if fl_dirs else [values(fl_dir)]
    bad = 0
    for svc in sorted(fls[0]):
        req_mean = sum(r[svc]["requests"] for r in reps) / len(reps)
        for m in METRICS:
            pairs = [(r[svc][m], f[svc][m]) for r, f in zip(reps, fls * len(reps))
                     if r.get(svc, {}).get(m) is not None and f.get(svc, {}).get(m) is not None]
            if not pairs:
                print(f"{lesson:26} {svc:10} {m:12} {'-':>12} {'':>10} {'-':>12} {'':>8} skip")
                continue
            xs = [x for x, _ in pairs]
            n = len(xs)
            mean = sum(xs) / n
            f = sum(y for _, y in pairs) / n
            # the spread that is not the model's: the paired differences (same seeds, so the
            # same pod lifecycles) when fluid ran replications too, else the request runs'
            ds = [y - x for x, y in pairs] if len(fls) > 1 else xs
            dm = sum(ds) / n
            sd = math.sqrt(sum((d - dm) ** 2 for d in ds) / (n - 1)) if n > 1 else 0.0
            ci = t975(n - 1) * sd / math.sqrt(n) if n > 1 else 0.0
            diff = f - mean
            rel = diff / mean * 100 if mean else 0.0
            ok = abs(diff) <= max(ci, tolerance(m, mean, req_mean)) + 1e-9
            bad += not ok
            fmt = "{:12.4f}" if m == "availability" else "{:12.1f}"
            print(f"{lesson:26} {svc:10} {m:12} {fmt.format(mean)} ±{ci:<9.4g} {fmt.format(f)} "
                  f"{rel:+7.1f}% {'ok' if ok else 'FAIL'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
