/* imprint.c — what closes the last page under rules, stage "flow", placed
 * once the body is poured (the layout's `imprint`, the report's
 * meta.imprint):
 *
 * - gongwen: the 版记 of GB/T 9704-2012 §7.4 — 抄送机关 (left and right
 *   one character in, continuation lines under the first name), then
 *   印发机关 (one character in) and 印发日期 + 印发 (one character in from the
 *   right), in 4号 仿宋, between rules the 版心's width: thick over the
 *   first element and under the last, the last rule on the 版心's bottom
 *   edge, a thin one between 抄送 and 印发. It goes on the last page, which
 *   must be even (the back of the last sheet); a blank page is added when
 *   the body ends on an even page without room, and then neither it nor
 *   the 版记's page is numbered (§7.5); a 版记 page right after the text
 *   keeps its number.
 * - briefing: a 简报's 报尾 — 报, 送 and 发 (each a list of recipients) and
 *   "共印 N 份" — between two rules at the foot of the last page. When the
 *   balanced columns reach into it, the last page is poured again above it
 *   and the body may continue on a new page.
 *
 * Rows are body pitches tall, counted up from the bottom, text centred in
 * its row. */
#include "flow/vlist.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"

#define MM (72 / 25.4)
/* Rows at most; a longer list of recipients is cut (a 版记 is a few lines). */
#define IMPRINT_ROWS 12

/* One row: a label (抄送：, 报：) with lines of text after it, and text
 * ending at the right; or a continuation line of the text. */
struct row {
	const struct line *label;
	const struct line *text;
	const struct line *right;
	double text_x;   /* where the text starts after the row's inset */
	bool thin_above; /* a thin rule over it (between 抄送 and 印发) */
};

static const struct line *compose_one(struct flow *f, const char *s, const struct font_role *r)
{
	struct text t = text_plain(arena_strdup(&f->fr->arena, s));
	struct line *ln;
	return set_compose(&f->set, &t, r, 1e6, 0, false, ALIGN_LEFT, &ln) > 0 ? &ln[0] : NULL;
}

/* A label and a text wrapped after it into rows: set as one paragraph
 * hanging by the label's width (three full-width characters: 抄送：), so
 * the colon keeps its full width and continuation lines start under the
 * first name. */
static int add_labelled(struct flow *f, struct row *rows, int n, const char *label,
			const struct text *t, const struct font_role *r, double width)
{
	if (!t->len)
		return n;
	double lw = utf8_count(label, strlen(label)) * r->size;
	char *joined = xasprintf("%s%s", label, t->s);
	struct text x = text_plain(arena_strdup(&f->fr->arena, joined));
	free(joined);
	struct line *ln;
	int k = set_compose(&f->set, &x, r, width - lw, -lw, false, ALIGN_LEFT, &ln);
	for (int i = 0; i < k && n < IMPRINT_ROWS; i++)
		rows[n++] = (struct row){ .text = &ln[i], .text_x = lw };
	return n;
}

static void put_line(struct flow *f, struct page *p, const struct line *ln, double x, double base)
{
	for (int k = 0; k < ln->nruns; k++)
		group_add_run(&p->content, x + ln->x, base, &ln->runs[k]);
}

static void rule(struct page *p, double x0, double x1, double y, double w, struct color c)
{
	group_add_rule(&p->content, x0, y, x1, y, w, c);
}

/* The rows of the layout's 版记 or 报尾 from meta.imprint; returns how many
 * (0: none). */
static int imprint_rows(struct flow *f, struct row *rows)
{
	const struct layout *l = f->l;
	const struct meta *m = &f->doc->meta;
	const struct imprint *im = &m->imprint;
	if (l->imprint == IMPRINT_NONE || !l->show_body)
		return 0;
	bool gongwen = l->imprint == IMPRINT_GONGWEN;
	const struct font_role *r = flow_role(f, ROLE_IMPRINT);
	double width = f->x1 - f->x0 - 2 * r->size;
	int n = 0;
	char date[48] = "";
	if (im->date.set)
		snprintf(date, sizeof(date), "%d年%d月%d日印发", im->date.year, im->date.month,
			 im->date.day);
	if (gongwen) {
		/* 抄送：A，B，C。 — continuation lines under the first name. */
		n = add_labelled(f, rows, n, "抄送：", &im->cc, r, width);
		if (im->printer.len || date[0]) {
			struct line *pl = NULL;
			int k = im->printer.len ? set_compose(&f->set, &im->printer, r, width * 0.6, 0, false,
							      ALIGN_LEFT, &pl)
						: 0;
			if (n == IMPRINT_ROWS)
				n--;
			rows[n] = (struct row){ .text = k ? &pl[0] : NULL,
						.right = date[0] ? compose_one(f, date, r) : NULL,
						.thin_above = n > 0 };
			n++;
		}
	} else {
		n = add_labelled(f, rows, n, "报：", &im->report, r, width);
		n = add_labelled(f, rows, n, "送：", &im->send, r, width);
		n = add_labelled(f, rows, n, "发：", &im->issue, r, width);
		if (im->copies.len || date[0]) {
			struct buf b;
			buf_init(&b);
			if (im->printer.len)
				buf_addf(&b, "%s　", im->printer.s);
			if (date[0])
				buf_addf(&b, "%s", date);
			if (im->copies.len)
				buf_addf(&b, "%s（共印%s份）", b.len ? "　" : "", im->copies.s);
			const struct line *right = compose_one(f, b.data, r);
			buf_release(&b);
			if (n > 0 && !rows[n - 1].right)
				rows[n - 1].right = right;
			else if (n < IMPRINT_ROWS)
				rows[n++] = (struct row){ .right = right };
		}
	}
	return n;
}

double imprint_room(struct flow *f)
{
	struct row rows[IMPRINT_ROWS];
	if (f->l->imprint != IMPRINT_BRIEFING)
		return 0;
	int n = imprint_rows(f, rows);
	return n > 0 ? (n + 0.5) * f->pitch : 0;
}

void imprint_place(struct flow *f, double end)
{
	const struct layout *l = f->l;
	struct row rows[IMPRINT_ROWS];
	int n = imprint_rows(f, rows);
	if (n == 0)
		return;
	bool gongwen = l->imprint == IMPRINT_GONGWEN;
	const struct font_role *r = flow_role(f, ROLE_IMPRINT);
	double ch = r->size; /* one character */
	double pitch = f->pitch;
	/* The 版心's bottom: GB/T 9704 layouts centre each line in its slot,
	 * so the text area reaches half a line gap below the 版心. */
	double body = flow_role(f, ROLE_BODY)->size;
	double bottom = gongwen ? f->y1 - (pitch - body) / 2 : f->y1;
	double top = bottom - n * pitch;
	struct page *p = &f->fr->pages[f->fr->npages - 1];
	if (gongwen) {
		/* On the last page if it is even and the body leaves room; else
		 * on a new even page, after a blank one if need be. */
		bool even = f->fr->npages % 2 == 0;
		if (!even || end > top + 1e-6) {
			if (even) {
				/* §7.5: a blank page before the 版记's page
				 * leaves both unnumbered; a 版记 page right
				 * after the text keeps its number. */
				f->unnumbered_from = f->fr->npages;
				flow_new_page(f);
			}
			p = flow_new_page(f);
		}
	} else if (end > top - 0.5 * pitch + 1e-6) {
		end = pour_last_page_above(f, top - 0.5 * pitch);
		p = &f->fr->pages[f->fr->npages - 1];
	}
	struct color c = l->text;
	double x0 = f->x0, x1 = f->x1;
	rule(p, x0, x1, top, gongwen ? 0.35 * MM : 1.0, c);
	for (int i = 0; i < n; i++) {
		const struct row *rw = &rows[i];
		double y = top + i * pitch;
		double base = y + slot_baseline(pitch, r->size);
		if (rw->thin_above)
			rule(p, x0, x1, y, gongwen ? 0.25 * MM : 0.5, c);
		double lx = x0 + ch;
		if (rw->label)
			put_line(f, p, rw->label, lx, base);
		/* A continuation line starts under the first name after the label. */
		if (rw->text)
			put_line(f, p, rw->text, lx + rw->text_x, base);
		if (rw->right)
			put_line(f, p, rw->right, x1 - ch - rw->right->width, base);
	}
	rule(p, x0, x1, bottom, gongwen ? 0.35 * MM : 1.0, c);
}
