/* image.h — an image block laid out, stage "boxes": the picture fitted to
 * the column (or the text width) with its caption under it. */
#ifndef PAIBAN_IMAGE_H
#define PAIBAN_IMAGE_H

#include "base/diag.h"
#include "boxes/setter.h"
#include "frame/frame.h"
#include "model/image.h"

/* The image fitted to `width` × at most `max_h` (caption included) as a
 * box; returns the box and its height. */
struct group *image_box(const struct setter *s, const struct image *im, double width, double max_h,
		       double *height);

#endif
