/* chart_read.c — a chart block (blocks.h, docs/report.md): its type and
 * options, data inline (categories and series) or from a CSV file next to
 * the report, checked against what the type can show. Every value keeps its
 * span, so a bad number is reported at the report's line and column or at
 * file.csv:row:column. */
#include "parse/blocks.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/numfmt.h"
#include "model/chart.h"
#include "parse/csv.h"

static int read_type(struct reader *r, struct node *n, struct chart *c)
{
	struct input *in = &r->in;
	const char *s;
	size_t len;
	if (input_string(in, n, "a chart's type", &s, &len) < 0)
		return -1;
	int t = chart_type_from_name(s, len);
	if (t >= 0) {
		c->type = (enum chart_type)t;
		return 0;
	}
	diag_error_at(in->diag, input_span(in, n),
		      "unknown chart type '%.*s' (expected one of: column, bar, line, area, combo, pie, donut, compare, progress)",
		      (int)len, s);
	return -1;
}

/* A value that is not there: null, or a dash as statistics tables write it
 * (—, -, …). Charts show it as a gap (docs/report.md). */
static bool is_missing(struct node *y)
{
	if (node_is_null(y))
		return true;
	struct dec d;
	size_t mo, ml;
	return y->kind == NODE_SCALAR && y->len > 0 &&
	       number_read_cell(y->s, y->len, &d, &mo, &ml) == CELL_MISSING;
}

/* Inline data: categories: [..], series: [{name, values, type}]. */
static int read_inline(struct reader *r, struct node *v, struct chart *c)
{
	struct input *in = &r->in;
	struct document *doc = r->doc;
	struct diag *d = in->diag;
	int bad = 0;
	struct node *cn = input_get(in, v, "categories");
	struct node *sn = input_get(in, v, "series");
	if (!sn) {
		diag_error_at(d, c->span, "a chart needs 'data' (a CSV file) or 'series'");
		return -1;
	}
	if (cn) {
		if (input_want_seq(in, cn, "'categories'") < 0)
			return -1;
		c->ncats = input_seq_len(cn);
		c->cats = arena_array(&doc->arena, (size_t)(c->ncats ? c->ncats : 1), sizeof(struct text));
		void *it = NULL;
		struct node *x;
		int i = 0;
		while ((x = input_seq_next(cn, &it)) != NULL)
			bad += reader_text(r, x, "a category", &c->cats[i++]) < 0;
	}
	if (input_want_seq(in, sn, "'series'") < 0)
		return -1;
	c->nseries = input_seq_len(sn);
	if (c->nseries == 0) {
		diag_error_at(d, input_span(in, sn), "a chart needs at least one series");
		return -1;
	}
	if (c->nseries > CHART_MAX_SERIES) {
		diag_error_at(d, input_span(in, sn), "a chart shows at most %d series; this one has %d",
			      CHART_MAX_SERIES, c->nseries);
		return -1;
	}
	c->series = arena_array(&doc->arena, (size_t)c->nseries, sizeof(struct series));
	void *it = NULL;
	struct node *x;
	int k = 0;
	static const char *const keys[] = { "name", "values", "type", NULL };
	while ((x = input_seq_next(sn, &it)) != NULL) {
		struct series *se = &c->series[k++];
		if (input_want_map(in, x, "a series") < 0) {
			bad++;
			continue;
		}
		if (input_check_keys(in, x, keys, "a series")) {
			bad++;
			continue;
		}
		bad += reader_text(r, input_get(in, x, "name"), "a series' name", &se->name) < 0;
		struct node *tn = input_get(in, x, "type");
		if (tn) {
			const char *s;
			size_t len;
			if (input_string(in, tn, "a series' type", &s, &len) < 0) {
				bad++;
			} else if (len == 4 && !memcmp(s, "line", 4)) {
				se->line = true;
			} else if (!(len == 6 && !memcmp(s, "column", 6))) {
				diag_error_at(d, input_span(in, tn), "a series' type must be column or line");
				bad++;
			}
			if (c->type != CHART_COMBO && !bad) {
				diag_error_at(d, input_span(in, tn), "a series' type is for combo charts only");
				bad++;
			}
		}
		struct node *vn = input_get(in, x, "values");
		if (!vn) {
			diag_error_at(d, input_span(in, x), "a series needs 'values'");
			bad++;
			continue;
		}
		if (input_want_seq(in, vn, "'values'") < 0) {
			bad++;
			continue;
		}
		int n = input_seq_len(vn);
		if (n == 0) {
			diag_error_at(d, input_span(in, vn), "a series has no values");
			bad++;
			continue;
		}
		if (cn && n != c->ncats) {
			diag_error_at(d, input_span(in, vn), "this series has %d value%s; there are %d categories",
				      n, n == 1 ? "" : "s", c->ncats);
			bad++;
			continue;
		}
		if (!cn && k == 1)
			c->ncats = n;
		else if (n != c->ncats) {
			diag_error_at(d, input_span(in, vn), "this series has %d value%s; the first has %d", n,
				      n == 1 ? "" : "s", c->ncats);
			bad++;
			continue;
		}
		se->v = arena_array(&doc->arena, (size_t)n, sizeof(double));
		se->at = arena_array(&doc->arena, (size_t)n, sizeof(struct span));
		void *vi = NULL;
		struct node *y;
		int i = 0;
		while ((y = input_seq_next(vn, &vi)) != NULL) {
			se->at[i] = input_span(in, y);
			if (is_missing(y))
				se->v[i] = NAN;
			else
				bad += reader_number(r, y, &se->v[i]) < 0;
			i++;
		}
	}
	if (bad)
		return -1;
	if (!cn) {
		/* No categories: number them. */
		c->cats = arena_array(&doc->arena, (size_t)c->ncats, sizeof(struct text));
		for (int i = 0; i < c->ncats; i++) {
			char t[16];
			snprintf(t, sizeof(t), "%d", i + 1);
			c->cats[i] = text_plain(arena_strdup(&doc->arena, t));
		}
	}
	return 0;
}

/* CSV data: the header names the category column, then the series; each
 * row is a category and its values. In a combo the last series is the line. */
static int read_csv_data(struct reader *r, struct node *n, struct chart *c)
{
	struct input *in = &r->in;
	struct document *doc = r->doc;
	struct diag *d = in->diag;
	struct csv csv;
	if (reader_csv(r, n, &csv) < 0)
		return -1;
	const struct csv_row *h = &csv.rows[0];
	if (h->n < 2) {
		diag_error_at(d, h->span, "a chart's CSV needs a category column and at least one series column");
		return -1;
	}
	if (h->n - 1 > CHART_MAX_SERIES) {
		diag_error_at(d, h->cells[CHART_MAX_SERIES + 1].span,
			      "a chart shows at most %d series; this file has %d", CHART_MAX_SERIES, h->n - 1);
		return -1;
	}
	if (csv.nrows < 2) {
		diag_error_at(d, h->span, "the CSV file has a header but no rows of values (an empty series)");
		return -1;
	}
	c->nseries = h->n - 1;
	c->ncats = csv.nrows - 1;
	c->series = arena_array(&doc->arena, (size_t)c->nseries, sizeof(struct series));
	c->cats = arena_array(&doc->arena, (size_t)c->ncats, sizeof(struct text));
	int bad = 0;
	for (int k = 0; k < c->nseries; k++) {
		struct series *se = &c->series[k];
		const struct csv_cell *hc = &h->cells[k + 1];
		text_from_markup(doc, d, hc->s, hc->len, hc->span, &se->name);
		se->v = arena_array(&doc->arena, (size_t)c->ncats, sizeof(double));
		se->at = arena_array(&doc->arena, (size_t)c->ncats, sizeof(struct span));
		se->line = c->type == CHART_COMBO && k == c->nseries - 1 && c->nseries > 1;
	}
	for (int ri = 1; ri < csv.nrows && !diag_full(d); ri++) {
		const struct csv_row *row = &csv.rows[ri];
		text_from_markup(doc, d, row->cells[0].s, row->cells[0].len, row->cells[0].span,
				 &c->cats[ri - 1]);
		for (int k = 0; k < c->nseries; k++) {
			const struct csv_cell *cell = &row->cells[k + 1];
			struct dec dv;
			size_t mo, ml;
			c->series[k].at[ri - 1] = cell->span;
			if (cell->len && number_read_cell(cell->s, cell->len, &dv, &mo, &ml) == CELL_MISSING)
				c->series[k].v[ri - 1] = NAN;
			else
				bad += reader_value_at(d, cell->s, cell->len, cell->span, &c->series[k].v[ri - 1]) < 0;
		}
	}
	return bad ? -1 : 0;
}

/* Checks that need all the data: signs, counts per type. */
static int check_chart(struct reader *r, struct chart *c)
{
	struct input *in = &r->in;
	struct diag *d = in->diag;
	if (c->ncats > CHART_MAX_CATEGORIES) {
		diag_error_at(d, c->span, "a chart shows at most %d categories; this one has %d",
			      CHART_MAX_CATEGORIES, c->ncats);
		return -1;
	}
	bool round = c->type == CHART_PIE || c->type == CHART_DONUT;
	if (round || c->type == CHART_PROGRESS || c->type == CHART_COMPARE) {
		if (c->nseries != 1) {
			diag_error_at(d, c->span, "a %s chart shows one series; this one has %d",
				      chart_type_name(c->type), c->nseries);
			return -1;
		}
	}
	if (round && c->ncats > CHART_MAX_SLICES) {
		diag_error_at(d, c->span, "a %s chart shows at most %d slices; this one has %d",
			      chart_type_name(c->type), CHART_MAX_SLICES, c->ncats);
		return -1;
	}
	if (c->type == CHART_PROGRESS && c->ncats > 6) {
		diag_error_at(d, c->span, "a progress chart shows at most 6 rings; this one has %d", c->ncats);
		return -1;
	}
	if (c->type == CHART_COMBO) {
		int lines = 0;
		for (int k = 0; k < c->nseries; k++)
			lines += c->series[k].line;
		if (lines == 0 || lines == c->nseries) {
			diag_error_at(d, c->span,
				      "a combo chart needs column series and at least one series of type: line");
			return -1;
		}
	}
	double total = 0;
	for (int k = 0; k < c->nseries; k++)
		for (int i = 0; i < c->ncats; i++) {
			double v = c->series[k].v[i];
			if (isnan(v) && (round || c->type == CHART_PROGRESS || c->type == CHART_AREA)) {
				diag_error_at(d, c->series[k].at[i],
					      "a %s chart cannot show a missing value (a gap is for column, bar, line and combo charts)",
					      chart_type_name(c->type));
				return -1;
			}
			if (isnan(v))
				continue;
			if ((round || c->type == CHART_PROGRESS) && v < 0) {
				diag_error_at(d, c->series[k].at[i], "a %s chart cannot show a negative value (%g)",
					      chart_type_name(c->type), v);
				return -1;
			}
			if (c->type == CHART_PROGRESS && v > c->max) {
				diag_error_at(d, c->series[k].at[i],
					      "a progress value must not exceed 'max' (%g); found %g", c->max, v);
				return -1;
			}
			total += v;
		}
	if (round && total <= 0) {
		diag_error_at(d, c->span, "a %s chart needs values that add up to more than zero",
			      chart_type_name(c->type));
		return -1;
	}
	return 0;
}

int read_chart(struct reader *r, struct node *v, struct block *b)
{
	struct input *in = &r->in;
	struct document *doc = r->doc;
	static const char *const keys[] = { "type", "title", "unit", "unit-right", "source", "data",
					    "categories", "series", "stacked", "labels", "markers",
					    "max", "span", NULL };
	struct diag *d = in->diag;
	if (input_want_map(in, v, "a chart") < 0)
		return -1;
	if (input_check_keys(in, v, keys, "a chart"))
		return -1;
	struct chart *c = b->chart = arena_alloc(&doc->arena, sizeof(*c));
	c->span = b->span;
	c->markers = true;
	c->max = 100;
	struct node *tn = input_get(in, v, "type");
	if (!tn) {
		diag_error_at(d, b->span, "a chart needs a 'type' (column, bar, line, area, combo, pie, donut, compare, progress)");
		return -1;
	}
	int bad = read_type(r, tn, c) < 0;
	bad += reader_text(r, input_get(in, v, "title"), "a chart's title", &c->title) < 0;
	bad += reader_text(r, input_get(in, v, "unit"), "a chart's unit", &c->unit) < 0;
	bad += reader_text(r, input_get(in, v, "unit-right"), "'unit-right'", &c->unit2) < 0;
	bad += reader_text(r, input_get(in, v, "source"), "a chart's source", &c->source) < 0;
	c->percent = !strcmp(c->unit.s, "%");
	c->percent2 = !strcmp(c->unit2.s, "%");
	/* Value labels by default where they do not crowd: one series. */
	bad += reader_flag(r, v, "stacked", &c->stacked) < 0;
	struct node *mn = input_get(in, v, "max");
	if (mn) {
		if (reader_number(r, mn, &c->max) < 0)
			bad++;
		else if (c->max <= 0) {
			diag_error_at(d, input_span(in, mn), "'max' must be more than zero");
			bad++;
		}
	}
	bad += reader_span(r, v, &c->span_page) < 0;
	if (bad)
		return -1;
	struct node *dn = input_get(in, v, "data");
	if (dn && (input_get(in, v, "series") || input_get(in, v, "categories"))) {
		diag_error_at(d, input_span(in, dn),
			      "a chart takes its data from 'data' (a CSV file) or from 'categories' and 'series', not both");
		return -1;
	}
	if ((dn ? read_csv_data(r, dn, c) : read_inline(r, v, c)) < 0)
		return -1;
	c->labels = c->nseries == 1 || c->stacked;
	if (reader_flag(r, v, "labels", &c->labels) < 0 || reader_flag(r, v, "markers", &c->markers) < 0)
		return -1;
	return check_chart(r, c);
}
