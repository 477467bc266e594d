/* table.c — laying out tables into row boxes (table.h). */
#include "boxes/table.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/numfmt.h"

/* A number cell as shown: thousands grouped (not in a column of years or
 * a running count), split at the decimal point into the part before it and
 * the rest. */
static void split_number(const char *s, bool ungrouped, char *head, char *tail, size_t n)
{
	char bare[96];
	size_t o = 0;
	for (const char *p = s; *p && o + 1 < sizeof(bare); p++)
		if (*p != ',' && *p != ' ')
			bare[o++] = *p;
	bare[o] = '\0';
	char grouped[128];
	if (ungrouped)
		snprintf(grouped, sizeof(grouped), "%s", bare);
	else
		group_thousands(bare, grouped, sizeof(grouped));
	const char *dot = strchr(grouped, '.');
	const char *pct = strchr(grouped, '%');
	const char *cut = dot ? dot : pct ? pct : grouped + strlen(grouped);
	snprintf(head, n, "%.*s", (int)(cut - grouped), grouped);
	snprintf(tail, n, "%s", cut);
}

struct cell {
	struct line *ln; /* text cells */
	int n;
	struct label_part {
		struct line *ln;
		int n;
		double w;
	} head, tail; /* number cells */
};

static struct label_part part(const struct setter *s, struct arena *a, const char *str,
			      const struct font_role *r)
{
	struct label_part p = { 0 };
	if (!*str)
		return p;
	struct text t = text_plain(arena_strdup(a, str));
	p.n = set_compose(s, &t, r, 1e6, 0, false, ALIGN_LEFT, &p.ln);
	p.w = p.n ? p.ln[0].width : 0;
	return p;
}

static void put_part(struct group *box, const struct label_part *p, double x, double baseline)
{
	if (p->n < 1)
		return;
	for (int k = 0; k < p->ln[0].nruns; k++)
		group_add_run(box, x + p->ln[0].x, baseline, &p->ln[0].runs[k]);
}

static double grid(double h, double pitch)
{
	return ceil(h / pitch - 1e-6) * pitch;
}

/* A wrapped text in a box of whole grid lines: a title's lines even and
 * broken between phrases (display), a source note's full. */
static struct group *text_box(const struct setter *s, const struct text *t, const struct font_role *r,
			     double width, double pitch, bool display, double *h)
{
	struct group *box = group_new(&s->fr->arena);
	struct line *ln;
	double used;
	int n = display ? set_compose_title(s, t, r, width, ALIGN_LEFT, &ln, &used)
			: set_compose(s, t, r, width, 0, false, ALIGN_LEFT, &ln);
	double gh = grid(n * role_pitch(r), pitch);
	double y = (gh - n * role_pitch(r)) / 2;
	set_lines(s, box, ln, n, 0, &y, role_pitch(r), r->size);
	*h = gh;
	return box;
}

/* A crisp horizontal rule across the table at y. */
static void rule(struct group *box, struct arena *a, double y, double width, double w, struct color c)
{
	struct path *p = arena_alloc(a, sizeof(*p));
	p->segs = arena_array(a, 2, sizeof(struct seg));
	p->segs[0] = (struct seg){ .kind = SEG_MOVE, .x = 0, .y = y };
	p->segs[1] = (struct seg){ .kind = SEG_LINE, .x = width, .y = y };
	p->nsegs = 2;
	p->stroke = p->crisp = true;
	p->width = w;
	p->stroke_color = c;
	group_add_path(box, 0, 0, p);
}

int table_layout(const struct setter *s, const struct table *t, const struct text *cont,
		 double width, double pitch, struct table_boxes *out)
{
	const struct layout *l = s->l;
	struct arena *a = &s->fr->arena;
	struct font_role body = layout_chart_role(l, false), head;
	head = body;
	head.weight = 700;
	double pad = 0.5 * body.size, lp = role_pitch(&body);
	int nc = t->ncols;
	memset(out, 0, sizeof(*out));
	bool numeric[TABLE_MAX_COLUMNS], plain[TABLE_MAX_COLUMNS];
	double natural[TABLE_MAX_COLUMNS], minw[TABLE_MAX_COLUMNS], headw[TABLE_MAX_COLUMNS],
		tailw[TABLE_MAX_COLUMNS];
	struct cell *cells = arena_array(a, (size_t)(t->nrows * nc), sizeof(*cells));
	double word[TABLE_MAX_COLUMNS];
	for (int c = 0; c < nc; c++) {
		numeric[c] = table_numeric_column(t, c, &plain[c]);
		natural[c] = minw[c] = headw[c] = tailw[c] = word[c] = 0;
	}
	/* Measure: numbers as head + tail parts, text on one line. */
	for (int r = 0; r < t->nrows; r++)
		for (int c = 0; c < nc; c++) {
			const struct text *x = &t->cells[r * nc + c];
			struct cell *ce = &cells[r * nc + c];
			if (r > 0 && numeric[c] && x->len) {
				char hs[128], ts[128];
				split_number(x->s, plain[c], hs, ts, sizeof(hs));
				ce->head = part(s, a, hs, &body);
				ce->tail = part(s, a, ts, &body);
				headw[c] = fmax(headw[c], ce->head.w);
				tailw[c] = fmax(tailw[c], ce->tail.w);
			} else {
				const struct font_role *fr = r == 0 ? &head : &body;
				double w = text_width(s->tc, x, fr, false);
				natural[c] = fmax(natural[c], w);
				/* The widest word: cells wrap between words only. */
				struct line *ln;
				int k = x->len ? set_compose_display(s, x, fr, 1, ALIGN_LEFT, &ln) : 0;
				for (int i = 0; i < k; i++)
					word[c] = fmax(word[c], ln[i].width);
			}
		}
	/* Every column gets its minimum (numbers whole, text as wide as its
	 * widest word, so cells wrap between words); what is left goes out in
	 * proportion to how much more each column would take on one line.
	 * When the words do not fit, text columns fall back to four characters
	 * (or less when shorter) and a word too wide for its cell may break. */
	double colw[TABLE_MAX_COLUMNS], summin = 0, sumnat = 0, sumword = 0;
	for (int c = 0; c < nc; c++)
		sumword += fmax(headw[c] + tailw[c], word[c]) + 2 * pad;
	bool by_words = sumword <= width + 0.01;
	for (int c = 0; c < nc; c++) {
		double num = headw[c] + tailw[c];
		natural[c] = fmax(natural[c], num) + 2 * pad;
		minw[c] = by_words ? fmax(num, word[c]) + 2 * pad
				   : fmax(num, fmin(natural[c] - 2 * pad, 4 * body.size)) + 2 * pad;
		summin += minw[c];
		sumnat += natural[c];
	}
	if (summin > width + 0.01) {
		/* In a layout of columns, say how to give it the text width. */
		bool narrow = s->l->columns > 1 && !s->l->canvas && !t->span_page;
		diag_error_at(s->d, t->span,
			      "this table's %d columns need at least %.0f pt; the column is %.0f pt wide%s", nc,
			      summin, width, narrow ? " (span: page sets it across all the columns)" : "");
		return -1;
	}
	for (int c = 0; c < nc; c++) {
		if (sumnat <= width)
			colw[c] = natural[c] + (width - sumnat) / nc;
		else
			colw[c] = minw[c] + (natural[c] - minw[c]) * (width - summin) / (sumnat - summin);
	}
	/* Rows. */
	out->rows = arena_array(a, (size_t)t->nrows, sizeof(*out->rows));
	out->row_h = arena_array(a, (size_t)t->nrows, sizeof(double));
	for (int r = 0; r < t->nrows; r++) {
		const struct font_role *fr = r == 0 ? &head : &body;
		int lines = 1;
		for (int c = 0; c < nc; c++) {
			struct cell *ce = &cells[r * nc + c];
			if (r > 0 && numeric[c])
				continue;
			if (word[c] <= colw[c] - 2 * pad + 0.01)
				ce->n = set_compose_display(s, &t->cells[r * nc + c], fr, colw[c] - 2 * pad,
							    ALIGN_LEFT, &ce->ln);
			else
				ce->n = set_compose(s, &t->cells[r * nc + c], fr, colw[c] - 2 * pad, 0,
						    false, ALIGN_LEFT, &ce->ln);
			if (ce->n > lines)
				lines = ce->n;
		}
		double h = grid(lines * lp + 0.2 * body.size, pitch);
		struct group *box = group_new(a);
		if (r == 0)
			group_add_rect(box, 0, 0, width, h, l->panel);
		double x = 0, top = (h - lines * lp) / 2;
		for (int c = 0; c < nc; c++) {
			struct cell *ce = &cells[r * nc + c];
			if (r > 0 && numeric[c]) {
				/* The decimal point at the same x in every row. */
				double dot = x + colw[c] - pad - tailw[c];
				double base = top + slot_baseline(lp, body.size);
				put_part(box, &ce->head, dot - ce->head.w, base);
				put_part(box, &ce->tail, dot, base);
			} else {
				double y = top;
				/* Header cells over numbers end where the numbers do. */
				if (r == 0 && numeric[c])
					for (int i = 0; i < ce->n; i++)
						ce->ln[i].x = colw[c] - 2 * pad - ce->ln[i].width;
				set_lines(s, box, ce->ln, ce->n, x + pad, &y, lp, fr->size);
			}
			x += colw[c];
		}
		/* Strong rules over and under the header and under the last row,
		 * light ones between rows. */
		bool strong = r == 0 || r == t->nrows - 1;
		rule(box, a, h, width, strong ? 0.8 : 0.4, strong ? l->chart.axis : l->chart.grid);
		if (r == 0) {
			rule(box, a, 0, width, 0.8, l->chart.axis);
			out->header = box;
			out->header_h = h;
		} else {
			out->rows[out->nrows] = box;
			out->row_h[out->nrows++] = h;
		}
	}
	struct font_role tr = layout_chart_role(l, true);
	if (t->title.len)
		out->title = text_box(s, &t->title, &tr, width, pitch, true, &out->title_h);
	if (t->source.len) {
		struct font_role nr = body;
		nr.size *= 0.9;
		nr.color = l->muted;
		out->source = text_box(s, &t->source, &nr, width, pitch, false, &out->source_h);
	}
	out->repeat = out->header;
	out->repeat_h = out->header_h;
	if (cont && cont->len) {
		double ch;
		struct group *line = text_box(s, cont, &tr, width, pitch, true, &ch);
		out->repeat = group_new(a);
		group_add_group(out->repeat, 0, 0, line, t->span);
		group_add_group(out->repeat, 0, ch, out->header, t->span);
		out->repeat_h = ch + out->header_h;
	}
	return 0;
}
