/* chart.c — laying out charts into boxes of frame items (chart.h).
 *
 * Every chart is built top-down in a box as wide as its column: title, unit
 * line, legend, the plot, the source note. Labels are composed once with the
 * real shaper and then placed, so their widths are exact; where labels would
 * collide the layout wraps, thins or drops them rather than let them overlap.
 * Bars are rectangles, everything curved or joined is a path: vectors in the
 * PDF, and gridlines and axes are marked crisp for the PNG. */
#include "boxes/chart.h"

#include "boxes/chart_parts.h"

struct group *chart_box(const struct setter *s, const struct chart *c, double width, double *height)
{
	struct cx x = { .s = s, .c = c, .th = &s->l->chart, .a = &s->fr->arena, .w = width };
	x.box = group_new(x.a);
	x.text = s->l->text;
	x.muted = s->l->muted;
	x.lab = layout_chart_role(s->l, false);
	x.tit = layout_chart_role(s->l, true);
	x.note = x.lab;
	x.note.size = 0.9 * x.lab.size;
	x.note.color = x.muted;
	chart_number_formats(&x);
	chart_put_title(&x);
	int r = 0;
	switch (c->type) {
	case CHART_COLUMN:
	case CHART_LINE:
	case CHART_AREA:
	case CHART_COMBO:
		r = chart_columns(&x);
		break;
	case CHART_BAR:
	case CHART_COMPARE:
		r = chart_bars(&x);
		break;
	case CHART_PIE:
	case CHART_DONUT:
		r = chart_round(&x);
		break;
	case CHART_PROGRESS:
		r = chart_progress(&x);
		break;
	}
	if (r < 0)
		return NULL;
	chart_put_source(&x);
	*height = x.y;
	return x.box;
}

