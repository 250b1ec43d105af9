#!/usr/bin/env bash
# Renders the README's screenshots of the dashboard (1920x1080, light theme) from the lessons:
#   bash ui/screenshots/render.sh [path/to/deploysim-ui]      (from the repository root)
set -euo pipefail
ui=${1:-build/deploysim-ui}
dir=$(dirname "$0")
# RollingUpdate mid-rollout: v1 and v2 pods side by side, one v1 terminating, v2 starting,
# the Service's lines to its five Ready pods (20 % each: none to the starting ones), the split
# 60 % / 40 %, no failed request.
"$ui" --screenshot "$dir/rolling-update.png" --at 1:10 scenarios/rolling-update.json
# Canary of a bad release, one second after the analysis aborted it: the v2 canary pod
# terminating, a v1 replacement pulling, the error rate back down after its 30 % episode, the
# "abort" marker on the chart and the RolloutAborted Warning pinned over the events after it.
"$ui" --screenshot "$dir/canary-abort.png" --at 1:01 scenarios/canary.json
# Recreate vs RollingUpdate on one clock: the error spike (and 11 s of downtime) on Recreate's
# side only, while the RollingUpdate is still replacing pods with no failed request.
"$ui" --screenshot "$dir/compare-recreate-rolling-update.png" --at 1:15 \
    scenarios/recreate.json scenarios/rolling-update.json
# Node failure at 6:56 in Korean (--lang ko): the evicted pods' replacements starting on
# workers-1 and workers-3, workers-2 NotReady with its pods left Terminating.
"$ui" --screenshot "$dir/node-failure-ko.png" --at 6:56 --lang ko scenarios/node-failure.json
ls -l "$dir"/*.png
