/* png.c — libFuzzer harness: a PNG file through the image reader (libpng's
 * simplified API behind paiban's size and pixel limits), from memory. */
#include "fuzz.h"

#include <string.h>

#include "parse/image_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct diag d;
	struct pixmap pix;
	arena_init(&a);
	diag_init(&d);
	int rc = image_decode_png("fuzz.png", (const char *)data, size, span_none(), &a, &d, &pix);
	FUZZ_CHECK((rc < 0) == (d.errors > 0));
	if (rc == 0) {
		FUZZ_CHECK(pix.w >= 1 && pix.h >= 1 && pix.w <= LIMIT_IMAGE_SIDE && pix.h <= LIMIT_IMAGE_SIDE);
		FUZZ_CHECK(pix.stride == pix.w * 4 && pix.data != NULL);
		/* Premultiplied: no colour above its alpha. */
		for (int i = 0; i < pix.w * pix.h && i < 4096; i++) {
			uint32_t v;
			memcpy(&v, pix.data + 4 * i, 4);
			unsigned al = v >> 24;
			FUZZ_CHECK((v >> 16 & 0xFF) <= al && (v >> 8 & 0xFF) <= al && (v & 0xFF) <= al);
		}
	}
	fuzz_check_diag(&d);
	diag_release(&d);
	arena_release(&a);
	return 0;
}
