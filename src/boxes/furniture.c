/* furniture.c — masthead, title block and page numbers (furniture.h). */
#include "boxes/furniture.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"

/* "2025年3月5日 星期三" */
static void format_date(const struct meta *m, char *out, size_t cap)
{
	static const char *const wd[] = { "日", "一", "二", "三", "四", "五", "六" };
	/* Zeller-style day of week (Sakamoto's method), 0 = Sunday. */
	static const int t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
	int y = m->year - (m->month < 3);
	int dow = (y + y / 4 - y / 100 + y / 400 + t[m->month - 1] + m->day) % 7;
	snprintf(out, cap, "%d年%d月%d日 星期%s", m->year, m->month, m->day, wd[dow]);
}

/* The format with {page}, {pages}, {section} (meta.section) and {date}
 * (2025年3月5日) filled in, in the frames' arena. */
static const char *expand(const struct setter *s, const struct meta *m, const char *fmt, int number,
			  int total)
{
	struct buf b;
	buf_init(&b);
	for (const char *c = fmt; *c; c++) {
		if (!strncmp(c, "{page}", 6)) {
			buf_addf(&b, "%d", number);
			c += 5;
		} else if (!strncmp(c, "{pages}", 7)) {
			buf_addf(&b, "%d", total);
			c += 6;
		} else if (!strncmp(c, "{section}", 9)) {
			buf_addstr(&b, m->section.s ? m->section.s : "");
			c += 8;
		} else if (!strncmp(c, "{date}", 6)) {
			if (m->has_date)
				buf_addf(&b, "%d年%d月%d日", m->year, m->month, m->day);
			c += 5;
		} else
			buf_addch(&b, *c);
	}
	const char *str = arena_strdup(&s->fr->arena, b.data);
	buf_release(&b);
	return str;
}

static void page_text(const struct setter *s, const struct meta *m, struct page *p,
		      const struct page_text *pt, bool header, int number, int total, double x0,
		      double x1, double top, double bottom)
{
	if (!pt->format[0] || (pt->hide_single && total == 1) || (pt->skip_first && number == 1))
		return;
	struct text t = text_plain(expand(s, m, pt->format, number, total));
	const struct font_role *r = &s->l->roles[ROLE_FOOTER];
	double base;
	if (header)
		base = pt->offset < 0 ? top * 0.5 + r->size * 0.35 : top - pt->offset - EM_BELOW * r->size;
	else
		base = pt->offset < 0 ? bottom + (p->h - bottom) * 0.5 + r->size * 0.35
				      : bottom + pt->offset + EM_ABOVE * r->size;
	/* The rule between the running head (or footer) and the text area,
	 * a quarter em from the line (room stays for a jump line, 上接第N版,
	 * over the text). */
	if (pt->rule) {
		double y = header ? base + (EM_BELOW + 0.25) * r->size : base - (EM_ABOVE + 0.25) * r->size;
		group_add_rule(&p->content, x0, y, x1, y, 0.5, r->color);
	}
	enum edge_align a = pt->align;
	/* Outside is right on odd (recto) pages, left on even ones. */
	if (a == EDGE_OUTSIDE || a == EDGE_INSIDE)
		a = (number % 2 == 1) == (a == EDGE_OUTSIDE) ? EDGE_RIGHT : EDGE_LEFT;
	if (a == EDGE_CENTER) {
		set_text(s, &p->content, &t, r, x0, base, ALIGN_CENTER, x1 - x0);
	} else if (a == EDGE_LEFT) {
		set_text(s, &p->content, &t, r, x0 + pt->inset, base, ALIGN_LEFT, 0);
	} else {
		double w = text_width(s->tc, &t, r, false);
		set_text(s, &p->content, &t, r, x1 - pt->inset - w, base, ALIGN_LEFT, 0);
	}
}

void furniture_page_texts(const struct setter *s, const struct meta *m, struct page *p, int number,
			  int total, bool numbered, double x0, double x1, double top, double bottom)
{
	page_text(s, m, p, &s->l->header, true, number, total, x0, x1, top, bottom);
	if (numbered)
		page_text(s, m, p, &s->l->footer, false, number, total, x0, x1, top, bottom);
}

double furniture_masthead(const struct setter *s, const struct meta *m, struct group *g, double x0,
			  double x1, double y, double pitch)
{
	const struct layout *l = s->l;
	double w = x1 - x0;
	char date[64] = "";
	if (m->has_date)
		format_date(m, date, sizeof(date));
	struct text dt = text_plain(arena_strdup(&s->fr->arena, date));
	const struct font_role *dr = &s->l->roles[ROLE_DATELINE];
	const struct font_role *mr = &s->l->roles[ROLE_MASTHEAD];
	if (l->masthead == MASTHEAD_BANNER) {
		if (m->masthead.len) {
			/* A name too long for one line wraps into even lines. */
			struct line *lines;
			double used;
			int n = set_compose_title(s, &m->masthead, mr, w, ALIGN_CENTER, &lines, &used);
			set_lines(s, g, lines, n, x0 + (w - used) / 2, &y, 1.55 * mr->size, mr->size);
		}
		/* Issue on the left, publisher centred, date on the right; a
		 * part that would run into its neighbour takes a line of its
		 * own below. */
		double gap = dr->size;
		double iw = m->issue.len ? text_width(s->tc, &m->issue, dr, false) : 0;
		double pw = m->publisher.len ? text_width(s->tc, &m->publisher, dr, false) : 0;
		double dw = date[0] ? text_width(s->tc, &dt, dr, false) : 0;
		bool pub_alone = pw > 0 && (iw + gap > (w - pw) / 2 || dw + gap > (w - pw) / 2);
		bool date_alone = iw + dw + gap > w;
		y += dr->size * 1.4;
		set_text(s, g, &m->issue, dr, x0, y, ALIGN_LEFT, w);
		if (pw > 0 && !pub_alone)
			set_text(s, g, &m->publisher, dr, x0, y, ALIGN_CENTER, w);
		if (dw > 0 && !date_alone)
			set_text(s, g, &dt, dr, x1 - dw, y, ALIGN_LEFT, 0);
		if (pub_alone) {
			y += dr->size * 1.5;
			set_text(s, g, &m->publisher, dr, x0, y, ALIGN_CENTER, w);
		}
		if (date_alone) {
			y += dr->size * 1.5;
			set_text(s, g, &dt, dr, x1 - dw, y, ALIGN_LEFT, 0);
		}
		y += dr->size * 0.7;
		group_add_rule(g, x0, y, x1, y, 2.2, l->accent);
		y += 3;
		group_add_rule(g, x0, y, x1, y, 0.6, l->accent);
		y += pitch;
	} else if (l->masthead == MASTHEAD_GONGWEN) {
		/* GB/T 9704-2012 §7.2: the 发文机关标志's top edge 35 mm below the
		 * top of the 版心 (the em top of the first grid line), centred; the
		 * 发文字号 two blank lines below it; a red rule 4 mm below that,
		 * then two blank lines before the title. */
		const struct font_role *body = &l->roles[ROLE_BODY];
		y += (pitch - body->size) / 2 + 35 * (72 / 25.4);
		if (m->masthead.len) {
			struct line *lines;
			double used;
			int n = set_compose_title(s, &m->masthead, mr, w, ALIGN_CENTER, &lines, &used);
			double mp = role_pitch(mr);
			y -= (mp - mr->size) / 2; /* set_lines centres the em in each slot */
			set_lines(s, g, lines, n, x0 + (w - used) / 2, &y, mp, mr->size);
			y -= (mp - mr->size) / 2;
		}
		y += 2 * pitch;
		if (m->issue.len) {
			set_text(s, g, &m->issue, dr, x0, y + EM_ABOVE * dr->size, ALIGN_CENTER, w);
			y += dr->size;
		}
		y += 4 * (72 / 25.4);
		group_add_rule(g, x0, y, x1, y, 1.0, l->accent);
		y += 2 * pitch;
	} else if (l->masthead == MASTHEAD_LINE) {
		y += dr->size;
		if (m->masthead.len)
			set_text(s, g, &m->masthead, mr, x0, y, ALIGN_LEFT, 0);
		if (date[0]) {
			char ymd[32];
			snprintf(ymd, sizeof(ymd), "%d.%02d.%02d", m->year, m->month, m->day);
			struct text t = text_plain(arena_strdup(&s->fr->arena, ymd));
			double dw = text_width(s->tc, &t, dr, false);
			set_text(s, g, &t, dr, x1 - dw, y, ALIGN_LEFT, 0);
		}
		y += dr->size * 0.8;
		group_add_rule(g, x0, y, x0 + 3 * mr->size, y, 3, l->accent);
		y += pitch * 1.5;
	}
	return y;
}

double furniture_title(const struct setter *s, const struct meta *m, struct group *g, double x0,
		       double x1, double y, double pitch, double grid0)
{
	double w = x1 - x0;
	/* A news headline stack: 引题 (kicker) above the 主题 (title), 副题
	 * (subtitle) below it; then the byline. */
	if (m->kicker.len) {
		const struct font_role *r = &s->l->roles[ROLE_KICKER];
		struct line *lines;
		double used;
		enum align a = s->l->title_align;
		int n = set_compose_title(s, &m->kicker, r, w, a, &lines, &used);
		set_lines(s, g, lines, n, a == ALIGN_CENTER ? x0 + (w - used) / 2 : x0, &y, role_pitch(r),
			  r->size);
	}
	const enum role roles[] = { ROLE_TITLE, ROLE_SUBTITLE, ROLE_BYLINE };
	const struct text *texts[] = { &m->title, &m->subtitle, &m->byline };
	bool any = m->kicker.len > 0;
	for (int i = 0; i < 3; i++) {
		if (!texts[i]->len)
			continue;
		const struct font_role *r = &s->l->roles[roles[i]];
		struct line *lines;
		double used;
		if (i == 2 && any)
			y += s->l->byline_space * pitch;
		/* GB/T 9704 §7.3.2: the 主送机关 on the line under the blank one
		 * below the title, and the body on the next line: on the grid. */
		if (i == 2 && grid0 >= 0 && fabs(role_pitch(r) - pitch) < 0.01)
			y = grid0 + ceil((y - grid0) / pitch - 1e-6) * pitch;
		enum align a = i == 2 ? s->l->byline_align : s->l->title_align;
		int n = set_compose_title(s, texts[i], r, w, a, &lines, &used);
		double x = a == ALIGN_CENTER ? x0 + (w - used) / 2 : x0;
		set_lines(s, g, lines, n, x, &y, role_pitch(r), r->size);
		if (i == 0 && texts[i]->len)
			frames_add_bookmark(s->fr, texts[i]->s, 1, s->fr->npages - 1, y - role_pitch(r));
		any = true;
	}
	if (any)
		y += pitch * s->l->title_space;
	return y;
}

