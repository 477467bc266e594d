/* draw.h — stage "draw": frames onto a cairo_t. Dumb by design: every
 * position, size and colour was decided in compose and flow. Owns cairo_t use. */
#ifndef PAIBAN_DRAW_H
#define PAIBAN_DRAW_H

#include <stdint.h>

#include "frame/frame.h"

typedef struct _cairo cairo_t;
typedef struct _cairo_scaled_font cairo_scaled_font_t;

/* Where glyph runs get their Cairo font. draw_page uses each Pango font's
 * own scaled font and the glyph ids as shaped; the PDF writer draws with
 * subset fonts (subset.h), whose glyph ids are numbered anew. */
struct draw_fonts {
	/* The scaled font to draw run with (transfer none). */
	cairo_scaled_font_t *(*font)(void *arg, const struct glyph_run *run);
	/* The id, in that font, of the run's glyph id. */
	uint32_t (*glyph)(void *arg, const struct glyph_run *run, uint32_t id);
	void *arg;
};

/* Draw one page in page coordinates (pt, y down); the caller sets any scale. */
void draw_page(cairo_t *cr, const struct page *p);

/* The same, with glyph runs drawn in the fonts `fonts` gives. */
void draw_page_with(cairo_t *cr, const struct page *p, const struct draw_fonts *fonts);

#endif
