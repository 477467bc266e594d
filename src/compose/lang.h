/* lang.h — which Chinese a report is written in, stage "compose": the
 * language given in meta.lang, or else the one its characters show
 * (characters that exist only in Simplified or only in Traditional form),
 * and the language tag Pango, HarfBuzz and fontconfig get for it. The tag
 * picks the glyph forms (OpenType locl) and, through fonts.conf, the face:
 * SC faces set 。，、 in the lower left, TC faces centre them (clreq
 * §3.1.2, "glyphs, sizes and positions"). */
#ifndef PAIBAN_LANG_H
#define PAIBAN_LANG_H

#include <stddef.h>

#include "model/document.h"

/* Characters of s[0, len) found only in Simplified (*simp) or only in
 * Traditional writing (*trad), added to the counts. */
void lang_count(const char *s, size_t len, int *simp, int *trad);

/* The document's language: meta.lang, or detected from its texts (LANG_HANS
 * unless Traditional-only characters outnumber Simplified-only ones). */
enum doc_lang lang_of_document(const struct document *doc);

/* "zh-cn", "zh-tw" or "zh-hk" (static). */
const char *lang_tag(enum doc_lang l);

#endif
