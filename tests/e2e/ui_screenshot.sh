#!/usr/bin/env bash
# deploysim-ui headless: --screenshot renders the frame at --at on SDL's offscreen driver (a PNG
# of the requested size with the dashboard's colours in it: pods of v2 in Okabe-Ito orange
# after the rollout), the comparison of two scenarios, --charts, --record that `deploysim run`
# accepts, and the errors: bad usage and bad scenarios exit 2, no display exits 1.
set -euo pipefail
: "${DEPLOYSIM_UI:=$PWD/build/deploysim-ui}"
: "${DEPLOYSIM:=$PWD/build/deploysim}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x "$DEPLOYSIM_UI" ] || fail "$DEPLOYSIM_UI is not built"

# png_check FILE W H MIN_BYTES: a PNG of W x H whose compressed size shows it is not blank
# (an empty 1920x1080 frame compresses to a few kilobytes, a dashboard to far more).
png_check() {
    local desc
    desc=$(file -b "$1")
    case "$desc" in
        "PNG image data, $2 x $3, "*) ;;
        *) echo "$1: $desc, expected a $2 x $3 PNG" >&2; return 1 ;;
    esac
    [ "$(stat -c %s "$1")" -ge "$4" ] || { echo "$1: only $(stat -c %s "$1") bytes" >&2; return 1; }
}

# png_colours FILE: decodes the PNG and prints its number of distinct colours and the pixels of
# v1 blue and v2 orange (Okabe-Ito); fails when one colour fills nearly everything.
png_colours() {
    python3 - "$1" <<'PY'
import struct, sys, zlib
path = sys.argv[1]
data = open(path, "rb").read()
pos, idat = 8, []
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", data[pos + 8:pos + 18])
    elif kind == b"IDAT":
        idat.append(data[pos + 8:pos + 8 + n])
    pos += 12 + n
if depth != 8 or ctype not in (2, 6):
    sys.exit(f"{path}: unexpected PNG format (depth {depth}, colour type {ctype})")
bpp = 4 if ctype == 6 else 3
raw = zlib.decompress(b"".join(idat))
stride = w * bpp
prev = bytearray(stride)
colours = {}
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    if f == 1:
        for i in range(bpp, stride): line[i] = (line[i] + line[i - bpp]) & 255
    elif f == 2:
        line = bytearray((x + p) & 255 for x, p in zip(line, prev))
    elif f == 3:
        for i in range(stride):
            line[i] = (line[i] + ((line[i - bpp] if i >= bpp else 0) + prev[i]) // 2) & 255
    elif f == 4:
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    for x in range(0, stride, bpp):
        k = bytes(line[x:x + 3])
        colours[k] = colours.get(k, 0) + 1
blue = colours.get(bytes((0x00, 0x72, 0xB2)), 0)
orange = colours.get(bytes((0xE6, 0x9F, 0x00)), 0)
top = max(colours.values()) / (w * h)
if len(colours) < 50 or top > 0.9:
    sys.exit(f"{path}: looks blank ({len(colours)} colours, {top:.0%} one colour)")
print(len(colours), blue, orange)
PY
}

# --- the default lesson at 1:30: the rollout to v2 is done, its pods are orange ----------
"$DEPLOYSIM_UI" --screenshot "$tmp/a.png" --at 90 scenarios/rolling-update.json
png_check "$tmp/a.png" 1920 1080 60000 || fail "a.png"

# the colours tell the versions apart (checked at 720p, the quicker to decode)
"$DEPLOYSIM_UI" --screenshot "$tmp/late.png" --at 90 --size 1280x720 scenarios/rolling-update.json
png_check "$tmp/late.png" 1280 720 30000 || fail "late.png"
read -r ncol blue orange < <(png_colours "$tmp/late.png") || fail "late.png"
echo "1:30: $ncol colours, v1 blue $blue px, v2 orange $orange px"
[ "$orange" -gt 2000 ] || fail "no v2 (orange) pods at 1:30 ($orange pixels)"
[ "$orange" -gt $((blue * 4)) ] || fail "v1 blue ($blue) rivals v2 orange ($orange) after the rollout"
# before the deploy only v1 runs: blue pods
"$DEPLOYSIM_UI" --screenshot "$tmp/early.png" --at 30 --size 1280x720 scenarios/rolling-update.json
read -r ncol blue orange < <(png_colours "$tmp/early.png") || fail "early.png"
echo "0:30: $ncol colours, v1 blue $blue px, v2 orange $orange px"
[ "$blue" -gt 2000 ] || fail "no v1 (blue) pods at 0:30 ($blue pixels)"
[ "$blue" -gt $((orange * 4)) ] || fail "v2 orange ($orange) rivals v1 blue ($blue) before the deploy"

# the same frame twice: deterministic
"$DEPLOYSIM_UI" --screenshot "$tmp/a2.png" --at 90 scenarios/rolling-update.json
cmp -s "$tmp/a.png" "$tmp/a2.png" || fail "two screenshots of the same time differ"

# --- the comparison: two scenarios, one frame ------------------------------------------
"$DEPLOYSIM_UI" --screenshot "$tmp/cmp.png" --at 75 scenarios/recreate.json scenarios/rolling-update.json
png_check "$tmp/cmp.png" 1920 1080 60000 || fail "cmp.png"
cmp -s "$tmp/a.png" "$tmp/cmp.png" && fail "the comparison frame is the single frame"
"$DEPLOYSIM_UI" --screenshot "$tmp/cmp4k.png" --at 75 --size 3840x2160 --theme dark \
    scenarios/recreate.json scenarios/rolling-update.json
png_check "$tmp/cmp4k.png" 3840 2160 150000 || fail "cmp4k.png"

# --- --charts: one PNG per chart, over the whole run ------------------------------------
"$DEPLOYSIM_UI" --charts "$tmp/charts" scenarios/rolling-update.json >/dev/null
for c in requests pods errors latency nodes; do
    [ -f "$tmp/charts/$c.png" ] || fail "--charts wrote no $c.png"
    png_check "$tmp/charts/$c.png" 1600 560 10000 || fail "chart $c.png"
done

# --- --record: the session as a scenario that deploysim runs ----------------------------
"$DEPLOYSIM_UI" --screenshot "$tmp/r.png" --at 30 --record "$tmp/rec.json" scenarios/rolling-update.json 2>/dev/null
python3 - "$tmp/rec.json" <<'PY' || fail "recorded events"
import json, sys
doc = json.load(open(sys.argv[1]))
ev = doc["events"]
assert [e["action"] for e in ev] == ["deploy"], ev      # still to come at 0:30: kept
assert ev[0]["at"] == 60 and ev[0]["version"] == "v2", ev[0]
assert doc["name"].startswith("RollingUpdate"), doc["name"]
PY
"$DEPLOYSIM" validate "$tmp/rec.json" >/dev/null || fail "the recording does not validate"

# --- cards kept between frames -----------------------------------------------------------
# 1,000 nodes: the cards are drawn into textures and drawn again only when their node or pods
# changed (ui/draw_cards.c). Thirty frames played up to 5:00, 0.2 s apart in the middle of a
# rollout (cards redrawn one by one), end on the same pixels as drawing 5:00 at once.
"$DEPLOYSIM_UI" --screenshot "$tmp/once.png" --at 300 --size 1280x720 \
    tests/bench/ui-1000-nodes.json 2>/dev/null || fail "1,000 nodes at 5:00"
DEPLOYSIM_UI_BENCH=30 DEPLOYSIM_UI_BENCH_PLAY=0.2 "$DEPLOYSIM_UI" --screenshot "$tmp/played.png" \
    --at 300 --size 1280x720 tests/bench/ui-1000-nodes.json 2>"$tmp/err" || fail "played frames"
grep -q '^frame: mean' "$tmp/err" || fail "played frames: no timing"
cmp -s "$tmp/once.png" "$tmp/played.png" || fail "cards kept between frames differ from drawn at once"

# --- errors ------------------------------------------------------------------------------
set +e
"$DEPLOYSIM_UI" --screenshot "$tmp/x.png" --at soon scenarios/rolling-update.json 2>"$tmp/err"
[ $? -eq 2 ] || fail "--at soon: expected exit 2"
grep -q -- "--at" "$tmp/err" || fail "--at soon: no message"
"$DEPLOYSIM_UI" --at 5 scenarios/rolling-update.json 2>/dev/null
[ $? -eq 2 ] || fail "--at without --screenshot: expected exit 2"
"$DEPLOYSIM_UI" --bogus 2>/dev/null
[ $? -eq 2 ] || fail "unknown option: expected exit 2"
echo '{"name": "broken", "services": 3}' >"$tmp/bad.json"
"$DEPLOYSIM_UI" --screenshot "$tmp/x.png" --at 5 "$tmp/bad.json" 2>"$tmp/err"
[ $? -eq 2 ] || fail "invalid scenario: expected exit 2"
grep -q "bad.json" "$tmp/err" || fail "invalid scenario: the message does not name the file"
[ -e "$tmp/x.png" ] && fail "a screenshot was written for an invalid scenario"
env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$DEPLOYSIM_UI" scenarios/rolling-update.json 2>"$tmp/err"
[ $? -eq 1 ] || fail "no display: expected exit 1"
grep -q "no display" "$tmp/err" || fail "no display: no clear message"
set -e
"$DEPLOYSIM_UI" --help | grep -q -- "--screenshot" || fail "--help"
echo "ui_screenshot: ok"
