/* chart.h — charts (a chart block), stage "flow": the data a chart shows and
 * how one is laid out into a box of frame items — bars and slices as
 * rectangles and paths, every label a measured glyph run — scaled to the
 * width it is given. Types: column and bar (grouped or stacked), line and
 * area, column + line on two axes (combo), pie and donut, comparison bars
 * and progress rings. */
#ifndef PAIBAN_CHART_H
#define PAIBAN_CHART_H

#include <stdbool.h>

#include "boxes/setter.h"
#include "model/chart.h"

/* Lay out chart c at `width`: a box of items relative to its top-left
 * corner (item array on the heap; the caller frees it after copying) and
 * its height. Returns NULL after reporting an error (more categories than
 * fit the width). */
struct group *chart_box(const struct setter *s, const struct chart *c, double width, double *height);

#endif
