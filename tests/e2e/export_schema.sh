#!/usr/bin/env bash
# Acceptance 6 of #21, offline: every object `deploysim export` writes for every lesson (and the
# Ingress routing scenario) validates against the Kubernetes OpenAPI schema of its kind
# (tests/manifests/k8s-schema.json, made by tests/k8s_schema.py from kubernetes/kubernetes
# api/openapi-spec/swagger.json and argoproj/argo-rollouts manifests/crds/rollout-crd.yaml) —
# what `kubectl apply --dry-run=client` checks; kubectl is not a Debian package, so it cannot
# run here. Public manifests pass the same schema and broken exports fail it (export_schema.py).
set -uo pipefail
cd "$(dirname "$0")/../.."
D=${DEPLOYSIM:-build/deploysim}
python3 -c 'import jsonschema, yaml' || { echo "FAIL: python3-jsonschema or python3-yaml missing"; exit 1; }
# shop.yaml imported: an nginx canary Ingress comes back out as one
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$D" import tests/manifests/shop.yaml -o "$tmp/shop.json" 2>/dev/null || { echo "FAIL: import shop.yaml"; exit 1; }
# shellcheck disable=SC2046
python3 tests/e2e/export_schema.py "$D" $(ls scenarios/*.json | grep -v schema.json) \
    tests/scenarios/ingress-routing.json "$tmp/shop.json"
