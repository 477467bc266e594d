/* chart_columns.c — column, line, area and combo charts: categories along
 * the x axis, values up a y axis (two for a combo, sharing gridlines),
 * category labels wrapped or thinned under the plot, value labels kept
 * clear of bars, lines and each other. */
#include "boxes/chart_parts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bbox {
	double l, r, t, b;
};

/* Whether the segment from (ax, ay) to (bx, by) passes through box b
 * (Liang–Barsky clipping of the segment against the box). */
static bool segment_crosses(double ax, double ay, double bx, double by, const struct bbox *b)
{
	double t0 = 0, t1 = 1, dx = bx - ax, dy = by - ay;
	double p[4] = { -dx, dx, -dy, dy }, q[4] = { ax - b->l, b->r - ax, ay - b->t, b->b - ay };
	for (int k = 0; k < 4; k++) {
		if (p[k] == 0) {
			if (q[k] < 0)
				return false;
			continue;
		}
		double t = q[k] / p[k];
		if (p[k] < 0)
			t0 = fmax(t0, t);
		else
			t1 = fmin(t1, t);
		if (t0 > t1)
			return false;
	}
	return true;
}

/* Whether any line (lys[k] for the series drawn as lines) passes through
 * box b near category i. */
static bool lines_cross(const struct chart *c, double *const *lys, double x0, double slot, int i,
			const struct bbox *b)
{
	for (int k = 0; k < c->nseries; k++)
		for (int j = i > 1 ? i - 2 : 0; lys[k] && j + 1 < c->ncats && j < i + 2; j++)
			if (!isnan(lys[k][j]) && !isnan(lys[k][j + 1]) && segment_crosses(x0 + (j + 0.5) * slot, lys[k][j], x0 + (j + 1.5) * slot, lys[k][j + 1], b))
				return true;
	return false;
}

struct catlabels {
	struct line **ln;
	int *n;
	int every;    /* label every n-th category (1: all) */
	int lines;    /* most lines of any label */
	struct font_role role; /* the labels' font: the chart's, or smaller */
};

/* Wrap t into even lines centred in `width`, at word boundaries. */
static int compose_label(struct cx *x, const struct font_role *r, const struct text *t,
			 double width, struct line **ln)
{
	double used = width;
	int n = set_compose_balanced(x->s, t, r, width, ALIGN_CENTER, ln, &used);
	for (int i = 0; i < n; i++)
		(*ln)[i].x += (width - used) / 2;
	return n;
}

/* Compose category labels for slots `slot` wide: one line when all fit;
 * else wrapped (at most 3 lines) between words, never inside one; else
 * only every k-th label, when `may_thin`; else in smaller type (to 70 %);
 * else a label whose word is still too wide is abbreviated with "…".
 * Returns -1 when none of that fits. */
static int cat_labels(struct cx *x, double slot, bool may_thin, struct catlabels *cl)
{
	const struct chart *c = x->c;
	int n = c->ncats;
	cl->ln = arena_array(x->a, (size_t)n, sizeof(*cl->ln));
	cl->n = arena_array(x->a, (size_t)n, sizeof(*cl->n));
	cl->every = 1;
	static const double scales[] = { 1, 0.85, 0.7 };
	/* Lines thin out before they wrap (a month in two pieces reads badly);
	 * columns wrap their names and never thin. */
	for (size_t sc = 0; sc <= ARRAY_LEN(scales); sc++) {
		bool last = sc == ARRAY_LEN(scales);
		cl->role = x->lab;
		cl->role.size *= scales[last ? sc - 1 : sc];
		double pad = 0.3 * cl->role.size;
		for (int pass = may_thin ? 0 : 1; pass < 2; pass++)
			for (int every = 1; every <= (pass == 0 ? n : 1); every++) {
				double room = every * slot - pad;
				if (room < 1.05 * cl->role.size)
					continue;
				bool ok = true;
				cl->lines = 0;
				for (int i = 0; i < n && ok; i += every) {
					cl->n[i] = compose_label(x, &cl->role, &c->cats[i], room, &cl->ln[i]);
					bool fits = true;
					for (int k = 0; k < cl->n[i]; k++)
						fits &= cl->ln[i][k].width <= room + 0.01;
					if (!fits && last && cl->n[i] == 1)
						fits = chart_abbreviate(x, &cl->role, &c->cats[i], room, &cl->ln[i]) == 1;
					ok &= fits && cl->n[i] <= (pass == 0 ? 1 : 3);
					if (cl->n[i] > cl->lines)
						cl->lines = cl->n[i];
				}
				if (ok) {
					cl->every = every;
					for (int i = 0; i < n; i++)
						if (i % every)
							cl->n[i] = 0;
					return 0;
				}
			}
	}
	return -1;
}

static void put_cat_labels(struct cx *x, const struct catlabels *cl, double x0, double slot,
			   double top)
{
	double pad = 0.3 * cl->role.size;
	for (int i = 0; i < x->c->ncats; i++) {
		if (!cl->n[i])
			continue;
		double room = cl->every * slot - pad;
		double cxp = x0 + (i + 0.5) * slot;
		double y = top;
		/* Composed centred in `room`; centre that on the category. */
		set_lines(x->s, x->box, cl->ln[i], cl->n[i], cxp - room / 2, &y, role_pitch(&cl->role),
			  cl->role.size);
	}
}

/* A column, line, area or combo chart being laid out: its geometry and what
 * is already placed (bars and labels that later labels must not cover). */
struct plot {
	struct cx *x;
	const struct chart *c;
	bool combo, bars, stacked, line_like;
	struct axis left, right;   /* right: a combo's lines */
	double x0, x1, slot;       /* plot's left and right edges, one category's width */
	double top, bottom, below; /* plot's edges, room for labels under negative bars */
	double gap;                /* between tick labels and the plot */
	int ncols;                 /* series drawn as columns */
	struct catlabels cl;
	double **lys;              /* y of each line series at each category (NULL: a bar series) */
	struct bbox *placed;
	int nplaced;
};

/* Axes, plot size and category labels; -1 (after reporting) when the
 * categories do not fit the width. */
static int plot_setup(struct plot *p)
{
	struct cx *x = p->x;
	const struct chart *c = p->c;
	double lh = role_pitch(&x->lab);
	/* Narrow charts are about half as tall as wide; wide ones flatter. */
	double plot_h = fmin(fmax(0.55 * x->w - 0.3 * fmax(0, x->w - 260), 100), 220);
	/* A layout pulling a page together makes figures smaller. */
	plot_h = fmax(plot_h * x->s->l->figure_scale, 80);
	int m = (int)fmin(fmax(round(plot_h / 34) + 1, 3), 7);
	/* Left axis: columns (or everything); right axis: a combo's lines. */
	double lo, hi;
	chart_data_range(c, p->combo ? 1 : 0, p->stacked, &lo, &hi);
	if (p->bars || c->type == CHART_AREA)
		lo = fmin(lo, 0), hi = fmax(hi, 0);
	chart_axis_make(x, &p->left, lo, hi, m, 0);
	if (p->combo) {
		chart_data_range(c, 2, false, &lo, &hi);
		/* The zero lines meet: when the right axis goes below zero and
		 * the left one starts at it, the left one gets steps below zero
		 * too, as many as the right one's share of negatives asks. */
		struct ticks lt = p->left.t;
		if (lo < 0 && lt.lo >= 0 && fabs(lt.lo) < 1e-9 * lt.step && lt.n >= 2) {
			int up = lt.n - 1;
			int down = hi > 0 ? (int)ceil(up * -lo / hi - 1e-9) : up;
			down = down < 1 ? 1 : down > up ? up : down;
			lt.lo = -down * lt.step;
			lt.n += down;
			chart_axis_label(x, &p->left, lt, 0);
		}
		/* The right axis's ticks sit on the left axis's gridlines. */
		chart_axis_label(x, &p->right, ticks_matching(fmin(lo, 0), fmax(hi, 0), &p->left.t), 1);
	}
	p->gap = 0.4 * x->lab.size;
	p->x0 = p->left.maxw + p->gap;
	p->x1 = x->w - (p->combo ? p->right.maxw + p->gap : 0.3 * x->lab.size);
	/* Value labels above the bars need headroom. */
	p->top = x->y + 0.5 * x->lab.size + (c->labels ? lh : 0);
	p->bottom = p->top + plot_h;
	/* Labels under negative bars need room above the category labels. */
	p->below = c->labels && p->bars && p->left.t.lo < 0 ? lh : 0;
	for (int k = 0; k < c->nseries; k++)
		p->ncols += p->bars && !c->series[k].line;
	p->slot = (p->x1 - p->x0) / c->ncats;
	/* Bars at least 2 pt wide, and a label slot at least one character
	 * wide (labels wrap, or on lines thin out, below that). */
	int per = p->stacked || !p->ncols ? 1 : p->ncols;
	double min_label = 1.35 * x->lab.size;
	int fit = (int)((p->x1 - p->x0) / (p->bars ? fmax(2 * per / 0.64, min_label) : 2));
	if ((p->bars && p->slot * 0.64 / per < 2) || cat_labels(x, p->slot, !p->bars, &p->cl) < 0)
		return chart_too_many(x, fit < c->ncats ? fit : c->ncats - 1);
	p->left.p0 = p->right.p0 = p->bottom;
	p->left.p1 = p->right.p1 = p->top;
	return 0;
}

/* Gridlines and tick labels of both axes. */
static void put_grid(struct plot *p)
{
	struct cx *x = p->x;
	const struct axis *l = &p->left, *r = &p->right;
	for (int i = 0; i < l->t.n; i++) {
		double v = l->t.lo + i * l->t.step, y = chart_axis_pos(l, v);
		if (x->th->gridlines && fabs(v) > 1e-12 * l->t.step)
			chart_rule(x, p->x0, y, p->x1, y, 0.5, x->th->grid);
		chart_put_label(x, &l->labels[i], p->x0 - p->gap - l->labels[i].w,
				chart_mid_baseline(y, x->lab.size));
	}
	for (int i = 0; p->combo && i < r->t.n; i++) {
		double y = chart_axis_pos(r, r->t.lo + i * r->t.step);
		chart_put_label(x, &r->labels[i], p->x1 + p->gap, chart_mid_baseline(y, x->lab.size));
	}
}

/* Where the lines will run (drawn over the bars, but known first so that no
 * bar label sits under one). Stacked lines add up. */
static void find_lines(struct plot *p)
{
	const struct chart *c = p->c;
	p->lys = xcalloc((size_t)c->nseries, sizeof(*p->lys));
	double *pos = xcalloc((size_t)c->ncats, sizeof(double));
	for (int k = 0; p->line_like && k < c->nseries; k++) {
		if (p->combo && !c->series[k].line)
			continue;
		p->lys[k] = xcalloc((size_t)c->ncats, sizeof(double));
		for (int i = 0; i < c->ncats; i++) {
			double base = p->stacked && !p->combo ? pos[i] : 0;
			if (isnan(c->series[k].v[i])) {
				p->lys[k][i] = NAN; /* missing: a gap in the line */
				continue;
			}
			p->lys[k][i] = chart_axis_pos(p->combo ? &p->right : &p->left, base + c->series[k].v[i]);
			pos[i] += c->series[k].v[i];
		}
	}
	free(pos);
}

/* A value label at baseline b if it stays in the chart and off the lines. */
/* Whether a bar's label fits at (lx, b): within its slot and the plot,
 * clear of the lines. With `put`, it is placed when it fits. */
static bool try_bar_label(struct plot *p, const struct label *l, double lx, double b, int i, bool put)
{
	double lsz = p->x->lab.size;
	struct bbox bb = { lx, lx + l->w, b - EM_ABOVE * lsz, b + EM_BELOW * lsz };
	if (l->w <= p->slot - 0.2 * lsz && bb.t >= p->x->y - 0.01 && bb.b <= p->bottom + p->below &&
	    !lines_cross(p->c, p->lys, p->x0, p->slot, i, &bb)) {
		if (put) {
			chart_put_label(p->x, l, lx, b);
			p->placed[p->nplaced++] = bb;
		}
		return true;
	}
	return false;
}

/* Columns, side by side or stacked, with their values over (or under) them
 * when asked and when they fit: on each bar of a single series, over each
 * stack's total; grouped bars are too crowded for numbers. */
static void put_bars(struct plot *p)
{
	struct cx *x = p->x;
	const struct chart *c = p->c;
	double lsz = x->lab.size;
	double *pos = xcalloc((size_t)c->ncats, sizeof(double));
	double *neg = xcalloc((size_t)c->ncats, sizeof(double));
	double group = p->slot * (p->ncols > 1 && !p->stacked ? 0.72 : 0.56);
	/* Bars no fatter than about four characters, however wide the slot. */
	group = fmin(group, (p->stacked || p->ncols < 1 ? 1 : p->ncols) * 4 * lsz);
	double bw = p->stacked || p->ncols == 0 ? group : group / p->ncols;
	bool labels = c->labels && !(!p->stacked && p->ncols > 1);
	/* A single series gets a value on every bar or on none: a chart
	 * that labels some bars and not others reads as if those had none. */
	for (int k = 0; labels && !p->stacked && k < c->nseries; k++) {
		const struct series *s = &c->series[k];
		if (s->line)
			continue;
		for (int i = 0; i < c->ncats && labels; i++) {
			double v = s->v[i];
			if (isnan(v))
				continue;
			double y1 = chart_axis_pos(&p->left, v);
			double bx = p->x0 + i * p->slot + (p->slot - group) / 2;
			char buf[64];
			struct label l = chart_make_label(x, chart_value(x, 0, v, buf, sizeof(buf)), &x->lab);
			double b = v >= 0 ? y1 - 0.3 * lsz : y1 + 0.3 * lsz + EM_ABOVE * lsz;
			labels = try_bar_label(p, &l, bx + bw / 2 - l.w / 2, b, i, false);
		}
	}
	int col = 0;
	for (int k = 0; k < c->nseries; k++) {
		const struct series *s = &c->series[k];
		if (s->line)
			continue;
		struct color colr = chart_series_color(x, k);
		for (int i = 0; i < c->ncats; i++) {
			double v = s->v[i];
			if (isnan(v))
				continue; /* missing: no bar, never a bar of zero */
			double base = p->stacked ? (v >= 0 ? pos[i] : neg[i]) : 0;
			double y0 = chart_axis_pos(&p->left, base), y1 = chart_axis_pos(&p->left, base + v);
			double bx = p->x0 + i * p->slot + (p->slot - group) / 2 + (p->stacked ? 0 : col * bw);
			double inset = !p->stacked && p->ncols > 1 && bw > 6 ? 0.5 : 0;
			group_add_rect(x->box, bx + inset, fmin(y0, y1), bw - 2 * inset, fabs(y1 - y0), colr);
			p->placed[p->nplaced++] = (struct bbox){ bx, bx + bw, fmin(y0, y1), fmax(y0, y1) };
			if (p->stacked) {
				if (v >= 0)
					pos[i] += v;
				else
					neg[i] += v;
			} else if (labels) {
				char buf[64];
				struct label l = chart_make_label(x, chart_value(x, 0, v, buf, sizeof(buf)), &x->lab);
				double b = v >= 0 ? y1 - 0.3 * lsz : y1 + 0.3 * lsz + EM_ABOVE * lsz;
				try_bar_label(p, &l, bx + bw / 2 - l.w / 2, b, i, true);
			}
		}
		col++;
	}
	for (int i = 0; labels && p->stacked && i < c->ncats; i++) {
		char buf[64];
		struct label l = chart_make_label(x, chart_value(x, 0, pos[i] + neg[i], buf, sizeof(buf)), &x->lab);
		double lx = p->x0 + (i + 0.5) * p->slot - l.w / 2;
		double b = chart_axis_pos(&p->left, pos[i]) - 0.3 * lsz;
		/* A total sits over its stack, which can reach the top. */
		struct bbox bb = { lx, lx + l.w, b - EM_ABOVE * lsz, b + EM_BELOW * lsz };
		if (l.w <= p->slot - 0.2 * lsz && !lines_cross(c, p->lys, p->x0, p->slot, i, &bb)) {
			chart_put_label(x, &l, lx, b);
			p->placed[p->nplaced++] = bb;
		}
	}
	free(pos);
	free(neg);
}

/* The values of a lone line, each where it finds room: over the point (or
 * under it at a dip, where the line rises on both sides), the other of the
 * two, then off to the sides — never on another label, a bar or a line. */
static void put_line_labels(struct plot *p, const struct series *s, const double *ys)
{
	struct cx *x = p->x;
	const struct chart *c = p->c;
	double lsz = x->lab.size;
	for (int i = 0; i < c->ncats; i++) {
		char buf[64];
		if (isnan(ys[i]))
			continue;
		struct label l = chart_make_label(
			x, chart_value(x, p->combo ? 1 : 0, s->v[i], buf, sizeof(buf)), &x->lab);
		bool dip = (i == 0 || ys[i - 1] < ys[i]) && (i == c->ncats - 1 || ys[i + 1] < ys[i]) &&
			   c->ncats > 1;
		double px = p->x0 + (i + 0.5) * p->slot;
		static const double shift[] = { 0, 0, -1, 1, -1, 1 };
		for (int t = 0; t < 6; t++) {
			bool under = dip != (t % 2 == 1);
			double b2 = under ? ys[i] + 3.2 + EM_ABOVE * lsz : ys[i] - 3.2 - EM_BELOW * lsz;
			double lx = px - l.w / 2 + shift[t] * (l.w / 2 + 2.5);
			if (t >= 2) /* beside: level with the marker's edge */
				b2 = under ? ys[i] + EM_ABOVE * lsz : ys[i] - EM_BELOW * lsz;
			lx = fmax(lx, p->x0 - p->gap), lx = fmin(lx, x->w - l.w);
			struct bbox bb = { lx, lx + l.w, b2 - EM_ABOVE * lsz, b2 + EM_BELOW * lsz };
			bool clash = bb.t < x->y - 0.01 || bb.b > p->bottom - 0.5;
			for (int q = 0; q < p->nplaced && !clash; q++)
				clash = bb.l < p->placed[q].r && bb.r > p->placed[q].l &&
					bb.t < p->placed[q].b && bb.b > p->placed[q].t;
			clash = clash || lines_cross(c, p->lys, p->x0, p->slot, i, &bb);
			if (!clash) {
				chart_put_label(x, &l, lx, b2);
				p->placed[p->nplaced++] = bb;
				break;
			}
		}
	}
}

/* Areas under lines, then the lines with their markers and values. */
static void put_lines(struct plot *p)
{
	struct cx *x = p->x;
	const struct chart *c = p->c;
	double *pos = xcalloc((size_t)c->ncats, sizeof(double));
	int nlines = 0;
	for (int k = 0; k < c->nseries; k++)
		nlines += p->combo ? c->series[k].line : 1;
	for (int k = 0; k < c->nseries; k++) {
		const struct series *s = &c->series[k];
		if (p->combo && !s->line)
			continue;
		const struct axis *ax = p->combo ? &p->right : &p->left;
		struct color colr = chart_series_color(x, k);
		const double *ys = p->lys[k];
		double slot = p->slot, x0 = p->x0;
		if (c->type == CHART_AREA) {
			struct pathb b = { 0 };
			for (int i = 0; i < c->ncats; i++)
				chart_pb_add(&b, i ? SEG_LINE : SEG_MOVE, x0 + (i + 0.5) * slot, ys[i]);
			for (int i = c->ncats - 1; i >= 0; i--)
				chart_pb_add(&b, SEG_LINE, x0 + (i + 0.5) * slot,
					     chart_axis_pos(ax, p->stacked ? pos[i]
								  : fmax(ax->t.lo, fmin(0, ax->t.hi))));
			chart_pb_add(&b, SEG_CLOSE, 0, 0);
			struct path *pa = chart_pb_finish(x, &b);
			pa->fill = true;
			pa->fill_color = chart_mix(colr, chart_white, p->stacked ? 0.35 : 0.72);
		}
		struct pathb b = { 0 };
		for (int i = 0; i < c->ncats; i++)
			if (!isnan(ys[i]))
				chart_pb_add(&b, i && !isnan(ys[i - 1]) ? SEG_LINE : SEG_MOVE,
					     x0 + (i + 0.5) * slot, ys[i]);
		if (c->ncats == 1 && !isnan(ys[0]))
			chart_pb_add(&b, SEG_LINE, x0 + 0.5 * slot + 0.01, ys[0]);
		struct path *pa = chart_pb_finish(x, &b);
		pa->stroke = true;
		pa->width = 1.6;
		pa->stroke_color = colr;
		if (c->markers && slot >= 6)
			for (int i = 0; i < c->ncats; i++)
				if (!isnan(ys[i]))
					chart_marker(x, x0 + (i + 0.5) * slot, ys[i], 2.2, colr);
		if (c->labels && nlines == 1)
			put_line_labels(p, s, ys);
		if (p->stacked)
			for (int i = 0; i < c->ncats; i++)
				pos[i] += isnan(s->v[i]) ? 0 : s->v[i];
	}
	free(pos);
}

int chart_columns(struct cx *x)
{
	const struct chart *c = x->c;
	struct plot p = { .x = x, .c = c };
	p.combo = c->type == CHART_COMBO;
	p.bars = c->type == CHART_COLUMN || p.combo;
	p.stacked = c->stacked && c->type != CHART_LINE;
	p.line_like = c->type == CHART_LINE || c->type == CHART_AREA || p.combo;
	chart_put_units(x, p.combo);
	chart_series_legend(x);
	if (plot_setup(&p) < 0)
		return -1;
	put_grid(&p);
	find_lines(&p);
	p.placed = xcalloc(3 * (size_t)c->ncats * (size_t)c->nseries + 1, sizeof(*p.placed));
	if (p.bars)
		put_bars(&p);
	if (p.line_like)
		put_lines(&p);
	for (int k = 0; k < c->nseries; k++)
		free(p.lys[k]);
	free(p.lys);
	free(p.placed);
	/* The zero line (or the bottom of the axis) in the axis colour. */
	const struct axis *l = &p.left;
	double zy = chart_axis_pos(l, l->t.lo <= 0 && l->t.hi >= 0 ? 0 : l->t.lo);
	chart_rule(x, p.x0, zy, p.x1, zy, 0.8, x->th->axis);
	x->y = p.bottom + p.below + 0.35 * x->lab.size;
	put_cat_labels(x, &p.cl, p.x0, p.slot, x->y);
	x->y += p.cl.lines * role_pitch(&p.cl.role);
	return 0;
}
