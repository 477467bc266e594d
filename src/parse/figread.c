/* figread.c — chart, table and image blocks from the report (figread.h). */
#include "parse/figread.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/numfmt.h"
#include "model/chart.h"
#include "model/image.h"
#include "model/table.h"
#include "parse/csv.h"
#include "parse/image_read.h"

/* A value from text at `at`; reports what is wrong with it. */
static int value_at(struct diag *d, const char *s, size_t len, struct span at, double *v)
{
	int r = number_parse(s, len, v);
	if (r == -2)
		diag_error_at(d, at, "a value must be a finite number, found '%.*s'", (int)len, s);
	else if (r < 0 && len == 0)
		diag_error_at(d, at, "a value is missing");
	else if (r < 0)
		diag_error_at(d, at, "a value must be a number, found '%.*s'", (int)(len > 40 ? 40 : len), s);
	return r < 0 ? -1 : 0;
}

static int node_value(struct input *in, struct node *n, double *v)
{
	const char *s;
	size_t len;
	if (input_string(in, n, "a value", &s, &len) < 0)
		return -1;
	return value_at(in->diag, s, len, input_span(in, n), v);
}

static int node_text(struct input *in, struct document *doc, struct node *n, const char *what,
		     struct text *out)
{
	const char *s;
	size_t len;
	*out = (struct text){ .s = "", .span = span_none() };
	if (!n)
		return 0;
	if (input_string(in, n, what, &s, &len) < 0)
		return -1;
	text_from_markup(doc, in->diag, s, len, input_span(in, n), out);
	return 0;
}

/* A path written in the report, relative to the report's folder. */
static char *relative_path(const struct input *in, const char *s, size_t len)
{
	if (len > 0 && s[0] == '/')
		return xstrndup(s, len);
	const char *rp = in->src->path, *slash = strrchr(rp, '/');
	if (!slash)
		return xstrndup(s, len);
	return xasprintf("%.*s/%.*s", (int)(slash - rp), rp, (int)len, s);
}

static int load_csv(struct input *in, struct document *doc, struct node *n, struct csv *csv)
{
	const char *s;
	size_t len;
	if (input_string(in, n, "'data' (a CSV file)", &s, &len) < 0)
		return -1;
	char *path = relative_path(in, s, len);
	int errors = in->diag->errors;
	int r = csv_load(csv, path, &doc->arena, in->diag);
	if (r < 0 && in->diag->errors > errors && in->diag->entries[in->diag->n - 1].path) {
		/* "cannot read": say which report line asked for the file. */
		diag_note_at(in->diag, input_span(in, n), "the CSV file is named here");
	}
	free(path);
	return r;
}

/* `span: column` (the default) or `span: page`. */
static int read_span(struct input *in, struct node *map, bool *page)
{
	struct node *n = input_get(in, map, "span");
	const char *sv;
	size_t len;
	if (!n)
		return 0;
	if (input_string(in, n, "'span'", &sv, &len) < 0)
		return -1;
	if (len == 4 && !memcmp(sv, "page", 4)) {
		*page = true;
	} else if (!(len == 6 && !memcmp(sv, "column", 6))) {
		diag_error_at(in->diag, input_span(in, n), "'span' must be column or page, found '%.*s'", (int)len, sv);
		return -1;
	}
	return 0;
}

static int read_type(struct input *in, struct node *n, struct chart *c)
{
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

static int read_flag(struct input *in, struct node *map, const char *key, bool *out)
{
	struct node *n = input_get(in, map, key);
	if (!n)
		return 0;
	char what[32];
	snprintf(what, sizeof(what), "'%s'", key);
	return input_bool(in, n, what, out);
}

/* Inline data: categories: [..], series: [{name, values, type}]. */
static int read_inline(struct input *in, struct document *doc, struct node *v, struct chart *c)
{
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
			bad += node_text(in, doc, x, "a category", &c->cats[i++]) < 0;
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
		bad += node_text(in, doc, input_get(in, x, "name"), "a series' name", &se->name) < 0;
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
			bad += node_value(in, y, &se->v[i]) < 0;
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
static int read_csv_data(struct input *in, struct document *doc, struct node *n, struct chart *c)
{
	struct diag *d = in->diag;
	struct csv csv;
	if (load_csv(in, doc, n, &csv) < 0)
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
	for (int r = 1; r < csv.nrows && !diag_full(d); r++) {
		const struct csv_row *row = &csv.rows[r];
		text_from_markup(doc, d, row->cells[0].s, row->cells[0].len, row->cells[0].span,
				 &c->cats[r - 1]);
		for (int k = 0; k < c->nseries; k++) {
			const struct csv_cell *cell = &row->cells[k + 1];
			c->series[k].at[r - 1] = cell->span;
			bad += value_at(d, cell->s, cell->len, cell->span, &c->series[k].v[r - 1]) < 0;
		}
	}
	return bad ? -1 : 0;
}

/* Checks that need all the data: signs, counts per type. */
static int check_chart(struct input *in, struct chart *c)
{
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

int figread_chart(struct input *in, struct document *doc, struct node *v, struct block *b)
{
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
	int bad = read_type(in, tn, c) < 0;
	bad += node_text(in, doc, input_get(in, v, "title"), "a chart's title", &c->title) < 0;
	bad += node_text(in, doc, input_get(in, v, "unit"), "a chart's unit", &c->unit) < 0;
	bad += node_text(in, doc, input_get(in, v, "unit-right"), "'unit-right'", &c->unit2) < 0;
	bad += node_text(in, doc, input_get(in, v, "source"), "a chart's source", &c->source) < 0;
	c->percent = !strcmp(c->unit.s, "%");
	c->percent2 = !strcmp(c->unit2.s, "%");
	/* Value labels by default where they do not crowd: one series. */
	bad += read_flag(in, v, "stacked", &c->stacked) < 0;
	struct node *mn = input_get(in, v, "max");
	if (mn) {
		if (node_value(in, mn, &c->max) < 0)
			bad++;
		else if (c->max <= 0) {
			diag_error_at(d, input_span(in, mn), "'max' must be more than zero");
			bad++;
		}
	}
	bad += read_span(in, v, &c->span_page) < 0;
	if (bad)
		return -1;
	struct node *dn = input_get(in, v, "data");
	if (dn && (input_get(in, v, "series") || input_get(in, v, "categories"))) {
		diag_error_at(d, input_span(in, dn),
			      "a chart takes its data from 'data' (a CSV file) or from 'categories' and 'series', not both");
		return -1;
	}
	if ((dn ? read_csv_data(in, doc, dn, c) : read_inline(in, doc, v, c)) < 0)
		return -1;
	c->labels = c->nseries == 1 || c->stacked;
	if (read_flag(in, v, "labels", &c->labels) < 0 || read_flag(in, v, "markers", &c->markers) < 0)
		return -1;
	return check_chart(in, c);
}

/* Table: rows inline (a list of lists; the first is the header) or from a
 * CSV file. */
int figread_table(struct input *in, struct document *doc, struct node *v, struct block *b)
{
	static const char *const keys[] = { "title", "source", "data", "rows", NULL };
	struct diag *d = in->diag;
	if (input_want_map(in, v, "a table") < 0)
		return -1;
	if (input_check_keys(in, v, keys, "a table"))
		return -1;
	struct table *t = b->table = arena_alloc(&doc->arena, sizeof(*t));
	t->span = b->span;
	int bad = node_text(in, doc, input_get(in, v, "title"), "a table's title", &t->title) < 0;
	bad += node_text(in, doc, input_get(in, v, "source"), "a table's source", &t->source) < 0;
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
		if (load_csv(in, doc, dn, &csv) < 0)
			return -1;
		t->nrows = csv.nrows;
		t->ncols = csv.rows[0].n;
		if (t->ncols > TABLE_MAX_COLUMNS || t->nrows > TABLE_MAX_ROWS + 1) {
			diag_error_at(d, csv.rows[0].span, "a table has at most %d columns and %d rows; this file has %d and %d",
				      TABLE_MAX_COLUMNS, TABLE_MAX_ROWS, t->ncols, t->nrows - 1);
			return -1;
		}
		t->cells = arena_array(&doc->arena, (size_t)(t->nrows * t->ncols), sizeof(struct text));
		for (int r = 0; r < t->nrows; r++)
			for (int c = 0; c < t->ncols; c++) {
				const struct csv_cell *cell = &csv.rows[r].cells[c];
				text_from_markup(doc, d, cell->s, cell->len, cell->span, &t->cells[r * t->ncols + c]);
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
		int r = 0;
		while ((row = input_seq_next(rn, &it)) != NULL) {
			if (input_want_seq(in, row, "a table row") < 0) {
				bad++;
				break;
			}
			int n = input_seq_len(row);
			if (r == 0) {
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
				r++;
				continue;
			}
			void *ci = NULL;
			struct node *cell;
			int c = 0;
			while ((cell = input_seq_next(row, &ci)) != NULL) {
				bad += node_text(in, doc, cell, "a table cell", &t->cells[r * t->ncols + c]) < 0;
				c++;
			}
			r++;
		}
	}
	if (!bad && t->nrows < 2) {
		diag_error_at(d, b->span, "a table needs a header row and at least one row");
		return -1;
	}
	return bad ? -1 : 0;
}

/* Image: a PNG file next to the report, a caption, a width share. */
int figread_image(struct input *in, struct document *doc, struct node *v, struct block *b)
{
	static const char *const keys[] = { "file", "caption", "width", "span", NULL };
	struct diag *d = in->diag;
	struct node *fn = v;
	struct image *im = b->image = arena_alloc(&doc->arena, sizeof(*im));
	im->span = b->span;
	im->width = 1;
	if (input_is_map(v)) {
		if (input_check_keys(in, v, keys, "an image"))
			return -1;
		fn = input_get(in, v, "file");
		if (!fn) {
			diag_error_at(d, b->span, "an image needs a 'file'");
			return -1;
		}
		if (node_text(in, doc, input_get(in, v, "caption"), "an image's caption", &im->caption) < 0 ||
		    read_span(in, v, &im->span_page) < 0)
			return -1;
		struct node *wn = input_get(in, v, "width");
		if (wn) {
			const char *s;
			size_t len;
			double w;
			if (input_string(in, wn, "an image's width", &s, &len) < 0)
				return -1;
			bool pct = len > 1 && s[len - 1] == '%';
			if (number_parse(s, pct ? len - 1 : len, &w) < 0 || !pct || w <= 0 || w > 100) {
				diag_error_at(d, input_span(in, wn),
					      "an image's width must be a share of the column from 1%% to 100%%, found '%.*s'",
					      (int)len, s);
				return -1;
			}
			im->width = w / 100;
		}
	}
	const char *s;
	size_t len;
	if (input_string(in, fn, "an image's file", &s, &len) < 0)
		return -1;
	char *path = relative_path(in, s, len);
	int r = image_load_png(path, input_span(in, fn), &doc->arena, d, &im->pix);
	free(path);
	return r;
}
