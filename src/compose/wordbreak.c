/* wordbreak.c — break opportunities inside Western runs (wordbreak.h).
 *
 * The rule for URLs, e-mail addresses and paths follows the usual editorial
 * practice (Chicago Manual of Style 7.42–7.47, adapted to Chinese text): a
 * line may break after a separator / . _ ? & = # @ : when the character
 * after it is not another separator (so :// and .. stay whole) and the one
 * before it is not one either (~/.ssh stays whole; after the // of a
 * scheme it may break), before an opening bracket and after a closing one
 * ([user@]|machine|[:options], /usr/lib/|$(ARCH)), never within the first
 * two or the last two characters of the link, never where the prohibition
 * rules forbid it (a ] or ) does not start a line, / does not end one at
 * the GB level), and no hyphen is added. After a - it may break too, at a
 * higher price: the line then reads like a hyphenated word. Breaking
 * *before* . ? and -, which Chicago prefers, would put a mark at a line
 * start, which clreq's prohibition rules forbid in Chinese text.
 *
 * An identifier of eight characters or more (fr_FR.UTF-8,
 * dpkg-buildpackage) may break the same way after . _ - at a higher price,
 * and a name in camel case (UsingSymbolsFiles) between its words; a list
 * typed without spaces (CP/M,OpenVMS) breaks after its commas.
 *
 * English words are hyphenated with libhyphen (the TeX patterns of
 * hyph_en_US.dic), words of five or six letters at a higher price than
 * longer ones; words with capitals after the first letter (names,
 * acronyms, identifiers) and words joined to digits or underscores are
 * left whole. */
#include "compose/wordbreak.h"

#include <hyphen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "compose/clreq.h"
#include "compose/shape.h"

/* The dictionary is read when the first long word needs it: loading the
 * patterns takes a few milliseconds, which a card of Chinese text alone
 * should not pay. */
struct hyphenator {
	char *path;
	HyphenDict *dict;
	bool failed;
};

struct hyphenator *hyphenator_new(const char *path, struct diag *d)
{
	if (access(path, R_OK) != 0) {
		diag_error_file(d, path, "cannot read the hyphenation dictionary");
		return NULL;
	}
	struct hyphenator *h = xcalloc(1, sizeof(*h));
	h->path = xstrdup(path);
	return h;
}

void hyphenator_free(struct hyphenator *h)
{
	if (!h)
		return;
	if (h->dict)
		hnj_hyphen_free(h->dict);
	free(h->path);
	free(h);
}

int hyphenator_points(struct hyphenator *h, const char *word, size_t len, bool *after)
{
	char lower[64], hyph[64 + 5];
	if (len >= sizeof(lower) || len < WORDBREAK_MIN_SHORT)
		return 0;
	if (!h->dict && !h->failed && !(h->dict = hnj_hyphen_load(h->path)))
		h->failed = true; /* unreadable since it was checked: no hyphens */
	if (!h->dict)
		return 0;
	for (size_t i = 0; i < len; i++)
		lower[i] = (char)(word[i] >= 'A' && word[i] <= 'Z' ? word[i] - 'A' + 'a' : word[i]);
	lower[len] = '\0';
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	memset(hyph, 0, sizeof(hyph));
	/* At least 2 letters before a hyphen and 3 after it (the dictionary's
	 * LEFTHYPHENMIN and RIGHTHYPHENMIN for English). */
	int lh = h->dict->lhmin > 2 ? h->dict->lhmin : 2, rh = h->dict->rhmin > 3 ? h->dict->rhmin : 3;
	if (hnj_hyphen_hyphenate3(h->dict, lower, (int)len, hyph, NULL, &rep, &pos, &cut, lh, rh, 0,
				  0) != 0)
		return 0;
	int n = 0;
	for (size_t i = 0; i < len; i++) {
		after[i] = (hyph[i] & 1) && i + 1 < len && rep == NULL;
		n += after[i];
	}
	if (rep) {
		/* Non-standard hyphenation (never in English): not used. */
		for (size_t i = 0; i < len; i++)
			free(rep[i]);
		free(rep);
		free(pos);
		free(cut);
		memset(after, 0, len * sizeof(*after));
		return 0;
	}
	return n;
}

static bool is_alpha(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_digit(int c)
{
	return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

static bool is_sep(int c)
{
	return c && strchr("/.-_?&=#@:", c);
}

bool wordbreak_is_link(const char *s, size_t len)
{
	char buf[16];
	size_t n = len < sizeof(buf) - 1 ? len : sizeof(buf) - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (memmem(s, len, "://", 3) || !strncmp(buf, "www.", 4) || !strncmp(buf, "mailto:", 7))
		return true;
	/* name@host.domain */
	const char *at = memchr(s, '@', len);
	if (at && at > s && is_alpha(at[-1]) && memchr(at, '.', len - (size_t)(at - s)))
		return true;
	/* /usr/lib, ~/.ssh, ./configure, ../x, C:\x; or two slashes
	 * (debian/patches/series); not a single one (GNU/Linux, GB/T). */
	if (len >= 2 && (s[0] == '/' || (s[0] == '~' && s[1] == '/') || (s[0] == '.' && s[1] == '/') ||
			 (s[0] == '.' && s[1] == '.' && len > 2 && s[2] == '/')))
		return true;
	if (memchr(s, '\\', len))
		return true;
	int slashes = 0;
	for (size_t i = 0; i < len; i++)
		slashes += s[i] == '/';
	return slashes >= 2;
}

static bool is_open_bracket(int c)
{
	return c == '(' || c == '[' || c == '{' || c == '<';
}

static bool is_close_bracket(int c)
{
	return c == ')' || c == ']' || c == '}' || c == '>';
}

static bool is_ascii_mark(int c)
{
	return c > 0x20 && c < 0x7F;
}

/* Breaks inside one run of ASCII characters, atoms [r0, r1). */
static void tailor_run(const char *s, struct atom *at, int r0, int r1, struct hyphenator *h,
		       enum kinsoku level)
{
	int c0 = r0, c1 = r1;
	while (c0 < c1 && strchr("\"'(<[{", at[c0].c))
		c0++;
	while (c1 > c0 && strchr("\"')>]}.,;:!?", at[c1 - 1].c))
		c1--;
	if (c1 - c0 < 4)
		return;
	size_t b0 = at[c0].start, b1 = at[c1 - 1].end;
	if (wordbreak_is_link(s + b0, b1 - b0)) {
		/* The rule decides every break inside the link; other places
		 * (UAX #14 allows some) become last resorts. */
		for (int k = c0 + 1; k < c1; k++) {
			bool inside = k >= c0 + 2 && k <= c1 - 2 &&
				      !clreq_no_end(at[k - 1].c, level) &&
				      !clreq_no_start(at[k].c, at[k + 1].c, level);
			bool rule = inside && is_sep(at[k - 1].c) && !is_sep(at[k].c) &&
				    (!is_sep(at[k - 2].c) || (at[k - 1].c == '/' && at[k - 2].c == '/'));
			/* Before a bracketed part ([user@], $(ARCH), {a,b}) and
			 * after one, as before and after a separator. */
			bool bracket = inside && !is_sep(at[k - 1].c) &&
				       ((is_open_bracket(at[k].c) && !is_open_bracket(at[k - 1].c) &&
					 at[k - 1].c != '$') ||
					(at[k].c == '$' && is_open_bracket(at[k + 1].c)) ||
					(is_close_bracket(at[k - 1].c) && !is_sep(at[k].c) &&
					 !is_close_bracket(at[k].c)));
			if (rule || bracket) {
				at[k].brk = true;
				at[k].emergency = false;
				/* After a - the line would read as a hyphenated
				 * word: a last resort before a loose line. */
				at[k].penalty = (float)(rule && at[k - 1].c == '-' ? WORDBREAK_IDENT_COST
										 : WORDBREAK_URL_COST);
			} else if (at[k].brk) {
				at[k].emergency = true;
			}
		}
		return;
	}
	/* A long identifier (fr_FR.UTF-8, dpkg-buildpackage, libfoo1.symbols)
	 * breaks like a link, at a higher price: after . _ - between letters
	 * or digits; a number (3.14, 1.2.3) never. */
	if (c1 - c0 >= WORDBREAK_MIN_IDENT) {
		bool letters = false;
		for (int k = c0; k < c1; k++)
			letters |= is_alpha(at[k].c);
		for (int k = c0 + 2; letters && k <= c1 - 2; k++) {
			int x = at[k - 1].c;
			if ((x != '.' && x != '_' && x != '-') || is_sep(at[k].c) || is_sep(at[k - 2].c) ||
			    clreq_no_start(at[k].c, at[k + 1].c, level))
				continue;
			at[k].brk = true;
			at[k].emergency = false;
			at[k].penalty = (float)WORDBREAK_IDENT_COST;
		}
	}
	/* A list typed without spaces (CP/M,OpenVMS,MS-DOS) breaks after its
	 * commas and semicolons, as after a comma in English; a number's
	 * thousands (1,000) do not. */
	for (int k = c0 + 1; k + 1 < c1; k++) {
		int x = at[k - 1].c;
		if ((x == ',' || x == ';') && is_alpha(at[k].c) && k >= 2 && !is_digit(at[k - 2].c) &&
		    (!at[k].brk || at[k].emergency)) {
			at[k].brk = true;
			at[k].emergency = false;
			at[k].penalty = (float)WORDBREAK_LIST_COST;
		}
	}
	/* A long name written in camel case (UsingSymbolsFiles) breaks where
	 * a capital follows a small letter, like an identifier, when it has
	 * eight letters or more and both sides three or more (OpenVMS stays
	 * whole); no hyphen is added. */
	for (int w0 = c0; w0 < c1;) {
		int w1 = w0;
		while (w1 < c1 && is_alpha(at[w1].c))
			w1++;
		for (int k = w0 + 3; w1 - w0 >= WORDBREAK_MIN_IDENT && k <= w1 - 3; k++) {
			if (is_upper(at[k].c) && !is_upper(at[k - 1].c) && (!at[k].brk || at[k].emergency)) {
				at[k].brk = true;
				at[k].emergency = false;
				at[k].penalty = (float)WORDBREAK_IDENT_COST;
			}
		}
		w0 = w1 > w0 ? w1 : w0 + 1;
	}
	/* A code's solidus stays: GB/T, I/O, TCP/IP (a side of capitals or of
	 * one or two letters); GNU/Linux may still break after it. */
	for (int k = c0 + 1; k + 1 < c1; k++) {
		if (at[k].c != '/')
			continue;
		int l = k, r = k + 1;
		bool lower_l = false, lower_r = false;
		while (l > c0 && is_alpha(at[l - 1].c))
			lower_l |= !is_upper(at[--l].c);
		while (r < c1 && is_alpha(at[r].c))
			lower_r |= !is_upper(at[r++].c);
		if (!lower_l || !lower_r || k - l <= 2 || r - k - 1 <= 2) {
			at[k].brk = at[k].emergency = false;
			at[k + 1].brk = at[k + 1].emergency = false;
		}
	}
	if (!h)
		return;
	for (int w0 = c0; w0 < c1;) {
		if (!is_alpha(at[w0].c)) {
			w0++;
			continue;
		}
		int w1 = w0;
		bool caps = false;
		while (w1 < c1 && is_alpha(at[w1].c) && at[w1].end == at[w1].start + 1) {
			caps |= w1 > w0 && is_upper(at[w1].c);
			w1++;
		}
		bool joined = (w0 > c0 && (is_digit(at[w0 - 1].c) || at[w0 - 1].c == '_')) ||
			      (w1 < c1 && (is_digit(at[w1].c) || at[w1].c == '_' || is_alpha(at[w1].c)));
		bool after[64];
		if (!caps && !joined && w1 - w0 >= WORDBREAK_MIN_SHORT && w1 - w0 < 64 &&
		    hyphenator_points(h, s + at[w0].start, (size_t)(w1 - w0), after) > 0) {
			for (int m = 0; m + 1 < w1 - w0; m++) {
				if (!after[m])
					continue;
				struct atom *x = &at[w0 + m + 1];
				x->brk = x->hyphen = true;
				x->emergency = false;
				double price = w1 - w0 >= WORDBREAK_MIN_WORD ? WORDBREAK_HYPHEN_COST
									     : WORDBREAK_SHORT_COST;
				x->penalty = (float)(is_upper(at[w0].c) ? WORDBREAK_NAME_COST : price);
			}
		}
		w0 = w1 > w0 ? w1 : w0 + 1;
	}
}

/* The visible atom before i (skipping spaces), or -1. */
static int before(const struct atom *at, int i)
{
	for (i--; i >= 0 && at[i].k == CC_SPACE; i--)
		;
	return i;
}

static bool is_connector(int c)
{
	return c == '-' || c == '/' || c == ':' || c == '.' || c == '~' || c == 0x2013 ||
	       c == 0x2014 || c == 0xFF5E || c == 0x301C || c == 0xFF0D;
}

/* A standard's or a product's code before a number: GB/T, ISO, RFC, IEC —
 * capitals, digits and / - in a run that ends at atom e. */
static bool is_code_before(const struct atom *at, int e)
{
	int k = e, caps = 0;
	while (k >= 0 && e - k < 12 && (is_upper(at[k].c) || is_digit(at[k].c) || at[k].c == '/' ||
					 at[k].c == '-')) {
		caps += is_upper(at[k].c);
		k--;
	}
	return caps >= 2 && (k < 0 || at[k].k == CC_SPACE || at[k].k == CC_HAN ||
			     !is_ascii_mark(at[k].c));
}

/* Does a number end at atom p: digits (with . , : - / + as in 3.14, 1,000,
 * 10:30) not joined to letters before them? iproute2, ext4 and UTF-8 are
 * names, not numbers, and may break from the word after them. */
static bool is_number_end(const struct atom *at, int p)
{
	int k = p;
	while (k >= 0 && (is_digit(at[k].c) || (at[k].c > 0 && at[k].c < 0x80 &&
						 strchr(".,:-/+", at[k].c))))
		k--;
	return k < 0 || !(is_alpha(at[k].c) || at[k].c == '_');
}

/* The length of the run of digits that ends (dir -1) or starts (dir 1) at
 * atom k, or 0 when a letter, a decimal point or a comma joins it: a group
 * of a number written in groups. */
static int digit_group(const struct atom *at, int n, int k, int dir)
{
	int len = 0;
	while (k >= 0 && k < n && is_digit(at[k].c)) {
		len++;
		k += dir;
	}
	if (k >= 0 && k < n && (is_alpha(at[k].c) || at[k].c == '.' || at[k].c == ',') &&
	    !(dir > 0 && at[k].c == '.' && (k + 1 >= n || !is_digit(at[k + 1].c))))
		return 0;
	return len;
}

/* A unit after a number: a Han character (6 月, 3 个) or up to three
 * letters standing alone (100 km, 20 GB, 3 GHz). */
static bool is_unit_at(const struct atom *at, int n, int q)
{
	if (at[q].k == CC_HAN)
		return true;
	int k = q;
	while (k < n && is_alpha(at[k].c))
		k++;
	return k > q && k - q <= 3 && (k == n || !is_alpha(at[k].c));
}

void wordbreak_apply(const char *s, size_t len, struct atom *at, int n, struct hyphenator *h,
		     enum kinsoku level)
{
	(void)len;
	for (int i = 0; i < n;) {
		if (!is_ascii_mark(at[i].c)) {
			i++;
			continue;
		}
		int j = i;
		while (j < n && is_ascii_mark(at[j].c))
			j++;
		tailor_run(s, at, i, j, h, level);
		i = j;
	}
	/* What stays together across a break opportunity q (the first atom of
	 * the next line) and the visible atom p before it. */
	for (int q = 1; q < n; q++) {
		if (!at[q].brk || at[q].forced)
			continue;
		int p = before(at, q);
		if (p < 0)
			continue;
		bool spaced = p + 1 < q;
		int cp = at[p].c, cq = at[q].c;
		bool keep = false;
		/* 2025-03-05, 4754—2017, 10:30, 1/2: digits around a connector. */
		if (is_connector(cp) && !spaced && p > 0 && is_digit(at[p - 1].c) && is_digit(cq))
			keep = true;
		if (is_connector(cq) && !spaced && is_digit(cp) && q + 1 < n && is_digit(at[q + 1].c))
			keep = true;
		/* 100 km, 6 月: a number and its unit across a space. */
		if (spaced && is_digit(cp) && is_number_end(at, p) && is_unit_at(at, n, q))
			keep = true;
		/* 2582 4915, 6222 0200 1234: groups of a telephone or account
		 * number (three digits or more on each side, digits only). */
		if (spaced && digit_group(at, n, p, -1) >= 3 && digit_group(at, n, q, 1) >= 3)
			keep = true;
		/* GB/T 4754, ISO 9001: a code and its number. */
		if (spaced && is_digit(cq) && is_code_before(at, p))
			keep = true;
		/* 2025年3月5日, 2025 年 3 月: the parts of a date. */
		if ((cp == 0x5E74 || cp == 0x6708) && is_digit(cq) && before(at, p) >= 0 &&
		    is_digit(at[before(at, p)].c))
			keep = true;
		if (keep) {
			at[q].brk = at[q].emergency = at[q].hyphen = false;
			at[q].penalty = 0;
		}
		/* A name that begins with a full stop (.changes) may open a
		 * line (clreq.c), at an identifier's price: a line starting
		 * with a dot is taken only to spare a loose one. */
		if (spaced && cq == '.' && at[q].brk)
			at[q].penalty = (float)WORDBREAK_IDENT_COST;
	}
}
