/* chart.h — charts (a chart block), stage "flow": the data a chart shows and
 * how one is laid out into a box of frame items — bars and slices as
 * rectangles and paths, every label a measured glyph run — scaled to the
 * width it is given. Types: column and bar (grouped or stacked), line and
 * area, column + line on two axes (combo), pie and donut, comparison bars
 * and progress rings. */
#ifndef PAIBAN_CHART_H
#define PAIBAN_CHART_H

#include <stdbool.h>

#include "model.h"
#include "setter.h"

enum chart_type {
	CHART_COLUMN,
	CHART_BAR,
	CHART_LINE,
	CHART_AREA,
	CHART_COMBO,
	CHART_PIE,
	CHART_DONUT,
	CHART_COMPARE,
	CHART_PROGRESS,
};

#define CHART_MAX_SERIES 8
#define CHART_MAX_CATEGORIES 60
#define CHART_MAX_SLICES 12

struct series {
	struct text name;
	double *v;          /* one value per category */
	struct span *at;    /* where each value was written */
	bool line;          /* combo: drawn as a line on the right axis */
};

struct chart {
	enum chart_type type;
	bool stacked, markers, labels;
	bool span_page;     /* `span: page`: across all columns at the body's start */
	double max;         /* progress: the value of a full ring */
	struct text title, unit, unit2, source;
	bool percent, percent2; /* the unit is "%" */
	struct text *cats;
	int ncats;
	struct series *series;
	int nseries;
	struct span span;   /* the block's key */
};

/* The chart theme's label (or title) font role with the layout's defaults
 * filled in: the text colour, and 0.85 × (title: 1 ×) the body size when
 * the layout gives no size. Tables and captions use it too. */
struct font_role chart_role(const struct layout *l, bool title);

/* Name of a chart type as written in a report. */
const char *chart_type_name(enum chart_type t);

/* Lay out chart c at `width`: a box of items relative to its top-left
 * corner (item array on the heap; the caller frees it after copying) and
 * its height. Returns NULL after reporting an error (more categories than
 * fit the width). */
struct page *chart_box(const struct setter *s, const struct chart *c, double width, double *height);

#endif
