/* draw.h — stage "draw": frames onto a cairo_t. Dumb by design: every
 * position, size and colour was decided in compose and flow. Owns cairo_t use. */
#ifndef PAIBAN_DRAW_H
#define PAIBAN_DRAW_H

#include "frame/frame.h"

typedef struct _cairo cairo_t;

/* Draw one page in page coordinates (pt, y down); the caller sets any scale. */
void draw_page(cairo_t *cr, const struct page *p);

#endif
