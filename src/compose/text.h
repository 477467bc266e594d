/* text.h — composing text into lines of positioned glyph runs, stage
 * "compose". Owns the PangoContext: 72 dpi (Pango units are points), no hinting,
 * no rounding, language zh-Hans unless the report is in Traditional Chinese
 * (text_set_language) — so PDF and PNG break lines identically and the
 * region's glyph forms are used (HarfBuzz's locl feature picks the forms by
 * language, whatever the family name).
 *
 * Pango and HarfBuzz itemize, pick fonts and shape; paiban's own composer
 * (linebreak.c) chooses the line breaks of a whole paragraph by the rules of
 * clreq and positions every glyph: punctuation compression, CJK–Latin
 * spacing, justification, the character grid. */
#ifndef PAIBAN_TEXT_H
#define PAIBAN_TEXT_H

#include <stdbool.h>

#include "base/diag.h"
#include "compose/fonts.h"
#include "frame/frame.h"
#include "model/document.h"
#include "style/layout.h"

struct text_ctx;

/* The ideographic em box of the pinned CJK fonts (OpenType sTypoAscender
 * and sTypoDescender: 880 and −120 per 1000): where layout puts a baseline
 * in a line's slot before any text is set. Glyph runs carry their own
 * font's values (struct glyph_run). */
#define EM_ABOVE 0.88
#define EM_BELOW 0.12

/* The fonts must outlive the context. Free with text_free; glyph runs made
 * by a context refer to fonts it holds, so free frames before the context. */
struct text_ctx *text_new(struct fonts *fonts);
void text_free(struct text_ctx *tc);

/* One composed line. Runs are positioned relative to the line's origin: the
 * left edge of the measure, on the baseline. */
struct line {
	struct glyph_run *runs;
	int nruns;
	double x;     /* start of the content from the left edge (indent, centring) */
	double width; /* advance of the content */
	bool last;    /* last line of its paragraph */
};

struct text_opts {
	const struct font_role *role;
	double width;   /* the measure, pt */
	double indent;  /* first-line indent, pt */
	bool justify;   /* justify all lines but the last */
	enum align align;
	bool bold;      /* set the whole text bold */
	const struct typography *typo; /* NULL: the defaults (全角, basic) */
	int grid;       /* body text on a character grid of this many cells per
			 * width; 0 for none */
	bool cut_long;  /* display text: a word longer than the width breaks
			 * where body text may, as a last resort, rather than
			 * standing out past it (titles, headings) */
};

/* Break t into lines at width. Lines and runs are allocated in `a`. Characters
 * that no font can draw are reported as warnings at their source position
 * (d may be NULL for a trial composition that reports nothing). Returns the
 * number of lines (0 for empty text). */
int text_compose(struct text_ctx *tc, const struct text *t, const struct text_opts *o,
		 struct arena *a, struct diag *d, struct line **lines);

/* Hyphenate long English words with the dictionary at path (libhyphen's
 * hyph_*.dic). Returns -1 after reporting an error; without a dictionary
 * words are never hyphenated. */
int text_load_hyphenation(struct text_ctx *tc, const char *path, struct diag *d);

/* The language of the text (default LANG_HANS): the Pango language of the
 * context, so fontconfig picks the SC or TC face (fonts.conf) and
 * HarfBuzz the region's glyph forms. LANG_AUTO means LANG_HANS. */
void text_set_language(struct text_ctx *tc, enum doc_lang lang);

/* As text_compose, for display text (titles, headings, labels, table
 * cells): lines break between words and phrases only, never inside a
 * word; a word longer than the width stands out past it (phrase.h) —
 * callers that shrink or widen for it see it — unless o->cut_long. */
int text_compose_display(struct text_ctx *tc, const struct text *t, const struct text_opts *o,
			 struct arena *a, struct diag *d, struct line **lines);

/* The typography of the layout, which text_width sets text with (so a
 * right-aligned date measured by it ends at the edge when it is composed);
 * it must outlive the context. NULL, the default: 全角 marks, ¼ em
 * CJK–Latin gaps. */
void text_set_typography(struct text_ctx *tc, const struct typography *typo);

/* Natural advance width of t set on one line in `role`, with the context's
 * typography. */
double text_width(struct text_ctx *tc, const struct text *t, const struct font_role *role,
		  bool bold);

#endif
