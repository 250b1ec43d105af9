#!/usr/bin/env python3
"""Functions longer than LIMIT lines (from the first line of the signature to the closing
brace) in the C files given, which must say why in the comment right above them with the
words "Long only as ..." (say, a switch with one short case per option). Prints each
unexplained one and exits 1; with --all, lists every long function, explained or not.

Relies on the layout clang-format gives (.clang-format, LLVM style): a definition starts in
column 0 and its body ends with a `}` alone in column 0."""
import re
import sys

SIGNATURE = re.compile(r'^(?!typedef\b|#)[A-Za-z_][^;=()]*\b([A-Za-z_][A-Za-z0-9_]*)\(')
REASON = re.compile(r'\bLong only as\b', re.IGNORECASE)


def comment_above(lines, i):
    """The block comment that ends on the line before `i` ('' if none)."""
    j = i - 1
    if j < 0 or not lines[j].rstrip().endswith('*/'):
        return ''
    while j >= 0 and not lines[j].lstrip().startswith('/*'):
        j -= 1
    return ' '.join(lines[max(j, 0):i])


def long_functions(path, limit):
    lines = open(path, encoding='utf-8').read().split('\n')
    i = 0
    while i < len(lines):
        m = SIGNATURE.match(lines[i])
        if not m:
            i += 1
            continue
        j = i  # the signature may span lines; the body opens where it ends with '{'
        while j < len(lines) and not lines[j].rstrip().endswith(('{', ';', '}')):
            j += 1
        if j >= len(lines) or not lines[j].rstrip().endswith('{') or lines[j].startswith('}'):
            i = j + 1
            continue
        k = j + 1
        while k < len(lines) and lines[k] != '}':
            k += 1
        n = k - i + 1
        if n > limit:
            yield i + 1, m.group(1), n, bool(REASON.search(comment_above(lines, i)))
        i = k + 1


def main(argv):
    show_all = '--all' in argv
    args = [a for a in argv if a != '--all']
    limit, files = int(args[0]), args[1:]
    bad = 0
    for path in files:
        for line, name, n, why in long_functions(path, limit):
            if show_all or not why:
                print(f'{path}:{line}: {name}: {n} lines{" (says why)" if why else ""}')
            bad += not why
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
