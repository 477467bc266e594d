/* text.c — the text context and shaping: a paragraph is itemized and shaped
 * by Pango (fonts, fallback, HarfBuzz) and cut into atoms for the line
 * composer (shape.h, linebreak.c); break opportunities are tailored by
 * clreq.c and wordbreak.c. The context is unhinted at 72 dpi with glyph
 * positions unrounded (pango_context_set_round_glyph_positions), so PDF and
 * PNG break lines identically; the language (zh-cn, or zh-tw/zh-hk for
 * Traditional text) is set on the context and never per attribute, so no
 * other region's glyph forms can leak in through OpenType locl. */
#include "compose/text.h"

#include <hb-ot.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "compose/lang.h"
#include "compose/phrase.h"
#include "compose/shape.h"
#include "compose/wordbreak.h"

struct text_ctx {
	PangoContext *ctx;
	/* Where the context's font map comes from; it may add the machine's
	 * fonts (fonts_add_system) and give the context a new map. */
	struct fonts *fontconf;
	/* Fonts used by runs made so far, each with one reference we hold,
	 * and its em box (em_above[i], em_below[i]: fractions of the em). */
	PangoFont **fonts;
	double *em_above, *em_below;
	int nfonts, fonts_alloc;
	/* Families whose curly quotes are narrow Latin glyphs (see
	 * narrow_quotes), remembered by name. */
	struct {
		char family[128];
		bool narrow;
	} quote_cache[8];
	int nquote_cache;
	/* How much of each punctuation mark's advance is blank on its left
	 * and right, per font and character (see punct_blank). */
	struct blank {
		PangoFont *font;
		int c;
		float left, right;
	} blanks[512];
	/* What text_width measures with: the layout's typography. */
	const struct typography *typo;
	/* Long English words are hyphenated with it; NULL: never. */
	struct hyphenator *hyph;
	/* The language tag of the text: zh-cn, zh-tw or zh-hk. */
	const char *lang;
};

struct text_ctx *text_new(struct fonts *fonts)
{
	struct text_ctx *tc = xcalloc(1, sizeof(*tc));
	tc->fontconf = fonts;
	tc->ctx = pango_font_map_create_context(fonts_fontmap(fonts));
	pango_cairo_context_set_resolution(tc->ctx, 72); /* Pango units are points */
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(tc->ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(tc->ctx, FALSE);
	tc->lang = lang_tag(LANG_HANS);
	pango_context_set_language(tc->ctx, pango_language_from_string(tc->lang));
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
	free(tc->em_above);
	free(tc->em_below);
	hyphenator_free(tc->hyph);
	g_object_unref(tc->ctx);
	free(tc);
}

/* The ideographic em box of a font as fractions of its em: the OS/2 table's
 * sTypoAscender and sTypoDescender, which the OpenType specification asks
 * CJK fonts to set to the em box (880 and −120 in Noto CJK and LXGW
 * WenKai). A font without an OS/2 table gives the classic 0.88/0.12. */
static void em_box(PangoFont *f, double *above, double *below)
{
	*above = EM_ABOVE;
	*below = EM_BELOW;
	hb_font_t *hf = pango_font_get_hb_font(f);
	if (!hf)
		return;
	hb_face_t *face = hb_font_get_face(hf);
	hb_blob_t *os2 = hb_face_reference_table(face, HB_TAG('O', 'S', '/', '2'));
	unsigned int len = 0;
	const unsigned char *d = (const unsigned char *)hb_blob_get_data(os2, &len);
	unsigned int upem = hb_face_get_upem(face);
	if (d && len >= 72 && upem > 0) {
		int asc = (int16_t)(d[68] << 8 | d[69]), desc = (int16_t)(d[70] << 8 | d[71]);
		if (asc > 0 && desc <= 0) {
			*above = asc / (double)upem;
			*below = -desc / (double)upem;
		}
	}
	hb_blob_destroy(os2);
}

/* Keep a reference to every font a run uses, once. Few fonts per document,
 * so a linear search is enough. */
static int intern(struct text_ctx *tc, PangoFont *f)
{
	for (int i = tc->nfonts - 1; i >= 0; i--)
		if (tc->fonts[i] == f)
			return i;
	if (tc->nfonts >= tc->fonts_alloc) {
		tc->fonts_alloc = tc->fonts_alloc ? 2 * tc->fonts_alloc : 8;
		tc->fonts = xreallocarray(tc->fonts, (size_t)tc->fonts_alloc, sizeof(*tc->fonts));
		tc->em_above = xreallocarray(tc->em_above, (size_t)tc->fonts_alloc, sizeof(double));
		tc->em_below = xreallocarray(tc->em_below, (size_t)tc->fonts_alloc, sizeof(double));
	}
	tc->fonts[tc->nfonts] = g_object_ref(f);
	em_box(f, &tc->em_above[tc->nfonts], &tc->em_below[tc->nfonts]);
	return tc->nfonts++;
}

PangoFont *text_intern_font(struct text_ctx *tc, PangoFont *f)
{
	int i = intern(tc, f); /* may move tc->fonts */
	return tc->fonts[i];
}

void text_font_em_box(struct text_ctx *tc, PangoFont *f, double *above, double *below)
{
	int i = intern(tc, f);
	*above = tc->em_above[i];
	*below = tc->em_below[i];
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

/* Attributes of a paragraph: the role's font, bold ranges, and the serif
 * face's quotes for a family whose own are narrow. */
static PangoAttrList *make_attrs(struct text_ctx *tc, const struct text *t,
				 const struct font_role *role, bool bold)
{
	PangoAttrList *attrs = pango_attr_list_new();
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, role->family);
	pango_font_description_set_size(fd, (gint)(role->size * PANGO_SCALE + 0.5));
	pango_font_description_set_weight(fd, bold || role->weight >= 700 ? PANGO_WEIGHT_BOLD
									  : PANGO_WEIGHT_NORMAL);
	pango_attr_list_insert(attrs, pango_attr_font_desc_new(fd));
	pango_font_description_free(fd);
	for (int i = 0; i < t->nbold; i++) {
		PangoAttribute *a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
		a->start_index = (guint)t->bold[i].start;
		a->end_index = (guint)t->bold[i].end;
		pango_attr_list_insert(attrs, a);
	}
	/* A 破折号 —— is two ems: the CJK faces draw U+2014 pairs narrower
	 * (1.69 em in Noto CJK) unless asked for their full-width forms. */
	for (const char *p = t->s; (p = strstr(p, "\xE2\x80\x94\xE2\x80\x94"));) {
		const char *e = p;
		while (!strncmp(e, "\xE2\x80\x94", 3))
			e += 3;
		PangoAttribute *a = pango_attr_font_features_new("fwid");
		a->start_index = (guint)(p - t->s);
		a->end_index = (guint)(e - t->s);
		pango_attr_list_insert(attrs, a);
		p = e;
	}
	if (strstr(t->s, "\xE2\x80") && narrow_quotes(tc, role->family)) {
		for (size_t i = 0; i + 2 < t->len; i++) {
			if (!is_curly_quote(t->s + i))
				continue;
			PangoAttribute *a = pango_attr_family_new("宋体");
			a->start_index = (guint)i;
			a->end_index = (guint)i + 3;
			pango_attr_list_insert(attrs, a);
		}
	}
	return attrs;
}

/* The blank part of a punctuation mark, as fractions of its advance. The
 * font's own half-width forms (OpenType `halt`) say it best: SC faces keep
 * 。，、 in the left half and TC faces centre them, and halt moves each
 * accordingly. A font without halt is read from the ink: ink in one half
 * means the other half is blank; centred ink leaves a quarter on each side. */
static struct blank punct_blank(struct text_ctx *tc, PangoFont *font, int c)
{
	unsigned h = ((unsigned)(uintptr_t)font >> 4) * 31u + (unsigned)c;
	for (unsigned i = 0; i < ARRAY_LEN(tc->blanks); i++) {
		struct blank *b = &tc->blanks[(h + i) % ARRAY_LEN(tc->blanks)];
		if (b->font == font && b->c == c)
			return *b;
		if (!b->font)
			break;
	}
	struct blank r = { font, c, 0, 0 };
	hb_font_t *hb = pango_font_get_hb_font(font);
	hb_codepoint_t g;
	if (hb && hb_font_get_nominal_glyph(hb, (hb_codepoint_t)c, &g)) {
		hb_position_t full = hb_font_get_glyph_h_advance(hb, g);
		hb_buffer_t *buf = hb_buffer_create();
		hb_buffer_add_utf32(buf, (const uint32_t *)&c, 1, 0, 1);
		hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
		hb_buffer_set_script(buf, HB_SCRIPT_HAN);
		hb_buffer_set_language(buf, hb_language_from_string(tc->lang, -1));
		hb_feature_t halt = { HB_TAG('h', 'a', 'l', 't'), 1, 0, (unsigned)-1 };
		hb_shape(hb, buf, &halt, 1);
		unsigned n;
		hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
		if (full > 0 && n == 1 && pos[0].x_advance < full) {
			r.left = (float)(-pos[0].x_offset) / (float)full;
			r.right = (float)(full - pos[0].x_advance + pos[0].x_offset) / (float)full;
		} else if (full > 0) {
			hb_glyph_extents_t ext;
			if (hb_font_get_glyph_extents(hb, g, &ext) && ext.width > 0) {
				double mid = ext.x_bearing + ext.width / 2.0;
				if (mid < 0.4 * full)
					r.right = 0.5f;
				else if (mid > 0.6 * full)
					r.left = 0.5f;
				else
					r.left = r.right = 0.25f;
			}
		}
		hb_buffer_destroy(buf);
	}
	for (unsigned i = 0; i < ARRAY_LEN(tc->blanks); i++) {
		struct blank *b = &tc->blanks[(h + i) % ARRAY_LEN(tc->blanks)];
		if (!b->font) {
			/* Keep the font alive as long as the cache refers to it. */
			b->font = text_intern_font(tc, font);
			b->c = c, b->left = r.left, b->right = r.right;
			break;
		}
	}
	return r;
}

static bool in_ranges(const struct text_range *r, int n, size_t at)
{
	for (int i = 0; i < n; i++)
		if (at >= r[i].start && at < r[i].end)
			return true;
	return false;
}

static bool is_latin_letter(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* A full-width mark of the CJK Symbols and Punctuation block (、。〈〉《》
 * 「」『』【】〔〕…) or the Halfwidth and Fullwidth Forms (，：；！？（）…). */
static bool is_cjk_mark(int c)
{
	return (c >= 0x3001 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF60);
}

/* Pango puts a mark that follows a Western word into the word's item,
 * with the word's script and a language for it ("en"), so fontconfig never
 * sees zh-tw there and the mark comes out in the SC face: bottom-left
 * where a Traditional reader expects it centred (clreq §3.1.2). In a
 * Traditional report each run of such marks becomes an item of its own,
 * in the Han script and the report's language, with the font the context
 * picks for it (the TC face where the role's family is a pinned SC one). */
static GList *marks_in_language(struct text_ctx *tc, const char *s, GList *items)
{
	if (!strcmp(tc->lang, lang_tag(LANG_HANS)))
		return items;
	PangoLanguage *lang = pango_language_from_string(tc->lang);
	GList *out = NULL;
	for (GList *l = items; l; l = l->next) {
		PangoItem *item = l->data;
		if (item->analysis.language == lang) {
			out = g_list_prepend(out, item);
			continue;
		}
		/* Cut the item at each edge of a run of marks. */
		for (;;) {
			const char *b = s + item->offset;
			size_t i = 0, len = (size_t)item->length;
			int chars = 0, cut = -1, cut_chars = 0;
			bool first_mark = false;
			while (i < len) {
				size_t at = i;
				bool mark = is_cjk_mark(utf8_next(b, len, &i));
				if (at == 0)
					first_mark = mark;
				else if (mark != first_mark) {
					cut = (int)at, cut_chars = chars;
					break;
				}
				chars++;
			}
			/* pango_item_split returns the part before the cut;
			 * item keeps the rest. */
			PangoItem *piece = cut > 0 ? pango_item_split(item, cut, cut_chars) : item;
			if (first_mark) {
				PangoFontDescription *fd = pango_font_describe(piece->analysis.font);
				PangoLanguage *was = pango_context_get_language(tc->ctx);
				pango_context_set_language(tc->ctx, lang);
				PangoFont *font = pango_context_load_font(tc->ctx, fd);
				pango_context_set_language(tc->ctx, was);
				pango_font_description_free(fd);
				if (font) {
					g_object_unref(piece->analysis.font);
					piece->analysis.font = font;
					piece->analysis.language = lang;
					piece->analysis.script = PANGO_SCRIPT_HAN;
				}
			}
			out = g_list_prepend(out, piece);
			if (cut <= 0)
				break;
		}
	}
	g_list_free(items);
	return g_list_reverse(out);
}

void text_shape(struct text_ctx *tc, const struct text *t, const struct text_opts *o,
		struct shaped *sh)
{
	memset(sh, 0, sizeof(*sh));
	sh->t = t;
	if (t->len == 0)
		return;
	enum kinsoku level = o->typo ? o->typo->kinsoku : KINSOKU_BASIC;
	/* A family paiban does not ship is looked for among the machine's
	 * fonts (when they are allowed), before any text is set in it. */
	if (fonts_use_family(tc->fontconf, o->role->family))
		pango_context_set_font_map(tc->ctx, fonts_fontmap(tc->fontconf));
	PangoAttrList *attrs = make_attrs(tc, t, o->role, o->bold);
	GList *items = pango_itemize(tc->ctx, t->s, 0, (int)t->len, attrs, NULL);
	pango_attr_list_unref(attrs);
	items = marks_in_language(tc, t->s, items);

	int nchars = (int)utf8_count(t->s, t->len);
	PangoLogAttr *la = xmalloc((size_t)(nchars + 1) * sizeof(*la));
	pango_get_log_attrs(t->s, (int)t->len, -1, pango_language_from_string(tc->lang), la,
			    nchars + 1);

	sh->nitems = (int)g_list_length(items);
	sh->items = xcalloc((size_t)sh->nitems, sizeof(*sh->items));
	/* At most one atom per character. */
	sh->atoms = xcalloc((size_t)nchars, sizeof(*sh->atoms));
	int k = 0, ci = 0;
	bool tofu = false;
	for (GList *l = items; l; l = l->next, k++) {
		PangoItem *item = l->data;
		PangoGlyphString *gs = pango_glyph_string_new();
		pango_shape_with_flags(t->s + item->offset, item->length, t->s, (int)t->len,
				       &item->analysis, gs, PANGO_SHAPE_NONE);
		for (int g = 0; g < gs->num_glyphs && !tofu; g++)
			tofu = gs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG;
		PangoFontDescription *fd = pango_font_describe(item->analysis.font);
		double size = pango_font_description_get_size(fd) / (double)PANGO_SCALE;
		pango_font_description_free(fd);
		sh->items[k] = (struct shaped_item){ item, gs, size, 0, 0 };
		/* Clusters in logical order. A right-to-left item (a Hebrew or
		 * Arabic name in the paragraph) has its glyphs in visual order,
		 * clusters descending: walk it from the end, or a cluster's end
		 * would come before its start. The line still sets atoms left
		 * to right; bidi reordering is not done. */
		bool rtl = item->analysis.level & 1;
		for (int s = 0; s < gs->num_glyphs;) {
			int g = rtl ? gs->num_glyphs - 1 - s : s;
			int cl = gs->log_clusters[g], e = g, step = rtl ? -1 : 1;
			while (e >= 0 && e < gs->num_glyphs && gs->log_clusters[e] == cl)
				e += step;
			/* Glyphs [g0, g1) of the cluster, and the next cluster's. */
			int g0 = rtl ? e + 1 : g, g1 = rtl ? g + 1 : e;
			bool more = e >= 0 && e < gs->num_glyphs;
			double w = 0;
			for (int x = g0; x < g1; x++)
				w += gs->glyphs[x].geometry.width / (double)PANGO_SCALE;
			size_t start = (size_t)(item->offset + cl);
			size_t end = more ? (size_t)(item->offset + gs->log_clusters[e])
					  : (size_t)(item->offset + item->length);
			size_t p = start;
			int c = utf8_next(t->s, t->len, &p);
			struct atom *at = &sh->atoms[sh->n++];
			*at = (struct atom){ .start = start, .end = end, .c = c, .k = clreq_class(c),
					     .item = k, .g0 = g0, .g1 = g1, .w = w, .wend = w,
					     .em = size };
			at->brk = la[ci].is_line_break; /* Pango's answer, tailored below */
			at->emergency = false;
			at->emph = t->nemph && in_ranges(t->emph, t->nemph, start);
			ci += (int)utf8_count(t->s + start, end - start);
			s += g1 - g0;
		}
	}
	g_list_free(items);
	free(la);
	/* A character no pinned font has: the machine's fonts are read now
	 * (once, when allowed) and the text is shaped again with them. */
	if (tofu && fonts_add_system(tc->fontconf)) {
		pango_context_set_font_map(tc->ctx, fonts_fontmap(tc->fontconf));
		shaped_release(sh);
		text_shape(tc, t, o, sh);
		return;
	}

	for (int i = 0; i < sh->n; i++) {
		struct atom *at = &sh->atoms[i];
		/* An apostrophe or quote inside a Western word is Western. */
		if ((at->c == 0x2019 || at->c == 0x2018) && i > 0 && i + 1 < sh->n &&
		    is_latin_letter(sh->atoms[i - 1].c) && is_latin_letter(sh->atoms[i + 1].c))
			at->k = CC_OTHER;
		/* Marks drawn narrow (a Western font's) are Western too. */
		if (clreq_is_adjustable(at->k) && at->w < 0.7 * at->em)
			at->k = CC_OTHER;
		if (clreq_is_adjustable(at->k)) {
			struct blank b = punct_blank(tc, sh->items[at->item].item->analysis.font, at->c);
			at->tl = b.left * at->w;
			at->tr = b.right * at->w;
		}
		if (i == 0) {
			at->brk = false;
			continue;
		}
		const struct atom *prev = &sh->atoms[i - 1];
		if (prev->c == '\n') {
			at->brk = at->forced = true;
			continue;
		}
		/* The character after this one's first (a cluster may hold
		 * both halves of ——). */
		size_t q = at->start;
		utf8_next(t->s, t->len, &q);
		int next = q < t->len ? utf8_next(t->s, t->len, &q) : 0;
		int a = prev->k == CC_OTHER && prev->c >= 0x2018 && prev->c <= 0x2019 ? 'x' : prev->c;
		int b = at->k == CC_OTHER && at->c >= 0x2018 && at->c <= 0x2019 ? 'x' : at->c;
		bool pango = at->brk;
		at->brk = clreq_break_between(a, b, next, pango, level);
		/* After spaces, the line ends with what came before them. */
		if (at->brk && prev->k == CC_SPACE) {
			int v = i - 1;
			while (v > 0 && sh->atoms[v].k == CC_SPACE)
				v--;
			if (clreq_no_end(sh->atoms[v].c, level))
				at->brk = false;
		}
		/* Inside a word, number or run of symbols too long for any
		 * line, any character boundary the rules allow will do, at a
		 * price: better than running into the next column. */
		bool western = (prev->k == CC_LATIN || prev->k == CC_OTHER) &&
			       (at->k == CC_LATIN || at->k == CC_OTHER);
		if (!at->brk && western && !clreq_no_start(at->c, next, level) &&
		    !clreq_no_end(prev->c, level)) {
			at->brk = true;
			at->emergency = true;
		}
	}
	/* URLs and paths, long words, numbers with units (wordbreak.h). */
	wordbreak_apply(t->s, t->len, sh->atoms, sh->n, tc->hyph, level);
	for (int i = 1; i < sh->n; i++) {
		struct shaped_item *si = &sh->items[sh->atoms[i - 1].item];
		if (!sh->atoms[i].hyphen || si->hyphen_w > 0)
			continue;
		PangoGlyphString *gs = pango_glyph_string_new();
		pango_shape("-", 1, &si->item->analysis, gs);
		if (gs->num_glyphs == 1 && !(gs->glyphs[0].glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
			si->hyphen = gs->glyphs[0].glyph;
			si->hyphen_w = gs->glyphs[0].geometry.width / (double)PANGO_SCALE;
		}
		pango_glyph_string_free(gs);
		if (si->hyphen_w <= 0) /* no hyphen in the font: no break there */
			sh->atoms[i].brk = sh->atoms[i].hyphen = false;
	}
	/* A Western glyph before a break inside its item was shaped with the
	 * kerning against the glyph after it (“M,” + “O” of CP/M,OpenVMS);
	 * at a line end it takes its own advance, or the line would reach
	 * past the edge by the kern. */
	for (int i = 0; i + 1 < sh->n; i++) {
		struct atom *at = &sh->atoms[i];
		if (!sh->atoms[i + 1].brk || sh->atoms[i + 1].item != at->item ||
		    (at->k != CC_LATIN && at->k != CC_OTHER))
			continue;
		const struct shaped_item *si = &sh->items[at->item];
		double w = 0;
		for (int g = at->g0; g < at->g1; g++) {
			PangoGlyph id = si->gs->glyphs[g].glyph;
			if (id == PANGO_GLYPH_EMPTY || (id & PANGO_GLYPH_UNKNOWN_FLAG)) {
				w += si->gs->glyphs[g].geometry.width / (double)PANGO_SCALE;
				continue;
			}
			PangoRectangle logical;
			pango_font_get_glyph_extents(si->item->analysis.font, id, NULL, &logical);
			w += logical.width / (double)PANGO_SCALE;
		}
		at->wend = w;
	}
}

void shaped_release(struct shaped *sh)
{
	for (int i = 0; i < sh->nitems; i++) {
		pango_item_free(sh->items[i].item);
		pango_glyph_string_free(sh->items[i].gs);
	}
	free(sh->items);
	free(sh->atoms);
	memset(sh, 0, sizeof(*sh));
}

int text_compose(struct text_ctx *tc, const struct text *t, const struct text_opts *o,
		 struct arena *a, struct diag *d, struct line **out)
{
	*out = NULL;
	if (t->len == 0)
		return 0;
	struct shaped sh;
	text_shape(tc, t, o, &sh);
	int n = linebreak_compose(tc, &sh, o, a, d, out);
	shaped_release(&sh);
	return n;
}

/* A word of display text wider than the measure (no break the phrase
 * rules allow inside it) gets back the breaks body text has there
 * (`body`), as last resorts: its line ends at the edge, not past it. */
static void cut_long_words(struct shaped *sh, const bool *body, double width)
{
	struct atom *at = sh->atoms;
	for (int w0 = 0; w0 < sh->n;) {
		int w1 = w0 + 1;
		double w = at[w0].w;
		while (w1 < sh->n && !at[w1].brk && !at[w1].forced)
			w += at[w1++].w;
		for (int i = w0 + 1; w > width && i < w1; i++) {
			if (body[i])
				at[i].brk = at[i].emergency = true;
		}
		w0 = w1;
	}
}

int text_compose_display(struct text_ctx *tc, const struct text *t, const struct text_opts *o,
			 struct arena *a, struct diag *d, struct line **out)
{
	*out = NULL;
	if (t->len == 0)
		return 0;
	struct shaped sh;
	text_shape(tc, t, o, &sh);
	bool *body = NULL;
	if (o->cut_long) {
		body = xmalloc((size_t)sh.n * sizeof(*body));
		for (int i = 0; i < sh.n; i++)
			body[i] = sh.atoms[i].brk;
	}
	phrase_apply(t->s, t->len, sh.atoms, sh.n);
	if (body) {
		cut_long_words(&sh, body, o->width);
		free(body);
	}
	int n = linebreak_compose(tc, &sh, o, a, d, out);
	shaped_release(&sh);
	return n;
}

int text_load_hyphenation(struct text_ctx *tc, const char *path, struct diag *d)
{
	struct hyphenator *h = hyphenator_new(path, d);
	if (!h)
		return -1;
	hyphenator_free(tc->hyph);
	tc->hyph = h;
	return 0;
}

void text_set_language(struct text_ctx *tc, enum doc_lang lang)
{
	tc->lang = lang_tag(lang);
	pango_context_set_language(tc->ctx, pango_language_from_string(tc->lang));
}

void text_set_typography(struct text_ctx *tc, const struct typography *typo)
{
	tc->typo = typo;
}

double text_width(struct text_ctx *tc, const struct text *t, const struct font_role *role,
		  bool bold)
{
	struct text_opts o = { .role = role, .width = 1e9, .bold = bold, .typo = tc->typo };
	struct shaped sh;
	text_shape(tc, t, &o, &sh);
	double w = linebreak_natural_width(&sh, &o);
	shaped_release(&sh);
	return w;
}
