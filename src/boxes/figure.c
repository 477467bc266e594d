/* figure.c — the blocks that are one box each (figure.h). */
#include "boxes/figure.h"

#include "boxes/chart.h"
#include "boxes/image.h"

bool figure_is(const struct block *b)
{
	return b->kind == BLOCK_CHART || b->kind == BLOCK_IMAGE;
}

bool figure_spans_page(const struct block *b)
{
	switch (b->kind) {
	case BLOCK_CHART:
		return b->chart->span_page;
	case BLOCK_IMAGE:
		return b->image->span_page;
	default:
		return false;
	}
}

struct group *figure_box(const struct setter *s, const struct block *b, double width,
			 double max_h, double *height)
{
	switch (b->kind) {
	case BLOCK_CHART:
		return chart_box(s, b->chart, width, height);
	case BLOCK_IMAGE:
		return image_box(s, b->image, width, max_h, height);
	default:
		bug("figure_box: block kind %d is not a figure", (int)b->kind);
	}
}
