/* pipeline.c — libFuzzer harness: a YAML report through the whole pipeline
 * to frames (parse, full-width punctuation, shaping, line breaking, charts,
 * tables, images, flow into columns and pages, fitting), in one of the
 * built-in layouts chosen by the input's length. The pinned fonts are
 * loaded once; everything else is made and freed per input. */
#include "fuzz.h"

#include <math.h>
#include <stdlib.h>

#include "compose/fonts.h"
#include "compose/fullwidth.h"
#include "compose/text.h"
#include "flow/fit.h"
#include "parse/report.h"
#include "render.h"
#include "style/layout.h"

static const char *const names[] = { "briefing", "card", "long", "gongwen", "cover", "news" };
#define NLAYOUTS (sizeof(names) / sizeof(names[0]))
static struct layout layouts[NLAYOUTS];
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
	for (size_t i = 0; i < NLAYOUTS && fonts; i++)
		if (layout_load(&layouts[i], &d, render_datadir(), names[i], NULL) < 0)
			fonts = NULL;
	if (!fonts) {
		diag_print(&d, stderr);
		fuzz_fail(__FILE__, __LINE__, "cannot load the fonts and layouts");
	}
	diag_release(&d);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_write("report.yaml", data, size);
	const struct layout *l = &layouts[size % NLAYOUTS];
	struct document doc;
	struct diag d;
	document_init(&doc);
	diag_init(&d);
	if (report_parse(&doc, &d, path, NULL) == 0) {
		fuzz_check_document(&doc);
		if (l->typo.ascii_punct)
			fullwidth_document(&doc, &d, true);
		struct text_ctx *tc = text_new(fonts);
		text_set_typography(tc, &l->typo);
		struct frames fr;
		frames_init(&fr);
		double scale = 1;
		int errors = d.errors;
		int rc = fit_document(&doc, l, tc, &d, &fr, &scale);
		FUZZ_CHECK((rc < 0) == (d.errors > errors));
		for (int i = 0; rc == 0 && i < fr.npages; i++) {
			FUZZ_CHECK(isfinite(fr.pages[i].w) && fr.pages[i].w > 0);
			FUZZ_CHECK(isfinite(fr.pages[i].h) && fr.pages[i].h > 0);
		}
		FUZZ_CHECK(scale > 0 && scale <= 1);
		frames_release(&fr);
		text_free(tc);
	}
	fuzz_check_diag(&d);
	document_release(&doc);
	diag_release(&d);
	return 0;
}
