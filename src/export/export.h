/* export.h — stage "export": frames to files, each format one writer in one
 * table (export.c): PDF through Cairo (fonts embedded as subsets, metadata,
 * bookmarks, byte-identical for the same input); PNG through libpng directly
 * (faster and smaller than Cairo's own writer, with pHYs and iTXt); a text
 * trace of the frames for tests. Each writes atomically (outfile.h): a
 * writer that fails has written nothing. Owns the cairo surfaces. */
#ifndef PAIBAN_EXPORT_H
#define PAIBAN_EXPORT_H

#include "base/diag.h"
#include "frame/frame.h"

/* What a writer may be asked beyond the path; zero means "the default". */
struct export_opts {
	double dpi;     /* PNG: resolution (0: the frames' default) */
	double scale;   /* PNG: multiplies the resolution (2: twice the pixels a side) */
	long max_bytes; /* PNG: each file at most this many bytes; 0: no budget */
};

/* One output format. */
struct exporter {
	const char *ext;  /* ".pdf" */
	const char *name; /* "PDF" */
	bool pixels;      /* PNG: --dpi, --scale and --max-bytes apply */
	/* Returns 0, or -1 after reporting an error; nothing is written then. */
	int (*write)(const struct frames *fr, const char *path, const struct export_opts *o,
		     struct diag *d);
};

/* The writer for a path's extension (case-insensitive), or NULL. */
const struct exporter *export_find(const char *path);
/* The extensions there are, for messages: ".pdf, .png or .trace". */
const char *export_extensions(void);

/* Write fr to path in the format its extension names; an unknown extension
 * is an error naming the known ones. */
int export_write(const struct frames *fr, const char *path, const struct export_opts *o,
		 struct diag *d);

/* The writers (pdf.c, png.c, trace.c). A PNG of several pages goes to
 * path-1.png, path-2.png, … (path minus ".png"); a page over the byte
 * budget at every compression setting is an error naming the smallest
 * size reached. */
int export_pdf(const struct frames *fr, const char *path, const struct export_opts *o,
	       struct diag *d);
int export_png(const struct frames *fr, const char *path, const struct export_opts *o,
	       struct diag *d);
int export_trace(const struct frames *fr, const char *path, const struct export_opts *o,
		 struct diag *d);

/* The files export_write(fr, path, …) writes: path itself, or for a PNG of
 * several pages path-1.png, path-2.png, … (path minus ".png", any case).
 * Returns their number; caller frees each and the array. */
int export_paths(const struct frames *fr, const char *path, char ***paths);
/* The file of page `page` (from 0) of npages written to path. Caller frees. */
char *export_page_path(const char *path, int page, int npages);

/* Pixel size of a page at dpi; the same rounding for every caller. */
void export_png_size(const struct page *p, double dpi, int *w, int *h);

#endif
