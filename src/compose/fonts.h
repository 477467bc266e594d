/* fonts.h — the font world: paiban's own fontconfig configuration (pinned
 * fonts in fonts/, role aliases such as 宋体 → Noto Serif CJK SC) and the Pango
 * font map built on it. Owns the FcConfig and the PangoFontMap. */
#ifndef PAIBAN_FONTS_H
#define PAIBAN_FONTS_H

#include <stdbool.h>

#include "base/diag.h"

typedef struct _PangoFontMap PangoFontMap;
typedef struct _PangoFont PangoFont;
typedef struct _cairo_scaled_font cairo_scaled_font_t;
typedef struct hb_face_t hb_face_t;

struct fonts;

/* Load fonts_dir/fonts.conf and the fonts next to it. With system_fonts, the
 * machine's fonts may be added later (fonts_add_system, fonts_use_family) as
 * fallback for characters the pinned fonts lack and for families they do not
 * provide (the pinned families still win); without, output never depends on
 * what a machine has installed. Returns NULL after reporting an error. Free
 * with fonts_free. */
struct fonts *fonts_new(const char *fonts_dir, bool system_fonts, struct diag *d);
void fonts_free(struct fonts *f);

/* The font map in use (transfer none: lives as long as f, even after
 * fonts_add_system replaced it, so fonts made from it stay valid). */
PangoFontMap *fonts_fontmap(struct fonts *f);

/* Add the machine's configuration and fonts, when system fonts are allowed
 * and were not added yet: a new font map then takes the old one's place
 * (fonts_fontmap), with the machine's configuration read first and the
 * pinned one after it. Returns whether the font map changed. Called when
 * the pinned fonts cannot draw a character. */
bool fonts_add_system(struct fonts *f);

/* Before text is set in `family`: add the machine's fonts (as
 * fonts_add_system) if the pinned configuration does not answer the family
 * with a pinned face (仿宋 asks for FangSong first; a layout may name any
 * installed family). Returns whether the font map changed. */
bool fonts_use_family(struct fonts *f, const char *family);

/* The cairo scaled font behind a Pango font (transfer none). For draw. */
cairo_scaled_font_t *fonts_scaled_font(PangoFont *font);

/* How to draw a Pango font's glyphs from another copy of its font file
 * (the PDF writer's subsets) without making the font's own Cairo font: its
 * em size in points (fontconfig's pixel size: Pango units are points at
 * paiban's 72 dpi) and whether fontconfig asks for a synthetic bold
 * (FC_EMBOLDEN). Returns false for a font it cannot describe so (one with a
 * fontconfig matrix: a synthetic slant), which is drawn with its own Cairo
 * font. */
bool fonts_plain_style(PangoFont *font, double *size, bool *embolden);

/* The HarfBuzz face (the font file, mapped) behind a Pango font, shared by
 * its sizes (transfer none: lives as long as the font); NULL if none. For
 * the PDF writer's subsets. */
hb_face_t *fonts_face(PangoFont *font);

/* The family fontconfig picks for `family` (aliases resolved), e.g. 宋体 →
 * "Noto Serif CJK SC Paiban"; NULL if none. Adds the machine's fonts first
 * when the family needs them (fonts_use_family). Caller frees. */
char *fonts_match_family(struct fonts *f, const char *family);

/* The path of the font file behind a Pango font, as fontconfig found it;
 * NULL if it has none. For cache keys, which must change when a font a
 * render used changes. Caller frees. */
char *fonts_file(PangoFont *font);

/* "Noto Serif CJK SC Bold 10.5" — family, style and size; caller frees. */
char *fonts_describe(PangoFont *font);

#endif
