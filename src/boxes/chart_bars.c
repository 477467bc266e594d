/* chart_bars.c — bar and compare charts: categories down the left,
 * values along a horizontal axis. */
#include "boxes/chart_parts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int chart_bars(struct cx *x)
{
	const struct chart *c = x->c;
	bool compare = c->type == CHART_COMPARE;
	bool stacked = c->stacked && !compare;
	double lsz = x->lab.size, lh = role_pitch(&x->lab), gap = 0.5 * lsz;
	if (!compare) {
		chart_put_units(x, false);
		chart_series_legend(x);
	}
	/* Category column: as wide as the longest name, up to 30% of the box;
	 * longer names wrap there. */
	double catw = 0;
	struct label *nat = arena_array(x->a, (size_t)c->ncats, sizeof(*nat));
	for (int i = 0; i < c->ncats; i++) {
		nat[i] = chart_text_label(x, &c->cats[i], &x->lab);
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
	/* Names wrap between words only: a word wider than the column widens
	 * it, to 45% of the box; past that it is abbreviated. */
	double widest = catw;
	for (int i = 0; i < c->ncats; i++)
		for (int k = 0; k < nl[i]; k++)
			widest = fmax(widest, ln[i][k].width);
	if (widest > catw + 0.01) {
		catw = fmin(widest, 0.45 * x->w);
		for (int i = 0; i < c->ncats; i++)
			for (int k = 0; k < nl[i]; k++)
				if (ln[i][k].width > catw + 0.01) {
					nl[i] = chart_abbreviate(x, &x->lab, &c->cats[i], catw, &ln[i]);
					ln[i][0].x = 0;
					break;
				}
	}
	double lo, hi;
	chart_data_range(c, 0, stacked, &lo, &hi);
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
						v += isnan(c->series[q].v[i]) ? 0 : c->series[q].v[i];
				if (isnan(v))
					continue;
				struct label l = chart_make_label(x, chart_value(x, 0, v, buf, sizeof(buf)), &x->lab);
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
			chart_axis_make(x, &ax, lo, hi, m, 0);
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
				chart_rule(x, chart_axis_pos(&ax, v), top, chart_axis_pos(&ax, v), top + rows, 0.5, x->th->grid);
		}
	for (int i = 0; i < c->ncats; i++) {
		double rowh = fmax(nl[i] * lh, nbars * barh + 0.6 * lsz) + 0.5 * lsz;
		double mid = y + rowh / 2;
		double ly = mid - nl[i] * lh / 2;
		set_lines(x->s, x->box, ln[i], nl[i], 0, &ly, lh, lsz);
		double pos = 0, neg = 0;
		for (int k = 0; k < c->nseries; k++) {
			double v = c->series[k].v[i];
			if (isnan(v))
				continue; /* missing: no bar, never a bar of zero */
			struct color colr = compare ? (i == 0 ? chart_series_color(x, 0) : chart_mix(x->muted, chart_white, 0.35))
						    : chart_series_color(x, k);
			double base = stacked ? (v >= 0 ? pos : neg) : 0;
			double a = chart_axis_pos(&ax, base), b = chart_axis_pos(&ax, base + v);
			double by = stacked ? mid - barh / 2 : mid - nbars * barh / 2 + k * barh;
			double inset = nbars > 1 ? 0.4 : 0;
			group_add_rect(x->box, fmin(a, b), by + inset, fabs(b - a), barh - 2 * inset, colr);
			if (stacked) {
				if (v >= 0)
					pos += v;
				else
					neg += v;
			} else if (labels) {
				struct label l = chart_make_label(x, chart_value(x, 0, v, buf, sizeof(buf)), &x->lab);
				double lx = v >= 0 ? b + 0.3 * lsz : b - 0.3 * lsz - l.w;
				chart_put_label(x, &l, lx, chart_mid_baseline(by + barh / 2, lsz));
			}
		}
		if (stacked && labels) {
			/* The total at the end of the longer side. */
			struct label l = chart_make_label(x, chart_value(x, 0, pos + neg, buf, sizeof(buf)), &x->lab);
			double lx = pos + neg >= 0 ? chart_axis_pos(&ax, pos) + 0.3 * lsz : chart_axis_pos(&ax, neg) - 0.3 * lsz - l.w;
			chart_put_label(x, &l, lx, chart_mid_baseline(mid, lsz));
		}
		y += rowh;
	}
	double zx = chart_axis_pos(&ax, 0);
	chart_rule(x, zx, top, zx, y, 0.8, x->th->axis);
	if (!compare) {
		for (int i = 0; i < ax.t.n; i++) {
			double v = ax.t.lo + i * ax.t.step, px = chart_axis_pos(&ax, v);
			double lx = fmin(fmax(px - ax.labels[i].w / 2, 0), x->w - ax.labels[i].w);
			chart_put_label(x, &ax.labels[i], lx, y + 0.3 * lsz + EM_ABOVE * lsz);
		}
		y += 0.3 * lsz + lh;
	}
	x->y = y;
	return 0;
}

