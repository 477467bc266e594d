/* png.c — frames to PNG: each page rasterised by Cairo into RGB24 image
 * surfaces, one band of rows at a time, and written as 8-bit RGB with pHYs
 * for the resolution and iTXt for the (Chinese) title. libpng writes the
 * chunks; the image data is compressed by ISA-L's igzip at level 0 (one
 * pass with its static Huffman code, no row filter: on text-and-chart pages
 * several times faster than zlib and about a third larger than zlib level
 * 2). Not levels 1 and 2: in ISA-L 2.30 their output depends on where the
 * process's memory lies, and about one run in 500 gave other, equally
 * valid, bytes for the same pixels; the same report must give the same
 * file. A large page is cut into bands drawn and compressed on separate
 * threads; each band but the last ends with a full flush, so the bands
 * join into one standard zlib stream (RFC 1950/1951). A byte budget is met
 * by trying zlib's strongest level with each of libpng's row filters. */
#include "export/export.h"

#include <cairo.h>
#include <errno.h>
#include <isa-l/igzip_lib.h>
#include <limits.h>
#include <math.h>
#include <png.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

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
_Static_assert(LIMIT_PNG_PIXELS == 2000000000LL, "update the message of export_png");
/* At most this many threads draw and compress at a time. */
#define PNG_THREADS 4

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

/* How hard zlib and the row filters work; fast: ISA-L level 0, no filter,
 * bands (level and filters unused). */
struct squeeze {
	bool fast;
	int level;
	int filters;
};

/* Bands: a page is drawn and compressed in bands of at most STRIP rows (and
 * BAND_BYTES of surface), and a page of at least BAND_PIXELS pixels in at
 * least two, which threads work
 * on side by side. How a page is cut depends only on its size, so the bytes
 * written do not depend on the machine's number of cores. */
#define BAND_PIXELS 1000000L
/* A band's surface (4 bytes a pixel) stays under this many bytes, so two
 * or four of them at a time stay within reason on a very wide page. */
#define BAND_BYTES (64L << 20)
/* Rows converted to RGB and handed to the compressor at a time. */
#define CHUNK_ROWS 64

static int band_count(int w, int h)
{
	long rows = BAND_BYTES / (4L * w);
	if (rows > STRIP)
		rows = STRIP;
	if (rows < 1)
		rows = 1;
	int n = (int)((h + rows - 1) / rows);
	if (n < 2 && (long)w * h >= BAND_PIXELS && h >= 2)
		n = 2;
	return n;
}

/* The IHDR, pHYs and iTXt chunks (and the signature) of a w×h RGB image. */
static void write_head(png_structp png, png_infop info, int w, int h, double dpi,
		       const char *title)
{
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
}

/* Draw rows [y0, y0 + rows) of page p (w×h px in all) into img, whose
 * height is at least rows. Returns the Cairo status. */
static cairo_status_t draw_rows(cairo_surface_t *img, const struct page *p, int w, int h, int y0)
{
	cairo_t *cr = cairo_create(img);
	cairo_translate(cr, 0, -y0);
	cairo_scale(cr, w / p->w, h / p->h);
	draw_page(cr, p);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_flush(img);
	return st;
}

/* One band of a page, compressed on its own: its raw deflate data (ending
 * with a full flush unless it is the last band), and the Adler-32 and
 * length of the filtered rows it holds. */
struct band {
	const struct page *page;
	int w, h, y0, rows;
	bool last;
	struct buf out;
	uint32_t adler;
	size_t raw_len;
	cairo_status_t status;
	bool nomem;
};

/* A row of Cairo's RGB24 pixels (0x00RRGGBB words) as R, G, B bytes. On a
 * little-endian machine four pixels go out as three 32-bit words: the
 * byte-swapped pixel shifted right by 8 holds R, G, B in memory order. */
static void rgb_row(unsigned char *dst, const uint32_t *src, int w)
{
	int x = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (; x + 4 <= w; x += 4, dst += 12) {
		uint32_t q0 = __builtin_bswap32(src[x]) >> 8, q1 = __builtin_bswap32(src[x + 1]) >> 8;
		uint32_t q2 = __builtin_bswap32(src[x + 2]) >> 8, q3 = __builtin_bswap32(src[x + 3]) >> 8;
		uint32_t out[3] = { q0 | q1 << 24, q1 >> 8 | q2 << 16, q2 >> 16 | q3 << 8 };
		memcpy(dst, out, 12);
	}
#endif
	for (; x < w; x++, dst += 3) {
		uint32_t px = src[x];
		dst[0] = (unsigned char)(px >> 16);
		dst[1] = (unsigned char)(px >> 8);
		dst[2] = (unsigned char)px;
	}
}

static void band_run(struct band *b)
{
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, b->w, b->rows);
	if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
		b->nomem = true;
		cairo_surface_destroy(img);
		return;
	}
	b->status = draw_rows(img, b->page, b->w, b->h, b->y0);
	if (b->status != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(img);
		return;
	}
	const unsigned char *data = cairo_image_surface_get_data(img);
	int stride = cairo_image_surface_get_stride(img);
	size_t row_len = (size_t)b->w * 3 + 1; /* filter byte 0 (none), then RGB */
	unsigned char *raw = xmalloc(row_len * CHUNK_ROWS);
	size_t out_cap = 1 << 18;
	unsigned char *out = xmalloc(out_cap);
	struct isal_zstream z;
	isal_deflate_init(&z);
	z.level = 0; /* needs no level buffer */
	z.gzip_flag = IGZIP_DEFLATE; /* raw: the zlib header and trailer are ours */
	b->adler = 1;
	for (int y = 0; y < b->rows; y += CHUNK_ROWS) {
		int n = b->rows - y < CHUNK_ROWS ? b->rows - y : CHUNK_ROWS;
		for (int r = 0; r < n; r++) {
			const uint32_t *src = (const uint32_t *)(data + (size_t)(y + r) * (size_t)stride);
			unsigned char *dst = raw + (size_t)r * row_len;
			*dst++ = 0;
			rgb_row(dst, src, b->w);
		}
		size_t len = row_len * (size_t)n;
		b->adler = isal_adler32(b->adler, raw, len);
		b->raw_len += len;
		bool end = y + n >= b->rows;
		z.next_in = raw;
		z.avail_in = (uint32_t)len;
		z.end_of_stream = end && b->last;
		z.flush = end && !b->last ? FULL_FLUSH : NO_FLUSH;
		/* Until the input is taken and, at the end, all of it is out:
		 * a call that leaves room in the output has finished. */
		do {
			z.next_out = out;
			z.avail_out = (uint32_t)out_cap;
			if (isal_deflate(&z) != COMP_OK)
				bug("isal_deflate failed");
			buf_add(&b->out, out, out_cap - z.avail_out);
		} while (z.avail_out == 0 || z.avail_in > 0);
	}
	free(out);
	free(raw);
	cairo_surface_destroy(img);
}

static void *band_thread(void *arg)
{
	band_run(arg);
	return NULL;
}

/* The IDAT data of a band, in chunks of at most 1 MiB. */
static void write_idat(png_structp png, const unsigned char *data, size_t len)
{
	while (len > 0) {
		size_t n = len < ((size_t)1 << 20) ? len : (size_t)1 << 20;
		png_write_chunk(png, (png_const_bytep) "IDAT", data, n);
		data += n;
		len -= n;
	}
}

/* Draw and compress the bands, `threads` at a time, and write them in
 * order as IDAT chunks: one zlib stream, whose Adler-32 is combined from
 * the bands'. Errors longjmp to err->jmp. */
static void write_bands(png_structp png, struct band *bands, int nbands, int threads,
			struct png_err *err)
{
	uLong adler = adler32(0, NULL, 0);
	for (int g = 0; g < nbands; g += threads) {
		int m = nbands - g < threads ? nbands - g : threads;
		pthread_t th[PNG_THREADS];
		bool started[PNG_THREADS] = { false };
		for (int i = 1; i < m; i++)
			started[i] = pthread_create(&th[i], NULL, band_thread, &bands[g + i]) == 0;
		for (int i = 0; i < m; i++)
			if (!started[i])
				band_run(&bands[g + i]);
		for (int i = 1; i < m; i++)
			if (started[i])
				pthread_join(th[i], NULL);
		for (int i = g; i < g + m; i++) {
			struct band *b = &bands[i];
			if (b->nomem)
				png_error(png, "out of memory");
			if (b->status != CAIRO_STATUS_SUCCESS) {
				snprintf(err->msg, sizeof(err->msg), "cannot draw the page: %s",
					 cairo_status_to_string(b->status));
				longjmp(err->jmp, 1);
			}
			adler = adler32_combine(adler, b->adler, (z_off_t)b->raw_len);
			if (b->last) {
				unsigned char tail[4] = { (unsigned char)(adler >> 24), (unsigned char)(adler >> 16),
							  (unsigned char)(adler >> 8), (unsigned char)adler };
				buf_add(&b->out, tail, 4);
			}
			write_idat(png, (const unsigned char *)b->out.data, b->out.len);
			buf_release(&b->out);
		}
	}
}

/* The bands of a w×h page: band i holds rows [i·h/n, (i+1)·h/n), none
 * empty, none over the cap; the first starts with the zlib header
 * (deflate, 32 KiB window, "fastest"). Sets *n. */
static struct band *bands_new(const struct page *p, int w, int h, int *n)
{
	*n = band_count(w, h);
	struct band *bands = xcalloc((size_t)*n, sizeof(*bands));
	for (int i = 0; i < *n; i++) {
		struct band *b = &bands[i];
		int y0 = (int)((long long)i * h / *n), y1 = (int)((long long)(i + 1) * h / *n);
		*b = (struct band){ .page = p, .w = w, .h = h, .y0 = y0, .rows = y1 - y0,
				    .last = i == *n - 1 };
		buf_init(&b->out);
	}
	buf_add(&bands[0].out, "\x78\x01", 2);
	return bands;
}

/* The fast encoding: bands drawn and compressed by `threads` threads at a
 * time, written in order as one zlib stream. Returns 0 or -1 (message in
 * err). */
static int write_png_fast(struct sink *k, const struct page *p, int w, int h, double dpi,
			  const char *title, int threads, struct png_err *err)
{
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, err, on_png_error,
						  on_png_warning);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	/* volatile: read after setjmp returns a second time (C11 7.13.2.1). */
	int nb;
	struct band *bands = bands_new(p, w, h, &nb);
	volatile int nbands = nb;
	volatile int nthreads = threads < 1 ? 1 : threads > PNG_THREADS ? PNG_THREADS : threads;
	bool failed = !info;
	if (!failed && setjmp(err->jmp))
		failed = true;
	if (failed) {
		if (!info)
			snprintf(err->msg, sizeof(err->msg), "out of memory");
		png_destroy_write_struct(&png, &info);
		for (int i = 0; i < nbands; i++)
			buf_release(&bands[i].out);
		free(bands);
		return -1;
	}
	png_set_write_fn(png, k, sink_write, sink_flush);
	write_head(png, info, w, h, dpi, title);
	write_bands(png, bands, nbands, nthreads, err);
	png_write_chunk(png, (png_const_bytep) "IEND", NULL, 0);
	png_destroy_write_struct(&png, &info);
	free(bands);
	return 0;
}

/* Draw page p at w×h px in strips and encode it as 8-bit RGB with libpng
 * and zlib at sq's level and filters. Returns 0 or -1 (message in err). */
static int write_png(struct sink *k, const struct page *p, int w, int h, double dpi,
		     const char *title, struct squeeze sq, int threads, struct png_err *err)
{
	if (sq.fast)
		return write_png_fast(k, p, w, h, dpi, title, threads, err);
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, err, on_png_error,
						  on_png_warning);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	unsigned char *row = xmalloc((size_t)w * 3);
	/* A strip of at most STRIP rows and BAND_BYTES: a page 32,767 px wide
	 * costs 64 MB, not 512 MB. */
	int strip = h < STRIP ? h : STRIP;
	if ((long)strip * w * 4 > BAND_BYTES)
		strip = BAND_BYTES / (4L * w) > 16 ? (int)(BAND_BYTES / (4L * w)) : 16;
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
	write_head(png, info, w, h, dpi, title);
	int stride = cairo_image_surface_get_stride(img);
	for (int y0 = 0; y0 < h; y0 += strip) {
		cairo_status_t st = draw_rows(img, p, w, h, y0);
		if (st != CAIRO_STATUS_SUCCESS) {
			snprintf(err->msg, sizeof(err->msg), "cannot draw the page: %s",
				 cairo_status_to_string(st));
			png_destroy_write_struct(&png, &info);
			cairo_surface_destroy(img);
			free(row);
			return -1;
		}
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
	{ true, 0, 0 },
	{ false, 9, PNG_FILTER_NONE },
	{ false, 9, PNG_FILTER_SUB },
	{ false, 9, PNG_FILTER_UP },
	{ false, 9, PNG_FILTER_PAETH },
	{ false, 9, PNG_ALL_FILTERS },
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
		      const char *title, long budget, int threads, const char *name, struct diag *d)
{
	struct png_err err = { .msg = "" };
	if (budget <= 0) {
		struct sink k = { .fp = out->fp };
		if (write_png(&k, p, w, h, dpi, title, squeezes[0], threads, &err) == 0)
			return 0;
		diag_error_file(d, name, "cannot write PNG: %s", err.msg);
		return -1;
	}
	long smallest = -1;
	for (size_t i = 0; i < ARRAY_LEN(squeezes); i++) {
		/* Encode in memory, giving up as soon as the budget is passed. */
		struct sink k = { .budget = budget };
		buf_init(&k.mem);
		int rc = write_png(&k, p, w, h, dpi, title, squeezes[i], threads, &err);
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
	if (write_png(&k, p, w, h, dpi, title, squeezes[ARRAY_LEN(squeezes) - 1], threads, &err) == 0)
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
	int band_threads; /* threads for the bands of each page */
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
		j->rc = write_page(j->out, j->page, j->w, j->h, q->dpi, q->title, q->budget,
				   q->band_threads, j->name, &j->diag);
		if (j->rc < 0) {
			pthread_mutex_lock(&q->lock);
			q->failed = true;
			pthread_mutex_unlock(&q->lock);
		}
	}
}

/* Pages are independent: a series of images is encoded on up to
 * PNG_THREADS threads, and the bands of a large page on the cores left
 * (write_png_fast). Cairo draws into separate surfaces from shared scaled
 * fonts, which it locks; every scaled font is fetched once here first, so
 * Pango creates none of them in a worker. */
static void warm_font(const struct frame_item *it, void *arg)
{
	(void)arg;
	if (it->kind == ITEM_GLYPHS)
		(void)fonts_scaled_font(it->u.run->font);
}

static void run_jobs(struct job_queue *q, const struct frames *fr)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int most = cpus > 0 && cpus < PNG_THREADS ? (int)cpus : PNG_THREADS;
	int nthreads = q->n < most ? q->n : most;
	q->band_threads = nthreads > 0 ? most / nthreads : 1;
	if (nthreads > 1 || q->band_threads > 1)
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
		struct job_queue q = { jobs, n, 0, dpi, fr->title, o->max_bytes, 1,
					PTHREAD_MUTEX_INITIALIZER, false };
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
