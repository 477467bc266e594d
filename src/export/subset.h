/* subset.h — fonts for the PDF, stage "export": each font file the glyph
 * runs of a document use, cut by HarfBuzz's subsetter to the glyphs they
 * use and loaded by FreeType from memory, so that Cairo's own subsetting,
 * the copies it makes of the font's tables and the compression of the
 * embedded font work on a font of a few hundred glyphs instead of a CJK
 * font of 20,000. The PNG writer keeps drawing with Pango's own fonts. */
#ifndef PAIBAN_SUBSET_H
#define PAIBAN_SUBSET_H

#include "export/draw.h"
#include "frame/frame.h"

struct subset_fonts;

/* Subset the fonts of every glyph run in fr. A font that cannot be subset
 * (no font file behind it, the subsetter fails) is drawn with Pango's own
 * font. The Pango fonts must outlive the result. Free with
 * subset_fonts_free, after the Cairo surface drawn with them is finished. */
struct subset_fonts *subset_fonts_new(const struct frames *fr);
void subset_fonts_free(struct subset_fonts *s);

/* What draw_page_with draws glyph runs with (transfer none: lives as long
 * as s). */
const struct draw_fonts *subset_fonts_draw(struct subset_fonts *s);

#endif
