/* clreq.h — the character classes and line-breaking rules of Chinese text,
 * from W3C clreq (Requirements for Chinese Text Layout) and GB/T 15834-2011:
 * which marks are opening, closing or pause marks, which may not start or end
 * a line at each prohibition level, where a break may fall. Pure functions of
 * code points, so they are tested by tables (tests/check_clreq.c). */
#ifndef PAIBAN_CLREQ_H
#define PAIBAN_CLREQ_H

#include <stdbool.h>

#include "style/layout.h"

enum cclass {
	CC_HAN,      /* ideographs, kana, 〇: one em, justification opportunities */
	CC_OPEN,     /* “ ‘ （ 《 【 「 『 〔 〖 〈 ［ ｛: blank on the left */
	CC_CLOSE,    /* ” ’ ） 》 】 」 』 〕 〗 〉 ］ ｝: blank on the right */
	CC_PAUSE,    /* ，、；： blank on the right */
	CC_STOP,     /* 。？！． blank on the right */
	CC_MIDDLE,   /* · ・ ‧ interpuncts: blank on both sides */
	CC_DASH,     /* — (a 破折号 is two) and ⸺ */
	CC_ELLIPSIS, /* … ⋯ (a 省略号 is two) */
	CC_CONNECTOR, /* ～ － – */
	CC_SOLIDUS,  /* / ／ */
	CC_LATIN,    /* letters and digits of Western text, and % ‰ ℃ after numbers */
	CC_SPACE,    /* U+0020 and other spaces */
	CC_OTHER,
};

enum cclass clreq_class(int c);

/* Full-width Chinese punctuation whose blank part the composer may trim:
 * opening, closing, pause, stop and middle marks. */
bool clreq_is_adjustable(enum cclass k);

/* Not at line start / line end at the given level (clreq §3.1.7 and
 * Appendix A; basic also keeps % ‰ ℃ ° and ASCII closing marks off a line
 * start). `next` is the character after c (0 at the end): a dash or
 * ellipsis followed by another is the pair ——/……, which may start a line
 * except in strict. */
bool clreq_no_start(int c, int next, enum kinsoku level);
bool clreq_no_end(int c, enum kinsoku level);

/* The CJK side of a CJK–Western boundary: an ideograph (not punctuation). */
bool clreq_is_cjk(int c);

/* May a line break between characters a and b? `pango_allows` is the UAX #14
 * answer, used where neither side is Chinese. `next` is the character after
 * b (0 at the end). Spaces end lines: a break falls after a space (not a
 * no-break one), never before one. */
bool clreq_break_between(int a, int b, int next, bool pango_allows, enum kinsoku level);

#endif
