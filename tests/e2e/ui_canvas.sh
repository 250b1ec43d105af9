#!/usr/bin/env bash
# The dashboard's frames drawn again only where they changed (ui/canvas.c) are the frames of
# drawing everything: DEPLOYSIM_UI_CANVAS=check draws each frame both ways and counts the pixels
# that differ, which must be none —
#   - headless, frames played up to --at after a jump back (the time bar), on a lesson, on
#     Korean at 720p with --font-scale 1.5, on two scenarios side by side in the dark theme,
#     and on 1,000 nodes at 1920x1080 (node cards too small for pod tiles, kept as textures by
#     ui/draw_cards.c: at 720p they are drawn as tiles);
#   - in a window under Xvfb (software renderer), while the mouse hovers over the toolbar and
#     the panels, a click jumps on the time bar, and the run plays and steps.
# And a screenshot is the same PNG with the canvas as with DEPLOYSIM_UI_CANVAS=0 (drawn at once),
# and the same with the node cards from their textures as drawn one by one (--scene draws them
# one by one, as it describes each).
set -euo pipefail
: "${DEPLOYSIM_UI:=$PWD/build/deploysim-ui}"
tmp=$(mktemp -d)
xvfb_pid=""
ui_pid=""
cleanup() {
    [ -n "$ui_pid" ] && kill "$ui_pid" 2>/dev/null && wait "$ui_pid" 2>/dev/null
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -s "$tmp/err" ] && tail -n 20 "$tmp/err" >&2; exit 1; }
[ -x "$DEPLOYSIM_UI" ] || fail "$DEPLOYSIM_UI is not built"

# Drawing reaches the screen only through the canvas: an SDL drawing call elsewhere in ui/
# would draw at once, under or over the recorded frame, and stay in the tiles kept.
direct=$(grep -n 'SDL_Render\(Fill\|Copy\|Draw\|Geometry\|Clear\)' ui/*.c |
    grep -v '^ui/\(canvas\|gfx\|text\|draw_cards\|app_shot\)\.c:' || true)
[ -z "$direct" ] || fail "SDL drawing outside the canvas: $direct"

# checked NAME MIN: the canvas line of $tmp/err says at least MIN frames were drawn in part and
# checked, and that no pixel differed.
checked() {
    local line n bad
    line=$(grep '^canvas: .* checked against drawing everything' "$tmp/err" | tail -n 1) ||
        fail "$1: no canvas line"
    n=$(sed -n 's/.*; \([0-9]*\) checked against.*/\1/p; s/^canvas: \([0-9]*\) frames checked.*/\1/p' <<<"$line" | head -n 1)
    bad=$(sed -n 's/.*, \([0-9]*\) pixels differed$/\1/p' <<<"$line")
    [ -n "$n" ] && [ -n "$bad" ] || fail "$1: cannot read '$line'"
    [ "$bad" -eq 0 ] || fail "$1: $bad pixels differ from drawing everything"
    [ "$n" -ge "$2" ] || fail "$1: only $n frames drawn in part ($line)"
    ! grep -q '^deploysim-ui: canvas check' "$tmp/err" || fail "$1: a frame differed"
    echo "$1: $n frames drawn in part, each the same as drawing everything"
}

# played NAME AT ARGS...: 16 frames 2 s apart up to AT, after a jump back from AT.
played() {
    local name=$1 at=$2
    shift 2
    DEPLOYSIM_UI_CANVAS=check DEPLOYSIM_UI_BENCH=16 DEPLOYSIM_UI_BENCH_PLAY=2 \
        "$DEPLOYSIM_UI" --screenshot "$tmp/$name.png" --at "$at" "$@" 2>"$tmp/err" >/dev/null ||
        fail "$name: deploysim-ui failed"
    checked "$name" 12
}

played lesson 100 --size 1280x720 scenarios/rolling-update.json
played korean 130 --size 1280x720 --font-scale 1.5 --lang ko scenarios/canary.json
played compare 80 --size 1280x720 --theme dark scenarios/recreate.json scenarios/rolling-update.json
played nodes-1000 300 --size 1920x1080 tests/bench/ui-1000-nodes.json

# a frame drawn whole is the frame drawn at once, byte for byte
"$DEPLOYSIM_UI" --screenshot "$tmp/on.png" --at 100 --size 1280x720 --lang ko \
    scenarios/node-failure.json 2>/dev/null || fail "screenshot with the canvas"
DEPLOYSIM_UI_CANVAS=0 "$DEPLOYSIM_UI" --screenshot "$tmp/off.png" --at 100 --size 1280x720 \
    --lang ko scenarios/node-failure.json 2>/dev/null || fail "screenshot without the canvas"
cmp -s "$tmp/on.png" "$tmp/off.png" || fail "the canvas changed a screenshot"

# node cards from their kept textures are the cards drawn one by one, byte for byte
"$DEPLOYSIM_UI" --screenshot "$tmp/kept.png" --at 300 --size 1920x1080 \
    tests/bench/ui-1000-nodes.json 2>/dev/null || fail "1,000-node screenshot"
"$DEPLOYSIM_UI" --screenshot "$tmp/direct.png" --scene "$tmp/direct.json" --at 300 \
    --size 1920x1080 tests/bench/ui-1000-nodes.json 2>/dev/null || fail "1,000-node scene"
cmp -s "$tmp/kept.png" "$tmp/direct.png" || fail "cards from their textures differ from cards drawn"

# --- a window: hovering, a jump on the time bar, playing, steps -----------------------------
for tool in Xvfb xdotool; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP (window): $tool is not installed (make deps installs it)"
        exit 0
    fi
done
Xvfb -displayfd 3 -screen 0 1600x900x24 -nolisten tcp 3>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 300); do
    grep -q '^[0-9][0-9]*$' "$tmp/display" 2>/dev/null && break
    kill -0 "$xvfb_pid" 2>/dev/null || fail "Xvfb exited: $(cat "$tmp/xvfb.log")"
    sleep 0.05
done
grep -q '^[0-9][0-9]*$' "$tmp/display" || fail "Xvfb did not start"
export DISPLAY=":$(cat "$tmp/display")"
unset WAYLAND_DISPLAY
env SDL_VIDEODRIVER=x11 SDL_RENDER_DRIVER=software SDL_FRAMEBUFFER_ACCELERATION=0 \
    DEPLOYSIM_UI_CANVAS=check "$DEPLOYSIM_UI" scenarios/rolling-update.json --size 1280x720 \
    --lang ko --font-scale 1.5 2>"$tmp/err" &
ui_pid=$!
wid=$(timeout 20 xdotool search --sync --onlyvisible --name '^deploysim$' | head -n 1) || true
[ -n "$wid" ] || fail "no deploysim window appeared"
timeout 10 xdotool windowfocus --sync "$wid" || fail "cannot focus the window"
sleep 0.5
# the mouse over the toolbar's buttons and time bar, then over the panels
for x in 20 60 105 150 200 300 450 550 650 900 1250; do
    xdotool mousemove --window "$wid" "$x" 22
    sleep 0.05
done
for y in 120 300 450 600; do
    for x in 100 500 900 1200; do
        xdotool mousemove --window "$wid" "$x" "$y"
        sleep 0.05
    done
done
xdotool mousemove --window "$wid" 560 22 click 1 # a jump on the time bar
sleep 0.3
xdotool key space
sleep 1
xdotool key space period period
sleep 0.5
xdotool mousemove --window "$wid" 600 300
sleep 0.3
kill -0 "$ui_pid" 2>/dev/null || fail "deploysim-ui exited early"
xdotool key q q
for _ in $(seq 200); do
    kill -0 "$ui_pid" 2>/dev/null || break
    sleep 0.05
done
rc=0
wait "$ui_pid" || rc=$?
ui_pid=""
[ "$rc" -eq 0 ] || fail "deploysim-ui exited with $rc"
checked window 20
echo "ui_canvas: ok"
