/* table.h — a table block's data, stage "model": a header row and rows of
 * cells as text, with title and source note. */
#ifndef PAIBAN_MODEL_TABLE_H
#define PAIBAN_MODEL_TABLE_H

#include <stdbool.h>

#include "model/document.h"

#define TABLE_MAX_COLUMNS 12
#define TABLE_MAX_ROWS 2000

struct table {
	struct text *cells; /* row-major; row 0 is the header */
	int nrows, ncols;
	struct text title, source;
	struct span span;   /* the block's key */
	bool span_page;     /* `span: page`: across all columns */
};

/* Whether every cell of column c below the header is a number (empty
 * cells allowed) and at least one is; sets *plain when the numbers are
 * years (whole numbers 1000–2999 written with four digits) or a running
 * count (序号 1, 2, 3 …), which are written without thousands separators. */
bool table_numeric_column(const struct table *t, int c, bool *plain);

#endif
