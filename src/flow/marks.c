/* marks.c — bleed and crop marks (marks.h). Runs after flow has placed
 * everything on trimmed pages, so no other stage needs to know about them. */
#include "flow/marks.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double marks_margin(const struct layout *l)
{
	if (l->crop_marks)
		return fmax(l->bleed, MARKS_MIN_OFFSET) + MARKS_LENGTH + 1 * 72 / 25.4;
	return l->bleed;
}

/* Put the last item of p first (the bleed background goes under all). */
static void move_last_first(struct group *g)
{
	struct frame_item last = g->items[g->nitems - 1];
	memmove(&g->items[1], &g->items[0], (size_t)(g->nitems - 1) * sizeof(*g->items));
	g->items[0] = last;
}

static void add_marks(struct group *p, double m, double off, double w, double h)
{
	const struct color black = { 0, 0, 0 };
	const double lw = 0.25, len = MARKS_LENGTH;
	/* Trim corners: (m, m), (m + w, m), (m, m + h), (m + w, m + h). */
	double xs[2] = { m, m + w }, ys[2] = { m, m + h };
	for (int i = 0; i < 2; i++)
		for (int k = 0; k < 2; k++) {
			double x = xs[i], y = ys[k];
			double dx = i ? 1 : -1, dy = k ? 1 : -1;
			/* A horizontal mark in line with the trim's edge y, and a
			 * vertical one in line with its edge x, both outside. */
			group_add_rule(p, x + dx * off, y, x + dx * (off + len), y, lw, black);
			group_add_rule(p, x, y + dy * off, x, y + dy * (off + len), lw, black);
		}
}

void marks_apply(struct frames *fr, const struct layout *l, struct flow_report *rep)
{
	double m = marks_margin(l);
	if (m <= 0)
		return;
	double off = fmax(l->bleed, MARKS_MIN_OFFSET);
	const struct color white = { 1, 1, 1 };
	for (int pg = 0; pg < fr->npages; pg++) {
		struct page *p = &fr->pages[pg];
		double w = p->w, h = p->h;
		group_move(&p->content, 0, m, m);
		p->w = w + 2 * m;
		p->h = h + 2 * m;
		/* The background fills the trim plus the bleed; the sheet
		 * outside that is white, as printed. */
		bool white_bg = !memcmp(&p->background, &white, sizeof(white));
		if (!white_bg) {
			group_add_rect(&p->content, m - l->bleed, m - l->bleed, w + 2 * l->bleed,
				       h + 2 * l->bleed, p->background);
			move_last_first(&p->content);
			p->background = white;
		}
		if (l->crop_marks)
			add_marks(&p->content, m, off, w, h);
		/* The exporters write these as the PDF's TrimBox and BleedBox. */
		p->trim = (struct rect){ m, m, m + w, m + h };
		p->bleed = (struct rect){ m - l->bleed, m - l->bleed, m + w + l->bleed, m + h + l->bleed };
	}
	for (int i = 0; i < fr->nmarks; i++)
		fr->marks[i].y += m;
	for (int i = 0; rep && i < rep->nlines; i++) {
		struct line_mark *lm = &rep->lines[i];
		lm->x += m;
		lm->y += m;
		lm->col_x += m;
	}
}
