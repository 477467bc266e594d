/* document.c — the document's lifetime, inline markup, and mapping a character of
 * a text back to its place in the source for diagnostics. */
#include "model/document.h"

#include <string.h>

void document_init(struct document *doc)
{
	memset(doc, 0, sizeof(*doc));
	arena_init(&doc->arena);
}

void document_release(struct document *doc)
{
	arena_release(&doc->arena);
	memset(doc, 0, sizeof(*doc));
}

/* A full-width form (U+FF01–U+FF5E) as the ASCII character it widens:
 * compose's punctuation conversion may have turned a typed , into ，. */
static int ascii_of_fullwidth(int c)
{
	return c >= 0xFF01 && c <= 0xFF5E ? c - 0xFEE0 : c;
}

/* The text's characters are a subsequence of its source (YAML removes
 * indentation, line breaks and markup, but only removes): match them greedily.
 * Escapes in quoted scalars break the match; then the text's start is used. */
struct span text_span_at(const struct text *t, size_t at)
{
	const struct source *src = t->span.src;
	if (!src)
		return t->span;
	size_t p = t->span.off;
	size_t i = 0;
	while (i < t->len && p < src->len) {
		size_t ci = i;
		int c = utf8_next(t->s, t->len, &ci);
		size_t pp = p;
		int found = 0;
		while (pp < src->len) {
			size_t start = pp;
			int sc = utf8_next(src->text, src->len, &pp);
			/* A mark made full-width still points at its ASCII source. */
			if (sc == c || sc == ascii_of_fullwidth(c)) {
				if (i >= at)
					return span_at(src, start, pp - start);
				found = 1;
				break;
			}
		}
		if (!found)
			break;
		p = pp;
		i = ci;
	}
	return span_at(src, t->span.off, 1);
}

static bool is_latin_word_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == ',' || c == '.' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')';
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Keep every range inside [0, len) after the text was cut back to len. */
static void clamp_ranges(struct text_range *r, int n, size_t len)
{
	for (int i = 0; i < n; i++) {
		if (r[i].start > len)
			r[i].start = len;
		if (r[i].end > len)
			r[i].end = len;
	}
}

/* Is there a single '*' (not part of "**") in s[i, len)? */
static bool closes_later(const char *s, size_t i, size_t len)
{
	for (; i < len; i++) {
		if (s[i] != '*')
			continue;
		if (i + 1 < len && s[i + 1] == '*')
			i++;
		else
			return true;
	}
	return false;
}

/* Move ranges to a text whose first `lead` bytes were cut and which is `len`
 * long; drop the empty ones. Returns how many are kept. */
static int shift_ranges(struct text_range *r, int n, size_t lead, size_t len)
{
	int kept = 0;
	for (int i = 0; i < n; i++) {
		struct text_range x = r[i];
		x.start = x.start > lead ? x.start - lead : 0;
		x.end = x.end > lead ? x.end - lead : 0;
		if (x.end > len)
			x.end = len;
		if (x.start < x.end)
			r[kept++] = x;
	}
	return kept;
}

void text_from_markup(struct document *doc, struct diag *d, const char *s, size_t len,
		      struct span span, struct text *out)
{
	struct buf b;
	struct text_range *ranges = NULL, *emph = NULL;
	int n = 0, alloc = 0, ne = 0, ealloc = 0;
	size_t open_at = 0, open_src = 0, emph_at = 0;
	bool open = false, emph_open = false;
	buf_init(&b);
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '*' && (i + 1 >= len || s[i + 1] != '*') && (emph_open || closes_later(s, i + 1, len))) {
			/* A single * opens or closes emphasis (着重号); one with no
			 * partner later in the paragraph is a literal asterisk. */
			if (emph_open) {
				GROW(emph, ne, ealloc);
				emph[ne++] = (struct text_range){ emph_at, b.len };
			} else {
				emph_at = b.len;
			}
			emph_open = !emph_open;
			continue;
		}
		if (c == '*' && i + 1 < len && s[i + 1] == '*') {
			if (open) {
				GROW(ranges, n, alloc);
				ranges[n++] = (struct text_range){ open_at, b.len };
			} else {
				open_at = b.len;
				open_src = i;
			}
			open = !open;
			i++;
			continue;
		}
		if (c == '<' && (!strncmp(s + i, "<br>", 4) || !strncmp(s + i, "<wbr>", 5)) &&
		    i + 4 <= len && (s[i + 1] == 'b' || i + 5 <= len)) {
			/* Break hints: <br> breaks the line there, <wbr> allows
			 * (and prefers) a break there in display text, which
			 * otherwise breaks only between words (a '\n' and a
			 * U+200B ZERO WIDTH SPACE for the composer). */
			if (s[i + 1] == 'b') {
				buf_addch(&b, '\n');
				i += 3;
			} else {
				buf_addstr(&b, "\xE2\x80\x8B");
				i += 4;
			}
			continue;
		}
		if (c == '\n' || c == '\r') {
			/* Join the lines of a paragraph: drop trailing and leading
			 * blanks; keep one space only between two Latin words. */
			while (b.len > 0 && (b.data[b.len - 1] == ' ' || b.data[b.len - 1] == '\t'))
				b.len--;
			clamp_ranges(ranges, n, b.len);
			clamp_ranges(emph, ne, b.len);
			if (open_at > b.len)
				open_at = b.len;
			if (emph_at > b.len)
				emph_at = b.len;
			size_t j = i + 1;
			while (j < len && is_blank(s[j]))
				j++;
			/* The next character of text, past any ** markers. */
			size_t k = j;
			while (k + 1 < len && s[k] == '*' && s[k + 1] == '*')
				k += 2;
			if (b.len > 0 && k < len && is_latin_word_char((unsigned char)b.data[b.len - 1]) &&
			    is_latin_word_char((unsigned char)s[k]))
				buf_addch(&b, ' ');
			b.data[b.len] = '\0';
			i = j - 1;
			continue;
		}
		buf_addch(&b, c);
	}
	if (open) {
		struct text tmp = { .s = s, .len = len, .span = span };
		diag_warning_at(d, text_span_at(&tmp, open_src), "'**' opens bold text that is never closed; bold runs to the end of the paragraph");
		GROW(ranges, n, alloc);
		ranges[n++] = (struct text_range){ open_at, b.len };
	}
	/* Blanks at either end are not text: a title of spaces is empty. */
	size_t lead = 0;
	while (lead < b.len && is_blank(b.data[lead]))
		lead++;
	while (b.len > lead && is_blank(b.data[b.len - 1]))
		b.len--;
	out->s = arena_strndup(&doc->arena, b.data + lead, b.len - lead);
	out->len = b.len - lead;
	out->nbold = shift_ranges(ranges, n, lead, out->len);
	out->bold = out->nbold ? arena_memdup(&doc->arena, ranges, (size_t)out->nbold * sizeof(*ranges)) : NULL;
	out->nemph = shift_ranges(emph, ne, lead, out->len);
	out->emph = out->nemph ? arena_memdup(&doc->arena, emph, (size_t)out->nemph * sizeof(*emph)) : NULL;
	out->span = span;
	buf_release(&b);
	free(ranges);
	free(emph);
	long before = doc->chars;
	doc->chars += (long)utf8_count(out->s, out->len);
	if (before <= LIMIT_CHARS && doc->chars > LIMIT_CHARS)
		diag_error_at(d, span, "the report has more than %s characters of text; "
			      "split it into several reports", "1,000,000");
}

_Static_assert(LIMIT_CHARS == 1000000, "update the message of text_from_markup");

struct text text_plain(const char *s)
{
	return (struct text){ .s = s, .len = strlen(s), .span = span_none() };
}
