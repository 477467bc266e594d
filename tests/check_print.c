/* check_print.c — print layouts: the 公文 grid of GB/T 9704 (22 lines per
 * full page, the 版心's top and bottom, 28 characters per full line), its
 * 版头 and "— N —" page numbers on the outer side, the FangSong substitute
 * warning, and bleed with crop marks. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "boxes/setter.h"
#include "compose/fonts.h"
#include "flow/marks.h"
#include "style/layout.h"
#include "testutil.h"

#define MM (72.0 / 25.4)

/* A long 通知 of plain Han text and full-width punctuation: pages of body
 * lines only, so full pages can be counted. */
static const char *long_notice(void)
{
	static const char *const sentences[] = {
		"各单位要坚持把项目建设作为稳增长的主抓手，", "对照年度计划逐项排定节点，",
		"倒排工期、挂图作战。", "对已开工的重点项目，牵头单位每月至少到现场调度一次，",
		"协调解决用地、用能、用工等方面的困难。", "进度滞后的项目要查明原因并制定整改措施。",
	};
	struct buf b;
	buf_init(&b);
	buf_addstr(&b, "meta: {title: 关于做好重点项目建设工作的通知}\nbody:\n  - text: |\n");
	for (int p = 0; p < 24; p++) {
		buf_addstr(&b, "      ");
		for (int k = 0; k < 9; k++)
			buf_addstr(&b, sentences[(p + k) % ARRAY_LEN(sentences)]);
		buf_addstr(&b, "\n\n");
	}
	const char *path = t_write("notice.yaml", b.data);
	buf_release(&b);
	return path;
}

static struct render R;
static struct diag D;

static void setup_notice(void)
{
	t_render(&R, &D, long_notice(), "gongwen");
}

static void teardown(void)
{
	render_release(&R);
	diag_release(&D);
}

/* The first line mark on page pg. */
static const struct line_mark *first_on(int pg)
{
	for (int i = 0; i < R.flow.nlines; i++)
		if (R.flow.lines[i].page == pg)
			return &R.flow.lines[i];
	return NULL;
}

/* GB/T 9704: 22 lines on every full page, the first line's characters
 * starting at the top of the 版心 (37 mm) and the last ending at its bottom
 * (37 + 225 mm), within half a millimetre. A page is one line short only
 * where the widow or orphan rule moved a line on. */
START_TEST(test_gongwen_22_lines)
{
	ck_assert_int_ge(R.frames.npages, 4);
	double size = R.layout.roles[ROLE_BODY].size;
	int full = 0;
	for (int pg = 1; pg < R.frames.npages - 1; pg++) {
		const struct line_mark *next = first_on(pg + 1);
		int n = 0;
		double first = 1e9, last = -1;
		for (int i = 0; i < R.flow.nlines; i++) {
			const struct line_mark *m = &R.flow.lines[i];
			if (m->page != pg)
				continue;
			n++;
			first = fmin(first, m->y);
			last = fmax(last, m->y);
		}
		ck_assert_double_eq_tol(first - 0.88 * size, 37 * MM, 0.5 * MM);
		if (n == 21) {
			ck_assert_ptr_nonnull(next);
			ck_assert_msg(next->line == 0 || next->line == next->lines - 2,
				      "page %d has 21 lines, not for a widow or an orphan", pg + 1);
			continue;
		}
		ck_assert_msg(n == 22, "page %d has %d lines", pg + 1, n);
		ck_assert_double_eq_tol(last + 0.12 * size, (37 + 225) * MM, 0.5 * MM);
		/* One pitch apart: 21 pitches from the first to the last. */
		ck_assert_double_eq_tol(last - first, 21 * size * 1.8807, 1e-6);
		full++;
	}
	ck_assert_int_ge(full, 2);
}
END_TEST

/* Glyphs drawn on a line mark's baseline that start inside its column (a
 * mark hanging past the 版心 is not one of the line's 28). */
static int chars_on_line(const struct render *r, const struct line_mark *m)
{
	const struct page *p = &r->frames.pages[m->page];
	int n = 0;
	for (int i = 0; i < t_flat(p)->nitems; i++) {
		const struct frame_item *it = &t_flat(p)->items[i];
		if (it->kind != ITEM_GLYPHS || fabs(it->y - m->y) > 1e-6)
			continue;
		for (int g = 0; g < it->u.run->nglyphs; g++)
			n += it->x + it->u.run->glyphs[g].x < m->col_x + m->col_w - 1;
	}
	return n;
}

/* 28 characters on every full line: every line of a paragraph but its last,
 * the first line counting its 2-character indent. The grid composer
 * (typography: {grid: 28}) lets a closing or pause mark that does not fit
 * hang past the 版心 instead of pushing a character down. */
START_TEST(test_gongwen_28_chars)
{
	int checked = 0;
	for (int i = 0; i < R.flow.nlines; i++) {
		const struct line_mark *m = &R.flow.lines[i];
		if (m->para < 0 || m->line == m->lines - 1)
			continue;
		int n = chars_on_line(&R, m) + (m->line == 0 ? 2 : 0);
		ck_assert_msg(n == 28, "page %d, line at y=%.2f: %d characters", m->page + 1, m->y, n);
		checked++;
	}
	ck_assert_int_ge(checked, 50);
}
END_TEST

/* The x of every glyph on page pg that shows character `c` (UTF-8) at
 * the start of its cluster, in order; returns how many (at most max). */
static int glyphs_of(const struct render *r, int pg, const char *c, double *xs, double *ys, int max)
{
	const struct group *g = t_flat(&r->frames.pages[pg]);
	int n = 0;
	for (int i = 0; i < g->nitems; i++) {
		const struct frame_item *it = &g->items[i];
		if (it->kind != ITEM_GLYPHS)
			continue;
		const struct glyph_run *run = it->u.run;
		for (int k = 0; k < run->nglyphs && n < max; k++)
			if (!strncmp(run->text + run->glyphs[k].cluster, c, strlen(c))) {
				xs[n] = it->x + run->glyphs[k].x;
				ys[n++] = it->y;
			}
	}
	return n;
}

/* "——" on the 公文 grid spans two cells, as its two characters do: the
 * character before it is one cell to its left, the one after two cells to
 * its right (the font draws the pair as one glyph of 2 em). */
START_TEST(test_gongwen_dash_two_cells)
{
	struct render r;
	struct diag d;
	t_render(&r, &d, t_write("dash.yaml", "body:\n  - text: 尤其值得一提的是中原大化MMA项目——该项目此前搁置两年有余，经过多方协调、反复攻关，终于重新开工建设——这是全区迎难而上的缩影。\n"),
		 "gongwen");
	double cell = 156 * MM / 28;
	double dx[4], dy[4], ax[8], ay[8], bx[8], by[8];
	int nd = glyphs_of(&r, 0, "——", dx, dy, 4);
	int na = glyphs_of(&r, 0, "目", ax, ay, 8), nb = glyphs_of(&r, 0, "该", bx, by, 8);
	ck_assert_int_eq(nd, 2);
	ck_assert_int_ge(na, 1);
	ck_assert_int_ge(nb, 1);
	/* 项目——该: the 目 before the first dash and the 该 after it. */
	int a = -1, b = -1;
	for (int i = 0; i < na; i++)
		if (fabs(ay[i] - dy[0]) < 1e-6 && ax[i] < dx[0] && (a < 0 || ax[i] > ax[a]))
			a = i;
	for (int i = 0; i < nb; i++)
		if (fabs(by[i] - dy[0]) < 1e-6 && bx[i] > dx[0] && (b < 0 || bx[i] < bx[b]))
			b = i;
	ck_assert(a >= 0 && b >= 0);
	ck_assert_double_eq_tol(dx[0] - ax[a], cell, 0.1);
	ck_assert_double_eq_tol(bx[b] - dx[0], 2 * cell, 0.1);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* GB/T 9704 §7.3.2: the 主送机关 (the byline) on the line after the blank
 * one under the title, and the body's first line directly under it, for
 * titles of one, two and three lines: no extra blank line, whatever the
 * title's height. */
START_TEST(test_gongwen_addressee_above_body)
{
	static const char *const titles[] = {
		"关于做好重点项目建设工作的通知",
		"关于做好2025年重点项目建设和招商引资项目落地服务保障工作的通知",
		"关于做好2025年重点项目建设、招商引资项目落地、要素保障和营商环境优化提升等各项服务保障工作的通知",
	};
	char *yaml = xasprintf("meta: {title: %s, byline: 区属各单位：}\nbody:\n  - text: 为贯彻落实大会部署，现就有关事项通知如下。\n",
			       titles[_i]);
	struct render r;
	struct diag d;
	t_render(&r, &d, t_write("addressee.yaml", yaml), "gongwen");
	free(yaml);
	double pitch = r.layout.roles[ROLE_BODY].size * r.layout.roles[ROLE_BODY].leading;
	double by[2], bx[2], fx[2], fy[2];
	ck_assert_int_eq(glyphs_of(&r, 0, "属", bx, by, 2), 1);
	ck_assert_int_eq(glyphs_of(&r, 0, "贯", fx, fy, 2), 1);
	/* The title's last baseline: the lowest run in the title's size. */
	double title_last = 0;
	const struct group *g = t_flat(&r.frames.pages[0]);
	for (int i = 0; i < g->nitems; i++)
		if (g->items[i].kind == ITEM_GLYPHS && g->items[i].u.run->size == r.layout.roles[ROLE_TITLE].size)
			title_last = fmax(title_last, g->items[i].y);
	ck_assert_double_eq_tol(fy[0] - by[0], pitch, 1e-6);
	ck_assert_double_eq_tol(fmod(by[0] - r.flow.lines[0].y + 100 * pitch, pitch), 0, 1e-6);
	/* A blank line (at least one pitch of air) under the title. */
	ck_assert(by[0] - title_last >= pitch + r.layout.roles[ROLE_BODY].size - 1e-6);
	ck_assert(by[0] - title_last < 3 * pitch);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* A 通知 whose body is k sentences long, with a 署名 and date (and the
 * given extra meta lines). */
static const char *notice_of(int k, const char *extra)
{
	static const char *const sentences[] = {
		"各单位要坚持把项目建设作为稳增长的主抓手。", "对照年度计划逐项排定节点。",
		"倒排工期、挂图作战。", "牵头单位每月至少到现场调度一次。",
		"协调解决用地、用能、用工等方面的困难。", "进度滞后的项目要查明原因。",
	};
	struct buf b;
	buf_init(&b);
	buf_addf(&b, "meta: {title: 关于做好重点项目建设工作的通知, publisher: 经开区管理委员会, date: 2025-03-10%s}\n"
		     "body:\n  - text: |\n      ", extra);
	for (int i = 0; i < k; i++)
		buf_addstr(&b, sentences[i % ARRAY_LEN(sentences)]);
	buf_addstr(&b, "\n\n      特此通知。\n");
	const char *path = t_write("notice-k.yaml", b.data);
	buf_release(&b);
	return path;
}

/* GB/T 9704 §7.3.5: the 发文机关署名 and 成文日期 never stand alone on a page.
 * Bodies of every length from half a page to past a page break (so that
 * one of them ends just after the break, and one just before, leaving no
 * room for the close): the page of the signature always holds body text
 * too, and the signature's two lines are on one page. */
START_TEST(test_gongwen_signature_never_alone)
{
	int moved = 0;
	for (int k = 12; k < 60; k++) {
		struct render r;
		struct diag d;
		t_render(&r, &d, notice_of(k, ""), "gongwen");
		int n = r.flow.nlines;
		ck_assert_int_ge(n, 3);
		const struct line_mark *date = &r.flow.lines[n - 1], *pub = &r.flow.lines[n - 2];
		ck_assert_int_eq(date->page, pub->page);
		int body_here = 0;
		for (int i = 0; i < n - 2; i++)
			body_here += r.flow.lines[i].page == date->page;
		ck_assert_msg(body_here > 0, "k=%d: the signature is alone on page %d", k, date->page + 1);
		/* The close took text along although a line was free above it. */
		if (date->page > 0 && r.flow.lines[0].page == 0 && body_here <= 2)
			moved++;
		render_release(&r);
		diag_release(&d);
	}
	ck_assert_int_ge(moved, 1);
}
END_TEST

/* The index of the item on page pg whose glyphs start with `s`, or -1. */
static const struct frame_item *run_starting(const struct render *r, int pg, const char *s)
{
	const struct group *g = t_flat(&r->frames.pages[pg]);
	for (int i = 0; i < g->nitems; i++)
		if (g->items[i].kind == ITEM_GLYPHS && g->items[i].u.run->text_len >= (int)strlen(s) &&
		    !strncmp(g->items[i].u.run->text, s, strlen(s)))
			return &g->items[i];
	return NULL;
}

static bool page_has_number(const struct render *r, int pg)
{
	char want[32];
	snprintf(want, sizeof(want), "— %d —", pg + 1);
	return run_starting(r, pg, want) != NULL;
}

/* GB/T 9704 §7.4: the 版记 — 抄送 over 印发机关 and 印发日期 — between rules the
 * 版心's width (thick 0.35 mm first and last, thin 0.25 mm between), its last
 * rule on the 版心's bottom edge, on an even page. A body that ends on page
 * 1 gets the 版记 alone on page 2, numbered (no blank page comes before
 * it); one that ends on page 2 with room keeps it there, numbered; one that
 * fills page 2 gets a blank page 3 and the 版记 on page 4, neither numbered
 * (§7.5: 版记页前有空白页的，空白页和版记页均不编排页码). */
START_TEST(test_gongwen_imprint_even_page)
{
	static const int lengths[] = { 12, 40, 0 };
	static const int want_pages[] = { 2, 2, 4 };
	const char *extra = ", imprint: {cc: 区委各部门，区人大办，区政协办，区纪委监委，区法院，区检察院，各园区管委会。, "
			    "printer: 经开区管理委员会办公室, date: 2025-03-10}";
	int k = lengths[_i];
	if (k == 0) {
		/* Grow the body until it reaches the foot of page 2. */
		for (k = 40;; k++) {
			struct render r;
			struct diag d;
			t_render(&r, &d, notice_of(k, ""), "gongwen");
			const struct line_mark *last = &r.flow.lines[r.flow.nlines - 1];
			bool full = last->page == 1 && last->y > (37 + 225 - 20) * MM;
			render_release(&r);
			diag_release(&d);
			if (full)
				break;
			ck_assert_int_lt(k, 200);
		}
	}
	struct render r;
	struct diag d;
	t_render(&r, &d, notice_of(k, extra), "gongwen");
	ck_assert_int_eq(r.frames.npages, want_pages[_i]);
	int pg = r.frames.npages - 1;
	const struct frame_item *cc = run_starting(&r, pg, "抄送：");
	const struct frame_item *printer = run_starting(&r, pg, "经开区管理委员会办公室");
	const struct frame_item *date = run_starting(&r, pg, "2025年3月10日印发");
	ck_assert_ptr_nonnull(cc);
	ck_assert_ptr_nonnull(printer);
	ck_assert_ptr_nonnull(date);
	ck_assert_double_eq(cc->u.run->size, 14);
	/* 抄送 and 印发机关 one character in; the date one character in from the right. */
	ck_assert_double_eq_tol(cc->x + cc->u.run->glyphs[0].x, 28 * MM + 14, 0.5);
	ck_assert_double_eq_tol(printer->x + printer->u.run->glyphs[0].x, 28 * MM + 14, 0.5);
	ck_assert_double_eq_tol(date->x + date->u.run->width, (210 - 26) * MM - 14, 0.5);
	ck_assert(cc->y < printer->y);
	ck_assert_double_eq_tol(printer->y, date->y, 1e-6);
	/* Rules: the last on the 版心's bottom edge, thick; a thin one between
	 * 抄送 and 印发; a thick one over 抄送. */
	const struct group *g = t_flat(&r.frames.pages[pg]);
	double bottom = (37 + 225) * MM;
	int thick = 0, thin = 0;
	bool last_on_edge = false;
	for (int i = 0; i < g->nitems; i++) {
		const struct frame_item *it = &g->items[i];
		if (it->kind != ITEM_RULE)
			continue;
		ck_assert_double_eq_tol(it->x, 28 * MM, 0.01);
		ck_assert_double_eq_tol(it->u.rule.x2, (210 - 26) * MM, 0.01);
		if (fabs(it->u.rule.width - 0.35 * MM) < 0.01)
			thick++;
		else if (fabs(it->u.rule.width - 0.25 * MM) < 0.01) {
			thin++;
			ck_assert(it->y > cc->y && it->y < printer->y);
		}
		if (fabs(it->y - bottom) < 0.3 * MM)
			last_on_edge = true;
	}
	ck_assert_int_eq(thick, 2);
	ck_assert_int_eq(thin, 1);
	ck_assert(last_on_edge);
	/* Page numbers: pages with body text, and the 版记's page when it
	 * follows them directly. */
	int last_body = r.flow.lines[r.flow.nlines - 1].page;
	for (int p = 0; p < r.frames.npages; p++)
		ck_assert_msg(page_has_number(&r, p) == (p <= last_body || (p == pg && pg == last_body + 1)),
			      "page %d", p + 1);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* 附件说明 (GB/T 9704 §7.3.4): under the body after a blank line, two
 * characters in, "附件：1. …" (the colon full width) with the second name under the first and a
 * long name's continuation under its first character; the signature after
 * it. */
START_TEST(test_gongwen_attachments)
{
	struct render r;
	struct diag d;
	t_render(&r, &d, notice_of(12, ", attachments: [经开区2025年重点项目清单, 经开区重点项目建设责任分工表（含牵头单位、责任领导和完成时限等内容）]"),
		 "gongwen");
	double size = r.layout.roles[ROLE_BODY].size, pitch = size * r.layout.roles[ROLE_BODY].leading;
	int pg = r.frames.npages - 1;
	const struct frame_item *label = run_starting(&r, pg, "附件");
	ck_assert_ptr_nonnull(label);
	ck_assert_double_eq_tol(label->x + label->u.run->glyphs[0].x, 28 * MM + 2 * size, 0.5);
	double x1[2], y1[2], x2[2], y2[2], xc[2], yc[2];
	ck_assert_int_eq(glyphs_of(&r, pg, "经", x1, y1, 2), 2); /* the two names */
	ck_assert_double_eq_tol(x1[0], x1[1], 0.01);
	ck_assert_double_eq_tol(y1[1] - y1[0], pitch, 1e-6);
	ck_assert_double_eq_tol(y1[0], label->y, 1e-6);
	ck_assert_int_eq(glyphs_of(&r, pg, "2.", x2, y2, 2), 1);
	ck_assert_int_eq(glyphs_of(&r, pg, "1.", xc, yc, 2), 1);
	ck_assert_double_eq_tol(x2[0], xc[0], 0.01);
	/* "附件" takes a full-width colon (§7.3.4: 后标全角冒号): the number
	 * starts five characters in, not four and a half. */
	ck_assert_double_eq_tol(xc[0], 28 * MM + 5 * size, 0.01);
	/* The long name wraps under its first character. */
	double xe[4], ye[4];
	int ne = glyphs_of(&r, pg, "等", xe, ye, 4);
	ck_assert_int_ge(ne, 1);
	ck_assert_double_eq_tol(ye[ne - 1] - y1[1], pitch, 1e-6);
	/* A blank line over it, and the body before that. */
	int n = r.flow.nlines;
	const struct line_mark *date = &r.flow.lines[n - 1];
	ck_assert(date->y > ye[ne - 1]);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* GB/T 9704 §7.3.3: the 正文's paragraphs are indented two characters and
 * wrap to the left edge (左空二字，回行顶格), and its headings (一、（一）1.)
 * are paragraphs of it: a heading too long for one line fills its first
 * line from the indent and goes on at the edge, not in two short lines
 * both indented. */
START_TEST(test_gongwen_long_heading)
{
	struct render r;
	struct diag d;
	t_render(&r, &d, t_write("long-heading.yaml",
				 "meta: {title: 关于做好重点项目建设工作的通知}\nbody:\n"
				 "  - heading: 一、支持企业数字化改造和智能化升级的若干具体措施及其资金兑付办法\n"
				 "  - heading: {text: （一）加大对“专精特新”企业和制造业单项冠军企业的培育和支持力度, level: 2}\n"
				 "  - text: 对新认定的国家级专精特新企业，一次性奖励一百万元。\n"),
		 "gongwen");
	double size = r.layout.roles[ROLE_BODY].size, left = 28 * MM, measure = 156 * MM;
	static const char *heads[] = { "一、支持", "（一）加大" };
	for (size_t h = 0; h < ARRAY_LEN(heads); h++) {
		const struct frame_item *first = run_starting(&r, 0, heads[h]);
		ck_assert_ptr_nonnull(first);
		/* The first line from the indent (an opening bracket may lose its
		 * blank half) nearly to the right edge. */
		double x0 = first->x + first->u.run->glyphs[0].x;
		ck_assert_msg(x0 > left + 1.4 * size && x0 < left + 2 * size + 0.01, "%s starts at %.2f", heads[h], x0);
		double end = x0 + first->u.run->width;
		const struct group *g = t_flat(&r.frames.pages[0]);
		const struct frame_item *next = NULL;
		for (int i = 0; i < g->nitems; i++) {
			const struct frame_item *it = &g->items[i];
			if (it->kind != ITEM_GLYPHS)
				continue;
			if (it->y > first->y + 1 &&
			    (!next || it->y < next->y ||
			     (it->y == next->y && it->x + it->u.run->glyphs[0].x < next->x + next->u.run->glyphs[0].x)))
				next = it;
			double e = it->x + it->u.run->glyphs[0].x + it->u.run->width;
			if (fabs(it->y - first->y) < 0.01 && e > end)
				end = e;
		}
		ck_assert_msg(end > left + measure - 1.01 * size, "%s: its first line ends at %.2f, the edge is %.2f",
			      heads[h], end, left + measure);
		ck_assert_ptr_nonnull(next);
		ck_assert_double_eq_tol(next->x + next->u.run->glyphs[0].x, left, 0.05);
	}
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* A block of key figures that does not fit at the foot of a page in one
 * column moves to the top of the next one while the text after it fills
 * this page (as a chart or picture does): for a body that ends a line
 * lower at a time, the page the key figures leave is always full (to the
 * 版心's last line, or the one above where a widow or orphan moved one on),
 * and the key figures keep their order on one row. */
START_TEST(test_gongwen_kpis_float)
{
	int moved = 0;
	for (int k = 6; k < 14; k++) {
		struct buf b;
		buf_init(&b);
		buf_addstr(&b, "body:\n  - text: |\n      ");
		for (int i = 0; i < k; i++)
			buf_addstr(&b, "各单位要把项目建设作为稳增长的主抓手，倒排工期、挂图作战。");
		buf_addstr(&b, "\n  - kpis:\n"
			       "      - {value: 131.2, unit: 亿元, label: 重点项目完成投资}\n"
			       "      - {value: 42, unit: 个, label: 签约亿元以上项目}\n"
			       "      - {value: 14, unit: 个, label: 建成投产项目}\n"
			       "      - {value: 171039, unit: 人, label: 常住人口}\n"
			       "  - text: |\n      ");
		for (int i = 0; i < 12; i++)
			buf_addstr(&b, "协调解决用地、用能、用工等方面的困难，进度滞后的项目要查明原因。");
		buf_addstr(&b, "\n");
		struct render r;
		struct diag d;
		t_render(&r, &d, t_write("kpi-float.yaml", b.data), "gongwen");
		buf_release(&b);
		double x[4], y[4];
		int kp = -1;
		static const char *const values[] = { "131.2", "42", "14", "171,039" };
		for (int pg = 0; pg < r.frames.npages && kp < 0; pg++)
			if (glyphs_of(&r, pg, values[0], x, y, 1) == 1)
				kp = pg;
		ck_assert_int_ge(kp, 0);
		for (int v = 0; v < 4; v++) {
			double xv[2], yv[2];
			ck_assert_int_eq(glyphs_of(&r, kp, values[v], xv, yv, 2), 1);
			x[v] = xv[0];
			y[v] = yv[0];
			ck_assert(v == 0 || (x[v] > x[v - 1] && fabs(y[v] - y[0]) < 2));
		}
		if (kp > 0) {
			/* The last line of the page before on the 版心's last
			 * line, or the one above it (a widow or orphan moved on). */
			moved++;
			double size = r.layout.roles[ROLE_BODY].size, pitch = size * r.layout.roles[ROLE_BODY].leading;
			double last = 0;
			for (int i = 0; i < r.flow.nlines; i++)
				if (r.flow.lines[i].page == kp - 1)
					last = fmax(last, r.flow.lines[i].y);
			double empty = ((37 + 225) * MM - 0.12 * size - last) / pitch;
			ck_assert_msg(empty < 1.5, "k=%d: page %d ends %.0f lines short over key figures moved on", k, kp,
				      empty);
		}
		render_release(&r);
		diag_release(&d);
	}
	ck_assert_int_ge(moved, 3);
}
END_TEST

/* "— N —" in 4号, 7 mm below the 版心, right on odd pages and left on even
 * ones, one character (14pt) in from the edge of the 版心. */
START_TEST(test_gongwen_page_numbers)
{
	double bottom = (37 + 225) * MM;
	for (int pg = 0; pg < R.frames.npages; pg++) {
		const struct page *p = &R.frames.pages[pg];
		const struct frame_item *num = NULL;
		for (int i = 0; i < t_flat(p)->nitems; i++)
			if (t_flat(p)->items[i].kind == ITEM_GLYPHS && t_flat(p)->items[i].y > bottom)
				num = &t_flat(p)->items[i];
		ck_assert_ptr_nonnull(num);
		char want[32];
		snprintf(want, sizeof(want), "— %d —", pg + 1);
		ck_assert_int_eq(num->u.run->text_len, (int)strlen(want));
		ck_assert(!memcmp(num->u.run->text, want, strlen(want)));
		ck_assert_double_eq(num->u.run->size, 14);
		/* The em box's top 7 mm below the 版心. */
		ck_assert_double_eq_tol(num->y - 0.88 * 14, bottom + 7 * MM, 0.3 * MM);
		double x0 = num->x + num->u.run->glyphs[0].x, x1 = num->x + num->u.run->width;
		if (pg % 2 == 0)
			ck_assert_double_eq_tol(x1, (210 - 26) * MM - 14, 0.5);
		else
			ck_assert_double_eq_tol(x0, 28 * MM + 14, 0.5);
	}
}
END_TEST

/* Without the 公文 fonts (pinned fonts only) one warning names every
 * stand-in and the roles it sets; the title's stand-in is set bold. */
START_TEST(test_gongwen_fangsong_warning)
{
	int found = 0;
	for (int i = 0; i < D.n; i++)
		if (strstr(D.entries[i].msg,
			   "fonts not installed, stand-ins used: 方正小标宋简体 → Noto Serif CJK SC Paiban Bold (font role 'title' and others); "
			   "仿宋_GB2312 → Noto Serif CJK SC Paiban (font role 'body' and others); "
			   "楷体_GB2312 → LXGW WenKai (font role 'heading2' and others); "
			   "SimHei → Noto Sans CJK SC Paiban (font role 'heading1' and others)"))
			found++;
	ck_assert_int_eq(found, 1);
	ck_assert_int_eq(R.layout.roles[ROLE_TITLE].weight, 700);
}
END_TEST

/* A machine that has 仿宋_GB2312 and 方正小标宋简体 (as government offices'
 * do) gets them, not the stand-ins: here two fonts under those names — copies
 * of pinned fonts renamed when fontconfig scans them — in the machine's
 * fontconfig setup. The title keeps its regular weight (小标宋 is heavy of
 * itself) and the warning names only what is still missing. */
START_TEST(test_gongwen_machine_fonts)
{
	char *dir = xasprintf("%s/machine-fonts", t_tmpdir());
	char *cmd = xasprintf("mkdir -p '%s' && cp '%s/fonts/LXGWWenKai-Regular.ttf' '%s/fang.ttf' && "
			      "cp '%s/fonts/NotoSansSC-Regular.otf' '%s/xbs.otf'",
			      dir, t_srcdir(), dir, t_srcdir(), dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	char *conf = xasprintf("<?xml version=\"1.0\"?>\n<fontconfig>\n<dir>%s</dir>\n<cachedir>%s/fc-cache</cachedir>\n"
			       "<match target=\"scan\"><test name=\"file\" compare=\"contains\"><string>fang.ttf</string></test>"
			       "<edit name=\"family\" mode=\"assign\"><string>仿宋_GB2312</string></edit></match>\n"
			       "<match target=\"scan\"><test name=\"file\" compare=\"contains\"><string>xbs.otf</string></test>"
			       "<edit name=\"family\" mode=\"assign\"><string>方正小标宋简体</string></edit></match>\n"
			       "</fontconfig>\n", dir, t_tmpdir());
	const char *conf_path = t_write("machine-fonts.conf", conf);
	free(conf);
	setenv("FONTCONFIG_FILE", conf_path, 1);
	struct render r;
	struct diag d;
	struct render_opts o = { .report = t_path("samples/gongwen.yaml"), .layout = "gongwen",
				 .datadir = t_srcdir(), .system_fonts = true };
	diag_init(&d);
	ck_assert_int_eq(render_layout(&r, &o, &d), 0);
	unsetenv("FONTCONFIG_FILE");
	bool body = false, title = false;
	const struct group *g = t_flat(&r.frames.pages[0]);
	for (int i = 0; i < g->nitems; i++) {
		if (g->items[i].kind != ITEM_GLYPHS)
			continue;
		char *desc = fonts_describe(g->items[i].u.run->font);
		if (g->items[i].u.run->size == 15.75 && strstr(desc, "仿宋_GB2312"))
			body = true;
		if (g->items[i].u.run->size == 22) {
			ck_assert_msg(strstr(desc, "方正小标宋简体") && !strstr(desc, "Bold"), "title in %s", desc);
			title = true;
		}
		free(desc);
	}
	ck_assert(body && title);
	ck_assert_int_eq(r.layout.roles[ROLE_TITLE].weight, 400);
	int warned = 0;
	for (int i = 0; i < d.n; i++)
		if (strstr(d.entries[i].msg, "stand-ins used")) {
			warned++;
			ck_assert_ptr_null(strstr(d.entries[i].msg, "仿宋_GB2312"));
			ck_assert_ptr_null(strstr(d.entries[i].msg, "方正小标宋简体"));
			ck_assert_ptr_nonnull(strstr(d.entries[i].msg, "楷体_GB2312 → LXGW WenKai"));
		}
	ck_assert_int_eq(warned, 1);
	render_release(&r);
	diag_release(&d);
	free(dir);
}
END_TEST

/* The 版头 of the sample: the 发文机关标志 in red, its top 35 mm below the
 * 版心's top; a red rule across the 版心 4 mm below the 发文字号. */
START_TEST(test_gongwen_head)
{
	struct render r;
	struct diag d;
	t_render(&r, &d, t_path("samples/gongwen.yaml"), "gongwen");
	const struct page *p = &r.frames.pages[0];
	const struct frame_item *name = NULL, *issue = NULL, *rule = NULL;
	for (int i = 0; i < t_flat(p)->nitems; i++) {
		const struct frame_item *it = &t_flat(p)->items[i];
		if (it->kind == ITEM_GLYPHS && !name)
			name = it;
		else if (it->kind == ITEM_GLYPHS && !issue)
			issue = it;
		else if (it->kind == ITEM_RULE && !rule)
			rule = it;
	}
	ck_assert_ptr_nonnull(name);
	ck_assert_ptr_nonnull(issue);
	ck_assert_ptr_nonnull(rule);
	ck_assert(!strncmp(name->u.run->text, "经开区管理委员会文件", (size_t)name->u.run->text_len));
	ck_assert(name->u.run->color.r > 0.8 && name->u.run->color.g < 0.1);
	ck_assert_double_eq_tol(name->y - 0.88 * name->u.run->size, (37 + 35) * MM, 0.5 * MM);
	ck_assert_double_eq_tol(rule->y, issue->y + 0.12 * issue->u.run->size + 4 * MM, 0.01);
	ck_assert_double_eq_tol(rule->x, 28 * MM, 0.01);
	ck_assert_double_eq_tol(rule->u.rule.x2, (210 - 26) * MM, 0.01);
	ck_assert(rule->u.rule.color.r > 0.8 && rule->u.rule.color.g < 0.1);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* signature: true — the issuer centred over the date, the date ending four
 * characters in from the right, one blank line under the body. */
START_TEST(test_gongwen_signature)
{
	struct render r;
	struct diag d;
	t_render(&r, &d, t_path("samples/gongwen.yaml"), "gongwen");
	ck_assert_int_ge(r.flow.nlines, 3);
	const struct line_mark *date = &r.flow.lines[r.flow.nlines - 1];
	const struct line_mark *pub = &r.flow.lines[r.flow.nlines - 2];
	const struct line_mark *body = &r.flow.lines[r.flow.nlines - 3];
	double size = r.layout.roles[ROLE_BODY].size, pitch = size * r.layout.roles[ROLE_BODY].leading;
	ck_assert_int_eq(chars_on_line(&r, date), 10); /* 2025年3月10日 */
	ck_assert_double_eq_tol(date->x + date->width, (210 - 26) * MM - 4 * size, 0.01);
	ck_assert_double_eq_tol(pub->x + pub->width / 2, date->x + date->width / 2, 0.01);
	ck_assert_double_eq_tol(date->y - pub->y, pitch, 1e-6);
	ck_assert_double_eq_tol(pub->y - body->y, 2 * pitch, 1e-6);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* headings: {span: true} — a level-1 heading goes across all columns: the
 * columns above it end (balanced) before it, those below start after it,
 * and its text starts at the left of the text area. */
START_TEST(test_spanning_headings)
{
	struct buf b;
	buf_init(&b);
	buf_addstr(&b, "body:\n");
	for (int k = 0; k < 3; k++) {
		buf_addf(&b, "  - heading: 第%d部分的标题\n  - text: |\n", k + 1);
		for (int p = 0; p < 6; p++)
			buf_addstr(&b, "      这是一段放在多栏里的正文，用来检查通栏标题上下的分栏是否各自成段。\n\n");
	}
	struct render r;
	struct diag d;
	t_render(&r, &d, t_write("span.yaml", b.data),
		 t_write("span-layout.yaml", "base: news\nheadings: {span: true}\n"));
	buf_release(&b);
	int headings = 0;
	for (int i = 0; i < r.flow.nlines; i++) {
		const struct line_mark *h = &r.flow.lines[i];
		if (h->para >= 0)
			continue;
		headings++;
		/* Body lines on the same page: above the heading or below it,
		 * and the ones below start in every column's first line. */
		int above = 0, below = 0;
		for (int k = 0; k < r.flow.nlines; k++) {
			const struct line_mark *m = &r.flow.lines[k];
			if (m->para < 0 || m->page != h->page)
				continue;
			if (k < i) {
				ck_assert_msg(m->y < h->y, "a line before heading %d is below it", headings);
				above++;
			} else {
				ck_assert_msg(m->y > h->y, "a line after heading %d is above it", headings);
				below++;
			}
		}
		ck_assert_int_gt(below, 0);
		ck_assert_double_eq_tol(h->x, r.layout.margin[3] + marks_margin(&r.layout), 1e-6);
		(void)above;
	}
	ck_assert_int_eq(headings, 3);
	/* The sections are set in several columns. */
	int cols[8] = { 0 };
	for (int k = 0; k < r.flow.nlines; k++)
		if (r.flow.lines[k].para >= 0 && r.flow.lines[k].page == 0)
			cols[r.flow.lines[k].column] = 1;
	ck_assert_int_ge(cols[0] + cols[1] + cols[2] + cols[3], 2);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* bleed: 3mm and crop-marks: the page grows by the marks' room on each
 * side, the content moves in by as much, and eight 5 mm marks sit in line
 * with the trim edges, outside the bleed. A background reaches the bleed. */
START_TEST(test_bleed_and_crop_marks)
{
	const char *layout = t_write("bleed.yaml",
		"page: {size: A5, margins: [15mm, 15mm, 15mm, 15mm], bleed: 3mm, crop-marks: true, background: \"#eeeeee\"}\n");
	const char *report = t_write("bleed-report.yaml", "body:\n  - text: 一段正文。\n");
	struct render plain, r;
	struct diag d;
	t_render(&r, &d, report, layout);
	diag_release(&d);
	t_render(&plain, &d, report, t_write("nobleed.yaml",
		"page: {size: A5, margins: [15mm, 15mm, 15mm, 15mm], background: \"#eeeeee\"}\n"));
	double m = 3 * MM + 5 * MM + 1 * MM; /* bleed (≥ 3 mm) + mark + 1 mm */
	const struct page *p = &r.frames.pages[0], *q = &plain.frames.pages[0];
	ck_assert_double_eq_tol(p->w, 148 * MM + 2 * m, 1e-6);
	ck_assert_double_eq_tol(p->h, 210 * MM + 2 * m, 1e-6);
	/* The sheet is white; the first item is the background to the bleed. */
	ck_assert_double_eq(p->background.r, 1);
	ck_assert_int_eq(t_flat(p)->items[0].kind, ITEM_RECT);
	ck_assert_double_eq_tol(t_flat(p)->items[0].x, m - 3 * MM, 1e-6);
	ck_assert_double_eq_tol(t_flat(p)->items[0].u.rect.w, 148 * MM + 6 * MM, 1e-6);
	/* Text moved by m. */
	/* Copies: t_flat keeps one page at a time. */
	struct frame_item a = { .kind = ITEM_RECT }, b = { .kind = ITEM_RECT };
	for (int i = 0; i < t_flat(p)->nitems && a.kind != ITEM_GLYPHS; i++)
		a = t_flat(p)->items[i];
	for (int i = 0; i < t_flat(q)->nitems && b.kind != ITEM_GLYPHS; i++)
		b = t_flat(q)->items[i];
	ck_assert_int_eq(a.kind, ITEM_GLYPHS);
	ck_assert_int_eq(b.kind, ITEM_GLYPHS);
	ck_assert_double_eq_tol(a.x, b.x + m, 1e-6);
	ck_assert_double_eq_tol(a.y, b.y + m, 1e-6);
	/* Eight marks, each 5 mm, none inside the bleed box. */
	int marks = 0;
	double bx0 = m - 3 * MM, by0 = bx0, bx1 = m + 148 * MM + 3 * MM, by1 = m + 210 * MM + 3 * MM;
	for (int i = 0; i < t_flat(p)->nitems; i++) {
		const struct frame_item *it = &t_flat(p)->items[i];
		if (it->kind != ITEM_RULE)
			continue;
		double len = hypot(it->u.rule.x2 - it->x, it->u.rule.y2 - it->y);
		ck_assert_double_eq_tol(len, 5 * MM, 1e-6);
		double mx = (it->x + it->u.rule.x2) / 2, my = (it->y + it->u.rule.y2) / 2;
		ck_assert(mx <= bx0 + 1e-6 || mx >= bx1 - 1e-6 || my <= by0 + 1e-6 || my >= by1 - 1e-6);
		/* In line with a trim edge. */
		bool on_edge = fabs(it->x - m) < 1e-6 || fabs(it->x - (m + 148 * MM)) < 1e-6 ||
			       fabs(it->y - m) < 1e-6 || fabs(it->y - (m + 210 * MM)) < 1e-6;
		ck_assert(on_edge);
		marks++;
	}
	ck_assert_int_eq(marks, 8);
	render_release(&r);
	render_release(&plain);
	diag_release(&d);
}
END_TEST

/* The most empty body lines under a column of the section at the foot of
 * page pg (the lines below the page's last heading): whole lines that
 * would still fit between the column's last line and the foot. */
static int foot_gap(const struct render *r, int pg)
{
	const struct font_role *body = &r->layout.roles[ROLE_BODY];
	double pitch = body->size * body->leading;
	double foot = marks_margin(&r->layout) + r->layout.page_h - r->layout.margin[2];
	double from = 0;
	for (int i = 0; i < r->flow.nlines; i++)
		if (r->flow.lines[i].page == pg && r->flow.lines[i].para < 0)
			from = fmax(from, r->flow.lines[i].y);
	double deepest[4] = { 0, 0, 0, 0 };
	for (int i = 0; i < r->flow.nlines; i++) {
		const struct line_mark *lm = &r->flow.lines[i];
		if (lm->page == pg && lm->para >= 0 && lm->y > from)
			deepest[lm->column] = fmax(deepest[lm->column], lm->y);
	}
	/* A line's slot reaches below its baseline. */
	double below = pitch - slot_baseline(pitch, body->size);
	int gap = 0;
	for (int c = 0; c < r->layout.columns; c++) {
		int n = (int)floor((foot - deepest[c] - below) / pitch + 1e-6);
		gap = n > gap ? n : gap;
	}
	return gap;
}

/* Whether page pg + 1 opens with a heading (across the page, on news). */
static bool next_page_opens_with_heading(const struct render *r, int pg)
{
	for (int i = 0; i < r->flow.nlines; i++)
		if (r->flow.lines[i].page == pg + 1)
			return r->flow.lines[i].para < 0;
	return false;
}

/* A section of a news page that ends near the foot, where the next
 * section's heading across the page does not fit and opens the next page:
 * the columns still reach within 3 lines of the foot (evened out a line or
 * two above it), for sections of every length around the foot. */
START_TEST(test_news_section_ends_near_foot)
{
	static const char *const para = "      园区把审批、供地、环评等环节全部前移，实行拿地即开工，最快的项目从签约到开工只用了四十多天。"
					"为了让项目早落地，区里统筹用好专项债券和政策性金融工具，优先保障在建项目的资金需求，"
					"自然资源部门提前做好土地收储和规划调整。\n\n";
	int opened = 0;
	for (int k = 30; k < 58; k += 2) {
		struct buf b;
		buf_init(&b);
		buf_addstr(&b, "body:\n  - heading: 项目攻坚 稳住经济基本盘\n  - text: |\n");
		for (int i = 0; i < 24; i++)
			buf_addstr(&b, para);
		/* The second section grows by half a line at a time; the third
		 * one's heading takes five lines in a column, so it does not fit
		 * at the foot of the last column either. */
		buf_addstr(&b, "  - heading: 招商引资 引来源头活水\n  - text: |\n");
		for (int i = 0; i < 8; i++)
			buf_addstr(&b, para);
		buf_addstr(&b, "      招商是项目的源头。现在是先画好产业链图谱，再按图索骥找企业，谈成一个，就能带动一串。");
		for (int i = 0; i < k; i++)
			buf_addstr(&b, "抓项目。");
		buf_addstr(&b, "\n  - heading: 聚焦“四高” 谋划全年工作 推动经济持续向好 奋力谱写高质量发展新篇章\n"
			       "  - text: |\n");
		for (int i = 0; i < 12; i++)
			buf_addstr(&b, para);
		struct render r;
		struct diag d;
		t_render(&r, &d, t_write("foot.yaml", b.data), "news");
		buf_release(&b);
		ck_assert_int_ge(r.frames.npages, 2);
		int gap = foot_gap(&r, 0);
		ck_assert_msg(gap <= 3, "k=%d: a column of page 1 ends %d lines above the foot", k, gap);
		opened += next_page_opens_with_heading(&r, 0);
		render_release(&r);
		diag_release(&d);
	}
	ck_assert_int_ge(opened, 10);
}
END_TEST

/* The deepest baseline of a body line on page pg, or 0. */
static double deepest_line(const struct render *r, int pg)
{
	double y = 0;
	for (int i = 0; i < r->flow.nlines; i++)
		if (r->flow.lines[i].page == pg && r->flow.lines[i].para >= 0)
			y = fmax(y, r->flow.lines[i].y);
	return y;
}

/* Where a story goes on to the next page, 下转第N版 sits under the column
 * it leaves and 上接第N版 over the column it goes on in, under the 眉头,
 * also on a page that opens with a heading across (samples/news.yaml and
 * samples/briefing.yaml in news); a briefing's 报尾 stays at the foot of
 * its last page, under the text. */
START_TEST(test_jump_lines_and_foot)
{
	static const char *const cases[][2] = {
		{ "samples/news.yaml", "news" },
		{ "samples/briefing.yaml", "news" },
		{ "samples/briefing.yaml", "briefing" },
	};
	struct render r;
	struct diag d;
	t_render(&r, &d, t_path(cases[_i][0]), cases[_i][1]);
	const struct layout *l = &r.layout;
	int n = r.frames.npages;
	ck_assert_int_ge(n, 3);
	double pitch = l->roles[ROLE_BODY].size * l->roles[ROLE_BODY].leading;
	double m = marks_margin(l), top = m + l->margin[0], foot = m + l->page_h - l->margin[2];
	double last = deepest_line(&r, n - 1);
	(void)top;
	if (l->jump_lines) {
		char want[32];
		snprintf(want, sizeof(want), "（下转第%d版）", n);
		const struct frame_item *jump = run_starting(&r, n - 2, want);
		ck_assert_ptr_nonnull(jump);
		/* Under the last line of the column it is in (at the foot, or
		 * above it where the column ends early). */
		double col_end = 0;
		for (int i = 0; i < r.flow.nlines; i++) {
			const struct line_mark *lm = &r.flow.lines[i];
			if (lm->page == n - 2 && jump->x > lm->col_x && jump->x < lm->col_x + lm->col_w)
				col_end = fmax(col_end, lm->y);
		}
		ck_assert_msg(jump->y > col_end && jump->y < fmax(col_end + 1.5 * pitch, foot + pitch),
			      "下转 at %.1f, the column ends at %.1f", jump->y, col_end);
		/* 上接 under the 眉头, also over a page that opens with a heading. */
		for (int pg = 1; pg < n; pg++) {
			char up[32], head[32];
			snprintf(up, sizeof(up), "（上接第%d版）", pg);
			snprintf(head, sizeof(head), "第%d版 · ", pg + 1);
			const struct frame_item *u = run_starting(&r, pg, up);
			double uy = u ? u->y - 0.88 * u->u.run->size : 0;
			const struct frame_item *h = run_starting(&r, pg, head);
			ck_assert_ptr_nonnull(u);
			ck_assert_ptr_nonnull(h);
			ck_assert_msg(uy > h->y + 0.12 * h->u.run->size, "page %d: 上接 overlaps the 眉头", pg + 1);
		}
	}
	if (l->imprint == IMPRINT_BRIEFING) {
		const struct frame_item *bao = run_starting(&r, n - 1, "报：");
		ck_assert_ptr_nonnull(bao);
		ck_assert(bao->y > last && bao->y > foot - 6 * pitch);
	}
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* News pages (samples/news.yaml, about 5,000 Han characters on A3 pages): on
 * every page but the last, each column of the section at the foot reaches
 * within 3 lines of the foot (the story goes on), also where the next
 * page opens with a heading across; the key figures come in the report's
 * order, left to right on one row; the story carries 下转第2版 and
 * 上接第1版. */
START_TEST(test_news_columns_full)
{
	struct render r;
	struct diag d;
	t_render(&r, &d, t_path("samples/news.yaml"), "news");
	ck_assert_int_ge(r.frames.npages, 2);
	/* The story ends on the last page. */
	for (int pg = 0; pg < r.frames.npages - 1; pg++) {
		int gap = foot_gap(&r, pg);
		ck_assert_msg(gap <= 3, "page %d: a column ends %d lines above the foot", pg + 1, gap);
	}
	/* Key figures: 131.2, 42, 14, 171,039 in this order, left to right. */
	static const char *const kpis[] = { "131.2", "42", "14", "171,039" };
	const struct group *g = t_flat(&r.frames.pages[0]);
	int next = 0;
	double last_x = -1, row_y = -1;
	for (int i = 0; i < g->nitems && next < 4; i++) {
		const struct frame_item *it = &g->items[i];
		if (it->kind == ITEM_GLYPHS && it->u.run->text_len == (int)strlen(kpis[next]) &&
		    !strncmp(it->u.run->text, kpis[next], strlen(kpis[next])) && it->u.run->size > 20) {
			ck_assert(it->x > last_x);
			if (row_y >= 0)
				ck_assert_double_eq_tol(it->y, row_y, 1e-6);
			last_x = it->x;
			row_y = it->y;
			next++;
		}
	}
	ck_assert_int_eq(next, 4);
	ck_assert_ptr_nonnull(run_starting(&r, 0, "（下转第2版）"));
	ck_assert_ptr_nonnull(run_starting(&r, 1, "（上接第1版）"));
	/* The 眉头 on page 2, not on page 1. */
	ck_assert_ptr_nonnull(run_starting(&r, 1, "第2版 · 要闻 · 2025年3月5日"));
	ck_assert_ptr_null(run_starting(&r, 0, "第1版 · 要闻"));
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* Columns evened out above a heading across the page end within two
 * lines of each other (samples/news.yaml page 2, 开放合作: three columns
 * of 10 lines and one of 4 before; the paragraphs' breaks allow 10, 8, 8,
 * 8). Each column's end is its deepest body line between the headings. */
START_TEST(test_news_sections_even)
{
	struct render r;
	struct diag d;
	t_render(&r, &d, t_path("samples/news.yaml"), "news");
	double pitch = r.layout.roles[ROLE_BODY].size * r.layout.roles[ROLE_BODY].leading;
	int checked = 0;
	for (int pg = 0; pg < r.frames.npages; pg++) {
		const struct frame_item *a = run_starting(&r, pg, "开放合作"), *b = run_starting(&r, pg, "营商环境");
		if (!a || !b)
			continue;
		double lo = INFINITY, hi = 0;
		for (int c = 0; c < r.layout.columns; c++) {
			double end = 0;
			for (int i = 0; i < r.flow.nlines; i++) {
				const struct line_mark *m = &r.flow.lines[i];
				if (m->page == pg && m->column == c && m->para >= 0 && m->y > a->y && m->y < b->y)
					end = fmax(end, m->y);
			}
			ck_assert(end > 0);
			lo = fmin(lo, end), hi = fmax(hi, end);
		}
		ck_assert_msg(hi - lo < 2 * pitch + 0.01, "page %d: the columns end %.1f lines apart", pg + 1,
			      (hi - lo) / pitch);
		checked++;
	}
	ck_assert_int_eq(checked, 1);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* A short table in the last section of a news page is not split between
 * the balanced columns (no 续表 for two rows): it stays whole in the first
 * column, and the text after it is evened out over the other three, none
 * empty, their ends within two lines of each other. */
START_TEST(test_balanced_section_keeps_short_table)
{
	struct buf y;
	buf_init(&y);
	buf_addstr(&y, "meta:\n  title: 数说经开区\nbody:\n  - heading: 去年成绩与今年目标\n"
		       "  - table:\n      title: 主要指标\n      rows:\n        - [指标, 2024年, 2025年]\n");
	for (int k = 0; k < 7; k++)
		buf_addf(&y, "        - [第%d项重点指标（个）, \"%d\", \"%d\"]\n", k + 1, 30 + k, 40 + k);
	buf_addstr(&y, "  - text: |\n");
	for (int k = 0; k < 3; k++)
		buf_addstr(&y, "      从表中可以看到，今年的几项目标并不都比去年高。区里有关负责人解释，"
			       "目标是按照项目实际排出来的，不追求表面上的数字好看。\n\n");
	struct render r;
	struct diag d;
	t_render(&r, &d, t_write("short-table.yaml", y.data), "news");
	buf_release(&y);
	ck_assert_int_eq(r.frames.npages, 1);
	ck_assert_ptr_null(run_starting(&r, 0, "续表"));
	const struct frame_item *head = run_starting(&r, 0, "第1项"), *last = run_starting(&r, 0, "第7项");
	ck_assert_ptr_nonnull(head);
	ck_assert_ptr_nonnull(last);
	ck_assert_double_eq_tol(head->x, last->x, 0.01); /* one column */
	double pitch = r.layout.roles[ROLE_BODY].size * r.layout.roles[ROLE_BODY].leading;
	double lo = INFINITY, hi = 0;
	int table_col = -1;
	for (int c = 0; c < r.layout.columns; c++) {
		double end = 0;
		for (int i = 0; i < r.flow.nlines; i++) {
			const struct line_mark *m = &r.flow.lines[i];
			if (m->page == 0 && m->column == c && m->para >= 0)
				end = fmax(end, m->y);
		}
		if (end == 0) {
			ck_assert_msg(table_col < 0, "column %d is empty", c + 1);
			table_col = c; /* the table's column holds no text */
			continue;
		}
		lo = fmin(lo, end), hi = fmax(hi, end);
	}
	ck_assert_int_eq(table_col, 0);
	ck_assert_msg(hi - lo < 2 * pitch + 0.01, "the text columns end %.1f lines apart", (hi - lo) / pitch);
	render_release(&r);
	diag_release(&d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("print");
	TCase *tc = tcase_create("gongwen");
	tcase_add_unchecked_fixture(tc, setup_notice, teardown);
	tcase_add_test(tc, test_gongwen_22_lines);
	tcase_add_test(tc, test_gongwen_28_chars);
	tcase_add_test(tc, test_gongwen_page_numbers);
	tcase_add_test(tc, test_gongwen_fangsong_warning);
	tcase_add_test(tc, test_gongwen_machine_fonts);
	tcase_add_test(tc, test_gongwen_head);
	tcase_add_test(tc, test_gongwen_signature);
	tcase_add_test(tc, test_gongwen_dash_two_cells);
	tcase_add_test(tc, test_gongwen_signature_never_alone);
	tcase_add_loop_test(tc, test_gongwen_imprint_even_page, 0, 3);
	tcase_add_test(tc, test_gongwen_attachments);
	tcase_add_test(tc, test_gongwen_long_heading);
	tcase_add_test(tc, test_gongwen_kpis_float);
	tcase_add_loop_test(tc, test_gongwen_addressee_above_body, 0, 3);
	suite_add_tcase(s, tc);
	tc = tcase_create("marks");
	tcase_add_test(tc, test_bleed_and_crop_marks);
	tcase_add_test(tc, test_spanning_headings);
	tcase_add_test(tc, test_news_columns_full);
	tcase_add_test(tc, test_news_sections_even);
	tcase_add_test(tc, test_balanced_section_keeps_short_table);
	tcase_add_test(tc, test_news_section_ends_near_foot);
	tcase_add_loop_test(tc, test_jump_lines_and_foot, 0, 3);
	suite_add_tcase(s, tc);
	return t_run_suite(s) ? 1 : 0;
}
