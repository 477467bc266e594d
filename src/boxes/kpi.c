/* kpi.c — key-figure cards (kpi.h). A value too wide for its card is scaled
 * down with its unit rather than overflowing. */
#include "boxes/kpi.h"

#include "base/numfmt.h"

#include <math.h>
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

/* Whether a unit is a sign written tight against its number. */
static bool number_sign(const struct text *unit)
{
	static const char *const signs[] = { "%", "％", "‰", "℃", "℉", "°", "′", "″" };
	for (size_t i = 0; i < ARRAY_LEN(signs); i++)
		if ((size_t)unit->len >= strlen(signs[i]) && !strncmp(unit->s, signs[i], strlen(signs[i])))
			return true;
	return false;
}

double kpi_gap(const struct layout *l)
{
	return 0.8 * l->roles[ROLE_BODY].size;
}

/* A key figure's value with thousands separators, as statistics write
 * it (171039 → 171,039); a value that is not a plain number (+5.2%, 约3万),
 * and a year (2025), are shown as written. */
static struct text grouped_value(const struct setter *s, const struct text *t)
{
	double v;
	if (!t->len || t->len > 40 || number_parse(t->s, t->len, &v) < 0 || strchr(t->s, ',') ||
	    strpbrk(t->s, "eE+") || fabs(v) < 1000 || (v >= 1900 && v <= 2100 && v == floor(v)))
		return *t;
	char out[96];
	group_thousands(t->s, out, sizeof(out));
	struct text g = *t;
	g.s = arena_strdup(&s->fr->arena, out);
	g.len = strlen(g.s);
	/* Bold ranges beyond the first comma move with the digits. */
	g.bold = NULL;
	g.nbold = 0;
	if (t->nbold) {
		g.bold = arena_array(&s->fr->arena, 1, sizeof(*g.bold));
		g.bold[0] = (struct text_range){ 0, g.len };
		g.nbold = 1;
	}
	return g;
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
	/* Rows as even as they can be, the longer ones first and a shorter
	 * one centred: 4 figures as 2 × 2 and 5 as 3 + 2 when 3 fit a row,
	 * never 3 + 1. */
	int rows = (n + per_row - 1) / per_row;
	per_row = (n + rows - 1) / rows;
	double cw = (width - (per_row - 1) * gap) / per_row;
	const struct font_role *vr = &s->l->roles[ROLE_KPI_VALUE], *ur = &s->l->roles[ROLE_KPI_UNIT],
				*lr = &s->l->roles[ROLE_KPI_LABEL];
	double pad = 0.6 * lr->size + 0.25 * vr->size;
	/* Labels, notes and changes take the card's width less 0.6 em of
	 * their own size on each side: a label wraps only when it must. */
	double lpad = 0.6 * lr->size;
	struct group **boxes = arena_array(&s->fr->arena, (size_t)rows, sizeof(*boxes));
	double *hs = arena_array(&s->fr->arena, (size_t)rows, sizeof(*hs));
	for (int row = 0; row < rows; row++) {
		struct group *box = boxes[row] = group_new(&s->fr->arena);
		const double y = 0;
		/* The first n % rows rows take one more card than the others. */
		int each = n / rows, extra = n % rows;
		int first = row * each + (row < extra ? row : extra);
		int count = each + (row < extra);
		double indent = (per_row - count) * (cw + gap) / 2;
		/* Lay out every card of the row first: the row is as tall as its
		 * tallest card. */
		struct line *labels[KPI_MAX_PER_ROW], *notes[KPI_MAX_PER_ROW], *changes[KPI_MAX_PER_ROW];
		int nl[KPI_MAX_PER_ROW], nn[KPI_MAX_PER_ROW], nc[KPI_MAX_PER_ROW];
		double rowh = 0;
		for (int k = 0; k < count; k++) {
			const struct kpi *kp = &b->kpis[first + k];
			/* Labels break between words, in even lines. */
			double used;
			nl[k] = set_compose_balanced(s, &kp->label, lr, cw - 2 * lpad, ALIGN_CENTER, &labels[k], &used);
			for (int i = 0; i < nl[k]; i++)
				labels[k][i].x += (cw - 2 * lpad - used) / 2;
			nn[k] = set_compose_display(s, &kp->note, lr, cw - 2 * lpad, ALIGN_CENTER, &notes[k]);
			nc[k] = 0;
			if (kp->change.len) {
				struct font_role cr = *lr;
				struct text ct = change_text(s, kp, &cr.color);
				nc[k] = set_compose(s, &ct, &cr, cw - 2 * lpad, 0, false, ALIGN_CENTER, &changes[k]);
			}
			double h = 2 * pad + vr->size * 1.15 + (nl[k] + nn[k] + nc[k]) * role_pitch(lr);
			if (h > rowh)
				rowh = h;
		}
		for (int k = 0; k < count; k++) {
			struct kpi grouped = b->kpis[first + k];
			const struct kpi *kp = &grouped;
			grouped.value = grouped_value(s, &b->kpis[first + k].value);
			double cx = indent + k * (cw + gap);
			group_add_rect(box, cx, y, cw, rowh, l->panel);
			group_add_rect(box, cx, y, cw, 2.5, l->accent);
			/* Value and unit centred together; shrink both when they
			 * would not fit the card. */
			struct font_role v = *vr, u = *ur;
			double vw = text_width(s->tc, &kp->value, &v, false);
			double uw = kp->unit.len ? text_width(s->tc, &kp->unit, &u, false) : 0;
			/* The unit sits a CJK–Latin gap (¼ em of its size) after the
			 * number; % ‰ ℃ ° belong to the number (GB/T 15835: 25%). */
			double space = uw > 0 && !number_sign(&kp->unit) ? 0.25 * u.size : 0;
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
				set_lines(s, box, changes[k], nc[k], cx + lpad, &ly, role_pitch(lr), lr->size);
			set_lines(s, box, labels[k], nl[k], cx + lpad, &ly, role_pitch(lr), lr->size);
			if (nn[k]) {
				for (int i = 0; i < nn[k]; i++)
					for (int r = 0; r < notes[k][i].nruns; r++)
						notes[k][i].runs[r].color = l->muted;
				set_lines(s, box, notes[k], nn[k], cx + lpad, &ly, role_pitch(lr), lr->size);
			}
		}
		hs[row] = rowh;
	}
	*rows_out = boxes;
	*heights = hs;
	return rows;
}
