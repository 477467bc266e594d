/* check_social.c — social layouts: the exact pixel size of every built-in
 * canvas (PNG headers), series split between lines by the keep rules with 1/N markers,
 * shrink-to-fit and its error, a long image taller than 16,384 px, the
 * output folder of several layouts, --scale and --max-bytes. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "export/export.h"
#include "style/layout.h"
#include "testutil.h"

/* Width and height from a PNG's IHDR; asserts the signature. */
static void png_dims(const char *path, long *w, long *h)
{
	size_t len;
	char *data = t_read(path, &len);
	ck_assert_msg(data != NULL, "missing %s", path);
	ck_assert_uint_ge(len, 24);
	ck_assert(!memcmp(data, "\x89PNG\r\n\x1a\n", 8));
	ck_assert(!memcmp(data + 12, "IHDR", 4));
	const unsigned char *u = (const unsigned char *)data;
	*w = (long)u[16] << 24 | (long)u[17] << 16 | (long)u[18] << 8 | u[19];
	*h = (long)u[20] << 24 | (long)u[21] << 16 | (long)u[22] << 8 | u[23];
	free(data);
}

static long file_size(const char *path)
{
	size_t len;
	char *data = t_read(path, &len);
	ck_assert_msg(data != NULL, "missing %s", path);
	free(data);
	return (long)len;
}

static const struct {
	const char *layout;
	long w, h; /* h 0: auto */
} canvases[] = {
	{ "card", 1080, 1440 }, { "square", 1080, 1080 }, { "cover", 900, 383 },
	{ "story", 1080, 1920 }, { "og", 1200, 630 }, { "long", 1080, 0 },
};

/* Every built-in social layout writes PNGs of exactly its canvas size, for
 * the sample report (series: every image of it). */
START_TEST(test_canvas_sizes)
{
	char *args = xasprintf("render '%s' -l %s -o '%s' --no-system-fonts -q",
			       t_path("samples/briefing.yaml"), canvases[_i].layout, t_tmp("sizes/"));
	char *err;
	ck_assert_int_eq(t_run(args, &err), 0);
	/* No message (a sanitizer build may add its own report). */
	ck_assert_msg(!strstr(err, "error") && !strstr(err, "warning"), "%s", err);
	free(err);
	free(args);
	char *one = xasprintf("sizes/briefing-%s.png", canvases[_i].layout);
	int n = 0;
	if (t_exists(t_tmp(one))) {
		long w, h;
		png_dims(t_tmp(one), &w, &h);
		ck_assert_int_eq(w, canvases[_i].w);
		if (canvases[_i].h)
			ck_assert_int_eq(h, canvases[_i].h);
		else
			ck_assert_int_gt(h, 1440);
		n = 1;
	} else {
		for (int k = 1;; k++) {
			char *name = xasprintf("sizes/briefing-%s-%d.png", canvases[_i].layout, k);
			bool there = t_exists(t_tmp(name));
			if (there) {
				long w, h;
				png_dims(t_tmp(name), &w, &h);
				ck_assert_int_eq(w, canvases[_i].w);
				ck_assert_int_eq(h, canvases[_i].h);
				n++;
			}
			free(name);
			if (!there)
				break;
		}
	}
	ck_assert_int_ge(n, 1);
	free(one);
}
END_TEST

/* Extent of every glyph run on every page: [x0, x1] × [top, bottom] of the
 * em boxes (top = baseline − 0.88 em, bottom = baseline + 0.12 em). */
static void text_extent(const struct render *r, double *x0, double *x1, double *top, double *bottom)
{
	*x0 = *top = 1e9;
	*x1 = *bottom = -1e9;
	for (int pg = 0; pg < r->frames.npages; pg++)
		for (int i = 0; i < t_flat(&r->frames.pages[pg])->nitems; i++) {
			const struct frame_item *it = &t_flat(&r->frames.pages[pg])->items[i];
			if (it->kind != ITEM_GLYPHS || !it->u.run->nglyphs)
				continue;
			double gx = it->x + it->u.run->glyphs[0].x;
			*x0 = fmin(*x0, gx);
			*x1 = fmax(*x1, it->x + it->u.run->width);
			*top = fmin(*top, it->y - 0.88 * it->u.run->size);
			*bottom = fmax(*bottom, it->y + 0.12 * it->u.run->size);
		}
}

/* The cover's title block stays inside the central 383×383 px square that
 * WeChat keeps when it crops the cover to 1:1. */
START_TEST(test_cover_safe_square)
{
	struct render r;
	struct diag d;
	t_render(&r, &d, t_path("samples/briefing.yaml"), "cover");
	double x0, x1, top, bottom;
	text_extent(&r, &x0, &x1, &top, &bottom);
	double sq0 = (900 - 383) / 2.0 * 0.75, sq1 = (900 + 383) / 2.0 * 0.75;
	ck_assert_msg(x0 >= sq0 && x1 <= sq1, "text from %.1f to %.1f pt, square %.1f to %.1f", x0, x1,
		      sq0, sq1);
	ck_assert(top >= 0 && bottom <= 383 * 0.75);
	/* Centred vertically, to a few points (glyph ink is not the em box). */
	ck_assert_msg(fabs(top - (383 * 0.75 - bottom)) < 6, "%.1f pt above, %.1f pt below", top,
		      383 * 0.75 - bottom);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* A story's text, its series marker too, stays out of the top 250 px and
 * the bottom 340 px, where the platforms put their buttons. */
START_TEST(test_story_safe_zones)
{
	struct render r;
	struct diag d;
	t_render(&r, &d, t_path("samples/briefing.yaml"), "story");
	ck_assert_int_gt(r.frames.npages, 1);
	for (int pg = 0; pg < r.frames.npages; pg++)
		for (int i = 0; i < t_flat(&r.frames.pages[pg])->nitems; i++) {
			const struct frame_item *it = &t_flat(&r.frames.pages[pg])->items[i];
			if (it->kind != ITEM_GLYPHS)
				continue;
			ck_assert(it->y - 0.88 * it->u.run->size >= 250 * 0.75 - 1e-6);
			ck_assert(it->y + 0.12 * it->u.run->size <= (1920 - 340) * 0.75 + 1e-6);
		}
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* --scale 2 doubles each side of a canvas. */
START_TEST(test_scale_2)
{
	char *args = xasprintf("render '%s' -l cover -o '%s' --scale 2 --no-system-fonts",
			       t_path("samples/briefing.yaml"), t_tmp("cover2x.png"));
	char *err;
	ck_assert_int_eq(t_run(args, &err), 0);
	free(err);
	free(args);
	long w, h;
	png_dims(t_tmp("cover2x.png"), &w, &h);
	ck_assert_int_eq(w, 1800);
	ck_assert_int_eq(h, 766);
}
END_TEST

/* -l a,b,c -o DIR/ names each output REPORT-LAYOUT.ext; a list needs a folder. */
START_TEST(test_pack_names)
{
	char *args = xasprintf("render '%s' -l cover,og,gongwen -o '%s' --no-system-fonts -q",
			       t_path("samples/card.yaml"), t_tmp("pack/"));
	char *err;
	ck_assert_int_eq(t_run(args, &err), 0);
	free(err);
	free(args);
	ck_assert(t_exists(t_tmp("pack/card-cover.png")));
	ck_assert(t_exists(t_tmp("pack/card-og.png")));
	ck_assert(t_exists(t_tmp("pack/card-gongwen.pdf")));

	args = xasprintf("render '%s' -l cover,og -o '%s'", t_path("samples/card.yaml"), t_tmp("x.png"));
	ck_assert_int_eq(t_run(args, &err), 2);
	ck_assert_ptr_nonnull(strstr(err, "several layouts need an output folder: -o FOLDER/"));
	free(err);
	free(args);
}
END_TEST

/* A report of numbered blocks: paragraphs, a list and key figures. */
static const char *series_report(int blocks)
{
	struct buf b;
	buf_init(&b);
	buf_addstr(&b, "meta: {title: 分组测试}\nbody:\n");
	for (int i = 0; i < blocks; i++) {
		if (i % 5 == 3) {
			buf_addf(&b, "  - list:\n      - 第%d块第一项，内容较短。\n      - 第%d块第二项，内容也较短。\n"
				     "      - 第%d块第三项。\n", i, i, i);
		} else if (i % 5 == 4) {
			buf_addf(&b, "  - kpis:\n      - {value: \"%d\", unit: 个, label: 指标甲}\n"
				     "      - {value: \"%d\", unit: 亿元, label: 指标乙}\n"
				     "      - {value: \"%d\", unit: 个, label: 指标丙}\n", i, i + 1, i + 2);
		} else {
			buf_addf(&b, "  - text: 第%d块。", i);
			for (int k = 0; k < 3 + i % 4; k++)
				buf_addstr(&b, "这是一段用来测试分组切分的正文，每一块都不应被拆到两张图里。");
			buf_addch(&b, '\n');
		}
	}
	const char *path = t_write("series.yaml", b.data);
	buf_release(&b);
	return path;
}

/* The block a glyph run's text comes from: its source line in the report
 * (every block above is on lines of its own). */
static int run_line(const struct glyph_run *r)
{
	int line, col;
	span_line_col(&r->span, &line, &col);
	return line;
}

/* A carousel splits like pages: between the lines of a paragraph, but
 * never one line of it alone on an image; a block of key figures is never
 * split; each image is marked N/total. */
START_TEST(test_series_splits_by_rules)
{
	struct render r;
	struct diag d;
	t_render(&r, &d, series_report(30), "card");
	ck_assert_int_ge(r.frames.npages, 3);
	ck_assert_int_eq(d.warnings, 0);
	int npages = r.frames.npages;
	/* The image each key-figure block (its source line) is on. */
	int *kpi_page = xcalloc(4096, sizeof(int));
	for (int p = 0; p < npages; p++) {
		const struct page *pg = &r.frames.pages[p];
		const struct frame_item *marker = NULL;
		for (int i = 0; i < t_flat(pg)->nitems; i++) {
			const struct frame_item *it = &t_flat(pg)->items[i];
			if (it->kind != ITEM_GLYPHS)
				continue;
			if (!it->u.run->span.src) {
				marker = it;
				continue;
			}
			const char *src = it->u.run->span.src->text;
			size_t off = it->u.run->span.off;
			/* The line "  - kpis:" of the block a value is in. */
			size_t ls = off;
			while (ls > 0 && src[ls - 1] != '\n')
				ls--;
			if (strncmp(src + ls, "      - {value", 14))
				continue;
			int line = run_line(it->u.run);
			ck_assert_int_lt(line, 4096);
			while (strncmp(src + ls, "  - kpis:", 9)) {
				ls--;
				while (ls > 0 && src[ls - 1] != '\n')
					ls--;
				line--;
			}
			if (kpi_page[line] == 0)
				kpi_page[line] = p + 1;
			ck_assert_msg(kpi_page[line] == p + 1, "key figures at line %d are on images %d and %d",
				      line, kpi_page[line], p + 1);
		}
		ck_assert_ptr_nonnull(marker);
		char want[32];
		snprintf(want, sizeof(want), "%d/%d", p + 1, npages);
		ck_assert_int_eq(marker->u.run->text_len, (int)strlen(want));
		ck_assert(!memcmp(marker->u.run->text, want, strlen(want)));
		/* In the bottom margin, never over the content. */
		ck_assert(marker->y > r.layout.page_h - r.layout.margin[2]);
	}
	/* Paragraphs: split, but no image holds one line of a longer one. */
	int split = 0;
	for (int i = 0; i < r.flow.nlines; i++) {
		const struct line_mark *m = &r.flow.lines[i];
		if (m->para < 0 || m->lines < 2)
			continue;
		int on_page = 0;
		for (int j = 0; j < r.flow.nlines; j++)
			on_page += r.flow.lines[j].para == m->para && r.flow.lines[j].page == m->page;
		ck_assert_msg(on_page >= 2, "paragraph %d has one line alone on image %d", m->para,
			      m->page + 1);
		split += on_page < m->lines && m->line == 0;
	}
	ck_assert_int_ge(split, 1);
	free(kpi_page);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* Shrink-to-fit: a report a little too long for the canvas at full size is
 * set smaller, on one image, no smaller than min-size. */
START_TEST(test_shrink_fits)
{
	const char *layout = t_write("shrink.yaml", "base: square\nfit: {mode: shrink, min-size: 20px}\n"
						    "page-number: \"\"\n");
	struct render r;
	struct diag d;
	t_render(&r, &d, series_report(5), layout);
	ck_assert_int_eq(r.frames.npages, 1);
	ck_assert(r.scale < 1);
	ck_assert(r.layout.roles[ROLE_BODY].size * r.scale >= 20 * 0.75 - 1e-9);
	/* Every glyph run is set at the scaled size of its role or smaller and
	 * stays inside the canvas's text area. */
	const struct page *p = &r.frames.pages[0];
	double bottom = r.layout.page_h - r.layout.margin[2];
	int body = 0;
	for (int i = 0; i < t_flat(p)->nitems; i++) {
		const struct frame_item *it = &t_flat(p)->items[i];
		if (it->kind == ITEM_GLYPHS) {
			ck_assert(it->y <= bottom + 1e-6);
			if (fabs(it->u.run->size - r.layout.roles[ROLE_BODY].size * r.scale) < 1e-9)
				body++;
		}
	}
	ck_assert_int_gt(body, 10);
	render_release(&r);
	diag_release(&d);

	/* The same report at full size needs more than one image. */
	t_render(&r, &d, series_report(5), t_write("noshrink.yaml", "base: square\nfit: {mode: none}\n"));
	ck_assert_int_gt(r.frames.npages, 1);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* Too much for min-size: an error at the first block that does not fit,
 * exit code 1 and no file. */
START_TEST(test_shrink_error)
{
	const char *layout = t_write("shrink2.yaml", "base: square\nfit: {mode: shrink, min-size: 28px}\n");
	char *args = xasprintf("render '%s' -l '%s' -o '%s' --no-system-fonts",
			       series_report(30), layout, t_tmp("toolong.png"));
	char *err;
	remove(t_tmp("toolong.png"));
	ck_assert_int_eq(t_run(args, &err), 1);
	ck_assert_msg(strstr(err, "error: this does not fit on the 1080×1080 px canvas of layout "
				  "'square' even with type shrunk to 28px (fit: shrink, min-size)"),
		      "%s", err);
	/* It points at a block of the report: "series.yaml:LINE:COL". */
	ck_assert_ptr_nonnull(strstr(err, "series.yaml:"));
	ck_assert(!t_exists(t_tmp("toolong.png")));
	free(err);
	free(args);
}
END_TEST

/* A long image taller than 16,384 px (and than Cairo's 32,767) is written
 * whole, with the right size in its header and its last strip drawn. */
START_TEST(test_long_image)
{
	struct buf b;
	buf_init(&b);
	buf_addstr(&b, "meta: {title: 长图测试}\nbody:\n");
	for (int i = 0; i < 300; i++)
		buf_addf(&b, "  - text: 第%d段，长图里的一段正文，用来把图片撑到三万多像素高。\n", i);
	buf_addstr(&b, "  - heading: 结尾\n");
	struct render r;
	struct diag d;
	t_render(&r, &d, t_write("long.yaml", b.data), "long");
	buf_release(&b);
	ck_assert_int_eq(r.frames.npages, 1);
	int w, h;
	export_png_size(&r.frames.pages[0], 96, &w, &h);
	ck_assert_int_eq(w, 1080);
	ck_assert_int_gt(h, 32767);
	const char *out = t_tmp("long.png");
	ck_assert_int_eq(export_png(&r.frames, out, NULL, &d), 0);
	long pw, ph;
	png_dims(out, &pw, &ph);
	ck_assert_int_eq(pw, 1080);
	ck_assert_int_eq(ph, h);
	/* Cut to the content: the last text ends within the bottom margin
	 * plus a line of the page's end. */
	double last = 0;
	const struct page *p = &r.frames.pages[0];
	for (int i = 0; i < t_flat(p)->nitems; i++)
		if (t_flat(p)->items[i].kind == ITEM_GLYPHS)
			last = fmax(last, t_flat(p)->items[i].y);
	ck_assert(p->h - last < r.layout.margin[2] + 60);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* A long image ends its bottom margin below its lowest item, whatever the
 * item: an image block at the end (once measured by its width, which made a
 * full-width picture's canvas 137 pt too tall and let a 40 % one eat the
 * margin) as well as text. */
START_TEST(test_long_image_ends_with_picture)
{
	static const char *const widths[] = { "100%", "40%" };
	char report[512];
	snprintf(report, sizeof(report),
		 "meta: {title: 长图结尾是图片}\nbody:\n  - text: 一段正文。\n"
		 "  - image: {file: %s, width: \"%s\", caption: 图片说明}\n",
		 "park.png", widths[_i]);
	t_copy("samples/data/park.png", "park.png"); /* next to the report */
	struct render r;
	struct diag d;
	t_render(&r, &d, t_write("long-picture.yaml", report), "long");
	ck_assert_int_eq(r.frames.npages, 1);
	const struct page *p = &r.frames.pages[0];
	double bottom = 0, image_bottom = 0;
	for (int i = 0; i < t_flat(p)->nitems; i++) {
		const struct frame_item *it = &t_flat(p)->items[i];
		struct rect b = frame_item_bounds(it);
		if (b.y0 <= b.y1 && it->y < p->h - r.layout.margin[2] / 2)
			bottom = fmax(bottom, b.y1);
		if (it->kind == ITEM_IMAGE)
			image_bottom = it->y + it->u.image.h;
	}
	ck_assert_double_gt(image_bottom, 0);
	/* The margin under the content is the layout's, to the next whole pixel. */
	ck_assert_double_ge(p->h - bottom, r.layout.margin[2] - 1e-6);
	ck_assert_double_lt(p->h - bottom, r.layout.margin[2] + 0.75);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* max-height splits a long image between blocks into several files. */
START_TEST(test_long_split)
{
	const char *layout = t_write("long-split.yaml", "base: long\npage: {max-height: 3000px}\n");
	struct render r;
	struct diag d;
	t_render(&r, &d, series_report(30), layout);
	ck_assert_int_ge(r.frames.npages, 2);
	long total = 0;
	for (int i = 0; i < r.frames.npages; i++) {
		int w, h;
		export_png_size(&r.frames.pages[i], 96, &w, &h);
		ck_assert_int_eq(w, 1080);
		ck_assert_int_le(h, 3000);
		total += h;
	}
	ck_assert_int_gt(total, 3000);
	ck_assert_int_eq(d.warnings, 0);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* --max-bytes: met by stronger compression when possible; otherwise an
 * error naming the smallest size, exit 3 and no file. */
START_TEST(test_byte_budget)
{
	/* t_path's buffer is reused: keep a copy. */
	char *report = xstrdup(t_path("samples/briefing.yaml"));
	char *args = xasprintf("render '%s' -l og -o '%s' --no-system-fonts", report, t_tmp("og-free.png"));
	char *err;
	ck_assert_int_eq(t_run(args, &err), 0);
	free(err);
	free(args);
	long free_size = file_size(t_tmp("og-free.png"));
	/* A budget just under the default encoding's size. */
	char *budget = xasprintf("%ld", free_size - 1);
	args = xasprintf("render '%s' -l og -o '%s' --max-bytes %s --no-system-fonts", report,
			 t_tmp("og-budget.png"), budget);
	ck_assert_int_eq(t_run(args, &err), 0);
	ck_assert_msg(!strstr(err, "error") && !strstr(err, "warning"), "%s", err);
	free(err);
	free(args);
	free(budget);
	ck_assert_int_lt(file_size(t_tmp("og-budget.png")), free_size);

	remove(t_tmp("og-tiny.png"));
	args = xasprintf("render '%s' -l og -o '%s' --max-bytes 2kB --no-system-fonts", report,
			 t_tmp("og-tiny.png"));
	ck_assert_int_eq(t_run(args, &err), 3);
	ck_assert_msg(strstr(err, "og-tiny.png: error: cannot keep the 1200×630 px PNG under 2.0 kB: "
				  "the smallest lossless encoding is "),
		      "%s", err);
	ck_assert(!t_exists(t_tmp("og-tiny.png")));
	free(err);
	free(args);

	args = xasprintf("render '%s' -l og -o '%s' --max-bytes lots", report, t_tmp("x.png"));
	ck_assert_int_eq(t_run(args, &err), 2);
	ck_assert_ptr_nonnull(strstr(err, "--max-bytes must be a size such as 1MB"));
	free(err);
	free(args);
	free(report);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("social");
	TCase *tc = tcase_create("sizes");
	tcase_add_loop_test(tc, test_canvas_sizes, 0, (int)ARRAY_LEN(canvases));
	tcase_add_test(tc, test_scale_2);
	tcase_add_test(tc, test_pack_names);
	tcase_add_test(tc, test_cover_safe_square);
	tcase_add_test(tc, test_story_safe_zones);
	suite_add_tcase(s, tc);
	tc = tcase_create("fitting");
	tcase_add_test(tc, test_series_splits_by_rules);
	tcase_add_test(tc, test_shrink_fits);
	tcase_add_test(tc, test_shrink_error);
	suite_add_tcase(s, tc);
	tc = tcase_create("long");
	tcase_add_test(tc, test_long_image);
	tcase_add_loop_test(tc, test_long_image_ends_with_picture, 0, 2);
	tcase_add_test(tc, test_long_split);
	tcase_add_test(tc, test_byte_budget);
	suite_add_tcase(s, tc);
	return t_run_suite(s) ? 1 : 0;
}
