/* check_pdf.c — the exported files as a user's tools see them: pdftotext gets
 * the report's text back, pdffonts shows every font embedded, qpdf --check
 * passes, two runs give identical bytes; PNGs have exact pixel sizes, pHYs,
 * one file per page, and the pixels Cairo drew, however many bands they
 * were compressed in. */
#include <cairo.h>
#include <hb-subset.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "export/draw.h"
#include "export/export.h"
#include "export/sfnt.h"
#include "export/subset.h"
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
/* A copy: t_tmp's buffers are reused, and with CK_FORK=no every test runs
 * in this one process. */
static char pdf1[1024];

static void setup(void)
{
	t_render(&R, &D, t_path("samples/briefing.yaml"), "briefing");
	snprintf(pdf1, sizeof(pdf1), "%s", t_tmp("briefing-1.pdf"));
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

/* Page p written at dpi as png reads back (libpng: CRCs, the zlib stream's
 * Adler-32) with exactly the pixels Cairo draws for it. Returns its height. */
/* The pixel rectangles of a page's pictures. */
struct pictures {
	double sx, sy;
	int n;
	double r[64][4];
};

static void collect_picture(const struct frame_item *it, void *arg)
{
	struct pictures *p = arg;
	if (it->kind != ITEM_IMAGE || p->n >= (int)ARRAY_LEN(p->r))
		return;
	double *r = p->r[p->n++];
	r[0] = floor(it->x * p->sx) - 1, r[1] = floor(it->y * p->sy) - 1;
	r[2] = ceil((it->x + it->u.image.w) * p->sx) + 1, r[3] = ceil((it->y + it->u.image.h) * p->sy) + 1;
}

static bool in_picture(const struct pictures *p, int x, int y)
{
	for (int i = 0; i < p->n; i++)
		if (x >= p->r[i][0] && x <= p->r[i][2] && y >= p->r[i][1] && y <= p->r[i][3])
			return true;
	return false;
}

static int check_png_pixels(const struct frames *fr, int page, double dpi, const char *png)
{
	struct frames one = *fr;
	one.pages = &fr->pages[page];
	one.npages = 1;
	struct diag d;
	diag_init(&d);
	ck_assert_int_eq(export_png(&one, png, &(struct export_opts){ .dpi = dpi }, &d), 0);
	diag_release(&d);
	const struct page *p = one.pages;
	int w, h;
	export_png_size(p, dpi > 0 ? dpi : fr->dpi, &w, &h);
	cairo_surface_t *got = cairo_image_surface_create_from_png(png);
	ck_assert_int_eq(cairo_surface_status(got), CAIRO_STATUS_SUCCESS);
	ck_assert_int_eq(cairo_image_surface_get_width(got), w);
	ck_assert_int_eq(cairo_image_surface_get_height(got), h);
	cairo_surface_t *want = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_t *cr = cairo_create(want);
	cairo_scale(cr, w / p->w, h / p->h);
	draw_page(cr, p);
	cairo_destroy(cr);
	cairo_surface_flush(want);
	const unsigned char *a = cairo_image_surface_get_data(got), *b = cairo_image_surface_get_data(want);
	int sa = cairo_image_surface_get_stride(got), sb = cairo_image_surface_get_stride(want);
	/* Pixels must match exactly outside pictures; a scaled picture (a
	 * logo) is filtered by pixman, which may sample its edges a little
	 * differently on a band's surface than on the whole page's. */
	struct pictures pics = { .sx = w / p->w, .sy = h / p->h };
	group_walk(&p->content, 0, 0, collect_picture, &pics);
	long differ = 0;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint32_t pa = ((const uint32_t *)(a + (size_t)y * (size_t)sa))[x] & 0xFFFFFF;
			uint32_t pb = ((const uint32_t *)(b + (size_t)y * (size_t)sb))[x] & 0xFFFFFF;
			differ += pa != pb && !in_picture(&pics, x, y);
		}
	ck_assert_msg(differ == 0, "%s: %ld pixels differ outside pictures", png, differ);
	cairo_surface_destroy(got);
	cairo_surface_destroy(want);
	return h;
}

/* A 1080×17091 px long image is compressed in five bands (at most 4096
 * rows each), two at a time on two cores; an A4 page at 72 and 101 dpi
 * (595 and 834 px wide: rows that are not a whole number of 4-pixel groups)
 * in one band and in two. Each reads back with the pixels Cairo draws. */
START_TEST(test_png_bands)
{
	struct render r;
	struct diag d;
	t_render(&r, &d, t_path("samples/briefing.yaml"), "long");
	ck_assert_int_eq(r.frames.npages, 1);
	ck_assert_int_gt(check_png_pixels(&r.frames, 0, 0, t_tmp("bands.png")), 4 * 4096);
	render_release(&r);
	diag_release(&d);
	check_png_pixels(&R.frames, 0, 72, t_tmp("bands-72.png"));
	check_png_pixels(&R.frames, 0, 101, t_tmp("bands-101.png"));
}
END_TEST

/* Whether a shared object whose file name starts with prefix is mapped in
 * this process. */
static bool library_mapped(const char *prefix)
{
	FILE *f = fopen("/proc/self/maps", "r");
	ck_assert_ptr_nonnull(f);
	char line[1024];
	bool found = false;
	while (!found && fgets(line, sizeof(line), f)) {
		const char *name = strrchr(line, '/');
		found = name && !strncmp(name + 1, prefix, strlen(prefix));
	}
	fclose(f);
	return found;
}

/* librsvg and qpdf, with what they pull in (GnuTLS, libxml2 …), are opened
 * only by a document that needs them: the briefing PDF (PNG pictures, no
 * print boxes) has not loaded either; an A3 page with bleed loads qpdf and
 * a report with an SVG logo librsvg. (Runs first, so that with CK_FORK=no
 * no earlier test has loaded them.) */
START_TEST(test_optional_libraries_lazy)
{
	ck_assert(library_mapped("libcairo.so")); /* the check itself works */
	ck_assert(!library_mapped("libqpdf.so"));
	ck_assert(!library_mapped("librsvg-2.so"));
	ck_assert(!library_mapped("libgnutls.so"));
	render_pdf(t_path("samples/briefing.yaml"), "news", "lazy-news.pdf");
	ck_assert(library_mapped("libqpdf.so"));
	ck_assert(!library_mapped("librsvg-2.so"));
	render_pdf(t_path("tests/data/pictures.yaml"), "briefing", "lazy-pictures.pdf");
	ck_assert(library_mapped("librsvg-2.so"));
}
END_TEST

/* Kilobytes of the pinned font files resident in this process's mappings
 * (Rss in /proc/self/smaps); -1 if smaps cannot be read. */
static long fonts_resident_kb(void)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	if (!f)
		return -1;
	char line[1024], perms[8];
	unsigned long lo, hi;
	bool font = false;
	long kb = 0, v;
	while (fgets(line, sizeof(line), f)) {
		size_t n = strcspn(line, "\n");
		line[n] = 0;
		if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) == 3) /* a mapping's first line */
			font = strstr(line, "/fonts/") && n > 4 &&
			       (!strcmp(line + n - 4, ".otf") || !strcmp(line + n - 4, ".ttf"));
		else if (font && sscanf(line, "Rss: %ld kB", &v) == 1)
			kb += v;
	}
	fclose(f);
	return kb;
}

/* The subsetter reads each used glyph's outline, spread over the whole font
 * file; it reads them from a copy of its own (sfnt.h) that is gone once the
 * subset is made, so those pages do not stay resident (a report's peak
 * memory would hold megabytes of each font until exit). A fresh render
 * (font map and mappings of its own) is subset; what is resident of the
 * font files grows by less than a megabyte (it grew by 20 MB when the
 * subsetter read Pango's mapping). */
START_TEST(test_subset_pages_released)
{
	struct render r;
	struct diag d;
	t_render(&r, &d, t_path("samples/briefing.yaml"), "briefing");
	long before = fonts_resident_kb();
	ck_assert_int_ge(before, 0);
	struct subset_fonts *sf = subset_fonts_new(&r.frames);
	long after = fonts_resident_kb();
	subset_fonts_free(sf);
	render_release(&r);
	diag_release(&d);
	ck_assert_msg(after - before < 1024, "font files resident: %ld kB before subsetting, %ld kB after",
		      before, after);
}
END_TEST

/* A subset of face to glyphs as subset.c makes it (desubroutinized, no
 * layout tables); caller destroys. */
static hb_blob_t *subset_of(hb_face_t *face, const hb_set_t *glyphs)
{
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_set_union(hb_subset_input_glyph_set(in), glyphs);
	hb_set_add(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG), HB_TAG('G', 'S', 'U', 'B'));
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_DESUBROUTINIZE);
	hb_face_t *sub = hb_subset_or_fail(face, in);
	hb_subset_input_destroy(in);
	ck_assert_ptr_nonnull(sub);
	hb_blob_t *b = hb_face_reference_blob(sub);
	hb_face_destroy(sub);
	return b;
}

/* A font file read for the subsetter with only the wanted glyphs' outlines
 * (sfnt.h) gives the subset the whole file gives, byte for byte: for the
 * CID-keyed CFF of the pinned Noto face, and for LXGW WenKai's 'glyf',
 * whose glyphs 106 and 118 are composites of glyphs read only through
 * them (28858 …). The outline table really is partly left unread (zeros
 * where the file has bytes), and a file that is not the one the layout
 * read (another length) is refused. */
START_TEST(test_sfnt_sparse_same_subset)
{
	static const struct {
		const char *file;
		hb_tag_t outlines;
		hb_codepoint_t glyphs[6];
	} cases[] = {
		{ "fonts/NotoSerifSC-Regular.otf", HB_TAG('C', 'F', 'F', ' '), { 5, 100, 5000, 12000, 23000, 23328 } },
		{ "fonts/LXGWWenKai-Regular.ttf", HB_TAG('g', 'l', 'y', 'f'), { 106, 118, 1352, 1354, 500, 20000 } },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const char *path = t_path(cases[i].file);
		hb_blob_t *file = hb_blob_create_from_file_or_fail(path);
		ck_assert_ptr_nonnull(file);
		unsigned len;
		const char *data = hb_blob_get_data(file, &len);
		hb_face_t *whole = hb_face_create(file, 0);
		hb_set_t *glyphs = hb_set_create();
		for (int k = 0; k < 6; k++)
			hb_set_add(glyphs, cases[i].glyphs[k]);
		hb_face_t *sparse = sfnt_face_new(path, 0, glyphs, data, len);
		ck_assert_ptr_nonnull(sparse);
		ck_assert_ptr_null(sfnt_face_new(path, 0, glyphs, data, len - 1));

		hb_blob_t *a = hb_face_reference_table(whole, cases[i].outlines);
		hb_blob_t *b = hb_face_reference_table(sparse, cases[i].outlines);
		unsigned la, lb;
		const char *da = hb_blob_get_data(a, &la), *db = hb_blob_get_data(b, &lb);
		ck_assert_uint_eq(la, lb);
		size_t unread = 0;
		for (unsigned k = 0; k < la; k++)
			unread += da[k] != db[k];
		ck_assert_msg(unread > la / 2, "%s: only %zu of %u bytes left unread", path, unread, la);
		hb_blob_destroy(a);
		hb_blob_destroy(b);

		a = subset_of(whole, glyphs);
		b = subset_of(sparse, glyphs);
		da = hb_blob_get_data(a, &la);
		db = hb_blob_get_data(b, &lb);
		ck_assert_uint_gt(la, 1000);
		ck_assert_msg(la == lb && !memcmp(da, db, la), "%s: subsets differ (%u and %u bytes)", path, la, lb);
		hb_blob_destroy(a);
		hb_blob_destroy(b);
		hb_set_destroy(glyphs);
		hb_face_destroy(sparse);
		hb_face_destroy(whole);
		hb_blob_destroy(file);
	}
}
END_TEST

/* The PDF draws every run with a font cut to the document's glyphs, not
 * with the pinned file of 23,000: glyph ids are renumbered into a small
 * range, one to one, and the file is less than half what Cairo's own
 * subsetting of the whole fonts gave (773 kB). */
struct subset_check {
	const struct draw_fonts *df;
	int runs, glyphs;
	uint32_t max_old, max_new;
	uint32_t seen[4096]; /* new id → old id + 1, for the serif body face */
};

static void check_run(const struct frame_item *it, void *arg)
{
	struct subset_check *c = arg;
	if (it->kind != ITEM_GLYPHS)
		return;
	const struct glyph_run *run = it->u.run;
	c->runs++;
	ck_assert_ptr_ne(c->df->font(c->df->arg, run), fonts_scaled_font(run->font));
	char *desc = fonts_describe(run->font);
	bool body = !strcmp(desc, "Noto Serif CJK SC Paiban 10.5");
	free(desc);
	for (int i = 0; i < run->nglyphs; i++) {
		uint32_t old = run->glyphs[i].id;
		if (old == GLYPH_NONE)
			continue;
		uint32_t id = c->df->glyph(c->df->arg, run, old);
		c->glyphs++;
		c->max_old = old > c->max_old ? old : c->max_old;
		c->max_new = id > c->max_new ? id : c->max_new;
		ck_assert_uint_lt(id, ARRAY_LEN(c->seen));
		ck_assert_msg(old == 0 || id != 0, "glyph %u lost", (unsigned)old);
		if (body) {
			ck_assert_msg(!c->seen[id] || c->seen[id] == old + 1, "glyphs %u and %u both became %u",
				      (unsigned)c->seen[id] - 1, (unsigned)old, (unsigned)id);
			c->seen[id] = old + 1;
		}
	}
}

START_TEST(test_fonts_subset)
{
	struct subset_fonts *sf = subset_fonts_new(&R.frames);
	struct subset_check c = { .df = subset_fonts_draw(sf) };
	for (int i = 0; i < R.frames.npages; i++)
		group_walk(&R.frames.pages[i].content, 0, 0, check_run, &c);
	subset_fonts_free(sf);
	ck_assert_int_gt(c.runs, 100);
	ck_assert_uint_gt(c.max_old, 10000);
	ck_assert_uint_lt(c.max_new, 1500);
	size_t n;
	char *pdf = t_read(pdf1, &n);
	free(pdf);
	ck_assert_msg(n < 450000, "%s is %zu bytes", pdf1, n);
}
END_TEST

/* The share of dark pixels in a grey PGM (P5) file. */
static double pgm_ink(const char *path)
{
	size_t n;
	unsigned char *p = (unsigned char *)t_read(path, &n);
	ck_assert_msg(p && n > 20 && p[0] == 'P' && p[1] == '5', "%s is not a PGM", path);
	unsigned w, h, max;
	int off;
	ck_assert_int_eq(sscanf((char *)p, "P5 %u %u %u%n", &w, &h, &max, &off), 3);
	off++; /* the one whitespace after the maximum */
	ck_assert_uint_ge(n, (size_t)off + (size_t)w * h);
	long dark = 0;
	for (size_t i = 0; i < (size_t)w * h; i++)
		dark += p[off + i] < 128;
	free(p);
	return (double)dark / ((double)w * h);
}

/* What the PDF's fonts draw: poppler's rendering of page 1 has as much ink
 * as paiban's own PNG of it (drawn with the pinned fonts, not the subsets),
 * so no glyph went missing on the way through the subsets. */
START_TEST(test_pdf_ink_matches_png)
{
	int st;
	char *out = run(&st, "pdftoppm -gray -r 72 -f 1 -l 1 -singlefile '%s' '%s'", pdf1, t_tmp("page1"));
	ck_assert_msg(st == 0, "pdftoppm: %s", out);
	free(out);
	struct frames one = R.frames;
	one.npages = 1;
	const char *png = t_tmp("page1.png");
	ck_assert_int_eq(export_png(&one, png, &(struct export_opts){ .dpi = 72 }, &D), 0);
	cairo_surface_t *img = cairo_image_surface_create_from_png(png);
	ck_assert_int_eq(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
	int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
	int stride = cairo_image_surface_get_stride(img);
	const unsigned char *px = cairo_image_surface_get_data(img);
	long dark = 0;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint32_t v = ((const uint32_t *)(px + (size_t)y * (size_t)stride))[x];
			double lum = 0.299 * (v >> 16 & 255) + 0.587 * (v >> 8 & 255) + 0.114 * (v & 255);
			dark += lum < 128;
		}
	cairo_surface_destroy(img);
	double a = pgm_ink(t_tmp("page1.pgm")), b = (double)dark / ((double)w * h);
	ck_assert_msg(a > 0.02 && b > 0.02, "ink: PDF %.4f, PNG %.4f", a, b);
	ck_assert_msg(a / b > 0.95 && a / b < 1.1, "ink: PDF %.4f, PNG %.4f", a, b);
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

/* A run whose baseline falls on a whole point is drawn too. Cairo skips a
 * glyph run whose ink box is empty, and the subset fonts Cairo measures
 * had no outlines: a run's box was then a line along its baseline, empty
 * when the baseline is a whole number of points (the total 34 over a
 * stacked column of samples/charts.yaml was missing from the PDF). Every
 * top-level run of page 1 is moved to a whole point and must come back. */
START_TEST(test_run_on_whole_point_drawn)
{
	const char *report = t_write("whole-point.yaml", "meta:\n  title: 整点基线\n"
							 "body:\n  - text: 第一段落文字\n");
	struct render r;
	struct diag d;
	t_render(&r, &d, report, "briefing");
	struct group *g = &r.frames.pages[0].content;
	int moved = 0;
	for (int i = 0; i < g->nitems; i++)
		if (g->items[i].kind == ITEM_GLYPHS) {
			g->items[i].y = floor(g->items[i].y);
			g->items[i].x = floor(g->items[i].x);
			moved++;
		}
	ck_assert_int_ge(moved, 1);
	const char *pdf = t_tmp("whole-point.pdf");
	ck_assert_int_eq(export_pdf(&r.frames, pdf, NULL, &d), 0);
	render_release(&r);
	diag_release(&d);
	char *out = run(NULL, "pdftotext -raw -enc UTF-8 '%s' -", pdf);
	ck_assert_msg(strstr(out, "整点基线"), "the title is missing from the PDF:\n%s", out);
	ck_assert_msg(strstr(out, "第一段落文字"), "the text is missing from the PDF:\n%s", out);
	free(out);
}
END_TEST

/* The machine's fontconfig is read only when a run needs it: a broken
 * FONTCONFIG_FILE goes unnoticed by a report the pinned fonts cover, and
 * is read (fontconfig complains) for a character no pinned font has and for
 * 仿宋, which asks for a machine's FangSong first. */
START_TEST(test_system_fonts_lazy)
{
	const char *conf = t_write("broken-fonts.conf", "<?xml version=\"1.0\"?>\n<fontconfig><broken>\n");
	setenv("FONTCONFIG_FILE", conf, 1);
	static const struct {
		const char *args;
		bool reads;
	} cases[] = {
		{ "render samples/card.yaml -l card -o build/tmp/lazy.png", false },
		{ "render samples/briefing.yaml -l briefing -o build/tmp/lazy.pdf", false },
		{ "render build/tmp/lazy-tofu.yaml -l card -o build/tmp/lazy-tofu.png", true },
		{ "render samples/gongwen.yaml -l gongwen -o build/tmp/lazy-gongwen.pdf", true },
	};
	t_write("lazy-tofu.yaml", "body:\n  - text: 经开区\xF0\xA0\x80\x80新闻\n");
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char *err;
		ck_assert_int_eq(t_run(cases[i].args, &err), 0);
		ck_assert_msg(!strstr(err, "Fontconfig") == !cases[i].reads, "%s:\n%s", cases[i].args, err);
		free(err);
	}
	unsetenv("FONTCONFIG_FILE");
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
	tcase_add_test(tc, test_optional_libraries_lazy);
	tcase_add_test(tc, test_text_recovered);
	tcase_add_test(tc, test_fonts_embedded);
	tcase_add_test(tc, test_fonts_subset);
	tcase_add_test(tc, test_subset_pages_released);
	tcase_add_test(tc, test_sfnt_sparse_same_subset);
	tcase_add_test(tc, test_pdf_ink_matches_png);
	tcase_add_test(tc, test_qpdf_check);
	tcase_add_test(tc, test_metadata_and_outline);
	tcase_add_test(tc, test_byte_identical);
	tcase_add_test(tc, test_print_boxes);
	tcase_add_test(tc, test_pages_to_numbered_pngs);
	tcase_add_test(tc, test_card_png_exact);
	tcase_add_test(tc, test_png_bands);
	tcase_add_test(tc, test_tofu_stays_text);
	tcase_add_test(tc, test_run_on_whole_point_drawn);
	tcase_add_test(tc, test_source_date_epoch);
	tcase_add_test(tc, test_system_fonts_lazy);
	suite_add_tcase(s, tc);
	return t_run_suite(s) ? 1 : 0;
}
