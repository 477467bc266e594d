/* table_read.c — a table block (blocks.h, docs/report.md): rows inline or
 * from a CSV file, the first row the header, with title and source note;
 * `span: page`; and the indicators preset of statistical bulletins (指标 |
 * 本月 | 同比增长(%) | 1—本月 | 同比增长(%)), whose header paiban writes. */
#include "parse/blocks.h"

#include <stdio.h>
#include <string.h>

#include "model/table.h"
#include "parse/csv.h"

/* The indicators preset and its options. */
struct preset {
	bool indicators;
	struct text unit; /* the unit of every value column, into the header */
	int month;        /* 1–12: "1—N月" for the year to date; 0: "1—本月" */
};

static int read_preset(struct reader *r, struct node *v, struct preset *pr)
{
	struct input *in = &r->in;
	memset(pr, 0, sizeof(*pr));
	struct node *n = input_get(in, v, "preset");
	if (n) {
		const char *s;
		size_t len;
		if (input_string(in, n, "'preset'", &s, &len) < 0)
			return -1;
		if (!(len == 10 && !memcmp(s, "indicators", 10))) {
			diag_error_at(in->diag, input_span(in, n), "'preset' must be indicators, found '%.*s'",
				      (int)len, s);
			return -1;
		}
		pr->indicators = true;
	}
	if (reader_text(r, input_get(in, v, "unit"), "a table's unit", &pr->unit) < 0)
		return -1;
	struct node *mn = input_get(in, v, "month");
	if (mn) {
		double m;
		if (reader_number(r, mn, &m) < 0)
			return -1;
		if (m < 1 || m > 12 || m != (int)m) {
			diag_error_at(in->diag, input_span(in, mn), "'month' must be a whole number from 1 to 12");
			return -1;
		}
		pr->month = (int)m;
	}
	if ((pr->unit.len || mn) && !pr->indicators) {
		diag_error_at(in->diag, input_span(in, mn ? mn : input_get(in, v, "unit")),
			      "'unit' and 'month' go with 'preset: indicators'");
		return -1;
	}
	return 0;
}

/* The preset's rows are all data: 指标, optionally 单位, then 本月, its
 * growth, the year to date and its growth. Put the header on top, the
 * table's unit in the value columns' heads (统计月报 style). */
static int indicators_header(struct reader *r, const struct block *b, struct table *t,
			     const struct preset *pr)
{
	struct document *doc = r->doc;
	if (t->ncols != 5 && t->ncols != 6) {
		diag_error_at(r->in.diag, b->span,
			      "a table with 'preset: indicators' has 5 columns (指标, 本月, 同比增长, 1—本月, 同比增长) or 6 (指标, 单位, …); this one has %d",
			      t->ncols);
		return -1;
	}
	char ytd[32], cur[64], cum[64];
	if (pr->month)
		snprintf(ytd, sizeof(ytd), pr->month == 1 ? "1月" : "1—%d月", pr->month);
	else
		snprintf(ytd, sizeof(ytd), "1—本月");
	snprintf(cur, sizeof(cur), "本月%s%s%s", pr->unit.len ? "（" : "", pr->unit.len ? pr->unit.s : "",
		 pr->unit.len ? "）" : "");
	snprintf(cum, sizeof(cum), "%s%s%s%s", ytd, pr->unit.len ? "（" : "", pr->unit.len ? pr->unit.s : "",
		 pr->unit.len ? "）" : "");
	const char *head5[] = { "指标", cur, "同比增长（%）", cum, "同比增长（%）" };
	const char *head6[] = { "指标", "单位", cur, "同比增长（%）", cum, "同比增长（%）" };
	const char *const *head = t->ncols == 5 ? head5 : head6;
	struct text *cells = arena_array(&doc->arena, (size_t)((t->nrows + 1) * t->ncols), sizeof(*cells));
	for (int c = 0; c < t->ncols; c++) {
		cells[c] = text_plain(arena_strdup(&doc->arena, head[c]));
		cells[c].span = b->span;
	}
	memcpy(cells + t->ncols, t->cells, (size_t)(t->nrows * t->ncols) * sizeof(*cells));
	t->cells = cells;
	t->nrows++;
	return 0;
}

/* Table: rows inline (a list of lists; the first is the header) or from a
 * CSV file. */
int read_table(struct reader *r, struct node *v, struct block *b)
{
	struct input *in = &r->in;
	struct document *doc = r->doc;
	static const char *const keys[] = { "title", "source", "data", "rows", "span", "preset",
					    "unit", "month", NULL };
	struct diag *d = in->diag;
	if (input_want_map(in, v, "a table") < 0)
		return -1;
	if (input_check_keys(in, v, keys, "a table"))
		return -1;
	struct table *t = b->table = arena_alloc(&doc->arena, sizeof(*t));
	t->span = b->span;
	int bad = reader_text(r, input_get(in, v, "title"), "a table's title", &t->title) < 0;
	bad += reader_text(r, input_get(in, v, "source"), "a table's source", &t->source) < 0;
	bad += reader_span(r, v, &t->span_page) < 0;
	struct preset pr;
	bad += read_preset(r, v, &pr) < 0;
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
	if (!bad && pr.indicators)
		bad += indicators_header(r, b, t, &pr) < 0;
	if (!bad && t->nrows < 2) {
		diag_error_at(d, b->span, "a table needs a header row and at least one row");
		return -1;
	}
	return bad ? -1 : 0;
}
