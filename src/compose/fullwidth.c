/* fullwidth.c — ASCII punctuation in Chinese context to full-width marks
 * (fullwidth.h). Byte offsets change (one byte becomes three, a space next to
 * a converted mark goes), so bold and emphasis ranges are moved with a map
 * from old offsets to new. */
#include "compose/fullwidth.h"

#include <ctype.h>
#include <string.h>

#include "base/util.h"
#include "compose/clreq.h"
#include "model/visit.h"

static const struct {
	char ascii;
	int wide;
	const char *utf8;
} marks[] = {
	{ ',', 0xFF0C, "\xEF\xBC\x8C" }, { ';', 0xFF1B, "\xEF\xBC\x9B" },
	{ ':', 0xFF1A, "\xEF\xBC\x9A" }, { '!', 0xFF01, "\xEF\xBC\x81" },
	{ '?', 0xFF1F, "\xEF\xBC\x9F" }, { '(', 0xFF08, "\xEF\xBC\x88" },
	{ ')', 0xFF09, "\xEF\xBC\x89" }, { '.', 0x3002, "\xE3\x80\x82" },
};

static const char *wide_of(char c)
{
	for (size_t i = 0; i < ARRAY_LEN(marks); i++)
		if (marks[i].ascii == c)
			return marks[i].utf8;
	return NULL;
}

/* The character before byte i (0 at the start). */
static int char_before(const char *s, size_t i)
{
	if (i == 0)
		return 0;
	size_t j = i - 1;
	while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80)
		j--;
	return utf8_next(s, i, &j);
}

static int char_at(const char *s, size_t len, size_t i)
{
	return i < len ? utf8_next(s, len, &i) : 0;
}

static bool has_han(const char *s, size_t from, size_t to)
{
	for (size_t i = from; i < to;)
		if (clreq_is_cjk(utf8_next(s, to, &i)))
			return true;
	return false;
}

enum change { KEEP, WIDEN, DROP };

/* Is the text before byte i Chinese? A Han character or a full-width mark
 * (、。，） 》 」 …) is; so is an ASCII mark already made full-width. A
 * curly quote ” ’ is used by both scripts: it is Chinese when what it
 * closes ends in Chinese (“好”, but not “OK”,). */
static bool chinese_before(const char *s, size_t i, const enum change *ch)
{
	while (i > 0) {
		size_t j = i - 1;
		while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80)
			j--;
		if (ch[j] == WIDEN)
			return true;
		int c = utf8_next(s, i, &j);
		if (c == 0x201D || c == 0x2019) {
			i -= 3;
			continue;
		}
		return clreq_is_cjk(c) || (c >= 0x3001 && c <= 0x303F) || (c >= 0xFE10 && c <= 0xFE1F) ||
		       (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF01 && c <= 0xFF65);
	}
	return false;
}

static void move_ranges(struct text_range *r, int n, const size_t *map)
{
	for (int i = 0; i < n; i++)
		r[i].start = map[r[i].start], r[i].end = map[r[i].end];
}

int fullwidth_text(struct document *doc, struct text *t, struct diag *d, bool verbose)
{
	const char *s = t->s;
	size_t len = t->len;
	if (!s || len == 0)
		return 0;
	if (!memchr(s, ',', len) && !memchr(s, ';', len) && !memchr(s, ':', len) &&
	    !memchr(s, '!', len) && !memchr(s, '?', len) && !memchr(s, '(', len) &&
	    !memchr(s, '.', len))
		return 0;
	enum change *ch = xcalloc(len + 1, sizeof(*ch));
	int changed = 0;
	/* ( ) pairs holding Chinese, or opened right after a Han character. */
	size_t stack[32];
	int depth = 0, deeper = 0; /* opened past the stack's depth: left alone */
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '(' && depth == (int)ARRAY_LEN(stack)) {
			deeper++;
		} else if (s[i] == '(') {
			stack[depth++] = i;
		} else if (s[i] == ')' && deeper > 0) {
			deeper--; /* closes one of those, not one on the stack */
		} else if (s[i] == ')' && depth > 0) {
			size_t o = stack[--depth];
			size_t before = o;
			while (before > 0 && s[before - 1] == ' ')
				before--;
			bool han_before = clreq_is_cjk(char_before(s, before));
			if (!has_han(s, o + 1, i) && !han_before)
				continue;
			ch[o] = ch[i] = WIDEN;
			/* Spaces go after Chinese: a Han character or a full-width
			 * mark (原因。 (如果…) becomes 原因。（如果…）). */
			bool drop = han_before || (before > 0 && chinese_before(s, before, ch));
			for (size_t k = before; k < o; k++)
				ch[k] = drop ? DROP : KEEP;
			if (i + 1 < len && s[i + 1] == ' ' && clreq_is_cjk(char_at(s, len, i + 2)))
				ch[i + 1] = DROP;
		}
	}
	/* , ; : ! ? right after Chinese: a Han character, a full-width mark,
	 * or a mark made full-width here — 增长(同比),明显 and 真的?! end as
	 * ）， and ？！, not with an ASCII mark after a wide one. Done after
	 * the parentheses, so a converted ) is known. */
	for (size_t i = 0; i < len; i++) {
		if (!s[i] || !strchr(",;:!?.", s[i]) || !chinese_before(s, i, ch))
			continue;
		/* A full stop ends the sentence: not one that begins a file
		 * name or a number (说明.txt, 第.5) nor a typed ellipsis (...). */
		if (s[i] == '.' && i + 1 < len && (isalnum((unsigned char)s[i + 1]) || s[i + 1] == '.'))
			continue;
		ch[i] = WIDEN;
		if (i + 1 < len && s[i + 1] == ' ')
			ch[i + 1] = DROP;
	}
	struct buf b;
	buf_init(&b);
	size_t *map = xmalloc((len + 1) * sizeof(*map));
	for (size_t i = 0; i < len; i++) {
		map[i] = b.len;
		if (ch[i] == DROP)
			continue;
		if (ch[i] == WIDEN) {
			const char *w = wide_of(s[i]);
			if (verbose && d && !diag_warnings_full(d, SEV_NOTE))
				diag_note_at(d, text_span_at(t, i),
					     "'%c' between Chinese characters is set as '%s' (typography: ascii-punctuation: false keeps it)",
					     s[i], w);
			buf_addstr(&b, w);
			changed++;
			continue;
		}
		buf_addch(&b, s[i]);
	}
	map[len] = b.len;
	if (changed) {
		move_ranges(t->bold, t->nbold, map);
		move_ranges(t->emph, t->nemph, map);
		t->s = arena_strndup(&doc->arena, b.data, b.len);
		t->len = b.len;
	}
	buf_release(&b);
	free(map);
	free(ch);
	return changed;
}

struct change_count {
	struct diag *d;
	bool verbose;
	int changed;
};

static int convert(struct document *doc, struct text *t, enum text_role role, void *arg)
{
	struct change_count *c = arg;
	if (role == TEXT_PROSE)
		c->changed += fullwidth_text(doc, t, c->d, c->verbose);
	return 0;
}

int fullwidth_document(struct document *doc, struct diag *d, bool verbose)
{
	struct change_count c = { d, verbose, 0 };
	document_visit(doc, convert, &c);
	return c.changed;
}
