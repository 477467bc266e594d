/* table.h — tables (a table block), stage "flow": a header row and rows of
 * cells. Number columns are right-aligned on the decimal point with
 * thousands separators; text cells wrap at legal break points. Each row is a
 * box of its own, so a long table splits across columns and pages, and flow
 * repeats the header box at the top of each column it continues in. */
#ifndef PAIBAN_TABLE_H
#define PAIBAN_TABLE_H

#include <stdbool.h>

#include "boxes/setter.h"
#include "model/table.h"

/* The laid-out table: optional title box, header box, one box per row,
 * optional source box; heights rounded to whole multiples of `pitch` (the
 * body grid). Boxes' items are relative to their top-left corners, item
 * arrays on the heap (free after copying). */
struct table_boxes {
	struct group *title, *header, **rows, *source;
	double title_h, header_h, *row_h, source_h;
	int nrows;
	/* What a column or page that the table continues in starts with: the
	 * "续表" line (续表1 when numbered) over a copy of the header. */
	struct group *repeat;
	double repeat_h;
};

/* `cont` is the text of the continuation line ("续表", "续表1 标题"); NULL
 * repeats the header alone. Returns 0, or -1 after reporting an error
 * (columns that cannot fit). */
int table_layout(const struct setter *s, const struct table *t, const struct text *cont,
		 double width, double pitch, struct table_boxes *out);


#endif
