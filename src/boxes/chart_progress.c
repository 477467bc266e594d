/* chart_progress.c — progress rings: each value as a share of the full
 * ring, its figure in the middle. */
#include "boxes/chart_parts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int chart_progress(struct cx *x)
{
	const struct chart *c = x->c;
	const struct series *s = &c->series[0];
	int n = c->ncats;
	double lsz = x->lab.size, lh = role_pitch(&x->lab);
	double cell = x->w / n;
	/* At most 96 pt across next to 五号 body text (34 mm on an A4
	 * page), and as much larger as the body is: a ring on a phone-sized
	 * canvas of 33 px text is about 300 px of 1080, not 128. */
	double d = fmin(cell * 0.72, 96 * x->s->l->roles[ROLE_BODY].size / 10.5);
	if (d < 3 * lsz)
		return chart_too_many(x, (int)(x->w / (3 * lsz / 0.72)));
	double ring = 0.13 * d, r = d / 2 - ring / 2;
	double top = x->y + 0.4 * lsz, maxy = top + d;
	char buf[64], num[64];
	for (int i = 0; i < n; i++) {
		double cxp = (i + 0.5) * cell, cyp = top + d / 2;
		double frac = s->v[i] / c->max;
		struct pathb b = { 0 };
		chart_pb_arc(&b, cxp, cyp, r, 0, 2 * M_PI);
		struct path *p = chart_pb_finish(x, &b);
		p->stroke = true;
		p->width = ring;
		p->stroke_color = x->th->grid;
		if (frac > 0) {
			chart_pb_arc(&b, cxp, cyp, r, -M_PI / 2, -M_PI / 2 + frac * 2 * M_PI);
			p = chart_pb_finish(x, &b);
			p->stroke = true;
			p->width = ring;
			p->stroke_color = chart_series_color(x, i);
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
		struct label l = chart_make_label(x, buf, &big);
		double room = 2 * (r - ring / 2) - 0.4 * lsz;
		if (l.w > room) {
			big.size *= room / l.w;
			l = chart_make_label(x, buf, &big);
		}
		chart_recolor(l.ln, l.n, chart_series_color(x, i));
		chart_put_label(x, &l, cxp - l.w / 2, chart_mid_baseline(cyp, big.size));
		/* The label under the ring, wrapped to the cell. */
		struct line *ln;
		int nl = chart_compose_centered(x, &c->cats[i], cell - 0.6 * lsz, &ln);
		double ly = top + d + 0.3 * lsz;
		set_lines(x->s, x->box, ln, nl, i * cell + 0.3 * lsz, &ly, lh, lsz);
		maxy = fmax(maxy, ly);
	}
	x->y = maxy + 0.2 * lsz;
	return 0;
}

