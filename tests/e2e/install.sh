#!/usr/bin/env bash
# make install into a DESTDIR: binaries, lessons, schema, man pages, bash completion; the
# installed binaries run from another directory — deploysim on an installed lesson, and
# deploysim-ui with no scenario finds its default lesson beside itself (headless screenshot);
# make uninstall removes every file it installed.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/common.bash"
BUILD=${BUILD:-build}
root=$PWD
make -s --no-print-directory BUILD="$BUILD" SANITIZE="${SANITIZE:-}" DESTDIR="$tmp/d" PREFIX=/opt/ds install >"$tmp/log" 2>&1 ||
    fail "make install: $(cat "$tmp/log")"
p=$tmp/d/opt/ds
for f in bin/deploysim share/deploysim/scenarios/rolling-update.json share/deploysim/schema/schema.json \
    share/man/man1/deploysim.1 share/bash-completion/completions/deploysim; do
    [ -f "$p/$f" ] || fail "not installed: $f"
done
[ "$(ls "$p/share/deploysim/scenarios" | wc -l)" -eq "$(ls scenarios/*.json | wc -l)" ] || fail "not every lesson installed"
cd "$tmp"
"$p/bin/deploysim" validate "$p"/share/deploysim/scenarios/*.json >/dev/null || fail "installed lessons do not validate"
"$p/bin/deploysim" run "$p/share/deploysim/scenarios/rolling-update.json" --set duration=60s -q -o "$tmp/out"
[ "$(wc -l <"$tmp/out/summary.csv")" -eq 2 ] || fail "the installed deploysim did not run"
# the man pages are valid troff with the sections a reader looks for
for m in deploysim deploysim-ui; do
    if command -v man >/dev/null; then
        out=$(MANWIDTH=80 man -l "$p/share/man/man1/$m.1" 2>&1) || fail "man $m"
    else # no man-db: the section headings in the source
        out=$(sed -n 's/^\.SH "*\([^"]*\)"*$/\1/p' "$p/share/man/man1/$m.1")
    fi
    for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS"; do
        grep -q "^$s" <<<"$out" || fail "man $m: no $s section"
    done
done
# bash completion: subcommands, then a subcommand's options
bash -c ". '$p/share/bash-completion/completions/deploysim'
COMP_WORDS=(deploysim sw); COMP_CWORD=1; _deploysim; [ \"\${COMPREPLY[*]}\" = sweep ] || exit 1
COMP_WORDS=(deploysim sweep --re); COMP_CWORD=2; _deploysim; [ \"\${COMPREPLY[*]}\" = '--replications --resume' ] || exit 2" ||
    fail "bash completion ($?)"
if [ -x "$p/bin/deploysim-ui" ]; then
    SDL_VIDEODRIVER=offscreen "$p/bin/deploysim-ui" --screenshot "$tmp/s.png" --at 30 --size 640x400 >/dev/null 2>"$tmp/err" ||
        fail "the installed dashboard did not find its default lesson: $(cat "$tmp/err")"
    [ -s "$tmp/s.png" ] || fail "no screenshot"
fi
cd "$root"
make -s --no-print-directory BUILD="$BUILD" DESTDIR="$tmp/d" PREFIX=/opt/ds uninstall
[ -z "$(find "$tmp/d" -type f -o -type l)" ] || fail "left after uninstall: $(find "$tmp/d" -type f -o -type l)"
echo "install: ok"
