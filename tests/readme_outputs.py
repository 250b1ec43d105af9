#!/usr/bin/env python3
"""Regenerates every command output shown in README.md, so the README never shows stale
numbers. An output block is the fenced block right after a marker line

    <!-- output of: COMMAND -->

and holds what COMMAND prints (stdout) when run by bash in a scratch directory where
`build/` is the build directory ($BUILD, default build), `scenarios/` the lessons and
`tests/` the test data; files a
command writes (out/...) stay there for the next marked command.

    tests/readme_outputs.py           check: exit 1 and a diff when a block is stale
    tests/readme_outputs.py --update  rewrite the blocks in README.md
"""
import difflib
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARK = re.compile(r"^<!-- output of: (.*) -->$")


def run(cmd, cwd):
    p = subprocess.run(["bash", "-c", "set -o pipefail; " + cmd], cwd=cwd, capture_output=True,
                       text=True)
    if p.returncode != 0:
        sys.exit(f"readme_outputs: `{cmd}` exited {p.returncode}:\n{p.stderr}")
    return p.stdout


def main():
    update = "--update" in sys.argv[1:]
    build = os.path.join(ROOT, os.environ.get("BUILD", "build"))
    path = os.path.join(ROOT, "README.md")
    lines = open(path, encoding="utf-8").read().split("\n")
    out, i, blocks = [], 0, 0
    with tempfile.TemporaryDirectory() as scratch:
        os.symlink(build, os.path.join(scratch, "build"))
        os.symlink(os.path.join(ROOT, "scenarios"), os.path.join(scratch, "scenarios"))
        os.symlink(os.path.join(ROOT, "tests"), os.path.join(scratch, "tests"))
        while i < len(lines):
            m = MARK.match(lines[i])
            out.append(lines[i])
            i += 1
            if not m:
                continue
            if i >= len(lines) or not lines[i].startswith("```"):
                sys.exit(f"readme_outputs: README.md:{i}: no fenced block after the marker")
            fence = lines[i]
            j = i + 1
            while j < len(lines) and lines[j] != "```":
                j += 1
            text = run(m.group(1), scratch).rstrip("\n")
            out.append(fence)
            out.extend(text.split("\n"))
            out.append("```")
            i = j + 1
            blocks += 1
    new = "\n".join(out)
    old = "\n".join(lines)
    if update:
        if new != old:
            open(path, "w", encoding="utf-8").write(new)
        print(f"readme_outputs: {blocks} blocks regenerated")
        return 0
    if new != old:
        for line in difflib.unified_diff(old.split("\n"), new.split("\n"), "README.md",
                                         "README.md (regenerated)", lineterm="", n=1):
            print(line)
        print("\nreadme_outputs: README.md shows stale outputs: run tests/readme_outputs.py --update")
        return 1
    print(f"readme_outputs: {blocks} blocks up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
