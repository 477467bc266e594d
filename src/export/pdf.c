/* pdf.c — frames to PDF through Cairo's PDF surface: one Cairo page per
 * frame page, document metadata, and an outline from the bookmarks. Glyph
 * runs are drawn with fonts already cut to the glyphs the document uses
 * (subset.h), which Cairo then embeds as CFF or TrueType subsets with a
 * ToUnicode map from the runs' text. No link
 * annotations are written: Cairo 1.16 reserves objects for them that it never
 * writes, which damages the cross-reference table (qpdf --check fails).
 * Cairo 1.16 cannot write a page's TrimBox or BleedBox either (PDF 1.7
 * §14.11.2): pages that have them (layouts with bleed or crop marks) get
 * them in a second pass through qpdf's C API, which reads Cairo's file and
 * writes it again with the boxes added to each page dictionary. */
#include "export/export.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <qpdf/qpdf-c.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "base/dynlib.h"
#include "base/outfile.h"
#include "base/util.h"
#include "export/draw.h"
#include "export/subset.h"

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

/* Cairo's output held in memory for the second pass; a PDF past this is
 * an error, not a buffer that grows without end. */
#define PDF_MAX_BYTES ((size_t)512 << 20)

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	struct buf *b = closure;
	if (b->len + len > PDF_MAX_BYTES)
		return CAIRO_STATUS_WRITE_ERROR;
	buf_add(b, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static bool has_print_boxes(const struct frames *fr)
{
	for (int i = 0; i < fr->npages; i++)
		if (fr->pages[i].trim.x0 <= fr->pages[i].trim.x1)
			return true;
	return false;
}

/* qpdf's C API, opened for the first document with print boxes. */
#define QPDF_FUNCS(X) \
	X(qpdf_cleanup) X(qpdf_get_buffer) X(qpdf_get_buffer_length) \
	X(qpdf_get_error) X(qpdf_get_error_full_text) X(qpdf_get_num_pages) \
	X(qpdf_get_page_n) X(qpdf_has_error) X(qpdf_init) \
	X(qpdf_init_write_memory) X(qpdf_oh_append_item) X(qpdf_oh_new_array) \
	X(qpdf_oh_new_real_from_double) X(qpdf_oh_release) \
	X(qpdf_oh_replace_key) X(qpdf_read_memory) X(qpdf_set_deterministic_ID) \
	X(qpdf_set_stream_data_mode) X(qpdf_set_suppress_warnings) \
	X(qpdf_write)
DYNLIB_TABLE(qpdf, QPDF_FUNCS, PAIBAN_SONAME_QPDF, "print boxes");

/* A box of page p as a PDF rectangle: [llx lly urx ury], y up from the
 * page's bottom edge. */
static qpdf_oh box_array(qpdf_data q, const struct page *p, struct rect r)
{
	qpdf_oh a = qpdf_fn.qpdf_oh_new_array(q);
	double v[4] = { r.x0, p->h - r.y1, r.x1, p->h - r.y0 };
	for (int k = 0; k < 4; k++) {
		qpdf_oh n = qpdf_fn.qpdf_oh_new_real_from_double(q, v[k], 3);
		qpdf_fn.qpdf_oh_append_item(q, a, n);
		qpdf_fn.qpdf_oh_release(q, n);
	}
	return a;
}

/* The second pass: Cairo's PDF in pdf[0..len) is read by qpdf, each page
 * with print boxes gets /TrimBox and /BleedBox, and the result goes to fp.
 * qpdf keeps the objects as they are (streams are not decoded or
 * recompressed) and writes a fresh cross-reference table; the /ID it adds
 * is computed from the content, so the same input gives the same bytes. */
static int add_print_boxes(const struct frames *fr, const char *pdf, size_t len, FILE *fp,
			   const char *path, struct diag *d)
{
	if (dynlib_load(&qpdf_lib, d) < 0)
		return -1;
	qpdf_data q = qpdf_fn.qpdf_init();
	qpdf_fn.qpdf_set_suppress_warnings(q, QPDF_TRUE);
	int rc = -1;
	if (qpdf_fn.qpdf_read_memory(q, path, pdf, len, NULL) & QPDF_ERRORS)
		goto out;
	if (qpdf_fn.qpdf_get_num_pages(q) != fr->npages) {
		diag_error_file(d, path, "cannot add print boxes: the PDF has %d pages, not %d",
				qpdf_fn.qpdf_get_num_pages(q), fr->npages);
		qpdf_fn.qpdf_cleanup(&q);
		return -1;
	}
	for (int i = 0; i < fr->npages; i++) {
		const struct page *p = &fr->pages[i];
		if (p->trim.x0 > p->trim.x1)
			continue;
		qpdf_oh page = qpdf_fn.qpdf_get_page_n(q, (size_t)i);
		qpdf_oh trim = box_array(q, p, p->trim), bleed = box_array(q, p, p->bleed);
		qpdf_fn.qpdf_oh_replace_key(q, page, "/TrimBox", trim);
		qpdf_fn.qpdf_oh_replace_key(q, page, "/BleedBox", bleed);
		qpdf_fn.qpdf_oh_release(q, trim);
		qpdf_fn.qpdf_oh_release(q, bleed);
		qpdf_fn.qpdf_oh_release(q, page);
	}
	if (qpdf_fn.qpdf_init_write_memory(q) & QPDF_ERRORS)
		goto out;
	qpdf_fn.qpdf_set_deterministic_ID(q, QPDF_TRUE);
	qpdf_fn.qpdf_set_stream_data_mode(q, qpdf_s_preserve);
	if (qpdf_fn.qpdf_write(q) & QPDF_ERRORS)
		goto out;
	size_t n = qpdf_fn.qpdf_get_buffer_length(q);
	errno = 0;
	if (fwrite(qpdf_fn.qpdf_get_buffer(q), 1, n, fp) != n || ferror(fp)) {
		diag_error_file(d, path, "cannot write PDF: %s", strerror(errno ? errno : EIO));
		qpdf_fn.qpdf_cleanup(&q);
		return -1;
	}
	rc = 0;
out:
	if (rc < 0 && qpdf_fn.qpdf_has_error(q))
		diag_error_file(d, path, "cannot add print boxes: %s",
				qpdf_fn.qpdf_get_error_full_text(q, qpdf_fn.qpdf_get_error(q)));
	qpdf_fn.qpdf_cleanup(&q);
	return rc;
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
	/* With print boxes Cairo writes to memory and qpdf to the file. */
	bool boxes = has_print_boxes(fr);
	struct buf mem;
	buf_init(&mem);
	struct stream k = { out.fp, 0 };
	cairo_surface_t *s = boxes ? cairo_pdf_surface_create_for_stream(write_buf, &mem, w, h)
				   : cairo_pdf_surface_create_for_stream(write_stream, &k, w, h);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, fr->title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, fr->author);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, fr->subject);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "paiban " PAIBAN_VERSION);
	/* An empty date makes Cairo omit it instead of writing the current time,
	 * which would make every run's bytes differ. */
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, fr->date);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, fr->date);
	struct subset_fonts *fonts = subset_fonts_new(fr);
	cairo_t *cr = cairo_create(s);
	for (int i = 0; i < fr->npages; i++) {
		const struct page *p = &fr->pages[i];
		cairo_pdf_surface_set_size(s, p->w, p->h);
		draw_page_with(cr, p, subset_fonts_draw(fonts));
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
	subset_fonts_free(fonts); /* the surface embedded them at finish */
	if (st != CAIRO_STATUS_SUCCESS) {
		diag_error_file(d, path, "cannot write PDF: %s",
				k.err ? strerror(k.err) : cairo_status_to_string(st));
		buf_release(&mem);
		outfile_abort(&out);
		return -1;
	}
	if (boxes && add_print_boxes(fr, mem.data, mem.len, out.fp, path, d) < 0) {
		buf_release(&mem);
		outfile_abort(&out);
		return -1;
	}
	buf_release(&mem);
	return outfile_commit(&out, d);
}
