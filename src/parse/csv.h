/* csv.h — CSV files for chart and table data, stage "parse": RFC 4180
 * (comma-separated, double-quoted fields with "" for a quote, CRLF or LF),
 * UTF-8 with an optional BOM. Every cell keeps its span in the file, so a
 * bad value is reported at file.csv:row:column. */
#ifndef PAIBAN_CSV_H
#define PAIBAN_CSV_H

#include "base/diag.h"
#include "base/limits.h"
#include "base/util.h"


struct csv_cell {
	const char *s; /* unquoted text, NUL-terminated */
	size_t len;
	struct span span; /* the cell in the file, quotes included */
};

struct csv_row {
	struct csv_cell *cells;
	int n;
	struct span span; /* the row's first cell */
};

struct csv {
	const struct source *src;
	struct csv_row *rows;
	int nrows;
};

/* Read and parse the file `path` (infile_read: a regular file of at most
 * LIMIT_CSV_BYTES; files a report names go through reader_csv, which
 * applies the folder policy). Cells live in `a`, the file's text in d.
 * Blank lines are skipped. Every row must have as many cells as the first
 * (the header); a file of more than LIMIT_CSV_CELLS cells is an error.
 * Returns 0, or -1 after reporting the errors. */
int csv_load(struct csv *out, const char *path, struct arena *a, struct diag *d);
/* The same for text already read (taken: d owns it from now on). */
int csv_read(struct csv *out, const char *path, char *text, size_t len, struct arena *a,
	     struct diag *d);

/* Parse a source already registered with d (the tests use it directly). */
int csv_parse(struct csv *out, const struct source *src, struct arena *a, struct diag *d);

#endif
