#!/usr/bin/env python3
"""Every object `deploysim export` writes is what `kubectl apply --dry-run=client` would accept,
checked offline: validated with python3-jsonschema against tests/manifests/k8s-schema.json (the
Kubernetes OpenAPI document and Argo Rollouts' CRD, trimmed by tests/k8s_schema.py: field names
under strict field validation, OpenAPI types and int32 ranges, required fields, the values a
few enum-like fields take). kubectl itself is not a Debian package and this machine reaches no
other registry, so it cannot run here.

Two controls keep the check honest: real manifests that kubectl applies (the public ones in
tests/manifests) pass it, and broken copies of exported objects (a string for an int32, an
unknown field, a required field missing, a value no enum has, a list for an IntOrString) fail.

usage: export_schema.py DEPLOYSIM SCENARIO.json...  (exit 1 on any failure)
"""
import copy
import json
import os
import subprocess
import sys

import jsonschema
import yaml

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
with open(os.path.join(ROOT, "tests", "manifests", "k8s-schema.json")) as f:
    SCHEMA = json.load(f)
KINDS = SCHEMA["kinds"]
failures = []


def validator(obj):
    key = "%s/%s" % (obj.get("apiVersion"), obj.get("kind"))
    if key not in KINDS:
        return None
    # the kind's schema, resolving $refs inside the whole document
    schema = dict(SCHEMA, **KINDS[key])
    return jsonschema.Draft202012Validator(schema)


def errors(obj):
    v = validator(obj)
    if v is None:
        return ["%s/%s: a kind the schema does not have" % (obj.get("apiVersion"), obj.get("kind"))]
    return ["%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(object)", e.message)
            for e in v.iter_errors(obj)]


def name(obj):
    m = obj.get("metadata", {})
    return "%s %s/%s" % (obj.get("kind"), m.get("namespace", ""), m.get("name"))


def export(deploysim, scenario):
    out = subprocess.run([deploysim, "export", scenario], capture_output=True, text=True)
    if out.returncode != 0:
        failures.append("export %s: exit %d: %s" % (scenario, out.returncode, out.stderr))
        return []
    return [d for d in yaml.safe_load_all(out.stdout) if d]


def breakages(objs):
    """(what, broken copy) for the first exported object of each kind that has the field."""
    def broken(kind, what, change):
        for o in objs:
            if o["kind"] != kind:
                continue
            c = copy.deepcopy(o)
            try:
                change(c)
            except (KeyError, IndexError, StopIteration):
                continue  # this object lacks the field: the next one of its kind
            yield ("%s: %s" % (name(o), what), c)
            return
        failures.append("no exported %s to break: %s" % (kind, what))

    dep = lambda c: c["spec"]["template"]["spec"]["containers"][0]  # noqa: E731
    yield from broken("Deployment", "replicas as a string", lambda c: c["spec"].update(replicas="3"))
    yield from broken("Deployment", "replicas beyond int32",
                      lambda c: c["spec"].update(replicas=2 ** 31))
    yield from broken("Deployment", "an unknown container field",
                      lambda c: dep(c).update(imagePullPolice="Always"))
    yield from broken("Deployment", "no selector", lambda c: c["spec"].pop("selector"))
    yield from broken("Deployment", "no container name", lambda c: dep(c).pop("name"))
    yield from broken("Deployment", "strategy type Rolling",
                      lambda c: c["spec"]["strategy"].update(type="Rolling"))
    yield from broken("Service", "a port's number as a string",
                      lambda c: c["spec"]["ports"][0].update(port="80"))
    yield from broken("Ingress", "pathType Regex",
                      lambda c: c["spec"]["rules"][0]["http"]["paths"][0].update(pathType="Regex"))
    yield from broken("HorizontalPodAutoscaler", "no maxReplicas",
                      lambda c: c["spec"].pop("maxReplicas"))
    yield from broken("HorizontalPodAutoscaler", "metric type Cpu",
                      lambda c: c["spec"]["metrics"][0].update(type="Cpu"))
    yield from broken("PodDisruptionBudget", "maxUnavailable as a list",
                      lambda c: c["spec"].update(maxUnavailable=[1]))
    yield from broken("Rollout", "an unknown strategy field",
                      lambda c: c["spec"]["strategy"][next(iter(c["spec"]["strategy"]))]
                      .update(stepz=[]))
    yield from broken("Rollout", "replicas as a string", lambda c: c["spec"].update(replicas="2"))


def main():
    deploysim, scenarios = sys.argv[1], sys.argv[2:]
    objs = []
    for sc in scenarios:
        for o in export(deploysim, sc):
            for e in errors(o):
                failures.append("%s: %s: %s" % (sc, name(o), e))
            objs.append(o)
    kinds = sorted({"%s/%s" % (o["apiVersion"], o["kind"]) for o in objs})
    missing = sorted(set(KINDS) - set(kinds))
    if missing:
        failures.append("no lesson exports %s: the check does not cover it" % ", ".join(missing))
    # control 1: the public manifests kubectl applies pass (kinds we do not export are skipped)
    real = 0
    for f in ("nginx-deployment.yaml", "php-apache.yaml", "php-apache-hpa.yaml",
              "rollouts-demo-canary-rollout.yaml", "rollouts-demo-canary-service.yaml",
              "rollouts-demo-bluegreen-rollout.yaml", "rollouts-demo-bluegreen-service.yaml",
              "microservices-demo.yaml"):
        with open(os.path.join(ROOT, "tests", "manifests", f)) as fh:
            for o in yaml.safe_load_all(fh):
                if o and validator(o):
                    real += 1
                    for e in errors(o):
                        failures.append("%s: %s: %s (a real manifest)" % (f, name(o), e))
    # control 2: broken exports fail
    broken = 0
    for what, o in breakages(objs):
        broken += 1
        if not errors(o):
            failures.append("accepted a broken object: " + what)
    for f in failures:
        print("FAIL: " + f)
    print("export: %d objects of %d kinds (%s) from %d scenarios match the Kubernetes OpenAPI "
          "schema; %d real manifests pass it, %d broken objects fail it"
          % (len(objs), len(kinds), ", ".join(k.split("/")[-1] for k in kinds), len(scenarios),
             real, broken))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
