/* image.h — an image block's data, stage "model": the decoded pixels (PNG,
 * JPEG) or the SVG source, caption, width and placement. */
#ifndef PAIBAN_MODEL_IMAGE_H
#define PAIBAN_MODEL_IMAGE_H

#include <stdbool.h>

#include "base/pixmap.h"
#include "model/document.h"

struct image {
	struct pixmap pix; /* a raster image; pix.data NULL for a vector one */
	struct svg svg;    /* a vector image; svg.data NULL for a raster one */
	struct text caption;
	double width;      /* share of the column width, 0 < width <= 1 */
	bool span_page;    /* `span: page`: across all columns */
	struct span span;  /* the block's key */
};

#endif
