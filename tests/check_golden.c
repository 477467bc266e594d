/* check_golden.c — the golden tier: text traces of the samples' frames (the
 * main gate: every glyph run's position, font and text) and a small reference
 * PNG compared with a tolerance. Update with `make golden-update` and review
 * the diff and the images by eye. */
#include <cairo.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "export/export.h"
#include "export/trace.h"
#include "testutil.h"

static void check_trace(const char *report, const char *layout, const char *golden)
{
	struct render r;
	struct diag d;
	t_render(&r, &d, t_path(report), layout);
	struct buf b;
	buf_init(&b);
	trace_frames(&r.frames, &b);
	t_golden_text(golden, b.data);
	buf_release(&b);
	render_release(&r);
	diag_release(&d);
}

START_TEST(test_trace_briefing)
{
	check_trace("samples/briefing.yaml", "briefing", "briefing.trace");
}
END_TEST

START_TEST(test_trace_card)
{
	check_trace("samples/card.yaml", "card", "card.trace");
}
END_TEST

START_TEST(test_trace_gongwen)
{
	check_trace("samples/gongwen.yaml", "gongwen", "gongwen.trace");
}
END_TEST

START_TEST(test_trace_cover)
{
	check_trace("samples/briefing.yaml", "cover", "cover.trace");
}
END_TEST

START_TEST(test_trace_charts)
{
	check_trace("samples/charts.yaml", "briefing", "charts.trace");
}
END_TEST

/* Render report on layout to PNG and compare with tests/golden/NAME.png of
 * w×h px. Pixels differing by more than 32 in any channel count as
 * different; up to 0.3% of them are tolerated (anti-aliasing differences
 * between builds). */
static void check_png_page(const char *report, const char *layout, int page, double dpi,
			   const char *name, int want_w, int want_h)
{
	struct render r;
	struct diag d;
	t_render(&r, &d, t_path(report), strchr(layout, '/') ? t_path(layout) : layout);
	char *file = xasprintf("%s.png", name), *diffname = xasprintf("%s-diff.png", name);
	char *gold = xasprintf("tests/golden/%s.png", name);
	const char *actual = t_tmp(file);
	/* One page: that page alone in the frames while it is written. */
	int npages = r.frames.npages;
	if (page < 0)
		page = npages - 1;
	ck_assert_int_lt(page, npages);
	struct page first = r.frames.pages[0];
	r.frames.pages[0] = r.frames.pages[page];
	r.frames.npages = 1;
	ck_assert_int_eq(export_png(&r.frames, actual, &(struct export_opts){ .dpi = dpi }, &d), 0);
	r.frames.pages[page] = r.frames.pages[0];
	r.frames.pages[0] = first;
	r.frames.npages = npages;
	render_release(&r);
	diag_release(&d);
	const char *golden = t_path(gold);
	if (getenv("PAIBAN_GOLDEN_UPDATE")) {
		char *cmd = xasprintf("cp '%s' '%s'", actual, golden);
		ck_assert_int_eq(system(cmd), 0);
		free(cmd);
		free(file), free(diffname), free(gold);
		return;
	}
	cairo_surface_t *a = cairo_image_surface_create_from_png(actual);
	cairo_surface_t *g = cairo_image_surface_create_from_png(golden);
	ck_assert_int_eq(cairo_surface_status(a), CAIRO_STATUS_SUCCESS);
	ck_assert_msg(cairo_surface_status(g) == CAIRO_STATUS_SUCCESS, "cannot read %s", golden);
	int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
	ck_assert_int_eq(w, want_w);
	ck_assert_int_eq(h, want_h);
	ck_assert_int_eq(cairo_image_surface_get_width(g), w);
	ck_assert_int_eq(cairo_image_surface_get_height(g), h);
	cairo_surface_t *diff = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	unsigned char *pa = cairo_image_surface_get_data(a), *pg = cairo_image_surface_get_data(g);
	unsigned char *pd = cairo_image_surface_get_data(diff);
	int sa = cairo_image_surface_get_stride(a), sg = cairo_image_surface_get_stride(g);
	int sd = cairo_image_surface_get_stride(diff);
	long bad = 0;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint32_t va = ((uint32_t *)(pa + y * sa))[x], vg = ((uint32_t *)(pg + y * sg))[x];
			int worst = 0;
			for (int sh = 0; sh < 24; sh += 8) {
				int dv = abs((int)((va >> sh) & 255) - (int)((vg >> sh) & 255));
				if (dv > worst)
					worst = dv;
			}
			((uint32_t *)(pd + y * sd))[x] = worst > 32 ? 0xFF0000 : (va & 0xFFFFFF) | 0x808080;
			bad += worst > 32;
		}
	cairo_surface_mark_dirty(diff);
	if (bad > (long)w * h * 3 / 1000)
		cairo_surface_write_to_png(diff, t_tmp(diffname));
	ck_assert_msg(bad <= (long)w * h * 3 / 1000, "%ld pixels differ from %s; see %s and %s", bad,
		      gold, actual, t_tmp(diffname));
	cairo_surface_destroy(a);
	cairo_surface_destroy(g);
	cairo_surface_destroy(diff);
	free(file), free(diffname), free(gold);
}

static void check_png(const char *report, const char *layout, const char *name, int want_w,
		      int want_h)
{
	check_png_page(report, layout, 0, 0, name, want_w, want_h);
}

	/* A WeChat cover with a picture: cropped to fill, darkened under a light
 * title, the logo at the bottom right. */
START_TEST(test_png_cover_photo)
{
	check_png("tests/data/cover-photo.yaml", "cover", "cover-photo", 900, 383);
}
END_TEST

/* The closing card of a series: logo, name, QR code, call to action. */
START_TEST(test_png_closing_card)
{
	check_png_page("tests/data/closing.yaml", "card", -1, 0, "closing", 1080, 1440);
}
END_TEST

START_TEST(test_png_small)
{
	check_png("tests/data/small.yaml", "tests/data/small-layout.yaml", "small", 360, 360);
}
END_TEST

/* Page 1 of the news sample (A3 with bleed and marks, at 40 dpi): the
 * headline stack, the photo across, key figures in a row, columns to the
 * foot. */
START_TEST(test_png_news_page)
{
	check_png_page("samples/news.yaml", "news", 0, 40, "news-1", 496, 690);
}
END_TEST

/* The last page of the 公文 sample (A4 at 50 dpi): the 版记 alone on an
 * even page, without a page number. */
START_TEST(test_png_gongwen_last_page)
{
	check_png_page("samples/gongwen.yaml", "gongwen", -1, 50, "gongwen-last", 413, 585);
}
END_TEST

/* A JPEG photo turned upright by its EXIF orientation and an SVG logo. */
START_TEST(test_png_pictures)
{
	check_png("tests/data/pictures.yaml", "tests/data/pictures-layout.yaml", "pictures", 360, 520);
}
END_TEST

/* Every chart type on one canvas. */
START_TEST(test_png_charts)
{
	check_png("tests/data/charts-small.yaml", "tests/data/charts-layout.yaml", "charts", 900, 1200);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("golden");
	TCase *tc = tcase_create("trace");
	tcase_add_test(tc, test_trace_briefing);
	tcase_add_test(tc, test_trace_card);
	tcase_add_test(tc, test_trace_gongwen);
	tcase_add_test(tc, test_trace_cover);
	tcase_add_test(tc, test_trace_charts);
	suite_add_tcase(s, tc);
	tc = tcase_create("png");
	tcase_add_test(tc, test_png_small);
	tcase_add_test(tc, test_png_charts);
	tcase_add_test(tc, test_png_news_page);
	tcase_add_test(tc, test_png_gongwen_last_page);
	tcase_add_test(tc, test_png_pictures);
	tcase_add_test(tc, test_png_cover_photo);
	tcase_add_test(tc, test_png_closing_card);
	suite_add_tcase(s, tc);
	return t_run_suite(s) ? 1 : 0;
}
