/* wordbreak.h — break opportunities inside Western runs of Chinese text,
 * stage "compose": URLs, e-mail addresses and paths may break after their
 * separators (a documented rule, no hyphen); long English words break at
 * the points of a hyphenation dictionary (libhyphen, with a hyphen drawn at
 * the line end); numbers with their units, dates and standard codes
 * (GB/T 4754—2017, 100 km, 6 月, 2025年3月5日) stay together. Applied to the
 * atoms of a shaped paragraph after the clreq pair rules (text.c). */
#ifndef PAIBAN_WORDBREAK_H
#define PAIBAN_WORDBREAK_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "style/layout.h"

struct atom;
struct hyphenator;

/* Prices of these breaks, in the line composer's units (linebreak.c): a
 * break in a URL or path costs about as much as a line whose Han gaps open
 * by 0.03 em, a hyphen a little more, a break in an identifier (or after a
 * link's -) or a hyphen in a word of five or six letters about as much as
 * one opened by 0.05 em; after a comma in a list, almost nothing. */
#define WORDBREAK_URL_COST 150.0
#define WORDBREAK_HYPHEN_COST 400.0
#define WORDBREAK_IDENT_COST 600.0
#define WORDBREAK_LIST_COST 50.0

/* Identifiers at least this long may break after . _ - (no hyphen). */
#define WORDBREAK_MIN_IDENT 8

/* Words of this many letters or more are hyphenated at the hyphen's price,
 * shorter ones down to WORDBREAK_MIN_SHORT letters at a higher one; shorter
 * still, never. A capitalised word — in Chinese text nearly always a name
 * (Debian, Samsung, Windows) — only to spare a line whose Han gaps would
 * open by some 0.08 em. */
#define WORDBREAK_MIN_WORD 7
#define WORDBREAK_MIN_SHORT 5
#define WORDBREAK_SHORT_COST 1000.0
#define WORDBREAK_NAME_COST 20000.0

/* A hyphenation dictionary (hyph_*.dic, libhyphen's format), read when
 * the first word is hyphenated. Returns NULL after reporting an error in d
 * when the file cannot be read. Free with hyphenator_free. */
struct hyphenator *hyphenator_new(const char *path, struct diag *d);
void hyphenator_free(struct hyphenator *h);

/* Hyphenation points of a word of ASCII letters: after[k] is set when the
 * word may break after its letter k (0-based). `after` has room for len
 * entries. Returns the number of points. */
int hyphenator_points(struct hyphenator *h, const char *word, size_t len, bool *after);

/* Tailor the break opportunities of atoms[0, n) of text s (see above). h may
 * be NULL (no hyphenation). Sets brk, emergency, hyphen and penalty. */
void wordbreak_apply(const char *s, size_t len, struct atom *atoms, int n,
		     struct hyphenator *h, enum kinsoku level);

/* Is s[0, len) — one run of non-space characters — a URL, an e-mail address
 * or a path (the runs whose separators may end a line)? Exposed for tests. */
bool wordbreak_is_link(const char *s, size_t len);

#endif
