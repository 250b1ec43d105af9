#!/usr/bin/env bash
# Rules of the code's structure that the compiler does not check (docs/ARCHITECTURE.md):
# the dashboard reads the typed fields of events and decisions (sim_ref_t), never parses their
# text (comparing two messages whole, to fold repeats, is not parsing).
set -u
cd "$(dirname "$0")/../.."
source tests/e2e/common.bash
hits=$(grep -nE '(sscanf|strstr|strncmp|strchr|strrchr|atoi|strtol)\([^;]*->(message|decision|explanation)' ui/*.c)
[ -z "$hits" ] || fail "ui/ parses event or decision text instead of sim_ref_t: $hits"
echo "structure: ui/ reads no message text"
# the code cites documents in the repository (docs/), never design notes a clone does not have
hits=$(grep -rnE 'SEMANTICS\.md|DESIGN\.md|DASHBOARD\.md|STYLE\.md|\.\./shared' sim ui tests/*.c tests/e2e Makefile README.md docs 2>/dev/null | grep -v '^tests/e2e/structure.sh')
[ -z "$hits" ] || fail "cites documents outside the repository: $hits"
echo "structure: every cited document is in the repository"
# layers: cli/ and ui/ include only the public headers (include/) and their own folder's
for dir in cli ui; do
    for inc in $(grep -ho '#include "[^"]*"' "$dir"/*.[ch] | sed 's/#include "\(.*\)"/\1/' | sort -u); do
        [ -f "include/$inc" ] || [ -f "$dir/$inc" ] || fail "$dir/ includes $inc, which is neither public (include/) nor its own"
    done
done
echo "structure: cli/ and ui/ see only include/"
# SDL stays in ui/; cJSON in the loader's files (scenario*.c, loader.h) and the CLI
hits=$(grep -ln '#include <SDL\|#include <cjson\|#include <cJSON' sim/*.[ch] include/*.h | grep -v '^sim/scenario[a-z_]*\.c$\|^sim/loader\.h$')
[ -z "$hits" ] || fail "SDL or cJSON outside the loader: $hits"
hits=$(grep -ln '#include <cjson\|#include <cJSON' ui/*.[ch])
[ -z "$hits" ] || fail "cJSON in ui/: $hits"
echo "structure: SDL only in ui/, cJSON only in the loader and the CLI"
# libyaml (Kubernetes manifests for import/export) only in cli/
hits=$(grep -ln '#include <yaml' sim/*.[ch] include/*.h ui/*.[ch])
[ -z "$hits" ] || fail "libyaml outside cli/: $hits"
echo "structure: libyaml only in cli/"
# model.h is the world's structs and event kinds: no function prototypes (each controller
# declares its functions in its own header)
hits=$(grep -nE '^[a-zA-Z_][a-zA-Z0-9_ \*]*\b[a-z_][a-z0-9_]*\([^)]*\)?[^;{]*;?\s*$' sim/model.h | grep -v '^[0-9]*:\s*typedef\|#define')
[ -z "$hits" ] || fail "sim/model.h declares functions: $hits"
echo "structure: model.h declares no function"
# functions stay under ~80 lines, or say why in the comment above them ("Long only as a switch
# with one short case per option"); `python3 tests/e2e/func_length.py --all 80 ...` lists them
hits=$(python3 tests/e2e/func_length.py 80 sim/*.c ui/*.c cli/*.c)
[ -z "$hits" ] || fail "functions over 80 lines without a reason in their comment: $hits"
echo "structure: no function over 80 lines without a reason"
# the dashboard treats strategies by their flags (strategy_type_flags, strategy_has_preview_service
# in include/scenario.h), never by kind, so that a new strategy needs no edit in ui/
hits=$(grep -nE 'STRATEGY_(ROLLING_UPDATE|RECREATE|CANARY|BLUE_GREEN)\b' ui/*.[ch])
[ -z "$hits" ] || fail "ui/ compares strategy kinds instead of reading their flags: $hits"
echo "structure: ui/ reads strategy flags, never kinds"
