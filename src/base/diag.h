/* diag.h — source files and diagnostics. Every stage reports problems here with
 * a span into the input it came from; only main.c prints them. Messages follow
 * gcc/jq/Typst: "path:line:col: error: message", the source line, and carets
 * under the span, columns counted in characters (the input is Chinese). */
#ifndef PAIBAN_DIAG_H
#define PAIBAN_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* One input file held in memory. Owned by the diag that registered it. */
struct source {
	char *path;
	char *text; /* NUL-terminated */
	size_t len;
};

/* A byte range in a source; src NULL means "no location". */
struct span {
	const struct source *src;
	size_t off, len;
};

enum severity { SEV_ERROR, SEV_WARNING, SEV_NOTE };

struct diag_entry {
	enum severity sev;
	struct span span;
	char *path; /* for an error about a whole file (no span); else NULL */
	char *msg;
};

struct diag {
	struct diag_entry *entries;
	int n, alloc;
	int errors, warnings;
	int max_errors; /* stop collecting after this many errors (default 20) */
	int max_warnings; /* keep at most this many warnings, and as many notes (default 100) */
	int dropped_warnings; /* warnings and notes past max_warnings, only counted */
	int notes;
	struct source **sources;
	int nsources, sources_alloc;
};

void diag_init(struct diag *d);
void diag_release(struct diag *d);

/* Register a file's text; the diag takes ownership of `text` (heap, NUL-terminated). */
struct source *diag_add_source(struct diag *d, const char *path, char *text, size_t len);

void diag_error_at(struct diag *d, struct span at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_verror_at(struct diag *d, struct span at, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
void diag_warning_at(struct diag *d, struct span at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_note_at(struct diag *d, struct span at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* An error about a file as a whole (cannot open, …): "path: error: …". */
void diag_error_file(struct diag *d, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_error(struct diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Forget every entry after the first n (a layout that is tried and thrown
 * away takes its warnings with it). */
void diag_truncate(struct diag *d, int n);

/* True once max_errors errors were collected: callers stop looking for more. */
int diag_full(const struct diag *d);
/* True once another warning (or note) would only be counted: a caller can
 * skip the work of finding its position (pass span_none()). */
int diag_warnings_full(const struct diag *d, enum severity sev);

/* 1-based line and character column of a byte offset. */
void span_line_col(const struct span *s, int *line, int *col);
struct span span_none(void);
/* A span of src, cut to lie inside it. */
struct span span_at(const struct source *src, size_t off, size_t len);

/* s with control characters, invalid UTF-8 and bidirectional overrides
 * written as escapes (\x1b, \xff, \u202e), safe to print on a terminal.
 * diag_format escapes every message and path this way. Caller frees. */
char *diag_escape(const char *s);

/* Print every entry in order, with source excerpts. */
void diag_print(const struct diag *d, FILE *out);
/* Format one entry (used by diag_print and by tests). Caller frees. */
char *diag_format(const struct diag_entry *e);

/* Print every entry as one JSON object a line (NDJSON): {"severity",
 * "code", "message", "file", "line", "col", "job"}. `code` names the class
 * of an error ("input", "usage", "output": exit codes 1, 2, 3), or is
 * "warning" / "note"; job is NULL outside paiban batch. Entries below
 * min_sev's importance are left out (SEV_ERROR: errors only). */
void diag_print_ndjson(const struct diag *d, FILE *out, const char *error_code, const char *job,
		       enum severity min_sev);
/* s as a JSON string, quotes included. */
void json_write_string(FILE *out, const char *s);

#endif
