/* frame.h — frames, the contract between layout and output. A page is a size
 * plus an ordered list of positioned items in points (y down): glyph runs with
 * their source text, rectangles, rules, vector paths (charts) and raster
 * images. PDF, PNG and the text trace for tests all walk the same frames.
 * Plain data: no Cairo types (fonts are opaque Pango handles owned by the
 * text module). Everything lives in the frames' arena, except image pixels,
 * which belong to the document the frames were made from. */
#ifndef PAIBAN_FRAME_H
#define PAIBAN_FRAME_H

#include <stdbool.h>
#include <stdint.h>

#include "base/color.h"
#include "base/diag.h"
#include "base/pixmap.h"
#include "base/util.h"

typedef struct _PangoFont PangoFont;

struct glyph {
	uint32_t id;   /* font glyph index; GLYPH_NONE draws nothing */
	double x, y;   /* origin relative to the run's origin, pt */
	int cluster;   /* byte offset in the run's text where its cluster starts */
};
#define GLYPH_NONE 0xFFFFFFFFu

/* A run of glyphs in one font, with the text it shows (for extraction and
 * the trace). Glyph positions are relative to the item's origin on the
 * baseline; the runs of one composed line share the line's start as origin. */
struct glyph_run {
	PangoFont *font; /* owned by the text module's font table */
	double size;     /* em size, pt */
	struct color color;
	const char *text;
	int text_len;
	struct glyph *glyphs;
	int nglyphs;
	double width;    /* advance of the whole run, pt */
	struct span span; /* where the text that holds the run starts in the source */
	const double *dots; /* 着重号: centres (x, relative to the origin) of emphasis dots */
	int ndots;
};

enum item_kind { ITEM_GLYPHS, ITEM_RECT, ITEM_RULE, ITEM_PATH, ITEM_IMAGE };

/* One step of a vector path, in points relative to the item's origin.
 * SEG_ARC adds a circular arc around (x, y) of radius r from angle a0 to a1
 * (radians, clockwise on the page since y points down; a1 < a0 runs the other
 * way), joined to the current point by a line. */
enum seg_kind { SEG_MOVE, SEG_LINE, SEG_ARC, SEG_CLOSE };
struct seg {
	enum seg_kind kind;
	double x, y;
	double r, a0, a1;
};

/* A path (chart lines, areas, slices, markers): filled, stroked or both.
 * `crisp` asks the pixel output to put its straight lines on whole pixels
 * (axes, gridlines); vector output draws it as given. */
struct path {
	struct seg *segs;
	int nsegs;
	bool fill, stroke, crisp;
	struct color fill_color, stroke_color;
	double width; /* stroke width, pt */
	double dash;  /* dash length, pt; 0 for solid */
};

struct frame_item {
	enum item_kind kind;
	double x, y; /* glyphs: baseline origin; rect: top-left; rule: start */
	union {
		const struct glyph_run *run;
		struct {
			double w, h;
			struct color fill;
		} rect;
		struct {
			double x2, y2, width;
			struct color color;
		} rule;
		const struct path *path; /* relative to (x, y) */
		struct {
			const struct pixmap *pix;
			double w, h; /* the box it is scaled into; (x, y) is its top-left */
		} image;
	} u;
};

struct page {
	double w, h;
	struct color background;
	struct frame_item *items;
	int nitems, alloc;
};

/* A PDF outline entry (bookmark), made from a heading. */
struct bookmark {
	const char *title;
	int level; /* 1-based */
	int page;  /* 0-based */
	double y;
};

/* Where flow put each line of a paragraph and each heading: the structure
 * behind the items, for tests and tools that check the layout's rules. */
struct line_mark {
	int page, column;
	double x, y;        /* left end of the line's content, baseline */
	double width;       /* content advance */
	double col_x, col_w; /* the column the line is in */
	double inset;       /* the paragraph's left inset in the column (quotes, lists) */
	double measure;     /* the width the paragraph was set to */
	int para;           /* paragraph id; -1 for a heading */
	int line, lines;    /* index in the paragraph and the paragraph's line count */
	bool justified;     /* the composer justified this line */
};

struct frames {
	struct arena arena;
	struct page *pages;
	int npages, pages_alloc;
	struct bookmark *marks;
	int nmarks, marks_alloc;
	struct line_mark *lines;
	int nlines, lines_alloc;
	/* Document metadata for the exporters; empty strings when unknown. */
	const char *title, *author, *subject;
	char date[32]; /* ISO 8601 with offset, "" for none */
	bool canvas;   /* pixel canvas: PNG at exactly page size × dpi/72 */
	double dpi;    /* default PNG resolution */
};

void frames_init(struct frames *f);
void frames_release(struct frames *f);
struct page *frames_add_page(struct frames *f, double w, double h, struct color bg);
void page_add_run(struct page *p, double x, double y, const struct glyph_run *run);
void page_add_rect(struct page *p, double x, double y, double w, double h, struct color fill);
void page_add_rule(struct page *p, double x1, double y1, double x2, double y2, double width,
		   struct color color);
/* A path at (x, y); segs are copied into the frames' arena by the caller
 * (the path must outlive the page). */
void page_add_path(struct page *p, double x, double y, const struct path *path);
void page_add_image(struct page *p, double x, double y, double w, double h,
		    const struct pixmap *pix);
/* Append src's items to dst, moved by (dx, dy). */
void page_append(struct page *dst, const struct page *src, double dx, double dy);
void frames_add_line_mark(struct frames *f, const struct line_mark *m);
void frames_add_bookmark(struct frames *f, const char *title, int level, int page, double y);

#endif
