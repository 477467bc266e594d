/* phrase.h — where display text (titles, headings, mastheads, covers, key
 * figure labels, chart labels, table cells) may break, stage "compose".
 * Body text may break between any two Han characters (clreq); display text
 * breaks between words and phrases, as CSS `word-break: auto-phrase` does:
 * never inside a word, a name, a Latin word or a number with its unit;
 * preferably at spaces, U+3000 and punctuation, then next to function words
 * (的、和、与、在、关于…), then between two words.
 *
 * Words come from ICU's dictionary-based word break iterator, grouped into
 * phrases by rules: a single-character segment binds to its neighbour
 * unless it is a function word (prefixes such as 第 新 to the right,
 * suffixes such as 区 化 值 to the left, a run of them into one word);
 * numbers bind to their units; particles (的 了 以上) never start a line;
 * a short list of terms the dictionary splits (营商, 同比, 碳中和) is
 * kept whole. */
#ifndef PAIBAN_PHRASE_H
#define PAIBAN_PHRASE_H

#include <stddef.h>

/* The kind of boundary before a character. */
enum phrase_class {
	PHRASE_INSIDE,   /* inside a word: display text never breaks here */
	PHRASE_WORD,     /* between two words of a phrase */
	PHRASE_FUNCTION, /* next to a function word: between phrases */
	PHRASE_OPEN,     /* at a space, a mark or a break hint: clreq decides */
};

/* What a break of each class costs a line of display text, in the line
 * composer's units (a line costs 30): a break between two words costs more
 * than one at a phrase edge, so a title breaks at its phrases when the
 * lines come out as even, but never takes an extra line to avoid a word
 * boundary. */
#define PHRASE_COST_WORD 24.0
#define PHRASE_COST_FUNCTION 8.0

/* A break hint typed in a report: U+200B (ZERO WIDTH SPACE, what `<wbr>`
 * becomes) allows and prefers a break; a forced break is a '\n'. */
#define PHRASE_HINT 0x200B

/* Classify the boundary before every character of s[0, len): cls[b] for a
 * character starting at byte b (cls has room for len bytes; bytes inside a
 * character are left as they are). cls[0] is PHRASE_OPEN. */
void phrase_classify(const char *s, size_t len, unsigned char *cls);

struct atom;
/* Apply the classes to the atoms of a shaped display text (text.c): no
 * break inside a word, not even the last-resort breaks inside a long
 * Western word; a cost on the others (added to struct atom's `penalty`). */
void phrase_apply(const char *s, size_t len, struct atom *atoms, int n);

#endif
