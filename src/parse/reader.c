/* reader.c — what the block readers share (blocks.h): texts and paragraphs
 * from scalars, numbers with their spans, files named relative to the
 * report, CSV data, and small keys many blocks have. */
#include "parse/blocks.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/numfmt.h"

/* One inline text from a scalar; empty text when n is absent. */
int reader_text(struct reader *p, struct node *n, const char *what, struct text *out)
{
	const char *s;
	size_t len;
	*out = (struct text){ .s = "", .span = span_none() };
	if (!n)
		return 0;
	if (input_string(&p->in, n, what, &s, &len) < 0)
		return -1;
	text_from_markup(p->doc, p->d, s, len, input_span(&p->in, n), out);
	return 0;
}

/* Where the text's characters are in the source: a text is a subsequence
 * of its scalar's source (YAML only removes indentation, line breaks and
 * quotes), so each character is matched at or after the previous one. The
 * cursor only moves forward and never leaves the scalar's span, so finding
 * every paragraph of a block costs one pass over it; after a character that
 * is not in the source (it was written as an escape) every later paragraph
 * points at the scalar's start. */
struct src_cursor {
	const struct source *src;
	size_t pos, end; /* next source byte to look at; end of the scalar */
	size_t at;       /* bytes of the text matched so far */
	bool lost;
};

static struct span cursor_find(struct src_cursor *c, const char *s, size_t len, size_t at,
			       struct span whole)
{
	while (!c->lost && c->at <= at && c->at < len) {
		size_t next = c->at;
		int ch = utf8_next(s, len, &next);
		size_t p = c->pos;
		for (;;) {
			if (p >= c->end) {
				c->lost = true;
				break;
			}
			size_t start = p;
			if (utf8_next(c->src->text, c->end, &p) == ch) {
				if (c->at == at)
					return span_at(c->src, start, p - start);
				break;
			}
		}
		c->pos = p;
		c->at = next;
	}
	return span_at(whole.src, whole.off, whole.len ? 1 : 0);
}

_Static_assert(LIMIT_PARAGRAPHS == 100000, "update the message of reader_count_paragraphs");

int reader_count_paragraphs(struct reader *r, int n, struct span at)
{
	long before = r->doc->paragraphs;
	r->doc->paragraphs += n;
	if (r->doc->paragraphs <= LIMIT_PARAGRAPHS)
		return 0;
	if (before <= LIMIT_PARAGRAPHS)
		diag_error_at(r->d, at, "the report has more than 100,000 paragraphs (list items and "
			      "headings included); split it into several reports");
	return -1;
}

/* Split a scalar into paragraphs at blank lines. */
int reader_paragraphs(struct reader *p, struct node *n, const char *what,
			   struct block *b)
{
	const char *s;
	size_t len;
	if (input_string(&p->in, n, what, &s, &len) < 0)
		return -1;
	struct span whole = input_span(&p->in, n);
	struct src_cursor cur = { whole.src, whole.off, whole.off + whole.len, 0, !whole.src };
	if (whole.src && cur.end > whole.src->len)
		cur.end = whole.src->len;
	struct text *paras = NULL;
	int np = 0, alloc = 0;
	size_t i = 0;
	while (i < len) {
		while (i < len && (s[i] == '\n' || s[i] == '\r' || s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= len)
			break;
		size_t start = i;
		/* A paragraph ends at a line that holds only blanks. */
		size_t end = len;
		for (size_t j = i; j < len; j++) {
			if (s[j] != '\n')
				continue;
			size_t k = j + 1;
			while (k < len && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'))
				k++;
			if (k >= len || s[k] == '\n') {
				end = j;
				break;
			}
		}
		struct span at = cursor_find(&cur, s, len, start, whole);
		if (reader_count_paragraphs(p, 1, at) < 0) {
			free(paras);
			return -1;
		}
		GROW(paras, np, alloc);
		text_from_markup(p->doc, p->d, s + start, end - start, at, &paras[np]);
		np++;
		i = end;
	}
	if (np == 0) {
		diag_error_at(p->d, whole, "%s is empty", what);
		free(paras);
		return -1;
	}
	b->paras = arena_memdup(&p->doc->arena, paras, (size_t)np * sizeof(*paras));
	b->npara = np;
	free(paras);
	return 0;
}

/* A value from text at `at`; reports what is wrong with it. */
int reader_value_at(struct diag *d, const char *s, size_t len, struct span at, double *v)
{
	int r = number_parse(s, len, v);
	if (r == 0 && fabs(*v) > LIMIT_CHART_VALUE) {
		diag_error_at(d, at, "a value must be between -10^16 and 10^16, found '%.*s'",
			      (int)(len > 40 ? 40 : len), s);
		return -1;
	}
	if (r == -2)
		diag_error_at(d, at, "a value must be a finite number, found '%.*s'", (int)len, s);
	else if (r < 0 && len == 0)
		diag_error_at(d, at, "a value is missing");
	else if (r < 0)
		diag_error_at(d, at, "a value must be a number, found '%.*s'", (int)(len > 40 ? 40 : len), s);
	return r < 0 ? -1 : 0;
}

int reader_number(struct reader *r, struct node *n, double *v)
{
	struct input *in = &r->in;
	const char *s;
	size_t len;
	if (input_string(in, n, "a value", &s, &len) < 0)
		return -1;
	return reader_value_at(in->diag, s, len, input_span(in, n), v);
}

const char *const reader_csv_exts[] = { ".csv", NULL };
const char *const reader_png_exts[] = { ".png", NULL };
const char *const reader_image_exts[] = { ".png", ".jpg", ".jpeg", ".svg", ".svgz", NULL };

static bool has_ext(const char *s, size_t len, const char *ext)
{
	size_t n = strlen(ext);
	return len > n && !strncasecmp(s + len - n, ext, n);
}

int reader_file(struct reader *r, struct node *n, const char *what, const char *const *exts,
		size_t max_bytes, char **path, char **data, size_t *len)
{
	struct input *in = &r->in;
	const char *s;
	size_t sl;
	*path = *data = NULL;
	if (input_string(in, n, what, &s, &sl) < 0)
		return -1;
	struct span at = input_span(in, n);
	/* Only files of the kind asked for: a report cannot have /etc/passwd
	 * read as data and quoted back in an error message. */
	bool ok = false;
	for (int i = 0; exts[i] && !ok; i++)
		ok = has_ext(s, sl, exts[i]);
	if (!ok) {
		struct buf list;
		buf_init(&list);
		for (int i = 0; exts[i]; i++)
			buf_addf(&list, "%s%s", i == 0 ? "" : exts[i + 1] ? ", " : " or ", exts[i]);
		diag_error_at(in->diag, at, "%s must be a %s file, found '%.*s'", what, list.data,
			      (int)(sl > 60 ? 60 : sl), s);
		buf_release(&list);
		return -1;
	}
	if (memchr(s, '\0', sl))
		return -1; /* cannot be: the readers refuse NUL characters */
	if (!r->root) {
		diag_error_at(in->diag, at, "cannot find the report's folder to read %.*s from",
			      (int)sl, s);
		return -1;
	}
	return infile_read_named(r->files, r->root, "the report's", in->src->path, s, sl, max_bytes,
				 at, in->diag, path, data, len);
}

int reader_csv(struct reader *r, struct node *n, struct csv *csv)
{
	struct input *in = &r->in;
	char *path, *text;
	size_t len;
	memset(csv, 0, sizeof(*csv));
	if (reader_file(r, n, "'data'", reader_csv_exts, LIMIT_CSV_BYTES, &path, &text, &len) < 0)
		return -1;
	int rc = csv_read(csv, path, text, len, &r->doc->arena, in->diag);
	free(path);
	return rc;
}

/* `span: column` (the default) or `span: page`. */
int reader_span(struct reader *r, struct node *map, bool *page)
{
	struct input *in = &r->in;
	struct node *n = input_get(in, map, "span");
	const char *sv;
	size_t len;
	if (!n)
		return 0;
	if (input_string(in, n, "'span'", &sv, &len) < 0)
		return -1;
	if (len == 4 && !memcmp(sv, "page", 4)) {
		*page = true;
	} else if (!(len == 6 && !memcmp(sv, "column", 6))) {
		diag_error_at(in->diag, input_span(in, n), "'span' must be column or page, found '%.*s'", (int)len, sv);
		return -1;
	}
	return 0;
}

int reader_flag(struct reader *r, struct node *map, const char *key, bool *out)
{
	struct input *in = &r->in;
	struct node *n = input_get(in, map, key);
	if (!n)
		return 0;
	char what[32];
	snprintf(what, sizeof(what), "'%s'", key);
	return input_bool(in, n, what, out);
}
