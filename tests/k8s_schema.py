#!/usr/bin/env python3
"""Derives a trimmed JSON Schema of the kinds `deploysim export` writes from the Kubernetes
OpenAPI document and Argo Rollouts' CRD, into tests/manifests/k8s-schema.json (checked in;
tests/e2e/export_schema.sh validates every exported object against it, offline, with
python3-jsonschema). It is what `kubectl apply --dry-run=client` checks on the client with
the same OpenAPI document (kubectl is not a Debian package and this machine reaches no
other registry, so kubectl itself cannot run here): every field name known (strict field
validation: an unknown field is an error), every value of its OpenAPI type (int32/int64 in
range, IntOrString an integer or a string, Quantity a string or a number), the required
fields present, and for a few string fields the values their descriptions list (ENUMS).

usage: python3 tests/k8s_schema.py SWAGGER.json ROLLOUT-CRD.yaml > tests/manifests/k8s-schema.json

SWAGGER.json: kubernetes/kubernetes api/openapi-spec/swagger.json (release-1.36, as
kubernetes-client/python kubernetes/swagger.json.unprocessed carries it; the same schemas as
api/openapi-spec/v3/apis__apps__v1_openapi.json, api__v1_openapi.json,
apis__autoscaling__v2_openapi.json, apis__networking.k8s.io__v1_openapi.json,
apis__policy__v1_openapi.json, apis__scheduling.k8s.io__v1_openapi.json, which carry no enum
lists either). ROLLOUT-CRD.yaml: argoproj/argo-rollouts manifests/crds/rollout-crd.yaml (its
openAPIV3Schema, as the API server validates a Rollout).

Trimmed: descriptions, status, managedFields and the types only reachable through them are
left out; a type reachable from a kind is kept whole.
"""
import json
import os
import re
import sys

import yaml

# the kinds export writes and the fields it never does: as tests/k8s_fields.py has them
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from k8s_fields import KINDS, SKIP, ref_name  # noqa: E402

SCALARS = {
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": {"type": ["integer", "string"]},
    "io.k8s.apimachinery.pkg.api.resource.Quantity": {"type": ["string", "number"]},
    "io.k8s.apimachinery.pkg.apis.meta.v1.Time": {"type": "string"},
    "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": {"type": "string"},
}
# String fields whose values the description lists (the OpenAPI document has no enum lists):
# the values are checked against that description when the schema is made (each must appear
# there as a word), so the table cannot drift from its source.
ENUMS = {
    ("io.k8s.api.apps.v1.DeploymentStrategy", "type"): ["Recreate", "RollingUpdate"],
    ("io.k8s.api.autoscaling.v2.MetricSpec", "type"):
        ["ContainerResource", "External", "Object", "Pods", "Resource"],
    ("io.k8s.api.autoscaling.v2.MetricTarget", "type"): ["Utilization", "Value", "AverageValue"],
    ("io.k8s.api.networking.v1.HTTPIngressPath", "pathType"):
        ["Exact", "Prefix", "ImplementationSpecific"],
}
INT_RANGE = {"int32": (-2 ** 31, 2 ** 31 - 1), "int64": (-2 ** 63, 2 ** 63 - 1)}


def prop_schema(schema, todo, enum):
    r = ref_name(schema)
    if r:
        if r in SCALARS:
            return dict(SCALARS[r])
        todo.append(r)
        return {"$ref": "#/$defs/" + r}
    t = schema.get("type")
    if t == "array":
        return {"type": "array", "items": prop_schema(schema.get("items", {}), todo, None)}
    if t == "object":
        extra = schema.get("additionalProperties")
        out = {"type": "object"}
        if isinstance(extra, dict):
            out["additionalProperties"] = prop_schema(extra, todo, None)
        return out
    out = {"type": t} if t else {}
    if t == "integer" and schema.get("format") in INT_RANGE:
        out["minimum"], out["maximum"] = INT_RANGE[schema["format"]]
    if enum:
        out["enum"] = enum
    return out


def swagger_defs(defs):
    out = {}
    todo = list(KINDS.values())
    while todo:
        name = todo.pop()
        if name in out or name in SCALARS:
            continue
        d = defs[name]
        props = {}
        for prop, schema in sorted(d.get("properties", {}).items()):
            if prop in SKIP:
                continue
            enum = ENUMS.get((name, prop))
            for v in enum or []:
                if not re.search(r"\b%s\b" % v, schema.get("description", "")):
                    sys.exit(f"{name}.{prop}: the description does not list \"{v}\"")
            props[prop] = prop_schema(schema, todo, enum)
        s = {"type": "object", "properties": props, "additionalProperties": False}
        req = [r for r in d.get("required", []) if r not in SKIP]
        if req:
            s["required"] = req
        out[name] = s
    return out


def crd_schema(schema):
    """The CRD's structural schema without descriptions and status; objects without
    x-kubernetes-preserve-unknown-fields refuse unknown fields, as the API server prunes
    them and kubectl's strict validation reports them."""
    if schema.get("x-kubernetes-int-or-string"):
        return {"type": ["integer", "string"]}
    out = {}
    for key in ("type", "enum", "required", "minimum", "maximum", "format"):
        if key in schema:
            out[key] = schema[key]
    if out.get("format") not in INT_RANGE:
        out.pop("format", None)
    else:
        out["minimum"], out["maximum"] = INT_RANGE[out.pop("format")]
    if "properties" in schema:
        out["properties"] = {k: crd_schema(v) for k, v in sorted(schema["properties"].items())
                             if k not in SKIP}
        if not schema.get("x-kubernetes-preserve-unknown-fields"):
            out["additionalProperties"] = False
    if isinstance(schema.get("additionalProperties"), dict):
        out["additionalProperties"] = crd_schema(schema["additionalProperties"])
    if "items" in schema:
        out["items"] = crd_schema(schema["items"])
    if "required" in out:
        out["required"] = [r for r in out["required"] if r not in SKIP]
    return out


def main():
    with open(sys.argv[1]) as f:
        defs = json.load(f)["definitions"]
    out_defs = swagger_defs(defs)
    with open(sys.argv[2]) as f:
        crd = yaml.safe_load(f)
    version = crd["spec"]["versions"][0]
    rollout = crd_schema(version["schema"]["openAPIV3Schema"])
    rollout["properties"]["metadata"] = {"$ref": "#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}
    out_defs["argoproj.io.Rollout"] = rollout
    kinds = {k: {"$ref": "#/$defs/" + v} for k, v in KINDS.items()}
    kinds["argoproj.io/" + version["name"] + "/Rollout"] = {"$ref": "#/$defs/argoproj.io.Rollout"}
    doc = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": "Made by tests/k8s_schema.py from kubernetes/kubernetes "
                    "api/openapi-spec/swagger.json (release-1.36) and argoproj/argo-rollouts "
                    "manifests/crds/rollout-crd.yaml; do not edit. kinds: apiVersion/kind -> "
                    "the schema an object of that kind must satisfy.",
        "kinds": kinds,
        "$defs": out_defs,
    }
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"))
    # one definition per line: diffs stay readable
    sys.stdout.write(re.sub(r',"(io\.k8s\.|argoproj\.io\.Rollout)', r',\n"\1', text) + "\n")


if __name__ == "__main__":
    main()
