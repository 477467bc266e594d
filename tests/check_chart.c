/* check_chart.c — charts: the tick search against ranges with known nice
 * answers, 万/亿 number formatting, CSV reading, every data error with its
 * file:line:col and exit code, and label layout checked on frame geometry
 * (no label overlaps another label or a bar) at several widths. */
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "base/numfmt.h"
#include "base/util.h"
#include "boxes/chart.h"
#include "boxes/image.h"
#include "boxes/table.h"
#include "boxes/ticks.h"
#include "export/export.h"
#include "parse/csv.h"
#include "parse/image_file.h"
#include "testutil.h"

/* ---- ticks ---- */

struct tick_case {
	double dmin, dmax;
	int m;
	double lo, hi, step;
};

/* Plain extended search (not forced to cover). The first row is the
 * example of Talbot, Lin and Hanrahan's paper (Heckbert's method gives
 * 5 10 15 there); the others agree with R's labeling::extended. */
static const struct tick_case extended_cases[] = {
	{ 8.1, 14.1, 4, 8, 14, 2 },
	{ 0, 100, 5, 0, 100, 25 },
	{ 0, 1, 5, 0, 1, 0.25 },
	{ 0, 42, 6, 0, 40, 10 },
	{ 12.9, 51, 5, 10, 50, 10 },
	{ -3.2, 7.5, 5, -2.5, 7.5, 2.5 },
	{ 0, 131.2, 5, 0, 125, 25 },
	{ 0, 123456789, 5, 0, 1.2e8, 3e7 },
};

static void check_ticks(const struct tick_case *c, struct ticks t)
{
	ck_assert_msg(fabs(t.lo - c->lo) < 1e-9 && fabs(t.hi - c->hi) < 1e-9 * fmax(1, c->hi) &&
			      fabs(t.step - c->step) < 1e-9 * c->step,
		      "[%g, %g] m=%d: got %g..%g step %g, want %g..%g step %g", c->dmin, c->dmax, c->m,
		      t.lo, t.hi, t.step, c->lo, c->hi, c->step);
	ck_assert_int_eq(t.n, (int)round((c->hi - c->lo) / c->step) + 1);
}

START_TEST(test_ticks_extended)
{
	check_ticks(&extended_cases[_i], ticks_extended(extended_cases[_i].dmin, extended_cases[_i].dmax,
							extended_cases[_i].m, false));
}
END_TEST

/* Axes cover the data: the extended choice widened by whole steps. */
static const struct tick_case axis_cases[] = {
	{ 0, 131.2, 5, 0, 150, 25 },
	{ 0, 291.6, 5, 0, 300, 100 },
	{ 12.9, 51, 5, 10, 60, 10 },
	{ -3.2, 7.5, 5, -5, 7.5, 2.5 },
	{ 0, 8.1, 5, 0, 10, 2 },
	{ 5, 5, 5, 4.5, 5.5, 0.25 },
	{ 0, 52300, 3, 0, 60000, 20000 }, /* not 0..75000 step 25000 */
};

START_TEST(test_ticks_axis)
{
	const struct tick_case *c = &axis_cases[_i];
	struct ticks t = ticks_axis(c->dmin, c->dmax, c->m);
	check_ticks(c, t);
	ck_assert(t.lo <= c->dmin && t.hi >= c->dmax);
}
END_TEST

/* A combo's right axis shares the left axis's gridlines. */
START_TEST(test_ticks_matching)
{
	struct ticks left = { 0, 300, 100, 4 };
	struct ticks t = ticks_matching(0, 8.1, &left);
	ck_assert(t.n == 4 && t.lo == 0 && fabs(t.step - 3) < 1e-12);
	struct ticks mixed = { -5, 7.5, 2.5, 6 };
	t = ticks_matching(-1, 20, &mixed);
	ck_assert(t.n == 6 && fabs(t.lo + 20) < 1e-9 && fabs(t.step - 10) < 1e-12);
	/* No zero to share: plain ticks. */
	struct ticks high = { 10, 60, 10, 6 };
	t = ticks_matching(0, 8.1, &high);
	ck_assert(t.lo <= 0 && t.lo + (t.n - 1) * t.step >= 8.1);
}
END_TEST

/* ---- number formatting ---- */

struct fmt_case {
	double v;
	bool percent;
	const char *want;
};

static const struct fmt_case value_cases[] = {
	{ 0, false, "0" },
	{ 9999, false, "9,999" },
	{ 1234.5, false, "1,234.5" },
	{ 10000, false, "1万" },
	{ 12000, false, "1.2万" },
	{ 123456, false, "12.35万" },
	{ 99999999, false, "1亿" },
	{ 340000000, false, "3.4亿" },
	{ 9.999e11, false, "9,999亿" },
	{ 1.2345e12, false, "1.23万亿" },
	{ 3e16, false, "30,000万亿" },
	{ -25000, false, "-2.5万" },
	{ 131.2, false, "131.2" },
	{ 0.05, false, "0.05" },
	{ 76, true, "76%" },
	{ 12.9, true, "12.9%" },
};

START_TEST(test_format_value)
{
	const struct fmt_case *c = &value_cases[_i];
	char buf[64];
	ck_assert_str_eq(numfmt_value(c->v, c->percent, buf, sizeof(buf)), c->want);
}
END_TEST

/* An axis picks one unit from its range; all its ticks use it. */
START_TEST(test_format_axis)
{
	char buf[64];
	struct numfmt f = numfmt_for(250000, 50000, false);
	ck_assert_str_eq(numfmt_format(&f, 0, buf, sizeof(buf)), "0");
	ck_assert_str_eq(numfmt_format(&f, 50000, buf, sizeof(buf)), "5万");
	ck_assert_str_eq(numfmt_format(&f, 250000, buf, sizeof(buf)), "25万");
	f = numfmt_for(8000, 2000, false);
	ck_assert_str_eq(numfmt_format(&f, 8000, buf, sizeof(buf)), "8,000");
	f = numfmt_for(3e8, 5e7, false);
	ck_assert_str_eq(numfmt_format(&f, 1.5e8, buf, sizeof(buf)), "1.5亿");
	f = numfmt_for(10, 2.5, true);
	ck_assert_str_eq(numfmt_format(&f, 7.5, buf, sizeof(buf)), "7.5%");
	ck_assert_str_eq(numfmt_format(&f, 0, buf, sizeof(buf)), "0%");
	f = numfmt_for(1, 0.25, false);
	ck_assert_str_eq(numfmt_format(&f, 0.5, buf, sizeof(buf)), "0.50");
}
END_TEST

START_TEST(test_parse_number)
{
	double v;
	ck_assert_int_eq(number_parse("1,234.5", 7, &v), 0);
	ck_assert(v == 1234.5);
	ck_assert_int_eq(number_parse(" -12 ", 5, &v), 0);
	ck_assert(v == -12);
	ck_assert_int_eq(number_parse("1e3", 3, &v), 0);
	ck_assert(v == 1000);
	ck_assert_int_eq(number_parse("12,34", 5, &v), -1);
	ck_assert_int_eq(number_parse("十二", strlen("十二"), &v), -1);
	ck_assert_int_eq(number_parse("0x10", 4, &v), -1);
	ck_assert_int_eq(number_parse("NaN", 3, &v), -2);
	ck_assert_int_eq(number_parse("-inf", 4, &v), -2);
	ck_assert_int_eq(number_parse(".nan", 4, &v), -2);
	ck_assert_int_eq(number_parse("1e999", 5, &v), -2);
	ck_assert_int_eq(number_parse("", 0, &v), -1);
}
END_TEST

/* ---- CSV ---- */

START_TEST(test_csv_quoted)
{
	const char *path = t_write("q.csv", "\xEF\xBB\xBF名称,值\r\n\"濮上实验学校，初中部\",\"1,234\"\r\n\"说\"\"好\"\"的\",5\n\n");
	struct arena a;
	struct diag d;
	struct csv csv;
	arena_init(&a);
	diag_init(&d);
	ck_assert_int_eq(csv_load(&csv, path, &a, &d), 0);
	ck_assert_int_eq(csv.nrows, 3);
	ck_assert_str_eq(csv.rows[0].cells[0].s, "名称");
	ck_assert_str_eq(csv.rows[1].cells[0].s, "濮上实验学校，初中部");
	ck_assert_str_eq(csv.rows[1].cells[1].s, "1,234");
	ck_assert_str_eq(csv.rows[2].cells[0].s, "说\"好\"的");
	int line, col;
	span_line_col(&csv.rows[2].cells[1].span, &line, &col);
	ck_assert_int_eq(line, 3);
	ck_assert_int_eq(col, 11);
	diag_release(&d);
	arena_release(&a);
}
END_TEST

/* ---- errors, through the command line ---- */

struct chart_err {
	const char *report;   /* written to build/tmp/err.yaml */
	const char *csv;      /* written to build/tmp/err.csv when not NULL */
	const char *where;    /* "err.yaml:3:5" or "err.csv:2:4" */
	const char *message;
};

#define HEAD "body:\n  - chart:\n"
static const struct chart_err err_cases[] = {
	{ HEAD "      type: column\n      series:\n        - {values: [1, 二, 3]}\n", NULL,
	  "err.yaml:5:24", "a value must be a number, found '二'" },
	{ HEAD "      type: column\n      data: err.csv\n", "年份,投资\n2023,1\n2024,2,3\n",
	  "err.csv:3:8", "this row has 3 fields; the header row has 2" },
	{ HEAD "      type: column\n      data: err.csv\n", "年份,投资\n2023,12\n2024,十二\n",
	  "err.csv:3:6", "a value must be a number, found '十二'" },
	{ HEAD "      type: line\n      data: err.csv\n", "年份,投资\n2023,12\n2024,NaN\n",
	  "err.csv:3:6", "a value must be a finite number, found 'NaN'" },
	{ HEAD "      type: line\n      series:\n        - {values: [1, .inf]}\n", NULL, "err.yaml:5:24",
	  "a value must be a finite number, found '.inf'" },
	{ HEAD "      type: column\n      series:\n        - {name: 空, values: []}\n", NULL,
	  "err.yaml:5:29", "a series has no values" },
	{ HEAD "      type: column\n      data: err.csv\n", "年份,投资\n", "err.csv:1:1",
	  "the CSV file has a header but no rows of values (an empty series)" },
	{ HEAD "      type: column\n      series: []\n", NULL, "err.yaml:4:15",
	  "a chart needs at least one series" },
	{ HEAD "      type: pie\n      categories: [甲, 乙]\n      series:\n        - {values: [3, -1]}\n",
	  NULL, "err.yaml:6:24", "a pie chart cannot show a negative value (-1)" },
	{ HEAD "      type: column\n      categories: [甲, 乙]\n      series:\n        - {values: [1, 2, 3]}\n",
	  NULL, "err.yaml:6:21", "this series has 3 values; there are 2 categories" },
	{ HEAD "      type: radar\n      series:\n        - {values: [1]}\n", NULL, "err.yaml:3:13",
	  "unknown chart type 'radar'" },
	{ HEAD "      type: column\n      data: missing.csv\n", NULL, "err.yaml:4:13",
	  "build/tmp/missing.csv: cannot read: No such file or directory" },
	{ HEAD "      type: column\n      data: err.csv\n", "年份,投资\n\"2023,1\n", "err.csv:2:1",
	  "a quoted field is never closed" },
	{ "body:\n  - table:\n      rows:\n        - [项目, 投资]\n        - [甲, 1, 2]\n", NULL,
	  "err.yaml:5:12", "this row has 3 cells; the header row has 2" },
	{ "body:\n  - table:\n      data: err.csv\n", "项目,投资\n甲,1\n乙\n", "err.csv:3:1",
	  "this row has 1 field; the header row has 2" },
	{ "body:\n  - table:\n      rows: [[项目, 投资]]\n", NULL, "err.yaml:2:5",
	  "a table needs a header row and at least one row" },
	{ HEAD "      type: progress\n      series:\n        - {values: [120]}\n", NULL, "err.yaml:5:21",
	  "a progress value must not exceed 'max' (100); found 120" },
};

START_TEST(test_chart_errors)
{
	const struct chart_err *c = &err_cases[_i];
	t_write("err.yaml", c->report);
	if (c->csv)
		t_write("err.csv", c->csv);
	else
		remove(t_tmp("err.csv"));
	remove(t_tmp("err.pdf"));
	char *err;
	int code = t_run("render build/tmp/err.yaml -l briefing -o build/tmp/err.pdf", &err);
	ck_assert_msg(code == 1, "exit %d, want 1; stderr: %s", code, err);
	char *want = xasprintf("%s: error: %s", c->where, c->message);
	ck_assert_msg(strstr(err, want), "stderr lacks '%s':\n%s", want, err);
	ck_assert(!t_exists(t_tmp("err.pdf")));
	free(want);
	free(err);
}
END_TEST

/* More categories than the column can hold is an error at the chart. */
START_TEST(test_too_many_categories)
{
	struct buf b;
	buf_init(&b);
	buf_addstr(&b, "body:\n  - chart:\n      type: column\n      series:\n        - values: [");
	for (int i = 0; i < 60; i++)
		buf_addf(&b, "%s%d", i ? ", " : "", i + 1);
	buf_addstr(&b, "]\n        - values: [");
	for (int i = 0; i < 60; i++)
		buf_addf(&b, "%s%d", i ? ", " : "", i + 2);
	buf_addstr(&b, "]\n");
	t_write("many.yaml", b.data);
	buf_release(&b);
	char *err;
	int code = t_run("render build/tmp/many.yaml -l briefing -o build/tmp/many.pdf", &err);
	ck_assert_int_eq(code, 1);
	ck_assert_msg(strstr(err, "many.yaml:2:5: error: this column chart has 60 categories; at most "),
		      "%s", err);
	free(err);
}
END_TEST

/* ---- tables ---- */

/* A table longer than a column continues in the next one with its header
 * repeated; number columns line up on the decimal point. */
START_TEST(test_table_split)
{
	struct buf b;
	buf_init(&b);
	buf_addstr(&b, "body:\n  - table:\n      rows:\n        - [区域, 产值（万元）]\n");
	for (int i = 0; i < 120; i++)
		buf_addf(&b, "        - [第%d片区, \"%d.%d\"]\n", i + 1, (i + 1) * 1373, i % 10);
	t_write("long-table.yaml", b.data);
	buf_release(&b);
	struct render r;
	struct diag d;
	t_render(&r, &d, t_tmp("long-table.yaml"), "briefing");
	int headers = 0, cols = 0;
	double dot = -1;
	for (int p = 0; p < r.frames.npages; p++) {
		const struct page *pg = &r.frames.pages[p];
		for (int i = 0; i < t_flat(pg)->nitems; i++) {
			const struct frame_item *it = &t_flat(pg)->items[i];
			if (it->kind != ITEM_GLYPHS)
				continue;
			const struct glyph_run *run = it->u.run;
			if (run->text_len == 6 && !memcmp(run->text, "区域", 6))
				headers++;
			/* The fraction part ".N" starts at the decimal point. */
			if (run->text_len == 2 && run->text[0] == '.') {
				double x = it->x + run->glyphs[0].x;
				double colx = x > r.layout.page_w / 2 ? x - (r.layout.page_w - r.layout.margin[1] - r.layout.margin[3] + r.layout.gutter) / 2 : x;
				if (dot < 0)
					dot = colx, cols++;
				ck_assert_msg(fabs(colx - dot) < 0.01, "decimal point at %.2f, want %.2f", colx, dot);
			}
		}
	}
	ck_assert_int_ge(headers, 3);
	ck_assert_int_eq(cols, 1);
	render_release(&r);
	diag_release(&d);
}
END_TEST

START_TEST(test_table_grouping)
{
	struct table t = { 0 };
	struct text cells[6] = { text_plain("年份"), text_plain("金额"), text_plain("2023"),
				 text_plain("1234567"), text_plain("2024"), text_plain("12.5") };
	t.cells = cells;
	t.nrows = 3;
	t.ncols = 2;
	bool plain;
	ck_assert(table_numeric_column(&t, 0, &plain));
	ck_assert(plain); /* years */
	ck_assert(table_numeric_column(&t, 1, &plain));
	ck_assert(!plain);
	struct text seq[6] = { text_plain("序号"), text_plain("名称"), text_plain("999"),
			       text_plain("甲"), text_plain("1000"), text_plain("乙") };
	t.cells = seq;
	ck_assert(table_numeric_column(&t, 0, &plain));
	ck_assert(plain); /* a running count */
	ck_assert(!table_numeric_column(&t, 1, &plain));
	char out[64];
	group_thousands("1234567.25", out, sizeof(out));
	ck_assert_str_eq(out, "1,234,567.25");
	group_thousands("-999", out, sizeof(out));
	ck_assert_str_eq(out, "-999");
}
END_TEST

/* ---- images ---- */

static void put_chunk(FILE *f, const char *kind, const unsigned char *data, uint32_t n)
{
	unsigned char head[8] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16), (unsigned char)(n >> 8),
				  (unsigned char)n, (unsigned char)kind[0], (unsigned char)kind[1],
				  (unsigned char)kind[2], (unsigned char)kind[3] };
	uint32_t crc = (uint32_t)crc32(crc32(0, head + 4, 4), data, n);
	unsigned char tail[4] = { (unsigned char)(crc >> 24), (unsigned char)(crc >> 16),
				  (unsigned char)(crc >> 8), (unsigned char)crc };
	fwrite(head, 1, 8, f);
	fwrite(data, 1, n, f);
	fwrite(tail, 1, 4, f);
}

/* A PNG of w×h with valid chunks (CRCs included) whose pixel data is a few
 * bytes of nonsense. */
static void write_png_header(const char *name, uint32_t w, uint32_t h)
{
	unsigned char ihdr[13] = { (unsigned char)(w >> 24), (unsigned char)(w >> 16), (unsigned char)(w >> 8),
				   (unsigned char)w, (unsigned char)(h >> 24), (unsigned char)(h >> 16),
				   (unsigned char)(h >> 8), (unsigned char)h, 8, 6, 0, 0, 0 };
	static const unsigned char junk[8] = { 0x78, 0x9c, 1, 2, 3, 4, 5, 6 };
	FILE *f = fopen(t_tmp(name), "wb");
	ck_assert_ptr_nonnull(f);
	fwrite("\x89PNG\r\n\x1A\n", 1, 8, f);
	put_chunk(f, "IHDR", ihdr, 13);
	put_chunk(f, "IDAT", junk, 8);
	put_chunk(f, "IEND", junk, 0);
	fclose(f);
}

struct image_err {
	const char *file;
	const char *message;
};

static const struct image_err image_errs[] = {
	{ "text.png", "build/tmp/text.png: not a PNG, JPEG or SVG file" },
	{ "photo.png", "build/tmp/photo.png: a damaged JPEG: " },
	{ "huge.png", "build/tmp/huge.png: a 50000×50000 px image is too large" },
	{ "cut.png", "build/tmp/cut.png: a damaged PNG" },
	{ "nothere.png", "build/tmp/nothere.png: cannot read: No such file or directory" },
};

START_TEST(test_image_errors)
{
	t_write("text.png", "这不是图片\n");
	t_write("photo.png", "\xFF\xD8\xFF\xE0 JFIF");
	write_png_header("huge.png", 50000, 50000);
	write_png_header("cut.png", 64, 64);
	const struct image_err *c = &image_errs[_i];
	char *yaml = xasprintf("body:\n  - image: {file: %s, caption: 图}\n", c->file);
	t_write("img.yaml", yaml);
	free(yaml);
	char *err;
	int code = t_run("render build/tmp/img.yaml -l briefing -o build/tmp/img.pdf", &err);
	ck_assert_int_eq(code, 1);
	char *want = xasprintf("img.yaml:2:19: error: %s", c->message);
	ck_assert_msg(strstr(err, want), "stderr lacks '%s':\n%s", want, err);
	free(want);
	free(err);
}
END_TEST

/* Damaged copies of a real PNG (bytes flipped, cut short) never crash the
 * reader: each loads or gives an error. */
START_TEST(test_image_damaged)
{
	size_t len;
	char *png = t_read(t_path("samples/data/park.png"), &len);
	ck_assert_ptr_nonnull(png);
	unsigned seed = 12345;
	int loaded = 0;
	for (int round = 0; round < 200; round++) {
		char *copy = xmalloc(len);
		memcpy(copy, png, len);
		size_t n = len;
		for (int k = 0; k < 1 + round % 8; k++) {
			seed = seed * 1103515245u + 12345u;
			copy[(seed >> 8) % len] ^= (char)(1 + (seed >> 3) % 255);
		}
		if (round % 5 == 0)
			n = (seed >> 4) % len;
		FILE *f = fopen(t_tmp("damaged.png"), "wb");
		fwrite(copy, 1, n, f);
		fclose(f);
		free(copy);
		struct arena a;
		struct diag d;
		struct pixmap pix;
		arena_init(&a);
		diag_init(&d);
		int r = image_load_png(t_tmp("damaged.png"), span_none(), &a, &d, &pix);
		ck_assert(r == 0 || d.errors == 1);
		loaded += r == 0;
		diag_release(&d);
		arena_release(&a);
	}
	free(png);
	ck_assert_int_lt(loaded, 200);
}
END_TEST

/* ---- key-figure changes ---- */

/* A change prints its basis and an arrow in the theme's up or down colour. */
START_TEST(test_kpi_change)
{
	t_write("kpi-change.yaml", "body:\n  - kpis:\n"
				   "      - {value: \"131.2\", unit: 亿元, label: 投资, change: \"+8.4%\", basis: 同比}\n"
				   "      - {value: \"18\", unit: 个, label: 项目, change: \"-2\", basis: 环比}\n"
				   "      - {value: \"76\", unit: \"%\", label: 占比, change: 持平}\n");
	struct render r;
	struct diag d;
	t_render(&r, &d, t_tmp("kpi-change.yaml"), "briefing");
	static const char *const want[] = { "同比 ▲8.4%", "环比 ▼2", "持平" };
	const struct color *colors[] = { &r.layout.chart.up, &r.layout.chart.down, &r.layout.muted };
	for (size_t k = 0; k < ARRAY_LEN(want); k++) {
		bool found = false;
		const struct page *pg = &r.frames.pages[0];
		for (int i = 0; i < t_flat(pg)->nitems && !found; i++) {
			const struct frame_item *it = &t_flat(pg)->items[i];
			if (it->kind != ITEM_GLYPHS)
				continue;
			const struct glyph_run *run = it->u.run;
			/* The runs of one line split at font changes: match the start. */
			if ((size_t)run->text_len <= strlen(want[k]) && run->text_len > 0 &&
			    !memcmp(run->text, want[k], (size_t)run->text_len) && run->text == strstr(run->text, want[k])) {
				found = true;
				ck_assert(run->color.r == colors[k]->r && run->color.g == colors[k]->g);
			}
		}
		ck_assert_msg(found, "no run shows '%s'", want[k]);
	}
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* ---- spanning ---- */

/* `span: page` sets a chart across both columns, at the body's start and
 * further down: the columns above it end level, new ones start under it,
 * and the text keeps its order (everything before the chart is above it). */
START_TEST(test_span_page)
{
	const char *chart = "  - chart:\n      type: column\n      span: page\n      series:\n"
			    "        - values: [1, 2, 3]\n";
	const char *para = "  - text: 项目建设是稳增长的压舱石，也是经济发展最直接、最有力的支撑。过去一年，经开区把制造业倍增行动作为工作主抓手，推动31个省市重点项目提速建设，全年完成投资131.2亿元，超出年度计划目标。\n";
	struct buf b;
	buf_init(&b);
	buf_addf(&b, "body:\n  - lead: 导语。\n%s", chart);
	for (int i = 0; i < 3; i++)
		buf_addstr(&b, para);
	buf_addstr(&b, chart);
	buf_addstr(&b, "  - text: 图后正文。\n");
	t_copy("samples/data/park.png", "park.png");
	buf_addstr(&b, "  - image: {file: park.png, span: page, width: 80%}\n");
	t_write("span.yaml", b.data);
	buf_release(&b);
	struct render r;
	struct diag d;
	/* Pull-together would shrink the figures to save the second page. */
	t_render(&r, &d, t_tmp("span.yaml"), t_write("span-layout.yaml", "base: briefing\npull-together: false\n"));
	ck_assert_int_eq(d.warnings, 0);
	double text_w = r.layout.page_w - r.layout.margin[1] - r.layout.margin[3];
	double colw = (text_w - r.layout.gutter) / 2;
	/* The zero lines of both charts run across both columns. */
	double zero_y[2];
	int zeros = 0;
	ck_assert_int_ge(r.frames.npages, 1);
	const struct page *pg = &r.frames.pages[0];
	for (int i = 0; i < t_flat(pg)->nitems; i++) {
		const struct frame_item *it = &t_flat(pg)->items[i];
		if (it->kind != ITEM_PATH || it->u.path->nsegs != 2 || it->u.path->width != 0.8)
			continue;
		double w = fabs(it->u.path->segs[1].x - it->u.path->segs[0].x);
		ck_assert_msg(w > colw + r.layout.gutter && w <= text_w, "axis %.1f wide", w);
		ck_assert_int_lt(zeros, 2);
		zero_y[zeros++] = it->y + it->u.path->segs[0].y;
	}
	ck_assert_int_eq(zeros, 2);
	/* The image too is 80% of the text width, not of a column. */
	int images = 0;
	for (int p = 0; p < r.frames.npages; p++)
		for (int i = 0; i < t_flat(&r.frames.pages[p])->nitems; i++) {
			const struct frame_item *it = &t_flat(&r.frames.pages[p])->items[i];
			if (it->kind == ITEM_IMAGE) {
				images++;
				ck_assert_msg(fabs(it->u.image.w - 0.8 * text_w) < 0.01, "image %.1f wide", it->u.image.w);
			}
		}
	ck_assert_int_eq(images, 1);
	/* Body lines: between the charts in two columns that end level, and
	 * the last paragraph under the second chart. */
	double bottom[2] = { 0, 0 };
	int cols[2] = { 0, 0 };
	for (int i = 0; i < r.flow.nlines; i++) {
		const struct line_mark *m = &r.flow.lines[i];
		if (m->y < zero_y[1]) {
			ck_assert(m->y > zero_y[0]);
			cols[m->column]++;
			bottom[m->column] = fmax(bottom[m->column], m->y);
		} else {
			ck_assert_int_eq(m->para, r.flow.lines[r.flow.nlines - 1].para);
		}
	}
	ck_assert_int_gt(cols[0], 2);
	ck_assert_int_gt(cols[1], 2);
	ck_assert_msg(fabs(bottom[0] - bottom[1]) <= role_pitch(&r.layout.roles[ROLE_BODY]) + 0.01,
		      "columns end at %.1f and %.1f", bottom[0], bottom[1]);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* ---- the layout's chart theme ---- */

START_TEST(test_theme_palette)
{
	t_write("theme.yaml", "name: theme\ncolors: {accent: \"#aa0000\"}\n"
			      "chart:\n  palette: [\"#112233\", accent]\n  gridlines: false\n"
			      "  label: {size: 8pt}\n");
	t_write("two.yaml", "body:\n  - chart:\n      type: column\n      series:\n"
			    "        - {name: 甲, values: [1, 2]}\n        - {name: 乙, values: [3, 4]}\n");
	struct render r;
	struct diag d;
	t_render(&r, &d, t_tmp("two.yaml"), t_tmp("theme.yaml"));
	int first = 0, second = 0, grid = 0;
	const struct page *pg = &r.frames.pages[0];
	for (int i = 0; i < t_flat(pg)->nitems; i++) {
		const struct frame_item *it = &t_flat(pg)->items[i];
		if (it->kind == ITEM_RECT && it->u.rect.fill.r == 0x11 / 255.0 && it->u.rect.fill.b == 0x33 / 255.0)
			first++;
		if (it->kind == ITEM_RECT && it->u.rect.fill.r == 0xaa / 255.0 && it->u.rect.fill.g == 0)
			second++;
		if (it->kind == ITEM_PATH && it->u.path->stroke &&
		    it->u.path->stroke_color.r == r.layout.chart.grid.r && it->u.path->width == 0.5)
			grid++;
		if (it->kind == ITEM_GLYPHS)
			ck_assert(it->u.run->size == 8 || it->u.run->size > 8.5);
	}
	/* Two bars and a legend swatch each. */
	ck_assert_int_eq(first, 3);
	ck_assert_int_eq(second, 3);
	ck_assert_int_eq(grid, 0);
	render_release(&r);
	diag_release(&d);
}
END_TEST

struct theme_err {
	const char *chart;
	const char *message;
};

static const struct theme_err theme_errs[] = {
	{ "{palette: []}", "'palette' must list from 1 to 8 colours" },
	{ "{colour: \"#000000\"}", "unknown key 'colour' in 'chart' (expected one of: palette, label, title, grid, gridlines, axis, up, down)" },
	{ "{grid: grey}", "'grid' must be a colour written #rrggbb or one of accent, text, muted, panel" },
	{ "{label: {size: 0}}", "size" },
	{ "{gridlines: 是}", "'gridlines' must be true or false" },
};

START_TEST(test_theme_errors)
{
	char *text = xasprintf("name: bad\nchart: %s\n", theme_errs[_i].chart);
	t_write("bad-theme.yaml", text);
	free(text);
	t_write("ok.yaml", "body:\n  - text: 正文\n");
	char *err;
	int code = t_run("render build/tmp/ok.yaml -l build/tmp/bad-theme.yaml -o build/tmp/x.pdf", &err);
	ck_assert_int_eq(code, 1);
	ck_assert_msg(strstr(err, "bad-theme.yaml:2:") && strstr(err, theme_errs[_i].message),
		      "stderr lacks 'bad-theme.yaml:2:…%s':\n%s", theme_errs[_i].message, err);
	free(err);
}
END_TEST

/* ---- PNG ---- */

/* Gridlines land on whole pixels: at 150 dpi a 0.5 pt gridline darkens one
 * row of pixels and leaves the rows next to it white. */
START_TEST(test_png_crisp_gridlines)
{
	t_write("grid.yaml", "body:\n  - chart:\n      type: column\n      series:\n"
			     "        - values: [3, 7, 5]\n");
	struct render r;
	struct diag d;
	t_render(&r, &d, t_tmp("grid.yaml"), "briefing");
	ck_assert_int_eq(r.frames.npages, 1);
	double dpi = 150, gy = -1, gx = 0;
	const struct page *pg = &r.frames.pages[0];
	for (int i = 0; i < t_flat(pg)->nitems && gy < 0; i++) {
		const struct frame_item *it = &t_flat(pg)->items[i];
		if (it->kind == ITEM_PATH && it->u.path->crisp && it->u.path->width == 0.5) {
			gy = it->y + it->u.path->segs[0].y;
			gx = it->x + it->u.path->segs[0].x + 2; /* left of the first bar */
		}
	}
	ck_assert(gy > 0);
	const char *png = t_tmp("grid.png");
	ck_assert_int_eq(export_png(&r.frames, png, &(struct export_opts){ .dpi = dpi }, &d), 0);
	render_release(&r);
	diag_release(&d);
	cairo_surface_t *img = cairo_image_surface_create_from_png(png);
	ck_assert_int_eq(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
	int stride = cairo_image_surface_get_stride(img);
	const unsigned char *px = cairo_image_surface_get_data(img);
	int row = (int)floor(gy * dpi / 72), col = (int)(gx * dpi / 72);
	/* Green channel of the pixel (col, y). The snapped line is the darkest
	 * row within one pixel of where the frame puts it. */
#define GREEN(y) ((((const uint32_t *)(px + (y) * stride))[col] >> 8) & 255)
	int dark = row;
	for (int y = row - 1; y <= row + 1; y++)
		if (GREEN(y) < GREEN(dark))
			dark = y;
	int g[3] = { (int)GREEN(dark - 1), (int)GREEN(dark), (int)GREEN(dark + 1) };
#undef GREEN
	ck_assert_msg(g[1] < 240 && g[0] > 250 && g[2] > 250, "rows around the gridline: %d %d %d", g[0],
		      g[1], g[2]);
	cairo_surface_destroy(img);
}
END_TEST

/* ---- PDF ---- */

static char *capture(const char *cmd)
{
	int status;
	char *out = t_capture(cmd, &status);
	ck_assert_int_eq(status, 0);
	return out;
}

/* Charts stay vectors in the PDF (no image at all in a chart-only report)
 * and their labels come back out as text. */
START_TEST(test_pdf_vectors_and_text)
{
	char *err;
	ck_assert_int_eq(t_run("render tests/data/charts-small.yaml -l tests/data/charts-layout.yaml -o build/tmp/charts.pdf", &err), 0);
	free(err);
	char *list = capture("pdfimages -list build/tmp/charts.pdf");
	int lines = 0;
	for (const char *c = list; *c; c++)
		lines += *c == '\n';
	ck_assert_msg(lines == 2, "pdfimages lists images:\n%s", list);
	free(list);
	char *text = capture("pdftotext build/tmp/charts.pdf -");
	/* Extractors put a space where ¼ em separates Han and digits. */
	char *w = text;
	for (const char *c = text; *c; c++)
		if (*c != ' ')
			*w++ = *c;
	*w = '\0';
	static const char *const want[] = { "重点项目完成投资", "131.2", "2021年", "单位：亿元", "5.23",
					    "0.84", "76%", "濮上实验学校", "12.9%", "地区生产总值", "9%",
					    "78.4亿元", "合计" };
	for (size_t i = 0; i < ARRAY_LEN(want); i++)
		ck_assert_msg(strstr(text, want[i]), "pdftotext lacks '%s'", want[i]);
	free(text);
}
END_TEST

/* ---- label geometry ---- */

struct box {
	double l, t, r, b;
	const char *what;
};

static int collect(const struct group *g, struct box *out, int max, bool text)
{
	int n = 0;
	for (int i = 0; i < g->nitems && n < max; i++) {
		const struct frame_item *it = &g->items[i];
		if (text && it->kind == ITEM_GLYPHS) {
			const struct glyph_run *r = it->u.run;
			if (!r->nglyphs)
				continue;
			double x0 = it->x + r->glyphs[0].x, x1 = x0 + r->width;
			/* An opening mark at a line start stands its blank half
			 * out of the line (clreq); its ink starts at the edge. */
			if (!strncmp(r->text, "（", strlen("（")) || !strncmp(r->text, "“", strlen("“")))
				x0 += 0.5 * r->size;
			out[n++] = (struct box){ x0, it->y - 0.8 * r->size, x1, it->y + 0.1 * r->size, r->text };
		} else if (!text && it->kind == ITEM_RECT && it->u.rect.w > 0 && it->u.rect.h > 0) {
			out[n++] = (struct box){ it->x, it->y, it->x + it->u.rect.w, it->y + it->u.rect.h, "rect" };
		}
	}
	return n;
}

static bool overlap(const struct box *a, const struct box *b)
{
	const double e = 0.05;
	return a->l < b->r - e && b->l < a->r - e && a->t < b->b - e && b->t < a->b - e;
}

/* Whether a data line (a stroked polyline that is not an axis or gridline)
 * passes through box b: sampled along each segment. */
static bool crosses_data_line(const struct group *g, const struct box *b)
{
	const double e = 0.3;
	for (int i = 0; i < g->nitems; i++) {
		const struct frame_item *it = &g->items[i];
		if (it->kind != ITEM_PATH || !it->u.path->stroke || it->u.path->crisp || it->u.path->fill)
			continue;
		const struct path *pa = it->u.path;
		for (int k = 1; k < pa->nsegs; k++) {
			if (pa->segs[k].kind != SEG_LINE || pa->segs[k - 1].kind == SEG_ARC ||
			    pa->segs[k - 1].kind == SEG_CLOSE)
				continue;
			for (int t = 0; t <= 100; t++) {
				double x = it->x + pa->segs[k - 1].x + (pa->segs[k].x - pa->segs[k - 1].x) * t / 100;
				double y = it->y + pa->segs[k - 1].y + (pa->segs[k].y - pa->segs[k - 1].y) * t / 100;
				if (x > b->l + e && x < b->r - e && y > b->t + e && y < b->b - e)
					return true;
			}
		}
	}
	return false;
}

/* Every chart of the gallery at several widths: no two labels overlap, no
 * label sits on a bar or swatch or is crossed by a data line, and
 * everything stays inside the box. Runs
 * of one line (a label split across fonts) abut and do not count. */
START_TEST(test_no_label_overlap)
{
	static const char *const reports[] = { "samples/charts.yaml", "tests/data/charts-edge.yaml" };
	struct render r;
	struct diag d;
	t_render(&r, &d, t_path(reports[_i]), "briefing");
	struct setter s = { r.text, &r.layout, &r.frames, &d };
	static const double widths[] = { 170, 237, 320, 480 };
	int charts = 0;
	for (int b = 0; b < r.doc.nblocks; b++) {
		if (r.doc.blocks[b].kind != BLOCK_CHART)
			continue;
		charts++;
		for (size_t w = 0; w < ARRAY_LEN(widths); w++) {
			double h;
			struct group *p = chart_box(&s, r.doc.blocks[b].chart, widths[w], &h);
			ck_assert_ptr_nonnull(p);
			static struct box texts[2000], rects[2000];
			int nt = collect(p, texts, 2000, true), nr = collect(p, rects, 2000, false);
			const char *type = chart_type_name(r.doc.blocks[b].chart->type);
			for (int i = 0; i < nt; i++) {
				ck_assert_msg(texts[i].l >= -0.5 && texts[i].r <= widths[w] + 0.5 &&
						      texts[i].t >= -0.5 && texts[i].b <= h + 0.5,
					      "%s at %.0f pt: '%s' leaves the box", type, widths[w], texts[i].what);
				for (int k = i + 1; k < nt; k++) {
					/* Runs of one label sit on one baseline, end to end. */
					if (fabs(texts[i].b - texts[k].b) < 0.01 &&
					    (fabs(texts[i].r - texts[k].l) < 0.05 || fabs(texts[k].r - texts[i].l) < 0.05))
						continue;
					ck_assert_msg(!overlap(&texts[i], &texts[k]),
						      "%s at %.0f pt: '%s' overlaps '%s'", type, widths[w],
						      texts[i].what, texts[k].what);
				}
				for (int k = 0; k < nr; k++)
					ck_assert_msg(!overlap(&texts[i], &rects[k]),
						      "%s at %.0f pt: '%s' overlaps a bar at %.1f,%.1f", type,
						      widths[w], texts[i].what, rects[k].l, rects[k].t);
				ck_assert_msg(!crosses_data_line(p, &texts[i]), "%s at %.0f pt: a line crosses '%s'",
					      type, widths[w], texts[i].what);
			}
		}
	}
	ck_assert_int_ge(charts, 9);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* The value labels of a one-series line chart's box g: numbers at or
 * right of the plot's left edge and over the category labels (the lowest
 * row of runs in a line chart: one line, thinned out). *points gets the
 * line's points. */
static int line_value_labels(const struct group *g, int *points)
{
	const struct path *line = NULL;
	double line_x = 0, cats_y = -1;
	for (int i = 0; i < g->nitems; i++) {
		const struct frame_item *it = &g->items[i];
		if (it->kind == ITEM_PATH && it->u.path->stroke && it->u.path->width == 1.6 && !line) {
			line = it->u.path;
			line_x = it->x;
		}
	}
	ck_assert_ptr_nonnull(line);
	/* The category labels, under the plot (a source note, lower still,
	 * is not a number). */
	for (int i = 0; i < g->nitems; i++) {
		const struct frame_item *it = &g->items[i];
		if (it->kind == ITEM_GLYPHS && it->u.run->nglyphs && it->u.run->size < 10 &&
		    strncmp(it->u.run->text, "数据来源", strlen("数据来源")))
			cats_y = fmax(cats_y, it->y);
	}
	/* Points: the path's distinct x (one point is drawn as a tiny line). */
	double first = INFINITY, slot = INFINITY, prev = NAN;
	*points = 0;
	for (int k = 0; k < line->nsegs; k++) {
		double px = line_x + line->segs[k].x;
		if (!isnan(prev) && fabs(px - prev) < 0.1)
			continue;
		if (!isnan(prev))
			slot = fmin(slot, fabs(px - prev));
		first = fmin(first, px);
		prev = px;
		(*points)++;
	}
	double left = first - (isinf(slot) ? 0 : slot / 2);
	int n = 0;
	for (int i = 0; i < g->nitems; i++) {
		const struct frame_item *it = &g->items[i];
		if (it->kind != ITEM_GLYPHS || !it->u.run->nglyphs || it->y > cats_y - 0.01)
			continue;
		const struct glyph_run *r = it->u.run;
		/* Digits, then perhaps 万 or 亿 (a chart with no unit line). */
		int len = r->text_len;
		while (len >= 3 && (!strncmp(r->text + len - 3, "万", 3) || !strncmp(r->text + len - 3, "亿", 3)))
			len -= 3;
		bool number = len > 0;
		for (int c = 0; c < len && number; c++)
			number = strchr("0123456789.,-%", r->text[c]) != NULL;
		/* Tick labels end 0.4 em left of the plot; a value label may
		 * start there at the most. */
		if (number && it->x + r->glyphs[0].x >= left - 0.4 * r->size - 0.01)
			n++;
	}
	return n;
}

/* A one-series line chart has a value on every point or on none (where
 * some find no room clear of the line, the other labels and the edges),
 * over the gallery and zigzags steep and flat, at several widths; the
 * gallery's monthly line in the briefing's column (237 pt) has all 12. */
START_TEST(test_line_labels_all_or_none)
{
	struct render r;
	struct diag d;
	struct buf b;
	buf_init(&b);
	buf_addstr(&b, "body:\n");
	static const char *const zig[] = {
		"[12.1, 10.4, 13.2, 13.8, 14.5, 15.9, 17.2, 17.8, 15.1, 14.2, 13.6, 14.9]",
		"[1, 9, 1, 9, 1, 9, 1, 9, 1, 9]",
		"[5, 5.1, 5, 5.1, 5, 5.1, 5, 5.1]",
		"[100, 1000, 10000, 100000, 1000000, 10]",
		"[3.25, -2.5, 7.75, -1.25, 0, 4.5, 8.25, -3]",
		"[10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180]",
	};
	for (size_t k = 0; k < ARRAY_LEN(zig); k++)
		buf_addf(&b, "  - chart: {type: line, title: 折线%zu, series: [{values: %s}]}\n", k, zig[k]);
	t_write("zigzag.yaml", b.data);
	buf_release(&b);
	static const char *const reports[] = { "samples/charts.yaml", "tests/data/charts-edge.yaml", NULL };
	static const double widths[] = { 170, 237, 320, 480 };
	int checked = 0, all = 0;
	bool power_all = false;
	for (int f = 0; f < 3; f++) {
		t_render(&r, &d, reports[f] ? t_path(reports[f]) : t_tmp("zigzag.yaml"), "briefing");
		struct setter s = { r.text, &r.layout, &r.frames, &d };
		for (int k = 0; k < r.doc.nblocks; k++) {
			const struct chart *c = r.doc.blocks[k].chart;
			if (r.doc.blocks[k].kind != BLOCK_CHART || c->type != CHART_LINE || c->nseries != 1 ||
			    !c->labels)
				continue;
			for (size_t w = 0; w < ARRAY_LEN(widths); w++) {
				double h;
				struct group *g = chart_box(&s, c, widths[w], &h);
				ck_assert_ptr_nonnull(g);
				int points, n = line_value_labels(g, &points);
				ck_assert_msg(n == 0 || n == points, "'%s' at %.0f pt: values on %d of %d points",
					      c->title.s, widths[w], n, points);
				static struct box texts[2000];
				int nt = collect(g, texts, 2000, true);
				for (int i = 0; i < nt; i++)
					for (int j = i + 1; j < nt; j++)
						ck_assert_msg(!overlap(&texts[i], &texts[j]) ||
							      (fabs(texts[i].b - texts[j].b) < 0.01 &&
							       (fabs(texts[i].r - texts[j].l) < 0.05 ||
								fabs(texts[j].r - texts[i].l) < 0.05)),
							      "'%s' at %.0f pt: '%s' overlaps '%s'", c->title.s,
							      widths[w], texts[i].what, texts[j].what);
				checked++;
				all += n == points && n > 0;
				if (c->ncats == 12 && widths[w] == 237 && !strcmp(c->title.s, "2024年月度工业用电量"))
					power_all = n == 12;
			}
		}
		render_release(&r);
		diag_release(&d);
	}
	ck_assert_int_ge(checked, 30);
	ck_assert_int_ge(all, checked / 2);
	ck_assert(power_all);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("chart");
	TCase *tc = tcase_create("ticks");
	tcase_add_loop_test(tc, test_ticks_extended, 0, (int)ARRAY_LEN(extended_cases));
	tcase_add_loop_test(tc, test_ticks_axis, 0, (int)ARRAY_LEN(axis_cases));
	tcase_add_test(tc, test_ticks_matching);
	tcase_add_loop_test(tc, test_format_value, 0, (int)ARRAY_LEN(value_cases));
	tcase_add_test(tc, test_format_axis);
	tcase_add_test(tc, test_parse_number);
	tcase_add_test(tc, test_csv_quoted);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_loop_test(tc, test_chart_errors, 0, (int)ARRAY_LEN(err_cases));
	tcase_add_test(tc, test_too_many_categories);
	suite_add_tcase(s, tc);
	tc = tcase_create("table");
	tcase_add_test(tc, test_table_split);
	tcase_add_test(tc, test_table_grouping);
	suite_add_tcase(s, tc);
	tc = tcase_create("image");
	tcase_add_loop_test(tc, test_image_errors, 0, (int)ARRAY_LEN(image_errs));
	tcase_add_test(tc, test_image_damaged);
	suite_add_tcase(s, tc);
	tc = tcase_create("layout");
	tcase_add_loop_test(tc, test_no_label_overlap, 0, 2);
	tcase_add_test(tc, test_line_labels_all_or_none);
	tcase_add_test(tc, test_pdf_vectors_and_text);
	tcase_add_test(tc, test_kpi_change);
	tcase_add_test(tc, test_span_page);
	tcase_add_test(tc, test_png_crisp_gridlines);
	tcase_add_test(tc, test_theme_palette);
	tcase_add_loop_test(tc, test_theme_errors, 0, (int)ARRAY_LEN(theme_errs));
	suite_add_tcase(s, tc);
	return t_run_suite(s) ? 1 : 0;
}
