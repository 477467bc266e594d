/* pipeline.c — libFuzzer harness: a YAML report through the whole pipeline
 * to frames (render_layout_cached: parse, data and ${…}, full-width
 * punctuation, shaping, line breaking, charts, tables, images, flow into
 * columns and pages, fitting), in one of the built-in layouts chosen by the
 * input's length. The fonts and layouts are loaded once into a render
 * cache, as paiban batch does; everything else is made and freed per
 * input. */
#include "fuzz.h"

#include <math.h>
#include <stdlib.h>

#include "render.h"

static const char *const names[] = { "briefing", "card", "long", "gongwen", "cover", "news" };
#define NLAYOUTS (sizeof(names) / sizeof(names[0]))
static struct render_cache cache;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct diag d;
	diag_init(&d);
	if (render_cache_init(&cache, render_datadir(), false, &d) < 0) {
		diag_print(&d, stderr);
		fuzz_fail(__FILE__, __LINE__, "cannot load the fonts");
	}
	diag_release(&d);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct render_opts o = {
		.report = fuzz_write("report.yaml", data, size),
		.layout = names[size % NLAYOUTS],
		.datadir = render_datadir(),
		.verbose = true,
	};
	struct render r;
	struct diag d;
	diag_init(&d);
	int rc = render_layout_cached(&r, &o, &cache, &d);
	FUZZ_CHECK((rc < 0) == (d.errors > 0));
	if (rc == 0) {
		fuzz_check_document(&r.doc);
		FUZZ_CHECK(r.frames.npages >= 1 && r.frames.npages <= LIMIT_PAGES);
		for (int i = 0; i < r.frames.npages; i++) {
			FUZZ_CHECK(isfinite(r.frames.pages[i].w) && r.frames.pages[i].w > 0);
			FUZZ_CHECK(isfinite(r.frames.pages[i].h) && r.frames.pages[i].h > 0);
		}
		FUZZ_CHECK(r.scale > 0 && r.scale <= 1);
	}
	fuzz_check_diag(&d);
	render_release(&r);
	diag_release(&d);
	return 0;
}
