#!/usr/bin/env python3
"""Random valid scenarios and the invariants every run must keep (issue 23, acceptance 1).

Scenario i is generated from random.Random(SEED + i): deterministic, and a failing i can be
replayed alone (--only I, --keep DIR writes the scenario and its outputs). Each run must:
- exit 0 (and, under ASan/UBSan, print no report: a report makes the exit non-zero);
- never allocate more CPU or memory on a node than its pool has (nodes.csv);
- hold RollingUpdate's bounds when nothing disturbs the rollout (no faults, failed nodes,
  killed pods, HPA or scale events; every pod available before the deploy): at every instant
  the ReplicaSets' non-terminating pods <= replicas + maxSurge and their available pods >=
  replicas - maxUnavailable (k8s deployment_util.go ResolveFenceposts: surge rounds up,
  unavailable down, both 0 -> unavailable 1);
- count its requests: served + failed <= requests, and the rest (in flight at the end) no more
  than the pods could hold (concurrency + queueLimit each);
- write CSV that Python's csv module reads with one field count per file;
- give byte-identical files when run again (checked on every RERUN-th scenario).
Usage: random_scenarios.py DEPLOYSIM N [--only I] [--keep DIR] [-j JOBS]"""
import argparse
import concurrent.futures
import csv
import filecmp
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile

SEED = 2300
RERUN = 5


def quantity_mib(mib):
    return f"{mib}Mi"


def generate(i):
    r = random.Random(SEED + i)
    pools = []
    runtimes = set()
    for k in range(r.randint(1, 3)):
        rt = r.choice(["container", "container", "vm", "bare"])
        runtimes.add(rt)
        pool = {"name": f"pool{k}", "count": r.randint(1, 4), "cpu": str(r.choice([1, 2, 4, 8])),
                "memory": r.choice(["2Gi", "4Gi", "8Gi", "16Gi"]), "runtime": rt,
                "pricePerHour": round(r.uniform(0, 1), 2)}
        if rt != "bare" and r.random() < 0.3:
            pool["autoscaling"] = {"min": pool["count"], "max": pool["count"] + r.randint(0, 3)}
            pool["provisioningTime"] = f"{r.randint(5, 30)}s"
        if r.random() < 0.3:
            pool["repair"] = "auto"
        pools.append(pool)
    duration = r.randint(20, 60)
    doc = {"name": f"random {i}", "seed": r.randint(0, 1000), "duration": f"{duration}s",
           "metrics": {"interval": "1s"}, "cluster": {"nodePools": pools},
           "services": [], "events": []}
    if r.random() < 0.15:
        doc["coldStart"] = True
    taken = set()
    calm = doc.get("coldStart") is None  # nothing disturbs RollingUpdate (checked below)
    for k in range(r.randint(1, 4)):
        ns = r.choice(["default", "shop", "blog"])
        name = r.choice(["web", "api", "db", "cache"])
        if (ns, name) in taken:
            continue
        taken.add((ns, name))
        rt = r.choice(sorted(runtimes))
        svc = {"name": name, "namespace": ns, "runtime": rt, "replicas": r.randint(0, 8),
               "resources": {"cpu": f"{r.choice([100, 250, 500, 1000, 2000])}m",
                             "memory": quantity_mib(r.choice([64, 128, 256, 512, 1024]))},
               "capacityRps": r.choice([20, 50, 100]), "concurrency": r.randint(1, 8),
               "queueLimit": r.choice([0, 10, 100, 1000]),
               "startup": {"dist": "lognormal", "mean": f"{r.randint(1, 5)}s", "sd": "1s"},
               "versions": {"v2": {}},
               "traffic": {"rps": r.choice([0, 5, 20, 50, 100])}}
        if r.random() < 0.5:
            svc["readinessProbe"] = {"initialDelaySeconds": r.randint(0, 3),
                                     "periodSeconds": r.randint(1, 3)}
        if r.random() < 0.3:
            svc["image"] = {"name": f"{ns}/{name}", "size": quantity_mib(r.choice([10, 100, 500]))}
        if r.random() < 0.3:  # v2 asks for more: the scheduler (and bare) must still fit
            svc["versions"]["v2"]["resources"] = {"cpu": f"{r.choice([500, 1000, 3000])}m"}
        if r.random() < 0.2:
            svc["versions"]["v2"]["errorRate"] = round(r.uniform(0, 0.5), 2)
        kind = r.choice(["RollingUpdate", "RollingUpdate", "Recreate", "Canary", "BlueGreen"])
        if kind == "RollingUpdate":
            def fence():
                return r.choice([0, 1, 2, 3, "0%", "25%", "50%", "100%"])
            surge, unavail = fence(), fence()
            if surge in (0, "0%") and unavail in (0, "0%"):
                unavail = 1
            svc["strategy"] = {"type": kind, "rollingUpdate": {"maxSurge": surge,
                                                               "maxUnavailable": unavail}}
        elif kind == "Recreate":
            svc["strategy"] = {"type": kind}
        elif kind == "Canary":
            svc["strategy"] = {"type": kind, "canary": {"steps": [
                {"setWeight": r.choice([10, 20, 50])}, {"pause": {"duration": f"{r.randint(1, 10)}s"}},
                {"setWeight": 80}]}}
        else:
            svc["strategy"] = {"type": kind, "blueGreen": {
                "autoPromotionSeconds": r.randint(1, 10), "scaleDownDelaySeconds": r.randint(0, 10)}}
        if rt != "bare" and r.random() < 0.2:
            svc["hpa"] = {"minReplicas": 1, "maxReplicas": r.randint(2, 10),
                          "targetCPUUtilizationPercentage": r.choice([50, 80])}
        if r.random() < 0.2:
            svc["traffic"]["pattern"] = [{"at": f"{r.randint(1, duration)}s",
                                          "rps": r.choice([0, 10, 80]), "ramp": f"{r.randint(0, 5)}s"}]
        doc["services"].append(svc)
        ref = f"{ns}/{name}"
        if r.random() < 0.8:
            doc["events"].append({"at": f"{r.randint(1, duration // 2)}s", "action": "deploy",
                                  "service": ref, "version": "v2"})
        if r.random() < 0.15:
            doc["events"].append({"at": f"{r.randint(1, duration)}s", "action": "scale",
                                  "service": ref, "replicas": r.randint(0, 8)})
        if r.random() < 0.15:
            doc["events"].append({"at": f"{r.randint(1, duration)}s", "action": "setTraffic",
                                  "service": ref, "rps": r.choice([0, 30, 90]), "ramp": "2s"})
        if r.random() < 0.1 and svc["replicas"] > 0:
            doc["events"].append({"at": f"{r.randint(1, duration)}s", "action": "killPod",
                                  "service": ref})
    if r.random() < 0.15:
        p = r.choice(pools)
        doc["events"].append({"at": f"{r.randint(1, duration)}s", "action": "failNode",
                              "node": f"{p['name']}-{r.randint(1, p['count'])}"})
    if r.random() < 0.1:
        p = r.choice(pools)
        doc["faults"] = [{"type": "nodeFailure", "pool": p["name"], "mtbf": f"{r.randint(30, 300)}s",
                          "repairTime": "20s"}]
    return doc


def cores(q):
    return float(q[:-1]) / 1000 if q.endswith("m") else float(q)


def mib(q):
    return float(q[:-2]) * (1024 if q.endswith("Gi") else 1)


def read_csvs(out):
    files, problems = {}, []
    for name in sorted(os.listdir(out)):
        with open(os.path.join(out, name), newline="") as f:
            rows = list(csv.reader(f))
        widths = {len(row) for row in rows}
        if len(widths) != 1:
            problems.append(f"{name}: rows of {sorted(widths)} fields")
        files[name] = [dict(zip(rows[0], row)) for row in rows[1:]]
    return files, problems


def fencepost(value, replicas, round_up):
    if isinstance(value, str):
        x = replicas * int(value[:-1]) / 100
        return math.ceil(x - 1e-9) if round_up else math.floor(x + 1e-9)
    return value


def check_rolling(doc, files):
    """RollingUpdate bounds, per instant, for the undisturbed services."""
    problems = []
    events = doc.get("events", [])
    if doc.get("coldStart") or doc.get("faults") or any(
            e["action"] in ("failNode", "killPod") for e in events):
        return problems
    for svc in doc["services"]:
        st = svc["strategy"]
        ref = f"{svc['namespace']}/{svc['name']}"
        if st["type"] != "RollingUpdate" or svc["runtime"] == "bare" or "hpa" in svc:
            continue
        if any(e.get("service") == ref and e["action"] == "scale" for e in events):
            continue
        n = svc["replicas"]
        surge = fencepost(st["rollingUpdate"]["maxSurge"], n, True)
        unavail = fencepost(st["rollingUpdate"]["maxUnavailable"], n, False)
        if surge == 0 and unavail == 0:
            unavail = 1
        state, by_time = {}, []
        for row in files["replicasets.csv"]:
            if row["service"] != svc["name"] or row["namespace"] != svc["namespace"]:
                continue
            if by_time and by_time[-1][0] != row["time_s"]:
                by_time.append((row["time_s"], dict(state)))
            elif not by_time:
                by_time.append((row["time_s"], {}))
            state[row["replicaset"]] = (int(row["current"]), int(row["available"]))
            by_time[-1] = (row["time_s"], dict(state))
        if not by_time or sum(a for _, a in by_time[0][1].values()) < n:
            continue  # not every pod available at time 0 (it did not fit): no guarantee
        for t, rs in by_time:
            current = sum(c for c, _ in rs.values())
            available = sum(a for _, a in rs.values())
            if current > n + surge:
                problems.append(f"{ref} at {t}: {current} pods > {n} + maxSurge {surge}")
                break
            if available < n - unavail:
                problems.append(f"{ref} at {t}: {available} available < {n} - maxUnavailable {unavail}")
                break
    return problems


def check(doc, files):
    problems = []
    pools = {p["name"]: p for p in doc["cluster"]["nodePools"]}
    for row in files["nodes.csv"]:
        p = pools[row["pool"]]
        if float(row["cpu_allocated"]) > cores(p["cpu"]) + 1e-9:
            problems.append(f"nodes.csv: {row['node']} at {row['time_s']}: {row['cpu_allocated']} "
                            f"cores allocated of {p['cpu']}")
        if float(row["memory_allocated"]) > mib(p["memory"]) + 0.5:
            problems.append(f"nodes.csv: {row['node']} at {row['time_s']}: "
                            f"{row['memory_allocated']} MiB allocated of {p['memory']}")
    for row in files["summary.csv"]:
        svc = next(s for s in doc["services"]
                   if s["name"] == row["service"] and s["namespace"] == row["namespace"])
        req, served, failed = int(row["requests"]), int(row["served"]), int(row["failed"])
        hold = int(row["max_pods"]) * (svc["concurrency"] + svc["queueLimit"])
        if served + failed > req or req - served - failed > hold:
            problems.append(f"summary.csv: {row['namespace']}/{row['service']}: requests {req}, "
                            f"served {served}, failed {failed} (at most {hold} in flight)")
    return problems + check_rolling(doc, files)


def run(deploysim, path, out):
    shutil.rmtree(out, ignore_errors=True)
    return subprocess.run([deploysim, "run", path, "-o", out, "-q"], capture_output=True,
                          text=True, timeout=600)


def one(deploysim, tmp, i):
    doc = generate(i)
    path = os.path.join(tmp, f"s{i}.json")
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
    out = os.path.join(tmp, f"o{i}")
    p = run(deploysim, path, out)
    if p.returncode != 0:
        return [f"exit {p.returncode}: {p.stderr.strip()[:400]}"]
    files, problems = read_csvs(out)
    if not problems:
        problems = check(doc, files)
    if i % RERUN == 0 and not problems:
        again = out + "-again"
        p = run(deploysim, path, again)
        names = sorted(os.listdir(out))
        _, mismatch, errors = filecmp.cmpfiles(out, again, names, shallow=False)
        if p.returncode or mismatch or errors or sorted(os.listdir(again)) != names:
            problems.append(f"rerun differs: {mismatch + errors}")
        shutil.rmtree(again, ignore_errors=True)
    if not problems:
        shutil.rmtree(out, ignore_errors=True)
        os.remove(path)
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("deploysim")
    ap.add_argument("n", type=int)
    ap.add_argument("--only", type=int)
    ap.add_argument("--keep")
    ap.add_argument("-j", type=int, default=2)
    a = ap.parse_args()
    tmp = a.keep or tempfile.mkdtemp()
    os.makedirs(tmp, exist_ok=True)
    todo = [a.only] if a.only is not None else list(range(a.n))
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.j) as ex:
        for i, problems in zip(todo, ex.map(lambda i: one(a.deploysim, tmp, i), todo)):
            for p in problems:
                print(f"FAIL: scenario {i} (replay: {sys.argv[0]} DEPLOYSIM 0 --only {i} --keep DIR): {p}")
            failed += bool(problems)
    if not a.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{len(todo)} random scenarios (seed {SEED}), {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
