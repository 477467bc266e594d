/* chart.h — a chart block's data, stage "model": chart type, categories,
 * series of numbers with where each was written, titles, units and notes.
 * Read from the report by parse/chart_read.c, laid out by boxes/chart*.c. */
#ifndef PAIBAN_MODEL_CHART_H
#define PAIBAN_MODEL_CHART_H

#include <stdbool.h>

#include "model/document.h"

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

/* Name of a chart type as written in a report. */
const char *chart_type_name(enum chart_type t);
/* The type written as s[0..len), or -1 for none. */
int chart_type_from_name(const char *s, size_t len);

#endif
