# Shared by the end-to-end scripts (source it).
# col FILE SERVICE COLUMN-NAME: a summary.csv value by its header name. The scenario name comes
# first and may be quoted with commas in it: it is replaced by a token before splitting.
col() {
    sed -E 's/^"([^"]|"")*"/name/' "$1" | awk -F, -v s="$2" -v c="$3" \
        'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next } $3 == s { print $k }'
}
fail() { echo "FAIL: $*"; exit 1; }
