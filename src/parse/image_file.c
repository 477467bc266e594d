/* image_file.c — image files (image_file.h). A file is told by its first
 * bytes: PNG (libpng's simplified API: any bit depth, palette, gray,
 * 16-bit, interlace become 8-bit RGBA), JPEG (libjpeg-turbo: gray, RGB,
 * YCbCr and CMYK, then turned upright by its EXIF orientation, CIPA
 * DC-008 §4.6.4 tag 0x0112) or SVG (librsvg parses it once here, to report
 * errors at the report's line and to learn its size; the exporters draw it
 * from the kept source). Every header is checked against the limits before
 * any pixel memory is taken. */
#include "parse/image_file.h"

/* jpeglib.h uses size_t and FILE without including their headers. */
#include <stddef.h>
#include <stdio.h>
#include <jpeglib.h>
#include <jerror.h>

#include <errno.h>
#include <librsvg/rsvg.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include "config.h"
#include "base/dynlib.h"
#include "base/infile.h"

static int read_image(const char *path, struct span at, struct diag *d, char **data, size_t *len)
{
	return infile_read(NULL, path, IMAGE_MAX_BYTES, at, d, data, len);
}

/* The size limits, shared by every format; reports and returns true when
 * w × h px is over them. */
static bool too_large(const char *path, struct span at, struct diag *d, size_t w, size_t h)
{
	if (w >= 1 && h >= 1 && w <= IMAGE_MAX_SIDE && h <= IMAGE_MAX_SIDE && w * h <= IMAGE_MAX_PIXELS)
		return false;
	diag_error_at(d, at, "%s: a %zu×%zu px image is too large (at most %d px a side and %zu million pixels)",
		      path, w, h, IMAGE_MAX_SIDE, IMAGE_MAX_PIXELS / 1000000);
	return true;
}

/* One pixel in Cairo's ARGB32: a native-endian word, colour premultiplied
 * by alpha. */
static uint32_t argb(unsigned r, unsigned g, unsigned b, unsigned al)
{
	return al << 24 | (r * al + 127) / 255 << 16 | (g * al + 127) / 255 << 8 | (b * al + 127) / 255;
}

static bool is_png(const char *data, size_t len)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
	return len >= 8 && memcmp(data, sig, 8) == 0;
}

static bool is_jpeg(const char *data, size_t len)
{
	return len >= 3 && (unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xD8 &&
	       (unsigned char)data[2] == 0xFF;
}

/* SVG: XML (after an optional byte-order mark and blanks, a '<'), or
 * gzip-compressed (.svgz), which librsvg reads as well. */
static bool is_svg(const char *data, size_t len)
{
	size_t i = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
	if (len >= 2 && (unsigned char)data[0] == 0x1F && (unsigned char)data[1] == 0x8B)
		return true;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	return i < len && data[i] == '<';
}

static int decode_png(const char *path, struct span at, const char *data, size_t len,
		      struct arena *a, struct diag *d, struct pixmap *pix)
{
	png_image img;
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&img, data, len)) {
		diag_error_at(d, at, "%s: not a readable PNG: %s", path, img.message);
		png_image_free(&img);
		return -1;
	}
	if (too_large(path, at, d, img.width, img.height)) {
		png_image_free(&img);
		return -1;
	}
	img.format = PNG_FORMAT_RGBA;
	size_t stride = (size_t)img.width * 4;
	/* Decoded straight into the arena and converted in place: the largest
	 * image costs its pixels once (160 MB at 40 million pixels). */
	unsigned char *px = arena_alloc(a, stride * img.height);
	if (!png_image_finish_read(&img, NULL, px, (png_int_32)stride, NULL)) {
		diag_error_at(d, at, "%s: a damaged PNG: %s", path, img.message);
		png_image_free(&img);
		return -1;
	}
	for (size_t i = 0; i < stride * img.height; i += 4) {
		uint32_t v = argb(px[i], px[i + 1], px[i + 2], px[i + 3]);
		memcpy(px + i, &v, 4);
	}
	pix->w = (int)img.width;
	pix->h = (int)img.height;
	pix->stride = (int)stride;
	pix->data = px;
	return 0;
}

/* ---- JPEG ---- */

/* libjpeg's errors come back here by longjmp, with the message. */
struct jpeg_fail {
	struct jpeg_error_mgr mgr;
	jmp_buf jmp;
	char msg[JMSG_LENGTH_MAX + 32];
};

static void jpeg_fail_exit(j_common_ptr c)
{
	struct jpeg_fail *f = (struct jpeg_fail *)c->err;
	c->err->format_message(c, f->msg);
	longjmp(f->jmp, 1);
}

/* libjpeg goes on after a warning. A file cut short is filled with grey:
 * that is an error here, as for a damaged PNG. Other warnings (stray bytes
 * between markers, common in cameras' files) leave a good picture. */
static void jpeg_fail_message(j_common_ptr c, int level)
{
	if (level < 0 && (c->err->msg_code == JWRN_JPEG_EOF || c->err->msg_code == JWRN_HIT_MARKER))
		jpeg_fail_exit(c);
}

static void jpeg_scan_limit(j_common_ptr c)
{
	j_decompress_ptr di = (j_decompress_ptr)c;
	if (di->input_scan_number > IMAGE_MAX_JPEG_SCANS) {
		struct jpeg_fail *f = (struct jpeg_fail *)c->err;
		snprintf(f->msg, sizeof(f->msg), "more than %d progressive scans", IMAGE_MAX_JPEG_SCANS);
		longjmp(f->jmp, 1);
	}
}

static unsigned get16(const unsigned char *p, bool le)
{
	return le ? (unsigned)p[0] | (unsigned)p[1] << 8 : (unsigned)p[0] << 8 | p[1];
}

static uint32_t get32(const unsigned char *p, bool le)
{
	return le ? get16(p, true) | (uint32_t)get16(p + 2, true) << 16
		  : (uint32_t)get16(p, false) << 16 | get16(p + 2, false);
}

/* The EXIF orientation (1–8; 1 when there is none or it is unreadable):
 * tag 0x0112 of IFD0 in the APP1 "Exif" segment, a TIFF structure. */
static int exif_orientation(j_decompress_ptr di)
{
	for (jpeg_saved_marker_ptr m = di->marker_list; m; m = m->next) {
		if (m->marker != JPEG_APP0 + 1 || m->data_length < 6 + 8 || memcmp(m->data, "Exif\0\0", 6))
			continue;
		const unsigned char *t = m->data + 6;
		size_t n = m->data_length - 6;
		bool le = t[0] == 'I' && t[1] == 'I';
		if (!le && !(t[0] == 'M' && t[1] == 'M'))
			continue;
		if (get16(t + 2, le) != 42)
			continue;
		uint32_t ifd = get32(t + 4, le);
		if (ifd > n || n - ifd < 2)
			continue;
		unsigned count = get16(t + ifd, le);
		for (unsigned k = 0; k < count; k++) {
			size_t e = ifd + 2 + (size_t)k * 12;
			if (e + 12 > n)
				break;
			/* type 3: SHORT, count 1, the value in the entry. */
			if (get16(t + e, le) == 0x0112 && get16(t + e + 2, le) == 3) {
				unsigned v = get16(t + e + 8, le);
				return v >= 1 && v <= 8 ? (int)v : 1;
			}
		}
	}
	return 1;
}

/* Where the stored pixel (x, y) of a w × h image goes when it is turned
 * upright for EXIF orientation o (TIFF 6.0, Orientation): 2 mirrors, 3
 * turns 180°, 4 flips, 5 transposes, 6 turns 90° clockwise, 7 transverses,
 * 8 turns 90° counter-clockwise. */
static void orient(int o, int x, int y, int w, int h, int *ox, int *oy)
{
	switch (o) {
	case 2: *ox = w - 1 - x, *oy = y; break;
	case 3: *ox = w - 1 - x, *oy = h - 1 - y; break;
	case 4: *ox = x, *oy = h - 1 - y; break;
	case 5: *ox = y, *oy = x; break;
	case 6: *ox = h - 1 - y, *oy = x; break;
	case 7: *ox = h - 1 - y, *oy = w - 1 - x; break;
	case 8: *ox = y, *oy = w - 1 - x; break;
	default: *ox = x, *oy = y; break;
	}
}

static int decode_jpeg(const char *path, struct span at, const char *data, size_t len,
		       struct arena *a, struct diag *d, struct pixmap *pix)
{
	struct jpeg_decompress_struct di;
	struct jpeg_fail jf;
	struct jpeg_progress_mgr prog = { .progress_monitor = jpeg_scan_limit };
	di.err = jpeg_std_error(&jf.mgr);
	jf.mgr.error_exit = jpeg_fail_exit;
	jf.mgr.emit_message = jpeg_fail_message;
	jf.msg[0] = '\0';
	if (setjmp(jf.jmp)) {
		jpeg_destroy_decompress(&di);
		memset(pix, 0, sizeof(*pix));
		diag_error_at(d, at, "%s: a damaged JPEG: %s", path, jf.msg);
		return -1;
	}
	jpeg_create_decompress(&di);
	di.progress = &prog;
	jpeg_mem_src(&di, (const unsigned char *)data, (unsigned long)len);
	jpeg_save_markers(&di, JPEG_APP0 + 1, 0xFFFF);
	jpeg_read_header(&di, TRUE);
	if (too_large(path, at, d, di.image_width, di.image_height)) {
		jpeg_destroy_decompress(&di);
		return -1;
	}
	bool cmyk = di.jpeg_color_space == JCS_CMYK || di.jpeg_color_space == JCS_YCCK;
	di.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
	int o = exif_orientation(&di);
	jpeg_start_decompress(&di);
	int w = (int)di.output_width, h = (int)di.output_height, nc = di.output_components;
	int ow = o >= 5 ? h : w, oh = o >= 5 ? w : h;
	pix->w = ow;
	pix->h = oh;
	pix->stride = ow * 4;
	pix->data = arena_alloc(a, (size_t)pix->stride * (size_t)oh);
	JSAMPARRAY row = di.mem->alloc_sarray((j_common_ptr)&di, JPOOL_IMAGE, (JDIMENSION)(w * nc), 1);
	while (di.output_scanline < di.output_height) {
		int y = (int)di.output_scanline;
		jpeg_read_scanlines(&di, row, 1);
		for (int x = 0; x < w; x++) {
			const JSAMPLE *p = row[0] + x * nc;
			uint32_t v;
			if (cmyk) {
				/* Adobe's files store CMYK inverted (255 = no ink). */
				unsigned c = p[0], m = p[1], ye = p[2], k = p[3];
				if (!di.saw_Adobe_marker)
					c = 255 - c, m = 255 - m, ye = 255 - ye, k = 255 - k;
				v = argb(c * k / 255, m * k / 255, ye * k / 255, 255);
			} else {
				v = argb(p[0], p[1], p[2], 255);
			}
			int ox, oy;
			orient(o, x, y, w, h, &ox, &oy);
			memcpy(pix->data + (size_t)oy * pix->stride + (size_t)ox * 4, &v, 4);
		}
	}
	jpeg_finish_decompress(&di);
	jpeg_destroy_decompress(&di);
	return 0;
}

/* ---- SVG ---- */

/* Parsed by librsvg now, so a broken file is an error at the report's
 * line; kept as source for the exporters. The size is the document's
 * width and height in CSS px (at 96 dpi), or its viewBox when it gives
 * only that; it sets the image's shape. */
#define RSVG_FUNCS(X)                                                              \
	X(rsvg_handle_new_from_data) X(rsvg_handle_set_dpi)                        \
	X(rsvg_handle_get_intrinsic_size_in_pixels) X(rsvg_handle_get_intrinsic_dimensions)
DYNLIB_TABLE(rsvg, RSVG_FUNCS, PAIBAN_SONAME_RSVG, "SVG images");

static int decode_svg(const char *path, struct span at, const char *data, size_t len,
		      struct arena *a, struct diag *d, struct svg *svg)
{
	if (dynlib_load(&rsvg_lib, NULL) < 0) {
		diag_error_at(d, at, "%s: %s need %s, which cannot be loaded: %s", path, rsvg_lib.what,
			      rsvg_lib.soname, rsvg_lib.error);
		return -1;
	}
	GError *err = NULL;
	RsvgHandle *h = rsvg_fn.rsvg_handle_new_from_data((const guint8 *)data, len, &err);
	if (!h) {
		diag_error_at(d, at, "%s: not a readable SVG: %s", path, err ? err->message : "unknown error");
		g_clear_error(&err);
		return -1;
	}
	rsvg_fn.rsvg_handle_set_dpi(h, 96);
	double w = 0, ht = 0;
	if (!rsvg_fn.rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &ht)) {
		gboolean has_w, has_h, has_vb;
		RsvgLength lw, lh;
		RsvgRectangle vb;
		rsvg_fn.rsvg_handle_get_intrinsic_dimensions(h, &has_w, &lw, &has_h, &lh, &has_vb, &vb);
		w = has_vb ? vb.width : 0;
		ht = has_vb ? vb.height : 0;
	}
	g_object_unref(h);
	if (!(w > 0 && ht > 0 && isfinite(w) && isfinite(ht))) {
		diag_error_at(d, at, "%s: this SVG has no size: give its <svg> a width and height, or a viewBox",
			      path);
		return -1;
	}
	svg->data = arena_memdup(a, data, len);
	svg->len = len;
	svg->w = w;
	svg->h = ht;
	return 0;
}

int image_load(const char *path, struct span at, struct arena *a, struct diag *d,
	       struct pixmap *pix, struct svg *svg)
{
	char *data;
	size_t len;
	memset(pix, 0, sizeof(*pix));
	memset(svg, 0, sizeof(*svg));
	if (read_image(path, at, d, &data, &len) < 0)
		return -1;
	int rc = image_decode(path, data, len, at, a, d, pix, svg);
	free(data);
	return rc;
}

int image_decode(const char *path, const char *data, size_t len, struct span at, struct arena *a,
		 struct diag *d, struct pixmap *pix, struct svg *svg)
{
	memset(pix, 0, sizeof(*pix));
	memset(svg, 0, sizeof(*svg));
	int rc;
	if (is_png(data, len))
		rc = decode_png(path, at, data, len, a, d, pix);
	else if (is_jpeg(data, len))
		rc = decode_jpeg(path, at, data, len, a, d, pix);
	else if (is_svg(data, len))
		rc = decode_svg(path, at, data, len, a, d, svg);
	else {
		diag_error_at(d, at, "%s: not a PNG, JPEG or SVG file", path);
		rc = -1;
	}
	/* Remember the file among the run's inputs (for cache keys and watch);
	 * its bytes are not kept: an empty text. */
	if (rc == 0)
		diag_add_source(d, path, xstrdup(""), 0);
	return rc;
}

int image_load_png(const char *path, struct span at, struct arena *a, struct diag *d,
		   struct pixmap *pix)
{
	char *data;
	size_t len;
	memset(pix, 0, sizeof(*pix));
	if (read_image(path, at, d, &data, &len) < 0)
		return -1;
	int rc = image_decode_png(path, data, len, at, a, d, pix);
	free(data);
	return rc;
}

int image_decode_png(const char *path, const char *data, size_t len, struct span at,
		     struct arena *a, struct diag *d, struct pixmap *pix)
{
	memset(pix, 0, sizeof(*pix));
	int rc = -1;
	if (is_png(data, len))
		rc = decode_png(path, at, data, len, a, d, pix);
	else
		diag_error_at(d, at, "%s: not a PNG file%s", path,
			      is_jpeg(data, len) ? " (it is a JPEG; save it as PNG)" : "");
	if (rc == 0)
		diag_add_source(d, path, xstrdup(""), 0);
	return rc;
}
