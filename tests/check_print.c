/* check_print.c — print layouts: the 公文 grid of GB/T 9704 (22 lines per
 * full page, the 版心's top and bottom, 28 characters per full line), its
 * 版头 and "— N —" page numbers on the outer side, the FangSong substitute
 * warning, and bleed with crop marks. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
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

/* Without a FangSong font (pinned fonts only) the warning names the
 * substitute. */
START_TEST(test_gongwen_fangsong_warning)
{
	bool found = false;
	for (int i = 0; i < D.n; i++)
		if (strstr(D.entries[i].msg,
			   "no 仿宋 font is installed: Noto Serif CJK SC Paiban stands in for it (font role 'body' and others)"))
			found = true;
	ck_assert(found);
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

int main(void)
{
	Suite *s = suite_create("print");
	TCase *tc = tcase_create("gongwen");
	tcase_add_unchecked_fixture(tc, setup_notice, teardown);
	tcase_add_test(tc, test_gongwen_22_lines);
	tcase_add_test(tc, test_gongwen_28_chars);
	tcase_add_test(tc, test_gongwen_page_numbers);
	tcase_add_test(tc, test_gongwen_fangsong_warning);
	tcase_add_test(tc, test_gongwen_head);
	tcase_add_test(tc, test_gongwen_signature);
	suite_add_tcase(s, tc);
	tc = tcase_create("marks");
	tcase_add_test(tc, test_bleed_and_crop_marks);
	tcase_add_test(tc, test_spanning_headings);
	suite_add_tcase(s, tc);
	return t_run_suite(s) ? 1 : 0;
}
