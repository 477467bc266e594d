/* reader.c — what the block readers share (blocks.h): texts and paragraphs
 * from scalars, numbers with their spans, files named relative to the
 * report, CSV data, and small keys many blocks have. */
#include "parse/blocks.h"

#include <stdlib.h>
#include <string.h>

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

/* Split a scalar into paragraphs at blank lines. */
int reader_paragraphs(struct reader *p, struct node *n, const char *what,
			   struct block *b)
{
	const char *s;
	size_t len;
	if (input_string(&p->in, n, what, &s, &len) < 0)
		return -1;
	struct span whole = input_span(&p->in, n);
	struct text probe = { .s = s, .len = len, .span = whole };
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
		GROW(paras, np, alloc);
		text_from_markup(p->doc, p->d, s + start, end - start,
				 text_span_at(&probe, start), &paras[np]);
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

/* A path written in the report, relative to the report's folder. */
char *reader_path(const struct reader *r, const char *s, size_t len)
{
	const struct input *in = &r->in;
	if (len > 0 && s[0] == '/')
		return xstrndup(s, len);
	const char *rp = in->src->path, *slash = strrchr(rp, '/');
	if (!slash)
		return xstrndup(s, len);
	return xasprintf("%.*s/%.*s", (int)(slash - rp), rp, (int)len, s);
}

int reader_csv(struct reader *r, struct node *n, struct csv *csv)
{
	struct input *in = &r->in;
	struct document *doc = r->doc;
	const char *s;
	size_t len;
	if (input_string(in, n, "'data' (a CSV file)", &s, &len) < 0)
		return -1;
	char *path = reader_path(r, s, len);
	int errors = in->diag->errors;
	int rc = csv_load(csv, path, &doc->arena, in->diag);
	if (rc < 0 && in->diag->errors > errors && in->diag->entries[in->diag->n - 1].path) {
		/* "cannot read": say which report line asked for the file. */
		diag_note_at(in->diag, input_span(in, n), "the CSV file is named here");
	}
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
