/* image.c — libFuzzer harness: an image file through the image reader,
 * from memory: PNG (libpng's simplified API), JPEG (libjpeg-turbo, EXIF
 * orientation) and SVG (librsvg), told apart by their first bytes, behind
 * paiban's size, pixel and scan limits. */
#include "fuzz.h"

#include <string.h>

#include "model/image.h"
#include "parse/image_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct diag d;
	struct pixmap pix;
	struct svg svg;
	arena_init(&a);
	diag_init(&d);
	int rc = image_decode("fuzz.img", (const char *)data, size, span_none(), &a, &d, &pix, &svg);
	FUZZ_CHECK((rc < 0) == (d.errors > 0));
	if (rc == 0 && pix.data) {
		FUZZ_CHECK(pix.w >= 1 && pix.h >= 1 && pix.w <= LIMIT_IMAGE_SIDE && pix.h <= LIMIT_IMAGE_SIDE);
		FUZZ_CHECK((size_t)pix.w * (size_t)pix.h <= LIMIT_IMAGE_PIXELS);
		FUZZ_CHECK(pix.stride >= pix.w * 4);
		/* Premultiplied: no colour above its alpha. */
		for (int i = 0; i < pix.w * pix.h && i < 4096; i++) {
			uint32_t v;
			memcpy(&v, pix.data + (size_t)(i / pix.w) * (size_t)pix.stride + (size_t)(i % pix.w) * 4, 4);
			unsigned al = v >> 24;
			FUZZ_CHECK((v >> 16 & 0xFF) <= al && (v >> 8 & 0xFF) <= al && (v & 0xFF) <= al);
		}
	} else if (rc == 0) {
		FUZZ_CHECK(svg.data && svg.w > 0 && svg.h > 0);
	}
	fuzz_check_diag(&d);
	diag_release(&d);
	arena_release(&a);
	return 0;
}
