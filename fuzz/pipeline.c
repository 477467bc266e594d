/* pipeline.c — libFuzzer harness: a YAML report through the whole pipeline
 * to frames (render_layout: parse, full-width punctuation, shaping, line
 * breaking, charts, tables, images, flow into columns and pages, fitting),
 * in one of the built-in layouts chosen by the input's length. The pinned
 * fonts are loaded once and lent to every run; everything else is made and
 * freed per input. */
#include "fuzz.h"

#include <math.h>
#include <stdlib.h>

#include "compose/fonts.h"
#include "render.h"

static const char *const names[] = { "briefing", "card", "long", "gongwen", "cover", "news" };
#define NLAYOUTS (sizeof(names) / sizeof(names[0]))
static struct fonts *fonts;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct diag d;
	diag_init(&d);
	char *dir = xasprintf("%s/fonts", render_datadir());
	fonts = fonts_new(dir, false, &d);
	free(dir);
	if (!fonts) {
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
		.fonts = fonts,
	};
	struct render r;
	struct diag d;
	diag_init(&d);
	int rc = render_layout(&r, &o, &d);
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
