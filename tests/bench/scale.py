#!/usr/bin/env python3
"""Writes the scale series of `make bench`: the shape of tests/bench/large-fluid.json (30 pods
per node of 16 CPUs, services of 1,500 replicas with fluid traffic, one simulated hour, a
rolling update of every fifth service, a node failure and repair) at any node count, over
three zones with a zone outage from 30 to 40 minutes.

    python3 tests/bench/scale.py NODES OUT.json [--no-zones] [--empty] [--spread]

--empty: the same nodes with one pod (memory per node, without the pods').
--spread: every service spreads its pods over the zones (a topologySpreadConstraint on
topology.kubernetes.io/zone, maxSkew 1, DoNotSchedule): the scheduler's cost with a hard zone
constraint, against the same run without (issue #20: at most 1.5x).

The files are large (65,000 nodes: 1,300 services), so they are written to build/, not
committed; the same NODES always gives the same bytes."""
import json
import sys


def scenario(nodes, zones=True, empty=False, spread=False):
    services = 1 if empty else max(1, nodes * 30 // 1500)
    pools = []
    left = nodes
    while left > 0:  # a pool holds at most 100,000 nodes: 130,000 is two pools
        count = min(left, 65000)
        pool = {"name": "workers" if not pools else "workers%d" % (len(pools) + 1),
                "count": count, "cpu": "16", "memory": "64Gi", "pricePerHour": 0.68}
        if zones:
            pool["zones"] = ["a", "b", "c"]
        pools.append(pool)
        left -= count
    svcs = []
    for i in range(services):
        svcs.append({
            "name": "svc%04d" % i, "namespace": "team%d" % (i % 10),
            "replicas": 1 if empty else 1500,
            "resources": {"cpu": "250m", "memory": "256Mi"},
            "capacityRps": 100, "concurrency": 4,
            "readinessProbe": {"periodSeconds": 5}, "startup": "10s",
            "versions": {"v2": {}},
            "traffic": {"rps": 60000, "pattern": [
                {"at": "20m", "rps": 90000, "ramp": "5m"},
                {"at": "40m", "rps": 60000, "ramp": "5m"}]},
        })
        if spread:
            svcs[-1]["topologySpreadConstraints"] = [{
                "maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
                "whenUnsatisfiable": "DoNotSchedule"}]
    events = []
    # every fifth service rolls out v2, spread over minutes 5..50
    for k, i in enumerate(range(0, services, 5)):
        events.append({"at": "%dm" % (5 + 5 * (k % 10)), "action": "deploy",
                       "service": "svc%04d" % i, "version": "v2"})
    events.append({"at": "30m", "action": "failNode", "node": "workers-17"})
    events.append({"at": "35m", "action": "repairNode", "node": "workers-17"})
    if zones:
        events.append({"at": "30m", "action": "failZone", "zone": "c"})
        events.append({"at": "40m", "action": "repairZone", "zone": "c"})
    return {
        "name": "Scale series (bench): %d nodes, %d pods, fluid traffic%s" % (
            nodes, services * (1 if empty else 1500), ", zone spread" if spread else ""),
        "seed": 1, "duration": "1h", "fidelity": "fluid",
        "metrics": {"interval": "10s", "pods": False},
        "cluster": {"nodePools": pools},
        "services": svcs, "events": events,
    }


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    nodes = int(sys.argv[1])
    with open(sys.argv[2], "w") as f:
        json.dump(scenario(nodes, "--no-zones" not in sys.argv, "--empty" in sys.argv,
                           "--spread" in sys.argv), f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
