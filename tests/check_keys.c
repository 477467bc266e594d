/* check_keys.c — layout keys added for print and social layouts: inheritance
 * with `base:` (overrides, cycles, depth, errors in the right file), page
 * sizes by name, header and page-number formats with {page}/{pages} and
 * odd/even placement, and the other keys' values and errors. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "style/layout.h"
#include "testutil.h"

#define MM (72.0 / 25.4)

static int load_path(const char *path, struct layout *l, struct diag *d)
{
	diag_init(d);
	return layout_load(l, d, t_srcdir(), path, NULL);
}

/* A child that names a built-in keeps everything it does not set. */
START_TEST(test_base_builtin)
{
	struct layout base, l;
	struct diag d;
	ck_assert_int_eq(load_path("briefing", &base, &d), 0);
	diag_release(&d);
	const char *path = t_write("child.yaml", "base: briefing\ncolumns: 3\n"
						 "fonts: {body: {size: 小四}}\n"
						 "colors: {text: \"#000080\"}\n");
	ck_assert_int_eq(load_path(path, &l, &d), 0);
	ck_assert_int_eq(l.columns, 3);
	ck_assert_double_eq(l.roles[ROLE_BODY].size, 12);
	/* Kept from the base. */
	ck_assert_str_eq(l.roles[ROLE_BODY].family, base.roles[ROLE_BODY].family);
	ck_assert_double_eq(l.roles[ROLE_BODY].leading, base.roles[ROLE_BODY].leading);
	ck_assert_double_eq(l.page_w, base.page_w);
	ck_assert_double_eq(l.margin[0], base.margin[0]);
	ck_assert_int_eq(l.masthead, MASTHEAD_BANNER);
	ck_assert_str_eq(l.footer.format, base.footer.format);
	/* Roles in the text colour follow the new one; accent roles do not. */
	ck_assert_double_eq_tol(l.roles[ROLE_BODY].color.b, 0x80 / 255.0, 1e-9);
	ck_assert_double_eq_tol(l.roles[ROLE_HEADING1].color.r, base.accent.r, 1e-9);
	diag_release(&d);
}
END_TEST

/* A path base is relative to the file that names it; bases chain. */
START_TEST(test_base_chain)
{
	struct layout l;
	struct diag d;
	t_write("grand.yaml", "page: {size: A5}\ncolumns: 2\ngutter: 5mm\n");
	t_write("parent.yaml", "base: grand.yaml\ncolumns: 1\n");
	const char *path = t_write("kid.yaml", "base: ./parent.yaml\npage: {margins: [1cm, 1cm, 1cm, 1cm]}\n");
	ck_assert_int_eq(load_path(path, &l, &d), 0);
	ck_assert_double_eq_tol(l.page_w, 148 * MM, 1e-9);
	ck_assert_double_eq_tol(l.gutter, 5 * MM, 1e-9);
	ck_assert_int_eq(l.columns, 1);
	ck_assert_double_eq_tol(l.margin[2], 10 * MM, 1e-9);
	diag_release(&d);
}
END_TEST

START_TEST(test_base_cycle)
{
	struct layout l;
	struct diag d;
	t_write("cyc-a.yaml", "base: cyc-b.yaml\n");
	const char *b = t_write("cyc-b.yaml", "columns: 2\nbase: cyc-a.yaml\n");
	ck_assert_int_eq(load_path(b, &l, &d), -1);
	ck_assert_int_eq(d.errors, 1);
	ck_assert_msg(strstr(d.entries[0].msg, "'base' makes a cycle: cyc-b.yaml inherits from itself"),
		      "%s", d.entries[0].msg);
	/* The error points into the file that closes the cycle. */
	ck_assert_msg(strstr(d.entries[0].span.src->path, "cyc-a.yaml"), "%s", d.entries[0].span.src->path);
	int line, col;
	span_line_col(&d.entries[0].span, &line, &col);
	ck_assert_int_eq(line, 1);
	ck_assert_int_eq(col, 7);
	diag_release(&d);
}
END_TEST

START_TEST(test_base_depth)
{
	struct layout l;
	struct diag d;
	char name[32], text[64];
	/* deep-0 → deep-1 → … → deep-9: ten files, deeper than the limit. */
	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "deep-%d.yaml", i);
		if (i < 9)
			snprintf(text, sizeof(text), "base: deep-%d.yaml\n", i + 1);
		else
			snprintf(text, sizeof(text), "columns: 2\n");
		t_write(name, text);
	}
	ck_assert_int_eq(load_path(t_tmp("deep-0.yaml"), &l, &d), -1);
	ck_assert_int_eq(d.errors, 1);
	ck_assert_msg(strstr(d.entries[0].msg, "layouts inherit more than 8 levels deep"), "%s",
		      d.entries[0].msg);
	diag_release(&d);
	/* Eight levels are fine. */
	ck_assert_int_eq(load_path(t_tmp("deep-2.yaml"), &l, &d), 0);
	ck_assert_int_eq(l.columns, 2);
	diag_release(&d);
}
END_TEST

/* An error in the base is reported in the base's file, and so is an unknown
 * built-in name given as base. */
START_TEST(test_base_errors_in_right_file)
{
	struct layout l;
	struct diag d;
	t_write("bad-base.yaml", "columns: 2\ngutter: 5furlongs\n");
	const char *kid = t_write("good-kid.yaml", "base: bad-base.yaml\n");
	ck_assert_int_eq(load_path(kid, &l, &d), -1);
	ck_assert_int_eq(d.errors, 1);
	ck_assert(strstr(d.entries[0].span.src->path, "bad-base.yaml") != NULL);
	int line, col;
	span_line_col(&d.entries[0].span, &line, &col);
	ck_assert_int_eq(line, 2);
	diag_release(&d);

	kid = t_write("kid2.yaml", "columns: 2\nbase: nosuch\n");
	ck_assert_int_eq(load_path(kid, &l, &d), -1);
	ck_assert_int_eq(d.errors, 1);
	ck_assert_msg(strstr(d.entries[0].msg, "unknown layout 'nosuch' (built-in layouts: "), "%s",
		      d.entries[0].msg);
	span_line_col(&d.entries[0].span, &line, &col);
	ck_assert_int_eq(line, 2);
	ck_assert_int_eq(col, 7);
	diag_release(&d);
}
END_TEST

static const struct {
	const char *size;
	double w, h; /* mm */
} sizes[] = {
	{ "A3", 297, 420 }, { "A4", 210, 297 }, { "A5", 148, 210 }, { "B5", 176, 250 },
	{ "16K", 184, 260 }, { "16开", 184, 260 }, { "[100mm, 5in]", 100, 127 },
	{ "[400pt, 20cm]", 400 / MM, 200 },
};

START_TEST(test_page_sizes)
{
	struct layout l;
	struct diag d;
	char *text = xasprintf("page: {size: %s, margins: [10mm, 10mm, 10mm, 10mm]}\n", sizes[_i].size);
	ck_assert_int_eq(load_path(t_write("size.yaml", text), &l, &d), 0);
	free(text);
	ck_assert_double_eq_tol(l.page_w, sizes[_i].w * MM, 1e-6);
	ck_assert_double_eq_tol(l.page_h, sizes[_i].h * MM, 1e-6);
	ck_assert(!l.canvas);
	diag_release(&d);
}
END_TEST

START_TEST(test_other_keys)
{
	struct layout l;
	struct diag d;
	const char *path = t_write("keys.yaml",
		"page: {size: [1080px, auto], max-height: 20000px, margins: [20px, 20px, 20px, 20px]}\n"
		"title-align: left\nbyline-align: center\nbyline-space: 1\ntitle-space: 0\nheadings: {bar: false, space: 0, indent: 2}\n"
		"page-number: {format: \"第 {page} 页 共 {pages} 页\", align: outside, inset: 14pt, offset: 7mm, hide-single: true}\n"
		"header: \"{page}/{pages}\"\n"
		"fit: {mode: shrink, min-size: 24px}\n");
	ck_assert_int_eq(load_path(path, &l, &d), 0);
	ck_assert(l.canvas && l.auto_height);
	ck_assert_double_eq_tol(l.max_height, 15000, 1e-9);
	ck_assert_int_eq(l.title_align, ALIGN_LEFT);
	ck_assert_int_eq(l.byline_align, ALIGN_CENTER);
	ck_assert_double_eq(l.byline_space, 1);
	ck_assert_double_eq(l.title_space, 0);
	ck_assert(!l.heading_bar);
	ck_assert_double_eq(l.heading_space, 0);
	ck_assert_double_eq(l.heading_indent, 2);
	ck_assert_str_eq(l.footer.format, "第 {page} 页 共 {pages} 页");
	ck_assert_int_eq(l.footer.align, EDGE_OUTSIDE);
	ck_assert_double_eq(l.footer.inset, 14);
	ck_assert_double_eq_tol(l.footer.offset, 7 * MM, 1e-9);
	ck_assert(l.footer.hide_single);
	ck_assert_str_eq(l.header.format, "{page}/{pages}");
	ck_assert_int_eq(l.header.align, EDGE_CENTER);
	ck_assert_int_eq(l.fit, FIT_SHRINK);
	ck_assert_double_eq(l.fit_min_size, 18);
	diag_release(&d);

	path = t_write("print.yaml", "page: {size: A4, bleed: 3mm, crop-marks: true}\nmasthead: gongwen\n"
				     "fit: {mode: series}\nbody: false\nsignature: true\n");
	ck_assert_int_eq(load_path(path, &l, &d), 0);
	ck_assert_double_eq_tol(l.bleed, 3 * MM, 1e-9);
	ck_assert(l.crop_marks);
	ck_assert_int_eq(l.masthead, MASTHEAD_GONGWEN);
	ck_assert_int_eq(l.fit, FIT_SERIES);
	ck_assert(!l.auto_height);
	ck_assert(!l.show_body);
	ck_assert(l.signature);
	diag_release(&d);
}
END_TEST

static const struct {
	const char *text;
	const char *message;
	int line, col;
} key_errors[] = {
	{ "page: {size: [210mm, auto]}\n", "a page with auto height needs its width in px", 1, 15 },
	{ "page: {bleed: 30mm}\n", "'bleed' must be at most 20mm", 1, 15 },
	{ "page: {crop-marks: yes}\n", "'crop-marks' must be true or false", 1, 20 },
	{ "page: {max-height: 10px}\n", "'max-height' must be 0 (no limit) or at least 1 inch", 1, 20 },
	{ "page-number: {align: outer}\n", "'align' must be center, left, right, outside or inside", 1, 22 },
	{ "page-number: {fromat: x}\n", "unknown key 'fromat' in 'page-number'", 1, 15 },
	{ "header: [a]\n", "'header' must be a mapping", 1, 10 },
	{ "fit: {mode: squeeze}\n", "'mode' must be none, shrink or series", 1, 13 },
	{ "fit: {min-size: 大号}\n", "a font size (pt, px or a 号 size such as 五号) must be a length", 1, 17 },
	{ "masthead: red\n", "'masthead' must be banner, line, gongwen or none", 1, 11 },
	{ "byline-align: right\n", "'byline-align' must be left or center", 1, 15 },
	{ "base: \"\"\n", "'base' must name a layout or a layout file", 1, 8 },
	{ "headings: {bar: true, gap: 1}\n", "unknown key 'gap' in 'headings'", 1, 23 },
	{ "headings: {space: 9}\n", "'space' (in body lines) must be a number from 0 to 5", 1, 19 },
	{ "body: no\n", "'body' must be true or false", 1, 7 },
	{ "page: {size: [1080px, auto]}\ncolumns: 2\n", "a page with auto height has one column", 2, 10 },
	{ "page: {size: [1080px, auto], max-height: 150px, margins: [100px, 9px, 100px, 9px]}\n",
	  "'max-height' and the margins leave less than 1 inch for the text", 1, 8 },
	{ "signature: 1\n", "'signature' must be true or false", 1, 12 },
};

START_TEST(test_key_errors)
{
	struct layout l;
	struct diag d;
	ck_assert_int_eq(load_path(t_write("err.yaml", key_errors[_i].text), &l, &d), -1);
	ck_assert_int_eq(d.errors, 1);
	ck_assert_msg(strstr(d.entries[0].msg, key_errors[_i].message), "'%s' lacks '%s'",
		      d.entries[0].msg, key_errors[_i].message);
	int line, col;
	span_line_col(&d.entries[0].span, &line, &col);
	ck_assert_int_eq(line, key_errors[_i].line);
	ck_assert_int_eq(col, key_errors[_i].col);
	diag_release(&d);
}
END_TEST

/* Texts of one page's glyph runs whose baseline is below `y`, joined. */
static char *texts_below(const struct page *p, double y, double *x_first)
{
	struct buf b;
	buf_init(&b);
	*x_first = -1;
	for (int i = 0; i < t_flat(p)->nitems; i++) {
		const struct frame_item *it = &t_flat(p)->items[i];
		if (it->kind == ITEM_GLYPHS && it->y > y) {
			buf_add(&b, it->u.run->text, (size_t)it->u.run->text_len);
			if (*x_first < 0)
				*x_first = it->x + (it->u.run->nglyphs ? it->u.run->glyphs[0].x : 0);
		}
	}
	return buf_detach(&b, NULL);
}

/* "第 N 页 共 M 页" at the outer side, 7 mm below the text area. */
START_TEST(test_page_numbers_outside)
{
	struct buf rep;
	buf_init(&rep);
	buf_addstr(&rep, "body:\n");
	for (int i = 0; i < 3; i++)
		buf_addstr(&rep, "  - text: 段落。\n  - pagebreak: true\n");
	const char *layout = t_write("pn.yaml",
		"page: {size: A5, margins: [20mm, 15mm, 20mm, 15mm]}\n"
		"page-number: {format: \"第 {page} 页 共 {pages} 页\", align: outside, inset: 10pt, offset: 7mm}\n"
		"header: {format: \"{page}/{pages}\", align: inside}\n");
	struct render r;
	struct diag d;
	t_render(&r, &d, t_write("pn-report.yaml", rep.data), layout);
	buf_release(&rep);
	ck_assert_int_eq(r.frames.npages, 3);
	double bottom = 210 * MM - 20 * MM;
	for (int pg = 0; pg < 3; pg++) {
		const struct page *p = &r.frames.pages[pg];
		double x;
		char *s = texts_below(p, bottom, &x);
		char want[64];
		snprintf(want, sizeof(want), "第 %d 页 共 3 页", pg + 1);
		ck_assert_str_eq(s, want);
		free(s);
		/* Odd pages: ends 10pt in from the right edge; even: starts 10pt in. */
		if (pg % 2 == 0)
			ck_assert(x > 148 * MM / 2);
		else
			ck_assert_double_eq_tol(x, 15 * MM + 10, 0.01);
		/* Its baseline: the em box's top 7 mm below the text area. */
		for (int i = 0; i < t_flat(p)->nitems; i++)
			if (t_flat(p)->items[i].kind == ITEM_GLYPHS && t_flat(p)->items[i].y > bottom) {
				double size = r.layout.roles[ROLE_FOOTER].size;
				ck_assert_double_eq_tol(t_flat(p)->items[i].y, bottom + 7 * MM + 0.88 * size, 1e-6);
			}
		/* The header: in the top margin, inside (left on odd pages). */
		int found = 0;
		for (int i = 0; i < t_flat(p)->nitems; i++) {
			const struct frame_item *it = &t_flat(p)->items[i];
			if (it->kind == ITEM_GLYPHS && it->y < 20 * MM) {
				char hw[16];
				snprintf(hw, sizeof(hw), "%d/3", pg + 1);
				ck_assert_int_eq(it->u.run->text_len, (int)strlen(hw));
				ck_assert(!memcmp(it->u.run->text, hw, strlen(hw)));
				double gx = it->x + it->u.run->glyphs[0].x;
				if (pg % 2 == 0)
					ck_assert_double_eq_tol(gx, 15 * MM, 0.01);
				else
					ck_assert(gx > 148 * MM / 2);
				found++;
			}
		}
		ck_assert_int_eq(found, 1);
	}
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* hide-single: "1/1" is not drawn on a one-page result. */
START_TEST(test_hide_single)
{
	struct render r;
	struct diag d;
	t_render(&r, &d, t_write("one.yaml", "body:\n  - text: 一段。\n"),
		 t_write("hs.yaml", "page-number: {format: \"{page}/{pages}\", hide-single: true}\n"));
	ck_assert_int_eq(r.frames.npages, 1);
	double x;
	char *s = texts_below(&r.frames.pages[0], 297 * MM - 20 * MM, &x);
	ck_assert_str_eq(s, "");
	free(s);
	render_release(&r);
	diag_release(&d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("keys");
	TCase *tc = tcase_create("base");
	tcase_add_test(tc, test_base_builtin);
	tcase_add_test(tc, test_base_chain);
	tcase_add_test(tc, test_base_cycle);
	tcase_add_test(tc, test_base_depth);
	tcase_add_test(tc, test_base_errors_in_right_file);
	suite_add_tcase(s, tc);
	tc = tcase_create("keys");
	tcase_add_loop_test(tc, test_page_sizes, 0, (int)ARRAY_LEN(sizes));
	tcase_add_test(tc, test_other_keys);
	tcase_add_loop_test(tc, test_key_errors, 0, (int)ARRAY_LEN(key_errors));
	suite_add_tcase(s, tc);
	tc = tcase_create("page-texts");
	tcase_add_test(tc, test_page_numbers_outside);
	tcase_add_test(tc, test_hide_single);
	suite_add_tcase(s, tc);
	return t_run_suite(s) ? 1 : 0;
}
