/* pdf.c — frames to PDF through Cairo's PDF surface: one Cairo page per
 * frame page, document metadata, and an outline from the bookmarks. No link
 * annotations are written: Cairo 1.16 reserves objects for them that it never
 * writes, which damages the cross-reference table (qpdf --check fails). */
#include "export/export.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "base/outfile.h"
#include "base/util.h"
#include "export/draw.h"

/* Where Cairo's bytes go, and why the first write that failed did. */
struct stream {
	FILE *fp;
	int err;
};

static cairo_status_t write_stream(void *closure, const unsigned char *data, unsigned int len)
{
	struct stream *k = closure;
	if (k->err)
		return CAIRO_STATUS_WRITE_ERROR;
	errno = 0;
	/* glibc may report a short write only through ferror. */
	if (fwrite(data, 1, len, k->fp) == len && !ferror(k->fp))
		return CAIRO_STATUS_SUCCESS;
	k->err = errno ? errno : EIO;
	return CAIRO_STATUS_WRITE_ERROR;
}

static void add_outline(cairo_surface_t *s, const struct frames *fr)
{
	/* Parent ids by level: a heading nests under the nearest shallower one. */
	int parent[8] = { CAIRO_PDF_OUTLINE_ROOT };
	for (int i = 0; i < fr->nmarks; i++) {
		const struct bookmark *b = &fr->marks[i];
		int level = b->level < 1 ? 1 : b->level > 7 ? 7 : b->level;
		char dest[96];
		snprintf(dest, sizeof(dest), "page=%d pos=[0 %.2f]", b->page + 1, b->y);
		int id = cairo_pdf_surface_add_outline(s, parent[level - 1], b->title, dest,
						       CAIRO_PDF_OUTLINE_FLAG_OPEN);
		for (int k = level; k < 8; k++)
			parent[k] = id;
	}
}

int export_pdf(const struct frames *fr, const char *path, const struct export_opts *o,
	       struct diag *d)
{
	struct outfile out;
	if (outfile_open(&out, path, d) < 0)
		return -1;
	double w = fr->npages ? fr->pages[0].w : 595.28, h = fr->npages ? fr->pages[0].h : 841.89;
	struct stream k = { out.fp, 0 };
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_stream, &k, w, h);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, fr->title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, fr->author);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, fr->subject);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "paiban " PAIBAN_VERSION);
	/* An empty date makes Cairo omit it instead of writing the current time,
	 * which would make every run's bytes differ. */
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, fr->date);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, fr->date);
	cairo_t *cr = cairo_create(s);
	for (int i = 0; i < fr->npages; i++) {
		const struct page *p = &fr->pages[i];
		cairo_pdf_surface_set_size(s, p->w, p->h);
		draw_page(cr, p);
		cairo_show_page(cr);
		if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
			break;
	}
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	if (st == CAIRO_STATUS_SUCCESS)
		add_outline(s, fr);
	cairo_surface_finish(s);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s);
	/* Cairo 1.16 does not always pass a failed write on to the surface. */
	if (st == CAIRO_STATUS_SUCCESS && k.err)
		st = CAIRO_STATUS_WRITE_ERROR;
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		diag_error_file(d, path, "cannot write PDF: %s",
				k.err ? strerror(k.err) : cairo_status_to_string(st));
		outfile_abort(&out);
		return -1;
	}
	return outfile_commit(&out, d);
}
