/* png.c — frames to PNG: each page rasterised by Cairo into an RGB24
 * image surface, then written with libpng (zlib level 3, no row filter: on
 * text-and-chart pages 3–4× faster and 14–26% smaller than
 * cairo_surface_write_to_png, which uses level 6 with adaptive filters),
 * with pHYs for the resolution and iTXt for the (Chinese) title. Pages
 * taller than Cairo's limit are drawn in strips; a byte budget is met by
 * trying stronger compression settings. */
#include "export/export.h"

#include <cairo.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <math.h>
#include <png.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config.h"
#include "base/limits.h"
#include "base/outfile.h"
#include "base/util.h"
#include "compose/fonts.h"
#include "export/draw.h"

/* Cairo's image surfaces stop at 32,767 px a side, so pages are drawn in
 * strips of at most STRIP rows and handed to libpng row by row: a long image
 * may be as tall as PNG_MAX_HEIGHT (PNG itself allows 2^31 - 1). */
#define PNG_MAX_SIDE 32767
#define PNG_MAX_HEIGHT 1000000
#define STRIP 4096
#define STRIP_BYTES ((size_t)64 << 20)
_Static_assert(LIMIT_PNG_PIXELS == 2000000000LL, "update the message of export_png");

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

/* Where encoded bytes go: the file, or memory up to a budget. */
struct sink {
	FILE *fp;         /* NULL: into mem */
	struct buf mem;
	long budget;      /* mem: stop once past this many bytes */
	bool over;
};

static void sink_write(png_structp png, png_bytep data, size_t n)
{
	struct sink *k = png_get_io_ptr(png);
	if (k->fp) {
		errno = 0;
		/* glibc may report a short write only through ferror. */
		if (fwrite(data, 1, n, k->fp) != n || ferror(k->fp)) {
			/* Say why (a full disk: "No space left on device"). */
			char m[128];
			snprintf(m, sizeof(m), "%s", strerror(errno ? errno : EIO));
			png_error(png, m);
		}
		return;
	}
	if ((long)(k->mem.len + n) > k->budget) {
		k->over = true;
		png_error(png, "over the byte budget");
	}
	buf_add(&k->mem, data, n);
}

static void sink_flush(png_structp png)
{
	struct sink *k = png_get_io_ptr(png);
	if (k->fp)
		fflush(k->fp);
}

/* How hard zlib and the row filters work. */
struct squeeze {
	int level;
	int filters;
};

/* Draw page p at w×h px in strips and encode it as 8-bit RGB. Returns 0 or
 * -1 (message in err). */
static int write_png(struct sink *k, const struct page *p, int w, int h, double dpi,
		     const char *title, struct squeeze sq, struct png_err *err)
{
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, err, on_png_error,
						  on_png_warning);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	unsigned char *row = xmalloc((size_t)w * 3);
	/* A strip of at most STRIP rows and STRIP_BYTES: a page 32,767 px wide
	 * costs 64 MB a thread, not 512 MB. */
	int strip = h < STRIP ? h : STRIP;
	if ((size_t)strip * (size_t)w * 4 > STRIP_BYTES)
		strip = (int)(STRIP_BYTES / ((size_t)w * 4)) > 16 ? (int)(STRIP_BYTES / ((size_t)w * 4)) : 16;
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, strip);
	if (!info || cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		png_destroy_write_struct(&png, &info);
		cairo_surface_destroy(img);
		free(row);
		return -1;
	}
	if (setjmp(err->jmp)) {
		png_destroy_write_struct(&png, &info);
		cairo_surface_destroy(img);
		free(row);
		return -1;
	}
	png_set_write_fn(png, k, sink_write, sink_flush);
	png_set_compression_level(png, sq.level);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, sq.filters);
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
	int stride = cairo_image_surface_get_stride(img);
	for (int y0 = 0; y0 < h; y0 += strip) {
		cairo_t *cr = cairo_create(img);
		cairo_translate(cr, 0, -y0);
		cairo_scale(cr, w / p->w, h / p->h);
		draw_page(cr, p);
		cairo_status_t st = cairo_status(cr);
		cairo_destroy(cr);
		if (st != CAIRO_STATUS_SUCCESS) {
			snprintf(err->msg, sizeof(err->msg), "cannot draw the page: %s",
				 cairo_status_to_string(st));
			png_destroy_write_struct(&png, &info);
			cairo_surface_destroy(img);
			free(row);
			return -1;
		}
		cairo_surface_flush(img);
		const unsigned char *data = cairo_image_surface_get_data(img);
		for (int y = 0; y < strip && y0 + y < h; y++) {
			const uint32_t *src = (const uint32_t *)(data + (size_t)y * (size_t)stride);
			for (int x = 0; x < w; x++) {
				uint32_t px = src[x];
				row[3 * x] = (unsigned char)(px >> 16);
				row[3 * x + 1] = (unsigned char)(px >> 8);
				row[3 * x + 2] = (unsigned char)px;
			}
			png_write_row(png, row);
		}
	}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	cairo_surface_destroy(img);
	free(row);
	return 0;
}

/* The settings tried, in order, to meet a byte budget: the fast default,
 * then zlib's best with each row filter libpng offers. */
static const struct squeeze squeezes[] = {
	{ 3, PNG_FILTER_NONE },
	{ 9, PNG_FILTER_NONE },
	{ 9, PNG_FILTER_SUB },
	{ 9, PNG_FILTER_UP },
	{ 9, PNG_FILTER_PAETH },
	{ 9, PNG_ALL_FILTERS },
};

static void format_bytes(char *out, size_t cap, long n)
{
	if (n >= 1000000)
		snprintf(out, cap, "%.2f MB", n / 1e6);
	else if (n >= 1000)
		snprintf(out, cap, "%.1f kB", n / 1e3);
	else
		snprintf(out, cap, "%ld bytes", n);
}

/* One page into its outfile, within the budget if there is one. */
static int write_page(struct outfile *out, const struct page *p, int w, int h, double dpi,
		      const char *title, long budget, const char *name, struct diag *d)
{
	struct png_err err = { .msg = "" };
	if (budget <= 0) {
		struct sink k = { .fp = out->fp };
		if (write_png(&k, p, w, h, dpi, title, squeezes[0], &err) == 0)
			return 0;
		diag_error_file(d, name, "cannot write PNG: %s", err.msg);
		return -1;
	}
	long smallest = -1;
	for (size_t i = 0; i < ARRAY_LEN(squeezes); i++) {
		/* Encode in memory, giving up as soon as the budget is passed. */
		struct sink k = { .budget = budget };
		buf_init(&k.mem);
		int rc = write_png(&k, p, w, h, dpi, title, squeezes[i], &err);
		if (rc == 0) {
			errno = 0;
			bool ok = fwrite(k.mem.data, 1, k.mem.len, out->fp) == k.mem.len &&
				  !ferror(out->fp);
			int why = errno ? errno : EIO;
			buf_release(&k.mem);
			if (ok)
				return 0;
			diag_error_file(d, name, "cannot write PNG: %s", strerror(why));
			return -1;
		}
		buf_release(&k.mem);
		if (!k.over) {
			diag_error_file(d, name, "cannot write PNG: %s", err.msg);
			return -1;
		}
	}
	/* Over at every setting: measure the best one for the message. */
	struct sink k = { .budget = LONG_MAX };
	buf_init(&k.mem);
	if (write_png(&k, p, w, h, dpi, title, squeezes[ARRAY_LEN(squeezes) - 1], &err) == 0)
		smallest = (long)k.mem.len;
	buf_release(&k.mem);
	char want[32], got[32];
	format_bytes(want, sizeof(want), budget);
	format_bytes(got, sizeof(got), smallest);
	diag_error_file(d, name,
			"cannot keep the %d×%d px PNG under %s: the smallest lossless encoding is %s "
			"(use a lower --scale or --dpi, or split the content)",
			w, h, want, got);
	return -1;
}


/* One page's job for the workers: everything a page needs, and its own
 * diagnostics (a struct diag is not shared between threads). */
struct page_job {
	const struct page *page;
	struct outfile *out;
	int w, h;
	char *name;
	struct diag diag;
	int rc;
};

struct job_queue {
	struct page_job *jobs;
	int n, next;
	double dpi;
	const char *title;
	long budget;
	pthread_mutex_t lock;
	bool failed; /* a page failed: the others are not drawn (all or none) */
};

static void *worker(void *arg)
{
	struct job_queue *q = arg;
	for (;;) {
		pthread_mutex_lock(&q->lock);
		int i = q->next < q->n && !q->failed ? q->next++ : -1;
		pthread_mutex_unlock(&q->lock);
		if (i < 0)
			return NULL;
		struct page_job *j = &q->jobs[i];
		j->rc = write_page(j->out, j->page, j->w, j->h, q->dpi, q->title, q->budget, j->name,
				   &j->diag);
		if (j->rc < 0) {
			pthread_mutex_lock(&q->lock);
			q->failed = true;
			pthread_mutex_unlock(&q->lock);
		}
	}
}

/* Pages are independent: a series of images is encoded on up to
 * PNG_THREADS threads (zlib is most of the time). Cairo draws into separate
 * surfaces from shared scaled fonts, which it locks; every scaled font is
 * fetched once here first, so Pango creates none of them in a worker. */
#define PNG_THREADS 4

static void warm_font(const struct frame_item *it, void *arg)
{
	(void)arg;
	if (it->kind == ITEM_GLYPHS)
		(void)fonts_scaled_font(it->u.run->font);
}

static void run_jobs(struct job_queue *q, const struct frames *fr)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int nthreads = q->n < PNG_THREADS ? q->n : PNG_THREADS;
	if (cpus > 0 && nthreads > cpus)
		nthreads = (int)cpus;
	if (nthreads > 1)
		for (int pg = 0; pg < fr->npages; pg++)
			group_walk(&fr->pages[pg].content, 0, 0, warm_font, NULL);
	pthread_t th[PNG_THREADS];
	int started = 0;
	for (; nthreads > 1 && started < nthreads - 1; started++)
		if (pthread_create(&th[started], NULL, worker, q) != 0)
			break;
	worker(q); /* this thread works too (alone, if no thread could start) */
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
}

int export_png(const struct frames *fr, const char *path, const struct export_opts *o,
	       struct diag *d)
{
	static const struct export_opts defaults;
	if (!o)
		o = &defaults;
	double dpi = o->dpi > 0 ? o->dpi : fr->dpi;
	if (o->scale > 0)
		dpi *= o->scale;
	int n = fr->npages;
	struct outfile *outs = xcalloc((size_t)(n ? n : 1), sizeof(*outs));
	struct page_job *jobs = xcalloc((size_t)(n ? n : 1), sizeof(*jobs));
	int ok = 0, opened = 0;
	/* All the pixels of the run, before a file is opened: drawing and
	 * encoding cost about 25 ms a million, so this bounds the time. */
	double pixels = 0;
	for (int i = 0; i < n; i++) {
		int w, h;
		export_png_size(&fr->pages[i], dpi, &w, &h);
		pixels += (double)w * h;
	}
	if (pixels > (double)LIMIT_PNG_PIXELS) {
		diag_error_file(d, path,
				"the %d PNG image%s would hold %.0f million pixels; paiban writes at most "
				"2,000 million in one run (lower --dpi or --scale, or split the report)",
				n, n == 1 ? "" : "s", pixels / 1e6);
		free(outs);
		free(jobs);
		return -1;
	}
	/* Sizes checked and files opened in order, so the first problem is
	 * reported first and nothing is drawn if any page cannot be written. */
	for (; opened < n; opened++) {
		struct page_job *j = &jobs[opened];
		j->page = &fr->pages[opened];
		j->out = &outs[opened];
		export_png_size(j->page, dpi, &j->w, &j->h);
		j->name = export_page_path(path, opened, n);
		diag_init(&j->diag);
		if (j->w < 1 || j->h < 1 || j->w > PNG_MAX_SIDE || j->h > PNG_MAX_HEIGHT) {
			diag_error_file(d, j->name,
					"a %d×%d px image is too large (at most %d px wide and %d px tall); lower --dpi or --scale",
					j->w, j->h, PNG_MAX_SIDE, PNG_MAX_HEIGHT);
			ok = -1;
			opened++;
			break;
		}
		if (outfile_open(j->out, j->name, d) < 0) {
			ok = -1;
			opened++;
			break;
		}
	}
	if (ok == 0) {
		struct job_queue q = { jobs, n, 0, dpi, fr->title, o->max_bytes, PTHREAD_MUTEX_INITIALIZER,
				       false };
		run_jobs(&q, fr);
		pthread_mutex_destroy(&q.lock);
		for (int i = 0; i < n; i++) {
			for (int k = 0; k < jobs[i].diag.n; k++)
				diag_error_file(d, jobs[i].name, "%s", jobs[i].diag.entries[k].msg);
			if (jobs[i].rc < 0)
				ok = -1;
		}
		if (q.failed)
			ok = -1;
	}
	/* All pages or none: rename only when every page was written. */
	for (int i = 0; i < opened; i++) {
		if (ok == 0 && outfile_commit(&outs[i], d) < 0)
			ok = -1;
		else if (ok < 0)
			outfile_abort(&outs[i]);
	}
	for (int i = 0; i < opened; i++) {
		free(jobs[i].name);
		diag_release(&jobs[i].diag);
	}
	free(jobs);
	free(outs);
	return ok;
}
