/* subset.c — the PDF's fonts made small before Cairo sees them (subset.h).
 * Cairo 1.16 embeds a font by copying its whole CFF or glyf table, parsing
 * it and writing a subset, and the pinned CJK faces hold 23,000 glyphs in
 * 6–9 MB: most of a five-page report's time went there. Here each font file
 * is cut with hb_subset to the glyphs the runs use (glyphs renumbered from
 * 1, .notdef kept at 0; layout tables and the character map dropped, since
 * the PDF needs outlines, advances and names only; CFF charstrings
 * desubroutinized, which HarfBuzz does faster than it subsets subroutines
 * and which comes out smaller), files side by side on the cores there are,
 * each read anew with only the outlines of its glyphs, into memory that
 * goes as soon as its subset is made (own_face, sfnt.h).
 *
 * Cairo then gets each subset through FreeType from memory: a CFF subset as
 * the hybrid_font FreeType reads as TrueType with blank glyphs (Cairo still
 * embeds its CFF table), so none of the glyph loads Cairo makes for metrics
 * interprets a charstring; a TrueType subset, or a face Cairo must embolden
 * (FC_EMBOLDEN: it then draws the outlines itself), as it is. The blank
 * outlines would show if Cairo ever drew text into a fallback image, which it
 * does only for operators and patterns paiban never uses (text is always
 * drawn with OVER and a solid colour). Runs are drawn with a scaled font of
 * the Pango font's size and their glyph ids mapped with the subset plan's
 * old-to-new map; Pango's own Cairo font (and the FreeType face of the whole
 * font file behind it) is never made. */
#include "export/subset.h"

#include <cairo-ft.h>
#include <cairo.h>
#include <hb-subset.h>
#include <hb.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include "base/util.h"
#include "compose/fonts.h"
#include "export/sfnt.h"

/* A subset font's bytes and the FreeType face read from them, shared by
 * the Cairo font faces made from it (one per kind of synthesis); freed
 * when Cairo lets go of the last of them, which may be after
 * subset_fonts_free (Cairo keeps recently used fonts). */
struct ft_holder {
	FT_Library lib;
	FT_Face face;
	hb_blob_t *blob;      /* the bytes FreeType reads: the subset's … */
	unsigned char *bytes; /* … or our own (hybrid_font) */
	int refs;
};

static void holder_unref(void *p)
{
	struct ft_holder *h = p;
	if (!h || --h->refs > 0)
		return;
	FT_Done_Face(h->face);
	FT_Done_FreeType(h->lib);
	hb_blob_destroy(h->blob);
	free(h->bytes);
	free(h);
}

/* A FreeType face read from len bytes at data, which blob or bytes (freed
 * with the face) hold; NULL if FreeType cannot read them. */
static struct ft_holder *holder_new(const unsigned char *data, size_t len, hb_blob_t *blob,
				    unsigned char *bytes)
{
	struct ft_holder *h = xcalloc(1, sizeof(*h));
	h->blob = blob;
	h->bytes = bytes;
	h->refs = 1;
	if (FT_Init_FreeType(&h->lib) != 0) {
		hb_blob_destroy(blob);
		free(bytes);
		free(h);
		return NULL;
	}
	if (FT_New_Memory_Face(h->lib, data, (FT_Long)len, 0, &h->face) != 0) {
		h->face = NULL;
		holder_unref(h);
		return NULL;
	}
	return h;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xFFFF);
}

/* A glyph of one contour through two on-curve points, (0, 0) and (1, 1)
 * in font units: header, end point, no instructions, two flags, two x and
 * two y deltas of two bytes each. Its box is a speck at the origin, enough
 * for Cairo to see ink there (the font's whole box made Cairo's bookkeeping
 * of text extents cost 5 % more instructions per PDF). */
#define BLANK_GLYPH 24

static void blank_glyph(unsigned char *g)
{
	put16(g, 1);      /* numberOfContours */
	put16(g + 2, 0);  /* xMin */
	put16(g + 4, 0);  /* yMin */
	put16(g + 6, 1);  /* xMax */
	put16(g + 8, 1);  /* yMax */
	put16(g + 10, 1); /* endPtsOfContours[0] */
	put16(g + 12, 0); /* instructionLength */
	g[14] = g[15] = 1; /* on curve; x and y as 16-bit deltas */
	put16(g + 16, 0), put16(g + 18, 1);
	put16(g + 20, 0), put16(g + 22, 1);
}

/* The CFF-flavoured OpenType font at (data, len) made into one FreeType
 * reads as TrueType with every glyph blank: its tables, with a 'glyf' whose
 * glyphs are each one contour of two points a font unit apart (no area, so
 * nothing to fill), a long 'loca', 'maxp' of version 1.0 and the version tag
 * of a TrueType font. The two points give every glyph an ink box: Cairo
 * drops a run whose ink box is empty, and with truly empty glyphs a run's
 * box was a line along its baseline, empty when the baseline is a whole
 * point (a whole run went missing from the PDF). Cairo embeds the font from
 * its 'CFF ' table (read through FT_Load_Sfnt_Table, untouched here), its
 * widths from 'hmtx' and its name from 'name'; what it asks FreeType for —
 * each glyph's advance, and an outline it only checks is one — is then read
 * without interpreting a CFF charstring, where each of the three loads Cairo
 * 1.16 makes of every glyph of a PDF cost about 80,000 instructions for a
 * Noto CJK glyph. Returns NULL when the font is not what this expects.
 * Caller frees. */
static unsigned char *hybrid_font(const unsigned char *data, size_t len, unsigned nglyphs,
				  size_t *out_len)
{
	if (len < 12 || be32(data) != 0x4F54544Fu) /* 'OTTO' */
		return NULL;
	unsigned n = (unsigned)data[4] << 8 | data[5];
	if (12 + 16 * (size_t)n > len)
		return NULL;
	const unsigned char *head = NULL;
	/* Tables kept as they are, then head, maxp, glyf and loca of ours. */
	size_t total = 12 + 16 * (size_t)(n + 2);
	for (unsigned i = 0; i < n; i++) {
		const unsigned char *r = data + 12 + 16 * i;
		uint32_t tag = be32(r), off = be32(r + 8), tlen = be32(r + 12);
		if (off > len || tlen > len - off)
			return NULL;
		if (tag == 0x676C7966u || tag == 0x6C6F6361u) /* glyf, loca */
			return NULL;
		if (tag == 0x68656164u && tlen >= 54) /* head */
			head = data + off;
		total += (tlen + 3) & ~(size_t)3;
	}
	if (!head)
		return NULL;
	size_t loca_len = 4 * ((size_t)nglyphs + 1), glyf_len = BLANK_GLYPH * (size_t)nglyphs;
	total += 32 + loca_len + glyf_len;
	unsigned char *out = xcalloc(1, total);
	put32(out, 0x00010000u);
	put16(out + 4, n + 2);
	unsigned entry = 1, log2 = 0;
	while (entry * 2 <= n + 2)
		entry *= 2, log2++;
	put16(out + 6, entry * 16);
	put16(out + 8, log2);
	put16(out + 10, (n + 2) * 16 - entry * 16);
	size_t at = 12 + 16 * (size_t)(n + 2);
	unsigned k = 0;
	/* Records must be sorted by tag: glyf and loca go in their places. */
	uint32_t tags[2] = { 0x676C7966u, 0x6C6F6361u };
	int added = 0;
	for (unsigned i = 0; i <= n; i++) {
		uint32_t tag = i < n ? be32(data + 12 + 16 * i) : 0xFFFFFFFFu;
		while (added < 2 && tags[added] < tag) {
			unsigned char *r = out + 12 + 16 * k++;
			put32(r, tags[added]);
			put32(r + 8, (uint32_t)at);
			put32(r + 12, (uint32_t)(added ? loca_len : glyf_len));
			for (unsigned g = 0; g <= nglyphs; g++) {
				if (added)
					put32(out + at + 4 * (size_t)g, (uint32_t)(BLANK_GLYPH * (size_t)g));
				else if (g < nglyphs)
					blank_glyph(out + at + BLANK_GLYPH * (size_t)g);
			}
			at += added ? loca_len : glyf_len;
			added++;
		}
		if (i == n)
			break;
		const unsigned char *src = data + 12 + 16 * i;
		uint32_t off = be32(src + 8), tlen = be32(src + 12);
		unsigned char *r = out + 12 + 16 * k++;
		put32(r, tag);
		put32(r + 8, (uint32_t)at);
		if (tag == 0x6D617870u) { /* maxp 1.0: numGlyphs, one zone, the rest 0 */
			put32(r + 12, 32);
			put32(out + at, 0x00010000u);
			put16(out + at + 4, nglyphs);
			put16(out + at + 6, 2);  /* maxPoints */
			put16(out + at + 8, 1);  /* maxContours */
			put16(out + at + 14, 1); /* maxZones */
			at += 32;
			continue;
		}
		put32(r + 12, tlen);
		memcpy(out + at, data + off, tlen);
		if (tag == 0x68656164u)
			put16(out + at + 50, 1); /* indexToLocFormat: long */
		at += (tlen + 3) & ~(size_t)3;
	}
	*out_len = at;
	return out;
}

/* One font file (a HarfBuzz face) and its subset. */
struct face_subset {
	hb_face_t *face;        /* Pango's (transfer none) */
	char *file;             /* its file, NULL if unknown */
	hb_set_t *glyphs;       /* glyph ids the runs use */
	hb_map_t *map;          /* old → new glyph ids; NULL: not subset, drawn
				 * with Pango's fonts */
	hb_blob_t *blob;        /* the subset font */
	unsigned nglyphs;
	/* FreeType faces of it, made when first needed: the subset as it is
	 * (for synthetic bold, which Cairo draws from outlines) and the
	 * outline-free hybrid_font (for everything else). */
	struct ft_holder *ft, *hybrid;
	bool hybrid_failed;
	/* Cairo faces by synthesis (CAIRO_FT_SYNTHESIZE_BOLD | _OBLIQUE). */
	cairo_font_face_t *cairo[4];
};

/* One Pango font (a face at a size) and the scaled font it is drawn with. */
struct font_subset {
	PangoFont *font;
	int face;
	cairo_scaled_font_t *scaled; /* ours; NULL: Pango's */
};

struct subset_fonts {
	struct face_subset *faces;
	int nfaces, faces_alloc;
	struct font_subset *fonts;
	int nfonts, fonts_alloc;
	int last; /* the font found last: runs come in long stretches of one */
	struct draw_fonts draw;
};

static const cairo_user_data_key_t holder_key;

static struct font_subset *find_font(struct subset_fonts *s, PangoFont *font)
{
	if (s->nfonts && s->fonts[s->last].font == font)
		return &s->fonts[s->last];
	for (int i = 0; i < s->nfonts; i++)
		if (s->fonts[i].font == font) {
			s->last = i;
			return &s->fonts[i];
		}
	return NULL;
}

/* Note the glyphs of one run under its font and font file. */
static void collect_run(const struct frame_item *it, void *arg)
{
	struct subset_fonts *s = arg;
	if (it->kind != ITEM_GLYPHS)
		return;
	const struct glyph_run *run = it->u.run;
	struct font_subset *f = find_font(s, run->font);
	if (!f) {
		hb_face_t *face = fonts_face(run->font);
		int k = 0;
		while (k < s->nfaces && s->faces[k].face != face)
			k++;
		if (k == s->nfaces) {
			if (s->nfaces == s->faces_alloc) {
				s->faces_alloc = s->faces_alloc ? 2 * s->faces_alloc : 8;
				s->faces = xreallocarray(s->faces, (size_t)s->faces_alloc, sizeof(*s->faces));
			}
			s->faces[s->nfaces++] = (struct face_subset){ .face = face,
								      .file = fonts_file(run->font),
								      .glyphs = hb_set_create() };
		}
		if (s->nfonts == s->fonts_alloc) {
			s->fonts_alloc = s->fonts_alloc ? 2 * s->fonts_alloc : 8;
			s->fonts = xreallocarray(s->fonts, (size_t)s->fonts_alloc, sizeof(*s->fonts));
		}
		s->fonts[s->nfonts] = (struct font_subset){ .font = run->font, .face = k };
		s->last = s->nfonts++;
		f = &s->fonts[s->last];
	}
	hb_set_t *glyphs = s->faces[f->face].glyphs;
	for (int i = 0; i < run->nglyphs; i++)
		if (run->glyphs[i].id != GLYPH_NONE)
			hb_set_add(glyphs, run->glyphs[i].id);
}

/* The tables of a face, less its character map. */
static hb_blob_t *table_but_cmap(hb_face_t *face, hb_tag_t tag, void *source)
{
	(void)face;
	if (tag == HB_TAG('c', 'm', 'a', 'p'))
		return NULL;
	return hb_face_reference_table(source, tag);
}

/* The face fs->face read again from its file, for the subsetter: with
 * its tables in memory of our own and only the outlines of the glyphs the
 * subset takes (sfnt.h), or else in a mapping of its own; Pango's face
 * when the file cannot be read that way or is no longer the one Pango
 * read (same length, same table directory and 'head'). Reference: the
 * memory goes with hb_face_destroy.
 *
 * The subsetter reads every charstring the document uses, spread over the
 * whole font: in Pango's mapping, which lives as long as the font map, the
 * pages it touched would stay counted in the process's memory until the
 * end (for a five-page report 20 MB of a 56 MB peak, more when the kernel
 * keeps the files' pages in large folios and maps a whole folio at a
 * touch); in a mapping of our own, each glyph's charstring still brought
 * 64 KiB or more of its neighbours with it while the face was cut. */
static hb_face_t *own_face(const struct face_subset *fs)
{
	if (!fs->file)
		return hb_face_reference(fs->face);
	hb_blob_t *theirs = hb_face_reference_blob(fs->face);
	unsigned m;
	const char *b = hb_blob_get_data(theirs, &m);
	hb_face_t *face = b ? sfnt_face_new(fs->file, hb_face_get_index(fs->face), fs->glyphs, b, m) : NULL;
	if (face) {
		hb_blob_destroy(theirs);
		return face;
	}
	hb_blob_t *mine = hb_blob_create_from_file_or_fail(fs->file);
	unsigned n;
	const char *a = mine ? hb_blob_get_data(mine, &n) : NULL;
	if (a && b && n == m) {
		face = hb_face_create(mine, hb_face_get_index(fs->face));
		hb_blob_t *h1 = hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd'));
		hb_blob_t *h2 = hb_face_reference_table(fs->face, HB_TAG('h', 'e', 'a', 'd'));
		unsigned l1, l2;
		const char *d1 = hb_blob_get_data(h1, &l1), *d2 = hb_blob_get_data(h2, &l2);
		size_t dir = n < 4096 ? n : 4096;
		if (l1 == 0 || l1 != l2 || memcmp(d1, d2, l1) != 0 || memcmp(a, b, dir) != 0) {
			hb_face_destroy(face);
			face = NULL;
		}
		hb_blob_destroy(h1);
		hb_blob_destroy(h2);
	}
	hb_blob_destroy(mine);
	hb_blob_destroy(theirs);
	return face ? face : hb_face_reference(fs->face);
}

/* Cut one font file to its glyphs (fs->blob, fs->map). Leaves fs->map
 * NULL when that cannot be done. The plan, which holds the source face,
 * goes as soon as the subset is made: only its glyph map is kept.
 *
 * The subsetter is given the font without its 'cmap': asked for glyphs
 * rather than characters, HarfBuzz 6 first maps every character of the
 * character map to its glyph (30,000 of them in a pinned CJK face: 16
 * million instructions a face, whatever the number of glyphs). The PDF does
 * not need a character map: Cairo writes ToUnicode from the runs' text. */
static void subset_face(struct face_subset *fs)
{
	if (!fs->face || hb_face_get_glyph_count(fs->face) == 0)
		return;
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (!in)
		return;
	hb_set_union(hb_subset_input_glyph_set(in), fs->glyphs);
	hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	static const hb_tag_t unused[] = {
		HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
		HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'),
		HB_TAG('V', 'O', 'R', 'G'), HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'),
		HB_TAG('k', 'e', 'r', 'n'), HB_TAG('D', 'S', 'I', 'G'),
	};
	for (size_t i = 0; i < ARRAY_LEN(unused); i++)
		hb_set_add(drop, unused[i]);
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_DESUBROUTINIZE);
	hb_face_t *src = hb_face_create_for_tables(table_but_cmap, own_face(fs),
						   (hb_destroy_func_t)hb_face_destroy);
	hb_face_set_upem(src, hb_face_get_upem(fs->face));
	hb_face_set_glyph_count(src, hb_face_get_glyph_count(fs->face));
	hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(src, in);
	hb_face_destroy(src);
	hb_subset_input_destroy(in);
	if (!plan)
		return;
	hb_face_t *sub = hb_subset_plan_execute_or_fail(plan);
	hb_blob_t *blob = sub ? hb_face_reference_blob(sub) : NULL;
	fs->nglyphs = sub ? hb_face_get_glyph_count(sub) : 0;
	hb_face_destroy(sub);
	if (!blob || hb_blob_get_length(blob) == 0 || fs->nglyphs == 0) {
		hb_blob_destroy(blob);
		hb_subset_plan_destroy(plan);
		return;
	}
	hb_map_t *map = hb_map_copy(hb_subset_plan_old_to_new_glyph_mapping(plan));
	hb_subset_plan_destroy(plan);
	if (!hb_map_allocation_successful(map)) {
		hb_map_destroy(map);
		hb_blob_destroy(blob);
		return;
	}
	fs->blob = blob;
	fs->map = map;
}

/* The FreeType face of fs for a Cairo face with or without synthesis. */
static struct ft_holder *face_holder(struct face_subset *fs, bool synthetic)
{
	unsigned int len;
	const unsigned char *data = (const unsigned char *)hb_blob_get_data(fs->blob, &len);
	if (!synthetic && !fs->hybrid && !fs->hybrid_failed) {
		size_t n;
		unsigned char *bytes = hybrid_font(data, len, fs->nglyphs, &n);
		fs->hybrid = bytes ? holder_new(bytes, n, NULL, bytes) : NULL;
		fs->hybrid_failed = !fs->hybrid;
	}
	if (!synthetic && fs->hybrid)
		return fs->hybrid;
	if (!fs->ft)
		fs->ft = holder_new(data, len, hb_blob_reference(fs->blob), NULL);
	return fs->ft;
}

/* The Cairo face of fs, emboldened or not. */
static cairo_font_face_t *cairo_face(struct face_subset *fs, bool embolden)
{
	unsigned synth = embolden ? CAIRO_FT_SYNTHESIZE_BOLD : 0;
	if (fs->cairo[synth])
		return fs->cairo[synth];
	struct ft_holder *h = face_holder(fs, synth != 0);
	if (!h)
		return NULL;
	cairo_font_face_t *cf = cairo_ft_font_face_create_for_ft_face(h->face, FT_LOAD_NO_HINTING);
	if (cairo_font_face_set_user_data(cf, &holder_key, h, holder_unref) != CAIRO_STATUS_SUCCESS) {
		cairo_font_face_destroy(cf);
		return NULL;
	}
	h->refs++;
	if (synth)
		cairo_ft_font_face_set_synthesize(cf, synth);
	fs->cairo[synth] = cf;
	return cf;
}

/* The scaled font of f: the subset face at the Pango font's size, unhinted
 * (the PDF holds outlines; Cairo's metrics only place its text operators). */
static void make_scaled(struct subset_fonts *s, struct font_subset *f)
{
	struct face_subset *fs = &s->faces[f->face];
	double size;
	bool embolden;
	if (!fs->map || !fonts_plain_style(f->font, &size, &embolden))
		return;
	cairo_font_face_t *cf = cairo_face(fs, embolden);
	if (!cf)
		return;
	cairo_matrix_t fm, ctm;
	cairo_matrix_init_scale(&fm, size, size);
	cairo_matrix_init_identity(&ctm);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_scaled_font_t *sf = cairo_scaled_font_create(cf, &fm, &ctm, fo);
	cairo_font_options_destroy(fo);
	if (cairo_scaled_font_status(sf) != CAIRO_STATUS_SUCCESS) {
		cairo_scaled_font_destroy(sf);
		return;
	}
	f->scaled = sf;
}

static cairo_scaled_font_t *draw_font(void *arg, const struct glyph_run *run)
{
	struct subset_fonts *s = arg;
	struct font_subset *f = find_font(s, run->font);
	if (!f)
		bug("a glyph run's font was not collected for the PDF");
	return f->scaled ? f->scaled : fonts_scaled_font(run->font);
}

static uint32_t draw_glyph(void *arg, const struct glyph_run *run, uint32_t id)
{
	struct subset_fonts *s = arg;
	struct font_subset *f = find_font(s, run->font);
	if (!f || !f->scaled)
		return id;
	hb_codepoint_t to = hb_map_get(s->faces[f->face].map, id);
	return to == HB_MAP_VALUE_INVALID ? 0 : to;
}

static void collect_pages(struct subset_fonts *s, const struct frames *fr)
{
	for (int i = 0; i < fr->npages; i++)
		group_walk(&fr->pages[i].content, 0, 0, collect_run, s);
}

/* Font files are subset side by side, on as many threads as there are
 * cores (up to SUBSET_THREADS), the file with the most glyphs first: the
 * subsetter reads each used glyph's charstring, and the body face has most
 * of them. HarfBuzz faces may be read from several threads; each thread
 * reads its files into memory of its own (own_face). Two at a time add
 * 1 or 2 MB to a report's peak memory (when files were mapped whole, up
 * to 5 MB), for 2–3 ms less wall time. */
#define SUBSET_THREADS 4

struct subset_queue {
	struct face_subset **order;
	int n, next;
	pthread_mutex_t lock;
};

static void *subset_worker(void *arg)
{
	struct subset_queue *q = arg;
	for (;;) {
		pthread_mutex_lock(&q->lock);
		int i = q->next < q->n ? q->next++ : -1;
		pthread_mutex_unlock(&q->lock);
		if (i < 0)
			return NULL;
		subset_face(q->order[i]);
	}
}

static int by_glyphs(const void *a, const void *b)
{
	unsigned x = hb_set_get_population((*(struct face_subset *const *)a)->glyphs);
	unsigned y = hb_set_get_population((*(struct face_subset *const *)b)->glyphs);
	return x < y ? 1 : x > y ? -1 : 0;
}

static void subset_all(struct subset_fonts *s)
{
	struct subset_queue q = { xreallocarray(NULL, (size_t)(s->nfaces ? s->nfaces : 1), sizeof(*q.order)),
				  s->nfaces, 0, PTHREAD_MUTEX_INITIALIZER };
	for (int i = 0; i < s->nfaces; i++)
		q.order[i] = &s->faces[i];
	qsort(q.order, (size_t)q.n, sizeof(*q.order), by_glyphs);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int nthreads = cpus > 1 ? (int)cpus : 1;
	if (nthreads > SUBSET_THREADS)
		nthreads = SUBSET_THREADS;
	if (nthreads > q.n)
		nthreads = q.n;
	pthread_t th[SUBSET_THREADS];
	int started = 0;
	for (; started < nthreads - 1; started++)
		if (pthread_create(&th[started], NULL, subset_worker, &q) != 0)
			break;
	subset_worker(&q); /* this thread works too */
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&q.lock);
	free(q.order);
}

struct subset_fonts *subset_fonts_new(const struct frames *fr)
{
	struct subset_fonts *s = xcalloc(1, sizeof(*s));
	collect_pages(s, fr);
	subset_all(s);
	for (int i = 0; i < s->nfonts; i++)
		make_scaled(s, &s->fonts[i]);
	s->draw = (struct draw_fonts){ draw_font, draw_glyph, s };
	return s;
}

const struct draw_fonts *subset_fonts_draw(struct subset_fonts *s)
{
	return &s->draw;
}

void subset_fonts_free(struct subset_fonts *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->nfonts; i++)
		cairo_scaled_font_destroy(s->fonts[i].scaled);
	for (int i = 0; i < s->nfaces; i++) {
		struct face_subset *fs = &s->faces[i];
		for (int k = 0; k < 4; k++)
			cairo_font_face_destroy(fs->cairo[k]);
		holder_unref(fs->ft);
		holder_unref(fs->hybrid);
		hb_blob_destroy(fs->blob);
		hb_map_destroy(fs->map);
		hb_set_destroy(fs->glyphs);
		free(fs->file);
	}
	free(s->faces);
	free(s->fonts);
	free(s);
}
