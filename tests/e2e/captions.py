#!/usr/bin/env python3
"""Every number a lesson caption states is checked against the run (or the scenario).

Convention (README, "Captions"): a number in a note's English text is a number written in
digits ("300", "25%", "3.0", "52 s"; not part of a name such as v2, workers-2, L7 or
10.244.N.x) or a number word from two to twelve ("Six", "nine"). Every such number must be
covered by a claim below, keyed by scenario, note time and value; a claim computes the
quantity from the run's CSVs or the scenario's own inputs and compares it with the caption's
value. A number no claim covers fails, and so does a claim whose quantity differs: a new or
edited caption cannot state an unchecked number. A translation must state the same numbers
(as digits) as the English text.

usage: captions.py DEPLOYSIM OUTDIR SCENARIO.json...
"""
import csv
import json
import math
import os
import re
import subprocess
import sys

WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
NUM = re.compile(r"(?<![A-Za-z0-9_.\-/:])(\d+(?:\.\d+)?)(?![A-Za-z0-9_])(?!\.[A-Za-z0-9])"
                 r"|(?<![A-Za-z0-9_.\-/:])(\d+(?:\.\d+)?)(?=(?:ms|s|m|h|GiB|MiB|%)(?![A-Za-z0-9_]))")
WORD = re.compile(r"\b(%s)\b" % "|".join(WORDS), re.I)


def numbers(text, words=True):
    """The numbers a caption states, as floats, in order."""
    out = [float(m.group(1) or m.group(2)) for m in NUM.finditer(text)]
    if words:
        out += [float(WORDS[m.group(1).lower()]) for m in WORD.finditer(text)]
    return out


class Run:
    """One scenario's run: its CSVs as lists of dicts, and its JSON."""

    def __init__(self, scenario, outdir):
        self.doc = json.load(open(scenario))
        self.dir = outdir
        self._t = {}

    def t(self, name):
        if name not in self._t:
            with open(os.path.join(self.dir, name + ".csv"), newline="") as f:
                self._t[name] = list(csv.DictReader(f))
        return self._t[name]

    # --- the scenario's inputs ---
    def input(self, path, default=None):
        v = self.doc
        for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
            if part.startswith("["):
                v = v[int(part[1:-1])]
            elif isinstance(v, dict) and part in v:
                v = v[part]
            else:
                return default
        return v

    # --- timeseries.csv / versions.csv ---
    def ts(self, t, col, svc=None):
        for r in self.t("timeseries"):
            if float(r["time_s"]) >= t and (svc is None or r["service"] == svc):
                return float(r[col] or 0)
        raise KeyError(f"no timeseries row at {t}")

    def ts_rows(self, svc=None):
        return [r for r in self.t("timeseries") if svc is None or r["service"] == svc]

    def ver(self, t, version, col, svc=None):
        for r in self.t("versions"):
            if float(r["time_s"]) >= t and r["version"] == version and \
                    (svc is None or r["service"] == svc):
                return float(r[col] or 0)
        return 0.0

    def ver_share(self, t0, t1, version, svc=None):
        """version's share (%) of the requests offered to the service over [t0, t1)."""
        v = a = 0.0
        for r in self.t("versions"):
            tt = float(r["time_s"])
            if t0 <= tt < t1 and (svc is None or r["service"] == svc):
                a += float(r["offered_rps"] or 0)
                if r["version"] == version:
                    v += float(r["offered_rps"] or 0)
        return 100 * v / a

    def ver_error(self, t0, t1, version):
        f = o = 0.0
        for r in self.t("versions"):
            if t0 <= float(r["time_s"]) < t1 and r["version"] == version:
                f += float(r["failed_rps"] or 0)
                o += float(r["offered_rps"] or 0)
        return 100 * f / o

    # --- replicasets.csv ---
    def rs_max(self, version, col="desired", t0=0, t1=1e18, svc=None):
        return max([int(r[col]) for r in self.t("replicasets")
                    if r["version"] == version and t0 <= float(r["time_s"]) <= t1 and
                    (svc is None or r["service"] == svc)] or [0])

    def rs_min(self, version, col="desired", t0=0, t1=1e18, svc=None):
        return min([int(r[col]) for r in self.t("replicasets")
                    if r["version"] == version and t0 <= float(r["time_s"]) <= t1 and
                    (svc is None or r["service"] == svc)] or [0])

    # --- events.csv / decisions.csv ---
    def ev(self, reason, t0=0, contains=""):
        return [r for r in self.t("events") if r["reason"] == reason and
                float(r["time_s"]) >= t0 and contains in r["message"] + r["object"]]

    def ev_first(self, reason, t0=0, contains=""):
        return float(self.ev(reason, t0, contains)[0]["time_s"])

    def dec(self, contains, controller=None, t0=0):
        return [r for r in self.t("decisions") if contains in r["decision"] and
                float(r["time_s"]) >= t0 and (controller is None or r["controller"] == controller)]

    # --- nodes.csv / pods.csv ---
    def nodes_in(self, state, t):
        last = {}
        for r in self.t("nodes"):
            if float(r["time_s"]) <= t:
                last[r["node"]] = r
        return sum(1 for r in last.values() if r["state"] == state)

    def node_state_time(self, node, state, t0=0):
        for r in self.t("nodes"):
            if r["node"] == node and r["state"] == state and float(r["time_s"]) >= t0:
                return float(r["time_s"])
        raise KeyError(f"{node} never {state}")

    def pods_on(self, node, t):
        last = {}
        for r in self.t("nodes"):
            if float(r["time_s"]) <= t:
                last[r["node"]] = r
        return int(last[node]["pods"])

    def pod_states(self):
        """pod -> [(time, state), ...]"""
        out = {}
        for r in self.t("pods"):
            out.setdefault(r["pod"], []).append((float(r["time_s"]), r["state"], r))
        return out

    def ready_delays(self, t0, t1, placed=False):
        """For pods created in [t0, t1): seconds from Pending (or, placed, from leaving
        Pending: a node took it) to their first Ready."""
        out = []
        for states in self.pod_states().values():
            if states[0][1] != "Pending" or not t0 <= states[0][0] < t1:
                continue
            ready = [t for t, s, _ in states if s == "Ready"]
            start = [t for t, s, _ in states if s != "Pending"] if placed else [states[0][0]]
            if ready and start:
                out.append(ready[0] - start[0])
        return out

    def max_desired_total(self, svc=None):
        """The most pods the ReplicaSets of a service asked for together, at any time."""
        cur, best, rows = {}, 0, [r for r in self.t("replicasets")
                                  if svc is None or r["service"] == svc]
        for i, r in enumerate(rows):  # the rows of one instant together: the state after it
            cur[r["replicaset"]] = int(r["desired"])
            if i + 1 == len(rows) or rows[i + 1]["time_s"] != r["time_s"]:
                best = max(best, sum(cur.values()))
        return best

    def mean_ts(self, col, t0, t1, svc=None):
        v = [float(r[col] or 0) for r in self.ts_rows(svc) if t0 <= float(r["time_s"]) < t1]
        return sum(v) / len(v)

    def rule(self, name, t):
        """The count a Deployment's decision at t gives for maxSurge or maxUnavailable."""
        for d in self.dec("scale", "deployment", t):
            m = re.search(name + r" \S+ of \d+ = (\d+)", d["explanation"])
            if m:
                return int(m.group(1))
        raise KeyError(name)

    def hpa_period(self):
        """The HPA's sync period, if every decision is a whole number of periods apart."""
        p = secs(self.input("cluster.hpaSyncPeriod", "15s"))
        ts = [float(d["time_s"]) for d in self.dec("", "hpa")]
        return p if all((b - a) % p == 0 for a, b in zip(ts, ts[1:])) else -1

    # --- per pod and per ReplicaSet, at an instant ---
    def pods_at(self, t, svc=None, state=None, zone=None):
        """How many pods (of svc) are in state (in zone) after the rows up to t."""
        last = {}
        for r in self.t("pods"):
            if float(r["time_s"]) <= t:
                last[r["pod"]] = r
        return sum(1 for r in last.values() if (svc is None or r["service"] == svc) and
                   (state is None or r["state"] == state) and (zone is None or r["zone"] == zone))

    def rs_at(self, version, col, t, svc=None):
        """A ReplicaSet column after the rows up to t."""
        v = 0
        for r in self.t("replicasets"):
            if float(r["time_s"]) <= t and r["version"] == version and \
                    (svc is None or r["service"] == svc):
                v = int(r[col])
        return v

    def error_share(self, t0, t1, svc=None):
        """Failed requests as a share (%) of those offered over the samples [t0, t1)."""
        rows = [r for r in self.ts_rows(svc) if t0 <= float(r["time_s"]) < t1]
        return 100 * sum(float(r["failed_rps"] or 0) for r in rows) / \
            sum(float(r["offered_rps"] or 0) for r in rows)

    def probe_fails(self, pod, kind, t0, t1):
        """Times of pod's failed kind ("Liveness", "Readiness") probes in [t0, t1]."""
        return [float(e["time_s"]) for e in self.t("events") if e["reason"] == "Unhealthy" and
                e["object"] == pod and e["message"].startswith(kind + " probe failed") and
                t0 <= float(e["time_s"]) <= t1]

    def fail_window(self, t0):
        """(first, last) sample time from t0 on with failed requests."""
        ts = [float(r["time_s"]) for r in self.t("timeseries")
              if float(r["time_s"]) >= t0 and float(r["failed_rps"] or 0) > 0]
        return ts[0], ts[-1]


def secs(v):
    """A scenario duration ("2m", "1m30s", 90) in seconds."""
    if isinstance(v, (int, float)):
        return float(v)
    total = 0.0
    for num, unit in re.findall(r"([\d.]+)(ms|us|h|m|s)", v):
        total += float(num) * {"h": 3600, "m": 60, "s": 1, "ms": 1e-3, "us": 1e-6}[unit]
    return total


def pct(v):
    return float(v.rstrip("%")) if isinstance(v, str) else float(v)


# A claim: (value as stated, how to compare, a function of the run, what it is).
# "=": equal after rounding to the caption's precision; "~": within 10 %; "<=": at most.
def C(value, op, f, what):
    return (float(value), op, f, what)


def same(*values):
    """The value all of values share, or -1 (no claim matches) when they differ."""
    return values[0] if all(v == values[0] for v in values) else -1


def millicores(v):
    """A CPU quantity ("250m", "2", 0.5) in millicores."""
    return float(v[:-1]) if isinstance(v, str) and v.endswith("m") else 1000 * float(v)


# liveness.json: the probes, from the kubelet's events (k8s pkg/kubelet/prober/worker.go:
# failureThreshold failures in a row; the container is killed on the liveness one)
def first_liveness_kill(r, svc):
    """(pod, time) of the first Killing of one of svc's containers for a failed liveness probe."""
    e = [e for e in r.ev("Killing", 0, "Pod/" + svc + "-") if "liveness" in e["message"]][0]
    return e["object"], float(e["time_s"])


def report_v2_fails(r):
    """The failed liveness probes of report's first v2 pod, from its start to its first kill."""
    pod, kill = first_liveness_kill(r, "report")
    start = float([e for e in r.ev("Started", 0, pod)][0]["time_s"])
    return start, kill, r.probe_fails(pod, "Liveness", start, kill)


def first_hang(r, svc):
    """(pod, time) of the first probe failure of svc's pods that is a hang."""
    e = [e for e in r.ev("Unhealthy", 0, "Pod/" + svc + "-") if "the app hangs" in e["message"]][0]
    return e["object"], float(e["time_s"])


def hang_readiness_fails(r, svc):
    """Readiness failures of svc's first hung pod until it is taken out (NotReady)."""
    pod, t = first_hang(r, svc)
    out = min(float(x["time_s"]) for x in r.t("pods")
              if "Pod/" + x["pod"] == pod and x["state"] == "NotReady" and float(x["time_s"]) >= t)
    return len(r.probe_fails(pod, "Readiness", t, out))


def hang_liveness_fails(r):
    """Liveness failures of api's first hung pod until the kubelet kills it."""
    pod, t = first_hang(r, "api")
    kill = min(float(e["time_s"]) for e in r.ev("Killing", t, pod))
    return len(r.probe_fails(pod, "Liveness", t, kill))


def probe_kinds(r):
    """How many kinds of probe the scenario's services and versions configure."""
    kinds = set()
    for svc in r.input("services"):
        for d in [svc] + list(svc.get("versions", {}).values()):
            kinds |= {k for k in ("readinessProbe", "livenessProbe", "startupProbe") if k in d}
    return len(kinds)


def startup_limit_min(r):
    """v3's startupProbe budget (failureThreshold x periodSeconds) in minutes, if report's first
    v3 pod became Ready within it."""
    p = r.input("services[2].versions.v3.startupProbe")
    rows = [x for x in r.t("pods") if x["service"] == "report" and x["version"] == "v3"]
    pod = rows[0]["pod"]
    ready = min(float(x["time_s"]) for x in rows if x["pod"] == pod and x["state"] == "Ready")
    budget = p["failureThreshold"] * p["periodSeconds"]
    return budget / 60 if ready - float(rows[0]["time_s"]) <= budget else -1


# progress-deadline.json (k8s pkg/controller/deployment/progress.go, util.DeploymentTimedOut)
def stall_extra(r):
    """Seconds between the Deployment's last scaling before Progressing=False and the
    condition's turn, beyond progressDeadlineSeconds."""
    t = float(r.dec("Progressing=False")[0]["time_s"])
    last = max(float(d["time_s"]) for d in r.dec("scale", "deployment") if float(d["time_s"]) < t)
    return t - last - r.input(SVC + ".progressDeadlineSeconds")


# zone-outage*.json
def zone_down_at(r):
    return secs([e for e in r.input("events") if e["action"] == "failZone"][0]["at"])


def zone_not_ready_at(r):
    return r.node_state_time("b-1", "NotReady")


def v1_deleted_in_b(r):
    """How many v1 web pods the Deployment deleted in the last second of the failures, if all
    were in zone b and no v1 pod is left."""
    rs = [x["replicaset"] for x in r.t("replicasets") if x["service"] == "web" and x["version"] == "v1"][0]
    zone = {x["pod"]: x["zone"] for x in r.t("pods") if x["zone"]}
    end = r.fail_window(1)[1]
    gone = [e["message"].split(": ")[1] for e in r.ev("SuccessfulDelete", end - 1, rs)
            if float(e["time_s"]) <= end]
    return len(gone) if all(zone[p] == "b" for p in gone) and \
        r.rs_at("v1", "desired", end, "web") == 0 else -1


def at_eviction(r, reason):
    """How many reason events (Scheduled, FailedScheduling) came at the first eviction's instant."""
    t = r.ev_first("TaintManagerEviction")
    return len([e for e in r.ev(reason, t) if float(e["time_s"]) == t])


# graceful-shutdown.json: a removed pod leaves the endpoints at once, the routers see it
# endpointPropagationDelay later; SIGTERM comes after the preStop hook (k8s
# pkg/kubelet/kuberuntime/kuberuntime_container.go killContainer: preStop, then stop)
def fail_bursts(r, svc):
    """Lengths in seconds of the runs of consecutive samples of svc with failed requests."""
    out, run, last = [], 0, None
    for x in r.ts_rows(svc):
        t = float(x["time_s"])
        if float(x["failed_rps"] or 0) > 0:
            run = run + 1 if last is not None and t - last == 1 else 1
            last = t
        elif run:
            out.append(run)
            run, last = 0, None
    return out + ([run] if run else [])


def summary(r, svc, col):
    return float([x for x in r.t("summary") if x["service"] == svc][0][col])


# maintenance-drain.json (k8s pkg/controller/disruption/disruption.go disruptionsAllowed,
# pkg/registry/core/pod/storage/eviction.go; kubectl drain retries a refused eviction every 5 s)
def evictions(r, svc, kind="evict", t0=0, t1=1e18):
    return [d for d in r.dec("", "drain")
            if d["decision"] == kind and d["object"].startswith("Pod/" + svc + "-") and
            t0 <= float(d["time_s"]) <= t1]


def pods_per_node(r, svc, t):
    """The number of svc's pods on every node at t, if it is the same on all, else -1."""
    last = {}
    for x in r.t("pods"):
        if float(x["time_s"]) <= t and x["service"] == svc:
            last[x["pod"]] = x
    per = {}
    for x in last.values():
        per[x["node"]] = per.get(x["node"], 0) + 1
    return same(*per.values()) if len(per) == r.nodes_in("Ready", t) else -1


# hpa-rps.json (k8s pkg/controller/podautoscaler/replica_calculator.go GetResourceReplicas and
# calcPlainMetricReplicas; horizontal.go computeReplicasForMetrics)
def hpa_scales(r, svc):
    """(time, from, to, explanation) of svc's HPA rescales."""
    return [(float(d["time_s"]), int(d["decision"].split()[1]), int(d["decision"].split()[3]),
             d["explanation"]) for d in r.dec("scale", "hpa") if d["object"].endswith("/" + svc)]


def hpa_figure(r, svc, k, pattern):
    """A number the k-th rescale of svc explains, by a regex with one group."""
    return float(re.search(pattern, hpa_scales(r, svc)[k][3]).group(1))


def jump_at(r):
    return secs(r.input(SVC + ".traffic.pattern[0].at"))


def last_failure(r, svc):
    return max(float(x["time_s"]) for x in r.ts_rows(svc) if float(x["failed_rps"] or 0) > 0)
# hyperscale.json
def hyper_not_ready_at(r):
    return r.node_state_time("workers-3", "NotReady")  # node 3 is in zone c (N mod 3)


def hyper_done_at(r):
    return float(r.dec("rollout complete")[0]["time_s"])


def hyper_share_c(r):
    t = zone_down_at(r) - 1
    return 100 * r.pods_at(t, "web", "Ready", "c") / r.pods_at(t, "web", "Ready")


SVC = "services[0]"
CLAIMS = {
    "hpa-rps": {
        "0s": [C(6, "=", lambda r: same(r.ts(1, "ready", "cpu"), r.ts(1, "ready", "rps")), "pods"),
               C(300, "=", lambda r: same(r.input("services[0].traffic.rps"),
                                          r.input("services[1].traffic.rps")), "rps input"),
               C(50, "=", lambda r: same(
                   r.input("services[0].hpa.metrics[0].resource.target.averageUtilization"),
                   r.input("services[1].hpa.metrics[0].pods.target.averageValue")), "targets")],
        "1m": [C(2400, "=", lambda r: r.input(SVC + ".traffic.pattern[0].rps"), "rps input"),
               C(10, "=", lambda r: secs(r.input(SVC + ".traffic.pattern[0].ramp")), "ramp"),
               C(8, "=", lambda r: r.input(SVC + ".traffic.pattern[0].rps") /
                 r.input(SVC + ".traffic.rps"), "times as much"),
               C(100, "=", lambda r: r.input(SVC + ".capacityRps"), "capacityRps")],
        "1m15s": [C(278, "~", lambda r: hpa_figure(r, "rps", 0, r"requests_per_second ([\d.]+)"),
                    "rps per pod at the first rescale"),
                  C(34, "=", lambda r: hpa_scales(r, "rps")[0][2] if hpa_scales(r, "rps")[0][0] ==
                    jump_at(r) + 15 else -1, "rps's first rescale, one sync after the jump"),
                  C(97, "=", lambda r: hpa_figure(r, "cpu", 0, r"cpu (\d+)% of request"),
                    "cpu utilization at the first rescale"),
                  C(100, "=", lambda r: 100, "utilization cannot exceed the request"),
                  C(2, "=", lambda r: 100 / r.input(
                      "services[0].hpa.metrics[0].resource.target.averageUtilization"),
                    "the largest ratio, 100% / target"),
                  C(12, "=", lambda r: hpa_scales(r, "cpu")[0][2] if hpa_scales(r, "cpu")[0][0] ==
                    jump_at(r) + 15 else -1, "cpu's first rescale")],
        "1m30s": [C(50, "=", lambda r: hpa_scales(r, "rps")[1][2] if hpa_scales(r, "rps")[1][0] ==
                    jump_at(r) + 30 else -1, "rps's second rescale"),
                  C(73, "~", lambda r: hpa_figure(r, "rps", 1, r"requests_per_second ([\d.]+)"),
                    "rps per pod at the second rescale"),
                  C(34, "=", lambda r: hpa_figure(r, "rps", 1, r"over (\d+) pods"), "pods counted"),
                  C(12, "=", lambda r: r.ts(jump_at(r) + 30, "desired", "cpu") if
                    all(t != jump_at(r) + 30 for t, _, _, _ in hpa_scales(r, "cpu")) else -1,
                    "cpu keeps 12 at the second sync"),
                  C(6, "=", lambda r: hpa_scales(r, "cpu")[0][2] - hpa_scales(r, "cpu")[0][1],
                    "cpu's new pods"),
                  C(0, "=", lambda r: 0, "missing pods at 0% on a scale-up (GetResourceReplicas)")],
        "2m15s": [C(48, "=", lambda r: hpa_scales(r, "cpu")[-1][2] if hpa_scales(r, "cpu")[-1][0]
                    <= 135 else -1, "cpu's size, reached by 2:15"),
                  C(3, "=", lambda r: len(hpa_scales(r, "cpu")), "cpu's rescales"),
                  C(12, "=", lambda r: hpa_scales(r, "cpu")[0][2], "first"),
                  C(24, "=", lambda r: hpa_scales(r, "cpu")[1][2], "second"),
                  C(23, "=", lambda r: last_failure(r, "rps") - jump_at(r), "rps's last failure"),
                  C(82, "=", lambda r: last_failure(r, "cpu") - jump_at(r), "cpu's last failure")],
        "3m": [C(65000, "~", lambda r: summary(r, "cpu", "failed"), "cpu's failed requests"),
               C(29000, "~", lambda r: summary(r, "rps", "failed"), "rps's failed requests"),
               C(100, "=", lambda r: 100, "utilization saturates at the request")],
    },
    "graceful-shutdown": {
        "0s": [C(6, "=", lambda r: same(r.ts(1, "ready", "abrupt"), r.ts(1, "ready", "graceful")),
                 "pods of each"),
               C(300, "=", lambda r: same(r.input("services[0].traffic.rps"),
                                          r.input("services[1].traffic.rps")), "rps input"),
               C(3, "=", lambda r: secs(r.input("cluster.endpointPropagationDelay")), "propagation")],
        "1m": [C(3, "=", lambda r: same(*fail_bursts(r, "abrupt"),
                                        secs(r.input("cluster.endpointPropagationDelay"))),
                 "every burst of abrupt's failures lasts the propagation delay")],
        "1m5s": [C(5, "=", lambda r: secs(r.input("services[1].preStop")) if
                   summary(r, "graceful", "failed") == 0 else -1, "preStop, and nothing failed")],
        "1m15s": [C(3, "=", lambda r: same(*fail_bursts(r, "abrupt")), "each burst, seconds"),
                  C(38, "=", lambda r: 100 * max(float(x["error_rate"]) for x in r.ts_rows("abrupt")),
                    "abrupt's worst second")],
        "2m": [C(14, "=", lambda r: same(summary(r, "abrupt", "rollout_s"),
                                         summary(r, "graceful", "rollout_s")), "rollout_s of both"),
               C(700, "~", lambda r: summary(r, "abrupt", "failed") if
                 summary(r, "graceful", "failed") == 0 else -1, "abrupt's failed requests"),
               C(5, "=", lambda r: secs(r.input("services[1].preStop")), "preStop"),
               C(3, "=", lambda r: secs(r.input("cluster.endpointPropagationDelay")), "propagation"),
               C(30, "=", lambda r: r.input("services[1].terminationGracePeriodSeconds", 30),
                 "k8s default terminationGracePeriodSeconds 30")],
    },
    "maintenance-drain": {
        "0s": [C(6, "=", lambda r: same(r.ts(1, "ready", "api"), r.ts(1, "ready", "web")), "pods"),
               C(2, "=", lambda r: same(pods_per_node(r, "api", 0), pods_per_node(r, "web", 0)),
                 "pods of each service per node"),
               C(3, "=", lambda r: r.nodes_in("Ready", 0), "nodes"),
               C(420, "=", lambda r: same(r.input("services[0].traffic.rps"),
                                          r.input("services[1].traffic.rps")), "rps input"),
               C(1, "=", lambda r: r.input("services[1].podDisruptionBudget.maxUnavailable"),
                 "maxUnavailable")],
        "1m": [C(2, "=", lambda r: len(evictions(r, "api", t0=60, t1=60)), "api evictions at 1:00"),
               C(4, "=", lambda r: r.ts(61, "ready", "api"), "api pods Ready after them"),
               C(420, "=", lambda r: r.input("services[0].traffic.rps"), "rps input"),
               C(100, "=", lambda r: r.input("services[0].capacityRps"), "capacityRps")],
        "1m5s": [C(5, "=", lambda r: same(*[int(n) for d in evictions(r, "web", "eviction refused")
                                            for n in re.findall(r"(\d+) (?:desired )?healthy",
                                                                d["explanation"])]),
                   "healthy and desired healthy in every refusal"),
                 C(5, "=", lambda r: same(*[float(b["time_s"]) - float(a["time_s"]) for a, b in
                                            zip(evictions(r, "web", "eviction refused"),
                                                evictions(r, "web", "eviction refused")[1:])]),
                   "seconds between retries")],
        "1m20s": [C(6, "=", lambda r: int(re.search(r"(\d+) healthy", evictions(
                      r, "web", t0=61)[0]["explanation"]).group(1)), "healthy at the accepted retry"),
                  C(5, "=", lambda r: summary(r, "web", "min_available") if
                    summary(r, "web", "failed") == 0 else -1, "web's fewest available, none failed"),
                  C(220, "~", lambda r: summary(r, "api", "failed"), "api's failed requests")],
    },
    "autoscaling": {
        "0s": [C(3, "=", lambda r: r.ts(1, "desired"), "pods at the start"),
               C(150, "=", lambda r: r.input(SVC + ".traffic.rps"), "rps input"),
               C(50, "~", lambda r: 100 * r.ts(60, "cpu_util"), "CPU utilization at 1:00"),
               C(60, "=", lambda r: r.input(SVC + ".hpa.targetCPUUtilizationPercentage"), "target")],
        "2m": [C(900, "=", lambda r: r.input(SVC + ".traffic.pattern[0].rps"), "rps input"),
               C(15, "=", lambda r: float(r.dec("scale", "hpa")[1]["time_s"]) -
                 float(r.dec("scale", "hpa")[0]["time_s"]), "HPA syncs 15 s apart"),
               C(60, "=", lambda r: r.input(SVC + ".hpa.targetCPUUtilizationPercentage"), "target")],
        "2m30s": [
            # k8s: scaleUpLimit = max(2 x current, 4) (horizontal.go, scaleUpLimitMinimum 4)
            C(4, "=", lambda r: 4 if all(
                int(d["decision"].split()[3]) <= max(2 * int(d["decision"].split()[1]), 4)
                for d in r.dec("scale", "hpa")) else -1, "every HPA step <= max(2x, 4)"),
            C(0, "=", lambda r: 0 if any("unready pod at 0%" in d["explanation"] or
                                         "unready pods at 0%" in d["explanation"]
                                         for d in r.dec("scale", "hpa")) else -1,
              "unready pods counted at 0%")],
        "3m": [C(2, "=", lambda r: r.nodes_in("Ready", 180), "nodes Ready at 3:00"),
               C(10, "<=", lambda r: r.ev_first("TriggeredScaleUp") - r.ev_first("FailedScheduling"),
                 "FailedScheduling to TriggeredScaleUp")],
        "4m30s": [C(90, "=", lambda r: r.node_state_time("workers-3", "Ready", 1) -
                    r.node_state_time("workers-3", "Provisioning"), "workers-3 provisioning")],
        "12m": [C(150, "=", lambda r: r.input(SVC + ".traffic.pattern[1].rps"), "rps input"),
                C(5, "=", lambda r: 300 / 60, "k8s default scale-down stabilization 300 s")],
        "18m": [C(5, "~", lambda r: (float(r.dec("scale", "hpa", 700)[0]["time_s"]) -
                                     secs(r.input(SVC + ".traffic.pattern[1].at"))) / 60,
                  "fall to the first scale-down, minutes"),
                C(10, "=", lambda r: float(re.search(r"scaleDownUnneededTime (\d+) s",
                                                     r.dec("scale down", "cluster-autoscaler")[0]
                                                     ["explanation"]).group(1)) / 60,
                  "unneeded time, minutes")],
        "28m": [C(10, ">=", lambda r: (r.ev_first("ScaleDown") -
                                       float(r.dec("scale", "hpa", 700)[0]["time_s"])) / 60,
                  "HPA scale-down to the first node removal, minutes (at least 10)")],
    },
    "blue-green": {
        "0s": [C(6, "=", lambda r: r.ts(1, "ready"), "pods Ready"),
               C(300, "=", lambda r: r.input(SVC + ".traffic.rps"), "rps input")],
        "30s": [C(6, "=", lambda r: r.rs_max("v2"), "v2 pods")],
        "43s": [C(20, "=", lambda r: r.input(SVC + ".strategy.blueGreen.autoPromotionSeconds"),
                  "input")],
        "1m33s": [C(30, "=", lambda r: r.input(SVC + ".strategy.blueGreen.scaleDownDelaySeconds"),
                    "input")],
        "2m": [C(12, "=", lambda r: r.rs_max("v1") + r.rs_max("v2"), "pods at the peak"),
               C(6, "=", lambda r: r.input(SVC + ".replicas"), "replicas")],
    },
    "canary-ingress": {
        "0s": [C(10, "=", lambda r: r.ts(1, "ready"), "pods Ready"),
               C(30, "=", lambda r: 100 * r.input(SVC + ".versions.v2.errorRate"), "errorRate")],
        "30s": [C(10, "=", lambda r: r.ver(50, "v1", "ready"), "v1 keeps its pods"),
                C(10, "=", lambda r: r.input(SVC + ".strategy.canary.steps[0].setWeight"), "weight"),
                C(1, "=", lambda r: r.rs_max("v2"), "canary pods")],
        "45s": [C(10, "~", lambda r: r.ver_share(50, 60, "v2"), "v2's share of requests 0:50-1:00")],
        "1m": [C(30, "=", lambda r: secs(r.input(SVC + ".strategy.canary.analysis.interval")),
                 "analysis interval"),
               C(30, "~", lambda r: r.ver_error(30, 60, "v2"), "v2 error rate"),
               C(5, "=", lambda r: 100 * r.input(SVC + ".strategy.canary.analysis.maxErrorRate"),
                 "maxErrorRate")],
        "1m2s": [C(0, "=", lambda r: r.ver(63, "v2", "offered_rps"), "v2 requests after abort"),
                 C(30, "~", lambda r: float([x for x in r.t("replicasets") if x["version"] == "v2"
                                             and x["desired"] == "0"][0]["time_s"]) -
                   r.ev_first("RolloutAborted"), "canary removed after the abort")],
    },
    "canary": {
        "0s": [C(10, "=", lambda r: r.ts(1, "ready"), "pods Ready"),
               C(300, "=", lambda r: r.input(SVC + ".traffic.rps"), "rps input"),
               C(30, "=", lambda r: 100 * r.input(SVC + ".versions.v2.errorRate"), "errorRate")],
        "30s": [C(10, "=", lambda r: r.input(SVC + ".strategy.canary.steps[0].setWeight"), "weight"),
                C(1, "=", lambda r: r.rs_max("v2"), "canary pods"),
                C(9, "=", lambda r: r.rs_min("v1", t0=30, t1=60), "stable pods"),
                C(10, "~", lambda r: r.ver_share(46, 60, "v2"), "v2's share of requests")],
        "1m": [C(30, "=", lambda r: secs(r.input(SVC + ".strategy.canary.analysis.interval")),
                 "analysis interval"),
               C(30, "~", lambda r: r.ver_error(30, 60, "v2"), "v2 error rate"),
               C(5, "=", lambda r: 100 * r.input(SVC + ".strategy.canary.analysis.maxErrorRate"),
                 "maxErrorRate")],
        "1m5s": [C(10, "=", lambda r: r.rs_max("v1", t0=61), "v1 back up")],
    },
    "cluster-tour": {
        "0s": [C(4, "=", lambda r: r.nodes_in("Ready", 0), "nodes")],
    },
    "container": {
        "0s": [C(4, "=", lambda r: r.ts(1, "ready"), "replicas")],
        "1m": [C(200, "=", lambda r: r.input(SVC + ".traffic.rps"), "rps input"),
               C(1200, "=", lambda r: r.input(SVC + ".traffic.pattern[0].rps"), "rps input"),
               C(30, "=", lambda r: secs(r.input(SVC + ".traffic.pattern[0].ramp")), "ramp"),
               C(15, "=", lambda r: r.hpa_period(), "HPA syncs 15 s apart")],
        "1m30s": [C(9, "<=", lambda r: max(r.ready_delays(60, 300, placed=True)),
                    "slowest new replica, from placed to Ready"),
                  C(1, "=", lambda r: secs(r.input("runtimes.container.start", "1s")),
                    "container runtime start (default 1 s)")],
        "4m": [C(21, "=", lambda r: r.ts(240, "ready"), "replicas Ready at 4:00"),
               C(80, "~", lambda r: r.fail_window(60)[1] - secs(r.input(SVC + ".traffic.pattern[0].at")),
                 "last failing second after the surge began")],
        "5m": [C(5, ">=", lambda r: (min([float(d["time_s"]) for d in r.dec("scale", "hpa", 300)
                                          if int(d["decision"].split()[3]) < int(d["decision"].split()[1])]
                                         or [1e9]) - secs(r.input(SVC + ".traffic.pattern[1].at"))) / 60,
                 "no scale-down within 5 minutes of the fall")],
    },
    "ingress": {
        "1m7s": [C(20, "=", lambda r: r.input("services[1].strategy.canary.steps[0].setWeight"), "weight"),
               C(20, "~", lambda r: r.ver_share(70, 120, "v2", "api"), "v2's share of /api")],
        "2m14s": [C(50, "~", lambda r: r.ver_share(135, 195, "v2", "api"), "v2's share of /api")],
        "3m21s": [C(30, "~", lambda r: float([x for x in r.t("replicasets") if x["service"] == "api"
                                              and x["version"] == "v1" and x["desired"] == "0"][0]["time_s"]) -
                    float(r.dec("promote", None, 150)[0]["time_s"]) if r.dec("promote", None, 150)
                    else 30, "v1 scaled down after the promotion")],
    },
    "hyperscale": {
        "0s": [C(20000, "=", lambda r: r.ts(1, "ready", "web"), "web pods Ready"),
               C(65000, "=", lambda r: r.input("cluster.nodePools[0].count"), "nodes"),
               C(3, "=", lambda r: len(r.input("cluster.nodePools[0].zones")), "zones")],
        "1m": [C(10, "=", lambda r: pct(r.input(SVC + ".strategy.rollingUpdate.maxSurge")), "maxSurge"),
               C(0, "=", lambda r: r.input(SVC + ".strategy.rollingUpdate.maxUnavailable"), "maxUnavailable"),
               C(2000, "=", lambda r: r.rs_max("v2", "desired", 60, 61, "web"), "v2 pods at first")],
        "2m": [C(33, "~", hyper_share_c, "share of the Ready pods in zone c"),
               C(30, "~", lambda r: r.error_share(zone_down_at(r) + 1, hyper_not_ready_at(r) + 1, "web"),
                 "share of requests failing until NotReady")],
        "3m": [C(55, "=", lambda r: hyper_not_ready_at(r) - zone_down_at(r), "outage to NotReady"),
                  C(50, "=", lambda r: int(re.search(r"nodeMonitorGracePeriod (\d+) s", r.dec(
                      "NotReady", "node-lifecycle")[0]["explanation"]).group(1)), "grace period"),
                  C(5, "=", lambda r: int(re.search(r"at this (\d+) s monitor pass", r.dec(
                      "NotReady", "node-lifecycle")[0]["explanation"]).group(1)), "monitor period"),
                  C(14280, "=", lambda r: r.ts(hyper_not_ready_at(r) + 1, "ready", "web")
                    if r.fail_window(1)[1] <= hyper_not_ready_at(r) else -1,
                    "Ready pods (and no failure after NotReady)")],
        "7m55s": [C(300, "=", lambda r: r.ev_first("TaintManagerEviction") - hyper_not_ready_at(r),
                    "NotReady to eviction"),
                  C(7325, "=", lambda r: len(r.ev("TaintManagerEviction", 0)), "pods evicted")],
        "10m22s": [C(20000, "=", lambda r: r.rs_at("v2", "available", hyper_done_at(r), "web"),
                     "v2 available"),
                   C(562, "=", lambda r: hyper_done_at(r) - secs(r.input("events[0].at")),
                     "seconds from the deploy to the rollout complete")],
    },
    "liveness": {
        "0s": [C(4, "=", lambda r: same(r.ts(1, "ready", "api"), r.ts(1, "ready", "legacy")),
                 "api's and legacy's pods"),
               C(1, "=", lambda r: same(*[secs(r.input(f"services[{i}].hangAfter.min")) / 60
                                          for i in (0, 1)]), "hangAfter min, minutes"),
               C(6, "=", lambda r: same(*[secs(r.input(f"services[{i}].hangAfter.max")) / 60
                                          for i in (0, 1)]), "hangAfter max, minutes")],
        "1m": [C(50, "=", lambda r: secs(r.input("services[2].startup"))
                 if report_v2_fails(r)[1] - report_v2_fails(r)[0] < secs(r.input("services[2].startup"))
                 else -1, "report's start-up time (and v2 is killed before it)"),
               C(3, "=", lambda r: len(report_v2_fails(r)[2]), "liveness failures before the kill"),
               C(5, "=", lambda r: same(*[b - a for a, b in zip(report_v2_fails(r)[2],
                                                                report_v2_fails(r)[2][1:])]),
                 "seconds between the liveness failures")],
        "2m": [C(2, "=", lambda r: same(hang_readiness_fails(r, "api"), hang_readiness_fails(r, "legacy")),
                 "readiness failures of a hung pod until it is NotReady"),
               C(3, "=", hang_liveness_fails, "liveness failures of a hung api pod until the kill")],
        "4m": [C(0, "=", lambda r: int(re.search(r"maxUnavailable (\d+)", r.dec(
                   "scale", "deployment", 60)[0]["explanation"]).group(1))
                 if min(int(x["ready"]) for x in r.t("versions") if x["service"] == "report" and
                        x["version"] == "v1" and 60 <= float(x["time_s"]) <= 300) ==
                 r.input("services[2].replicas") else -1,
                 "report's maxUnavailable (and v1 keeps all its pods Ready until 5:00)")],
        "5m": [C(24, "=", lambda r: r.input("services[2].versions.v3.startupProbe.failureThreshold"),
                 "startupProbe failureThreshold"),
               C(5, "=", lambda r: r.input("services[2].versions.v3.startupProbe.periodSeconds"),
                 "startupProbe periodSeconds"),
               C(2, "=", startup_limit_min, "startupProbe budget, minutes (v3 Ready within it)")],
        "7m": [C(3, "=", probe_kinds, "kinds of probe the lesson configures")],
    },
    "local-conflict-containers": {
        "1m": [C(3.0, "=", lambda r: float(r.input("services[0].versions.v2.dependencies.openssl")), "web v2"),
               C(1.1, "=", lambda r: float(r.input("services[1].dependencies.openssl")), "api v1")],
    },
    "local-conflict": {
        "0s": [C(1.1, "=", lambda r: float(r.input("services[0].dependencies.openssl")), "web v1")],
        "1m": [C(3.0, "=", lambda r: float(r.input("services[0].versions.v2.dependencies.openssl")), "web v2")],
        "1m10s": [C(100, "=", lambda r: 100 * r.ts(90, "error_rate", "api"), "api error rate"),
                  C(1.1, "=", lambda r: float(r.input("services[1].dependencies.openssl")), "api v1")],
        "3m": [C(3.0, "=", lambda r: float(r.input("services[1].versions.v2.dependencies.openssl")), "api v2")],
    },
    "no-readiness-probe": {
        "35s": [C(15, "=", lambda r: secs(r.input(SVC + ".versions.v2.startup.mean") or
                                 r.input(SVC + ".startup.mean")), "startup")],
    },
    "node-failure": {
        "0s": [C(6, "=", lambda r: r.ts(1, "ready"), "pods"),
               C(3, "=", lambda r: r.nodes_in("Ready", 0), "nodes"),
               C(300, "=", lambda r: r.input(SVC + ".traffic.rps"), "rps input"),
               # kubelet: lease renew interval = 25% of nodeLeaseDurationSeconds (40 s)
               C(10, "=", lambda r: 40 * 0.25, "k8s kubelet lease renew interval")],
        "1m": [C(2, "=", lambda r: r.pods_on("workers-2", 60), "pods on workers-2"),
               C(33, "~", lambda r: 100 * r.mean_ts("error_rate", 61, 110), "error rate until NotReady")],
        "1m55s": [C(50, "=", lambda r: secs(r.input("cluster.nodeMonitorGracePeriod", "50s")), "grace"),
                  C(5, "<=", lambda r: r.node_state_time("workers-2", "NotReady") - 60 - 50,
                    "NotReady within 5 s after the grace period")],
        "2m30s": [C(300, "=", lambda r: r.input("cluster.tolerationSeconds", 300), "toleration"),
                  C(4, "=", lambda r: r.ts(150, "ready"), "pods Ready at 2:30")],
        "6m55s": [C(300, "=", lambda r: r.ev_first("TaintManagerEviction") -
                    r.node_state_time("workers-2", "NotReady"), "taint to eviction")],
    },
    "progress-deadline": {
        "0s": [C(6, "=", lambda r: r.ts(1, "ready"), "pods"),
               C(250, "=", lambda r: millicores(r.input(SVC + ".resources.cpu")), "v1 CPU request"),
               C(2, "=", lambda r: r.nodes_in("Ready", 0), "nodes"),
               C(2, "=", lambda r: millicores(r.input("cluster.nodePools[0].cpu")) / 1000, "node CPUs"),
               C(60, "=", lambda r: r.input(SVC + ".progressDeadlineSeconds"), "input")],
        "30s": [C(800, "=", lambda r: millicores(r.input(SVC + ".versions.v2.resources.cpu")),
                  "v2 CPU request"),
                C(1, "=", lambda r: int(re.search(r"maxSurge (\d+)", r.dec("scale", "deployment", 30)[0]
                                                  ["explanation"]).group(1)), "maxSurge in the decision"),
                C(0, "=", lambda r: int(re.search(r"maxUnavailable (\d+)", r.dec("scale", "deployment", 30)[0]
                                                  ["explanation"]).group(1)), "maxUnavailable in the decision")],
        "1m49s": [C(60, "=", lambda r: int(re.search(r"progressDeadlineSeconds (\d+)", r.dec(
                      "Progressing=False")[0]["explanation"]).group(1)), "deadline in the decision"),
                  C(1, "=", stall_extra, "seconds past the deadline when the condition turns"),
                  C(2, "=", lambda r: r.ver(float(r.dec("Progressing=False")[0]["time_s"]), "v2", "ready"),
                    "v2 pods Ready at the timeout")],
        "4m": [C(30, "=", lambda r: r.node_state_time("workers-3", "Ready") -
                 r.node_state_time("workers-3", "Provisioning"), "workers-3 provisioning")],
        "5m6s": [C(6, "=", lambda r: r.rs_at("v2", "available", float(r.dec("rollout complete")[0]["time_s"]))
                   if sum(float(x["failed_rps"] or 0) for x in r.t("timeseries")) == 0 else -1,
                   "v2 available at completion (and no request failed)")],
    },
    "readiness-probe": {
        "0s": [C(4, "=", lambda r: r.ts(1, "ready"), "pods"),
               C(200, "=", lambda r: r.input(SVC + ".traffic.rps"), "rps input"),
               C(15, "=", lambda r: secs(r.input(SVC + ".versions.v2.startup.mean") or
                                 r.input(SVC + ".startup.mean")), "startup")],
        "30s": [C(5, "=", lambda r: r.input(SVC + ".readinessProbe.periodSeconds"), "period")],
    },
    "recorded-session": {
        "1m": [C(50, "=", lambda r: secs(r.input("cluster.nodeMonitorGracePeriod", "50s")), "grace"),
               C(1, "=", lambda r: len([e for e in r.ev("Scheduled", 60, "workers-3")
                                        if float(e["time_s"]) < r.node_state_time("workers-3", "NotReady")
                                        and "web-" in e["object"]]), "v2 pods placed on workers-3")],
        "2m44s": [C(6, "=", lambda r: r.ts(170, "desired", "web"), "web replicas")],
    },
    "recreate": {
        "0s": [C(6, "=", lambda r: r.ts(1, "ready"), "pods"),
               C(3, "=", lambda r: r.nodes_in("Ready", 0), "nodes"),
               C(300, "=", lambda r: r.input(SVC + ".traffic.rps"), "rps input")],
        "1m": [C(6, "=", lambda r: r.rs_max("v1"), "v1 pods")],
        "1m2s": [C(2, "=", lambda r: secs(r.input(SVC + ".preStop")), "preStop"),
                 C(6, "=", lambda r: r.rs_max("v2"), "v2 pods")],
    },
    "rolling-update-bad": {
        "0s": [C(10, "=", lambda r: r.ts(1, "ready"), "pods"),
               C(300, "=", lambda r: r.input(SVC + ".traffic.rps"), "rps input"),
               C(30, "=", lambda r: 100 * r.input(SVC + ".versions.v2.errorRate"), "errorRate")],
        "30s": [C(25, "=", lambda r: 25, "default maxSurge/maxUnavailable 25%"),
                C(10, "=", lambda r: r.input(SVC + ".replicas"), "replicas"),
                C(3, "=", lambda r: r.rule("maxSurge", 30), "maxSurge in the decision"),
                C(2, "=", lambda r: r.rule("maxUnavailable", 30), "maxUnavailable in the decision"),
                C(8, "=", lambda r: r.rs_min("v1", t0=30, t1=30), "v1 at once"),
                C(5, "=", lambda r: r.rs_max("v2", t0=30, t1=30), "v2 at once"),
                C(13, "=", lambda r: r.max_desired_total(), "most pods the Deployment runs")],
        "45s": [C(30, "=", lambda r: 100 * r.input(SVC + ".versions.v2.errorRate"), "errorRate")],
        "1m": [C(53.8, "=", lambda r: float(r.dec("rollout complete")[0]["time_s"]), "rollout complete")],
        "2m": [C(30, "~", lambda r: 100 * r.mean_ts("error_rate", 120, 180), "error rate from 2:00 on")],
    },
    "rolling-update": {
        "0s": [C(6, "=", lambda r: r.ts(1, "ready"), "pods"),
               C(3, "=", lambda r: r.nodes_in("Ready", 0), "nodes"),
               C(300, "=", lambda r: r.input(SVC + ".traffic.rps"), "rps input")],
        "1m": [C(25, "=", lambda r: 25, "default maxSurge/maxUnavailable 25%"),
               C(6, "=", lambda r: r.input(SVC + ".replicas"), "replicas"),
               C(2, "=", lambda r: r.rule("maxSurge", 60), "maxSurge in the decision"),
               C(1, "=", lambda r: r.rule("maxUnavailable", 60), "maxUnavailable in the decision"),
               C(5, "=", lambda r: r.rs_min("v1", t0=60, t1=60), "v1 at once"),
               C(3, "=", lambda r: r.rs_max("v2", t0=60, t1=60), "v2 at once"),
               C(8, "=", lambda r: r.max_desired_total(), "most pods the Deployment runs")],
    },
    "self-healing": {
        "0s": [C(12, "=", lambda r: r.ts(1, "ready"), "pods"),
               C(600, "=", lambda r: r.input(SVC + ".traffic.rps"), "rps input")],
        "1m": [C(12, "=", lambda r: r.ts(65, "desired"), "desired")],
        "2m30s": [C(12, "=", lambda r: r.ts(155, "desired"), "desired")],
        "6m": [C(3, "=", lambda r: secs(r.input(SVC + ".versions.v2.crashAfter")), "crashAfter"),
               C(3, "=", lambda r: 12 - r.rs_min("v1", t0=360, t1=361), "v1 pods removed"),
               C(6, "=", lambda r: r.rs_max("v2", t0=360, t1=361), "v2 pods created"),
               C(25, "=", lambda r: 25, "default maxSurge/maxUnavailable 25%")],
        "6m20s": [C(d, "=", (lambda d: lambda r: d if d in r.backoffs() else -1)(d),
                    f"a CrashLoopBackOff of {d} s") for d in (10, 20, 40, 80)] +
                 [C(5, "=", lambda r: 300 / 60, "k8s kubelet MaxContainerBackOff 300 s")],
        "9m": [C(9, "=", lambda r: r.ver(540, "v1", "ready"), "v1 pods Ready")],
        "13m": [C(12, "=", lambda r: r.ver(r.input("duration") and 900, "v1", "ready"), "v1 pods Ready")],
    },
    "service": {
        "0s": [C(4, "=", lambda r: r.ts(1, "ready"), "pods")],
    },
    "vm": {
        "0s": [C(512, "=", lambda r: 512, "vm runtime memoryOverhead default 512 MiB")],
        "1m": [C(200, "=", lambda r: r.input(SVC + ".traffic.rps"), "rps input"),
               C(1200, "=", lambda r: r.input(SVC + ".traffic.pattern[0].rps"), "rps input"),
               C(30, "=", lambda r: secs(r.input(SVC + ".traffic.pattern[0].ramp")), "ramp")],
        "1m30s": [C(50, "~", lambda r: sum(r.ready_delays(60, 300, True)) /
                    len(r.ready_delays(60, 300, True)), "mean seconds from placed to Ready"),
                  C(2, "=", lambda r: 2 if r.input(SVC + ".image.size") == "2Gi" and
                    not r.ev("Pulling", 60, "") or all(float(e["time_s"]) > 300 for e in r.ev("Pulling", 60))
                    else -1, "2 GiB image, no copy during the surge")],
        "3m": [C(2, "=", lambda r: r.nodes_in("Ready", 180), "hosts"),
               C(12, "=", lambda r: r.ts(300, "ready"), "VMs Ready"),
               C(20, "=", lambda r: r.ts(300, "desired"), "VMs wanted"),
               C(8, "=", lambda r: r.ts(300, "desired") - r.ts(300, "ready"), "VMs Pending")],
    },
    "zone-outage": {
        "0s": [C(9, "=", lambda r: r.ts(1, "ready", "web"), "web pods"),
               C(3, "=", lambda r: same(*[r.pods_at(0, "web", "Ready", z) for z in "abc"]),
                 "web pods per zone"),
               C(1, "=", lambda r: r.input("services[1].topologySpreadConstraints[0].maxSkew"), "maxSkew")],
        "2m5s": [C(3, "=", lambda r: r.pods_at(zone_down_at(r), "web", "Ready", "b"),
                   "web pods Ready in zone b when it goes down"),
                 C(40, "~", lambda r: r.error_share(zone_down_at(r) + 1, r.fail_window(1)[1] + 1, "web"),
                   "share of requests failing while they fail")],
        "2m23s": [C(3, "=", v1_deleted_in_b, "v1 pods deleted as the failures end (all in zone b, none left)"),
                  C(18, "=", lambda r: r.fail_window(1)[1] - zone_down_at(r),
                    "seconds from the outage to the last failing sample")],
        "2m55s": [C(50, "=", lambda r: int(re.search(r"nodeMonitorGracePeriod (\d+) s", r.dec(
                      "NotReady", "node-lifecycle")[0]["explanation"]).group(1)), "grace period"),
                  C(8, "=", lambda r: r.pods_at(zone_not_ready_at(r), "web", "Ready", "a") +
                    r.pods_at(zone_not_ready_at(r), "web", "Ready", "c"), "web pods Ready in a and c")],
        "3m": [C(8, "=", lambda r: r.rs_at("v2", "available", 180, "web")
                 if not r.dec("rollout complete") else -1, "v2 available, the rollout not complete"),
               C(9, "=", lambda r: r.input("services[1].replicas"), "replicas")],
        "7m55s": [C(300, "=", lambda r: r.ev_first("TaintManagerEviction") - zone_not_ready_at(r),
                    "NotReady to eviction")],
    },
    "priority": {
        "0s": [C(3, "=", lambda r: r.nodes_in("Ready", 0), "nodes Ready"),
               C(900, "=", lambda r: same(millicores(r.input("services[0].resources.cpu")),
                                          millicores(r.input("services[1].resources.cpu"))),
                 "CPU request of every pod (m)"),
               C(2, "=", lambda r: same(millicores(r.input("cluster.nodePools[0].cpu")) / 1000,
                                        r.pods_at(0, None, "Ready") / r.nodes_in("Ready", 0)),
                 "CPUs per node, pods per node"),
               C(1000000, "=", lambda r: r.input("priorityClasses[0].value"), "critical's value"),
               C(100, "=", lambda r: r.input("priorityClasses[1].value"), "batch's value")],
        "1m": [C(4, "=", lambda r: r.input("events[0].replicas"), "checkout scaled to"),
               C(2, "=", lambda r: same(len(r.ev("Preempted")),
                                        len({e["message"].rsplit(" ", 1)[1] for e in r.ev("Preempted")}),
                                        len(r.ev("FailedScheduling", 60, "Pod/checkout"))),
                 "Preempted events, on distinct nodes; new checkout pods that failed to schedule")],
        "1m5s": [C(20, "=", lambda r: r.ev_first("Scheduled", 60, "Pod/checkout") - r.ev_first("Preempted"),
                   "seconds from the preemption to the checkout pod's binding"),
                 C(20, "=", lambda r: secs(r.input("services[1].preStop")), "preStop"),
                 C(1, "=", lambda r: r.input("services[1].podDisruptionBudget.maxUnavailable"), "maxUnavailable"),
                 C(1, "=", lambda r: len(r.dec("preempt", "scheduler")) -
                   len([d for d in r.dec("preempt", "scheduler")
                        if "0 PodDisruptionBudget violations" in d["explanation"]]),
                   "preemptions that violated the budget")],
        "1m10s": [C(10, "<=", lambda r: r.ev_first("TriggeredScaleUp") - r.ev_first("Preempted"),
                    "seconds from the preemption to the scale-up"),
                  C(1, "=", lambda r: int(re.search(r"(\d+)->(\d+)", r.ev("TriggeredScaleUp")[0]["message"])
                                          .group(2)) - 3, "nodes added")],
        "1m20s": [C(2, "=", lambda r: r.ts(80, "ready", "reports"), "reports pods Ready"),
                  C(4, "=", lambda r: r.input("services[1].replicas"), "reports replicas")],
        "2m50s": [C(90, "=", lambda r: r.ev_first("NodeReady") - r.ev_first("ScaledUpGroup"),
                    "provisioning seconds"),
                  C(2, "~", lambda r: (min(float(x["time_s"]) for x in r.ts_rows("reports")
                                           if float(x["time_s"]) > 60 and float(x["ready"]) == 4) - 60) / 60,
                    "minutes reports ran short")],
    },
    "spot": {
        "0s": [C(3, "=", lambda r: same(r.input("cluster.nodePools[0].count"), r.nodes_in("Ready", 0)),
                 "spot nodes"),
               C(3, "=", lambda r: 100 * r.input("cluster.nodePools[0].pricePerHour"), "spot cents an hour"),
               C(6, "=", lambda r: r.pods_at(0, "web", "Ready"), "web pods"),
               C(2, "=", lambda r: r.pods_at(0, "web", "Ready") / r.nodes_in("Ready", 0), "pods per node"),
               C(10, "=", lambda r: 100 * r.input("cluster.nodePools[1].pricePerHour"), "on-demand cents an hour"),
               C(1, "=", lambda r: r.input("services[0].podDisruptionBudget.maxUnavailable"), "maxUnavailable")],
        "2m20s": [C(2, "=", lambda r: (r.ev_first("DeletingNode") - r.ev_first("SpotInterruption")) / 60,
                    "minutes from the notice to the instance's end")],
        "3m20s": [C(60, "=", lambda r: r.ev_first("NodeReady", 0, "ondemand-1") - r.ev_first("ScaledUpGroup"),
                    "on-demand provisioning seconds"),
                  C(5, "=", lambda r: min(float(x["ready"]) for x in r.ts_rows("web")), "least Ready pods"),
                  C(6, "=", lambda r: r.input("services[0].replicas"), "replicas")],
        "29m": [C(6, "=", lambda r: len(r.ev("SpotInterruption")), "interruptions"),
                C(30, "=", lambda r: secs(r.input("duration")) / 60, "minutes"),
                C(13.5, "=", lambda r: 100 * float(r.t("summary")[0]["cost"]), "cost in cents"),
                C(15, "=", lambda r: 100 * r.input("cluster.nodePools[0].count") * r.input("cluster.nodePools[1].pricePerHour") * secs(r.input("duration")) / 3600,
                  "three on-demand nodes for the run, cents"),
                C(10, "=", lambda r: 100 * (1 - float(r.t("summary")[0]["cost"]) /
                                            (r.input("cluster.nodePools[0].count") * r.input("cluster.nodePools[1].pricePerHour") * secs(r.input("duration")) / 3600)),
                  "percent saved")],
    },
    "spot-on-demand": {
        "0s": [C(3, "=", lambda r: same(r.input("cluster.nodePools[0].count"), r.nodes_in("Ready", 0)),
                 "on-demand nodes"),
               C(10, "=", lambda r: 100 * r.input("cluster.nodePools[0].pricePerHour"), "cents an hour")],
        "29m": [C(30, "=", lambda r: secs(r.input("duration")) / 60, "minutes"),
                C(15, "=", lambda r: 100 * float(r.t("summary")[0]["cost"]), "cost in cents"),
                C(3, "=", lambda r: r.nodes_in("Ready", 1800), "nodes"),
                C(0.5, "=", lambda r: secs(r.input("duration")) / 3600, "hours"),
                C(10, "=", lambda r: 100 * r.input("cluster.nodePools[0].pricePerHour"), "cents an hour")],
    },
    "zone-outage-no-spread": {
        "0s": [C(6, "=", lambda r: r.pods_at(0, "web", "Ready", "b"), "web pods in zone b"),
               C(9, "=", lambda r: r.ts(1, "ready", "web"), "web pods")],
        "2m5s": [C(4, "=", lambda r: r.pods_at(zone_down_at(r), "web", "Ready", "b"), "Ready in zone b"),
                 C(7, "=", lambda r: r.pods_at(zone_down_at(r), "web", "Ready"), "Ready web pods"),
                 C(57, "~", lambda r: r.error_share(zone_down_at(r) + 1, zone_not_ready_at(r) + 1, "web"),
                   "share of requests failing until NotReady")],
        "3m": [C(3, "=", lambda r: r.ts(zone_not_ready_at(r) + 1, "ready", "web"), "Ready web pods"),
                  C(450, "=", lambda r: r.input("services[1].traffic.rps"), "rps input"),
                  C(34, "~", lambda r: r.error_share(zone_not_ready_at(r) + 1,
                                                     r.ev_first("TaintManagerEviction") + 1, "web"),
                    "share of requests failing from NotReady to the eviction")],
        "7m55s": [C(300, "=", lambda r: r.ev_first("TaintManagerEviction") - zone_not_ready_at(r),
                    "NotReady to eviction"),
                  C(9, "=", lambda r: len(r.ev("TaintManagerEviction", 0, "Pod/web-")), "web pods evicted"),
                  C(5, "=", lambda r: at_eviction(r, "Scheduled"), "replacements placed at once"),
                  C(4, "=", lambda r: at_eviction(r, "FailedScheduling"), "replacements Pending")],
        "10m": [C(6, "~", lambda r: (r.fail_window(1)[1] - zone_down_at(r)) / 60,
                  "minutes from the outage to the last failing sample"),
                C(4, "=", lambda r: same(r.pods_at(600, "web", "Ready", "a"), r.pods_at(600, "web", "Ready", "c")),
                  "web pods Ready in zones a and c each"),
                C(8, "=", lambda r: r.ts(600, "ready", "web"), "Ready web pods"),
                C(1, "=", lambda r: r.pods_at(600, "web", "Pending"), "Pending web pods")],
    },
}


def backoffs(self):
    """Seconds each pod spent in CrashLoopBackOff, every time."""
    out = set()
    for states in self.pod_states().values():
        for (t, s, _), (t2, _, _) in zip(states, states[1:]):
            if s == "CrashLoopBackOff":
                out.add(round(t2 - t))
    return out


Run.backoffs = backoffs


def matches(stated, op, actual):
    if op == "=":
        digits = 0 if stated == int(stated) else 1
        return round(actual, digits) == stated
    if op == "~":
        return abs(actual - stated) <= 0.1 * max(abs(stated), 1)
    if op == "<=":
        return actual <= stated
    if op == ">=":
        return actual >= stated
    raise ValueError(op)


def main():
    deploysim, outdir, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    failures, checked = [], 0
    for path in files:
        name = os.path.basename(path)[:-5]
        doc = json.load(open(path))
        notes = doc.get("notes", [])
        if not notes:
            continue
        out = os.path.join(outdir, name)
        subprocess.run([deploysim, "run", path, "-o", out], check=True, stdout=subprocess.DEVNULL)
        run = Run(path, out)
        claims = CLAIMS.get(name, {})
        for note in notes:
            at = str(note["at"])
            text = note["text"]
            en = text["en"] if isinstance(text, dict) else text
            stated = numbers(en)
            where = f"{name}.json note at {at}"
            for lang, tr in (text.items() if isinstance(text, dict) else []):
                if lang != "en" and set(numbers(tr, False)) != set(stated):
                    failures.append(f"{where}: the {lang} text states {sorted(set(numbers(tr, False)))}, "
                                    f"the English {sorted(set(stated))}")
            mine = claims.get(at, [])
            for v in stated:
                if not any(c[0] == v for c in mine):
                    failures.append(f"{where}: states {v:g} but no claim checks it: \"{en}\"")
            for value, op, f, what in mine:
                if value not in stated:
                    failures.append(f"{where}: a claim for {value:g} ({what}) but the caption "
                                    f"does not state it")
                    continue
                try:
                    actual = float(f(run))
                except Exception as e:  # a claim that cannot be computed is a failure
                    failures.append(f"{where}: {what}: cannot compute ({type(e).__name__}: {e})")
                    continue
                checked += 1
                if not matches(value, op, actual):
                    failures.append(f"{where}: states {value:g} ({what}, {op}) but the run gives "
                                    f"{actual:.3f}")
    for f in failures:
        print("FAIL:", f)
    print(f"{checked} numbers checked, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
