/* setter.c — composing and placing text for the page builders (setter.h). */
#include "boxes/setter.h"

#include <math.h>
#include <string.h>

#include "base/util.h"
#include "compose/phrase.h"

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
	struct text_opts o = { .role = r, .width = width, .indent = indent, .justify = justify,
			       .align = align, .typo = &s->l->typo };
	/* Justified body text sits on the layout's character grid. */
	if (justify && r == &s->l->roles[ROLE_BODY])
		o.grid = s->l->typo.grid;
	return text_compose(s->tc, t, &o, &s->fr->arena, s->d, lines);
}

/* Display text; `cut_long`: a word longer than the width is cut (text.h);
 * trial compositions (d NULL) report nothing: the one kept reports once. */
static int display(const struct setter *s, const struct text *t, const struct font_role *r,
		   double width, enum align align, bool cut_long, struct diag *d, struct line **lines)
{
	struct text_opts o = { .role = r, .width = width, .align = align, .typo = &s->l->typo,
			       .cut_long = cut_long };
	return text_compose_display(s->tc, t, &o, &s->fr->arena, d, lines);
}

int set_compose_display(const struct setter *s, const struct text *t, const struct font_role *r,
			double width, enum align align, struct line **lines)
{
	return display(s, t, r, width, align, false, s->d, lines);
}

/* Measures tried between the narrowest that keeps the line count and the
 * full one. */
#define BALANCE_STEPS 6
/* Balancing is for display text of a few lines; past this many lines at the
 * full measure the text is set at the full measure (it would cost some 20
 * compositions of a text that may be long, for no visible gain). */
#define BALANCE_MAX_LINES 8

/* How a set of display lines reads, lower is better: the square of each
 * line's shortfall from the longest (in em; a short last line counts as
 * much as any other), and each break by where it falls — between two
 * words 4, next to a function word 1, at a space or a mark 0 (so a break
 * at a phrase edge is worth two ems of evenness). */
static double balance_score(const struct text *t, const struct line *ln, int n, double em,
			    const unsigned char *cls)
{
	double maxw = 0, sc = 0;
	for (int i = 0; i < n; i++)
		maxw = fmax(maxw, ln[i].width);
	for (int i = 0; i < n; i++) {
		double d = (maxw - ln[i].width) / em;
		sc += d * d;
		if (i == 0 || !ln[i].nruns)
			continue;
		size_t at = (size_t)(ln[i].runs[0].text - t->s);
		if (at < t->len && cls[at] == PHRASE_WORD)
			sc += 4;
		else if (at < t->len && cls[at] == PHRASE_FUNCTION)
			sc += 1;
	}
	return sc;
}

static int balanced(const struct setter *s, const struct text *t, const struct font_role *r,
		    double width, enum align align, bool cut_long, struct line **lines, double *used)
{
	int n = display(s, t, r, width, align, cut_long, NULL, lines);
	*used = width;
	if (n < 2 || n > BALANCE_MAX_LINES)
		return display(s, t, r, width, align, cut_long, s->d, lines);
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
			if (display(s, &split, r, width, align, cut_long, NULL, &two) == 2)
				return display(s, &split, r, width, align, cut_long, s->d, lines);
		}
	}
	/* Bisect the measure: narrower keeps n lines until it needs n + 1. */
	double lo = width / 2, hi = width;
	for (int i = 0; i < 12 && hi - lo > 0.5; i++) {
		double mid = (lo + hi) / 2;
		struct line *tried;
		if (display(s, t, r, mid, align, cut_long, NULL, &tried) <= n)
			hi = mid;
		else
			lo = mid;
	}
	/* From that narrowest measure up to the full one the lines may break
	 * at other places: keep the most even set of lines whose breaks fall
	 * at the best phrase edges. */
	unsigned char *cls = xmalloc(t->len + 1);
	phrase_classify(t->s, t->len, cls);
	double best = 1e300, best_m = hi;
	for (int k = 0; k <= BALANCE_STEPS; k++) {
		double m = hi + (width - hi) * k / BALANCE_STEPS;
		struct line *tried;
		int got = display(s, t, r, m, align, cut_long, NULL, &tried);
		if (got != n)
			continue;
		double sc = balance_score(t, tried, got, r->size, cls);
		if (sc < best - 1e-9)
			best = sc, best_m = m;
	}
	free(cls);
	*used = best_m;
	return display(s, t, r, best_m, align, cut_long, s->d, lines);
}

int set_compose_balanced(const struct setter *s, const struct text *t, const struct font_role *r,
			 double width, enum align align, struct line **lines, double *used)
{
	return balanced(s, t, r, width, align, false, lines, used);
}

int set_compose_title(const struct setter *s, const struct text *t, const struct font_role *r,
		      double width, enum align align, struct line **lines, double *used)
{
	return balanced(s, t, r, width, align, true, lines, used);
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
