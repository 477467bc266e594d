/* diag.c — collecting and printing diagnostics with source excerpts. Columns
 * count characters; the caret line pads wide (CJK) characters with two spaces
 * so the carets sit under the span in a terminal. */
#include "base/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

void diag_init(struct diag *d)
{
	memset(d, 0, sizeof(*d));
	d->max_errors = 20;
	d->max_warnings = 100;
}

void diag_release(struct diag *d)
{
	for (int i = 0; i < d->n; i++) {
		free(d->entries[i].path);
		free(d->entries[i].msg);
	}
	free(d->entries);
	for (int i = 0; i < d->nsources; i++) {
		free(d->sources[i]->path);
		free(d->sources[i]->text);
		free(d->sources[i]);
	}
	free(d->sources);
	memset(d, 0, sizeof(*d));
}

struct source *diag_add_source(struct diag *d, const char *path, char *text, size_t len)
{
	struct source *s = xcalloc(1, sizeof(*s));
	s->path = xstrdup(path);
	s->text = text;
	s->len = len;
	GROW(d->sources, d->nsources, d->sources_alloc);
	d->sources[d->nsources++] = s;
	return s;
}

static void add(struct diag *d, enum severity sev, struct span at, const char *path,
		const char *fmt, va_list ap)
{
	if (sev == SEV_ERROR && diag_full(d))
		return;
	if (sev != SEV_ERROR && diag_warnings_full(d, sev)) {
		d->dropped_warnings++;
		return;
	}
	struct buf b;
	buf_init(&b);
	buf_vaddf(&b, fmt, ap);
	/* A library's message may end in a line break: not part of ours. */
	while (b.len > 0 && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\r' ||
			     b.data[b.len - 1] == ' '))
		b.data[--b.len] = '\0';
	GROW(d->entries, d->n, d->alloc);
	d->entries[d->n++] = (struct diag_entry){ sev, at, path ? xstrdup(path) : NULL,
						  buf_detach(&b, NULL) };
	if (sev == SEV_ERROR)
		d->errors++;
	else if (sev == SEV_WARNING)
		d->warnings++;
	else
		d->notes++;
}

#define DEFINE_AT(name, sev)                                                  \
	void name(struct diag *d, struct span at, const char *fmt, ...)       \
	{                                                                     \
		va_list ap;                                                   \
		va_start(ap, fmt);                                            \
		add(d, sev, at, NULL, fmt, ap);                                     \
		va_end(ap);                                                   \
	}
DEFINE_AT(diag_error_at, SEV_ERROR)
DEFINE_AT(diag_warning_at, SEV_WARNING)
DEFINE_AT(diag_note_at, SEV_NOTE)

void diag_verror_at(struct diag *d, struct span at, const char *fmt, va_list ap)
{
	add(d, SEV_ERROR, at, NULL, fmt, ap);
}

void diag_error(struct diag *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(d, SEV_ERROR, span_none(), NULL, fmt, ap);
	va_end(ap);
}

void diag_error_file(struct diag *d, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(d, SEV_ERROR, span_none(), path, fmt, ap);
	va_end(ap);
}

void diag_truncate(struct diag *d, int n)
{
	while (d->n > n) {
		struct diag_entry *e = &d->entries[--d->n];
		if (e->sev == SEV_ERROR)
			d->errors--;
		else if (e->sev == SEV_WARNING)
			d->warnings--;
		else
			d->notes--;
		free(e->path);
		free(e->msg);
	}
}

int diag_full(const struct diag *d)
{
	return d->errors >= d->max_errors;
}

int diag_warnings_full(const struct diag *d, enum severity sev)
{
	return sev == SEV_WARNING ? d->warnings >= d->max_warnings
	       : sev == SEV_NOTE  ? d->notes >= d->max_warnings
				  : diag_full(d);
}

struct span span_none(void)
{
	return (struct span){ NULL, 0, 0 };
}

struct span span_at(const struct source *src, size_t off, size_t len)
{
	/* Inside the source, whatever a reader computed: a span at the end of
	 * the file (an unexpected end) has length 0. */
	if (src && off > src->len)
		off = src->len;
	if (src && len > src->len - off)
		len = src->len - off;
	return (struct span){ src, off, len };
}

static size_t line_start(const struct source *src, size_t off)
{
	while (off > 0 && src->text[off - 1] != '\n')
		off--;
	return off;
}

void span_line_col(const struct span *s, int *line, int *col)
{
	size_t off = s->off < s->src->len ? s->off : s->src->len;
	int l = 1;
	for (size_t i = 0; i < off; i++)
		if (s->src->text[i] == '\n')
			l++;
	*line = l;
	size_t ls = line_start(s->src, off);
	/* A byte order mark at the file's start is not a column. */
	if (ls == 0 && off >= 3 && !memcmp(s->src->text, "\xEF\xBB\xBF", 3))
		ls = 3;
	*col = (int)utf8_count(s->src->text + ls, off - ls) + 1;
}

/* Terminal width of the character at s[*i]: 2 for East Asian wide characters. */
static int char_width(const char *s, size_t len, size_t *i)
{
	int c = utf8_next(s, len, i);
	if (c == '\t')
		return 1;
	if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
	    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD))
		return 2;
	return 1;
}

/* Text from the input (a file name, a key, a value quoted in a message) made
 * safe for a terminal, as git and jq do: control characters, invalid UTF-8
 * and the bidirectional overrides that can make a line read differently
 * from what it holds are written as escapes (\x1b, \xff, \u202e). */
static void add_escaped(struct buf *b, const char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		size_t at = i;
		int c = utf8_next(s, len, &i);
		if (c < 0 || c < 0x20 || c == 0x7F)
			buf_addf(b, "\\x%02x", (unsigned char)s[at]);
		else if ((c >= 0x80 && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
			 (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C)
			buf_addf(b, "\\u%04x", (unsigned)c);
		else
			buf_add(b, s + at, i - at);
	}
}

char *diag_escape(const char *s)
{
	struct buf b;
	buf_init(&b);
	add_escaped(&b, s);
	return buf_detach(&b, NULL);
}

static const char *sev_name(enum severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

char *diag_format(const struct diag_entry *e)
{
	struct buf b;
	buf_init(&b);
	if (!e->span.src) {
		add_escaped(&b, e->path ? e->path : "paiban");
		buf_addf(&b, ": %s: ", sev_name(e->sev));
		add_escaped(&b, e->msg);
		buf_addch(&b, '\n');
		return buf_detach(&b, NULL);
	}
	const struct source *src = e->span.src;
	int line, col;
	span_line_col(&e->span, &line, &col);
	add_escaped(&b, src->path);
	buf_addf(&b, ":%d:%d: %s: ", line, col, sev_name(e->sev));
	add_escaped(&b, e->msg);
	buf_addch(&b, '\n');

	size_t off = e->span.off < src->len ? e->span.off : src->len;
	size_t ls = line_start(src, off), le = off;
	while (le < src->len && src->text[le] != '\n' && src->text[le] != '\r')
		le++;
	if (ls == 0 && src->len >= 3 && !memcmp(src->text, "\xEF\xBB\xBF", 3))
		ls = 3; /* the byte order mark is not part of the line */
	/* A very long line (a paragraph on one line) is shown as a window
	 * of about 40 characters on either side of the span. */
	bool cut_left = false, cut_right = false;
	size_t wl = off, wr = off;
	for (int k = 0; k < 40 && wl > ls; k++)
		do
			wl--;
		while (wl > ls && ((unsigned char)src->text[wl] & 0xC0) == 0x80);
	for (int k = 0; k < 60 && wr < le; k++)
		utf8_next(src->text, le, &wr);
	if (wl > ls)
		ls = wl, cut_left = true;
	if (wr < le)
		le = wr, cut_right = true;
	char gutter[16];
	int gw = snprintf(gutter, sizeof(gutter), "%d", line);
	buf_addf(&b, " %s | %s", gutter, cut_left ? "..." : "");
	/* Invalid UTF-8 and control characters (a NUL would end the message)
	 * are shown as U+FFFD so the output stays valid, printable text. */
	for (size_t i = ls; i < le;) {
		size_t at = i;
		int c = utf8_next(src->text, le, &i);
		if (c == '\t')
			buf_addch(&b, ' '); /* one cell, like the caret line counts it */
		else if (c < 0 || c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) ||
			 (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
			buf_addstr(&b, "\xEF\xBF\xBD");
		else
			buf_add(&b, src->text + at, i - at);
	}
	buf_addf(&b, "%s\n %*s | %s", cut_right ? "..." : "", gw, "", cut_left ? "   " : "");
	for (size_t i = ls; i < off;) {
		int w = char_width(src->text, le, &i);
		buf_add(&b, "  ", (size_t)w);
	}
	size_t end = off + (e->span.len ? e->span.len : 1);
	if (end > le)
		end = le > off ? le : off + 1;
	int carets = 0;
	for (size_t i = off; i < end && i < le;)
		carets += char_width(src->text, le, &i);
	if (carets < 1)
		carets = 1;
	buf_addch(&b, '^');
	for (int k = 1; k < carets; k++)
		buf_addch(&b, '~');
	buf_addch(&b, '\n');
	return buf_detach(&b, NULL);
}

void diag_print(const struct diag *d, FILE *out)
{
	for (int i = 0; i < d->n; i++) {
		char *s = diag_format(&d->entries[i]);
		fputs(s, out);
		free(s);
	}
}

void json_write_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c < 0x20 || c == 0x7F)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

void diag_print_ndjson(const struct diag *d, FILE *out, const char *error_code, const char *job,
		       enum severity min_sev)
{
	for (int i = 0; i < d->n; i++) {
		const struct diag_entry *e = &d->entries[i];
		if (e->sev > min_sev)
			continue;
		const char *sev = sev_name(e->sev);
		fprintf(out, "{\"severity\": \"%s\", \"code\": ", sev);
		json_write_string(out, e->sev == SEV_ERROR ? (error_code ? error_code : "input") : sev);
		fputs(", \"message\": ", out);
		json_write_string(out, e->msg);
		if (e->span.src) {
			int line, col;
			span_line_col(&e->span, &line, &col);
			fputs(", \"file\": ", out);
			json_write_string(out, e->span.src->path);
			fprintf(out, ", \"line\": %d, \"col\": %d", line, col);
		} else {
			fputs(", \"file\": ", out);
			if (e->path)
				json_write_string(out, e->path);
			else
				fputs("null", out);
			fputs(", \"line\": null, \"col\": null", out);
		}
		fputs(", \"job\": ", out);
		if (job)
			json_write_string(out, job);
		else
			fputs("null", out);
		fputs("}\n", out);
	}
}
