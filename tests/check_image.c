/* check_image.c — pictures beyond PNG: JPEG (every EXIF orientation turned
 * upright, gray and CMYK files, limits, damaged and cut-short files) and SVG
 * (its size, errors, drawn as vectors: the PDF holds no image for it, the
 * PNG shows its colours), each error with its message and exit code. */
/* jpeglib.h uses size_t and FILE without including their headers. */
#include <stddef.h>
#include <stdio.h>
#include <jpeglib.h>

#include <cairo.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "export/export.h"
#include "model/image.h"
#include "parse/image_file.h"
#include "testutil.h"

/* The colour a pixel of the test picture has, stored upright: a w × h
 * picture in four quadrants, red top left, green top right, blue bottom
 * left, white bottom right. */
enum quad { RED, GREEN, BLUE, WHITE };
static const unsigned char quad_rgb[4][3] = { { 230, 20, 20 }, { 20, 200, 20 }, { 20, 20, 230 }, { 250, 250, 250 } };

static enum quad quad_at(int x, int y, int w, int h)
{
	return (enum quad)((y >= h / 2) * 2 + (x >= w / 2));
}

/* Where upright pixel (x, y) of a W × H picture is stored when the file
 * says orientation o: the inverse of what a reader does (TIFF 6.0). The
 * stored image is W × H, or H × W for o >= 5. */
static void stored_at(int o, int x, int y, int W, int H, int *sx, int *sy)
{
	/* Stored size. */
	int sw = o >= 5 ? H : W, sh = o >= 5 ? W : H;
	switch (o) {
	case 2: *sx = sw - 1 - x, *sy = y; break;
	case 3: *sx = sw - 1 - x, *sy = sh - 1 - y; break;
	case 4: *sx = x, *sy = sh - 1 - y; break;
	case 5: *sx = y, *sy = x; break;
	case 6: *sx = y, *sy = sh - 1 - x; break;
	case 7: *sx = sw - 1 - y, *sy = sh - 1 - x; break;
	case 8: *sx = sw - 1 - y, *sy = x; break;
	default: *sx = x, *sy = y; break;
	}
}

/* An EXIF APP1 body (big- or little-endian TIFF) with one IFD0 entry:
 * Orientation = o. */
static size_t exif_body(unsigned char *b, int o, bool le)
{
	size_t n = 0;
	memcpy(b, "Exif\0\0", 6);
	n = 6;
#define P16(v) (le ? (b[n++] = (unsigned char)(v), b[n++] = (unsigned char)((v) >> 8)) \
		   : (b[n++] = (unsigned char)((v) >> 8), b[n++] = (unsigned char)(v)))
#define P32(v) (le ? (P16((v) & 0xFFFF), P16((v) >> 16)) : (P16((v) >> 16), P16((v) & 0xFFFF)))
	b[n++] = le ? 'I' : 'M';
	b[n++] = le ? 'I' : 'M';
	P16(42);
	P32(8u);
	P16(1);           /* one entry */
	P16(0x0112);      /* Orientation */
	P16(3);           /* SHORT */
	P32(1u);          /* count */
	P16((unsigned)o); /* value, left-justified in 4 bytes */
	P16(0);
	P32(0u); /* no next IFD */
#undef P16
#undef P32
	return n;
}

/* Write an upright W × H quadrant picture as a JPEG whose pixels are
 * stored turned for orientation o, with that orientation in EXIF (none for
 * o = 0). Components: 3 (YCbCr), 1 (gray) or 4 (CMYK). */
static const char *write_jpeg(const char *name, int W, int H, int o, int comps, bool le)
{
	int sw = o >= 5 ? H : W, sh = o >= 5 ? W : H;
	unsigned char *pix = xcalloc((size_t)sw * sh * 4, 1);
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++) {
			int sx, sy;
			stored_at(o, x, y, W, H, &sx, &sy);
			const unsigned char *c = quad_rgb[quad_at(x, y, W, H)];
			unsigned char *p = pix + ((size_t)sy * sw + sx) * 4;
			if (comps == 4) {
				/* Adobe-inverted CMYK with no black: 255 - ink. */
				p[0] = c[0], p[1] = c[1], p[2] = c[2], p[3] = 255;
			} else if (comps == 1) {
				p[0] = (unsigned char)((c[0] + c[1] + c[2]) / 3);
			} else {
				p[0] = c[0], p[1] = c[1], p[2] = c[2];
			}
		}
	const char *path = t_tmp(name);
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	struct jpeg_compress_struct ci;
	struct jpeg_error_mgr err;
	ci.err = jpeg_std_error(&err);
	jpeg_create_compress(&ci);
	jpeg_stdio_dest(&ci, f);
	ci.image_width = (JDIMENSION)sw;
	ci.image_height = (JDIMENSION)sh;
	ci.input_components = comps;
	ci.in_color_space = comps == 4 ? JCS_CMYK : comps == 1 ? JCS_GRAYSCALE : JCS_RGB;
	jpeg_set_defaults(&ci);
	jpeg_set_quality(&ci, 95, TRUE);
	jpeg_start_compress(&ci, TRUE);
	if (o > 0) {
		unsigned char body[64];
		size_t n = exif_body(body, o, le);
		jpeg_write_marker(&ci, JPEG_APP0 + 1, body, (unsigned)n);
	}
	unsigned char *row = xmalloc((size_t)sw * comps);
	while (ci.next_scanline < ci.image_height) {
		int y = (int)ci.next_scanline;
		for (int x = 0; x < sw; x++)
			memcpy(row + x * comps, pix + ((size_t)y * sw + x) * 4, (size_t)comps);
		JSAMPROW r = row;
		jpeg_write_scanlines(&ci, &r, 1);
	}
	jpeg_finish_compress(&ci);
	jpeg_destroy_compress(&ci);
	fclose(f);
	free(row);
	free(pix);
	return path;
}

/* The RGB of pixel (x, y) of a loaded pixmap (opaque). */
static void rgb_at(const struct pixmap *p, int x, int y, int rgb[3])
{
	uint32_t v;
	memcpy(&v, p->data + (size_t)y * p->stride + (size_t)x * 4, 4);
	rgb[0] = (int)(v >> 16 & 255), rgb[1] = (int)(v >> 8 & 255), rgb[2] = (int)(v & 255);
}

static bool near(const int got[3], const unsigned char want[3], int tol)
{
	for (int k = 0; k < 3; k++)
		if (abs(got[k] - want[k]) > tol)
			return false;
	return true;
}

/* Every EXIF orientation, in both byte orders, comes out upright: 48 × 32
 * px with each quadrant's colour at the centre of that quadrant. */
START_TEST(test_jpeg_orientation)
{
	int o = _i % 9;
	bool le = _i >= 9;
	const char *path = write_jpeg("orient.jpg", 48, 32, o, 3, le);
	struct arena a;
	struct diag d;
	struct pixmap pix;
	struct svg svg;
	arena_init(&a);
	diag_init(&d);
	ck_assert_int_eq(image_load(path, span_none(), &a, &d, &pix, &svg), 0);
	ck_assert_ptr_null(svg.data);
	ck_assert_int_eq(pix.w, 48);
	ck_assert_int_eq(pix.h, 32);
	static const int cx[4] = { 12, 36, 12, 36 }, cy[4] = { 8, 8, 24, 24 };
	for (int q = 0; q < 4; q++) {
		int got[3];
		rgb_at(&pix, cx[q], cy[q], got);
		ck_assert_msg(near(got, quad_rgb[q], 40), "orientation %d (%s): quadrant %d is %d,%d,%d", o,
			      le ? "II" : "MM", q, got[0], got[1], got[2]);
	}
	diag_release(&d);
	arena_release(&a);
}
END_TEST

/* Gray and CMYK (Adobe-inverted, as Photoshop writes it) JPEGs load. */
START_TEST(test_jpeg_gray_and_cmyk)
{
	struct arena a;
	struct diag d;
	struct pixmap pix;
	struct svg svg;
	arena_init(&a);
	diag_init(&d);
	ck_assert_int_eq(image_load(write_jpeg("gray.jpg", 40, 20, 0, 1, false), span_none(), &a, &d, &pix, &svg), 0);
	ck_assert_int_eq(pix.w, 40);
	int got[3];
	rgb_at(&pix, 5, 5, got); /* red top left: gray (230+20+20)/3 = 90 */
	ck_assert_int_eq(got[0], got[1]);
	ck_assert(abs(got[0] - 90) < 12);
	ck_assert_int_eq(image_load(write_jpeg("cmyk.jpg", 40, 20, 0, 4, false), span_none(), &a, &d, &pix, &svg), 0);
	ck_assert_int_eq(pix.h, 20);
	diag_release(&d);
	arena_release(&a);
}
END_TEST

/* Cut-short and damaged copies of a JPEG never crash the reader: each
 * loads or gives one error; a copy cut in half is always an error. */
START_TEST(test_jpeg_damaged)
{
	const char *src = write_jpeg("whole.jpg", 64, 48, 6, 3, false);
	size_t len;
	char *jpg = t_read(src, &len);
	ck_assert_ptr_nonnull(jpg);
	unsigned seed = 4242;
	int loaded = 0;
	for (int round = 0; round < 200; round++) {
		char *copy = xmalloc(len);
		memcpy(copy, jpg, len);
		size_t n = round == 0 ? len / 2 : len;
		for (int k = 0; round > 0 && k < 1 + round % 8; k++) {
			seed = seed * 1103515245u + 12345u;
			copy[2 + (seed >> 8) % (len - 2)] ^= (char)(1 + (seed >> 3) % 255);
		}
		if (round % 5 == 1)
			n = 3 + (seed >> 4) % (len - 3);
		FILE *f = fopen(t_tmp("damaged.jpg"), "wb");
		fwrite(copy, 1, n, f);
		fclose(f);
		free(copy);
		struct arena a;
		struct diag d;
		struct pixmap pix;
		struct svg svg;
		arena_init(&a);
		diag_init(&d);
		int r = image_load(t_tmp("damaged.jpg"), span_none(), &a, &d, &pix, &svg);
		ck_assert(r == 0 || d.errors == 1);
		if (round == 0) {
			ck_assert_int_eq(r, -1);
			ck_assert_ptr_nonnull(strstr(d.entries[0].msg, "damaged.jpg: a damaged JPEG: "));
		}
		loaded += r == 0;
		diag_release(&d);
		arena_release(&a);
	}
	free(jpg);
	ck_assert_int_lt(loaded, 200);
}
END_TEST

/* A JPEG header that claims 50000 × 40000 px: refused before decoding. */
static void write_huge_jpeg(const char *name)
{
	const char *path = write_jpeg("small.jpg", 16, 16, 0, 3, false);
	size_t len;
	unsigned char *b = (unsigned char *)t_read(path, &len);
	for (size_t i = 2; i + 9 < len; i++)
		if (b[i] == 0xFF && b[i + 1] == 0xC0) { /* SOF0: length, precision, height, width */
			b[i + 5] = 40000 >> 8, b[i + 6] = 40000 & 255;
			b[i + 7] = 50000 >> 8, b[i + 8] = 50000 & 255;
			break;
		}
	FILE *f = fopen(t_tmp(name), "wb");
	fwrite(b, 1, len, f);
	fclose(f);
	free(b);
}

struct image_err {
	const char *file;
	const char *message;
};

static const struct image_err errs[] = {
	{ "huge.jpg", "build/tmp/huge.jpg: a 50000×40000 px image is too large" },
	{ "half.jpg", "build/tmp/half.jpg: a damaged JPEG: Premature end of JPEG file" },
	{ "broken.svg", "build/tmp/broken.svg: not a readable SVG: " },
	{ "nosize.svg", "build/tmp/nosize.svg: this SVG has no size: give its <svg> a width and height, or a viewBox" },
	{ "words.svg", "build/tmp/words.svg: not a PNG, JPEG or SVG file" },
};

START_TEST(test_image_file_errors)
{
	write_huge_jpeg("huge.jpg");
	{
		const char *whole = write_jpeg("whole2.jpg", 64, 64, 0, 3, false);
		size_t len;
		char *b = t_read(whole, &len);
		FILE *f = fopen(t_tmp("half.jpg"), "wb");
		fwrite(b, 1, len / 2, f);
		fclose(f);
		free(b);
	}
	t_write("broken.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect</svg>\n");
	t_write("nosize.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"5\" height=\"5\"/></svg>\n");
	t_write("words.svg", "这不是图片\n");
	const struct image_err *c = &errs[_i];
	char *yaml = xasprintf("body:\n  - image: {file: %s, caption: 图}\n", c->file);
	t_write("img-err.yaml", yaml);
	free(yaml);
	char *err;
	int code = t_run("render build/tmp/img-err.yaml -l briefing -o build/tmp/img-err.pdf", &err);
	ck_assert_int_eq(code, 1);
	char *want = xasprintf("img-err.yaml:2:19: error: %s", c->message);
	ck_assert_msg(strstr(err, want), "stderr lacks '%s':\n%s", want, err);
	free(want);
	free(err);
	ck_assert(!t_exists(t_tmp("img-err.pdf")));
}
END_TEST

static const char logo_svg[] =
	"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"40\" viewBox=\"0 0 120 40\">\n"
	"  <rect x=\"0\" y=\"0\" width=\"40\" height=\"40\" fill=\"#c8161d\"/>\n"
	"  <circle cx=\"80\" cy=\"20\" r=\"18\" fill=\"#1f3a5f\"/>\n"
	"</svg>\n";

/* An SVG keeps its source and its size in CSS px; one with only a viewBox
 * takes the viewBox's size; mm are converted at 96 px an inch. */
START_TEST(test_svg_size)
{
	struct arena a;
	struct diag d;
	struct pixmap pix;
	struct svg svg;
	arena_init(&a);
	diag_init(&d);
	ck_assert_int_eq(image_load(t_write("logo.svg", logo_svg), span_none(), &a, &d, &pix, &svg), 0);
	ck_assert_ptr_null(pix.data);
	ck_assert_ptr_nonnull(svg.data);
	ck_assert_double_eq_tol(svg.w, 120, 1e-9);
	ck_assert_double_eq_tol(svg.h, 40, 1e-9);
	ck_assert_int_eq(image_load(t_write("vb.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 30 60\"/>"),
				    span_none(), &a, &d, &pix, &svg), 0);
	ck_assert_double_eq_tol(svg.w / svg.h, 0.5, 1e-9);
	ck_assert_int_eq(image_load(t_write("mm.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"25.4mm\" height=\"12.7mm\"/>"),
				    span_none(), &a, &d, &pix, &svg), 0);
	ck_assert_double_eq_tol(svg.w, 96, 1e-3);
	ck_assert_double_eq_tol(svg.h, 48, 1e-3);
	ck_assert_int_eq(d.errors, 0);
	diag_release(&d);
	arena_release(&a);
}
END_TEST

/* A report with a rotated JPEG photo and an SVG logo: in the frames the
 * photo is upright (taller than wide) and the logo a vector item of its
 * own shape; in the PDF only the photo is an image (pdfimages), and in the
 * PNG the logo's red and blue are where its box is. */
START_TEST(test_render_jpeg_and_svg)
{
	write_jpeg("photo6.jpg", 60, 90, 6, 3, true); /* stored 90 × 60, upright 60 × 90 */
	t_write("logo.svg", logo_svg);
	t_write("pics.yaml", "body:\n"
			     "  - image: {file: photo6.jpg, caption: 照片, width: 40%}\n"
			     "  - image: {file: logo.svg, caption: 标志, width: 60%}\n");
	struct render r;
	struct diag d;
	t_render(&r, &d, t_tmp("pics.yaml"),
		 t_write("pics-layout.yaml", "page: {size: [600px, 900px], margins: [24px, 24px, 24px, 24px]}\n"));
	ck_assert_int_eq(r.frames.npages, 1);
	const struct group *g = t_flat(&r.frames.pages[0]);
	const struct frame_item *photo = NULL, *logo = NULL;
	for (int i = 0; i < g->nitems; i++)
		if (g->items[i].kind == ITEM_IMAGE) {
			if (g->items[i].u.image.svg)
				logo = &g->items[i];
			else
				photo = &g->items[i];
		}
	ck_assert_ptr_nonnull(photo);
	ck_assert_ptr_nonnull(logo);
	ck_assert_int_eq(photo->u.image.pix->w, 60);
	ck_assert_int_eq(photo->u.image.pix->h, 90);
	ck_assert_double_eq_tol(photo->u.image.h / photo->u.image.w, 1.5, 1e-9);
	ck_assert_double_eq_tol(logo->u.image.w / logo->u.image.h, 3, 1e-9);
	struct frame_item lg = *logo;
	const char *pdf = t_tmp("pics.pdf"), *png = t_tmp("pics.png");
	ck_assert_int_eq(export_pdf(&r.frames, pdf, NULL, &d), 0);
	ck_assert_int_eq(export_png(&r.frames, png, NULL, &d), 0);
	double scale = r.frames.canvas ? 96.0 / 72 : r.frames.dpi / 72;
	render_release(&r);
	diag_release(&d);
	char *cmd = xasprintf("pdfimages -list '%s' | tail -n +3 | wc -l", pdf);
	char *out = t_capture(cmd, NULL);
	ck_assert_int_eq(atoi(out), 1); /* the photo; the logo is vectors */
	free(out);
	free(cmd);
	cairo_surface_t *img = cairo_image_surface_create_from_png(png);
	ck_assert_int_eq(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
	const unsigned char *px = cairo_image_surface_get_data(img);
	int stride = cairo_image_surface_get_stride(img);
	/* The logo's square: its left sixth; its circle: around 2/3 across. */
	int sx = (int)((lg.x + lg.u.image.w / 6) * scale), sy = (int)((lg.y + lg.u.image.h / 2) * scale);
	int cx = (int)((lg.x + lg.u.image.w * 2 / 3) * scale);
	uint32_t sq, ci;
	memcpy(&sq, px + sy * stride + sx * 4, 4);
	memcpy(&ci, px + sy * stride + cx * 4, 4);
	ck_assert_msg((sq >> 16 & 255) > 180 && (sq & 255) < 60, "square is %06x", sq & 0xFFFFFF);
	ck_assert_msg((ci & 255) > 70 && (ci >> 16 & 255) < 60, "circle is %06x", ci & 0xFFFFFF);
	cairo_surface_destroy(img);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("image");
	TCase *tc = tcase_create("jpeg");
	tcase_add_loop_test(tc, test_jpeg_orientation, 0, 18);
	tcase_add_test(tc, test_jpeg_gray_and_cmyk);
	tcase_add_test(tc, test_jpeg_damaged);
	suite_add_tcase(s, tc);
	tc = tcase_create("svg");
	tcase_add_test(tc, test_svg_size);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_loop_test(tc, test_image_file_errors, 0, (int)ARRAY_LEN(errs));
	suite_add_tcase(s, tc);
	tc = tcase_create("render");
	tcase_add_test(tc, test_render_jpeg_and_svg);
	suite_add_tcase(s, tc);
	return t_run_suite(s) ? 1 : 0;
}
