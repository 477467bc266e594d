/* export_png.c — frames to PNG: each page rasterised by Cairo into an RGB24
 * image surface, then written with libpng (level 3, no filter: stack-facts §7
 * measured it 3–4× faster and 14–26% smaller than cairo_surface_write_to_png),
 * with pHYs for the resolution and iTXt for the (Chinese) title. */
#include "export.h"

#include <cairo.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "draw.h"
#include "outfile.h"
#include "util.h"

/* PNG limits: 32,767 px on a side keeps Cairo's image surfaces valid. */
#define PNG_MAX_SIDE 32767

void export_png_size(const struct page *p, double dpi, int *w, int *h)
{
	*w = (int)lround(p->w * dpi / 72.0);
	*h = (int)lround(p->h * dpi / 72.0);
}

struct png_err {
	jmp_buf jmp;
	char msg[200];
};

static void on_png_error(png_structp png, png_const_charp msg)
{
	struct png_err *e = png_get_error_ptr(png);
	snprintf(e->msg, sizeof(e->msg), "%s", msg);
	longjmp(e->jmp, 1);
}

static void on_png_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/* Write an RGB24 surface as 8-bit RGB. Returns 0 or -1 (message in err). */
static int write_png(FILE *fp, cairo_surface_t *img, double dpi, const char *title,
		     struct png_err *err)
{
	int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
	int stride = cairo_image_surface_get_stride(img);
	const unsigned char *data = cairo_image_surface_get_data(img);
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, err, on_png_error,
						  on_png_warning);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	unsigned char *row = xmalloc((size_t)w * 3);
	if (!info) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		png_destroy_write_struct(&png, NULL);
		free(row);
		return -1;
	}
	if (setjmp(err->jmp)) {
		png_destroy_write_struct(&png, &info);
		free(row);
		return -1;
	}
	png_init_io(png, fp);
	png_set_compression_level(png, 3);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
	png_uint_32 ppm = (png_uint_32)lround(dpi / 0.0254);
	png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
	png_text text[2];
	memset(text, 0, sizeof(text));
	int ntext = 0;
	text[ntext].compression = PNG_ITXT_COMPRESSION_NONE;
	text[ntext].key = "Software";
	text[ntext].text = "paiban " PAIBAN_VERSION;
	ntext++;
	if (title && title[0]) {
		text[ntext].compression = PNG_ITXT_COMPRESSION_NONE;
		text[ntext].key = "Title";
		text[ntext].text = (char *)title;
		ntext++;
	}
	png_set_text(png, info, text, ntext);
	png_write_info(png, info);
	for (int y = 0; y < h; y++) {
		const uint32_t *src = (const uint32_t *)(data + (size_t)y * (size_t)stride);
		for (int x = 0; x < w; x++) {
			uint32_t p = src[x];
			row[3 * x] = (unsigned char)(p >> 16);
			row[3 * x + 1] = (unsigned char)(p >> 8);
			row[3 * x + 2] = (unsigned char)p;
		}
		png_write_row(png, row);
	}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	free(row);
	return 0;
}

static char *page_path(const char *path, int page, int npages)
{
	if (npages == 1)
		return xstrdup(path);
	size_t n = strlen(path);
	if (n > 4 && !strcasecmp(path + n - 4, ".png"))
		n -= 4;
	return xasprintf("%.*s-%d.png", (int)n, path, page + 1);
}

int export_png(const struct frames *fr, const char *path, double dpi, struct diag *d)
{
	if (dpi <= 0)
		dpi = fr->dpi;
	struct outfile *outs = xcalloc((size_t)(fr->npages ? fr->npages : 1), sizeof(*outs));
	int ok = 0, done = 0;
	for (; done < fr->npages; done++) {
		const struct page *p = &fr->pages[done];
		int w, h;
		export_png_size(p, dpi, &w, &h);
		char *name = page_path(path, done, fr->npages);
		if (w < 1 || h < 1 || w > PNG_MAX_SIDE || h > PNG_MAX_SIDE) {
			diag_error_file(d, name, "a %d×%d px image is too large (at most %d px a side); lower --dpi",
					w, h, PNG_MAX_SIDE);
			free(name);
			ok = -1;
			break;
		}
		if (outfile_open(&outs[done], name, d) < 0) {
			free(name);
			ok = -1;
			break;
		}
		cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
		cairo_t *cr = cairo_create(img);
		cairo_scale(cr, w / p->w, h / p->h);
		draw_page(cr, p);
		cairo_status_t st = cairo_status(cr);
		cairo_destroy(cr);
		cairo_surface_flush(img);
		struct png_err err = { .msg = "" };
		if (st != CAIRO_STATUS_SUCCESS) {
			diag_error_file(d, name, "cannot draw the page: %s", cairo_status_to_string(st));
			ok = -1;
		} else if (write_png(outs[done].fp, img, dpi, fr->title, &err) < 0) {
			diag_error_file(d, name, "cannot write PNG: %s", err.msg);
			ok = -1;
		}
		cairo_surface_destroy(img);
		free(name);
		if (ok < 0) {
			done++;
			break;
		}
	}
	/* All pages or none: rename only when every page was written. */
	for (int i = 0; i < done; i++) {
		if (ok == 0 && outfile_commit(&outs[i], d) < 0)
			ok = -1;
		else if (ok < 0)
			outfile_abort(&outs[i]);
	}
	free(outs);
	return ok;
}
