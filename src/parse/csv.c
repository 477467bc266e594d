/* csv.c — an RFC 4180 reader that remembers where every cell is (csv.h). */
#include "parse/csv.h"

#include <string.h>

#include "base/infile.h"

int csv_load(struct csv *out, const char *path, struct arena *a, struct diag *d)
{
	char *text;
	size_t len;
	memset(out, 0, sizeof(*out));
	if (infile_read(NULL, path, LIMIT_CSV_BYTES, span_none(), d, &text, &len) < 0)
		return -1;
	return csv_read(out, path, text, len, a, d);
}

int csv_read(struct csv *out, const char *path, char *text, size_t len, struct arena *a,
	     struct diag *d)
{
	memset(out, 0, sizeof(*out));
	const struct source *src = diag_add_source(d, path, text, len);
	size_t bad = utf8_invalid_at(text, len);
	if (bad != (size_t)-1) {
		diag_error_at(d, span_at(src, bad, 1), "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
			      (unsigned char)text[bad]);
		return -1;
	}
	if (memchr(text, '\0', len)) {
		size_t at = (size_t)((char *)memchr(text, '\0', len) - text);
		diag_error_at(d, span_at(src, at, 1), "NUL byte in text file");
		return -1;
	}
	return csv_parse(out, src, a, d);
}

_Static_assert(LIMIT_CSV_CELLS == 100000, "update the message of csv_parse");

int csv_parse(struct csv *out, const struct source *src, struct arena *a, struct diag *d)
{
	const char *t = src->text;
	size_t len = src->len, i = 0;
	memset(out, 0, sizeof(*out));
	out->src = src;
	if (len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	struct csv_row *rows = NULL;
	int nrows = 0, ralloc = 0, errors = 0;
	long ncells = 0;
	bool full = false;
	struct buf cell;
	buf_init(&cell);
	while (i < len) {
		/* A blank line holds no row. */
		if (t[i] == '\n' || (t[i] == '\r' && i + 1 < len && t[i + 1] == '\n')) {
			i += t[i] == '\r' ? 2 : 1;
			continue;
		}
		struct csv_cell *cells = NULL;
		int n = 0, calloc_ = 0;
		for (;;) {
			size_t start = i;
			if (++ncells > LIMIT_CSV_CELLS) {
				diag_error_at(d, span_at(src, start, 1),
					      "the CSV file has more than 100,000 cells; paiban reads at most that many");
				errors++;
				full = true;
				break;
			}
			buf_release(&cell);
			buf_init(&cell);
			if (i < len && t[i] == '"') {
				i++;
				bool closed = false;
				while (i < len) {
					if (t[i] == '"') {
						if (i + 1 < len && t[i + 1] == '"') {
							buf_addch(&cell, '"');
							i += 2;
							continue;
						}
						i++;
						closed = true;
						break;
					}
					buf_addch(&cell, t[i++]);
				}
				if (!closed) {
					diag_error_at(d, span_at(src, start, 1),
						      "a quoted field is never closed (a '\"' is missing)");
					errors++;
					i = len;
				} else if (i < len && t[i] != ',' && t[i] != '\n' && t[i] != '\r') {
					diag_error_at(d, span_at(src, i, 1),
						      "text after a quoted field; a field is either all quoted or not at all");
					errors++;
					while (i < len && t[i] != ',' && t[i] != '\n')
						i++;
				}
			} else {
				while (i < len && t[i] != ',' && t[i] != '\n' &&
				       !(t[i] == '\r' && i + 1 < len && t[i + 1] == '\n')) {
					if (t[i] == '"' && !errors) {
						diag_error_at(d, span_at(src, i, 1),
							      "a '\"' inside an unquoted field; quote the whole field and double the quote");
						errors++;
					}
					buf_addch(&cell, t[i++]);
				}
			}
			GROW(cells, n, calloc_);
			/* Unquoted fields lose surrounding blanks; quoted ones keep them. */
			const char *s = cell.data;
			size_t cl = cell.len;
			if (t[start] != '"') {
				while (cl && (*s == ' ' || *s == '\t'))
					s++, cl--;
				while (cl && (s[cl - 1] == ' ' || s[cl - 1] == '\t' || s[cl - 1] == '\r'))
					cl--;
			}
			cells[n].s = arena_strndup(a, s, cl);
			cells[n].len = cl;
			cells[n].span = span_at(src, start, i > start ? i - start : 0);
			n++;
			if (i < len && t[i] == ',') {
				i++;
				continue;
			}
			if (i < len && t[i] == '\r')
				i++;
			if (i < len && t[i] == '\n')
				i++;
			break;
		}
		if (full) {
			free(cells);
			break;
		}
		GROW(rows, nrows, ralloc);
		rows[nrows].cells = arena_memdup(a, cells, (size_t)n * sizeof(*cells));
		rows[nrows].n = n;
		rows[nrows].span = cells[0].span;
		free(cells);
		if (nrows > 0 && n != rows[0].n && errors < 20) {
			const struct csv_cell *at = n > rows[0].n ? &rows[nrows].cells[rows[0].n] : &rows[nrows].cells[n - 1];
			diag_error_at(d, at->span, "this row has %d field%s; the header row has %d", n,
				      n == 1 ? "" : "s", rows[0].n);
			errors++;
		}
		nrows++;
		if (errors >= 20)
			break;
	}
	buf_release(&cell);
	if (nrows == 0 && !errors) {
		diag_error_at(d, span_at(src, 0, 0), "the CSV file is empty");
		errors++;
	}
	out->rows = nrows ? arena_memdup(a, rows, (size_t)nrows * sizeof(*rows)) : NULL;
	out->nrows = nrows;
	free(rows);
	return errors ? -1 : 0;
}
