/* shape.h — a paragraph itemized and shaped by Pango/HarfBuzz, cut into
 * atoms (one per grapheme cluster) with what the line composer needs to know
 * of each: its class, natural advance, the blank part of a punctuation mark
 * that may be trimmed, and whether a line may break before it. Made by
 * text.c, read by linebreak.c; internal to the stage "compose". */
#ifndef PAIBAN_SHAPE_H
#define PAIBAN_SHAPE_H

#include <pango/pango.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "base/util.h"
#include "compose/clreq.h"
#include "model/document.h"

/* Declared in compose/text.h, the stage's public interface, which includes
 * this header's users but not this header. */
struct line;
struct text_ctx;
struct text_opts;
typedef struct _PangoFont PangoFont;

struct shaped_item {
	PangoItem *item;
	PangoGlyphString *gs;
	double size; /* em of the item's font, pt */
	/* The hyphen of the item's font, for a word hyphenated at a line end
	 * (set when the paragraph has a hyphenation point in this item). */
	PangoGlyph hyphen;
	double hyphen_w; /* its advance, pt; 0 when not set */
};

struct atom {
	size_t start, end; /* bytes of the cluster in the text */
	int c;             /* its first character */
	enum cclass k;
	int item;          /* index in shaped.items */
	int g0, g1;        /* glyphs [g0, g1) of the item's glyph string */
	double w;          /* natural advance, pt */
	double em;         /* font size, pt */
	double tl, tr;     /* blank a punctuation mark may lose on its left/right, pt */
	bool brk;          /* a line may break before this atom */
	bool emergency;    /* ... but only as a last resort (inside a long word) */
	bool forced;       /* a line must break before it (after a '\n') */
	bool hyphen;       /* a break before it ends the line with a hyphen */
	float penalty;     /* extra cost of a break before it (wordbreak.h) */
	bool emph;         /* 着重号 under it */
};

struct shaped {
	const struct text *t;
	struct shaped_item *items;
	int nitems;
	struct atom *atoms;
	int n;
};

/* Shape t with the options' role, weight and typography. Free with
 * shaped_release. */
void text_shape(struct text_ctx *tc, const struct text *t, const struct text_opts *o,
		struct shaped *out);
void shaped_release(struct shaped *sh);

/* Fonts used by glyph runs are held by the context (see text_new). */
PangoFont *text_intern_font(struct text_ctx *tc, PangoFont *f);
/* The font's ideographic em box, as fractions of its em above and below
 * the baseline (for glyph_run ascent and descent). */
void text_font_em_box(struct text_ctx *tc, PangoFont *f, double *above, double *below);

/* Break sh into lines and position every glyph (linebreak.c). */
int linebreak_compose(struct text_ctx *tc, const struct shaped *sh, const struct text_opts *o,
		      struct arena *a, struct diag *d, struct line **out);

/* Natural width of the whole of sh on one line, with the punctuation and
 * CJK–Latin spacing rules applied. */
double linebreak_natural_width(const struct shaped *sh, const struct text_opts *o);

#endif
