/* image_file.c — PNG images (image_file.h). libpng's simplified API does the
 * decoding (any bit depth, palette, gray, 16-bit, interlace become 8-bit
 * RGBA); the header is checked against the limits before any pixel memory
 * is taken. */
#include "parse/image_file.h"

#include <stdint.h>
#include <png.h>
#include <string.h>

#include "base/infile.h"

int image_load_png(const char *path, struct span at, struct arena *a, struct diag *d,
		   struct pixmap *pix)
{
	char *data;
	size_t len;
	memset(pix, 0, sizeof(*pix));
	if (infile_read(NULL, path, LIMIT_IMAGE_BYTES, at, d, &data, &len) < 0)
		return -1;
	int rc = image_decode_png(path, data, len, at, a, d, pix);
	free(data);
	return rc;
}

int image_decode_png(const char *path, const char *data, size_t len, struct span at,
		     struct arena *a, struct diag *d, struct pixmap *pix)
{
	memset(pix, 0, sizeof(*pix));
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
	if (len < 8 || memcmp(data, sig, 8) != 0) {
		bool jpeg = len >= 3 && (unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xD8;
		diag_error_at(d, at, "%s: not a PNG file%s", path,
			      jpeg ? " (it is a JPEG; this version of paiban reads PNG only — convert it to PNG)" : "");
		return -1;
	}
	png_image img;
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&img, data, len)) {
		diag_error_at(d, at, "%s: not a readable PNG: %s", path, img.message);
		png_image_free(&img);
		return -1;
	}
	if (img.width < 1 || img.height < 1 || img.width > LIMIT_IMAGE_SIDE || img.height > LIMIT_IMAGE_SIDE ||
	    (size_t)img.width * img.height > LIMIT_IMAGE_PIXELS) {
		diag_error_at(d, at, "%s: a %u×%u px image is too large (at most %d px a side and %zu million pixels)",
			      path, img.width, img.height, LIMIT_IMAGE_SIDE, LIMIT_IMAGE_PIXELS / 1000000);
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
	/* Cairo's ARGB32: native-endian words, colour premultiplied by alpha. */
	for (size_t i = 0; i < stride * img.height; i += 4) {
		unsigned char *p = px + i;
		unsigned al = p[3];
		uint32_t r = (p[0] * al + 127) / 255, g = (p[1] * al + 127) / 255,
			 b = (p[2] * al + 127) / 255;
		uint32_t v = al << 24 | r << 16 | g << 8 | b;
		memcpy(p, &v, 4);
	}
	pix->w = (int)img.width;
	pix->h = (int)img.height;
	pix->stride = (int)stride;
	pix->data = px;
	return 0;
}
