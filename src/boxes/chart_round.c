/* chart_round.c — pie and donut charts: slices round the centre, labels
 * outside with leader lines. */
#include "boxes/chart_parts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int chart_round(struct cx *x)
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
	char buf[256], num[64];
	for (int i = 0; i < c->ncats; i++) {
		names[i] = chart_text_label(x, &c->cats[i], &x->lab);
		chart_value(x, 0, s->v[i], num, sizeof(num));
		if (c->percent)
			snprintf(buf, sizeof(buf), "%s", num);
		else
			snprintf(buf, sizeof(buf), "%s%s  %.1f%%", num, x->unit[0][0] ? x->unit[0] : c->unit.s, 100 * s->v[i] / total);
		vals[i] = chart_make_label(x, buf, &x->lab);
		chart_recolor(vals[i].ln, vals[i].n, x->muted);
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
			nl[i] = set_compose_display(x->s, &c->cats[i], &x->lab, namew, ALIGN_LEFT, &nln[i]);
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
			chart_pb_arc(&b, cxp, cyp, r, a, a + sweep);
			chart_pb_arc(&b, cxp, cyp, r * 0.6, a + sweep, a);
		} else {
			chart_pb_add(&b, SEG_MOVE, cxp, cyp);
			chart_pb_arc(&b, cxp, cyp, r, a, a + sweep);
		}
		chart_pb_add(&b, SEG_CLOSE, 0, 0);
		struct path *p = chart_pb_finish(x, &b);
		p->fill = true;
		p->fill_color = chart_series_color(x, i);
		if (nonzero > 1) {
			p->stroke = true;
			p->stroke_color = x->s->l->background;
			p->width = 1;
		}
		/* The share inside a slice big enough to hold it. */
		double mida = a + sweep / 2, rr = donut ? r * 0.8 : r * 0.62;
		snprintf(buf, sizeof(buf), "%.0f%%", 100 * s->v[i] / total);
		struct label l = chart_make_label(x, buf, &x->lab);
		/* Only where the label's box lies wholly inside its slice: every
		 * corner within the ring and within the slice's angles. */
		double lx = cxp + rr * cos(mida) - l.w / 2, base = chart_mid_baseline(cyp + rr * sin(mida), lsz);
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
			chart_recolor(l.ln, l.n, chart_luminance(p->fill_color) < 0.45 ? chart_white : x->text);
			chart_put_label(x, &l, lx, base);
		}
		a += sweep;
	}
	if (donut) {
		/* The total in the hole. */
		chart_value(x, 0, total, num, sizeof(num));
		snprintf(buf, sizeof(buf), "%s%s", num, c->percent ? "" : x->unit[0][0] ? x->unit[0] : c->unit.s);
		struct font_role big = x->tit;
		big.size = fmin(1.5 * x->tit.size, r * 0.3);
		struct label l = chart_make_label(x, buf, &big);
		if (l.w > 0.95 * r) {
			big.size *= 0.95 * r / l.w;
			l = chart_make_label(x, buf, &big);
		}
		chart_put_label(x, &l, cxp - l.w / 2, cyp + 0.1 * big.size);
		struct label t = chart_make_label(x, "合计", &x->lab);
		chart_recolor(t.ln, t.n, x->muted);
		chart_put_label(x, &t, cxp - t.w / 2, cyp + 0.1 * big.size + 1.1 * lsz);
	}
	/* Legend: beside the circle, centred on it, or below it. */
	double ly = beside ? cyp - rows * lh / 2 : top + d + 0.6 * lsz;
	double lx = beside ? d + 1.5 * lsz : fmax((x->w - legw) / 2, 0);
	for (int i = 0; i < c->ncats; i++) {
		double base = ly + slot_baseline(lh, lsz);
		group_add_rect(x->box, lx, base - 0.38 * lsz - sw / 2, sw, sw, chart_series_color(x, i));
		set_lines(x->s, x->box, nln[i], nl[i], lx + sw + gap, &ly, lh, lsz);
		if (!nl[i])
			ly += lh;
		chart_put_label(x, &vals[i], lx + sw + gap + namew + 1.2 * lsz, base);
	}
	x->y = fmax(top + d, ly) + 0.3 * lsz;
	return 0;
}

