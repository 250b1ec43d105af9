#!/usr/bin/env bash
# schema/schema.json checked with a real JSON Schema validator (python3-jsonschema, Draft
# 2020-12): the schema is itself valid; every scenario we ship or test with is valid under it;
# every file of tests/invalid/ that is JSON is rejected by it, except the ones whose mistake a
# JSON Schema cannot express (listed below with the reason: only the loader can catch those).
set -euo pipefail
py=python3
"$py" -c "import jsonschema" 2>/dev/null || py=/usr/bin/python3
"$py" -c "import jsonschema" 2>/dev/null || { echo "FAIL: python3-jsonschema is not installed (make deps)" >&2; exit 1; }
"$py" - <<'PY'
import glob, json, sys
from jsonschema import Draft202012Validator

schema = json.load(open("schema/schema.json"))
Draft202012Validator.check_schema(schema)
v = Draft202012Validator(schema)
errors = []

# what a JSON Schema cannot say: references between keys, uniqueness of names inside arrays of
# objects, duplicate keys (a JSON parser keeps the last), relations between two numbers, and
# what a trace file contains
LOADER_ONLY = {
    "ambiguous-service.json": "a reference that fits two namespaces",
    "analysis-step-without-analysis.json": "a step that needs another key (canary.analysis)",
    "duplicate-key.json": "a key given twice: the parser keeps one",
    "duplicate-pool.json": "unique names inside an array of objects",
    "duplicate-service.json": "unique names inside an array of objects",
    "hpa-max-below-min.json": "one number compared with another",
    "pool-count-outside-autoscaling.json": "one number compared with others",
    "runtime-no-pool.json": "a reference to a pool of that runtime",
    "trace-bad-csv.json": "the trace file's content",
    "trace-bad-sample.json": "the trace file's content",
    "trace-missing.json": "whether the trace file exists",
    "trace-not-matrix.json": "the trace file's content",
    "trace-syntax.json": "the trace file's content",
    "unknown-ingress.json": "a reference to an ingress",
    "unknown-node.json": "a reference to a node",
    "unknown-pool.json": "a reference to a pool",
    "unknown-service.json": "a reference to a service",
    "unknown-version.json": "a reference to a version",
}

valid = sorted(glob.glob("scenarios/*.json") + glob.glob("tests/scenarios/*.json") +
               glob.glob("tests/bench/*.json"))
for f in valid:
    for e in list(v.iter_errors(json.load(open(f))))[:1]:
        errors.append(f"{f}: valid for the simulator, rejected by the schema: {e.json_path}: {e.message[:120]}")
rejected = 0
for f in sorted(glob.glob("tests/invalid/*.json")):
    name = f.rsplit("/", 1)[1]
    try:
        d = json.load(open(f))
    except ValueError:
        continue  # not JSON: the parser's error, not the schema's
    bad = any(True for _ in v.iter_errors(d))
    if name in LOADER_ONLY:
        if bad: errors.append(f"{f}: the schema catches it now: remove it from LOADER_ONLY")
    elif not bad:
        errors.append(f"{f}: accepted by the schema (add the rule, or list it in LOADER_ONLY with why)")
    else:
        rejected += 1
for e in errors: print("FAIL:", e, file=sys.stderr)
if errors: sys.exit(1)
print(f"ok: {len(valid)} scenarios valid under the schema; {rejected} invalid files rejected by it, "
      f"{len(LOADER_ONLY)} left to the loader")
PY
