/* clreq.c — Chinese character classes and line-breaking rules (clreq.h). The
 * sets are those of clreq Appendix A as listed in the project's research
 * notes; where Pango 1.50's UAX #14 breaks differ (it glues “ and ” to their
 * neighbours and lets ～ · ／ start a line), these rules decide. */
#include "compose/clreq.h"

#include <stddef.h>

static bool in(int c, const int *set)
{
	for (; *set; set++)
		if (*set == c)
			return true;
	return false;
}

static const int open_marks[] = { 0x201C, 0x2018, 0xFF08, 0x300A, 0x3010, 0x300C, 0x300E, 0x3014,
				  0x3016, 0x3008, 0xFF3B, 0xFF5B, 0x3018, 0x301A, 0 };
static const int close_marks[] = { 0x201D, 0x2019, 0xFF09, 0x300B, 0x3011, 0x300D, 0x300F, 0x3015,
				   0x3017, 0x3009, 0xFF3D, 0xFF5D, 0x3019, 0x301B, 0 };
static const int pause_marks[] = { 0xFF0C, 0x3001, 0xFF1B, 0xFF1A, 0 };
static const int stop_marks[] = { 0x3002, 0xFF1F, 0xFF01, 0xFF0E, 0x203C, 0x2047, 0x2048, 0x2049, 0 };
static const int middle_marks[] = { 0x00B7, 0x30FB, 0x2027, 0xFF65, 0 };
static const int connectors[] = { 0xFF5E, 0x301C, 0xFF0D, 0x2013, 0 };

/* Characters a line never starts with, besides the classes above: units and
 * signs that belong to the number before them, and Western closing marks. */
static const int no_start_extra[] = { '%', 0x2030, 0x2103, 0x00B0, 0x2032, 0x2033, ',', '.', ';', ':',
				      '!', '?', ')', ']', '}', '-', 0xFF05, 0 };
static const int no_end_extra[] = { '(', '[', '{', 0 };

bool clreq_is_cjk(int c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x20000 && c <= 0x3FFFF) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x31C0 && c <= 0x31EF) ||
	       (c >= 0x3040 && c <= 0x30FA) || (c >= 0x30FC && c <= 0x30FF) || c == 0x3005 ||
	       c == 0x3007 || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xFF10 && c <= 0xFF19) ||
	       (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A);
}

static bool is_latin(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x370 && c <= 0x4FF) ||
	       c == '%' || c == 0x2030 || c == 0x2103;
}

enum cclass clreq_class(int c)
{
	if (clreq_is_cjk(c))
		return CC_HAN;
	if (c == ' ' || c == '\n' || c == 0xA0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200A))
		return CC_SPACE;
	if (is_latin(c))
		return CC_LATIN;
	if (in(c, open_marks))
		return CC_OPEN;
	if (in(c, close_marks))
		return CC_CLOSE;
	if (in(c, pause_marks))
		return CC_PAUSE;
	if (in(c, stop_marks))
		return CC_STOP;
	if (in(c, middle_marks))
		return CC_MIDDLE;
	if (c == 0x2014 || c == 0x2E3A || c == 0x2E3B)
		return CC_DASH;
	if (c == 0x2026 || c == 0x22EF)
		return CC_ELLIPSIS;
	if (in(c, connectors))
		return CC_CONNECTOR;
	if (c == '/' || c == 0xFF0F)
		return CC_SOLIDUS;
	return CC_OTHER;
}

bool clreq_is_adjustable(enum cclass k)
{
	return k == CC_OPEN || k == CC_CLOSE || k == CC_PAUSE || k == CC_STOP || k == CC_MIDDLE;
}

bool clreq_no_start(int c, int next, enum kinsoku level)
{
	enum cclass k = clreq_class(c);
	switch (k) {
	case CC_CLOSE:
	case CC_PAUSE:
	case CC_STOP:
	case CC_MIDDLE:
	case CC_CONNECTOR:
	case CC_SOLIDUS:
		return true;
	case CC_DASH:
	case CC_ELLIPSIS:
		/* A single — or … is a connector; the pairs —— and …… (and
		 * ⸺) may open a line except in the strict level. */
		if (c == 0x2E3A || c == 0x2E3B || next == c)
			return level == KINSOKU_STRICT;
		return true;
	default:
		return in(c, no_start_extra);
	}
}

bool clreq_no_end(int c, enum kinsoku level)
{
	if (clreq_class(c) == CC_OPEN || in(c, no_end_extra))
		return true;
	return level != KINSOKU_BASIC && (c == '/' || c == 0xFF0F);
}

static bool is_digit(int c)
{
	return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

bool clreq_break_between(int a, int b, int next, bool pango_allows, enum kinsoku level)
{
	enum cclass ka = clreq_class(a), kb = clreq_class(b);
	if (kb == CC_SPACE)
		return false;
	/* ——, …… and ⋯⋯ are one mark two characters wide. */
	if (a == b && (ka == CC_DASH || ka == CC_ELLIPSIS))
		return false;
	/* After a space, a full stop followed by a letter or digit begins a
	 * name (.changes, .bashrc, .NET): it may open a line like any word. */
	if (ka == CC_SPACE && a != 0xA0 && a != 0x2007 && b == '.' &&
	    ((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') || is_digit(next)))
		return true;
	if (clreq_no_end(a, level) || clreq_no_start(b, next, level))
		return false;
	/* A line breaks after a space, but not after a no-break space
	 * (U+00A0, the figure space U+2007): 100 km, 第 1 章 stay whole. */
	if (ka == CC_SPACE)
		return a != 0xA0 && a != 0x2007;
	/* A number stays with the unit or classifier after it: 2025年, 31个. */
	if (is_digit(a) && kb == CC_HAN)
		return false;
	bool western_a = ka == CC_LATIN || ka == CC_OTHER, western_b = kb == CC_LATIN || kb == CC_OTHER;
	if (western_a && western_b)
		return pango_allows;
	return true;
}
