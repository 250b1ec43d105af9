#!/usr/bin/env python3
"""Extracts the field names of the kinds `deploysim export` writes from the Kubernetes
OpenAPI document and Argo Rollouts' CRD, into tests/manifests/k8s-fields.json (checked in;
tests/test_import.c checks every path an export emits against it, offline).

usage: python3 tests/k8s_fields.py SWAGGER.json ROLLOUT-CRD.yaml > tests/manifests/k8s-fields.json

SWAGGER.json: kubernetes/kubernetes api/openapi-spec/swagger.json (the same document is
kubernetes-client/python kubernetes/swagger.json.unprocessed). ROLLOUT-CRD.yaml:
argoproj/argo-rollouts manifests/crds/rollout-crd.yaml.

The output is a type graph, not a list of paths (PodSpec alone would be thousands): "kinds"
maps apiVersion/kind to a type; each type maps a field name to "" (a scalar), "T" (an
object of type T), "[]T" / "[]" (a list of T / of scalars) or "{}" / "{}T" (a map with any
keys, of scalars / of T). Status and managedFields are left out: an export never writes them.
"""
import json
import sys

import yaml

KINDS = {
    "apps/v1/Deployment": "io.k8s.api.apps.v1.Deployment",
    "v1/Service": "io.k8s.api.core.v1.Service",
    "v1/Namespace": "io.k8s.api.core.v1.Namespace",
    "autoscaling/v2/HorizontalPodAutoscaler": "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler",
    "policy/v1/PodDisruptionBudget": "io.k8s.api.policy.v1.PodDisruptionBudget",
    "networking.k8s.io/v1/Ingress": "io.k8s.api.networking.v1.Ingress",
    "scheduling.k8s.io/v1/PriorityClass": "io.k8s.api.scheduling.v1.PriorityClass",
}
SKIP = {"status", "managedFields"}
# Types the API treats as scalars (strings or numbers on the wire).
SCALAR_TYPES = {"io.k8s.apimachinery.pkg.util.intstr.IntOrString",
                "io.k8s.apimachinery.pkg.api.resource.Quantity",
                "io.k8s.apimachinery.pkg.apis.meta.v1.Time",
                "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime"}


def ref_name(schema):
    ref = schema.get("$ref") or (schema.get("allOf") or [{}])[0].get("$ref")
    return ref.split("/")[-1] if ref else None


def swagger_types(defs):
    out = {}
    todo = list(KINDS.values())
    while todo:
        name = todo.pop()
        if name in out or name in SCALAR_TYPES:
            continue
        fields = {}
        for prop, schema in sorted(defs[name].get("properties", {}).items()):
            if prop in SKIP:
                continue
            fields[prop] = shape(schema, todo)
        out[name] = fields
    return out


def shape(schema, todo):
    r = ref_name(schema)
    if r:
        if r in SCALAR_TYPES:
            return ""
        todo.append(r)
        return r
    if schema.get("type") == "array":
        inner = shape(schema.get("items", {}), todo)
        return "[]" + inner
    if schema.get("type") == "object" and "additionalProperties" in schema:
        inner = shape(schema["additionalProperties"], todo) if isinstance(
            schema["additionalProperties"], dict) else ""
        return "{}" + inner
    return ""


def crd_types(schema, name, out):
    """An inline CRD schema as named types NAME, NAME.field, ..."""
    fields = {}
    for prop, sub in sorted(schema.get("properties", {}).items()):
        if prop in SKIP:
            continue
        fields[prop] = crd_shape(sub, name + "." + prop, out)
    out[name] = fields
    return name


def crd_shape(sub, name, out):
    if name.endswith(".metadata") and not sub.get("properties"):
        return "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
    if sub.get("x-kubernetes-int-or-string"):
        return ""
    t = sub.get("type")
    if t == "array":
        inner = crd_shape(sub.get("items", {}), name + "[]", out)
        return "[]" + inner
    if t == "object" and "properties" in sub:
        return crd_types(sub, name, out)
    if t == "object":
        extra = sub.get("additionalProperties")
        if isinstance(extra, dict) and extra.get("properties"):
            return "{}" + crd_types(extra, name + "{}", out)
        return "{}"
    return ""


def main():
    with open(sys.argv[1]) as f:
        defs = json.load(f)["definitions"]
    types = swagger_types(defs)
    with open(sys.argv[2]) as f:
        crd = yaml.safe_load(f)
    version = crd["spec"]["versions"][0]
    root = "argoproj.io/" + version["name"] + ".Rollout"
    crd_types(version["schema"]["openAPIV3Schema"], root, types)
    kinds = dict(KINDS)
    kinds["argoproj.io/" + version["name"] + "/Rollout"] = root
    json.dump({"source": {"swagger": "kubernetes/kubernetes api/openapi-spec/swagger.json",
                          "crd": "argoproj/argo-rollouts manifests/crds/rollout-crd.yaml"},
               "kinds": kinds, "types": types}, sys.stdout, indent=0, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
