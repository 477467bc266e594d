/* check_series.c — social series that fill their canvases: the sample
 * briefing as 小红书 cards, squares and stories split between lines with
 * the print flow's keep rules, every image but the last at least 80 % full,
 * the most images a layout allows (max-images) with shrinking and its
 * error, and the closing card whose QR code a decoder reads back. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "flow/report.h"
#include "testutil.h"

/* How full an image is: from the top of the text area down to the bottom
 * of the lowest thing on it (by frame_item_bounds, the font's em box for
 * text), as a share of the text area's height. The page number, which sits
 * in the bottom margin, does not count. */
static double fill(const struct render *r, int pg)
{
	const struct layout *l = &r->layout;
	const struct page *p = &r->frames.pages[pg];
	double y0 = l->margin[0], y1 = p->h - l->margin[2], bottom = y0;
	for (int i = 0; i < p->content.nitems; i++) {
		struct rect b = frame_item_bounds(&p->content.items[i]);
		if (b.x0 > b.x1 || b.y0 >= y1 - 1e-6)
			continue;
		bottom = fmax(bottom, fmin(b.y1, y1));
	}
	return (bottom - y0) / (y1 - y0);
}

static const char *const series_layouts[] = { "card", "square", "story" };
static const char *const series_reports[] = { "samples/briefing.yaml", "tests/data/social-2000.yaml" };

/* Every image of the sample's series but the last is at least 80 % full,
 * and so is every image of a 2,000-character text written for the test. */
START_TEST(test_series_fill)
{
	struct render r;
	struct diag d;
	const char *report = series_reports[_i / 3], *layout = series_layouts[_i % 3];
	t_render(&r, &d, t_path(report), layout);
	/* The sample has a url: its series ends with a closing card, which
	 * is not counted; the last image of the report's text is. */
	ck_assert(r.layout.closing_card && r.doc.meta.url.len);
	int n = r.frames.npages - 1;
	double least = 1;
	int at = -1;
	for (int pg = 0; pg + 1 < n; pg++)
		if (fill(&r, pg) < least)
			least = fill(&r, pg), at = pg;
	printf("series %s %-6s: %d images and a closing card, least full %.0f %% (image %d), last %.0f %%, type at %.0f %%\n",
	       report, layout, n, 100 * least, at + 1, 100 * fill(&r, n - 1), 100 * r.scale);
	ck_assert_msg(least >= 0.80, "%s %s image %d is %.0f %% full", report, layout, at + 1,
		      100 * least);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* A heading is never the last thing on an image, and a quote's source
 * never starts one (line marks of the sample's series). */
START_TEST(test_series_keeps)
{
	struct render r;
	struct diag d;
	t_render(&r, &d, t_path("samples/briefing.yaml"), series_layouts[_i]);
	for (int i = 0; i < r.flow.nlines; i++) {
		const struct line_mark *m = &r.flow.lines[i];
		if (m->para == -1)
			ck_assert_msg(i + 1 < r.flow.nlines && r.flow.lines[i + 1].page == m->page,
				      "%s: a heading ends image %d", series_layouts[_i], m->page + 1);
	}
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* A quote and its source: the source is never alone at the top of an
 * image, wherever the quote falls. */
START_TEST(test_quote_keeps_source)
{
	for (int filler = 0; filler < 14; filler++) {
		struct buf b;
		buf_init(&b);
		buf_addstr(&b, "meta: {title: 引语}\nbody:\n  - text: |\n      ");
		for (int k = 0; k < 24 + filler; k++)
			buf_addstr(&b, "经开区把制造业倍增行动作为工作主抓手，推动项目提速建设。");
		buf_addstr(&b, "\n  - quote: {text: 新征程上，观望懈怠者终将掉队，真抓实干者方能挑起大梁。"
			       "全区上下将鼓足闯劲、保持韧劲、激发干劲。, source: 大会报告}\n");
		struct render r;
		struct diag d;
		t_render(&r, &d, t_write("quote.yaml", b.data), "card");
		buf_release(&b);
		/* The source is the quote paragraph's last line: not alone. */
		const struct line_mark *last = &r.flow.lines[r.flow.nlines - 1];
		const struct line_mark *before = &r.flow.lines[r.flow.nlines - 2];
		ck_assert_int_eq(last->para, before->para);
		ck_assert_int_eq(last->page, before->page);
		render_release(&r);
		diag_release(&d);
	}
}
END_TEST

/* max-images: a series that needs more images is set smaller until it
 * fits; one that does not fit even at min-size is an error that says how
 * many images it needs. */
START_TEST(test_max_images)
{
	struct render r;
	struct diag d;
	t_render(&r, &d, t_path("samples/briefing.yaml"), "card");
	int full = r.frames.npages;
	render_release(&r);
	diag_release(&d);
	ck_assert_int_le(full, 18); /* the 小红书 preset of the card layout */
	char *lay = xasprintf("base: card\nfit: {mode: series, max-images: %d, min-size: 22px}\n", full - 2);
	t_render(&r, &d, t_path("samples/briefing.yaml"), t_write("max.yaml", lay));
	free(lay);
	ck_assert_int_le(r.frames.npages, full - 2);
	ck_assert(r.scale < 1);
	ck_assert(r.layout.roles[ROLE_BODY].size * r.scale >= 22 * 0.75 - 1e-9);
	render_release(&r);
	diag_release(&d);

	char *args = xasprintf("render '%s' -l '%s' -o '%s' --no-system-fonts",
			       t_path("samples/briefing.yaml"),
			       t_write("wechat.yaml", "base: card\nname: wechat\nfit: {mode: series, max-images: wechat, min-size: 30px}\n"),
			       t_tmp("wechat/"));
	char *err;
	ck_assert_int_eq(t_run(args, &err), 1);
	ck_assert_msg(strstr(err, "error: this report needs ") &&
			      strstr(err, "images of layout 'wechat' even with type shrunk to 30px (min-size); the layout allows at most 9 (max-images: wechat)"),
		      "%s", err);
	free(err);
	free(args);

	args = xasprintf("render '%s' -l '%s' -o '%s' --no-system-fonts", t_path("samples/card.yaml"),
			 t_write("weibo.yaml", "base: card\nname: weibo\nfit: {mode: series, max-images: weibo}\n"),
			 t_tmp("weibo/"));
	ck_assert_int_eq(t_run(args, &err), 1);
	ck_assert_msg(strstr(err, "weibo.yaml:3:33: error: 'max-images' must be a number of images or xiaohongshu (18) or wechat (9)"),
		      "%s", err);
	free(err);
	free(args);
}
END_TEST

/* The closing card's QR code reads back as the report's url (zbarimg,
 * Debian's zbar-tools, as a phone's scanner would), at 1× and at 2×; a url
 * that is no link is an error at its place. */
START_TEST(test_closing_card_qr)
{
	static const char *const scales[] = { "1", "2" };
	for (size_t i = 0; i < ARRAY_LEN(scales); i++) {
		char *out = xasprintf("closing%s/", scales[i]);
		char *args = xasprintf("render '%s' -l card -o '%s' --scale %s --no-system-fonts -q",
				       t_path("tests/data/closing.yaml"), t_tmp(out), scales[i]);
		char *err;
		ck_assert_int_eq(t_run(args, &err), 0);
		free(err);
		free(args);
		/* Two images: the text, then the closing card. */
		char *png = xasprintf("%sclosing-card-2.png", out);
		ck_assert(t_exists(t_tmp(png)));
		char *cmd = xasprintf("zbarimg --raw -q '%s' 2>/dev/null", t_tmp(png));
		int status;
		char *got = t_capture(cmd, &status);
		ck_assert_int_eq(status, 0);
		ck_assert_str_eq(got, "https://example.cn/jkq/2025/03/briefing.html\n");
		free(got);
		free(cmd);
		free(png);
		free(out);
	}
	char *args = xasprintf("render '%s' -l card -o '%s'",
			       t_write("badurl.yaml", "meta:\n  url: 扫码 看看\nbody: []\n"),
			       t_tmp("badurl/"));
	char *err;
	ck_assert_int_eq(t_run(args, &err), 1);
	ck_assert_msg(strstr(err, "badurl.yaml:2:8: error: 'url' must be a link of printable ASCII characters without spaces"),
		      "%s", err);
	free(err);
	free(args);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("series");
	TCase *tc = tcase_create("fill");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_series_fill, 0, 3 * (int)ARRAY_LEN(series_reports));
	tcase_add_loop_test(tc, test_series_keeps, 0, (int)ARRAY_LEN(series_layouts));
	tcase_add_test(tc, test_quote_keeps_source);
	tcase_add_test(tc, test_max_images);
	tcase_add_test(tc, test_closing_card_qr);
	suite_add_tcase(s, tc);
	return t_run_suite(s) ? 1 : 0;
}
