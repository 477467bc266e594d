/* image.h — raster images (an image block): PNG read through libpng with
 * limits on file size, dimensions and memory, so a malformed or hostile file
 * gives a clear error naming it; laid out fitted to the column with a
 * caption, stage "flow". */
#ifndef PAIBAN_IMAGE_H
#define PAIBAN_IMAGE_H

#include "diag.h"
#include "frame.h"
#include "model.h"
#include "setter.h"

#define IMAGE_MAX_BYTES ((size_t)32 << 20)
#define IMAGE_MAX_SIDE 10000
#define IMAGE_MAX_PIXELS ((size_t)40 * 1000 * 1000)

struct image {
	struct pixmap pix;
	struct text caption;
	double width;      /* share of the column width, 0 < width <= 1 */
	bool span_page;    /* `span: page`: across all columns */
	struct span span;  /* the block's key */
};

/* Read a PNG into pix (pixels in arena a). `at` is where the report names
 * the file, for errors. Returns 0, or -1 after reporting an error. */
int image_load_png(const char *path, struct span at, struct arena *a, struct diag *d,
		   struct pixmap *pix);

/* The image fitted to `width` × at most `max_h` (caption included) as a
 * box; returns the box and its height. */
struct page *image_box(const struct setter *s, const struct image *im, double width, double max_h,
		       double *height);

#endif
