# deploysim — one Makefile for the simulator library, the CLI, the dashboard and the tests.
# `make` builds build/deploysim and build/deploysim-ui; `make test` runs every test;
# `make test SANITIZE=1` does it again under ASan+UBSan in build-san/.

# Installation: `make install PREFIX=... DESTDIR=...`; CFLAGS, CPPFLAGS and LDFLAGS from the
# command line or the environment are added after ours (so CFLAGS=-O0 wins).
PREFIX ?= /usr/local
DATADIR ?= $(PREFIX)/share/deploysim
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
CC ?= cc
V ?= 0
Q := $(if $(filter 1,$(V)),,@)

ifeq ($(COVERAGE),1)
# gcc --coverage without optimisation, so that lines and branches map to the source;
# DEPLOYSIM_COVERAGE: processes that end with _exit or a signal write their counts first
BUILD ?= build-cov
SANFLAGS := --coverage -DDEPLOYSIM_COVERAGE
OPT ?= -O0
else ifeq ($(SANITIZE),1)
BUILD ?= build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
OPT ?= -O1
else
BUILD ?= build
SANFLAGS :=
OPT ?= -O2
endif

# Debian packages: what building needs, and what the tests need on top.
DEPS_BUILD := gcc make pkg-config libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libfontconfig-dev \
              fonts-dejavu-core fonts-noto-cjk libcjson-dev libgsl-dev libcmocka-dev libyaml-dev
DEPS_TEST := xvfb xauth xdotool valgrind clang libclang-rt-dev clang-format python3-jsonschema \
             python3-yaml python3-simpy

PKGS_SIM := libcjson gsl
PKGS_CLI := yaml-0.1
PKGS_UI := sdl2 SDL2_ttf SDL2_image fontconfig
PKGS_TEST := cmocka

pc = $(shell pkg-config $(1) $(2) 2>/dev/null)

# No -march=native and no FMA contraction: every x86-64 machine gives the same bytes.
CFLAGS_BASE := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) -g \
               -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wno-unused-parameter \
               -ffp-contract=off -fno-strict-aliasing -MMD -MP $(SANFLAGS)
# Layers the compiler enforces: include/ is the public API (sim.h, scenario.h, ...); the
# simulator (sim/) sees its own headers too; the CLI (cli/) and the dashboard (ui/) see only
# include/ and their own folder. Tests may look inside.
CFLAGS_PUB := $(CFLAGS_BASE) -Iinclude $(call pc,--cflags,$(PKGS_SIM))
# The simulator also converts no value silently (-Wconversion, sign included): a narrowing is
# written as a cast where the range makes it safe.
CFLAGS_SIM := $(CFLAGS_PUB) -Isim -Wconversion
LIBS_SIM := $(call pc,--libs,$(PKGS_SIM)) -lm
CFLAGS_CLI := $(CFLAGS_PUB) -Icli -Wconversion $(call pc,--cflags,$(PKGS_CLI))
LIBS_CLI := $(call pc,--libs,$(PKGS_CLI))
CFLAGS_UI := $(CFLAGS_PUB) -Iui $(call pc,--cflags,$(PKGS_UI)) -DDEPLOYSIM_DATADIR='"$(DATADIR)"'
LIBS_UI := $(call pc,--libs,$(PKGS_UI))
CFLAGS_TEST := $(CFLAGS_UI) -Isim -Icli -Itests $(call pc,--cflags,$(PKGS_TEST) $(PKGS_CLI))
LIBS_TEST := $(call pc,--libs,$(PKGS_TEST))

SIM_SRC := $(wildcard sim/*.c)
CLI_SRC := $(wildcard cli/*.c)
UI_SRC := $(filter-out ui/main.c,$(wildcard ui/*.c))
UI_MAIN := $(wildcard ui/main.c)
TEST_SRC := $(wildcard tests/test_*.c)
FUZZ_SRC := $(wildcard tests/fuzz/*.c)

SIM_OBJ := $(SIM_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
UI_OBJ := $(UI_SRC:%.c=$(BUILD)/%.o)
UI_MAIN_OBJ := $(UI_MAIN:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
LIBSIM := $(BUILD)/libdeploysim.a
LIBUI := $(BUILD)/libdeploysim-ui.a

CLI_BIN := $(BUILD)/deploysim
UI_BIN := $(BUILD)/deploysim-ui

.PHONY: all test run bench bench-hyperscale install clean deps deps-check format fuzz fuzz-run unit e2e golden coverage format-check

all: $(CLI_BIN) $(if $(UI_MAIN),$(UI_BIN))

$(BUILD)/sim/%.o: sim/%.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS_SIM) $(CFLAGS) -c $< -o $@

$(BUILD)/cli/%.o: cli/%.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS_CLI) $(CFLAGS) -c $< -o $@

$(BUILD)/ui/%.o: ui/%.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS_UI) $(CFLAGS) -c $< -o $@

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS_TEST) $(CFLAGS) -c $< -o $@

$(LIBSIM): $(SIM_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

$(LIBUI): $(UI_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

$(CLI_BIN): $(CLI_OBJ) $(LIBSIM)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) $(SANFLAGS) $(LDFLAGS) $(CLI_OBJ) $(LIBSIM) $(LIBS_CLI) $(LIBS_SIM) -o $@

$(UI_BIN): $(UI_MAIN_OBJ) $(LIBUI) $(LIBSIM)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) $(SANFLAGS) $(LDFLAGS) $(UI_MAIN_OBJ) $(LIBUI) $(LIBSIM) $(LIBS_UI) $(LIBS_SIM) -o $@

# Every tests/test_*.c is one cmocka program; tests/test_ui_*.c link the UI library too, and
# tests/test_import.c the CLI's objects (all but main) with libyaml.
$(BUILD)/tests/test_import: $(BUILD)/tests/test_import.o $(filter-out $(BUILD)/cli/main.o,$(CLI_OBJ)) $(LIBSIM)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) $(SANFLAGS) $(LDFLAGS) $(filter %.o,$^) $(LIBSIM) $(LIBS_TEST) $(LIBS_CLI) $(LIBS_SIM) -o $@

# tests/test_sim.c makes allocations fail in turn: the link wraps the allocator (-Wl,--wrap).
WRAP_ALLOC := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup
$(BUILD)/tests/test_sim: $(BUILD)/tests/test_sim.o $(LIBSIM)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) $(SANFLAGS) $(LDFLAGS) $(WRAP_ALLOC) $< $(LIBSIM) $(LIBS_TEST) $(LIBS_SIM) -o $@

$(BUILD)/tests/test_ui_%: $(BUILD)/tests/test_ui_%.o $(LIBUI) $(LIBSIM)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) $(SANFLAGS) $(LDFLAGS) $< $(LIBUI) $(LIBSIM) $(LIBS_TEST) $(LIBS_UI) $(LIBS_SIM) -o $@

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIBSIM)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) $(SANFLAGS) $(LDFLAGS) $< $(LIBSIM) $(LIBS_TEST) $(LIBS_SIM) -o $@

# --- set-up: install what is missing (apt-get, through sudo when not root) ---
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
deps:
	$(SUDO) apt-get update
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y $(DEPS_BUILD) $(DEPS_TEST)

# Cheap check first: only call apt-get when a package is really missing.
deps-check:
	@missing=""; for p in $(DEPS_BUILD) $(DEPS_TEST); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then echo "installing missing Debian packages:$$missing"; \
	  $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; fi

unit: $(TEST_BIN)
test: deps-check
	$(Q)$(MAKE) --no-print-directory all unit $(BUILD)/tests/bench_engine
	$(Q)BUILD=$(BUILD) SANITIZE=$(SANITIZE) bash tests/run.sh

run: deps-check
	$(Q)$(MAKE) --no-print-directory all
	$(Q)if [ -x $(UI_BIN) ] && { [ -n "$$DISPLAY" ] || [ -n "$$WAYLAND_DISPLAY" ]; }; then \
	  $(UI_BIN) scenarios/rolling-update.json || { rc=$$?; [ $$rc -eq 1 ] || exit $$rc; \
	    echo "The dashboard could not open a window: running the default lesson headless."; \
	    $(CLI_BIN) run scenarios/rolling-update.json -o out/; }; \
	else \
	  echo "No display found (DISPLAY is not set): running the default lesson headless."; \
	  $(CLI_BIN) run scenarios/rolling-update.json -o out/; \
	fi

# Golden outputs: regenerate tests/golden after a change that alters outputs on purpose.
golden: all
	$(Q)BUILD=$(BUILD) bash tests/golden.sh --update

bench: deps-check
	$(Q)$(MAKE) --no-print-directory all $(BUILD)/tests/bench_engine
	$(Q)BUILD=$(BUILD) bash tests/bench.sh
	$(Q)BUILD=$(BUILD) bash tests/bench_scale.sh

# 130,000 nodes (two pools of 65,000), ~3.9 million pods: its time and peak memory
bench-hyperscale: all
	$(Q)BUILD=$(BUILD) SCALE_NODES=130000 bash tests/bench_scale.sh

# the jump benchmark drives the dashboard's session (ui/session.c, no SDL) as a click would
$(BUILD)/tests/bench_engine: tests/bench/bench_engine.c ui/session.c ui/session.h $(LIBSIM)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS_SIM) -Iui $< ui/session.c $(LIBSIM) $(LIBS_SIM) -o $@

# libFuzzer: fuzz_scenario on the scenario loader, fuzz_run on whole short runs (clang).
# FUZZ_SECONDS bounds `make fuzz-run`; FUZZ_RUNS=N makes the loader's a fixed, seeded number of
# runs, and FUZZ_RUN_RUNS the whole-run target's (what CI does, so CI never depends on luck).
FUZZ_SECONDS ?= 20
FUZZ_RUN_RUNS ?= 400
FUZZ_BIN := build-fuzz/fuzz_scenario
FUZZ_RUN_BIN := build-fuzz/fuzz_run
FUZZ_CC = clang -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g \
    -fsanitize=fuzzer,address,undefined -Iinclude -Isim $(call pc,--cflags,$(PKGS_SIM))
build-fuzz/%: tests/fuzz/%.c $(SIM_SRC) $(wildcard sim/*.h include/*.h tests/fuzz/*.h)
	@mkdir -p build-fuzz
	$(if $(Q),@echo "  FUZZ    $@")
	$(Q)$(FUZZ_CC) $< $(SIM_SRC) $(LIBS_SIM) -o $@
fuzz: deps-check $(FUZZ_BIN) $(FUZZ_RUN_BIN)
fuzz-run: fuzz
	@mkdir -p build-fuzz/corpus build-fuzz/corpus-run
	$(Q)$(FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) $(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS) -seed=1) \
	    -max_len=8192 -timeout=10 build-fuzz/corpus tests/invalid scenarios
	$(Q)$(FUZZ_RUN_BIN) -max_total_time=$(FUZZ_SECONDS) \
	    $(if $(FUZZ_RUNS),-runs=$(FUZZ_RUN_RUNS) -seed=1) \
	    -max_len=8192 -timeout=20 build-fuzz/corpus-run scenarios tests/scenarios

# make install: the binaries (the rule below), and the lessons and the schema (DATADIR; the
# dashboard finds its default lesson there from any directory), a man page per binary and
# bash completion (install-data). make uninstall removes all of it.
.PHONY: install-data uninstall
install: install-data
install-data:
	install -d $(DESTDIR)$(DATADIR)/scenarios $(DESTDIR)$(DATADIR)/schema \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR)
	install -m 644 scenarios/*.json $(DESTDIR)$(DATADIR)/scenarios/
	install -m 644 schema/schema.json $(DESTDIR)$(DATADIR)/schema/
	install -m 644 man/deploysim.1 man/deploysim-ui.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 contrib/bash-completion/deploysim $(DESTDIR)$(BASHCOMPDIR)/deploysim
	ln -sf deploysim $(DESTDIR)$(BASHCOMPDIR)/deploysim-ui

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/deploysim $(DESTDIR)$(PREFIX)/bin/deploysim-ui
	rm -f $(DESTDIR)$(MANDIR)/man1/deploysim.1 $(DESTDIR)$(MANDIR)/man1/deploysim-ui.1
	rm -f $(DESTDIR)$(BASHCOMPDIR)/deploysim $(DESTDIR)$(BASHCOMPDIR)/deploysim-ui
	rm -rf $(DESTDIR)$(DATADIR)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(CLI_BIN) $(DESTDIR)$(PREFIX)/bin/
	$(if $(UI_MAIN),install -m 755 $(UI_BIN) $(DESTDIR)$(PREFIX)/bin/)

# Line and branch coverage of the whole suite (gcovr, a Debian package): per file, then per
# folder in the closing lines. Objects and .gcda files go to build-cov/.
coverage:
	$(Q)command -v gcovr >/dev/null || { $(SUDO) apt-get update && \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y gcovr; }
	$(Q)find build-cov -name '*.gcda' -delete 2>/dev/null || true
	$(Q)$(MAKE) --no-print-directory test COVERAGE=1
	$(Q)gcovr --root . --object-directory build-cov --filter 'sim/' --filter 'cli/' --filter 'include/' --filter 'ui/' \
	    --exclude-unreachable-branches --json-summary build-cov/coverage.json build-cov >/dev/null
	$(Q)python3 tests/coverage_table.py build-cov/coverage.json

# Every C file follows .clang-format; `make format-check` (in .ci/run) fails on any that
# does not and names it.
C_FILES = $(wildcard include/*.h sim/*.[ch] cli/*.[ch] ui/*.[ch] tests/*.[ch] tests/*/*.c)
format:
	clang-format -i $(C_FILES)

format-check: deps-check
	$(Q)bad=$$(for f in $(C_FILES); do clang-format --dry-run -Werror "$$f" >/dev/null 2>&1 || echo "$$f"; done); \
	if [ -n "$$bad" ]; then echo "not formatted (run make format):" $$bad; exit 1; fi; \
	echo "format: $(words $(C_FILES)) C files follow .clang-format"

clean:
	rm -rf build build-san build-fuzz build-cov

.SECONDARY:
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
