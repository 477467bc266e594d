# paiban — one plain GNU Makefile.
#   make            build ./paiban
#   make demo       install missing Debian packages (as root), build, render the samples in
#                   every built-in layout into out/
#   make test       build and run the Check test suite (and replay tests/fuzz/)
#   make valgrind   the samples under valgrind (tests/valgrind.sh): 0 errors, 0 lost
#   make fuzz       build the libFuzzer harnesses of fuzz/ with clang, ASan and UBSan
#                   and run each for FUZZ_SECONDS (default 60); FUZZERS=csv runs one
#   make bench      time the renderer (medians of wall, CPU, peak RSS), side by side
#                   with Typst 0.14 when Node.js is installed (bench/run.sh)
#   make install    PREFIX=/usr/local DESTDIR=
# CFLAGS given by the user are appended to ours; WERROR=1 turns warnings into errors;
# SANITIZE=address,undefined builds with sanitizers.

PREFIX  ?= /usr/local
DATADIR ?= $(CURDIR)
VERSION := 0.1.0

PKGS    := pangocairo pangoft2 fontconfig harfbuzz harfbuzz-subset cairo-pdf cairo-ft freetype2 \
           libpng libisal zlib yaml-0.1 icu-uc libqrencode libjpeg
# Opened when a document first needs them, not linked (src/base/dynlib.h):
# their headers are used, and their sonames go into config.h.
DL_PKGS := librsvg-2.0 libqpdf
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) $(DL_PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhyphen
soname = $(shell readelf -d "$$($(CC) -print-file-name=lib$(1).so)" 2>/dev/null | \
                 sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
SONAME_RSVG := $(call soname,rsvg-2)
SONAME_QPDF := $(call soname,qpdf)
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)

WARN := -Wall -Wextra -Wshadow -Wpointer-arith -Wstrict-prototypes \
        -Wmissing-prototypes -Wvla -Wformat=2 -Wno-unused-parameter
ifeq ($(WERROR),1)
WARN += -Werror
endif
OPT := -O2 -g
ifneq ($(SANITIZE),)
OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=$(SANITIZE)
endif

# B is the build folder and BIN the program; `make install` builds into a
# folder of its own with the installed data folder built in, so the
# developer's ./paiban and build/ are left as they are.
B   ?= build
BIN ?= paiban

ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) -Isrc -I$(B) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS := $(OPT) $(LDFLAGS)

# The engine's sources, one folder per pipeline stage (docs/architecture.md).
SRC  := $(filter-out src/main.c,$(wildcard src/*.c src/*/*.c))
OBJ  := $(SRC:src/%.c=$(B)/obj/%.o)
TESTS := $(patsubst tests/%.c,build/tests/%,$(wildcard tests/check_*.c))

# Fuzzing (docs/testing.md). Each fuzz/NAME.c but fuzz.c and replay.c is a
# libFuzzer harness; adding one is that file plus its seeds here.
HARNESSES := $(filter-out fuzz replay,$(patsubst fuzz/%.c,%,$(wildcard fuzz/*.c)))
FUZZ_SEEDS_report_yaml := samples/*.yaml samples/monthly/*.yaml tests/data/*.yaml tests/fuzz/report_yaml
FUZZ_SEEDS_report_json := tests/fuzz/report_json
FUZZ_SEEDS_layout := layouts/*.yaml tests/data/*layout*.yaml tests/fuzz/layout
FUZZ_SEEDS_csv := samples/data/*.csv tests/data/*.csv tests/fuzz/csv
FUZZ_SEEDS_image := samples/data/*.png samples/data/*.jpg samples/data/*.svg tests/golden/*.png tests/fuzz/image
FUZZ_SEEDS_expr := tests/fuzz/expr
FUZZ_SEEDS_pipeline := samples/*.yaml samples/monthly/report.yaml tests/data/*.yaml tests/fuzz/pipeline
# make test replays tests/fuzz/NAME/ through each harness built with $(CC).
TESTS += $(HARNESSES:%=build/tests/fuzz_%)
FUZZ_SECONDS ?= 60
FUZZERS ?= $(HARNESSES)
FUZZ_CC ?= clang
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer $(FUZZ_SAN) \
               -fsanitize=fuzzer-no-link -Isrc -Ibuild/fuzz -Ifuzz $(PKG_CFLAGS)
FUZZ_OBJ := $(SRC:src/%.c=build/fuzz/obj/%.o)

.PHONY: all demo test bench install clean clean-objs golden-update deps fuzz fuzz-build valgrind FORCE
all: $(BIN)

$(B)/config.h: FORCE
	@mkdir -p $(B)
	@printf '#define PAIBAN_VERSION "%s"\n#define PAIBAN_DATADIR "%s"\n' \
	  '$(VERSION)' '$(DATADIR)' > $@.tmp
	@printf '#define PAIBAN_SONAME_RSVG "%s"\n#define PAIBAN_SONAME_QPDF "%s"\n' \
	  '$(or $(SONAME_RSVG),librsvg-2.so.2)' '$(or $(SONAME_QPDF),libqpdf.so)' >> $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
FORCE:

$(B)/obj/%.o: src/%.c $(B)/config.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

# Made anew each time, so an object whose source was moved or removed never lingers.
$(B)/libpaiban.a: $(OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(B)/obj/main.o $(B)/libpaiban.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

build/tests/%.o: tests/%.c build/config.h
	@mkdir -p build/tests
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -Itests -MMD -MP -c $< -o $@

build/tests/%: build/tests/%.o build/tests/testutil.o build/libpaiban.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CHECK_LIBS) -lm

build/tests/fuzz/%.o: fuzz/%.c build/config.h
	@mkdir -p build/tests/fuzz
	$(CC) $(ALL_CFLAGS) -Ifuzz -MMD -MP -c $< -o $@

build/tests/fuzz_%: build/tests/fuzz/%.o build/tests/fuzz/fuzz.o build/tests/fuzz/replay.o build/libpaiban.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

build/fuzz/config.h: build/config.h
	@mkdir -p build/fuzz
	cp $< $@

build/fuzz/obj/%.o: src/%.c build/fuzz/config.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

build/fuzz/h/%.o: fuzz/%.c build/fuzz/config.h
	@mkdir -p build/fuzz/h
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

build/fuzz/libpaiban.a: $(FUZZ_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

build/fuzz/bin/%: build/fuzz/h/%.o build/fuzz/h/fuzz.o build/fuzz/libpaiban.a
	@mkdir -p build/fuzz/bin
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS) -lm

fuzz-build: $(FUZZERS:%=build/fuzz/bin/%)

# One harness at a time, under nice, each for FUZZ_SECONDS (docs/testing.md).
fuzz: fuzz-build
	@$(foreach h,$(FUZZERS),sh fuzz/run.sh $(h) $(FUZZ_SECONDS) $(wildcard $(FUZZ_SEEDS_$(h))) &&) true

# Installs what a fresh Debian machine lacks (only when run as root and something is missing).
deps:
	@sh tools/install-deps.sh

demo: deps
	@$(MAKE) --no-print-directory paiban
	@mkdir -p out
	./paiban render samples/briefing.yaml -l briefing -o out/briefing.pdf
	./paiban render samples/briefing.yaml -l briefing -o out/briefing.png --dpi 100
	./paiban render samples/card.yaml -l card -o out/card.png
	./paiban render samples/briefing.yaml -l briefing,news,gongwen,card,square,cover,story,og,long -o out/
	./paiban render samples/gongwen.yaml -l gongwen -o out/gongwen.pdf
	./paiban render samples/news.yaml -l news -o out/news.pdf
	./paiban render samples/charts.yaml -l briefing -o out/charts.pdf
	./paiban render samples/charts.yaml -l briefing -o out/charts.png --dpi 100
	for p in 2025-02 2025-03 2025-04; do \
	  ./paiban render samples/monthly/report.yaml --var period=$$p -l briefing -o out/monthly-$$p.pdf || exit 1; \
	done
	./paiban batch samples/monthly/batch.yaml -j 2 --progress lines
	@ls -l out

test: paiban $(TESTS)
	@sh tools/check-layers.sh
	@sh tests/install.sh
	@sh tests/run.sh $(TESTS)

valgrind: paiban
	@sh tests/valgrind.sh

golden-update: paiban $(TESTS)
	PAIBAN_GOLDEN_UPDATE=1 sh tests/run.sh $(TESTS)

bench: paiban
	@sh bench/run.sh

install:
	$(MAKE) B=build/install BIN=build/install/paiban DATADIR=$(PREFIX)/share/paiban build/install/paiban
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/paiban/layouts $(DESTDIR)$(PREFIX)/share/paiban/fonts $(DESTDIR)$(PREFIX)/share/paiban/dict
	install -m 755 build/install/paiban $(DESTDIR)$(PREFIX)/bin/paiban
	install -m 644 layouts/*.yaml $(DESTDIR)$(PREFIX)/share/paiban/layouts/
	install -m 644 fonts/*.otf fonts/*.ttf fonts/fonts.conf fonts/OFL.txt $(DESTDIR)$(PREFIX)/share/paiban/fonts/
	install -m 644 dict/hyph_en_US.dic dict/README.md $(DESTDIR)$(PREFIX)/share/paiban/dict/

clean-objs:
	rm -rf build paiban

clean: clean-objs
	rm -rf out

.SECONDARY: $(TESTS:%=%.o) build/tests/testutil.o build/tests/fuzz/fuzz.o build/tests/fuzz/replay.o \
            $(HARNESSES:%=build/tests/fuzz/%.o) $(HARNESSES:%=build/fuzz/h/%.o) build/fuzz/h/fuzz.o
-include $(wildcard $(B)/obj/*.d $(B)/obj/*/*.d build/tests/*.d build/tests/fuzz/*.d \
                    build/fuzz/obj/*.d build/fuzz/obj/*/*.d build/fuzz/h/*.d)
