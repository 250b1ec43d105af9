"""The dashboard's own words are Korean under --lang ko (#17): no text a --scene recorded is an
untranslated English label. A text is the dashboard's (not data) unless the run's outputs
(events.csv, decisions.csv, the scenario file) contain it: names, kubectl's reasons and messages
and the controllers' arithmetic stay as Kubernetes prints them. What is left may keep
Kubernetes' own terms (Ready, Pending, Deployment...: ui/i18n.h keeps them in English, as Korean
documentation does) and units, but no other English word.
usage: ko_labels.py SCENE.json SCENARIO.json EVENTS.csv DECISIONS.csv"""
import csv, json, re, sys

# Kubernetes' and the SRE workbook's names, units, and the command shown as such
KEEP = {
    "ready", "notready", "pending", "running", "terminating", "crashloopbackoff", "deployment",
    "replicaset", "service", "ingress", "namespace", "rollingupdate", "recreate", "canary",
    "bluegreen", "progressing", "complete", "hpa", "slo", "cpu", "gib", "mib", "req", "kubectl",
    "get", "events", "clusterip", "preview", "active", "paused", "degraded", "healthy", "abort",
    "aborted", "vm", "p50", "p99", "p95", "ms", "min", "max", "ip", "pod", "pods", "node", "nodes",
    "k8s", "argo", "rollout", "spot", "schedulingdisabled", "provisioning", "zone", "noexecute", "noschedule", "default",
}

def words(text):
    return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", text)}

def names(node, out):
    """The scenario's names (every string value but the prose of notes and descriptions)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k not in ("notes", "description", "text"): names(v, out)
    elif isinstance(node, list):
        for v in node: names(v, out)
    elif isinstance(node, str):
        out |= words(node)

scene = json.load(open(sys.argv[1]))
scenario, events, decisions = sys.argv[2:5]
known = set()
names(json.load(open(scenario)), known)
fields = set()  # every value the run wrote, and the Why panel's "object: decision" headers
with open(events, encoding="utf-8") as f:  # time,type,reason,object,message
    for row in csv.reader(f):
        fields.update(row)
        known |= words(" ".join(row[1:4]))
with open(decisions, encoding="utf-8") as f:  # time,controller,object,decision,explanation
    for row in csv.reader(f):
        fields.update(row)
        fields.add(": ".join(row[2:4]))
        known |= words(" ".join(row[1:4]))
bad = set()
for t in scene["texts"]:
    text = t["text"].strip()
    if not text or text in fields:
        continue
    english = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", text)
               if len(w) >= 3 and not re.search(r"[0-9]", w) and w.lower() not in KEEP and w.lower() not in known]
    if english:
        bad.add(text)
for text in sorted(bad):
    print(f"{sys.argv[1]}: untranslated: {text!r}")
sys.exit(1 if bad else 0)
