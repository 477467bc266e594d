/* figure.h — blocks that are laid out as one box each (a chart, an image),
 * stage "boxes": one entry for flow, so flow places any such block the same
 * way (a column-wide box, or one across the columns with `span: page`). A
 * new block kind that is one box needs only a case in figure.c here. */
#ifndef PAIBAN_FIGURE_H
#define PAIBAN_FIGURE_H

#include <stdbool.h>

#include "boxes/setter.h"
#include "model/document.h"

/* Whether b is a figure (laid out by figure_box). */
bool figure_is(const struct block *b);

/* Whether the figure asks to span all columns (`span: page`). */
bool figure_spans_page(const struct block *b);

/* The figure's box at `width`, never taller than max_h (its caption
 * included), and its height; NULL after reporting an error (a chart whose
 * categories do not fit the width). The box lives in the frames' arena. */
struct group *figure_box(const struct setter *s, const struct block *b, double width,
			 double max_h, double *height);

#endif
