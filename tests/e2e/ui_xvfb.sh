#!/usr/bin/env bash
# deploysim-ui in a real window: under Xvfb, xdotool presses Space (play), Space (pause) and
# `.` twice (two 1 s steps), clicks a node card (fail the node), waits for the toast to go,
# presses `s` (save the frame) and `q` (quit). The click position comes from the layout the
# UI computed (DEPLOYSIM_UI_DEBUG_LAYOUT=1 prints each node card and a point on it that fails
# the node), never from a guessed pixel. Then:
#   - the --record file holds a failNode of that node, and `deploysim validate` accepts it;
#   - `deploysim run` of the recording, twice, gives byte-identical CSVs, and they show the
#     failure: NodeFailed for the node at the recorded time, the node NotReady later;
#   - replaying the recording headless (--screenshot --at the click's time) gives a PNG
#     identical to the frame the window showed: the live session and the re-simulation of
#     its recording are the same state, pixel for pixel.
# Skips (exit 0) only when Xvfb or xdotool is missing (`make deps` installs both).
set -euo pipefail
: "${DEPLOYSIM_UI:=$PWD/build/deploysim-ui}"
: "${DEPLOYSIM:=$PWD/build/deploysim}"
for tool in Xvfb xdotool; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP: $tool is not installed (make deps installs it)"
        exit 0
    fi
done
fail() {
    echo "FAIL: $*" >&2
    [ -s "${tmp:-/nonexistent}/ui.err" ] && { echo "--- deploysim-ui stderr:" >&2; tail -n 40 "$tmp/ui.err" >&2; }
    exit 1
}
[ -x "$DEPLOYSIM_UI" ] || fail "$DEPLOYSIM_UI is not built"
[ -x "$DEPLOYSIM" ] || fail "$DEPLOYSIM is not built"
scenario="$PWD/scenarios/rolling-update.json"
tmp=$(mktemp -d)
xvfb_pid=""
ui_pid=""
cleanup() {
    [ -n "$ui_pid" ] && kill "$ui_pid" 2>/dev/null && wait "$ui_pid" 2>/dev/null
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

# wait_for SECONDS COMMAND...: polls COMMAND every 50 ms until it succeeds; 1 on timeout.
wait_for() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.05
    done
}
ui_alive() { kill -0 "$ui_pid" 2>/dev/null; }

# --- an X server on a free display: Xvfb picks the number and writes it to fd 3 when ready --
Xvfb -displayfd 3 -screen 0 1600x900x24 -nolisten tcp 3>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
display_ready() { grep -q '^[0-9][0-9]*$' "$tmp/display" 2>/dev/null || ! kill -0 "$xvfb_pid" 2>/dev/null; }
wait_for 15 display_ready || fail "Xvfb did not start: $(cat "$tmp/xvfb.log")"
kill -0 "$xvfb_pid" 2>/dev/null || fail "Xvfb exited: $(cat "$tmp/xvfb.log")"
DISPLAY=":$(cat "$tmp/display")"
export DISPLAY
unset WAYLAND_DISPLAY
echo "Xvfb on $DISPLAY"

# --- the dashboard in a window -------------------------------------------------------------
# The software renderer keeps GL drivers (and their leaks under ASan) out of the process; the
# working directory is where `s` saves its PNG.
mkdir "$tmp/cwd"
(cd "$tmp/cwd" && exec env SDL_VIDEODRIVER=x11 SDL_RENDER_DRIVER=software \
    SDL_FRAMEBUFFER_ACCELERATION=0 DEPLOYSIM_UI_DEBUG_LAYOUT=1 \
    "$DEPLOYSIM_UI" "$scenario" --size 1280x720 --record "$tmp/rec.json") 2>"$tmp/ui.err" &
ui_pid=$!
wid=$(timeout 20 xdotool search --sync --onlyvisible --name '^deploysim$' | head -n 1) || true
[ -n "$wid" ] || fail "no deploysim window appeared"
layout_done() { grep -q '^layout: end' "$tmp/ui.err" || ! ui_alive; }
wait_for 20 layout_done || fail "the UI printed no layout"
ui_alive || fail "deploysim-ui exited early"
grep -q '^layout: window 1280x720$' "$tmp/ui.err" || fail "the window is not 1280x720"
timeout 10 xdotool windowfocus --sync "$wid" || fail "cannot focus the window"

# play for a moment, pause, two steps of 1 s
xdotool key space
sleep 0.5
xdotool key space period period
sleep 0.3 # lets the UI take the keys before the layout is read

# The node to fail and where to click it: the last layout block the UI printed.
node=workers-2
read -r cx cy < <(awk -v n="$node" '$1 == "layout:" && $2 == "node" && $3 == "A" && $4 == n { x = $11; y = $12 }
    END { print x, y }' "$tmp/ui.err")
if [ -z "$cx" ] || [ "$cx" -lt 0 ] || [ "$cy" -lt 0 ]; then
    fail "no click point for $node in the layout"
fi
echo "clicking $node at ($cx, $cy)"
xdotool mousemove --window "$wid" "$cx" "$cy" click 1
clicked() { grep -q "^action: A failNode $node at " "$tmp/ui.err" || ! ui_alive; }
wait_for 15 clicked || fail "the click on $node applied no failNode"
ui_alive || fail "deploysim-ui exited after the click"
shown_at=$(awk -v n="$node" '$1 == "action:" && $3 == "failNode" && $4 == n { print $6 }' "$tmp/ui.err")
[ "$(grep -c '^action:' "$tmp/ui.err")" -eq 1 ] || fail "more than one action applied"

# The click's toast lasts 3 s of real time from the action and tiles settle in 0.3 s: then the
# frame shows the state alone, as a headless screenshot does. `s` saves it.
sleep 3.5
ui_alive || fail "deploysim-ui exited after the click"
xdotool key s
saved() { compgen -G "$tmp/cwd/deploysim-*.png" >/dev/null || ! ui_alive; }
wait_for 15 saved || fail "s saved no screenshot"
shot=$(compgen -G "$tmp/cwd/deploysim-*.png" | head -n 1) || fail "s saved no screenshot"
# q asks first: one press, and q after another command (a step), keep the session; a second
# q quits
xdotool key q
sleep 0.5
ui_alive || fail "one q quit without asking"
xdotool key period q
sleep 0.5
ui_alive || fail "q after another command quit without asking"
xdotool key q
exited() { ! ui_alive; }
wait_for 20 exited || fail "q pressed twice did not quit the UI"
rc=0
wait "$ui_pid" || rc=$?
ui_pid=""
[ "$rc" -eq 0 ] || fail "deploysim-ui exited with $rc"
grep -q "recorded the session in $tmp/rec.json" "$tmp/ui.err" || fail "no record written"

# --- the recording ---------------------------------------------------------------------------
at=$(python3 - "$tmp/rec.json" "$node" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
ev = doc["events"]
fails = [e for e in ev if e["action"] == "failNode"]
assert len(fails) == 1 and fails[0]["node"] == sys.argv[2], ev
assert fails[0]["at"] >= 2, fails[0]            # after two 1 s steps
deploys = [e for e in ev if e["action"] == "deploy"]
assert deploys == [{"at": 60, "action": "deploy", "service": "web", "version": "v2"}], ev
print(repr(float(fails[0]["at"])))
PY
) || fail "the recording has no failNode of $node"
python3 -c 'import sys; assert abs(float(sys.argv[1]) - float(sys.argv[2])) < 1e-6' "$at" "$shown_at" ||
    fail "recorded at $at s, applied in the window at $shown_at s"
echo "recorded: failNode $node at $at s"
"$DEPLOYSIM" validate "$tmp/rec.json" >/dev/null || fail "the recording does not validate"

# --- deploysim run of the recording: deterministic, and it shows the failure ------------------
"$DEPLOYSIM" run "$tmp/rec.json" -o "$tmp/a" --quiet >/dev/null || fail "deploysim run (1)"
"$DEPLOYSIM" run "$tmp/rec.json" -o "$tmp/b" --quiet >/dev/null || fail "deploysim run (2)"
n=0
for f in "$tmp"/a/*.csv; do
    cmp -s "$f" "$tmp/b/$(basename "$f")" || fail "$(basename "$f") differs between two runs"
    n=$((n + 1))
done
[ "$n" -ge 7 ] || fail "only $n CSV files"
python3 - "$tmp/a" "$node" "$at" <<'PY' || fail "the CSVs do not show the node failure"
import csv, sys
out, node, at = sys.argv[1], sys.argv[2], float(sys.argv[3])
ev = list(csv.DictReader(open(f"{out}/events.csv")))
failed = [e for e in ev if e["reason"] == "NodeFailed"]
assert [(e["time_s"], e["object"]) for e in failed] == [(f"{at:.3f}", f"Node/{node}")], failed
nodes = list(csv.DictReader(open(f"{out}/nodes.csv")))
down = [r for r in nodes if r["node"] == node and r["state"] == "NotReady"]
assert down and float(down[0]["time_s"]) > at, down
print(f"events.csv: NodeFailed Node/{node} at {failed[0]['time_s']} s; "
      f"nodes.csv: NotReady at {down[0]['time_s']} s")
PY

# --- the UI's re-simulation of the recording is the state the window showed -------------------
"$DEPLOYSIM_UI" --screenshot "$tmp/replay.png" --at "$at" --size 1280x720 "$tmp/rec.json" ||
    fail "headless replay of the recording"
cmp -s "$shot" "$tmp/replay.png" ||
    fail "the window's frame at $at s and the headless replay of the recording differ"
echo "window frame = headless replay at $at s ($(stat -c %s "$shot") bytes)"
echo "ui_xvfb: ok"
