/* layout.c — libFuzzer harness: a layout file through the layout parser
 * (lengths, 号 sizes, colours, font roles, `base:` on the built-in
 * layouts and on files in the scratch folder). */
#include "fuzz.h"

#include "render.h"
#include "style/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_write("layout.yaml", data, size);
	struct layout l;
	struct diag d;
	diag_init(&d);
	int rc = layout_load(&l, &d, render_datadir(), path, NULL);
	FUZZ_CHECK((rc < 0) == (d.errors > 0));
	if (rc == 0) {
		FUZZ_CHECK(l.page_w > 0 && l.page_h > 0);
		FUZZ_CHECK(l.columns >= 1);
	}
	fuzz_check_diag(&d);
	diag_release(&d);
	return 0;
}
