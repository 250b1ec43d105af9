#!/usr/bin/env python3
"""Prints gcovr's JSON summary as a table: line and branch coverage per file, then per folder
(sim/, cli/, ui/) -- the figures `make coverage` reports. The last column counts the branches
not taken: what to look at first is the largest count, not the lowest percentage."""
import json
import sys


def pct(covered, total):
    return f"{100.0 * covered / total:6.1f} %" if total else "     - "


def main(path):
    with open(path) as f:
        files = json.load(f)["files"]
    folders = {}
    print(f"{'file':34} {'lines':>9} {'branches':>9} {'not taken':>9}")
    for e in sorted(files, key=lambda e: e["filename"]):
        name = e["filename"]
        print(f"{name:34} {pct(e['line_covered'], e['line_total']):>9} "
              f"{pct(e['branch_covered'], e['branch_total']):>9} "
              f"{e['branch_total'] - e['branch_covered']:>9}")
        folder = name.rsplit("/", 1)[0] + "/"
        t = folders.setdefault(folder, [0, 0, 0, 0])
        t[0] += e["line_covered"]
        t[1] += e["line_total"]
        t[2] += e["branch_covered"]
        t[3] += e["branch_total"]
    print()
    for folder, (lc, lt, bc, bt) in sorted(folders.items()):
        print(f"{folder:34} {pct(lc, lt):>9} {pct(bc, bt):>9}   ({lc}/{lt} lines, {bc}/{bt} branches)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build-cov/coverage.json")
