/* check_pdf.c — the exported files as a user's tools see them: pdftotext gets
 * the report's text back, pdffonts shows every font embedded, qpdf --check
 * passes, two runs give identical bytes; PNGs have exact pixel sizes, pHYs,
 * and one file per page. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "export/export.h"
#include "testutil.h"

/* Run the command fmt formats; returns its standard output (caller frees)
 * and its exit status in *status (if not NULL). */
__attribute__((format(printf, 2, 3))) static char *run(int *status, const char *fmt, ...)
{
	struct buf cmd;
	va_list ap;
	buf_init(&cmd);
	va_start(ap, fmt);
	buf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	char *out = t_capture(cmd.data, status);
	buf_release(&cmd);
	return out;
}

/* Render report with layout (pinned fonts) to build/tmp/NAME as PDF. */
static const char *render_pdf(const char *report, const char *layout, const char *name)
{
	struct render r;
	struct diag d;
	t_render(&r, &d, report, layout);
	const char *pdf = t_tmp(name);
	ck_assert_int_eq(export_pdf(&r.frames, pdf, NULL, &d), 0);
	render_release(&r);
	diag_release(&d);
	return pdf;
}

static char *strip_space(const char *s)
{
	struct buf b;
	buf_init(&b);
	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r' && *s != '\f')
			buf_addch(&b, *s);
	return buf_detach(&b, NULL);
}

static struct render R;
static struct diag D;
static const char *pdf1;

static void setup(void)
{
	t_render(&R, &D, t_path("samples/briefing.yaml"), "briefing");
	pdf1 = t_tmp("briefing-1.pdf");
	ck_assert_int_eq(export_pdf(&R.frames, pdf1, NULL, &D), 0);
}

static void teardown(void)
{
	render_release(&R);
	diag_release(&D);
}

/* Every paragraph, heading and title comes back from pdftotext, in order. */
START_TEST(test_text_recovered)
{
	int st;
	char *raw = run(&st, "pdftotext -raw -enc UTF-8 '%s' -", pdf1);
	ck_assert_int_eq(st, 0);
	char *text = strip_space(raw);
	/* Page numbers ("— 3 —") sit between a page's text and the next page's:
	 * furniture, not report text. */
	for (char *p = text; (p = strstr(p, "—"));) {
		char *q = p + strlen("—");
		while (*q >= '0' && *q <= '9')
			q++;
		if (q > p + strlen("—") && !strncmp(q, "—", strlen("—")))
			memmove(p, q + strlen("—"), strlen(q + strlen("—")) + 1);
		else
			p = q;
	}
	const char *at = text;
	int checked = 0;
	char *title = strip_space(R.doc.meta.title.s);
	ck_assert_ptr_nonnull(strstr(text, title));
	free(title);
	for (int i = 0; i < R.doc.nblocks; i++) {
		const struct block *b = &R.doc.blocks[i];
		for (int k = 0; k < b->npara; k++) {
			char *want = strip_space(b->paras[k].s);
			const char *found = strstr(at, want);
			ck_assert_msg(found, "paragraph not found in order: %.60s…", want);
			at = found + strlen(want);
			free(want);
			checked++;
		}
	}
	ck_assert_int_ge(checked, 40);
	free(text);
	free(raw);
}
END_TEST

START_TEST(test_fonts_embedded)
{
	int st;
	char *out = run(&st, "pdffonts '%s'", pdf1);
	ck_assert_int_eq(st, 0);
	int fonts = 0;
	char *save, *line = strtok_r(out, "\n", &save);
	for (int n = 0; line; line = strtok_r(NULL, "\n", &save), n++) {
		if (n < 2)
			continue; /* header */
		fonts++;
		/* Columns: name type encoding emb sub uni object ID. */
		ck_assert_msg(strstr(line, " yes yes yes "), "font not embedded as a subset with ToUnicode: %s", line);
	}
	ck_assert_int_ge(fonts, 4);
	free(out);
}
END_TEST

START_TEST(test_qpdf_check)
{
	int st;
	char *out = run(&st, "qpdf --check '%s' 2>&1", pdf1);
	ck_assert_msg(st == 0, "qpdf --check failed:\n%s", out);
	ck_assert_ptr_nonnull(strstr(out, "No syntax or stream encoding errors found"));
	free(out);
}
END_TEST

START_TEST(test_metadata_and_outline)
{
	char *out = run(NULL, "pdfinfo '%s'", pdf1);
	ck_assert_ptr_nonnull(strstr(out, "Title:           干字当头 向新出发——经开区2025年高质量发展大会侧记"));
	ck_assert_ptr_nonnull(strstr(out, "Author:          本刊编辑部"));
	/* The report's date, 2025-03-05 in China (UTC+8). */
	ck_assert_ptr_nonnull(strstr(out, "CreationDate:    Tue Mar  4 16:00:00 2025 UTC"));
	free(out);
	/* One outline entry per heading plus the title. */
	int headings = 0;
	for (int i = 0; i < R.doc.nblocks; i++)
		headings += R.doc.blocks[i].kind == BLOCK_HEADING;
	ck_assert_int_eq(R.frames.nmarks, headings + 1);
}
END_TEST

START_TEST(test_byte_identical)
{
	const char *pdf2 = render_pdf(t_path("samples/briefing.yaml"), "briefing", "briefing-2.pdf");
	size_t n1, n2;
	char *a = t_read(pdf1, &n1), *b = t_read(pdf2, &n2);
	ck_assert_int_eq(n1, n2);
	ck_assert(memcmp(a, b, n1) == 0);
	free(a);
	free(b);
}
END_TEST

/* A layout with bleed (news: A3, 3 mm bleed, crop marks) gets TrimBox and
 * BleedBox on every page, as pdfinfo -box reads them: the trim is the A3
 * sheet inside the marks' room, the bleed 3 mm around it. The file stays
 * clean for qpdf --check and the same bytes on a second run. */
START_TEST(test_print_boxes)
{
	const char *pdf = render_pdf(t_path("samples/briefing.yaml"), "news", "news-1.pdf");
	char *out = run(NULL, "pdfinfo -box -f 1 -l 99 '%s'", pdf);
	/* marks_margin: bleed 3 mm (at least 3 mm) + 5 mm mark + 1 mm. */
	double mm = 72 / 25.4, m = 9 * mm;
	int trims = 0, bleeds = 0;
	for (char *p = out; (p = strstr(p, "TrimBox:")); p++) {
		double x0, y0, x1, y1;
		ck_assert_int_eq(sscanf(strchr(p, ':') + 1, "%lf %lf %lf %lf", &x0, &y0, &x1, &y1), 4);
		ck_assert_double_eq_tol(x0, m, 0.01);
		ck_assert_double_eq_tol(y0, m, 0.01);
		ck_assert_double_eq_tol(x1 - x0, 297 * mm, 0.01);
		ck_assert_double_eq_tol(y1 - y0, 420 * mm, 0.01);
		trims++;
	}
	for (char *p = out; (p = strstr(p, "BleedBox:")); p++) {
		double x0, y0, x1, y1;
		ck_assert_int_eq(sscanf(strchr(p, ':') + 1, "%lf %lf %lf %lf", &x0, &y0, &x1, &y1), 4);
		ck_assert_double_eq_tol(x0, m - 3 * mm, 0.01);
		ck_assert_double_eq_tol(x1 - x0, 303 * mm, 0.01);
		ck_assert_double_eq_tol(y1 - y0, 426 * mm, 0.01);
		bleeds++;
	}
	char *pages = strstr(out, "Pages:");
	ck_assert_ptr_nonnull(pages);
	ck_assert_int_eq(trims, atoi(pages + 6));
	ck_assert_int_eq(bleeds, trims);
	ck_assert_int_ge(trims, 2);
	free(out);
	int st;
	out = run(&st, "qpdf --check '%s' 2>&1", pdf);
	ck_assert_msg(st == 0, "qpdf --check failed:\n%s", out);
	free(out);
	/* Text is still there. */
	out = run(NULL, "pdftotext -f 1 -l 1 -enc UTF-8 '%s' - | tr -d ' \n'", pdf);
	ck_assert_ptr_nonnull(strstr(out, "干字当头"));
	free(out);
	const char *pdf2 = render_pdf(t_path("samples/briefing.yaml"), "news", "news-2.pdf");
	size_t n1, n2;
	char *a = t_read(pdf, &n1), *b = t_read(pdf2, &n2);
	ck_assert_int_eq(n1, n2);
	ck_assert(memcmp(a, b, n1) == 0);
	free(a);
	free(b);
	/* A layout without bleed has no boxes beyond the MediaBox. */
	out = run(NULL, "pdfinfo -box '%s'", pdf1);
	char *tb = strstr(out, "TrimBox:"), *mb = strstr(out, "MediaBox:");
	ck_assert_ptr_nonnull(tb);
	ck_assert_ptr_nonnull(mb);
	double t[4], mbox[4];
	ck_assert_int_eq(sscanf(strchr(tb, ':') + 1, "%lf %lf %lf %lf", &t[0], &t[1], &t[2], &t[3]), 4);
	ck_assert_int_eq(sscanf(strchr(mb, ':') + 1, "%lf %lf %lf %lf", &mbox[0], &mbox[1], &mbox[2], &mbox[3]), 4);
	for (int k = 0; k < 4; k++)
		ck_assert_double_eq_tol(t[k], mbox[k], 0.01);
	free(out);
}
END_TEST

/* IHDR width/height and pHYs pixels-per-metre from a PNG file's bytes. */
static void png_header(const char *path, unsigned *w, unsigned *h, unsigned *ppm)
{
	size_t n;
	unsigned char *p = (unsigned char *)t_read(path, &n);
	ck_assert_msg(p && n > 33 && !memcmp(p + 1, "PNG", 3), "%s is not a PNG", path);
	*w = (unsigned)p[16] << 24 | p[17] << 16 | p[18] << 8 | p[19];
	*h = (unsigned)p[20] << 24 | p[21] << 16 | p[22] << 8 | p[23];
	*ppm = 0;
	for (size_t i = 8; i + 12 <= n;) {
		unsigned len = (unsigned)p[i] << 24 | p[i + 1] << 16 | p[i + 2] << 8 | p[i + 3];
		if (!memcmp(p + i + 4, "pHYs", 4))
			*ppm = (unsigned)p[i + 8] << 24 | p[i + 9] << 16 | p[i + 10] << 8 | p[i + 11];
		i += 12 + len;
	}
	free(p);
}

START_TEST(test_card_png_exact)
{
	char *err;
	/* A pixel canvas keeps its exact size whatever --dpi says. */
	ck_assert_int_eq(t_run("render samples/card.yaml -l card -o build/tmp/card.png --dpi 300", &err), 0);
	ck_assert_ptr_nonnull(strstr(err, "warning: --dpi is ignored: layout 'card' is a pixel canvas"));
	free(err);
	unsigned w, h, ppm;
	png_header(t_tmp("card.png"), &w, &h, &ppm);
	ck_assert_uint_eq(w, 1080);
	ck_assert_uint_eq(h, 1440);
	ck_assert_uint_eq(ppm, 3780); /* 96 dpi */
}
END_TEST

START_TEST(test_pages_to_numbered_pngs)
{
	const char *base = t_tmp("pages.png");
	ck_assert_int_eq(system("rm -f build/tmp/pages*.png"), 0);
	ck_assert_int_eq(export_png(&R.frames, base, &(struct export_opts){ .dpi = 72 }, &D), 0);
	for (int i = 1; i <= R.frames.npages; i++) {
		char name[32];
		snprintf(name, sizeof(name), "pages-%d.png", i);
		unsigned w, h, ppm;
		png_header(t_tmp(name), &w, &h, &ppm);
		ck_assert_uint_eq(w, 595); /* A4 at 72 dpi */
		ck_assert_uint_eq(h, 842);
		ck_assert_uint_eq(ppm, 2835);
	}
	char name[32];
	snprintf(name, sizeof(name), "pages-%d.png", R.frames.npages + 1);
	ck_assert(!t_exists(t_tmp(name)));
	ck_assert(!t_exists(base));
}
END_TEST

/* A character no font can draw is still in the PDF's text. */
START_TEST(test_tofu_stays_text)
{
	const char *pdf = render_pdf(t_write("tofu-text.yaml", "body:\n  - text: 经开区\xF0\xA0\x80\x80新闻\n"),
				     "briefing", "tofu-text.pdf");
	char *out = run(NULL, "pdftotext -raw -enc UTF-8 '%s' -", pdf);
	ck_assert_ptr_nonnull(strstr(out, "经开区\xF0\xA0\x80\x80新闻"));
	free(out);
}
END_TEST

/* SOURCE_DATE_EPOCH (digits only) wins over the report's date. */
START_TEST(test_source_date_epoch)
{
	static const struct {
		const char *value, *want;
	} cases[] = {
		{ "86400", "CreationDate:    Fri Jan  2 00:00:00 1970 UTC" },
		{ " 5", "CreationDate:    Tue Mar  4 16:00:00 2025 UTC" },          /* not digits */
		{ "253402300800", "CreationDate:    Tue Mar  4 16:00:00 2025 UTC" }, /* year 10000 */
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		setenv("SOURCE_DATE_EPOCH", cases[i].value, 1);
		const char *pdf = render_pdf(t_path("samples/card.yaml"), "card", "epoch.pdf");
		unsetenv("SOURCE_DATE_EPOCH");
		char *out = run(NULL, "pdfinfo '%s'", pdf);
		ck_assert_msg(strstr(out, cases[i].want), "SOURCE_DATE_EPOCH='%s': %s", cases[i].value, out);
		free(out);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pdf");
	TCase *tc = tcase_create("pdf");
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_text_recovered);
	tcase_add_test(tc, test_fonts_embedded);
	tcase_add_test(tc, test_qpdf_check);
	tcase_add_test(tc, test_metadata_and_outline);
	tcase_add_test(tc, test_byte_identical);
	tcase_add_test(tc, test_print_boxes);
	tcase_add_test(tc, test_pages_to_numbered_pngs);
	tcase_add_test(tc, test_card_png_exact);
	tcase_add_test(tc, test_tofu_stays_text);
	tcase_add_test(tc, test_source_date_epoch);
	suite_add_tcase(s, tc);
	return t_run_suite(s) ? 1 : 0;
}
