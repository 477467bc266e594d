/* check_layout.c — layout files (units, 号 sizes, errors) and the geometry of
 * laid-out pages: 2 em indents, justified lines flush with the column, headings
 * never ending a column, no orphan or widow line, the baseline grid, and
 * exact canvas sizes. */
#include <math.h>
#include <string.h>

#include "base/util.h"
#include "boxes/setter.h"
#include "style/layout.h"
#include "testutil.h"

#define MM (72.0 / 25.4)

static const struct {
	const char *name;
	double pt;
} hao[] = {
	{ "初号", 42 }, { "小初", 36 }, { "一号", 26 }, { "二号", 22 }, { "三号", 16 },
	{ "四号", 14 }, { "小四", 12 }, { "五号", 10.5 }, { "小五", 9 }, { "六号", 7.5 },
};

START_TEST(test_hao_sizes)
{
	ck_assert_double_eq(layout_hao_size(hao[_i].name, strlen(hao[_i].name)), hao[_i].pt);
}
END_TEST

START_TEST(test_hao_unknown)
{
	ck_assert_double_eq(layout_hao_size("九号", strlen("九号")), -1);
}
END_TEST

static int load(const char *text, struct layout *l, struct diag *d)
{
	const char *path = t_write("layout.yaml", text);
	diag_init(d);
	return layout_load(l, d, t_srcdir(), path, NULL);
}

START_TEST(test_units)
{
	struct layout l;
	struct diag d;
	ck_assert_int_eq(load("page: {size: [1080px, 1440px], margins: [10mm, 1cm, 72pt, 1in]}\n"
			      "fonts: {body: {family: 黑体, size: 小四, color: accent}}\n"
			      "colors: {accent: \"#336699\"}\ncolumns: 2\ngutter: 12\n",
			      &l, &d),
			 0);
	ck_assert_double_eq_tol(l.page_w, 810, 1e-9);
	ck_assert_double_eq_tol(l.page_h, 1080, 1e-9);
	ck_assert(l.canvas);
	ck_assert_double_eq_tol(l.png_dpi, 96, 1e-9);
	ck_assert_double_eq_tol(l.margin[0], 10 * MM, 1e-9);
	ck_assert_double_eq_tol(l.margin[1], 10 * MM, 1e-9);
	ck_assert_double_eq_tol(l.margin[2], 72, 1e-9);
	ck_assert_double_eq_tol(l.margin[3], 72, 1e-9);
	ck_assert_double_eq(l.roles[ROLE_BODY].size, 12);
	ck_assert_str_eq(l.roles[ROLE_BODY].family, "黑体");
	ck_assert_double_eq_tol(l.roles[ROLE_BODY].color.g, 0x66 / 255.0, 1e-9);
	ck_assert_int_eq(l.columns, 2);
	ck_assert_double_eq(l.gutter, 12);
	diag_release(&d);
}
END_TEST

static const struct {
	const char *text;
	const char *message;
	int line, col;
} layout_errors[] = {
	{ "page: {size: A4}\ncolums: 2\n", "unknown key 'colums' in the layout", 2, 1 },
	{ "page: {size: A9}\n", "the page size must be A3, A4, A5, B5, 16K (16开), Letter or [width, height]",
	  1, 14 },
	{ "gutter: 5furlongs\n", "'gutter' must be a length such as 20mm, 10.5pt or 1080px", 1, 9 },
	{ "fonts: {body: {size: 大号}}\n", "a font size (pt, px or a 号 size such as 五号) must be a length", 1,
	  22 },
	{ "colors: {accent: red}\n", "a colour in 'colors' must be a colour written #rrggbb", 1, 18 },
	{ "fonts: {bdy: {size: 五号}}\n", "unknown key 'bdy' in 'fonts'", 1, 9 },
	{ "columns: 7\n", "'columns' must be a whole number from 1 to 4", 1, 10 },
	{ "paragraph: {indent: 二}\n", "'indent' (in em) must be a number, found '二'", 1, 21 },
	{ "page: {size: [1080px, 100mm]}\n", "give both sides of a pixel canvas in px", 1, 23 },
	{ "colors: {accent: text}\n", "a colour in 'colors' must be a colour written #rrggbb", 1, 18 },
	{ "page: {size: A4, margins: [10mm, 100mm, 10mm, 100mm]}\n",
	  "the margins leave less than 1 inch for the text", 1, 28 },
	{ "fonts: {body: {weight: heavy}}\n", "a font weight must be regular or bold", 1, 24 },
	{ "typography: {punctuation: wide}\n", "'punctuation' must be full, kaiming or half", 1, 27 },
	{ "typography: {kinsoku: loose}\n", "'kinsoku' must be basic, gb or strict", 1, 23 },
	{ "typography: {grid: 200}\n", "'grid' (characters per line) must be a whole number from 0 to 100", 1,
	  20 },
	{ "typography: {hanging: yes}\n", "'hanging' must be true or false", 1, 23 },
	{ "typography: {latin-space: 2}\n", "'latin-space' (in em) must be a number from 0 to 1", 1, 27 },
	{ "typography: {kerning: on}\n", "unknown key 'kerning' in 'typography'", 1, 14 },
};

START_TEST(test_layout_errors)
{
	struct layout l;
	struct diag d;
	ck_assert_int_eq(load(layout_errors[_i].text, &l, &d), -1);
	/* One mistake, one message. */
	ck_assert_int_eq(d.errors, 1);
	ck_assert_msg(strstr(d.entries[0].msg, layout_errors[_i].message), "'%s' lacks '%s'",
		      d.entries[0].msg, layout_errors[_i].message);
	int line, col;
	span_line_col(&d.entries[0].span, &line, &col);
	ck_assert_int_eq(line, layout_errors[_i].line);
	ck_assert_int_eq(col, layout_errors[_i].col);
	diag_release(&d);
}
END_TEST

START_TEST(test_builtins_load)
{
	char **names, **descs;
	int n = layout_list(t_srcdir(), &names, &descs);
	ck_assert_int_ge(n, 2);
	for (int i = 0; i < n; i++) {
		struct layout l;
		struct diag d;
		diag_init(&d);
		ck_assert_msg(layout_load(&l, &d, t_srcdir(), names[i], NULL) == 0, "layout %s", names[i]);
		ck_assert_str_ne(descs[i], "(invalid layout file)");
		diag_release(&d);
		free(names[i]);
		free(descs[i]);
	}
	free(names);
	free(descs);
}
END_TEST

/* ---- page geometry of the rendered sample ---- */

static struct render R;
static struct diag D;

static void setup_briefing(void)
{
	t_render(&R, &D, t_path("samples/briefing.yaml"), "briefing");
}

static void teardown(void)
{
	render_release(&R);
	diag_release(&D);
}

START_TEST(test_no_warnings)
{
	ck_assert_int_eq(D.warnings, 0);
	ck_assert_int_ge(R.frames.npages, 3);
}
END_TEST

/* Every paragraph's first line starts 2 em in (body size 10.5 pt → 21 pt). */
START_TEST(test_indent_2em)
{
	int checked = 0;
	double em = R.layout.roles[ROLE_BODY].size;
	for (int i = 0; i < R.flow.nlines; i++) {
		const struct line_mark *m = &R.flow.lines[i];
		if (m->para < 0 || m->line != 0 || m->inset != 0 || m->lines < 2)
			continue;
		ck_assert_msg(fabs(m->x - m->col_x - 2 * em) < 0.01, "page %d y %.1f: indent %.2f pt",
			      m->page + 1, m->y, m->x - m->col_x);
		checked++;
	}
	ck_assert_int_ge(checked, 20);
}
END_TEST

/* Every justified line but a paragraph's last ends at the column's right edge. */
START_TEST(test_justified_flush)
{
	int checked = 0;
	for (int i = 0; i < R.flow.nlines; i++) {
		const struct line_mark *m = &R.flow.lines[i];
		if (m->para < 0 || !m->justified)
			continue;
		double right = m->x + m->width;
		double edge = m->col_x + m->inset + m->measure;
		ck_assert_msg(fabs(right - edge) <= 0.5, "page %d y %.1f x %.1f: line ends %.2f pt from the edge",
			      m->page + 1, m->y, m->x, right - edge);
		ck_assert(edge <= m->col_x + m->col_w + 1e-6);
		checked++;
	}
	ck_assert_int_ge(checked, 150);
}
END_TEST

/* A heading is followed, in its own column, by at least two lines. */
START_TEST(test_heading_not_at_column_end)
{
	int headings = 0;
	for (int i = 0; i < R.flow.nlines; i++) {
		const struct line_mark *h = &R.flow.lines[i];
		if (h->para >= 0)
			continue;
		headings++;
		int after = 0;
		for (int k = i + 1; k < R.flow.nlines; k++) {
			const struct line_mark *m = &R.flow.lines[k];
			if (m->page != h->page || m->column != h->column || m->para < 0)
				break;
			after++;
		}
		ck_assert_msg(after >= 2, "heading on page %d column %d is followed by %d lines",
			      h->page + 1, h->column + 1, after);
	}
	ck_assert_int_ge(headings, 6);
}
END_TEST

/* A paragraph split across columns leaves at least two lines on each side. */
START_TEST(test_no_orphans_or_widows)
{
	int splits = 0;
	for (int i = 0; i < R.flow.nlines; i++) {
		const struct line_mark *a = &R.flow.lines[i];
		if (a->para < 0 || i + 1 >= R.flow.nlines)
			continue;
		const struct line_mark *b = &R.flow.lines[i + 1];
		if (b->para != a->para || (b->page == a->page && b->column == a->column))
			continue;
		splits++;
		ck_assert_msg(a->line + 1 >= 2, "orphan: paragraph %d leaves %d line(s) on page %d",
			      a->para, a->line + 1, a->page + 1);
		ck_assert_msg(a->lines - b->line >= 2, "widow: paragraph %d carries %d line(s) to page %d",
			      a->para, a->lines - b->line, b->page + 1);
	}
	ck_assert_int_ge(splits, 3);
}
END_TEST

/* Lines in neighbouring columns share baselines: every body baseline of a
 * page is on the grid of the body pitch from the columns' top. */
START_TEST(test_baseline_grid)
{
	double pitch = R.layout.roles[ROLE_BODY].size * R.layout.roles[ROLE_BODY].leading;
	for (int p = 0; p < R.frames.npages; p++) {
		double first = -1;
		for (int i = 0; i < R.flow.nlines; i++) {
			const struct line_mark *m = &R.flow.lines[i];
			if (m->page != p || m->para < 0)
				continue;
			if (first < 0)
				first = m->y;
			double k = (m->y - first) / pitch;
			ck_assert_msg(fabs(k - round(k)) < 1e-6, "page %d y %.2f is off the grid", p + 1, m->y);
		}
	}
}
END_TEST

/* All text stays inside the page's text area (footer excepted). */
START_TEST(test_inside_margins)
{
	const struct layout *l = &R.layout;
	for (int i = 0; i < R.flow.nlines; i++) {
		const struct line_mark *m = &R.flow.lines[i];
		ck_assert(m->x >= l->margin[3] - 0.01);
		ck_assert(m->x + m->width <= l->page_w - l->margin[1] + 0.5);
		ck_assert(m->y <= l->page_h - l->margin[2]);
	}
}
END_TEST

START_TEST(test_card_canvas)
{
	struct render r;
	struct diag d;
	t_render(&r, &d, t_path("samples/card.yaml"), "card");
	ck_assert_int_eq(r.frames.npages, 1);
	ck_assert_double_eq_tol(r.frames.pages[0].w, 810, 1e-9);
	ck_assert_double_eq_tol(r.frames.pages[0].h, 1080, 1e-9);
	ck_assert(r.frames.canvas);
	ck_assert_int_eq(d.warnings, 0);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* A character no font can draw is a warning at its source position. */
START_TEST(test_tofu_warning)
{
	struct render r;
	struct diag d;
	/* U+20000 (CJK Extension B) is in none of the pinned fonts. */
	const char *path = t_write("tofu.yaml", "body:\n  - text: 经开区\xF0\xA0\x80\x80新闻\n");
	t_render(&r, &d, path, "card");
	ck_assert_int_eq(d.warnings, 1);
	ck_assert_ptr_nonnull(strstr(d.entries[0].msg, "no font can draw '\xF0\xA0\x80\x80' (U+20000); it is left blank"));
	int line, col;
	span_line_col(&d.entries[0].span, &line, &col);
	ck_assert_int_eq(line, 2);
	ck_assert_int_eq(col, 14);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* `pagebreak: true` starts a new page; `pagebreak: false` does nothing. */
START_TEST(test_pagebreak)
{
	static const char *const texts[] = {
		"body:\n  - text: 第一页\n  - pagebreak: true\n  - text: 第二页\n",
		"body:\n  - text: 第一页\n  - pagebreak: false\n  - text: 还是第一页\n",
		/* Breaks with nothing after them add no blank page. */
		"body:\n  - text: 只有一页\n  - pagebreak:\n  - pagebreak:\n",
	};
	for (int i = 0; i < 3; i++) {
		struct render r;
		struct diag d;
		t_render(&r, &d, t_write("pagebreak.yaml", texts[i]), "briefing");
		ck_assert_int_eq(r.frames.npages, i == 0 ? 2 : 1);
		render_release(&r);
		diag_release(&d);
	}
}
END_TEST

/* A long report on a canvas with `fit: none` continues on more images, with
 * one warning saying so, and never clips a block. */
START_TEST(test_canvas_overflow)
{
	struct render r;
	struct diag d;
	t_render(&r, &d, t_path("samples/briefing.yaml"),
		 t_write("card-none.yaml", "base: card\nfit: {mode: none}\n"));
	ck_assert_int_gt(r.frames.npages, 1);
	ck_assert_int_eq(d.warnings, 1);
	ck_assert_ptr_nonnull(strstr(d.entries[0].msg, "does not fit on one 1080×1440 px canvas"));
	for (int p = 0; p < r.frames.npages; p++)
		for (int i = 0; i < t_flat(&r.frames.pages[p])->nitems; i++) {
			const struct frame_item *it = &t_flat(&r.frames.pages[p])->items[i];
			if (it->kind == ITEM_RECT)
				ck_assert(it->y + it->u.rect.h <= r.layout.page_h - r.layout.margin[2] + 1e-6);
		}
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* Titles and headings wrap into even lines: at a phrase space when there is
 * one, otherwise at the narrowest measure that keeps the line count. */
START_TEST(test_balanced_display_lines)
{
	struct setter s = { R.text, &R.layout, &R.frames, &D };
	const struct font_role *r = &R.layout.roles[ROLE_HEADING1];
	struct line *lines;
	double used;
	struct text t = text_plain("项目攻坚 稳住经济基本盘");
	ck_assert_int_eq(set_compose_balanced(&s, &t, r, 9 * r->size, ALIGN_LEFT, &lines, &used), 2);
	ck_assert_int_eq(lines[0].runs[0].text_len, (int)strlen("项目攻坚"));
	/* A run of spaces is one break: the first line carries none of them. */
	t = text_plain("项目攻坚   稳住经济基本盘");
	ck_assert_int_eq(set_compose_balanced(&s, &t, r, 9 * r->size, ALIGN_LEFT, &lines, &used), 2);
	ck_assert_double_eq_tol(lines[0].width, 4 * r->size, 0.01);
	/* 14 characters in a 12-character measure: as even as the words
	 * allow (6 + 8 or 8 + 6, never 7 + 7 inside 发展 nor 12 + 2). */
	t = text_plain("经开区高质量发展大会胜利召开");
	ck_assert_int_eq(set_compose_balanced(&s, &t, r, 12 * r->size, ALIGN_LEFT, &lines, &used), 2);
	int first = lines[0].runs[0].text_len;
	ck_assert_msg(first == (int)strlen("经开区高质量") || first == (int)strlen("经开区高质量发展"),
		      "first line '%.*s'", first, lines[0].runs[0].text);
	ck_assert(fabs(lines[0].width - lines[1].width) < 2 * r->size + 0.01);
	/* A display text of many lines is set at the full measure: balancing
	 * it would compose it some 20 times (a title of 80,000 characters on a
	 * cover took 14 s). 33 characters in 10: 4 lines, balanced narrower;
	 * 201 in 10: over 20 lines, the full measure. */
	char many[700] = "";
	for (int i = 0; i < 67; i++)
		strcat(many, "经开区");
	t = text_plain("经开区经开区经开区经开区经开区经开区经开区经开区经开区经开区经开区");
	ck_assert_int_eq(set_compose_balanced(&s, &t, r, 10 * r->size, ALIGN_LEFT, &lines, &used), 4);
	ck_assert(used < 10 * r->size - 0.5);
	t = text_plain(many);
	ck_assert_int_gt(set_compose_balanced(&s, &t, r, 10 * r->size, ALIGN_LEFT, &lines, &used), 20);
	ck_assert_double_eq(used, 10 * r->size);
}
END_TEST

/* A title, heading or caption with a word longer than its measure (no
 * phrase edge in 很长很长…) is cut inside it rather than standing out past
 * the edge: every line within the measure, the text whole; a label for a
 * caller that widens or shrinks for it still stands out. A caption that
 * wraps breaks at a phrase edge, not inside 百分率. */
START_TEST(test_title_long_word)
{
	struct setter s = { R.text, &R.layout, &R.frames, &D };
	const struct font_role *r = &R.layout.roles[ROLE_HEADING1];
	struct line *lines;
	double used, w = 7 * r->size;
	const char *word = "很长很长很长很长很长很长很长很长的标题";
	struct text t = text_plain(word);
	int n = set_compose_title(&s, &t, r, w, ALIGN_LEFT, &lines, &used);
	ck_assert_int_ge(n, 3);
	char joined[256] = "";
	for (int i = 0; i < n; i++) {
		ck_assert_msg(lines[i].width <= w + 0.01, "line %d is %.1f em", i, lines[i].width / r->size);
		for (int k = 0; k < lines[i].nruns; k++)
			strncat(joined, lines[i].runs[k].text, (size_t)lines[i].runs[k].text_len);
	}
	ck_assert_str_eq(joined, word);
	n = set_compose_balanced(&s, &t, r, w, ALIGN_LEFT, &lines, &used);
	double widest = 0;
	for (int i = 0; i < n; i++)
		widest = fmax(widest, lines[i].width);
	ck_assert(widest > w + 1);
	t = text_plain("表一　本地生产总值的主要组成部分（按年变动百分率）");
	n = set_compose_title(&s, &t, r, 20 * r->size, ALIGN_LEFT, &lines, &used);
	ck_assert_int_eq(n, 2);
	ck_assert_msg(strncmp(lines[1].runs[0].text, "分率", strlen("分率")) != 0, "broken inside 百分率");
}
END_TEST

/* Balancing the last page keeps the rules: a two-line paragraph stays
 * together, a heading stays with its paragraph, and nothing is left behind
 * on a blank page. */
START_TEST(test_balance_keeps_rules)
{
	static const char *const texts[] = {
		"meta: {title: 通知}\nbody:\n  - text: 经开区召开2025年高质量发展大会，部署全年工作。会议要求各部门抓好落实。\n",
		"body:\n  - text: 第一页。\n  - pagebreak:\n  - heading: 第二部分\n  - text: 乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙\n  - pagebreak:\n",
	};
	for (int k = 0; k < 2; k++) {
		struct render r;
		struct diag d;
		t_render(&r, &d, t_write("balance.yaml", texts[k]), "briefing");
		ck_assert_int_eq(r.frames.npages, k + 1);
		int last = r.frames.npages - 1, column = -1;
		for (int i = 0; i < r.flow.nlines; i++) {
			const struct line_mark *m = &r.flow.lines[i];
			if (m->page != last)
				continue;
			if (column < 0)
				column = m->column;
			ck_assert_msg(m->column == column, "text %d of the last page left column %d", i, column);
		}
		ck_assert_int_eq(d.warnings, 0);
		render_release(&r);
		diag_release(&d);
	}
}
END_TEST

/* A run of headings taller than a column flows across columns (some heading
 * must end a column), but its last heading stays with the paragraph. */
START_TEST(test_heading_run)
{
	struct buf b;
	buf_init(&b);
	buf_addstr(&b, "body:\n  - text: 正文正文正文正文正文正文正文正文正文正文正文正文正文正文正文正文正文正文\n");
	for (int i = 1; i <= 40; i++)
		buf_addf(&b, "  - heading: 标题%d\n", i);
	buf_addstr(&b, "  - text: 最后一段正文，最后一段正文，最后一段正文，最后一段正文。\n");
	struct render r;
	struct diag d;
	t_render(&r, &d, t_write("run.yaml", b.data), t_write("small.yaml",
		 "page: {size: [90mm, 120mm], margins: [10mm, 10mm, 10mm, 10mm]}\n"));
	buf_release(&b);
	int k = r.flow.nlines - 1;
	while (k > 0 && r.flow.lines[k].para >= 0)
		k--;
	ck_assert_int_ge(k, 40);
	const struct line_mark *last = &r.flow.lines[k], *para = &r.flow.lines[k + 1];
	ck_assert(para->page == last->page && para->column == last->column);
	ck_assert_int_ge(r.frames.npages, 2);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* A heading stays with what follows it wherever the text before puts it:
 * with a table (its title, header and first row keep together, with air
 * between the heading and the title), and with a paragraph that itself
 * keeps with the 附件说明 closing the body. Each report moves the heading
 * down by one sentence at a time, past the foot of a column. */
struct run_at {
	const char *s;
	struct frame_item found;
	bool ok;
};

static void find_run_at(const struct frame_item *it, void *arg)
{
	struct run_at *f = arg;
	if (!f->ok && it->kind == ITEM_GLYPHS && it->u.run->text_len >= (int)strlen(f->s) &&
	    !strncmp(it->u.run->text, f->s, strlen(f->s)))
		f->found = *it, f->ok = true;
}

/* The first glyph run on page pg that starts with s (its position made
 * absolute), or false. */
static bool run_at(const struct render *r, int pg, const char *s, struct frame_item *out)
{
	struct run_at f = { s, { 0 }, false };
	group_walk(&r->frames.pages[pg].content, 0, 0, find_run_at, &f);
	*out = f.found;
	return f.ok;
}

START_TEST(test_heading_keeps_with_table_and_close)
{
	int moved = 0;
	for (int n = 0; n < 160; n++) {
		struct buf b;
		buf_init(&b);
		buf_addstr(&b, "meta:\n  attachments: [重点项目清单]\nbody:\n  - text: |\n      ");
		for (int k = 0; k < 20 + n; k++)
			buf_addstr(&b, "推进项目建设稳住经济大盘。");
		buf_addstr(&b, "\n  - heading: 一、支持企业数字化改造\n"
			       "  - table:\n      title: 表题重点项目\n"
			       "      rows:\n        - [项目, 投资]\n        - [甲项目, \"12\"]\n        - [乙项目, \"34\"]\n"
			       "  - text: |\n      ");
		for (int k = 0; k < 200; k++)
			buf_addstr(&b, "统筹用好各类政策性资金。");
		buf_addstr(&b, "\n  - heading: 二、加大培育力度\n"
			       "  - text: 对新认定的国家级专精特新企业一次性奖励一百万元，对省级专精特新中小企业一次性奖励二十万元。\n");
		struct render r;
		struct diag d;
		t_render(&r, &d, t_write("keep-table.yaml", b.data), "briefing");
		buf_release(&b);
		/* The two headings (one line each). */
		const struct line_mark *h = NULL, *h2 = NULL;
		for (int i = 0; i < r.flow.nlines; i++)
			if (r.flow.lines[i].para < 0)
				*(h ? &h2 : &h) = &r.flow.lines[i];
		ck_assert_ptr_nonnull(h);
		ck_assert_ptr_nonnull(h2);
		struct frame_item title;
		bool found = run_at(&r, h->page, "表题", &title);
		ck_assert_msg(found && title.x >= h->col_x - 1e-6 && title.x < h->col_x + h->col_w && title.y > h->y,
			      "n=%d: the heading ends page %d column %d at y %.1f, its table's title is elsewhere", n,
			      h->page + 1, h->column + 1, h->y);
		/* The second heading has two lines of its paragraph under it. */
		int after = 0;
		for (int k = (int)(h2 - r.flow.lines) + 1; k < r.flow.nlines; k++) {
			const struct line_mark *m = &r.flow.lines[k];
			if (m->page != h2->page || m->column != h2->column || m->para < 0)
				break;
			after++;
		}
		ck_assert_msg(after >= 2, "n=%d: the second heading (page %d column %d) is followed by %d lines", n,
			      h2->page + 1, h2->column + 1, after);
		/* Count the headings that open a column. */
		int i = (int)(h - r.flow.lines);
		moved += i == 0 || r.flow.lines[i - 1].column != h->column || r.flow.lines[i - 1].page != h->page;
		render_release(&r);
		diag_release(&d);
	}
	ck_assert_int_ge(moved, 1);
}
END_TEST

/* A quote never leaves a single line of itself with its source at the top
 * of the next column: the source does not count as one of the two lines a
 * paragraph carries over (news.yaml's closing quote in the square series
 * did). The quote moves down one sentence at a time past the columns' foot. */
START_TEST(test_quote_no_widow)
{
	int split = 0, checked = 0;
	for (int n = 0; n < 120; n++) {
		struct buf b;
		buf_init(&b);
		buf_addstr(&b, "body:\n  - text: |\n      ");
		for (int k = 0; k < 40 + n; k++)
			buf_addstr(&b, "推进项目建设稳住经济大盘。");
		buf_addstr(&b, "\n  - quote:\n      text: 新征程上，观望懈怠者终将掉队，真抓实干者方能挑起大梁。"
			       "全区上下要鼓足闯劲、保持韧劲、激发干劲，在新的赶考路上交出更加出彩的答卷。\n"
			       "      source: 大会讲话摘要\n  - text: |\n      ");
		for (int k = 0; k < 200; k++)
			buf_addstr(&b, "统筹用好各类政策性资金。");
		buf_addstr(&b, "\n");
		struct render r;
		struct diag d;
		t_render(&r, &d, t_write("quote-widow.yaml", b.data), "briefing");
		buf_release(&b);
		/* The quote's lines (its source included) are the inset ones. */
		int first = -1, lines = 0;
		for (int i = 0; i < r.flow.nlines; i++)
			if (r.flow.lines[i].inset > 0) {
				if (first < 0)
					first = i;
				lines++;
			}
		ck_assert_int_ge(lines, 4); /* three lines of the quote, one of the source */
		const struct line_mark *a = &r.flow.lines[first];
		for (int k = 1; k < lines; k++) {
			const struct line_mark *m = &r.flow.lines[first + k];
			if (m->page == a->page && m->column == a->column)
				continue;
			split++;
			ck_assert_msg(k >= 2 && lines - k >= 3,
				      "n=%d: the quote breaks after %d of its %d lines (source included)", n, k, lines);
			break;
		}
		checked++;
		render_release(&r);
		diag_release(&d);
	}
	ck_assert_int_eq(checked, 120);
	ck_assert_int_ge(split, 1); /* it still breaks, two lines and three */
}
END_TEST

/* Warnings from composing survive the trial pours of balancing. */
START_TEST(test_warnings_survive_balancing)
{
	struct render r;
	struct diag d;
	t_render(&r, &d, t_write("tofu2.yaml", "body:\n  - heading: 标题\xF0\xA0\x80\x80\n  - text: 正文\xF0\x9F\x98\x80\n"),
		 "briefing");
	ck_assert_int_eq(d.warnings, 2);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* per-row never makes key-figure cards narrower than min-width. */
START_TEST(test_kpi_min_width)
{
	struct render r;
	struct diag d;
	const char *layout = t_write("narrow.yaml", "columns: 4\nkpis: {per-row: 8, min-width: 30mm}\n");
	const char *report = t_write("kpis.yaml", "body:\n  - kpis: [{value: \"1\"}, {value: \"2\"}, {value: \"3\"}, {value: \"4\"}]\n");
	t_render(&r, &d, report, layout);
	int cards = 0;
	for (int i = 0; i < t_flat(&r.frames.pages[0])->nitems; i++) {
		const struct frame_item *it = &t_flat(&r.frames.pages[0])->items[i];
		if (it->kind == ITEM_RECT && it->u.rect.h > 10) {
			ck_assert(it->u.rect.w >= 30 * MM - 1e-6);
			cards++;
		}
	}
	ck_assert_int_eq(cards, 4);
	render_release(&r);
	diag_release(&d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("layout");
	TCase *tc = tcase_create("files");
	tcase_add_loop_test(tc, test_hao_sizes, 0, (int)ARRAY_LEN(hao));
	tcase_add_test(tc, test_hao_unknown);
	tcase_add_test(tc, test_units);
	tcase_add_loop_test(tc, test_layout_errors, 0, (int)ARRAY_LEN(layout_errors));
	tcase_add_test(tc, test_builtins_load);
	suite_add_tcase(s, tc);
	tc = tcase_create("geometry");
	tcase_add_unchecked_fixture(tc, setup_briefing, teardown);
	tcase_add_test(tc, test_no_warnings);
	tcase_add_test(tc, test_indent_2em);
	tcase_add_test(tc, test_justified_flush);
	tcase_add_test(tc, test_heading_not_at_column_end);
	tcase_add_test(tc, test_no_orphans_or_widows);
	tcase_add_test(tc, test_baseline_grid);
	tcase_add_test(tc, test_inside_margins);
	tcase_add_test(tc, test_balanced_display_lines);
	tcase_add_test(tc, test_title_long_word);
	suite_add_tcase(s, tc);
	tc = tcase_create("canvas");
	tcase_add_test(tc, test_card_canvas);
	tcase_add_test(tc, test_tofu_warning);
	tcase_add_test(tc, test_pagebreak);
	tcase_add_test(tc, test_canvas_overflow);
	tcase_add_test(tc, test_balance_keeps_rules);
	tcase_add_test(tc, test_warnings_survive_balancing);
	tcase_add_test(tc, test_kpi_min_width);
	tcase_add_test(tc, test_heading_run);
	tcase_add_test(tc, test_heading_keeps_with_table_and_close);
	tcase_add_test(tc, test_quote_no_widow);
	suite_add_tcase(s, tc);
	return t_run_suite(s) ? 1 : 0;
}
