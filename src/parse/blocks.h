/* blocks.h — reading a report's body blocks, internal to stage "parse":
 * report.c finds each block's key in its table of readers and calls the
 * reader, one file per family (text_read.c, kpi_read.c, chart_read.c,
 * table_read.c, image_read.c); reader.c holds what they share. A reader
 * fills the block (strings and arrays in the document's arena) and returns
 * 0, or -1 after reporting every error it found at its span. */
#ifndef PAIBAN_BLOCKS_H
#define PAIBAN_BLOCKS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/input.h"
#include "model/document.h"
#include "parse/csv.h"

/* One report being read. */
struct reader {
	struct input in;
	struct document *doc;
	struct diag *d;
	struct infiles *files; /* the file policy and record; may be NULL */
	char *root;            /* the report's folder: files it names lie below it */
};

/* The block readers: v is the value under the block's key. */
int read_heading(struct reader *r, struct node *v, struct block *b);
int read_quote(struct reader *r, struct node *v, struct block *b);
int read_list(struct reader *r, struct node *v, struct block *b);
int read_kpis(struct reader *r, struct node *v, struct block *b);
int read_chart(struct reader *r, struct node *v, struct block *b);
int read_table(struct reader *r, struct node *v, struct block *b);
int read_image(struct reader *r, struct node *v, struct block *b);

/* One inline text (markup converted) from a scalar; empty when n is NULL. */
int reader_text(struct reader *r, struct node *n, const char *what, struct text *out);
/* Count n more paragraphs (list items, headings) towards LIMIT_PARAGRAPHS.
 * Returns 0, or -1 after reporting at `at` the one that passes it. */
int reader_count_paragraphs(struct reader *r, int n, struct span at);
/* A scalar split into paragraphs at blank lines, into b->paras. */
int reader_paragraphs(struct reader *r, struct node *n, const char *what, struct block *b);
/* A number as people write it (number_parse), reported at `at` when it is not one. */
int reader_value_at(struct diag *d, const char *s, size_t len, struct span at, double *v);
int reader_number(struct reader *r, struct node *n, double *v);
/* Read the file named by scalar n (what: "'data'") under the file policy
 * (infile.h), at most max_bytes; its name must end in one of `exts` (any
 * case), a NULL-terminated list such as reader_csv_exts. Returns 0 with the
 * path read and its bytes (caller frees both), or -1 after reporting at n. */
int reader_file(struct reader *r, struct node *n, const char *what, const char *const *exts,
		size_t max_bytes, char **path, char **data, size_t *len);
extern const char *const reader_csv_exts[];   /* .csv */
extern const char *const reader_png_exts[];   /* .png */
extern const char *const reader_image_exts[]; /* .png .jpg .jpeg .svg .svgz */
/* The CSV file named by scalar n, relative to the report. */
int reader_csv(struct reader *r, struct node *n, struct csv *csv);
/* `span: column` (the default) or `span: page` in map. */
int reader_span(struct reader *r, struct node *map, bool *page);
/* An optional true/false key of map. */
int reader_flag(struct reader *r, struct node *map, const char *key, bool *out);

#endif
