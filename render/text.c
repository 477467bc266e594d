/* text.c — paragraphs into lines of glyph runs with PangoLayout. The context
 * settings are the ones stack-facts §0 found necessary for identical PDF and
 * PNG line breaks; the language is set on the context and never per attribute
 * so no JP/TC glyph form can leak in (§3). */
#include "text.h"

#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

struct text_ctx {
	PangoContext *ctx;
	/* Fonts used by runs made so far, each with one reference we hold. */
	PangoFont **fonts;
	int nfonts, fonts_alloc;
	/* Families whose curly quotes are narrow Latin glyphs (see
	 * narrow_quotes), remembered by name. */
	struct {
		char family[128];
		bool narrow;
	} quote_cache[8];
	int nquote_cache;
};

struct text_ctx *text_new(struct fonts *fonts)
{
	struct text_ctx *tc = xcalloc(1, sizeof(*tc));
	tc->ctx = pango_font_map_create_context(fonts_fontmap(fonts));
	pango_cairo_context_set_resolution(tc->ctx, 72); /* Pango units are points */
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(tc->ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(tc->ctx, FALSE);
	pango_context_set_language(tc->ctx, pango_language_from_string("zh-cn"));
	pango_context_set_base_dir(tc->ctx, PANGO_DIRECTION_LTR);
	return tc;
}

void text_free(struct text_ctx *tc)
{
	if (!tc)
		return;
	for (int i = 0; i < tc->nfonts; i++)
		g_object_unref(tc->fonts[i]);
	free(tc->fonts);
	g_object_unref(tc->ctx);
	free(tc);
}

/* Keep a reference to every font a run uses, once. Few fonts per document,
 * so a linear search is enough. */
static PangoFont *intern_font(struct text_ctx *tc, PangoFont *f)
{
	for (int i = tc->nfonts - 1; i >= 0; i--)
		if (tc->fonts[i] == f)
			return f;
	GROW(tc->fonts, tc->nfonts, tc->fonts_alloc);
	tc->fonts[tc->nfonts++] = g_object_ref(f);
	return f;
}

struct text text_plain(const char *s)
{
	return (struct text){ s, strlen(s), NULL, 0, span_none() };
}

/* Some Kai fonts (LXGW WenKai among them) draw “ ” ‘ ’ as narrow Latin
 * quotes, which look broken between Han characters. Such a family gets its
 * quotes from the serif CJK face, where they are full-width. */
static bool narrow_quotes(struct text_ctx *tc, const char *family)
{
	for (int i = 0; i < tc->nquote_cache; i++)
		if (!strcmp(tc->quote_cache[i].family, family))
			return tc->quote_cache[i].narrow;
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, family);
	pango_font_description_set_size(fd, 10 * PANGO_SCALE);
	PangoFont *font = pango_context_load_font(tc->ctx, fd);
	pango_font_description_free(fd);
	bool narrow = false;
	if (font) {
		hb_font_t *hb = pango_font_get_hb_font(font);
		hb_codepoint_t q, han;
		if (hb_font_get_nominal_glyph(hb, 0x201C, &q) &&
		    hb_font_get_nominal_glyph(hb, 0x4E2D, &han))
			narrow = hb_font_get_glyph_h_advance(hb, q) <
				 0.8 * hb_font_get_glyph_h_advance(hb, han);
		g_object_unref(font);
	}
	if (tc->nquote_cache < (int)ARRAY_LEN(tc->quote_cache)) {
		snprintf(tc->quote_cache[tc->nquote_cache].family, sizeof(tc->quote_cache[0].family),
			 "%s", family);
		tc->quote_cache[tc->nquote_cache++].narrow = narrow;
	}
	return narrow;
}

static bool is_curly_quote(const char *s)
{
	/* U+2018 ‘ U+2019 ’ U+201C “ U+201D ” are E2 80 98/99/9C/9D. */
	return (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	       ((unsigned char)s[2] == 0x98 || (unsigned char)s[2] == 0x99 ||
		(unsigned char)s[2] == 0x9C || (unsigned char)s[2] == 0x9D);
}

static PangoLayout *make_layout(struct text_ctx *tc, const struct text *t,
				const struct font_role *role, bool bold)
{
	PangoLayout *lay = pango_layout_new(tc->ctx);
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, role->family);
	pango_font_description_set_size(fd, (gint)(role->size * PANGO_SCALE + 0.5));
	pango_font_description_set_weight(fd, bold || role->weight >= 700 ? PANGO_WEIGHT_BOLD
									  : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(lay, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(lay, t->s, (int)t->len);
	PangoAttrList *attrs = NULL;
	for (int i = 0; i < t->nbold; i++) {
		PangoAttribute *a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
		a->start_index = (guint)t->bold[i].start;
		a->end_index = (guint)t->bold[i].end;
		if (!attrs)
			attrs = pango_attr_list_new();
		pango_attr_list_insert(attrs, a);
	}
	if (strstr(t->s, "\xE2\x80") && narrow_quotes(tc, role->family)) {
		for (size_t i = 0; i + 2 < t->len; i++) {
			if (!is_curly_quote(t->s + i))
				continue;
			PangoAttribute *a = pango_attr_family_new("宋体");
			a->start_index = (guint)i;
			a->end_index = (guint)i + 3;
			if (!attrs)
				attrs = pango_attr_list_new();
			pango_attr_list_insert(attrs, a);
		}
	}
	if (attrs) {
		pango_layout_set_attributes(lay, attrs);
		pango_attr_list_unref(attrs);
	}
	return lay;
}

static void report_tofu(const struct text *t, size_t at, struct diag *d)
{
	size_t i = at;
	int c = utf8_next(t->s, t->len, &i);
	diag_warning_at(d, text_span_at(t, at),
			"no font can draw '%.*s' (U+%04X); it is left blank",
			(int)(i - at), t->s + at, (unsigned)c);
}

/* Fill `run` from one PangoGlyphItem whose first glyph sits at x0 on the
 * line; returns the run's advance. */
static double make_run(struct text_ctx *tc, const struct text *t, PangoGlyphItem *gi,
		       const struct font_role *role, struct arena *a, struct diag *d,
		       double x0, struct glyph_run *run)
{
	PangoItem *item = gi->item;
	PangoGlyphString *gs = gi->glyphs;
	run->font = intern_font(tc, item->analysis.font);
	PangoFontDescription *fd = pango_font_describe(item->analysis.font);
	run->size = pango_font_description_get_size(fd) / (double)PANGO_SCALE;
	pango_font_description_free(fd);
	run->color = role->color;
	run->text = t->s + item->offset;
	run->text_len = item->length;
	run->span = t->span; /* the paragraph's; text_span_at() finds a character lazily */
	run->glyphs = arena_array(a, (size_t)gs->num_glyphs, sizeof(struct glyph));
	run->nglyphs = gs->num_glyphs;
	double x = x0;
	for (int i = 0; i < gs->num_glyphs; i++) {
		PangoGlyphInfo *g = &gs->glyphs[i];
		struct glyph *out = &run->glyphs[i];
		out->x = x + g->geometry.x_offset / (double)PANGO_SCALE;
		out->y = g->geometry.y_offset / (double)PANGO_SCALE;
		out->cluster = gs->log_clusters[i];
		if (g->glyph == PANGO_GLYPH_EMPTY) {
			out->id = GLYPH_NONE;
		} else if (g->glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
			/* The font's .notdef (glyph 0, empty in the pinned
			 * fonts) keeps the character in the PDF's text. */
			out->id = 0;
			if (d)
				report_tofu(t, (size_t)(item->offset + gs->log_clusters[i]), d);
		} else {
			out->id = g->glyph;
		}
		x += g->geometry.width / (double)PANGO_SCALE;
	}
	run->width = x - x0;
	return run->width;
}

int text_compose(struct text_ctx *tc, const struct text *t, const struct text_opts *o,
		 struct arena *a, struct diag *d, struct line **out)
{
	*out = NULL;
	if (t->len == 0)
		return 0;
	PangoLayout *lay = make_layout(tc, t, o->role, o->bold);
	pango_layout_set_width(lay, (int)(o->width * PANGO_SCALE));
	pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_justify(lay, o->justify);
	pango_layout_set_indent(lay, (int)(o->indent * PANGO_SCALE));
	pango_layout_set_alignment(lay, o->align == ALIGN_CENTER ? PANGO_ALIGN_CENTER
								 : PANGO_ALIGN_LEFT);
	int n = pango_layout_get_line_count(lay);
	struct line *lines = arena_array(a, (size_t)n, sizeof(*lines));
	PangoLayoutIter *it = pango_layout_get_iter(lay);
	int li = 0;
	do {
		PangoLayoutLine *pl = pango_layout_iter_get_line_readonly(it);
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		struct line *ln = &lines[li];
		ln->x = logical.x / (double)PANGO_SCALE;
		int nruns = (int)g_slist_length(pl->runs);
		ln->runs = arena_array(a, (size_t)(nruns ? nruns : 1), sizeof(*ln->runs));
		/* Glyph positions are relative to the line's start, so every
		 * run of the line is drawn from the same origin. */
		double pen = 0;
		for (GSList *r = pl->runs; r; r = r->next)
			pen += make_run(tc, t, r->data, o->role, a, d, pen, &ln->runs[ln->nruns++]);
		ln->width = pen;
		ln->last = li == n - 1;
		li++;
	} while (pango_layout_iter_next_line(it) && li < n);
	pango_layout_iter_free(it);
	g_object_unref(lay);
	*out = lines;
	return li;
}

double text_width(struct text_ctx *tc, const struct text *t, const struct font_role *role,
		  bool bold)
{
	PangoLayout *lay = make_layout(tc, t, role, bold);
	PangoRectangle logical;
	pango_layout_get_extents(lay, NULL, &logical);
	g_object_unref(lay);
	return logical.width / (double)PANGO_SCALE;
}
