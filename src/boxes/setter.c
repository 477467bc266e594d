/* setter.c — composing and placing text for the page builders (setter.h). */
#include "boxes/setter.h"

#include "base/util.h"

#include <string.h>

double role_pitch(const struct font_role *r)
{
	return r->size * r->leading;
}

double slot_baseline(double pitch, double size)
{
	return (pitch - size) / 2 + EM_ABOVE * size;
}

int set_compose(const struct setter *s, const struct text *t, const struct font_role *r,
		double width, double indent, bool justify, enum align align, struct line **lines)
{
	struct text_opts o = { r, width, indent, justify, align, false, &s->l->typo, 0 };
	/* Justified body text sits on the layout's character grid. */
	if (justify && r == &s->l->roles[ROLE_BODY])
		o.grid = s->l->typo.grid;
	return text_compose(s->tc, t, &o, &s->fr->arena, s->d, lines);
}

/* Trial compositions report nothing: the one that is kept reports once. */
static int trial(const struct setter *s, const struct text *t, const struct font_role *r,
		 double width, enum align align, struct line **lines)
{
	struct text_opts o = { r, width, 0, false, align, false, &s->l->typo, 0 };
	return text_compose(s->tc, t, &o, &s->fr->arena, NULL, lines);
}

int set_compose_balanced(const struct setter *s, const struct text *t, const struct font_role *r,
			 double width, enum align align, struct line **lines, double *used)
{
	int n = trial(s, t, r, width, align, lines);
	*used = width;
	if (n < 2)
		return set_compose(s, t, r, width, 0, false, align, lines);
	/* Chinese display lines separate phrases with a space (全力抓项目 稳住
	 *经济大盘): when two lines are needed, break at the space nearest the
	 * middle if each half then fits on one line. */
	if (n == 2) {
		size_t best = 0, half = utf8_count(t->s, t->len) / 2, best_d = (size_t)-1;
		for (size_t i = 1; i + 1 < t->len; i++) {
			if (t->s[i] != ' ')
				continue;
			size_t c = utf8_count(t->s, i), d = c > half ? c - half : half - c;
			if (d < best_d)
				best = i, best_d = d;
		}
		if (best) {
			/* The whole run of spaces around it becomes the break. */
			size_t a = best, z = best + 1;
			while (a > 0 && t->s[a - 1] == ' ')
				a--;
			while (z < t->len && t->s[z] == ' ')
				z++;
			struct text split = *t;
			char *copy = arena_alloc(&s->fr->arena, t->len + 1);
			memcpy(copy, t->s, a);
			copy[a] = '\n';
			memcpy(copy + a + 1, t->s + z, t->len - z);
			split.s = copy;
			split.len = a + 1 + (t->len - z);
			/* Bold ranges after the break move with the text. */
			split.bold = arena_array(&s->fr->arena, (size_t)t->nbold + 1, sizeof(*split.bold));
			for (int k = 0; k < t->nbold; k++) {
				struct text_range br = t->bold[k];
				size_t cut = z - a - 1;
				br.start = br.start >= z ? br.start - cut : br.start > a ? a : br.start;
				br.end = br.end >= z ? br.end - cut : br.end > a ? a : br.end;
				split.bold[k] = br;
			}
			struct line *two;
			if (trial(s, &split, r, width, align, &two) == 2)
				return set_compose(s, &split, r, width, 0, false, align, lines);
		}
	}
	/* Bisect the measure: narrower keeps n lines until it needs n + 1. */
	double lo = width / 2, hi = width;
	for (int i = 0; i < 12 && hi - lo > 0.5; i++) {
		double mid = (lo + hi) / 2;
		struct line *tried;
		if (trial(s, t, r, mid, align, &tried) <= n)
			hi = mid;
		else
			lo = mid;
	}
	*used = hi;
	return set_compose(s, t, r, hi, 0, false, align, lines);
}

void set_lines(const struct setter *s, struct group *g, const struct line *lines, int n,
	       double x, double *y, double pitch, double size)
{
	(void)s;
	for (int i = 0; i < n; i++) {
		for (int r = 0; r < lines[i].nruns; r++)
			group_add_run(g, x + lines[i].x, *y + slot_baseline(pitch, size),
				     &lines[i].runs[r]);
		*y += pitch;
	}
}

double set_text(const struct setter *s, struct group *g, const struct text *t,
		const struct font_role *r, double x, double baseline, enum align align,
		double width)
{
	struct line *lines;
	int n = set_compose(s, t, r, width > 0 ? width : 1e6, 0, false, ALIGN_LEFT, &lines);
	if (n == 0)
		return 0;
	for (int i = 0; i < n; i++) {
		double at = align == ALIGN_CENTER ? x + (width - lines[i].width) / 2 : x;
		for (int k = 0; k < lines[i].nruns; k++)
			group_add_run(g, at + lines[i].x, baseline + i * role_pitch(r),
				     &lines[i].runs[k]);
	}
	return lines[0].width;
}
