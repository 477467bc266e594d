/* image_file.c — PNG images (image_file.h). libpng's simplified API does the
 * decoding (any bit depth, palette, gray, 16-bit, interlace become 8-bit
 * RGBA); the header is checked against the limits before any pixel memory
 * is taken. */
#include "parse/image_file.h"

#include <errno.h>
#include <stdint.h>
#include <png.h>
#include <string.h>

int image_load_png(const char *path, struct span at, struct arena *a, struct diag *d,
		   struct pixmap *pix)
{
	char *data;
	size_t len;
	memset(pix, 0, sizeof(*pix));
	if (read_file(path, IMAGE_MAX_BYTES, &data, &len) < 0) {
		if (errno == EFBIG)
			diag_error_at(d, at, "%s: the image file is larger than %zu MiB", path,
				      IMAGE_MAX_BYTES >> 20);
		else
			diag_error_at(d, at, "%s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
	if (len < 8 || memcmp(data, sig, 8) != 0) {
		bool jpeg = len >= 3 && (unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xD8;
		diag_error_at(d, at, "%s: not a PNG file%s", path,
			      jpeg ? " (it is a JPEG; this version of paiban reads PNG only — convert it to PNG)" : "");
		free(data);
		return -1;
	}
	png_image img;
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&img, data, len)) {
		diag_error_at(d, at, "%s: not a readable PNG: %s", path, img.message);
		png_image_free(&img);
		free(data);
		return -1;
	}
	if (img.width < 1 || img.height < 1 || img.width > IMAGE_MAX_SIDE || img.height > IMAGE_MAX_SIDE ||
	    (size_t)img.width * img.height > IMAGE_MAX_PIXELS) {
		diag_error_at(d, at, "%s: a %u×%u px image is too large (at most %d px a side and %zu million pixels)",
			      path, img.width, img.height, IMAGE_MAX_SIDE, IMAGE_MAX_PIXELS / 1000000);
		png_image_free(&img);
		free(data);
		return -1;
	}
	img.format = PNG_FORMAT_RGBA;
	size_t stride = (size_t)img.width * 4;
	unsigned char *rgba = xmalloc(stride * img.height);
	if (!png_image_finish_read(&img, NULL, rgba, (png_int_32)stride, NULL)) {
		diag_error_at(d, at, "%s: a damaged PNG: %s", path, img.message);
		png_image_free(&img);
		free(rgba);
		free(data);
		return -1;
	}
	free(data);
	/* Remember the file among the run's inputs (for cache keys and watch);
	 * its bytes are not kept: an empty text. */
	diag_add_source(d, path, xstrdup(""), 0);
	/* Cairo's ARGB32: native-endian words, colour premultiplied by alpha. */
	pix->w = (int)img.width;
	pix->h = (int)img.height;
	pix->stride = (int)stride;
	pix->data = arena_alloc(a, stride * img.height);
	for (size_t y = 0; y < img.height; y++)
		for (size_t x = 0; x < img.width; x++) {
			const unsigned char *p = rgba + y * stride + x * 4;
			unsigned al = p[3];
			uint32_t r = (p[0] * al + 127) / 255, g = (p[1] * al + 127) / 255,
				 b = (p[2] * al + 127) / 255;
			uint32_t v = al << 24 | r << 16 | g << 8 | b;
			memcpy(pix->data + y * stride + x * 4, &v, 4);
		}
	free(rgba);
	return 0;
}
