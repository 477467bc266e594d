/* kpi.c — key-figure cards (kpi.h). A value too wide for its card is scaled
 * down with its unit rather than overflowing. */
#include "boxes/kpi.h"

#include <stdio.h>
#include <string.h>

/* The change line of a card: "同比 ▲5.2%" in the rising colour, "▼" and
 * the falling colour for a decrease; a change without a sign is muted. */
static struct text change_text(const struct setter *s, const struct kpi *kp, struct color *color)
{
	const char *c = kp->change.s;
	const char *arrow = "";
	*color = s->l->muted;
	if (!strncmp(c, "+", 1) || !strncmp(c, "▲", strlen("▲"))) {
		arrow = "▲";
		c += c[0] == '+' ? 1 : strlen("▲");
		*color = s->l->chart.up;
	} else if (!strncmp(c, "-", 1) || !strncmp(c, "−", strlen("−")) || !strncmp(c, "▼", strlen("▼"))) {
		arrow = "▼";
		c += c[0] == '-' ? 1 : !strncmp(c, "−", strlen("−")) ? strlen("−") : strlen("▼");
		*color = s->l->chart.down;
	}
	size_t n = strlen(kp->basis.s) + strlen(arrow) + strlen(c) + 2;
	char *str = arena_alloc(&s->fr->arena, n);
	snprintf(str, n, "%s%s%s%s", kp->basis.s, kp->basis.len ? " " : "", arrow, c);
	return text_plain(str);
}

#define KPI_MAX_PER_ROW 8

double kpi_gap(const struct layout *l)
{
	return 0.8 * l->roles[ROLE_BODY].size;
}

int kpi_cards(const struct setter *s, const struct block *b, double width, struct group ***rows_out,
	      double **heights)
{
	const struct layout *l = s->l;
	int n = b->nkpis;
	double gap = kpi_gap(l);
	/* per-row is a wish: cards never get narrower than min-width. */
	int fit = (int)((width + gap) / (l->kpi_min_width + gap));
	int per_row = l->kpi_per_row > 0 && l->kpi_per_row < fit ? l->kpi_per_row : fit;
	if (per_row < 1)
		per_row = 1;
	if (per_row > KPI_MAX_PER_ROW)
		per_row = KPI_MAX_PER_ROW;
	if (per_row > n)
		per_row = n;
	int rows = (n + per_row - 1) / per_row;
	double cw = (width - (per_row - 1) * gap) / per_row;
	const struct font_role *vr = &s->l->roles[ROLE_KPI_VALUE], *ur = &s->l->roles[ROLE_KPI_UNIT],
				*lr = &s->l->roles[ROLE_KPI_LABEL];
	double pad = 0.6 * lr->size + 0.25 * vr->size;
	struct group **boxes = arena_array(&s->fr->arena, (size_t)rows, sizeof(*boxes));
	double *hs = arena_array(&s->fr->arena, (size_t)rows, sizeof(*hs));
	for (int row = 0; row < rows; row++) {
		struct group *box = boxes[row] = group_new(&s->fr->arena);
		const double y = 0;
		int first = row * per_row, count = n - first < per_row ? n - first : per_row;
		/* Lay out every card of the row first: the row is as tall as its
		 * tallest card. */
		struct line *labels[KPI_MAX_PER_ROW], *notes[KPI_MAX_PER_ROW], *changes[KPI_MAX_PER_ROW];
		int nl[KPI_MAX_PER_ROW], nn[KPI_MAX_PER_ROW], nc[KPI_MAX_PER_ROW];
		double rowh = 0;
		for (int k = 0; k < count; k++) {
			const struct kpi *kp = &b->kpis[first + k];
			nl[k] = set_compose(s, &kp->label, lr, cw - 2 * pad, 0, false, ALIGN_CENTER, &labels[k]);
			nn[k] = set_compose(s, &kp->note, lr, cw - 2 * pad, 0, false, ALIGN_CENTER, &notes[k]);
			nc[k] = 0;
			if (kp->change.len) {
				struct font_role cr = *lr;
				struct text ct = change_text(s, kp, &cr.color);
				nc[k] = set_compose(s, &ct, &cr, cw - 2 * pad, 0, false, ALIGN_CENTER, &changes[k]);
			}
			double h = 2 * pad + vr->size * 1.15 + (nl[k] + nn[k] + nc[k]) * role_pitch(lr);
			if (h > rowh)
				rowh = h;
		}
		for (int k = 0; k < count; k++) {
			const struct kpi *kp = &b->kpis[first + k];
			double cx = k * (cw + gap);
			group_add_rect(box, cx, y, cw, rowh, l->panel);
			group_add_rect(box, cx, y, cw, 2.5, l->accent);
			/* Value and unit centred together; shrink both when they
			 * would not fit the card. */
			struct font_role v = *vr, u = *ur;
			double vw = text_width(s->tc, &kp->value, &v, false);
			double uw = kp->unit.len ? text_width(s->tc, &kp->unit, &u, false) : 0;
			/* The unit sits a CJK–Latin gap (¼ em of its size) after the number. */
			double space = uw > 0 ? 0.25 * u.size : 0;
			double avail = cw - 2 * pad;
			if (vw + space + uw > avail) {
				double shrink = avail / (vw + space + uw);
				v.size *= shrink, u.size *= shrink, vw *= shrink, uw *= shrink, space *= shrink;
			}
			double base = y + pad + v.size * 0.95;
			double vx = cx + (cw - vw - space - uw) / 2;
			set_text(s, box, &kp->value, &v, vx, base, ALIGN_LEFT, 0);
			if (uw > 0)
				set_text(s, box, &kp->unit, &u, vx + vw + space, base, ALIGN_LEFT, 0);
			double ly = base + v.size * 0.2;
			if (nc[k])
				set_lines(s, box, changes[k], nc[k], cx + pad, &ly, role_pitch(lr), lr->size);
			set_lines(s, box, labels[k], nl[k], cx + pad, &ly, role_pitch(lr), lr->size);
			if (nn[k]) {
				for (int i = 0; i < nn[k]; i++)
					for (int r = 0; r < notes[k][i].nruns; r++)
						notes[k][i].runs[r].color = l->muted;
				set_lines(s, box, notes[k], nn[k], cx + pad, &ly, role_pitch(lr), lr->size);
			}
		}
		hs[row] = rowh;
	}
	*rows_out = boxes;
	*heights = hs;
	return rows;
}
