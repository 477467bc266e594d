/* chart.c — laying out charts into boxes of frame items (chart.h).
 *
 * Every chart is built top-down in a box as wide as its column: title, unit
 * line, legend, the plot, the source note. Labels are composed once with the
 * real shaper and then placed, so their widths are exact; where labels would
 * collide the layout wraps, thins or drops them rather than let them overlap.
 * Bars are rectangles, everything curved or joined is a path: vectors in the
 * PDF, and gridlines and axes are marked crisp for the PNG. */
#include "boxes/chart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/numfmt.h"
#include "boxes/ticks.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* A measured single-line label. */
struct label {
	struct line *ln;
	int n;
	double w;
};

struct cx {
	const struct setter *s;
	const struct chart *c;
	const struct chart_theme *th;
	struct group *box;
	struct arena *a;
	struct font_role lab, tit, note; /* labels, title, source note */
	struct color text, muted;
	double w;                         /* box width */
	double y;                         /* next free y in the box */
};

/* ---- small helpers ---- */

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
			if (segment_crosses(x0 + (j + 0.5) * slot, lys[k][j], x0 + (j + 1.5) * slot, lys[k][j + 1], b))
				return true;
	return false;
}

static struct color mix(struct color a, struct color b, double t)
{
	return (struct color){ a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t };
}

static double luminance(struct color c)
{
	return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
}

static const struct color white = { 1, 1, 1 };

static struct color series_color(const struct cx *x, int k)
{
	const struct chart_theme *th = x->th;
	if (th->accent_first) {
		if (k == 0)
			return x->s->l->accent;
		return th->palette[1 + (k - 1) % (th->npalette - 1)];
	}
	return th->palette[k % th->npalette];
}

static struct label text_label(struct cx *x, const struct text *t, const struct font_role *r)
{
	struct label l = { 0 };
	l.n = set_compose(x->s, t, r, 1e6, 0, false, ALIGN_LEFT, &l.ln);
	l.w = l.n ? l.ln[0].width : 0;
	return l;
}

/* A label for a string made here (numbers, units). */
static struct label make_label(struct cx *x, const char *str, const struct font_role *r)
{
	struct text t = text_plain(arena_strdup(x->a, str));
	return text_label(x, &t, r);
}

/* Wrap t into lines of even length, centred in `width`. */
static int compose_centered(struct cx *x, const struct text *t, double width, struct line **ln)
{
	double used = width;
	int n = set_compose_balanced(x->s, t, &x->lab, width, ALIGN_CENTER, ln, &used);
	for (int i = 0; i < n; i++)
		(*ln)[i].x += (width - used) / 2;
	return n;
}

static void recolor(struct line *ln, int n, struct color c)
{
	for (int i = 0; i < n; i++)
		for (int k = 0; k < ln[i].nruns; k++)
			ln[i].runs[k].color = c;
}

/* Put a label with its left end at x on `baseline`. */
static void put_label(struct cx *x, const struct label *l, double at, double baseline)
{
	if (l->n < 1)
		return;
	for (int k = 0; k < l->ln[0].nruns; k++)
		group_add_run(x->box, at + l->ln[0].x, baseline, &l->ln[0].runs[k]);
}

/* Baseline that centres a line of size `size` on y. */
static double mid_baseline(double y, double size)
{
	return y + 0.38 * size;
}

/* ---- paths ---- */

struct pathb {
	struct seg *segs;
	int n, alloc;
};

static void pb_add(struct pathb *b, enum seg_kind k, double px, double py)
{
	GROW(b->segs, b->n, b->alloc);
	b->segs[b->n++] = (struct seg){ .kind = k, .x = px, .y = py };
}

static void pb_arc(struct pathb *b, double cx, double cy, double r, double a0, double a1)
{
	GROW(b->segs, b->n, b->alloc);
	b->segs[b->n++] = (struct seg){ .kind = SEG_ARC, .x = cx, .y = cy, .r = r, .a0 = a0, .a1 = a1 };
}

/* Hand the segments to a path item on the box (and free the builder). */
static struct path *pb_finish(struct cx *x, struct pathb *b)
{
	struct path *p = arena_alloc(x->a, sizeof(*p));
	p->segs = arena_memdup(x->a, b->segs, (size_t)b->n * sizeof(*b->segs));
	p->nsegs = b->n;
	free(b->segs);
	memset(b, 0, sizeof(*b));
	group_add_path(x->box, 0, 0, p);
	return p;
}

/* A straight crisp line: axes and gridlines. */
static void rule(struct cx *x, double x1, double y1, double x2, double y2, double width,
		 struct color c)
{
	struct pathb b = { 0 };
	pb_add(&b, SEG_MOVE, x1, y1);
	pb_add(&b, SEG_LINE, x2, y2);
	struct path *p = pb_finish(x, &b);
	p->stroke = p->crisp = true;
	p->width = width;
	p->stroke_color = c;
}

static void marker(struct cx *x, double px, double py, double r, struct color c)
{
	struct pathb b = { 0 };
	pb_arc(&b, px, py, r, 0, 2 * M_PI);
	pb_add(&b, SEG_CLOSE, 0, 0);
	struct path *p = pb_finish(x, &b);
	p->fill = p->stroke = true;
	p->fill_color = white;
	p->stroke_color = c;
	p->width = 1.2;
}

/* ---- title, unit, legend, source ---- */

static void put_title(struct cx *x)
{
	if (!x->c->title.len)
		return;
	struct line *ln;
	int n = set_compose(x->s, &x->c->title, &x->tit, x->w, 0, false, ALIGN_LEFT, &ln);
	set_lines(x->s, x->box, ln, n, 0, &x->y, role_pitch(&x->tit), x->tit.size);
	x->y += 0.25 * x->lab.size;
}

static void put_source(struct cx *x)
{
	if (!x->c->source.len)
		return;
	x->y += 0.35 * x->note.size;
	struct line *ln;
	int n = set_compose(x->s, &x->c->source, &x->note, x->w, 0, false, ALIGN_LEFT, &ln);
	recolor(ln, n, x->muted);
	set_lines(x->s, x->box, ln, n, 0, &x->y, role_pitch(&x->note), x->note.size);
}

/* "单位：亿元" over the left axis, and over the right one for a combo; a
 * unit too long for its half wraps. */
static void put_units(struct cx *x, bool right_axis)
{
	const struct chart *c = x->c;
	bool left = c->unit.len > 0 && !c->percent, right = right_axis && c->unit2.len > 0 && !c->percent2;
	if (!left && !right)
		return;
	double width = left && right ? x->w / 2 - x->lab.size : x->w, pitch = role_pitch(&x->note);
	double y = x->y, end = x->y;
	const struct text *units[2] = { left ? &c->unit : NULL, right ? &c->unit2 : NULL };
	for (int k = 0; k < 2; k++) {
		if (!units[k])
			continue;
		char *str = xasprintf("单位：%s", units[k]->s);
		struct text t = text_plain(arena_strdup(x->a, str));
		free(str);
		struct line *ln;
		int n = set_compose(x->s, &t, &x->note, width, 0, false, ALIGN_LEFT, &ln);
		recolor(ln, n, x->muted);
		/* The right unit ends at the right edge. */
		for (int i = 0; k == 1 && i < n; i++)
			ln[i].x = width - ln[i].width;
		y = x->y;
		set_lines(x->s, x->box, ln, n, k == 1 ? x->w - width : 0, &y, pitch, x->note.size);
		end = fmax(end, y);
	}
	x->y = end;
}

/* Legend entries flow in rows: a swatch (a short line for line series) and
 * the name. `names` and colours are per entry. */
static void put_legend(struct cx *x, const struct text *names, int n, const bool *lines)
{
	double sw = 0.8 * x->lab.size, gap = 0.4 * x->lab.size, space = 1.2 * x->lab.size;
	double pitch = role_pitch(&x->lab);
	struct label *ls = xcalloc((size_t)n, sizeof(*ls));
	for (int i = 0; i < n; i++) {
		ls[i] = text_label(x, &names[i], &x->lab);
		/* A name wider than the chart wraps and takes rows of its own. */
		if (sw + gap + ls[i].w > x->w) {
			ls[i].n = set_compose(x->s, &names[i], &x->lab, x->w - sw - gap, 0, false, ALIGN_LEFT,
					      &ls[i].ln);
			ls[i].w = x->w - sw - gap;
		}
	}
	int i = 0;
	while (i < n) {
		/* Entries that fit on this row. */
		double used = 0;
		int j = i;
		for (; j < n; j++) {
			double ew = sw + gap + ls[j].w;
			if (j > i && used + space + ew > x->w)
				break;
			used += (j > i ? space : 0) + ew;
		}
		double at = 0;
		double base = x->y + slot_baseline(pitch, x->lab.size);
		for (int k = i; k < j; k++) {
			struct color col = series_color(x, k);
			double sy = base - 0.38 * x->lab.size;
			if (lines && lines[k]) {
				struct pathb b = { 0 };
				pb_add(&b, SEG_MOVE, at, sy);
				pb_add(&b, SEG_LINE, at + sw, sy);
				struct path *p = pb_finish(x, &b);
				p->stroke = true;
				p->width = 1.8;
				p->stroke_color = col;
			} else {
				group_add_rect(x->box, at, sy - sw / 2, sw, sw, col);
			}
			double ly = x->y;
			set_lines(x->s, x->box, ls[k].ln, ls[k].n, at + sw + gap, &ly, pitch, x->lab.size);
			at += sw + gap + ls[k].w + space;
		}
		/* A wrapped name is alone on its row. */
		x->y += pitch * (j == i + 1 && ls[i].n > 1 ? ls[i].n : 1);
		i = j;
	}
	free(ls);
	x->y += 0.3 * x->lab.size;
}

static bool any_named(const struct chart *c)
{
	for (int k = 0; k < c->nseries; k++)
		if (c->series[k].name.len)
			return true;
	return false;
}

static void series_legend(struct cx *x)
{
	const struct chart *c = x->c;
	if (c->nseries < 2 || !any_named(c))
		return;
	struct text *names = xcalloc((size_t)c->nseries, sizeof(*names));
	bool *lines = xcalloc((size_t)c->nseries, sizeof(*lines));
	for (int k = 0; k < c->nseries; k++) {
		names[k] = c->series[k].name;
		lines[k] = c->series[k].line || c->type == CHART_LINE;
	}
	put_legend(x, names, c->nseries, lines);
	free(names);
	free(lines);
}

/* ---- value axes ---- */

struct axis {
	struct ticks t;
	struct numfmt f;
	struct label *labels; /* one per tick */
	double maxw;
	double p0, p1;        /* page positions of t.lo and t.hi */
};

static double axis_pos(const struct axis *ax, double v)
{
	return ax->p0 + (v - ax->t.lo) / (ax->t.hi - ax->t.lo) * (ax->p1 - ax->p0);
}

/* Tick labels for ticks t. */
static void axis_label(struct cx *x, struct axis *ax, struct ticks t, bool percent)
{
	ax->t = t;
	double big = fmax(fabs(ax->t.lo), fabs(ax->t.hi));
	ax->f = numfmt_for(big, ax->t.step, percent);
	ax->labels = arena_array(x->a, (size_t)ax->t.n, sizeof(*ax->labels));
	ax->maxw = 0;
	for (int i = 0; i < ax->t.n; i++) {
		char buf[64];
		numfmt_format(&ax->f, ax->t.lo + i * ax->t.step, buf, sizeof(buf));
		ax->labels[i] = make_label(x, buf, &x->lab);
		recolor(ax->labels[i].ln, ax->labels[i].n, x->th->axis);
		if (ax->labels[i].w > ax->maxw)
			ax->maxw = ax->labels[i].w;
	}
}

static void axis_make(struct cx *x, struct axis *ax, double dmin, double dmax, int m, bool percent)
{
	axis_label(x, ax, ticks_axis(dmin, dmax, m), percent);
}

/* Data range of the series in `which` (all, columns only, lines only);
 * stacked sums positive and negative parts separately. */
static void data_range(const struct chart *c, int which, bool stacked, double *lo, double *hi)
{
	*lo = INFINITY, *hi = -INFINITY;
	for (int i = 0; i < c->ncats; i++) {
		double pos = 0, neg = 0;
		for (int k = 0; k < c->nseries; k++) {
			const struct series *s = &c->series[k];
			if ((which == 1 && s->line) || (which == 2 && !s->line))
				continue;
			double v = s->v[i];
			if (stacked) {
				if (v >= 0)
					pos += v;
				else
					neg += v;
			} else {
				*lo = fmin(*lo, v);
				*hi = fmax(*hi, v);
			}
		}
		if (stacked) {
			*lo = fmin(*lo, neg);
			*hi = fmax(*hi, pos);
		}
	}
	if (!isfinite(*lo))
		*lo = *hi = 0;
}

/* ---- category labels under a horizontal axis ---- */

struct catlabels {
	struct line **ln;
	int *n;
	int every;    /* label every n-th category (1: all) */
	int lines;    /* most lines of any label */
};

/* Compose category labels for slots `slot` wide: one line when all fit;
 * else wrapped (at most 3 lines) at legal break points; else only every
 * k-th label, when `may_thin`. Returns -1 when none of that fits. */
static int cat_labels(struct cx *x, double slot, bool may_thin, struct catlabels *cl)
{
	const struct chart *c = x->c;
	int n = c->ncats;
	cl->ln = arena_array(x->a, (size_t)n, sizeof(*cl->ln));
	cl->n = arena_array(x->a, (size_t)n, sizeof(*cl->n));
	cl->every = 1;
	double pad = 0.3 * x->lab.size;
	/* Lines thin out before they wrap (a month in two pieces reads badly);
	 * columns wrap their names and never thin. */
	for (int pass = may_thin ? 0 : 1; pass < 2; pass++)
		for (int every = 1; every <= (pass == 0 ? n : 1); every++) {
			double room = every * slot - pad;
			if (room < 1.05 * x->lab.size)
				continue;
			bool ok = true;
			cl->lines = 0;
			for (int i = 0; i < n && ok; i += every) {
				cl->n[i] = compose_centered(x, &c->cats[i], room, &cl->ln[i]);
				for (int k = 0; k < cl->n[i]; k++)
					ok &= cl->ln[i][k].width <= room + 0.01;
				ok &= cl->n[i] <= (pass == 0 ? 1 : 3);
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
	return -1;
}

static void put_cat_labels(struct cx *x, const struct catlabels *cl, double x0, double slot,
			   double top)
{
	double pad = 0.3 * x->lab.size;
	for (int i = 0; i < x->c->ncats; i++) {
		if (!cl->n[i])
			continue;
		double room = cl->every * slot - pad;
		double cxp = x0 + (i + 0.5) * slot;
		double y = top;
		/* Composed centred in `room`; centre that on the category. */
		set_lines(x->s, x->box, cl->ln[i], cl->n[i], cxp - room / 2, &y, role_pitch(&x->lab),
			  x->lab.size);
	}
}

static int too_many(struct cx *x, int fit)
{
	diag_error_at(x->s->d, x->c->span,
		      "this %s chart has %d categories; at most %d fit its width of %.0f pt (%s)",
		      chart_type_name(x->c->type), x->c->ncats, fit < 1 ? 1 : fit, x->w,
		      x->c->type == CHART_COLUMN ? "try type: bar, or fewer categories" : "use fewer categories");
	return -1;
}

/* ---- column, line, area, combo: categories along x ---- */

static int vertical_chart(struct cx *x)
{
	const struct chart *c = x->c;
	bool combo = c->type == CHART_COMBO;
	bool bars = c->type == CHART_COLUMN || combo;
	bool stacked = c->stacked && c->type != CHART_LINE;
	put_units(x, combo);
	series_legend(x);
	double lh = role_pitch(&x->lab);
	/* Narrow charts are about half as tall as wide; wide ones flatter. */
	double plot_h = fmin(fmax(0.55 * x->w - 0.3 * fmax(0, x->w - 260), 100), 220);
	int m = (int)fmin(fmax(round(plot_h / 34) + 1, 3), 7);
	/* Left axis: columns (or everything); right axis: a combo's lines. */
	double lo, hi;
	data_range(c, combo ? 1 : 0, stacked, &lo, &hi);
	if (bars || c->type == CHART_AREA)
		lo = fmin(lo, 0), hi = fmax(hi, 0);
	struct axis left = { 0 }, right = { 0 };
	axis_make(x, &left, lo, hi, m, c->percent);
	if (combo) {
		data_range(c, 2, false, &lo, &hi);
		/* The right axis's ticks sit on the left axis's gridlines. */
		axis_label(x, &right, ticks_matching(fmin(lo, 0), fmax(hi, 0), &left.t), c->percent2);
	}
	double gap = 0.4 * x->lab.size;
	double x0 = left.maxw + gap, x1 = x->w - (combo ? right.maxw + gap : 0.3 * x->lab.size);
	/* Value labels above the bars need headroom, and some room at the right
	 * for the last point's label of a line. */
	double top = x->y + 0.5 * x->lab.size + (c->labels ? lh : 0);
	double bottom = top + plot_h;
	/* Labels under negative bars need room above the category labels. */
	double below = c->labels && bars && left.t.lo < 0 ? lh : 0;
	int ncols = 0;
	for (int k = 0; k < c->nseries; k++)
		ncols += bars && !c->series[k].line;
	double slot = (x1 - x0) / c->ncats;
	int bars_per_slot = stacked ? 1 : ncols;
	/* Bars at least 2 pt wide, and a label slot at least one character
	 * wide (labels wrap, or on lines thin out, below that). */
	int per = bars_per_slot ? bars_per_slot : 1;
	double min_label = 1.35 * x->lab.size;
	int fit = (int)((x1 - x0) / (bars ? fmax(2 * per / 0.64, min_label) : 2));
	struct catlabels cl;
	if ((bars && slot * 0.64 / per < 2) || cat_labels(x, slot, !bars, &cl) < 0)
		return too_many(x, fit < c->ncats ? fit : c->ncats - 1);
	left.p0 = bottom, left.p1 = top;
	right.p0 = bottom, right.p1 = top;
	/* Gridlines and tick labels. */
	for (int i = 0; i < left.t.n; i++) {
		double v = left.t.lo + i * left.t.step, y = axis_pos(&left, v);
		if (x->th->gridlines && fabs(v) > 1e-12 * left.t.step)
			rule(x, x0, y, x1, y, 0.5, x->th->grid);
		put_label(x, &left.labels[i], x0 - gap - left.labels[i].w, mid_baseline(y, x->lab.size));
	}
	if (combo)
		for (int i = 0; i < right.t.n; i++) {
			double y = axis_pos(&right, right.t.lo + i * right.t.step);
			put_label(x, &right.labels[i], x1 + gap, mid_baseline(y, x->lab.size));
		}
	/* Labels above values, kept apart from each other. */
	struct bbox *placed = xcalloc(3 * (size_t)c->ncats * (size_t)c->nseries + 1, sizeof(*placed));
	int nplaced = 0;
	double lsz = x->lab.size;
	/* Where the lines will run (drawn over the bars, but known first so
	 * that no bar label sits under one). Stacked lines add up. */
	bool line_like = c->type == CHART_LINE || c->type == CHART_AREA || combo;
	double *pos = xcalloc((size_t)c->ncats, sizeof(double)), *neg = xcalloc((size_t)c->ncats, sizeof(double));
	double **lys = xcalloc((size_t)c->nseries, sizeof(*lys));
	for (int k = 0; line_like && k < c->nseries; k++) {
		if (combo && !c->series[k].line)
			continue;
		lys[k] = xcalloc((size_t)c->ncats, sizeof(double));
		for (int i = 0; i < c->ncats; i++) {
			lys[k][i] = axis_pos(combo ? &right : &left, (stacked && !combo ? pos[i] : 0) + c->series[k].v[i]);
			pos[i] += c->series[k].v[i];
		}
	}
	memset(pos, 0, (size_t)c->ncats * sizeof(double));
	/* Bars. */
	int col = 0;
	double group = slot * (ncols > 1 && !stacked ? 0.72 : 0.56);
	/* Bars no fatter than about four characters, however wide the slot. */
	group = fmin(group, (stacked || ncols < 1 ? 1 : ncols) * 4 * x->lab.size);
	double bw = stacked || ncols == 0 ? group : group / ncols;
	bool bar_labels = c->labels && bars;
	if (bar_labels && !stacked && ncols > 1)
		bar_labels = false; /* grouped bars: too crowded for numbers */
	for (int k = 0; bars && k < c->nseries; k++) {
		const struct series *s = &c->series[k];
		if (s->line)
			continue;
		struct color colr = series_color(x, k);
		for (int i = 0; i < c->ncats; i++) {
			double v = s->v[i];
			double base = stacked ? (v >= 0 ? pos[i] : neg[i]) : 0;
			double y0 = axis_pos(&left, base), y1 = axis_pos(&left, base + v);
			double bx = x0 + i * slot + (slot - group) / 2 + (stacked ? 0 : col * bw);
			double inset = !stacked && ncols > 1 && bw > 6 ? 0.5 : 0;
			group_add_rect(x->box, bx + inset, fmin(y0, y1), bw - 2 * inset, fabs(y1 - y0), colr);
			placed[nplaced++] = (struct bbox){ bx, bx + bw, fmin(y0, y1), fmax(y0, y1) };
			if (stacked) {
				if (v >= 0)
					pos[i] += v;
				else
					neg[i] += v;
			}
			if (bar_labels && !stacked) {
				char buf[64];
				struct label l = make_label(x, numfmt_value(v, c->percent, buf, sizeof(buf)), &x->lab);
				double lx = bx + bw / 2 - l.w / 2;
				double b = v >= 0 ? y1 - 0.3 * lsz : y1 + 0.3 * lsz + EM_ABOVE * lsz;
				struct bbox bb = { lx, lx + l.w, b - EM_ABOVE * lsz, b + EM_BELOW * lsz };
				if (l.w <= slot - 0.2 * lsz && bb.t >= x->y - 0.01 && bb.b <= bottom + below &&
				    !lines_cross(c, lys, x0, slot, i, &bb)) {
					put_label(x, &l, lx, b);
					placed[nplaced++] = (struct bbox){ lx, lx + l.w, b - EM_ABOVE * lsz, b + EM_BELOW * lsz };
				}
			}
		}
		col++;
	}
	if (bar_labels && stacked) {
		for (int i = 0; i < c->ncats; i++) {
			char buf[64];
			struct label l = make_label(x, numfmt_value(pos[i] + neg[i], c->percent, buf, sizeof(buf)), &x->lab);
			double y1 = axis_pos(&left, pos[i]);
			double lx = x0 + (i + 0.5) * slot - l.w / 2, b = y1 - 0.3 * lsz;
			struct bbox bb = { lx, lx + l.w, b - EM_ABOVE * lsz, b + EM_BELOW * lsz };
			if (l.w <= slot - 0.2 * lsz && !lines_cross(c, lys, x0, slot, i, &bb)) {
				put_label(x, &l, lx, b);
				placed[nplaced++] = (struct bbox){ lx, lx + l.w, b - EM_ABOVE * lsz, b + EM_BELOW * lsz };
			}
		}
	}
	/* Areas under lines, then the lines with markers. */
	memset(pos, 0, (size_t)c->ncats * sizeof(double));
	int nlines = 0;
	for (int k = 0; k < c->nseries; k++)
		nlines += combo ? c->series[k].line : 1;
	for (int k = 0; line_like && k < c->nseries; k++) {
		const struct series *s = &c->series[k];
		if (combo && !s->line)
			continue;
		const struct axis *ax = combo ? &right : &left;
		struct color colr = series_color(x, k);
		const double *ys = lys[k];
		if (c->type == CHART_AREA) {
			struct pathb b = { 0 };
			for (int i = 0; i < c->ncats; i++)
				pb_add(&b, i ? SEG_LINE : SEG_MOVE, x0 + (i + 0.5) * slot, ys[i]);
			for (int i = c->ncats - 1; i >= 0; i--)
				pb_add(&b, SEG_LINE, x0 + (i + 0.5) * slot, axis_pos(ax, stacked ? pos[i] : fmax(ax->t.lo, fmin(0, ax->t.hi))));
			pb_add(&b, SEG_CLOSE, 0, 0);
			struct path *p = pb_finish(x, &b);
			p->fill = true;
			p->fill_color = mix(colr, white, stacked ? 0.35 : 0.72);
		}
		struct pathb b = { 0 };
		for (int i = 0; i < c->ncats; i++)
			pb_add(&b, i ? SEG_LINE : SEG_MOVE, x0 + (i + 0.5) * slot, ys[i]);
		if (c->ncats == 1)
			pb_add(&b, SEG_LINE, x0 + 0.5 * slot + 0.01, ys[0]);
		struct path *p = pb_finish(x, &b);
		p->stroke = true;
		p->width = 1.6;
		p->stroke_color = colr;
		if (c->markers && slot >= 6)
			for (int i = 0; i < c->ncats; i++)
				marker(x, x0 + (i + 0.5) * slot, ys[i], 2.2, colr);
		/* Values over the points of a lone line, where they find room. */
		if (c->labels && nlines == 1) {
			for (int i = 0; i < c->ncats; i++) {
				char buf[64];
				struct label l = make_label(x, numfmt_value(s->v[i], combo ? c->percent2 : c->percent, buf, sizeof(buf)), &x->lab);
				/* Above the point, below it at a dip (where the line
				 * rises on both sides and would cross a label above). */
				bool dip = (i == 0 || ys[i - 1] < ys[i]) && (i == c->ncats - 1 || ys[i + 1] < ys[i]) &&
					   c->ncats > 1;
				/* Tried in turn: centred over (or at a dip, under) the
				 * point, the other of the two, then off to the sides
				 * (where a rising or falling line leaves room). */
				double px = x0 + (i + 0.5) * slot;
				static const double shift[] = { 0, 0, -1, 1, -1, 1 };
				for (int t = 0; t < 6; t++) {
					bool under = dip != (t % 2 == 1);
					double b2 = under ? ys[i] + 3.2 + EM_ABOVE * lsz : ys[i] - 3.2 - EM_BELOW * lsz;
					double lx = px - l.w / 2 + shift[t] * (l.w / 2 + 2.5);
					if (t >= 2) /* beside: level with the marker's edge */
						b2 = under ? ys[i] + EM_ABOVE * lsz : ys[i] - EM_BELOW * lsz;
					lx = fmax(lx, x0 - gap), lx = fmin(lx, x->w - l.w);
					struct bbox bb = { lx, lx + l.w, b2 - EM_ABOVE * lsz, b2 + EM_BELOW * lsz };
					bool clash = bb.t < x->y - 0.01 || bb.b > bottom - 0.5;
					for (int q = 0; q < nplaced && !clash; q++)
						clash = bb.l < placed[q].r && bb.r > placed[q].l && bb.t < placed[q].b &&
							bb.b > placed[q].t;
					/* Nor across a line. */
					clash = clash || lines_cross(c, lys, x0, slot, i, &bb);
					if (!clash) {
						put_label(x, &l, lx, b2);
						placed[nplaced++] = bb;
						break;
					}
				}
			}
		}
		if (stacked)
			for (int i = 0; i < c->ncats; i++)
				pos[i] += s->v[i];
	}
	for (int k = 0; k < c->nseries; k++)
		free(lys[k]);
	free(lys);
	free(pos);
	free(neg);
	free(placed);
	/* The zero line (or the bottom of the axis) in the axis colour. */
	double zy = axis_pos(&left, left.t.lo <= 0 && left.t.hi >= 0 ? 0 : left.t.lo);
	rule(x, x0, zy, x1, zy, 0.8, x->th->axis);
	x->y = bottom + below + 0.35 * lsz;
	put_cat_labels(x, &cl, x0, slot, x->y);
	x->y += cl.lines * lh;
	return 0;
}

/* ---- bar and compare: categories down the left ---- */

static int horizontal_chart(struct cx *x)
{
	const struct chart *c = x->c;
	bool compare = c->type == CHART_COMPARE;
	bool stacked = c->stacked && !compare;
	double lsz = x->lab.size, lh = role_pitch(&x->lab), gap = 0.5 * lsz;
	if (!compare) {
		put_units(x, false);
		series_legend(x);
	}
	/* Category column: as wide as the longest name, up to 30% of the box;
	 * longer names wrap there. */
	double catw = 0;
	struct label *nat = arena_array(x->a, (size_t)c->ncats, sizeof(*nat));
	for (int i = 0; i < c->ncats; i++) {
		nat[i] = text_label(x, &c->cats[i], &x->lab);
		catw = fmax(catw, nat[i].w);
	}
	catw = fmin(catw, 0.3 * x->w);
	struct line **ln = arena_array(x->a, (size_t)c->ncats, sizeof(*ln));
	int *nl = arena_array(x->a, (size_t)c->ncats, sizeof(int));
	for (int i = 0; i < c->ncats; i++)
		if (nat[i].w <= catw + 0.01) {
			ln[i] = nat[i].ln;
			nl[i] = nat[i].n;
		} else {
			double used;
			nl[i] = set_compose_balanced(x->s, &c->cats[i], &x->lab, catw, ALIGN_LEFT, &ln[i], &used);
		}
	double lo, hi;
	data_range(c, 0, stacked, &lo, &hi);
	lo = fmin(lo, 0), hi = fmax(hi, 0);
	/* Value labels at the bar ends: room for the widest. */
	double vlw = 0;
	char buf[64];
	bool labels = c->labels || compare;
	if (labels && !(stacked && c->nseries > 1 && !c->labels))
		for (int k = 0; k < c->nseries; k++)
			for (int i = 0; i < c->ncats; i++) {
				double v = stacked ? 0 : c->series[k].v[i];
				if (stacked && k == 0)
					for (int q = 0; q < c->nseries; q++)
						v += c->series[q].v[i];
				struct label l = make_label(x, numfmt_value(v, c->percent, buf, sizeof(buf)), &x->lab);
				vlw = fmax(vlw, l.w);
			}
	double x0 = catw + gap, x1 = x->w - (labels ? vlw + 0.4 * lsz : 0.5 * lsz);
	if (lo < 0)
		x0 += labels ? vlw + 0.4 * lsz : 0;
	if (x1 - x0 < 3 * lsz) {
		diag_error_at(x->s->d, c->span,
			      "this %s chart's labels leave no room for its bars at a width of %.0f pt; shorten the category names",
			      chart_type_name(c->type), x->w);
		return -1;
	}
	int nbars = stacked ? 1 : c->nseries;
	/* Grouped bars with value labels are as thick as a label is tall, so
	 * the labels of neighbouring bars do not touch. */
	double barh = nbars == 1 ? fmax(0.9 * lsz, 7) : labels && !stacked ? 1.05 * lsz : fmax(0.7 * lsz, 5);
	/* Value axis ticks: as many as fit side by side (not for compare). */
	struct axis ax = { 0 };
	ax.p0 = x0, ax.p1 = x1;
	if (compare) {
		ax.t = (struct ticks){ lo, hi > lo ? hi : lo + 1, hi > lo ? hi - lo : 1, 2 };
	} else {
		for (int m = (int)fmin(fmax((x1 - x0) / 45, 3), 7);; m--) {
			axis_make(x, &ax, lo, hi, m, c->percent);
			double span = (x1 - x0) / (ax.t.n - 1);
			if (ax.maxw + 0.5 * lsz <= span || m <= 2)
				break;
		}
	}
	double y = x->y + 0.3 * lsz;
	double top = y, rows = 0;
	for (int i = 0; i < c->ncats; i++)
		rows += fmax(nl[i] * lh, nbars * barh + 0.6 * lsz) + 0.5 * lsz;
	if (!compare && x->th->gridlines)
		for (int i = 0; i < ax.t.n; i++) {
			double v = ax.t.lo + i * ax.t.step;
			if (fabs(v) > 1e-12 * ax.t.step)
				rule(x, axis_pos(&ax, v), top, axis_pos(&ax, v), top + rows, 0.5, x->th->grid);
		}
	for (int i = 0; i < c->ncats; i++) {
		double rowh = fmax(nl[i] * lh, nbars * barh + 0.6 * lsz) + 0.5 * lsz;
		double mid = y + rowh / 2;
		double ly = mid - nl[i] * lh / 2;
		set_lines(x->s, x->box, ln[i], nl[i], 0, &ly, lh, lsz);
		double pos = 0, neg = 0;
		for (int k = 0; k < c->nseries; k++) {
			double v = c->series[k].v[i];
			struct color colr = compare ? (i == 0 ? series_color(x, 0) : mix(x->muted, white, 0.35))
						    : series_color(x, k);
			double base = stacked ? (v >= 0 ? pos : neg) : 0;
			double a = axis_pos(&ax, base), b = axis_pos(&ax, base + v);
			double by = stacked ? mid - barh / 2 : mid - nbars * barh / 2 + k * barh;
			double inset = nbars > 1 ? 0.4 : 0;
			group_add_rect(x->box, fmin(a, b), by + inset, fabs(b - a), barh - 2 * inset, colr);
			if (stacked) {
				if (v >= 0)
					pos += v;
				else
					neg += v;
			} else if (labels) {
				struct label l = make_label(x, numfmt_value(v, c->percent, buf, sizeof(buf)), &x->lab);
				double lx = v >= 0 ? b + 0.3 * lsz : b - 0.3 * lsz - l.w;
				put_label(x, &l, lx, mid_baseline(by + barh / 2, lsz));
			}
		}
		if (stacked && labels) {
			/* The total at the end of the longer side. */
			struct label l = make_label(x, numfmt_value(pos + neg, c->percent, buf, sizeof(buf)), &x->lab);
			double lx = pos + neg >= 0 ? axis_pos(&ax, pos) + 0.3 * lsz : axis_pos(&ax, neg) - 0.3 * lsz - l.w;
			put_label(x, &l, lx, mid_baseline(mid, lsz));
		}
		y += rowh;
	}
	double zx = axis_pos(&ax, 0);
	rule(x, zx, top, zx, y, 0.8, x->th->axis);
	if (!compare) {
		for (int i = 0; i < ax.t.n; i++) {
			double v = ax.t.lo + i * ax.t.step, px = axis_pos(&ax, v);
			double lx = fmin(fmax(px - ax.labels[i].w / 2, 0), x->w - ax.labels[i].w);
			put_label(x, &ax.labels[i], lx, y + 0.3 * lsz + EM_ABOVE * lsz);
		}
		y += 0.3 * lsz + lh;
	}
	x->y = y;
	return 0;
}

/* ---- pie and donut ---- */

static int round_chart(struct cx *x)
{
	const struct chart *c = x->c;
	const struct series *s = &c->series[0];
	bool donut = c->type == CHART_DONUT;
	double lsz = x->lab.size, lh = role_pitch(&x->lab);
	double total = 0;
	int nonzero = 0;
	for (int i = 0; i < c->ncats; i++) {
		total += s->v[i];
		nonzero += s->v[i] > 0;
	}
	/* Legend entries: name, value, share. */
	struct label *names = arena_array(x->a, (size_t)c->ncats, sizeof(*names));
	struct label *vals = arena_array(x->a, (size_t)c->ncats, sizeof(*vals));
	double namew = 0, valw = 0;
	char buf[96], num[64];
	for (int i = 0; i < c->ncats; i++) {
		names[i] = text_label(x, &c->cats[i], &x->lab);
		numfmt_value(s->v[i], c->percent, num, sizeof(num));
		if (c->percent)
			snprintf(buf, sizeof(buf), "%s", num);
		else
			snprintf(buf, sizeof(buf), "%s%s  %.1f%%", num, c->unit.s, 100 * s->v[i] / total);
		vals[i] = make_label(x, buf, &x->lab);
		recolor(vals[i].ln, vals[i].n, x->muted);
		namew = fmax(namew, names[i].w);
		valw = fmax(valw, vals[i].w);
	}
	double sw = 0.8 * lsz, gap = 0.5 * lsz;
	double legw = sw + gap + namew + 1.2 * lsz + valw;
	double d = fmin(fmin(x->w * 0.5, 170), fmax(x->w - legw - 1.5 * lsz, 0));
	bool beside = d >= 80;
	if (!beside) {
		d = fmin(x->w * 0.7, 170);
		/* Below the circle, names too long for the width wrap. */
		if (legw > x->w) {
			namew = fmax(x->w - (sw + gap + 1.2 * lsz + valw), 3 * lsz);
			legw = sw + gap + namew + 1.2 * lsz + valw;
		}
	}
	int *nl = arena_array(x->a, (size_t)c->ncats, sizeof(int));
	struct line **nln = arena_array(x->a, (size_t)c->ncats, sizeof(*nln));
	int rows = 0;
	for (int i = 0; i < c->ncats; i++) {
		nln[i] = names[i].ln, nl[i] = names[i].n;
		if (names[i].w > namew + 0.01)
			nl[i] = set_compose(x->s, &c->cats[i], &x->lab, namew, 0, false, ALIGN_LEFT, &nln[i]);
		rows += nl[i] ? nl[i] : 1;
	}
	double r = d / 2, top = x->y + 0.4 * lsz;
	double cxp = beside ? r : x->w / 2, cyp = top + r;
	double a = -M_PI / 2;
	for (int i = 0; i < c->ncats; i++) {
		double sweep = s->v[i] / total * 2 * M_PI;
		if (sweep <= 0)
			continue;
		struct pathb b = { 0 };
		if (donut) {
			pb_arc(&b, cxp, cyp, r, a, a + sweep);
			pb_arc(&b, cxp, cyp, r * 0.6, a + sweep, a);
		} else {
			pb_add(&b, SEG_MOVE, cxp, cyp);
			pb_arc(&b, cxp, cyp, r, a, a + sweep);
		}
		pb_add(&b, SEG_CLOSE, 0, 0);
		struct path *p = pb_finish(x, &b);
		p->fill = true;
		p->fill_color = series_color(x, i);
		if (nonzero > 1) {
			p->stroke = true;
			p->stroke_color = x->s->l->background;
			p->width = 1;
		}
		/* The share inside a slice big enough to hold it. */
		double mida = a + sweep / 2, rr = donut ? r * 0.8 : r * 0.62;
		snprintf(buf, sizeof(buf), "%.0f%%", 100 * s->v[i] / total);
		struct label l = make_label(x, buf, &x->lab);
		/* Only where the label's box lies wholly inside its slice: every
		 * corner within the ring and within the slice's angles. */
		double lx = cxp + rr * cos(mida) - l.w / 2, base = mid_baseline(cyp + rr * sin(mida), lsz);
		double inner = donut ? r * 0.6 + 1 : 0, outer = r - 1;
		bool fits = sweep < 2 * M_PI - 1e-9;
		for (int q = 0; q < 4 && fits; q++) {
			double px = lx + (q & 1 ? l.w : 0) - cxp, py = base + (q & 2 ? EM_BELOW : -EM_ABOVE) * lsz - cyp;
			double dist = hypot(px, py), ang = atan2(py, px);
			while (ang < a)
				ang += 2 * M_PI;
			fits = dist >= inner && dist <= outer && ang <= a + sweep;
		}
		if (fits) {
			recolor(l.ln, l.n, luminance(p->fill_color) < 0.45 ? white : x->text);
			put_label(x, &l, lx, base);
		}
		a += sweep;
	}
	if (donut) {
		/* The total in the hole. */
		numfmt_value(total, c->percent, num, sizeof(num));
		snprintf(buf, sizeof(buf), "%s%s", num, c->percent ? "" : c->unit.s);
		struct font_role big = x->tit;
		big.size = fmin(1.5 * x->tit.size, r * 0.3);
		struct label l = make_label(x, buf, &big);
		if (l.w > 0.95 * r) {
			big.size *= 0.95 * r / l.w;
			l = make_label(x, buf, &big);
		}
		put_label(x, &l, cxp - l.w / 2, cyp + 0.1 * big.size);
		struct label t = make_label(x, "合计", &x->lab);
		recolor(t.ln, t.n, x->muted);
		put_label(x, &t, cxp - t.w / 2, cyp + 0.1 * big.size + 1.1 * lsz);
	}
	/* Legend: beside the circle, centred on it, or below it. */
	double ly = beside ? cyp - rows * lh / 2 : top + d + 0.6 * lsz;
	double lx = beside ? d + 1.5 * lsz : fmax((x->w - legw) / 2, 0);
	for (int i = 0; i < c->ncats; i++) {
		double base = ly + slot_baseline(lh, lsz);
		group_add_rect(x->box, lx, base - 0.38 * lsz - sw / 2, sw, sw, series_color(x, i));
		set_lines(x->s, x->box, nln[i], nl[i], lx + sw + gap, &ly, lh, lsz);
		if (!nl[i])
			ly += lh;
		put_label(x, &vals[i], lx + sw + gap + namew + 1.2 * lsz, base);
	}
	x->y = fmax(top + d, ly) + 0.3 * lsz;
	return 0;
}

/* ---- progress rings ---- */

static int progress_chart(struct cx *x)
{
	const struct chart *c = x->c;
	const struct series *s = &c->series[0];
	int n = c->ncats;
	double lsz = x->lab.size, lh = role_pitch(&x->lab);
	double cell = x->w / n;
	double d = fmin(cell * 0.72, 96);
	if (d < 3 * lsz)
		return too_many(x, (int)(x->w / (3 * lsz / 0.72)));
	double ring = 0.13 * d, r = d / 2 - ring / 2;
	double top = x->y + 0.4 * lsz, maxy = top + d;
	char buf[64], num[64];
	for (int i = 0; i < n; i++) {
		double cxp = (i + 0.5) * cell, cyp = top + d / 2;
		double frac = s->v[i] / c->max;
		struct pathb b = { 0 };
		pb_arc(&b, cxp, cyp, r, 0, 2 * M_PI);
		struct path *p = pb_finish(x, &b);
		p->stroke = true;
		p->width = ring;
		p->stroke_color = x->th->grid;
		if (frac > 0) {
			pb_arc(&b, cxp, cyp, r, -M_PI / 2, -M_PI / 2 + frac * 2 * M_PI);
			p = pb_finish(x, &b);
			p->stroke = true;
			p->width = ring;
			p->stroke_color = series_color(x, i);
		}
		/* The value in the middle: a share of 100, or value/max. */
		if (c->max == 100 || c->percent)
			snprintf(buf, sizeof(buf), "%s%%", numfmt_value(s->v[i], false, num, sizeof(num)));
		else {
			char mx[64];
			snprintf(buf, sizeof(buf), "%s/%s", numfmt_value(s->v[i], false, num, sizeof(num)),
				 numfmt_value(c->max, false, mx, sizeof(mx)));
		}
		struct font_role big = x->tit;
		big.size = fmin(0.26 * d, 2.2 * x->tit.size);
		struct label l = make_label(x, buf, &big);
		double room = 2 * (r - ring / 2) - 0.4 * lsz;
		if (l.w > room) {
			big.size *= room / l.w;
			l = make_label(x, buf, &big);
		}
		recolor(l.ln, l.n, series_color(x, i));
		put_label(x, &l, cxp - l.w / 2, mid_baseline(cyp, big.size));
		/* The label under the ring, wrapped to the cell. */
		struct line *ln;
		int nl = compose_centered(x, &c->cats[i], cell - 0.6 * lsz, &ln);
		double ly = top + d + 0.3 * lsz;
		set_lines(x->s, x->box, ln, nl, i * cell + 0.3 * lsz, &ly, lh, lsz);
		maxy = fmax(maxy, ly);
	}
	x->y = maxy + 0.2 * lsz;
	return 0;
}

struct group *chart_box(const struct setter *s, const struct chart *c, double width, double *height)
{
	struct cx x = { .s = s, .c = c, .th = &s->l->chart, .a = &s->fr->arena, .w = width };
	x.box = group_new(x.a);
	x.text = s->l->text;
	x.muted = s->l->muted;
	x.lab = layout_chart_role(s->l, false);
	x.tit = layout_chart_role(s->l, true);
	x.note = x.lab;
	x.note.size = 0.9 * x.lab.size;
	x.note.color = x.muted;
	put_title(&x);
	int r = 0;
	switch (c->type) {
	case CHART_COLUMN:
	case CHART_LINE:
	case CHART_AREA:
	case CHART_COMBO:
		r = vertical_chart(&x);
		break;
	case CHART_BAR:
	case CHART_COMPARE:
		r = horizontal_chart(&x);
		break;
	case CHART_PIE:
	case CHART_DONUT:
		r = round_chart(&x);
		break;
	case CHART_PROGRESS:
		r = progress_chart(&x);
		break;
	}
	if (r < 0)
		return NULL;
	put_source(&x);
	*height = x.y;
	return x.box;
}
