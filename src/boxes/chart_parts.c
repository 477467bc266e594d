/* chart_parts.c — the parts charts are built from (chart_parts.h): colours,
 * labels composed once with the real shaper, paths, the title, units,
 * legend and source note, and value axes with nice ticks and 万/亿 labels. */
#include "boxes/chart_parts.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

struct color chart_mix(struct color a, struct color b, double t)
{
	return (struct color){ a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t };
}

double chart_luminance(struct color c)
{
	return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
}

const struct color chart_white = { 1, 1, 1 };

struct color chart_series_color(const struct cx *x, int k)
{
	const struct chart_theme *th = x->th;
	if (th->accent_first) {
		if (k == 0)
			return x->s->l->accent;
		return th->palette[1 + (k - 1) % (th->npalette - 1)];
	}
	return th->palette[k % th->npalette];
}

struct label chart_text_label(struct cx *x, const struct text *t, const struct font_role *r)
{
	struct label l = { 0 };
	l.n = set_compose(x->s, t, r, 1e6, 0, false, ALIGN_LEFT, &l.ln);
	l.w = l.n ? l.ln[0].width : 0;
	return l;
}

/* A label for a string made here (numbers, units). */
struct label chart_make_label(struct cx *x, const char *str, const struct font_role *r)
{
	struct text t = text_plain(arena_strdup(x->a, str));
	return chart_text_label(x, &t, r);
}

/* Wrap t into lines of even length, centred in `width`. */
int chart_compose_centered(struct cx *x, const struct text *t, double width, struct line **ln)
{
	double used = width;
	int n = set_compose_balanced(x->s, t, &x->lab, width, ALIGN_CENTER, ln, &used);
	for (int i = 0; i < n; i++)
		(*ln)[i].x += (width - used) / 2;
	return n;
}

/* The longest start of t that fits `room` with "…" after it, as one line:
 * the last resort for a word wider than its slot even in small type. */
int chart_abbreviate(struct cx *x, const struct font_role *r, const struct text *t, double room,
		      struct line **ln)
{
	size_t cut = t->len;
	for (;;) {
		while (cut > 0 && (t->s[cut - 1] & 0xC0) == 0x80)
			cut--;
		if (cut > 0)
			cut--;
		while (cut > 0 && (t->s[cut] & 0xC0) == 0x80)
			cut--;
		char *s = arena_alloc(x->a, cut + 4);
		memcpy(s, t->s, cut);
		memcpy(s + cut, "…", 3);
		struct text a = *t;
		a.s = s, a.len = cut + 3, a.nbold = 0, a.nemph = 0;
		if (set_compose(x->s, &a, r, 1e6, 0, false, ALIGN_CENTER, ln) == 1 &&
		    ((*ln)[0].width <= room + 0.01 || cut == 0)) {
			(*ln)[0].x = (room - (*ln)[0].width) / 2;
			return 1;
		}
	}
}

void chart_recolor(struct line *ln, int n, struct color c)
{
	for (int i = 0; i < n; i++)
		for (int k = 0; k < ln[i].nruns; k++)
			ln[i].runs[k].color = c;
}

/* Put a label with its left end at x on `baseline`. */
void chart_put_label(struct cx *x, const struct label *l, double at, double baseline)
{
	if (l->n < 1)
		return;
	for (int k = 0; k < l->ln[0].nruns; k++)
		group_add_run(x->box, at + l->ln[0].x, baseline, &l->ln[0].runs[k]);
}

/* Baseline that centres a line of size `size` on y. */
double chart_mid_baseline(double y, double size)
{
	return y + 0.38 * size;
}

/* ---- paths ---- */

void chart_pb_add(struct pathb *b, enum seg_kind k, double px, double py)
{
	GROW(b->segs, b->n, b->alloc);
	b->segs[b->n++] = (struct seg){ .kind = k, .x = px, .y = py };
}

void chart_pb_arc(struct pathb *b, double cx, double cy, double r, double a0, double a1)
{
	GROW(b->segs, b->n, b->alloc);
	b->segs[b->n++] = (struct seg){ .kind = SEG_ARC, .x = cx, .y = cy, .r = r, .a0 = a0, .a1 = a1 };
}

/* Hand the segments to a path item on the box (and free the builder). */
struct path *chart_pb_finish(struct cx *x, struct pathb *b)
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
void chart_rule(struct cx *x, double x1, double y1, double x2, double y2, double width,
		 struct color c)
{
	struct pathb b = { 0 };
	chart_pb_add(&b, SEG_MOVE, x1, y1);
	chart_pb_add(&b, SEG_LINE, x2, y2);
	struct path *p = chart_pb_finish(x, &b);
	p->stroke = p->crisp = true;
	p->width = width;
	p->stroke_color = c;
}

void chart_marker(struct cx *x, double px, double py, double r, struct color c)
{
	struct pathb b = { 0 };
	chart_pb_arc(&b, px, py, r, 0, 2 * M_PI);
	chart_pb_add(&b, SEG_CLOSE, 0, 0);
	struct path *p = chart_pb_finish(x, &b);
	p->fill = p->stroke = true;
	p->fill_color = chart_white;
	p->stroke_color = c;
	p->width = 1.2;
}

/* ---- title, unit, legend, source ---- */

void chart_put_title(struct cx *x)
{
	if (!x->c->title.len)
		return;
	struct line *ln;
	double used; /* a title that wraps: even lines, broken between phrases */
	int n = set_compose_title(x->s, &x->c->title, &x->tit, x->w, ALIGN_LEFT, &ln, &used);
	set_lines(x->s, x->box, ln, n, 0, &x->y, role_pitch(&x->tit), x->tit.size);
	x->y += 0.25 * x->lab.size;
}

void chart_put_source(struct cx *x)
{
	if (!x->c->source.len)
		return;
	x->y += 0.35 * x->note.size;
	struct line *ln;
	int n = set_compose(x->s, &x->c->source, &x->note, x->w, 0, false, ALIGN_LEFT, &ln);
	chart_recolor(ln, n, x->muted);
	set_lines(x->s, x->box, ln, n, 0, &x->y, role_pitch(&x->note), x->note.size);
}

/* "单位：亿元" over the left axis, and over the right one for a combo; a
 * unit too long for its half wraps. */
void chart_put_units(struct cx *x, bool right_axis)
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
		char *str = xasprintf("单位：%s", x->unit[k][0] ? x->unit[k] : units[k]->s);
		struct text t = text_plain(arena_strdup(x->a, str));
		free(str);
		struct line *ln;
		int n = set_compose(x->s, &t, &x->note, width, 0, false, ALIGN_LEFT, &ln);
		chart_recolor(ln, n, x->muted);
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
void chart_put_legend(struct cx *x, const struct text *names, int n, const bool *lines)
{
	double sw = 0.8 * x->lab.size, gap = 0.4 * x->lab.size, space = 1.2 * x->lab.size;
	double pitch = role_pitch(&x->lab);
	struct label *ls = xcalloc((size_t)n, sizeof(*ls));
	for (int i = 0; i < n; i++) {
		ls[i] = chart_text_label(x, &names[i], &x->lab);
		/* A name wider than the chart wraps and takes rows of its own. */
		if (sw + gap + ls[i].w > x->w) {
			ls[i].n = set_compose_display(x->s, &names[i], &x->lab, x->w - sw - gap, ALIGN_LEFT,
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
			struct color col = chart_series_color(x, k);
			double sy = base - 0.38 * x->lab.size;
			if (lines && lines[k]) {
				struct pathb b = { 0 };
				chart_pb_add(&b, SEG_MOVE, at, sy);
				chart_pb_add(&b, SEG_LINE, at + sw, sy);
				struct path *p = chart_pb_finish(x, &b);
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

bool chart_any_named(const struct chart *c)
{
	for (int k = 0; k < c->nseries; k++)
		if (c->series[k].name.len)
			return true;
	return false;
}

void chart_series_legend(struct cx *x)
{
	const struct chart *c = x->c;
	if (c->nseries < 2 || !chart_any_named(c))
		return;
	struct text *names = xcalloc((size_t)c->nseries, sizeof(*names));
	bool *lines = xcalloc((size_t)c->nseries, sizeof(*lines));
	for (int k = 0; k < c->nseries; k++) {
		names[k] = c->series[k].name;
		lines[k] = c->series[k].line || c->type == CHART_LINE;
	}
	chart_put_legend(x, names, c->nseries, lines);
	free(names);
	free(lines);
}

/* ---- value axes ---- */

double chart_axis_pos(const struct axis *ax, double v)
{
	return ax->p0 + (v - ax->t.lo) / (ax->t.hi - ax->t.lo) * (ax->p1 - ax->p0);
}

/* Which axis series k is on: a combo's lines on the right (1). */
static int series_axis(const struct chart *c, int k)
{
	return c->type == CHART_COMBO && c->series[k].line ? 1 : 0;
}

void chart_number_formats(struct cx *x)
{
	const struct chart *c = x->c;
	size_t cap = (size_t)(c->nseries + 2) * (size_t)(c->ncats + 1);
	double *v[2] = { xcalloc(cap, sizeof(double)), xcalloc(cap, sizeof(double)) };
	int n[2] = { 0, 0 };
	double total = 0;
	for (int i = 0; i < c->ncats; i++) {
		double sum = 0;
		for (int k = 0; k < c->nseries; k++) {
			int a = series_axis(c, k);
			double val = c->series[k].v[i];
			if (isnan(val)) /* a missing value shows nothing */
				continue;
			v[a][n[a]++] = val;
			if (!a)
				sum += val;
		}
		/* A stack's total and a pie's whole are shown too. */
		if (c->stacked)
			v[0][n[0]++] = sum;
		total += sum;
	}
	if (c->type == CHART_PIE || c->type == CHART_DONUT)
		v[0][n[0]++] = total;
	const struct text *units[2] = { &c->unit, &c->unit2 };
	bool pct[2] = { c->percent, c->percent2 };
	for (int a = 0; a < 2; a++) {
		x->vf[a] = numfmt_for_values(v[a], n[a], pct[a]);
		x->unit[a][0] = '\0';
		if (units[a]->len && !pct[a]) {
			/* The unit line carries the 万 once: "单位：亿元" over 5.23,
			 * not "单位：万元" over "5.23万". */
			numfmt_scaled_unit(&x->vf[a], units[a]->s, x->unit[a], sizeof(x->unit[a]));
			x->vf[a].suffix = "";
		}
		free(v[a]);
	}
}

/* v in format f; a scale whose word the unit line carries (suffix "")
 * writes the bare number: 52300 at 万 → 5.23. */
static char *format_in(const struct numfmt *f, double v, char *out, size_t n)
{
	if (f->suffix[0] || f->scale <= 1)
		return numfmt_format(f, v, out, n);
	struct numfmt bare = *f;
	bare.scale = 1;
	return numfmt_format(&bare, v / f->scale, out, n);
}

char *chart_value(const struct cx *x, int which, double v, char *out, size_t n)
{
	return format_in(&x->vf[which], v, out, n);
}

/* Tick labels for ticks t on axis `which`: in that axis's unit (as the
 * value labels), with the decimals the step needs. */
void chart_axis_label(struct cx *x, struct axis *ax, struct ticks t, int which)
{
	bool percent = which ? x->c->percent2 : x->c->percent;
	ax->t = t;
	ax->f = x->vf[which];
	ax->f.decimals = numfmt_for(0, ax->t.step / ax->f.scale, percent).decimals;
	ax->labels = arena_array(x->a, (size_t)ax->t.n, sizeof(*ax->labels));
	ax->maxw = 0;
	for (int i = 0; i < ax->t.n; i++) {
		char buf[64];
		format_in(&ax->f, ax->t.lo + i * ax->t.step, buf, sizeof(buf));
		ax->labels[i] = chart_make_label(x, buf, &x->lab);
		chart_recolor(ax->labels[i].ln, ax->labels[i].n, x->th->axis);
		if (ax->labels[i].w > ax->maxw)
			ax->maxw = ax->labels[i].w;
	}
}

void chart_axis_make(struct cx *x, struct axis *ax, double dmin, double dmax, int m, int which)
{
	chart_axis_label(x, ax, ticks_axis(dmin, dmax, m), which);
}

/* Data range of the series in `which` (all, columns only, lines only);
 * stacked sums positive and negative parts separately. */
void chart_data_range(const struct chart *c, int which, bool stacked, double *lo, double *hi)
{
	*lo = INFINITY, *hi = -INFINITY;
	for (int i = 0; i < c->ncats; i++) {
		double pos = 0, neg = 0;
		for (int k = 0; k < c->nseries; k++) {
			const struct series *s = &c->series[k];
			if ((which == 1 && s->line) || (which == 2 && !s->line))
				continue;
			double v = s->v[i];
			if (isnan(v))
				continue; /* a missing value has no extent */
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

int chart_too_many(struct cx *x, int fit)
{
	diag_error_at(x->s->d, x->c->span,
		      "this %s chart has %d categories; at most %d fit its width of %.0f pt (%s)",
		      chart_type_name(x->c->type), x->c->ncats, fit < 1 ? 1 : fit, x->w,
		      x->c->type == CHART_COLUMN ? "try type: bar, or fewer categories" : "use fewer categories");
	return -1;
}

