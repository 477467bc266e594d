/* frame.h — frames, the contract between layout and output, stage "frame".
 * A page is a size plus a group: an ordered list of positioned items in
 * points (y down) — glyph runs with their source text, rectangles, rules,
 * vector paths (charts), raster images, and groups (a box built once — a
 * chart, a table row, a heading — placed on the page as one item). Every
 * item has bounds (frame_item_bounds) and the source span of the report
 * text or block that made it. PDF, PNG and the text trace all walk the same
 * frames; they read nothing else.
 *
 * Plain data: no Cairo types (fonts are opaque Pango handles owned by the
 * text module). Items, groups and strings live in the frames' arena and go
 * with frames_release, except image pixels, which belong to the document
 * the frames were made from. Nothing is freed item by item. */
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
	/* The font's ideographic em box (OpenType sTypoAscender and
	 * sTypoDescender): pt above and below the baseline. */
	double ascent, descent;
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

enum item_kind { ITEM_GLYPHS, ITEM_RECT, ITEM_RULE, ITEM_PATH, ITEM_IMAGE, ITEM_GROUP };

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

struct group;

struct frame_item {
	enum item_kind kind;
	double x, y; /* glyphs: baseline origin; rect, image: top-left; rule: start;
		      * path, group: the origin its contents are relative to */
	struct span span; /* the report text or block it shows; none for furniture */
	union {
		const struct glyph_run *run;
		struct {
			double w, h;
			struct color fill;
		} rect;
		struct {
			double x2, y2, width; /* end point, in the same coordinates as x, y */
			struct color color;
		} rule;
		const struct path *path; /* relative to (x, y) */
		struct {
			const struct pixmap *pix; /* a raster image, or NULL and: */
			const struct svg *svg;    /* a vector image (SVG source) */
			double w, h; /* the box it is scaled into; (x, y) is its top-left */
		} image;
		const struct group *group; /* relative to (x, y) */
	} u;
};

/* An ordered list of items (later ones drawn over earlier ones), positioned
 * relative to an origin. Made with group_new, grown in the arena it was
 * made in; a page's content has no arena and grows on the heap (freed by
 * frames_release). */
struct group {
	struct arena *arena;
	struct frame_item *items;
	int nitems, alloc;
};

/* A box's extent: x0 <= x1 and y0 <= y1, or empty (x0 > x1). */
struct rect {
	double x0, y0, x1, y1;
};

struct page {
	double w, h;
	struct color background;
	struct group content; /* in page coordinates */
	/* Print boxes, in page coordinates: the trimmed page and how far its
	 * printing reaches (PDF TrimBox and BleedBox). Empty (x0 > x1) on a
	 * page that is printed as it is: the whole page is both. */
	struct rect trim, bleed;
};

/* A PDF outline entry (bookmark), made from a heading. */
struct bookmark {
	const char *title;
	int level; /* 1-based */
	int page;  /* 0-based */
	double y;
};

struct frames {
	struct arena arena;
	struct page *pages;
	int npages, pages_alloc;
	struct bookmark *marks;
	int nmarks, marks_alloc;
	/* Document metadata for the exporters; empty strings when unknown. */
	const char *title, *author, *subject;
	char date[32]; /* ISO 8601 with offset, "" for none */
	bool canvas;   /* pixel canvas: PNG at exactly page size × dpi/72 */
	double dpi;    /* default PNG resolution */
};

void frames_init(struct frames *f);
void frames_release(struct frames *f);
struct page *frames_add_page(struct frames *f, double w, double h, struct color bg);
void frames_add_bookmark(struct frames *f, const char *title, int level, int page, double y);

/* An empty group in arena a (normally the frames' arena). */
struct group *group_new(struct arena *a);
void group_add_run(struct group *g, double x, double y, const struct glyph_run *run);
void group_add_rect(struct group *g, double x, double y, double w, double h, struct color fill);
void group_add_rule(struct group *g, double x1, double y1, double x2, double y2, double width,
		    struct color color);
/* A path at (x, y); the path must live as long as the group (the arena). */
void group_add_path(struct group *g, double x, double y, const struct path *path);
void group_add_image(struct group *g, double x, double y, double w, double h,
		     const struct pixmap *pix);
/* A vector image scaled into the box w × h at (x, y). */
void group_add_svg(struct group *g, double x, double y, double w, double h, const struct svg *svg);
/* Place `child` with its origin at (x, y), showing what `span` names. */
void group_add_group(struct group *g, double x, double y, const struct group *child,
		     struct span span);
/* Move the items of g from index `from` on by (dx, dy). */
void group_move(struct group *g, int from, double dx, double dy);
/* The span of the items added from index `from` on (items that have none). */
void group_set_span(struct group *g, int from, struct span span);

/* Extent of an item in its group's coordinates: a glyph run from its first
 * glyph to its advance and the font's em box (so a line of text has the
 * height its font gives it, whatever its characters), a rule with half its
 * width around it, a path from its segments (arcs included) and half its
 * stroke, a rectangle or image as placed, a group from its items. */
struct rect frame_item_bounds(const struct frame_item *it);
/* Union of the bounds of g's items (empty for no items). */
struct rect group_bounds(const struct group *g);
struct rect rect_union(struct rect a, struct rect b);

/* Calls fn for every item under g that is not a group, with coordinates
 * made absolute: *it is a copy moved by the origins of the groups above it
 * (the order is the drawing order). */
void group_walk(const struct group *g, double x, double y,
		void (*fn)(const struct frame_item *it, void *arg), void *arg);

#endif
