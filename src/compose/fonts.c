/* fonts.c — fontconfig and the Pango font map. The configuration is built
 * here rather than taken from the machine so that the same report renders the
 * same glyphs everywhere: with the machine's configuration, which font stands
 * in for a missing character (and even which face serif means under
 * LANG=C) depends on what happens to be installed.
 *
 * Reading the machine's configuration (every file of /etc/fonts, every
 * font cache) costs more than laying out a social card, so a run starts
 * with the pinned fonts alone and reads it only when it is needed: when a
 * layout names a family the pinned fonts do not provide (a machine's
 * FangSong for 仿宋, a user's own font) or a character none of them can draw
 * (fonts_add_system). */
#include "compose/fonts.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

struct fonts {
	char *conf;           /* fonts_dir/fonts.conf */
	FcConfig *config;     /* the configuration in use */
	PangoFontMap *map;    /* its font map */
	/* The pinned-only font map, kept while fonts made from it live on
	 * after the machine's fonts were added. */
	PangoFontMap *old_map;
	bool system_allowed;  /* the machine's fonts may be added */
	bool system_loaded;   /* they were */
	/* Family names the pinned configuration answers itself (see
	 * family_is_pinned), remembered by name. */
	struct {
		char name[64];
		bool pinned;
	} families[16];
	int nfamilies;
};

/* A configuration: the machine's (when system) and then paiban's own, and
 * the font list built from both. NULL after reporting an error. */
static FcConfig *load_config(const char *conf, const char *fonts_dir, bool system, struct diag *d)
{
	FcConfig *config = FcConfigCreate();
	/* NULL loads the machine's default configuration (FONTCONFIG_FILE). */
	if (system && !FcConfigParseAndLoad(config, NULL, FcFalse))
		system = false; /* no system configuration: pinned fonts only */
	if (!FcConfigParseAndLoad(config, (const FcChar8 *)conf, FcTrue)) {
		diag_error_file(d, conf, "cannot load the font configuration");
		FcConfigDestroy(config);
		return NULL;
	}
	if (!FcConfigBuildFonts(config)) {
		diag_error(d, "cannot build the font list from %s", fonts_dir);
		FcConfigDestroy(config);
		return NULL;
	}
	FcFontSet *set = FcConfigGetFonts(config, FcSetSystem);
	if (!set || set->nfont == 0) {
		diag_error(d, "no fonts found in %s", fonts_dir);
		FcConfigDestroy(config);
		return NULL;
	}
	return config;
}

static PangoFontMap *make_map(FcConfig *config)
{
	/* The current configuration is the one fontconfig's callers without
	 * a configuration of their own use: Pango's font map, which runs
	 * FcInit() in a thread of its own when it is made, and Cairo's FreeType
	 * backend. Making it ours keeps them from reading the machine's. */
	FcConfigSetCurrent(config);
	PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	if (!map)
		bug("pango_cairo_font_map_new_for_font_type returned NULL");
	/* The font map takes its own reference to the configuration. */
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);
	return map;
}

struct fonts *fonts_new(const char *fonts_dir, bool system_fonts, struct diag *d)
{
	char *conf = xasprintf("%s/fonts.conf", fonts_dir);
	FcConfig *config = load_config(conf, fonts_dir, false, d);
	if (!config) {
		free(conf);
		return NULL;
	}
	struct fonts *f = xcalloc(1, sizeof(*f));
	f->conf = conf;
	f->config = config;
	f->system_allowed = system_fonts;
	f->map = make_map(config);
	return f;
}

/* Pango 1.50 matches and sorts fonts in a thread of its own, and each
 * request it has queued holds a reference to the font map until the
 * thread has finished with it, including the map's table of patterns.
 * Detaching the configuration clears that table, so it must wait until
 * the thread is done: until the caller's reference is the only one left
 * (the PangoContexts made from the map are gone by then). A request takes
 * milliseconds; the wait gives up after two seconds rather than hang. */
static void wait_for_fontconfig_thread(PangoFontMap *map)
{
	for (int i = 0; i < 2000 && g_atomic_int_get((gint *)&G_OBJECT(map)->ref_count) > 1; i++)
		g_usleep(1000);
}

void fonts_free(struct fonts *f)
{
	if (!f)
		return;
	wait_for_fontconfig_thread(f->map);
	if (f->old_map)
		wait_for_fontconfig_thread(f->old_map);
	/* Pango 1.50 takes a reference to the configuration but never drops
	 * it when the font map is finalized (fixed in later Pango): detach it
	 * first, which drops that reference, so the configuration is freed
	 * (valgrind: 13–15 kB definitely lost per run before). */
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), NULL);
	g_object_unref(f->map);
	if (f->old_map) {
		/* The same for the map of the pinned fonts alone, kept since
		 * fonts_add_system replaced it. */
		pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->old_map), NULL);
		g_object_unref(f->old_map);
	}
	FcConfigDestroy(f->config);
	free(f->conf);
	free(f);
}

PangoFontMap *fonts_fontmap(struct fonts *f)
{
	return f->map;
}

bool fonts_add_system(struct fonts *f)
{
	if (!f->system_allowed || f->system_loaded)
		return false;
	f->system_loaded = true;
	char *dir = xstrndup(f->conf, strlen(f->conf) - strlen("/fonts.conf"));
	struct diag quiet;
	diag_init(&quiet);
	FcConfig *config = load_config(f->conf, dir, true, &quiet);
	diag_release(&quiet);
	free(dir);
	if (!config)
		return false; /* it loaded before: keep the pinned fonts */
	/* Fonts made from the old map stay valid: it lives until fonts_free. */
	f->old_map = f->map;
	f->map = make_map(config);
	FcConfigDestroy(f->config);
	f->config = config;
	f->nfamilies = 0;
	return true;
}

/* Whether the configuration in use answers `family` with a pinned face:
 * the first family fontconfig's substitution puts in the list (宋体 →
 * Noto Serif CJK SC Paiban) is one of the fonts it has. 仿宋, whose list
 * starts with FangSong, and a family the layout names but paiban does not
 * ship are not. */
static bool family_is_pinned(struct fonts *f, const char *family)
{
	for (int i = 0; i < f->nfamilies; i++)
		if (!strcmp(f->families[i].name, family))
			return f->families[i].pinned;
	FcPattern *pat = FcPatternCreate();
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcConfigSubstitute(f->config, pat, FcMatchPattern);
	bool pinned = false;
	FcChar8 *first;
	if (FcPatternGetString(pat, FC_FAMILY, 0, &first) == FcResultMatch) {
		FcFontSet *set = FcConfigGetFonts(f->config, FcSetSystem);
		for (int i = 0; set && i < set->nfont && !pinned; i++) {
			FcChar8 *name;
			for (int k = 0; FcPatternGetString(set->fonts[i], FC_FAMILY, k, &name) ==
					FcResultMatch; k++)
				if (!FcStrCmpIgnoreCase(name, first)) {
					pinned = true;
					break;
				}
		}
	}
	FcPatternDestroy(pat);
	if (f->nfamilies < (int)ARRAY_LEN(f->families) &&
	    strlen(family) < sizeof(f->families[0].name)) {
		strcpy(f->families[f->nfamilies].name, family);
		f->families[f->nfamilies++].pinned = pinned;
	}
	return pinned;
}

bool fonts_use_family(struct fonts *f, const char *family)
{
	if (!f->system_allowed || f->system_loaded || family_is_pinned(f, family))
		return false;
	return fonts_add_system(f);
}

cairo_scaled_font_t *fonts_scaled_font(PangoFont *font)
{
	return pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
}

bool fonts_plain_style(PangoFont *font, double *size, bool *embolden)
{
	if (!PANGO_IS_FC_FONT(font))
		return false;
	FcPattern *pat = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
	FcMatrix *m;
	FcBool b;
	if (!pat || FcPatternGetDouble(pat, FC_PIXEL_SIZE, 0, size) != FcResultMatch || *size <= 0 ||
	    FcPatternGetMatrix(pat, FC_MATRIX, 0, &m) == FcResultMatch)
		return false;
	*embolden = FcPatternGetBool(pat, FC_EMBOLDEN, 0, &b) == FcResultMatch && b;
	return true;
}

hb_face_t *fonts_face(PangoFont *font)
{
	hb_font_t *hb = pango_font_get_hb_font(font);
	return hb ? hb_font_get_face(hb) : NULL;
}

char *fonts_file(PangoFont *font)
{
	if (!PANGO_IS_FC_FONT(font))
		return NULL;
	FcPattern *pat = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
	FcChar8 *file;
	if (!pat || FcPatternGetString(pat, FC_FILE, 0, &file) != FcResultMatch)
		return NULL;
	return xstrdup((const char *)file);
}

char *fonts_describe(PangoFont *font)
{
	PangoFontDescription *desc = pango_font_describe(font);
	char *s = pango_font_description_to_string(desc);
	char *r = xstrdup(s);
	g_free(s);
	pango_font_description_free(desc);
	return r;
}

char *fonts_match_family(struct fonts *f, const char *family)
{
	fonts_use_family(f, family);
	FcPattern *pat = FcPatternCreate();
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcPatternAddString(pat, FC_LANG, (const FcChar8 *)"zh-cn");
	FcConfigSubstitute(f->config, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult res;
	FcPattern *m = FcFontMatch(f->config, pat, &res);
	FcPatternDestroy(pat);
	char *r = NULL;
	FcChar8 *name;
	if (m && FcPatternGetString(m, FC_FAMILY, 0, &name) == FcResultMatch)
		r = xstrdup((const char *)name);
	if (m)
		FcPatternDestroy(m);
	return r;
}
