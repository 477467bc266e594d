/* table_read.c — a table block (blocks.h, docs/report.md): rows inline or
 * from a CSV file, the first row the header, with title and source note. */
#include "parse/blocks.h"

#include <stdio.h>
#include <string.h>

#include "model/table.h"
#include "parse/csv.h"

/* Table: rows inline (a list of lists; the first is the header) or from a
 * CSV file. */
int read_table(struct reader *r, struct node *v, struct block *b)
{
	struct input *in = &r->in;
	struct document *doc = r->doc;
	static const char *const keys[] = { "title", "source", "data", "rows", NULL };
	struct diag *d = in->diag;
	if (input_want_map(in, v, "a table") < 0)
		return -1;
	if (input_check_keys(in, v, keys, "a table"))
		return -1;
	struct table *t = b->table = arena_alloc(&doc->arena, sizeof(*t));
	t->span = b->span;
	int bad = reader_text(r, input_get(in, v, "title"), "a table's title", &t->title) < 0;
	bad += reader_text(r, input_get(in, v, "source"), "a table's source", &t->source) < 0;
	if (bad)
		return -1;
	struct node *dn = input_get(in, v, "data"), *rn = input_get(in, v, "rows");
	if ((dn != NULL) == (rn != NULL)) {
		diag_error_at(d, dn ? input_span(in, dn) : b->span,
			      dn ? "a table takes 'data' (a CSV file) or 'rows', not both"
				 : "a table needs 'data' (a CSV file) or 'rows'");
		return -1;
	}
	if (dn) {
		struct csv csv;
		if (reader_csv(r, dn, &csv) < 0)
			return -1;
		t->nrows = csv.nrows;
		t->ncols = csv.rows[0].n;
		if (t->ncols > TABLE_MAX_COLUMNS || t->nrows > TABLE_MAX_ROWS + 1) {
			diag_error_at(d, csv.rows[0].span, "a table has at most %d columns and %d rows; this file has %d and %d",
				      TABLE_MAX_COLUMNS, TABLE_MAX_ROWS, t->ncols, t->nrows - 1);
			return -1;
		}
		t->cells = arena_array(&doc->arena, (size_t)(t->nrows * t->ncols), sizeof(struct text));
		for (int ri = 0; ri < t->nrows; ri++)
			for (int c = 0; c < t->ncols; c++) {
				const struct csv_cell *cell = &csv.rows[ri].cells[c];
				text_from_markup(doc, d, cell->s, cell->len, cell->span, &t->cells[ri * t->ncols + c]);
			}
	} else {
		if (input_want_seq(in, rn, "'rows'") < 0)
			return -1;
		t->nrows = input_seq_len(rn);
		if (t->nrows == 0) {
			diag_error_at(d, input_span(in, rn), "a table has no rows");
			return -1;
		}
		if (t->nrows > TABLE_MAX_ROWS + 1) {
			diag_error_at(d, input_span(in, rn), "a table has at most %d rows", TABLE_MAX_ROWS);
			return -1;
		}
		void *it = NULL;
		struct node *row;
		int ri = 0;
		while ((row = input_seq_next(rn, &it)) != NULL) {
			if (input_want_seq(in, row, "a table row") < 0) {
				bad++;
				break;
			}
			int n = input_seq_len(row);
			if (ri == 0) {
				t->ncols = n;
				if (n < 1 || n > TABLE_MAX_COLUMNS) {
					diag_error_at(d, input_span(in, row), "a table has from 1 to %d columns; this header has %d",
						      TABLE_MAX_COLUMNS, n);
					return -1;
				}
				t->cells = arena_array(&doc->arena, (size_t)(t->nrows * t->ncols), sizeof(struct text));
			} else if (n != t->ncols) {
				diag_error_at(d, input_span(in, row), "this row has %d cell%s; the header row has %d", n,
					      n == 1 ? "" : "s", t->ncols);
				bad++;
				ri++;
				continue;
			}
			void *ci = NULL;
			struct node *cell;
			int c = 0;
			while ((cell = input_seq_next(row, &ci)) != NULL) {
				bad += reader_text(r, cell, "a table cell", &t->cells[ri * t->ncols + c]) < 0;
				c++;
			}
			ri++;
		}
	}
	if (!bad && t->nrows < 2) {
		diag_error_at(d, b->span, "a table needs a header row and at least one row");
		return -1;
	}
	return bad ? -1 : 0;
}
