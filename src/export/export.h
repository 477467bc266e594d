/* export.h — stage "export": frames to files. PDF through Cairo (fonts
 * embedded as subsets, metadata, bookmarks, byte-identical for the same
 * input); PNG through libpng directly (stack-facts §7: faster and smaller than
 * Cairo's writer, with pHYs and iTXt); a text trace for tests. Each writes
 * atomically (outfile.h). Owns the cairo surfaces. */
#ifndef PAIBAN_EXPORT_H
#define PAIBAN_EXPORT_H

#include "base/diag.h"
#include "frame/frame.h"

/* Each returns 0, or -1 after reporting an error; nothing is written then. */
int export_pdf(const struct frames *fr, const char *path, struct diag *d);

/* One PNG per page at `dpi` (0: the frames' default). A single page is
 * written to path; several to path-1.png, path-2.png, … (path minus ".png"). */
int export_png(const struct frames *fr, const char *path, double dpi, struct diag *d);

struct png_opts {
	double dpi;     /* 0: the frames' default */
	double scale;   /* multiplies the resolution (2: twice the pixels a side); 0 = 1 */
	long max_bytes; /* each file at most this many bytes; 0: no budget */
};

/* export_png with options. A page over the budget at every compression
 * setting is an error naming the smallest size reached; nothing is written. */
int export_png_opts(const struct frames *fr, const char *path, const struct png_opts *o,
		    struct diag *d);

/* The text trace (trace.c) of all pages. */
int export_trace(const struct frames *fr, const char *path, struct diag *d);

/* Pixel size of a page at dpi; the same rounding for every caller. */
void export_png_size(const struct page *p, double dpi, int *w, int *h);

#endif
