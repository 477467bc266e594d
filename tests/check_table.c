/* check_table.c — tables for statistics: a seven-column table across a
 * two-column briefing (`span: page`), a long table continued with "续表"
 * and its header in the next column and on the next page, numbered
 * captions (表1, 图1) when a layout asks, the indicators preset's header,
 * and its errors with message and exit code. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "style/layout.h"
#include "testutil.h"

/* Items on page pg whose run starts with s, in order; returns the count. */
static int runs_starting(const struct render *r, int pg, const char *s, const struct frame_item **out,
			 int max)
{
	const struct group *g = t_flat(&r->frames.pages[pg]);
	int n = 0;
	for (int i = 0; i < g->nitems && n < max; i++)
		if (g->items[i].kind == ITEM_GLYPHS && g->items[i].u.run->text_len >= (int)strlen(s) &&
		    !strncmp(g->items[i].u.run->text, s, strlen(s)))
			out[n++] = &g->items[i];
	return n;
}

static const char seven[] =
	"  - table:\n"
	"      title: 2025年1—2月主要经济指标\n"
	"      span: page\n"
	"      rows:\n"
	"        - [指标, 单位, 本月, 同比增长(%), 1—本月, 同比增长(%), 备注]\n"
	"        - [地区生产总值, 亿元, \"131.2\", \"6.8\", \"262.4\", \"6.5\", 初步核算]\n"
	"        - [规模以上工业增加值, 亿元, \"45.3\", \"8.1\", \"90.1\", \"7.9\", \"\"]\n"
	"        - [固定资产投资, 亿元, \"60.2\", \"12.4\", \"118.7\", \"11.8\", 不含农户]\n"
	"      source: 数据来源：区统计局\n";

/* A seven-column indicators table is cramped in a 234 pt briefing column;
 * with `span: page` it goes across both columns:
 * its rules are as wide as the text area, the text before it is above it
 * and the text after it below, in both columns. */
START_TEST(test_seven_columns_across)
{
	struct buf b;
	buf_init(&b);
	buf_addstr(&b, "meta: {title: 统计月报}\nbody:\n  - text: |\n      ");
	for (int i = 0; i < 12; i++)
		buf_addstr(&b, "一月至二月，全区主要经济指标运行平稳，工业生产稳中有进。");
	buf_addf(&b, "\n%s  - text: |\n      ", seven);
	for (int i = 0; i < 12; i++)
		buf_addstr(&b, "分行业看，化工新材料、新能源材料等行业保持较快增长。");
	buf_addstr(&b, "\n");
	struct render r;
	struct diag d;
	t_render(&r, &d, t_write("seven.yaml", b.data), "briefing");
	buf_release(&b);
	ck_assert_int_eq(d.errors, 0);
	const struct frame_item *title[2], *note[2];
	ck_assert_int_eq(runs_starting(&r, 0, "2025年", title, 2), 1);
	ck_assert_int_eq(runs_starting(&r, 0, "数据来源", note, 2), 1);
	double x0 = r.layout.margin[3], x1 = r.layout.page_w - r.layout.margin[1];
	/* The header's rule spans the text area. */
	const struct group *g = t_flat(&r.frames.pages[0]);
	bool wide = false;
	for (int i = 0; i < g->nitems; i++) {
		const struct frame_item *it = &g->items[i];
		if (it->kind == ITEM_PATH && it->y > title[0]->y && it->y < note[0]->y) {
			struct rect bx = frame_item_bounds(it);
			if (fabs(bx.x0 - x0) < 1 && fabs(bx.x1 - x1) < 1)
				wide = true;
		}
	}
	ck_assert(wide);
	/* The paragraphs: lines of the first all above the table, in both
	 * columns; lines of the second all below it, in both columns. */
	int above[2] = { 0, 0 }, below[2] = { 0, 0 };
	for (int i = 0; i < r.flow.nlines; i++) {
		const struct line_mark *m = &r.flow.lines[i];
		if (m->page != 0)
			continue;
		if (m->para == 0) {
			ck_assert(m->y < title[0]->y);
			above[m->column]++;
		} else {
			ck_assert(m->y > note[0]->y);
			below[m->column]++;
		}
	}
	ck_assert(above[0] > 0 && above[1] > 0 && below[0] > 0 && below[1] > 0);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* Without `span: page` the same table stays in its column: its rules are
 * a column wide, not the text area's width. */
START_TEST(test_seven_columns_in_column)
{
	char *body = xstrdup(seven);
	char *sp = strstr(body, "      span: page\n");
	memmove(sp, sp + strlen("      span: page\n"), strlen(sp + strlen("      span: page\n")) + 1);
	char *yaml = xasprintf("body:\n%s", body);
	struct render r;
	struct diag d;
	t_render(&r, &d, t_write("seven-col.yaml", yaml), "briefing");
	free(yaml);
	free(body);
	double x0 = r.layout.margin[3], x1 = r.layout.page_w - r.layout.margin[1];
	const struct group *g = t_flat(&r.frames.pages[0]);
	int paths = 0;
	for (int i = 0; i < g->nitems; i++)
		if (g->items[i].kind == ITEM_PATH) {
			struct rect bx = frame_item_bounds(&g->items[i]);
			ck_assert(bx.x1 - bx.x0 < (x1 - x0) / 2 + 1);
			paths++;
		}
	ck_assert_int_gt(paths, 0);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* A table of 150 rows in a two-column briefing: it continues in the next
 * column and on the next page, each time under "续表" and a copy of the
 * header; with `captions: numbered` the title is "表1　…", the
 * continuation "续表1　…", and a chart's title "图1　…". */
START_TEST(test_continued_table)
{
	bool number = _i == 1;
	struct buf b;
	buf_init(&b);
	buf_addstr(&b, "body:\n  - chart: {type: column, title: 项目数, categories: [甲, 乙], series: [{name: 个, values: [3, 4]}]}\n");
	buf_addstr(&b, "  - table:\n      title: 重点企业产值\n      rows:\n        - [企业, 产值, 增长]\n");
	for (int i = 1; i <= 150; i++)
		buf_addf(&b, "        - [企业%d, \"%d\", \"%d.%d\"]\n", i, i * 137, i % 9, i % 10);
	t_write("long-table.yaml", b.data);
	buf_release(&b);
	struct render r;
	struct diag d;
	t_render(&r, &d, t_tmp("long-table.yaml"),
		 number ? t_write("numbered.yaml", "base: briefing\ncaptions: numbered\n") : "briefing");
	ck_assert_int_ge(r.frames.npages, 2);
	const char *title = number ? "表1　重点企业产值" : "重点企业产值";
	const char *cont = number ? "续表1　重点企业产值" : "续表　重点企业产值";
	static const struct frame_item *t[8], *c[8], *h[512], *fig[2];
	ck_assert_int_eq(runs_starting(&r, 0, title, t, 8), 1);
	ck_assert_int_eq(runs_starting(&r, 0, number ? "图1　项目数" : "项目数", fig, 2), 1);
	int conts = 0;
	for (int pg = 0; pg < r.frames.npages; pg++) {
		int nc = runs_starting(&r, pg, cont, c, 8);
		int nh = runs_starting(&r, pg, "企业", h, 512); /* the header's first cell is "企业" alone */
		for (int k = 0; k < nc; k++) {
			/* Under each 续表 line, in the same column, the header. */
			bool header = false;
			for (int j = 0; j < nh; j++)
				if (h[j]->u.run->text_len == (int)strlen("企业") && fabs(h[j]->x - c[k]->x) < 8 &&
				    h[j]->y > c[k]->y && h[j]->y < c[k]->y + 40)
					header = true;
			ck_assert_msg(header, "page %d: no header under 续表", pg + 1);
			conts++;
		}
	}
	/* Column 2 of page 1, and page 2. */
	ck_assert_int_ge(conts, 2);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* A table that breaks leaves at least two rows on each side, as a
 * paragraph leaves two lines: never a lone row under the header at the foot
 * of a column, nor a lone last row (with the source note) at the top of the
 * next. The table moves down one sentence of text at a time past the foot
 * of the columns of page 1. */
struct row_count {
	double middle; /* of the page: columns 1 and 2 */
	int n[2];
};

static void count_rows(const struct frame_item *it, void *arg)
{
	struct row_count *rc = arg;
	if (it->kind == ITEM_GLYPHS && it->u.run->text_len >= 3 && !strncmp(it->u.run->text, "行", 3))
		rc->n[it->x + it->u.run->glyphs[0].x > rc->middle]++;
}

START_TEST(test_table_no_lone_row)
{
	int split = 0;
	for (int n = 0; n < 120; n++) {
		struct buf b;
		buf_init(&b);
		buf_addstr(&b, "body:\n  - text: |\n      ");
		for (int k = 0; k < 40 + n; k++)
			buf_addstr(&b, "推进项目建设稳住经济大盘。");
		buf_addstr(&b, "\n  - table:\n      title: 重点项目\n      rows:\n        - [项目, 投资]\n");
		for (int k = 1; k <= 5; k++)
			buf_addf(&b, "        - [行%d项目, \"%d\"]\n", k, k * 12);
		buf_addstr(&b, "      source: 注：示例数据。\n  - text: |\n      ");
		for (int k = 0; k < 200; k++)
			buf_addstr(&b, "统筹用好各类政策性资金。");
		buf_addstr(&b, "\n");
		t_write("lone-row.yaml", b.data);
		buf_release(&b);
		struct render r;
		struct diag d;
		t_render(&r, &d, t_tmp("lone-row.yaml"), "briefing");
		int per[16] = { 0 }; /* rows per page and column */
		for (int pg = 0; pg < r.frames.npages && pg < 8; pg++) {
			struct row_count rc = { r.frames.pages[pg].w / 2, { 0, 0 } };
			group_walk(&r.frames.pages[pg].content, 0, 0, count_rows, &rc);
			per[2 * pg] = rc.n[0], per[2 * pg + 1] = rc.n[1];
		}
		int parts = 0;
		for (int k = 0; k < 16; k++) {
			if (per[k] == 0)
				continue;
			parts++;
			ck_assert_msg(per[k] >= 2, "n=%d: page %d column %d holds %d row(s) of the table", n, k / 2 + 1,
				      k % 2 + 1, per[k]);
		}
		split += parts > 1;
		render_release(&r);
		diag_release(&d);
	}
	ck_assert_int_ge(split, 1);
}
END_TEST

/* preset: indicators writes the header: 指标, 本月（unit）, 同比增长（%）,
 * 1—N月（unit）, 同比增长（%） — with a 单位 column when the rows have six
 * cells — and the numbers are right-aligned. */
START_TEST(test_indicators_preset)
{
	t_write("ind.yaml", "body:\n  - table:\n      preset: indicators\n      unit: 亿元\n      month: 2\n      rows:\n"
			    "        - [地区生产总值, \"131.2\", \"6.8\", \"262.4\", \"6.5\"]\n"
			    "        - [固定资产投资, \"60.2\", \"-12.4\", \"118.7\", \"11.8\"]\n");
	struct render r;
	struct diag d;
	t_render(&r, &d, t_tmp("ind.yaml"), "briefing");
	static const char *const head[] = { "指标", "本月（亿元）", "同比增长（%）", "1—2月（亿元）" };
	for (size_t i = 0; i < ARRAY_LEN(head); i++) {
		const struct frame_item *it[4];
		/* A head may wrap: its first line starts with the head's start. */
		char first[16];
		snprintf(first, sizeof(first), "%.6s", head[i]);
		ck_assert_msg(runs_starting(&r, 0, first, it, 4) >= 1, "no header cell %s", head[i]);
	}
	const struct frame_item *gdp[2];
	ck_assert_int_eq(runs_starting(&r, 0, "地区", gdp, 2), 1);
	render_release(&r);
	diag_release(&d);
}
END_TEST

struct table_err {
	const char *yaml;
	const char *message;
};

static const struct table_err errs[] = {
	{ "body:\n  - table: {preset: indicators, rows: [[a, \"1\", \"2\"]]}\n",
	  "t.yaml:2:5: error: a table with 'preset: indicators' has 5 columns (指标, 本月, 同比增长, 1—本月, 同比增长) or 6 (指标, 单位, …); this one has 3" },
	{ "body:\n  - table: {preset: monthly, rows: [[a]]}\n",
	  "t.yaml:2:21: error: 'preset' must be indicators, found 'monthly'" },
	{ "body:\n  - table: {preset: indicators, month: 13, rows: [[a, \"1\", \"2\", \"3\", \"4\"]]}\n",
	  "t.yaml:2:40: error: 'month' must be a whole number from 1 to 12" },
	{ "body:\n  - table: {unit: 亿元, rows: [[a], [b]]}\n",
	  "t.yaml:2:19: error: 'unit' and 'month' go with 'preset: indicators'" },
	{ "body:\n  - table: {span: across, rows: [[a], [b]]}\n",
	  "t.yaml:2:19: error: 'span' must be column or page, found 'across'" },
	/* Too wide for a column of the briefing: the message says what helps. */
	{ "body:\n  - table:\n      rows:\n        - [甲, 乙, 丙, 丁, 戊, 己, 庚, 辛, 壬]\n"
	  "        - [\"1234567\", \"1234567\", \"1234567\", \"1234567\", \"1234567\", \"1234567\", \"1234567\", "
	  "\"1234567\", \"1234567\"]\n",
	  "t.yaml:2:5: error: this table's 9 columns need at least 392 pt; the column is 234 pt wide (span: page sets it "
	  "across all the columns)\n" },
};

START_TEST(test_table_errors)
{
	t_write("t.yaml", errs[_i].yaml);
	char *err;
	ck_assert_int_eq(t_run("render build/tmp/t.yaml -l briefing -o build/tmp/t.pdf", &err), 1);
	ck_assert_msg(strstr(err, errs[_i].message), "stderr lacks '%s':\n%s", errs[_i].message, err);
	free(err);
}
END_TEST

/* A chart across a two-column briefing (`span: page`) that does not fit
 * under the columns above it goes to the top of the next page, and the
 * text after it fills the rest of this page: both columns of page 1 reach
 * the foot (within two lines), instead of a quarter page left empty. */
START_TEST(test_span_chart_floats_to_next_page)
{
	/* _i == 1: the same in one column (a chart without span). */
	bool one = _i == 1;
	struct buf b;
	buf_init(&b);
	buf_addstr(&b, "body:\n  - text: |\n      ");
	for (int i = 0; i < (one ? 40 : 44); i++)
		buf_addstr(&b, "全区上下以干出实效为导向，经济运行稳中向好，民生保障持续加力。");
	buf_addstr(&b, "\n  - chart:\n      type: column\n      title: 重点项目完成投资\n      span: page\n      unit: 亿元\n"
		       "      categories: [2021年, 2022年, 2023年, 2024年]\n      series:\n        - {name: 投资, values: [86.5, 102.3, 118.7, 131.2]}\n"
		       "  - text: |\n      ");
	for (int i = 0; i < 40; i++)
		buf_addstr(&b, "招商引资成效明显，签约亿元以上项目四十二个，一批项目建成投产。");
	buf_addstr(&b, "\n");
	struct render r;
	struct diag d;
	if (one) {
		char *sp = strstr(b.data, "      span: page\n");
		memmove(sp, sp + strlen("      span: page\n"), strlen(sp + strlen("      span: page\n")) + 1);
	}
	t_render(&r, &d, t_write("float.yaml", b.data),
		 one ? t_write("one-col.yaml", "base: briefing\ncolumns: 1\n") : "briefing");
	buf_release(&b);
	ck_assert_int_ge(r.frames.npages, 2);
	const struct frame_item *title[2];
	int pg = -1;
	for (int p = 0; p < r.frames.npages && pg < 0; p++)
		if (runs_starting(&r, p, "重点项目完成投资", title, 2) == 1)
			pg = p;
	ck_assert_int_eq(pg, 1);
	/* The chart heads page 2. */
	ck_assert(title[0]->y < r.layout.margin[0] + 30);
	double pitch = r.layout.roles[ROLE_BODY].size * r.layout.roles[ROLE_BODY].leading;
	double foot = r.layout.page_h - r.layout.margin[2];
	double deepest[2] = { 0, 0 };
	int after = 0;
	for (int i = 0; i < r.flow.nlines; i++) {
		const struct line_mark *m = &r.flow.lines[i];
		if (m->page == 0)
			deepest[m->column] = fmax(deepest[m->column], m->y);
		after += m->page == 0 && m->para == 1; /* the text after the chart */
	}
	ck_assert(deepest[0] > foot - 2 * pitch && (one || deepest[1] > foot - 2 * pitch));
	ck_assert_int_gt(after, 0);
	render_release(&r);
	diag_release(&d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("table");
	TCase *tc = tcase_create("tables");
	tcase_add_test(tc, test_seven_columns_across);
	tcase_add_test(tc, test_seven_columns_in_column);
	tcase_add_loop_test(tc, test_continued_table, 0, 2);
	tcase_add_test(tc, test_table_no_lone_row);
	tcase_add_test(tc, test_indicators_preset);
	tcase_add_loop_test(tc, test_table_errors, 0, (int)ARRAY_LEN(errs));
	tcase_add_loop_test(tc, test_span_chart_floats_to_next_page, 0, 2);
	suite_add_tcase(s, tc);
	return t_run_suite(s) ? 1 : 0;
}
