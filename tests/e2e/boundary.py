#!/usr/bin/env python3
"""Boundary values of every numeric scenario key (issue 23, acceptance 2).

For each key of KEYS and each value of 0, -1, max, max+1, 2^31, 2^53, 1e308 and 5e-324 (in the
key's JSON unit: seconds, cores, bytes, requests per second), the scenario is run once:
- a value inside the key's documented range runs (exit 0) and its outputs are sane: every CSV
  parses with one field count, served + failed <= requests, no node holds more CPU or memory
  than its pool has; or it is refused by a documented rule between two keys (`cross`);
- a value outside the range is refused with exit 2 and a message on that key's path that names
  the range;
- 5e-324 may go either way for a quantity (it rounds to 0).
The ranges here are the README's table; they are checked against the JSON Schema too.
Usage: boundary.py DEPLOYSIM  (prints one line per failure; exit 1 when any)."""
import concurrent.futures
import copy
import csv
import json
import os
import subprocess
import sys
import tempfile

YEARS10 = 315360000  # seconds: the longest duration (SCN_MAX_DURATION)
PI = 2 ** 50
TI = 2 ** 40

BASE = {
    "name": "boundary", "seed": 1, "duration": "2s",
    "metrics": {"interval": "1s", "pods": True},
    "cluster": {
        "nodeMonitorGracePeriod": "50s", "tolerationSeconds": 300, "hpaSyncPeriod": "15s",
        "endpointPropagationDelay": "0s",
        "nodePools": [{
            "name": "workers", "count": 2, "cpu": 4, "memory": "8Gi", "pricePerHour": 0.1,
            "pullBandwidth": "100Mi", "provisioningTime": "90s",
            "autoscaling": {"min": 2, "max": 4, "scaleDownUtilizationThreshold": 0.5,
                            "scaleDownUnneededTime": "10m"}}]},
    "runtimes": {"container": {"start": {"dist": "uniform", "min": "0.5s", "max": "1.5s"},
                               "memoryOverhead": "8Mi", "cpuOverhead": 0, "pricePerHour": 0}},
    "services": [{
        "name": "web", "replicas": 4, "image": {"name": "web", "size": "100Mi"},
        "resources": {"cpu": 0.25, "memory": "256Mi"},
        "capacityRps": 100, "concurrency": 4, "queueLimit": 100,
        "startup": {"dist": "lognormal", "mean": "1s", "sd": "0.2s"},
        "readinessProbe": {"initialDelaySeconds": 0, "periodSeconds": 1, "timeoutSeconds": 1,
                           "successThreshold": 1, "failureThreshold": 3},
        "minReadySeconds": 0, "progressDeadlineSeconds": 600,
        "terminationGracePeriodSeconds": 1, "preStop": "0s", "revisionHistoryLimit": 10,
        "errorRate": 0, "latency": "0s",
        "versions": {"v2": {"crashAfter": {"dist": "weibull", "mean": "1h", "shape": 1.5}}},
        "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}},
        "hpa": {"minReplicas": 2, "maxReplicas": 8, "targetCPUUtilizationPercentage": 80,
                "behavior": {
                    "scaleUp": {"stabilizationWindowSeconds": 0,
                                "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15}]},
                    "scaleDown": {"stabilizationWindowSeconds": 300,
                                  "policies": [{"type": "Percent", "value": 100,
                                                "periodSeconds": 15}]}}},
        "podDisruptionBudget": {"maxUnavailable": 1},
        "traffic": {"rps": 50, "pattern": [{"at": "1s", "rps": 60, "ramp": "0.5s"}]}}],
    "events": [{"at": "0.5s", "action": "deploy", "service": "web", "version": "v2"},
               {"at": "1s", "action": "scale", "service": "web", "replicas": 5},
               {"at": "1.5s", "action": "setTraffic", "service": "web", "rps": 40, "ramp": "0.2s"}],
    "faults": [{"type": "nodeFailure", "pool": "workers", "mtbf": "100h", "repairTime": "5m"},
               {"type": "podCrash", "service": "web", "mtbf": "100h"}],
}
# a scenario with nothing periodic, for keys whose largest value makes the run long
QUIET = {"name": "quiet", "duration": "2s", "metrics": {"interval": "1s"},
         "cluster": {"nodePools": [{"name": "workers", "count": 1}]},
         "services": [{"name": "web", "replicas": 2}]}
CANARY = {"type": "Canary", "canary": {
    "steps": [{"setWeight": 20}, {"pause": {"duration": "1s"}}],
    "analysis": {"interval": "1s", "count": 2, "maxErrorRate": 0.1, "maxP99": "1s",
                 "failureLimit": 0, "inconclusiveLimit": 0},
    "maxSurge": "25%", "maxUnavailable": 0, "abortScaleDownDelaySeconds": 30}}
# a traffic-routed canary (an Ingress named shop routes to web) for its own keys
CANARY_TR = {"type": "Canary", "canary": {
    "steps": [{"setCanaryScale": {"weight": 20}}, {"setCanaryScale": {"replicas": 1}},
              {"setWeight": 20}],
    "trafficRouting": {"ingress": "shop"}, "scaleDownDelaySeconds": 30,
    "scaleDownDelayRevisionLimit": 2}}
INGRESS = [{"name": "shop", "rules": [{"host": "shop", "service": "web"}]}]
# an analysis step with keys of its own (no canary.analysis)
CANARY_STEP_ANALYSIS = {"type": "Canary", "canary": {
    "steps": [{"setWeight": 20}, {"pause": {"duration": "1s"}},
              {"analysis": {"interval": "1s", "count": 1, "maxErrorRate": 0.1,
                            "failureLimit": 0, "inconclusiveLimit": 0,
                            "consecutiveErrorLimit": 4}}]}}
BLUE_GREEN = {"type": "BlueGreen", "blueGreen": {
    "autoPromotionEnabled": True, "autoPromotionSeconds": 1, "scaleDownDelaySeconds": 30,
    "previewReplicaCount": 2}}
HPA_V2 = {"minReplicas": 2, "maxReplicas": 8, "metrics": [
    {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization",
                                                                "averageUtilization": 80}}},
    {"type": "Pods", "pods": {"metric": {"name": "requests_per_second"},
                              "target": {"type": "AverageValue", "averageValue": 50}}},
    {"type": "External", "external": {"metric": {"name": "queue"},
                                      "target": {"type": "Value", "value": 100},
                                      "series": [{"at": "0s", "value": 10}]}}]}
PATCH = {"name": "patch", "duration": "2s", "metrics": {"interval": "1s"},
         "cluster": {"nodePools": [{"name": "workers", "count": 1}]},
         "services": [{"name": "web", "replicas": 2}],
         "events": [{"at": "1s", "action": "patch", "service": "web", "spec": {
             "replicas": 3, "minReadySeconds": 0, "progressDeadlineSeconds": 600,
             "revisionHistoryLimit": 10, "strategy": {"rollingUpdate": {"maxSurge": 1}}}}]}

# a trace (absolute path: the runs' scenarios are written to a temporary folder)
TRACE = {"trace": {"file": os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                        "traces", "diurnal.csv")}}

# traffic entering at an Ingress (a share of a total, or a rate per class of requests)
ING_SHARES = {"name": "ingress", "duration": "2s", "metrics": {"interval": "1s"},
              "cluster": {"nodePools": [{"name": "workers", "count": 1}]},
              "services": [{"name": "web", "replicas": 2}],
              "ingresses": [{"name": "shop", "rules": [{"path": "/", "service": "web"}],
                             "traffic": {"rps": 10, "requests": [{"path": "/", "share": 1}]}}]}
ING_RATES = copy.deepcopy(ING_SHARES)
ING_RATES["ingresses"][0]["traffic"] = {"requests": [{"path": "/", "rps": 10}]}
# ... with the shapes a service's traffic takes: a pattern, a trace
ING_PATTERN = copy.deepcopy(ING_SHARES)
ING_PATTERN["ingresses"][0]["traffic"]["pattern"] = [{"at": "1s", "rps": 20, "ramp": "0.5s"}]
ING_TRACE = copy.deepcopy(ING_SHARES)
del ING_TRACE["ingresses"][0]["traffic"]["rps"]
ING_TRACE["ingresses"][0]["traffic"].update(TRACE)
# ... and an nginx canary on its rule
ING_CANARY = copy.deepcopy(ING_SHARES)
ING_CANARY["services"].append({"name": "web2", "replicas": 1})
ING_CANARY["ingresses"][0]["rules"][0]["canary"] = {"service": "web2", "weight": 10}

BLUE_GREEN_POST = {"type": "BlueGreen", "blueGreen": {
    "postPromotionAnalysis": {"interval": "1s", "count": 1, "maxErrorRate": 0.1,
                              "failureLimit": 0}}}

S = "services[0]"
P = "cluster.nodePools[0]"
# (path, kind, lo, hi, lo_exclusive, changes to the base, accepted cross-key rule)
# kinds: int, num, dur (seconds), cpu (cores), bytes, rate (bytes/s), pct (IntOrString)
KEYS = [
    ("seed", "int", 0, 2 ** 53, False, {}, None),
    ("duration", "dur", 0, YEARS10, True, {"base": QUIET, "metrics.interval": 1e7}, None),
    ("metrics.interval", "dur", 0, YEARS10, True, {}, None),
    ("cluster.nodeMonitorGracePeriod", "dur", 0, YEARS10, True, {}, None),
    ("cluster.tolerationSeconds", "dur", 0, YEARS10, False, {}, None),
    ("cluster.hpaSyncPeriod", "dur", 0, YEARS10, True, {}, None),
    ("cluster.endpointPropagationDelay", "dur", 0, YEARS10, False, {}, None),
    (P + ".count", "int", 0, 100000, False, {"base": QUIET}, None),
    (P + ".cpu", "cpu", 0, 1e6, True, {}, None),
    (P + ".memory", "bytes", 0, PI, True, {}, None),
    (P + ".pricePerHour", "num", 0, 1e6, False, {}, None),
    (P + ".pullBandwidth", "rate", 1024, PI, False, {}, None),
    (P + ".provisioningTime", "dur", 0, YEARS10, False, {}, None),
    (P + ".autoscaling.min", "int", 0, 100000, False, {P + ".autoscaling.max": 100000},
     "count: must be between autoscaling.min"),
    (P + ".autoscaling.max", "int", 0, 100000, False, {}, "max: must be greater than or equal to min"),
    (P + ".autoscaling.scaleDownUtilizationThreshold", "num", 0, 1, False, {}, None),
    (P + ".autoscaling.scaleDownUnneededTime", "dur", 0, YEARS10, False, {}, None),
    ("runtimes.container.start.min", "dur", 0, YEARS10, False, {}, "max: must not be less than min"),
    ("runtimes.container.start.max", "dur", 0, YEARS10, False, {}, "max: must not be less than min"),
    ("runtimes.container.memoryOverhead", "bytes", 0, PI, False, {}, None),
    ("runtimes.container.cpuOverhead", "cpu", 0, 1e6, False, {}, None),
    ("runtimes.container.pricePerHour", "num", 0, 1e6, False, {}, None),
    (S + ".replicas", "int", 0, 100000, False, {}, None),
    (S + ".image.size", "bytes", 0, TI, False, {}, None),
    (S + ".resources.cpu", "cpu", 0, 1e6, False, {}, "hpa: needs a CPU request"),
    (S + ".resources.memory", "bytes", 0, PI, False, {}, None),
    (S + ".capacityRps", "num", 1e-6, 1e6, False, {}, None),
    (S + ".concurrency", "int", 1, 10000, False, {}, None),
    (S + ".queueLimit", "int", 0, 1000000, False, {}, None),
    (S + ".startup.mean", "dur", 0, YEARS10, True, {}, None),
    (S + ".startup.sd", "dur", 0, YEARS10, False, {}, None),
    (S + ".readinessProbe.initialDelaySeconds", "dur", 0, YEARS10, False, {}, None),
    (S + ".readinessProbe.periodSeconds", "dur", 0, YEARS10, True, {}, None),
    (S + ".readinessProbe.timeoutSeconds", "dur", 0, YEARS10, True, {}, None),
    (S + ".readinessProbe.successThreshold", "int", 1, 100000, False, {}, None),
    (S + ".readinessProbe.failureThreshold", "int", 1, 100000, False, {}, None),
    (S + ".minReadySeconds", "dur", 0, YEARS10, False, {},
     "progressDeadlineSeconds: must be greater than minReadySeconds"),
    (S + ".progressDeadlineSeconds", "dur", 0, YEARS10, True, {}, None),
    (S + ".terminationGracePeriodSeconds", "dur", 0, YEARS10, False, {}, None),
    (S + ".preStop", "dur", 0, YEARS10, False, {}, None),
    (S + ".revisionHistoryLimit", "int", 0, 100000, False, {}, None),
    (S + ".errorRate", "num", 0, 1, False, {}, None),
    (S + ".latency", "dur", 0, YEARS10, False, {}, None),
    (S + ".versions.v2.crashAfter.mean", "dur", 0, YEARS10, True, {}, None),
    (S + ".versions.v2.crashAfter.shape", "num", 0.01, 100, False, {}, None),
    (S + ".strategy.rollingUpdate.maxSurge", "pct", 0, 100000, False, {},
     "maxUnavailable: may not be 0 when maxSurge is 0"),
    (S + ".strategy.rollingUpdate.maxUnavailable", "pct", 0, 100000, False, {}, None),
    (S + ".hpa.minReplicas", "int", 1, 100000, False, {},
     "maxReplicas: must be greater than or equal to minReplicas"),
    (S + ".hpa.maxReplicas", "int", 1, 100000, False, {},
     "maxReplicas: must be greater than or equal to minReplicas"),
    (S + ".hpa.targetCPUUtilizationPercentage", "int", 1, 10000, False, {}, None),
    (S + ".hpa.behavior.scaleUp.stabilizationWindowSeconds", "dur", 0, 3600, False, {}, None),
    (S + ".hpa.behavior.scaleUp.policies[0].value", "int", 1, 100000, False, {}, None),
    (S + ".hpa.behavior.scaleUp.policies[0].periodSeconds", "dur", 0, 1800, True, {}, None),
    (S + ".hpa.behavior.scaleDown.policies[0].value", "int", 1, 10000, False, {}, None),
    (S + ".podDisruptionBudget.maxUnavailable", "pct", 0, 100000, False, {}, None),
    (S + ".traffic.rps", "num", 0, 1e6, False, {}, None),
    (S + ".traffic.pattern[0].at", "dur", 0, YEARS10, False, {}, None),
    (S + ".traffic.pattern[0].rps", "num", 0, 1e6, False, {}, None),
    (S + ".traffic.pattern[0].ramp", "dur", 0, YEARS10, False, {}, None),
    ("events[0].at", "dur", 0, YEARS10, False, {}, None),
    ("events[1].replicas", "int", 0, 100000, False, {}, None),
    ("events[2].rps", "num", 0, 1e6, False, {}, None),
    ("events[2].ramp", "dur", 0, YEARS10, False, {}, None),
    ("faults[0].mtbf", "dur", 0, YEARS10, True, {}, None),
    ("faults[0].repairTime", "dur", 0, YEARS10, False, {}, None),
    ("faults[1].mtbf", "dur", 0, YEARS10, True, {}, None),
    (S + ".strategy.canary.steps[0].setWeight", "int", 0, 100, False, {S + ".strategy": CANARY}, None),
    (S + ".strategy.canary.steps[1].pause.duration", "dur", 0, YEARS10, False,
     {S + ".strategy": CANARY}, None),
    (S + ".strategy.canary.analysis.interval", "dur", 0, YEARS10, True, {S + ".strategy": CANARY}, None),
    (S + ".strategy.canary.analysis.count", "int", 0, 100000, False, {S + ".strategy": CANARY}, None),
    (S + ".strategy.canary.analysis.maxErrorRate", "num", 0, 1, False, {S + ".strategy": CANARY}, None),
    (S + ".strategy.canary.analysis.maxP99", "dur", 0, YEARS10, True, {S + ".strategy": CANARY}, None),
    (S + ".strategy.canary.analysis.failureLimit", "int", 0, 100000, False,
     {S + ".strategy": CANARY}, None),
    (S + ".strategy.canary.analysis.inconclusiveLimit", "int", 0, 100000, False,
     {S + ".strategy": CANARY}, None),
    (S + ".strategy.canary.maxSurge", "pct", 0, 100000, False, {S + ".strategy": CANARY},
     "maxUnavailable: may not be 0 when maxSurge is 0"),
    (S + ".strategy.canary.abortScaleDownDelaySeconds", "dur", 0, YEARS10, False,
     {S + ".strategy": CANARY}, None),
    (S + ".strategy.blueGreen.autoPromotionSeconds", "dur", 0, YEARS10, False,
     {S + ".strategy": BLUE_GREEN}, None),
    (S + ".strategy.blueGreen.scaleDownDelaySeconds", "dur", 0, YEARS10, False,
     {S + ".strategy": BLUE_GREEN}, None),
    (S + ".strategy.blueGreen.previewReplicaCount", "int", 1, 100000, False,
     {S + ".strategy": BLUE_GREEN}, None),
    (S + ".strategy.canary.steps[0].setCanaryScale.weight", "int", 0, 100, False,
     {S + ".strategy": CANARY_TR, "ingresses": INGRESS}, None),
    (S + ".strategy.canary.steps[1].setCanaryScale.replicas", "int", 0, 100000, False,
     {S + ".strategy": CANARY_TR, "ingresses": INGRESS}, None),
    (S + ".strategy.canary.scaleDownDelaySeconds", "dur", 0, YEARS10, False,
     {S + ".strategy": CANARY_TR, "ingresses": INGRESS}, None),
    (S + ".strategy.canary.scaleDownDelayRevisionLimit", "int", 0, 100000, False,
     {S + ".strategy": CANARY_TR, "ingresses": INGRESS}, None),
    (S + ".strategy.canary.analysis.startingStep", "int", 0, 100000, False,
     {S + ".strategy": CANARY}, None),
    (S + ".strategy.canary.analysis.consecutiveErrorLimit", "int", 0, 100000, False,
     {S + ".strategy": CANARY}, None),
    (S + ".strategy.canary.steps[2].analysis.count", "int", 0, 100000, False,
     {S + ".strategy": CANARY_STEP_ANALYSIS}, None),
    (S + ".strategy.canary.steps[2].analysis.interval", "dur", 0, YEARS10, True,
     {S + ".strategy": CANARY_STEP_ANALYSIS}, None),
    (S + ".strategy.blueGreen.abortScaleDownDelaySeconds", "dur", 0, YEARS10, False,
     {S + ".strategy": BLUE_GREEN}, None),
    (S + ".strategy.blueGreen.postPromotionAnalysis.count", "int", 0, 100000, False,
     {S + ".strategy": BLUE_GREEN_POST}, None),
    (S + ".strategy.blueGreen.postPromotionAnalysis.failureLimit", "int", 0, 100000, False,
     {S + ".strategy": BLUE_GREEN_POST}, None),
    (S + ".strategy.blueGreen.scaleDownDelayRevisionLimit", "int", 0, 100000, False,
     {S + ".strategy": BLUE_GREEN, S + ".revisionHistoryLimit": 100000}, None),
    (S + ".podDisruptionBudget.minAvailable", "pct", 0, 100000, False,
     {S + ".podDisruptionBudget": {"minAvailable": 1}}, None),
    (S + ".traffic.rps", "num", 0, 1e12, False, {"fidelity": "fluid"}, None),
    ("events[0].spec.replicas", "int", 0, 100000, False, {"base": PATCH}, None),
    ("events[0].spec.minReadySeconds", "dur", 0, YEARS10, False, {"base": PATCH},
     "progressDeadlineSeconds: must be greater than minReadySeconds"),
    ("events[0].spec.progressDeadlineSeconds", "dur", 0, YEARS10, True, {"base": PATCH}, None),
    ("events[0].spec.revisionHistoryLimit", "int", 0, 100000, False, {"base": PATCH}, None),
    ("events[0].spec.strategy.rollingUpdate.maxSurge", "pct", 0, 100000, False, {"base": PATCH},
     None),
    (S + ".memoryWorkingSet", "bytes", 0, PI, False, {S + ".hpa": HPA_V2}, None),
    (S + ".memoryPerRequest", "bytes", 0, PI, False, {S + ".hpa": HPA_V2}, None),
    (S + ".hpa.metrics[0].resource.target.averageUtilization", "int", 1, 10000, False,
     {S + ".hpa": HPA_V2}, None),
    (S + ".hpa.metrics[1].pods.target.averageValue", "cpu", 0, 1e9, True, {S + ".hpa": HPA_V2},
     None),
    (S + ".hpa.metrics[2].external.target.value", "cpu", 0, 1e9, True, {S + ".hpa": HPA_V2}, None),
    (S + ".hpa.metrics[2].external.series[0].at", "dur", 0, YEARS10, False, {S + ".hpa": HPA_V2},
     None),
    (S + ".hpa.metrics[2].external.series[0].value", "cpu", 0, 1e9, False, {S + ".hpa": HPA_V2},
     None),
    (P + ".spot.interruptionMtbf", "dur", 0, YEARS10, True,
     {P + ".capacityType": "spot", P + ".spot": {}}, None),
    (P + ".spot.notice", "dur", 0, YEARS10, False,
     {P + ".capacityType": "spot", P + ".spot": {"interruptions": [{"at": "0.5s"}]}}, None),
    (P + ".spot.interruptions[0].at", "dur", 0, YEARS10, False,
     {P + ".capacityType": "spot", P + ".spot": {"interruptions": [{"at": "0.5s"}]}}, None),
    (S + ".traffic.trace.scale", "num", 0, 1e6, False, {S + ".traffic": TRACE}, "peaks at"),
    (S + ".traffic.trace.offset", "dur", 0, YEARS10, False, {S + ".traffic": TRACE}, None),
    ("ingresses[0].traffic.rps", "num", 0, 1e6, False, {"base": ING_SHARES}, None),
    ("ingresses[0].traffic.requests[0].share", "num", 0, 1, False, {"base": ING_SHARES},
     "shares add up to"),
    ("ingresses[0].traffic.requests[0].rps", "num", 0, 1e6, False, {"base": ING_RATES}, None),
    ("ingresses[0].traffic.pattern[0].rps", "num", 0, 1e6, False, {"base": ING_PATTERN}, None),
    ("ingresses[0].traffic.pattern[0].at", "dur", 0, YEARS10, False, {"base": ING_PATTERN},
     None),
    ("ingresses[0].traffic.pattern[0].ramp", "dur", 0, YEARS10, False, {"base": ING_PATTERN},
     None),
    ("ingresses[0].traffic.trace.scale", "num", 0, 1e6, False, {"base": ING_TRACE}, "peaks at"),
    ("ingresses[0].traffic.trace.offset", "dur", 0, YEARS10, False, {"base": ING_TRACE}, None),
    ("ingresses[0].rules[0].canary.weight", "int", 0, 100, False, {"base": ING_CANARY}, None),
    ("priorityClasses[0].value", "int", -2147483648, 1000000000, False,
     {"priorityClasses": [{"name": "batch", "value": 0}], S + ".priorityClassName": "batch"}, None),
]
VALUES = [0, -1, "max", "max+1", 2 ** 31, 2 ** 53, 1e308, 5e-324]
# an IntOrString key also takes these percentages (the range is 0% to 10000%)
PERCENTS = ["0%", "-1%", "10000%", "10001%", "2147483648%", "99999999999999999999%", "00025%"]
RANGE_WORDS = ("between", "the range is", "at most", "greater than 0", "too large", "too small",
               "from ")


def set_path(doc, path, value):
    """Sets a value at a JSON path like a.b[0].c (creating objects on the way)."""
    parts = []
    for seg in path.split("."):
        while "[" in seg:
            head, rest = seg.split("[", 1)
            if head:
                parts.append(head)
            idx, seg = rest.split("]", 1)
            parts.append(int(idx))
        if seg:
            parts.append(seg)
    cur = doc
    for p in parts[:-1]:
        cur = cur[p]
    cur[parts[-1]] = value


def cores(q):
    if isinstance(q, str):
        return float(q[:-1]) / 1000 if q.endswith("m") else float(q)
    return float(q)


def mib(q):
    if isinstance(q, str):
        for suf, mult in (("Ki", 2 ** 10), ("Mi", 2 ** 20), ("Gi", 2 ** 30), ("Ti", 2 ** 40)):
            if q.endswith(suf):
                return float(q[:-2]) * mult / 2 ** 20
    return float(q) / 2 ** 20


def check_outputs(out, doc):
    """Sanity of an accepted run's files; returns a problem or None."""
    for name in sorted(os.listdir(out)):
        if not name.endswith(".csv"):
            continue
        with open(os.path.join(out, name), newline="") as f:
            rows = list(csv.reader(f))
        widths = {len(r) for r in rows}
        if len(widths) != 1:
            return f"{name}: rows of {sorted(widths)} fields"
    with open(os.path.join(out, "summary.csv"), newline="") as f:
        for row in csv.DictReader(f):
            req, served, failed = int(row["requests"]), int(row["served"]), int(row["failed"])
            if served + failed > req:
                return f"summary.csv: served {served} + failed {failed} > requests {req}"
    pool = doc["cluster"]["nodePools"][0]
    cpu_cap, mem_cap = cores(pool.get("cpu", 4)), mib(pool.get("memory", "16Gi"))
    with open(os.path.join(out, "nodes.csv"), newline="") as f:
        for row in csv.DictReader(f):
            if float(row["cpu_allocated"]) > cpu_cap + 1e-9 or \
                    float(row["memory_allocated"]) > mem_cap * (1 + 1e-12) + 1:
                return f"nodes.csv: {row['node']} holds {row['cpu_allocated']} cores, " \
                       f"{row['memory_allocated']} MiB of {cpu_cap}, {mem_cap}"
    return None


def run(deploysim, doc, tmp, tag):
    path = os.path.join(tmp, tag + ".json")
    out = os.path.join(tmp, tag + ".out")
    with open(path, "w") as f:
        json.dump(doc, f)
    p = subprocess.run([deploysim, "run", path, "-o", out], capture_output=True, text=True,
                       timeout=600)
    return p.returncode, p.stderr, out


def case(deploysim, tmp, i, key, value):
    path, kind, lo, hi, lo_excl, changes, cross = key
    changes = dict(changes)
    doc = copy.deepcopy(changes.pop("base", BASE))
    for k, v in changes.items():
        set_path(doc, k, copy.deepcopy(v))
    if value == "max":
        v = hi
    elif value == "max+1":
        v = hi + 1 if hi >= 1 else hi * 2
    else:
        v = value
    if isinstance(v, float) and v.is_integer() and abs(v) < 2 ** 63:
        v = int(v)
    set_path(doc, path, v)
    if isinstance(v, str):  # a percentage
        pct = int(v[:-1])
        inside = 0 <= pct <= 10000
        if pct > 100 and ("maxUnavailable" in path or "podDisruptionBudget" in path):
            inside = False  # k8s: at most 100% (ValidatePositiveIntOrPercent + IsNotMoreThan100Percent)
        rc, err, out = run(deploysim, doc, tmp, f"k{i}")
        what = f"{path}={v!r}"
        if rc == 0:
            return None if inside else f"{what}: accepted but outside 0%..10000%"
        if rc != 2:
            return f"{what}: exit {rc}: {err.strip()[:300]}"
        if (cross and cross in err) or (not inside and "%" in err and path + ":" in err):
            return None
        return f"{what}: refused: {err.strip()[:300]}"
    # what the loader sees: a JSON number is a double, and a quantity keeps 15 digits of it
    seen = float(v)
    if kind in ("cpu", "bytes", "rate"):
        seen = float("%.15g" % seen)
    inside = (seen > lo if lo_excl else seen >= lo) and seen <= hi
    if kind in ("int", "pct") and not float(v).is_integer():
        inside = False
    either = v == 5e-324 and kind not in ("int", "pct")  # rounds to a unit of its quantity
    rc, err, out = run(deploysim, doc, tmp, f"k{i}")
    what = f"{path}={v!r}"
    if "runtime error" in err or "Sanitizer" in err:
        return f"{what}: sanitizer report: {err.strip()[:300]}"
    if rc == 0:
        if not inside and not either:
            return f"{what}: accepted (exit 0) but outside {lo}..{hi}"
        return check_outputs(out, doc) and f"{what}: {check_outputs(out, doc)}"
    if rc != 2:
        return f"{what}: exit {rc}: {err.strip()[:300]}"
    if cross and cross in err:
        return None
    if inside and not either:
        return f"{what}: refused but inside {lo}..{hi}: {err.strip()[:300]}"
    mine = [line for line in err.splitlines() if path + ":" in line]
    if not mine:
        return f"{what}: exit 2 without a message on {path}: {err.strip()[:300]}"
    if not any(w in line for line in mine for w in RANGE_WORDS):
        return f"{what}: the message does not name the range: {mine[0]}"
    return None


def schema_ranges():
    """(leaf key name, minimum, maximum) as the schema says, for the keys it bounds."""
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    path = next(p for p in (os.path.join(root, "schema", "schema.json"),
                            os.path.join(root, "scenarios", "schema.json")) if os.path.exists(p))
    with open(path) as f:
        schema = json.load(f)
    found = {}

    def walk(o, name):
        if isinstance(o, dict):
            # a "const" field (a liveness probe's successThreshold is 1) is bounded already
            if o.get("type") in ("integer", "number") and name and "const" not in o:
                found.setdefault(name, []).append((o.get("minimum", o.get("exclusiveMinimum")),
                                                   o.get("maximum")))
            for k, v in o.items():
                walk(v, k if k not in ("properties", "items", "oneOf", "anyOf") else name)
        elif isinstance(o, list):
            for v in o:
                walk(v, name)
    walk(schema, None)
    return found


def main():
    deploysim = sys.argv[1]
    problems = []
    # the schema bounds every integer key of the table and refuses nothing the loader takes
    ranges = schema_ranges()
    for path, kind, lo, hi, _, changes, _ in KEYS:
        leaf = path.rsplit(".", 1)[-1].split("[")[0]
        if kind != "int" or leaf not in ranges:
            continue
        if any(mx is None for _, mx in ranges[leaf]) or \
                not any(mx >= hi and mn <= lo for mn, mx in ranges[leaf]):
            problems.append(f"schema.json: {leaf} has range {ranges[leaf]}, the loader {lo}..{hi}")
    with tempfile.TemporaryDirectory() as tmp:
        jobs = [(k, v) for k in KEYS for v in VALUES + (PERCENTS if k[1] == "pct" else [])]
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
            futs = [ex.submit(case, deploysim, tmp, i, k, v) for i, (k, v) in enumerate(jobs)]
            problems += [f.result() for f in futs if f.result()]
        # the example: maxSurge 100000 on 4 replicas is "all at once", exactly like 4
        rollout = {}
        for surge in (4, 100000, "10000%"):
            doc = {"name": "surge", "duration": "40s",
                   "cluster": {"nodePools": [{"name": "workers", "count": 2}]},
                   "services": [{"name": "web", "replicas": 4, "versions": {"v2": {}},
                                 "strategy": {"type": "RollingUpdate", "rollingUpdate":
                                              {"maxSurge": surge, "maxUnavailable": 0}}}],
                   "events": [{"at": "1s", "action": "deploy", "service": "web", "version": "v2"}]}
            rc, err, out = run(deploysim, doc, tmp, f"surge{len(rollout)}")
            if rc:
                problems.append(f"maxSurge {surge}: exit {rc}: {err.strip()[:200]}")
                continue
            with open(os.path.join(out, "summary.csv"), newline="") as f:
                rollout[surge] = next(csv.DictReader(f))["rollout_s"]
        if len(set(rollout.values())) != 1:
            problems.append(f"rollout_s differs by maxSurge: {rollout}")
        # many keys at their maximum at once (products of them must not overflow either):
        # 100,000 replicas and surge, a 10,000 % HPA policy and target... on 1e5-core nodes
        # that the autoscaler grows toward 10,000
        doc = {"name": "maxima", "duration": "20s", "metrics": {"interval": "5s", "pods": False},
               "cluster": {"nodePools": [{
                   "name": "w", "count": 50, "cpu": 1000000, "memory": PI, "pricePerHour": 1e6,
                   "provisioningTime": "5s", "autoscaling": {"min": 50, "max": 10000}}]},
               "runtimes": {"container": {"cpuOverhead": 0, "memoryOverhead": 0, "pricePerHour": 1e6}},
               "services": [{
                   "name": "web", "replicas": 50, "resources": {"cpu": 100000, "memory": TI},
                   "capacityRps": 1e6, "concurrency": 10000, "queueLimit": 1000000,
                   "versions": {"v2": {}},
                   "hpa": {"minReplicas": 1, "maxReplicas": 100000, "targetCPUUtilizationPercentage": 1,
                           "behavior": {"scaleUp": {"policies": [
                               {"type": "Percent", "value": 10000, "periodSeconds": 1}]}}},
                   "strategy": {"type": "RollingUpdate",
                                "rollingUpdate": {"maxSurge": "10000%", "maxUnavailable": "100%"}},
                   "podDisruptionBudget": {"minAvailable": 100000},
                   "traffic": {"rps": 1000}}],
               "events": [{"at": "2s", "action": "deploy", "service": "web", "version": "v2"},
                          {"at": "4s", "action": "scale", "service": "web", "replicas": 100000}]}
        rc, err, out = run(deploysim, doc, tmp, "maxima")
        if rc:
            problems.append(f"maxima: exit {rc}: {err.strip()[:300]}")
        elif check_outputs(out, doc):
            problems.append(f"maxima: {check_outputs(out, doc)}")
    for p in problems:
        print("FAIL:", p)
    print(f"{len(KEYS)} keys x {len(VALUES)} values (and {len(PERCENTS)} percentages for "
          f"IntOrString keys): {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
