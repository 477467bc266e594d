/* fonts.c — fontconfig and the Pango font map. The configuration is built
 * here rather than taken from the machine so that the same report renders the
 * same glyphs everywhere: with the machine's configuration, which font stands
 * in for a missing character (and even which face serif means under
 * LANG=C) depends on what happens to be installed. */
#include "compose/fonts.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

struct fonts {
	FcConfig *config;
	PangoFontMap *map;
};

struct fonts *fonts_new(const char *fonts_dir, bool system_fonts, struct diag *d)
{
	char *conf = xasprintf("%s/fonts.conf", fonts_dir);
	FcConfig *config = FcConfigCreate();
	/* NULL loads the machine's default configuration (FONTCONFIG_FILE). */
	if (system_fonts && !FcConfigParseAndLoad(config, NULL, FcFalse))
		system_fonts = false; /* no system configuration: pinned fonts only */
	if (!FcConfigParseAndLoad(config, (const FcChar8 *)conf, FcTrue)) {
		diag_error_file(d, conf, "cannot load the font configuration");
		FcConfigDestroy(config);
		free(conf);
		return NULL;
	}
	free(conf);
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
	struct fonts *f = xcalloc(1, sizeof(*f));
	f->config = config;
	f->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	if (!f->map)
		bug("pango_cairo_font_map_new_for_font_type returned NULL");
	/* The font map takes its own reference to the configuration. */
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), config);
	return f;
}

void fonts_free(struct fonts *f)
{
	if (!f)
		return;
	/* Pango 1.50 takes a reference to the configuration but never drops
	 * it when the font map is finalized (fixed in later Pango): detach it
	 * first, which drops that reference, so the configuration is freed
	 * (valgrind: 13–15 kB definitely lost per run before). */
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), NULL);
	g_object_unref(f->map);
	FcConfigDestroy(f->config);
	free(f);
}

PangoFontMap *fonts_fontmap(struct fonts *f)
{
	return f->map;
}

cairo_scaled_font_t *fonts_scaled_font(PangoFont *font)
{
	return pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
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
