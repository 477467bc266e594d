/* data.h — data-driven reports, stage "parse" (docs/data.md): a report's
 * variables (`vars:`), data files (`data:`), computed values (`computed:`)
 * and checks (`checks:`), and the values expressions compute from them.
 *
 * Evaluation happens on the report's node tree, after the file is read and
 * before the block readers see it (template.c): a loop (`each:`) or a
 * condition (`when:`) makes or drops whole blocks, which is simplest on the
 * tree, and a ${…} becomes the text the readers then check as if it had
 * been typed. So the model, layout and output stages know nothing of data.
 *
 * Files are opened in one place (datafile.c). Nothing here reads the clock,
 * draws random numbers or does I/O while evaluating: the same inputs give
 * the same document. */
#ifndef PAIBAN_DATA_H
#define PAIBAN_DATA_H

#include <stdbool.h>
#include <stddef.h>

#include "base/decimal.h"
#include "base/diag.h"
#include "base/infile.h"
#include "base/node.h"
#include "base/util.h"
#include "parse/expr.h"

/* What the command line sets (--var, --vars, --data, --strict). */
struct data_opts {
	const char **vars;   /* "name=value" */
	int nvars;
	const char *vars_file;
	const char **data;   /* "name=FILE" or "name=-" (standard input) */
	int ndata;
	bool strict;         /* data warnings (missing values used, footnote markers) are errors */
	bool hash;           /* compute each data file's SHA-256 (inspect, batch) */
};

/* ---- values ---- */

enum vkind { V_MISSING, V_BOOL, V_NUM, V_STR, V_DATE, V_MONTH, V_LIST, V_TABLE, V_ROW, V_RECORD };

struct dtable;
struct vlist;

struct value {
	enum vkind k;
	bool b;
	struct dec n;
	const char *s;        /* V_STR: the text; V_MISSING: why (may be NULL) */
	size_t len;
	int y, m, d;          /* V_DATE; V_MONTH (d = 0) */
	struct vlist *list;   /* V_LIST */
	struct dtable *t;     /* V_TABLE, V_ROW */
	int row;              /* V_ROW */
	struct node *node;    /* V_RECORD: a mapping of a JSON or YAML data file */
	struct span at;       /* where it was read (a CSV cell, a scalar); none when computed */
};

struct vlist {
	struct value *v;
	int n;
};

/* A table of a data file: a CSV file, or a JSON/YAML list of mappings. */
struct dcol {
	const char *name;  /* the header as written, blanks and markers trimmed */
	size_t len;
	const char *base;  /* without a trailing unit in brackets: 营业收入 of 营业收入（亿元） */
	size_t blen;
	struct span at;
};

struct dcell {
	const char *s;
	size_t len;
	struct span at;
	bool typed;        /* from JSON/YAML: a quoted string is text, not a number */
	struct node *node; /* from JSON/YAML: the value when it is not a scalar */
};

struct dtable {
	const char *name;  /* the source's name */
	int ncols, nrows;
	struct dcol *cols;
	struct dcell *cells;  /* row-major, header excluded */
	int key;              /* key column: rows are found by its text */
	const char **keys;    /* each row's key, normalised */
	size_t *keylens;
	struct value *vals;   /* cell values, made on first use */
	bool *made;
};

/* ---- the data of one report ---- */

enum var_type { VT_STRING, VT_NUMBER, VT_INTEGER, VT_DATE, VT_MONTH, VT_BOOL };

struct var {
	const char *name;
	size_t len;
	enum var_type type;
	struct value val;
	bool set;
	const char *from;        /* "default", "--var", "--vars FILE" */
	const char *description;
	struct span at;
};

struct dsource {
	const char *name;
	size_t len;
	struct span at;
	const char *pattern;  /* the path as written, with ${…} */
	char *path;           /* resolved (heap) */
	const char *format;   /* "csv", "json", "yaml" */
	bool optional, present, from_stdin;
	const char *key;      /* key column asked for, or NULL (the first) */
	struct value root;    /* V_TABLE, V_RECORD, V_LIST or V_MISSING (absent) */
	unsigned char sha256[32];
	size_t bytes;
	int rows;
	char *vars_used;      /* "period = 2025-03" for messages (heap) */
};

struct computed {
	const char *name;
	size_t len;
	struct node *n;
	struct value val;
	int state;            /* 0 not yet, 1 evaluating, 2 done, -1 failed */
};

struct check {
	struct node *n;       /* the assertion */
	const char *message;
	bool warning;         /* level: warning (default error) */
	int result;           /* 1 passed, 0 failed, -1 could not be evaluated */
	char *detail;         /* "left = 16.8, right = 16.9" (heap) */
};

struct scope {
	const char *name;
	size_t len;
	struct value v;
	struct scope *up;
};

struct dataset {
	struct arena arena;
	struct diag *d;
	struct data_opts opts;
	const char *report;         /* the report's path */
	struct infiles *files;      /* the file policy and record (infile.h); may be NULL */
	char *root;                 /* the report's folder: data files it names lie below it */
	struct var *vars;
	int nvars;
	struct dsource *srcs;
	int nsrcs;
	struct computed *comp;
	int ncomp;
	struct check *checks;
	int nchecks;
	bool active;                /* the report uses data features at all */
	bool usage_error;           /* a --var/--data problem: exit code 2 */
	bool stdin_taken;
	int evals;                  /* expressions evaluated (for inspect) */
};

/* Read the report's vars:, data:, computed: and checks: from its root
 * mapping, apply the command line, load the data files. Returns 0, or -1
 * after reporting errors (ds->usage_error set when the command line is at
 * fault). ds must be released with dataset_release either way. */
int dataset_open(struct dataset *ds, struct node *root, const char *report,
		 const struct data_opts *o, struct infiles *files, struct diag *d);
void dataset_release(struct dataset *ds);

/* Expand the report's tree: ${…} in scalars, each: and when: in lists,
 * charts and tables bound to a source. New nodes live in arena a. Returns
 * the new root (root itself when nothing changed), or NULL after errors. */
struct node *dataset_expand(struct dataset *ds, struct node *root, struct arena *a);

/* Evaluate the expression a scalar holds (a whole "${…}", or the bare
 * text in keys that take an expression: each, when, where, assert and the
 * values of computed), with the loop variables of `scope`. */
int dataset_eval_node(struct dataset *ds, struct node *n, struct scope *scope, struct value *out);

/* Evaluate every computed value (used or not), then run the checks.
 * Returns 0, or -1 when a value has an error or a check of level error
 * failed. */
int dataset_run_checks(struct dataset *ds);

/* Evaluate expression text (from the command line, registered as a
 * source named `name`) into *v. Returns 0 or -1 after reporting. */
int dataset_eval_text(struct dataset *ds, const char *name, const char *text, struct value *v);

/* The value as text, as ${…} writes it into a report ("2025-03", "8.4",
 * "—" for missing). Caller frees. */
char *value_to_text(const struct value *v);
const char *value_kind_name(const struct value *v);

/* ---- internal to the data files of parse/ ---- */

/* Evaluation of one expression written in a scalar (or on the command line). */
struct ectx {
	struct dataset *ds;
	struct scope *scope;
	const char *text;       /* the expression */
	size_t base;            /* its offset in the scalar's text */
	struct node *node;      /* the scalar it is written in (for positions) */
	struct span direct;     /* or: text is a registered source at direct.off */
	bool quiet;             /* missing values print as — without a warning */
};

struct span ectx_span(const struct ectx *cx, size_t off, size_t len);
void ectx_error(const struct ectx *cx, const struct expr *e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ectx_warning(const struct ectx *cx, const struct expr *e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

int eval_expr(struct ectx *cx, const struct expr *e, struct value *out);
/* v.name (a column of a row, a key of a mapping, a field of a month). */
int eval_field(struct ectx *cx, const struct expr *at, struct value *v, const char *name,
	       size_t len, struct value *out);
/* Parse the expression of scalar n ("${…}" whole, or bare) into cx and *e;
 * reports a syntax error at its place. */
int dataset_parse_node(struct dataset *ds, struct node *n, struct ectx *cx, struct expr **e);
/* A missing value that reaches the output: "—", and a warning (an error
 * with --strict) at e naming why it is missing. Returns 0 or -1 (strict). */
int eval_missing_used(struct ectx *cx, const struct expr *e, const struct value *v);

/* Builtin functions and formatters (funcs.c). */
typedef int builtin_fn(struct ectx *cx, const struct expr *call, struct value *args, int n,
		       struct value *out);
struct builtin {
	const char *name;
	int min, max;        /* arguments */
	builtin_fn *fn;
	const char *doc;     /* one line, for messages */
};
const struct builtin *builtin_find(const char *name, size_t len);
const struct builtin *builtin_all(int *n);

/* Values. */
struct value value_missing(const char *why);
struct value value_num(struct dec n);
struct value value_str(const char *s, size_t len);
struct value value_bool(bool b);
struct value value_month(int y, int m);
struct value value_date(int y, int m, int d);
/* Cell (row, col) of a table, typed by the messy-data rule. */
int table_cell(struct dataset *ds, struct dtable *t, int row, int col, struct value *out);
int table_find_row(const struct dtable *t, const char *key, size_t len);
int table_find_col(const struct dtable *t, const char *name, size_t len);
/* A JSON/YAML node as a value. */
struct value value_of_node(struct arena *a, struct node *n);
/* Parse "2025-03" / "2025-03-05". */
bool parse_month(const char *s, size_t len, int *y, int *m);
bool parse_date(const char *s, size_t len, int *y, int *m, int *d);
int days_in_month_(int y, int m);

/* "did you mean 'x'?" among candidates: the closest by edit distance, or
 * NULL. */
const char *suggest(const char *word, size_t len, const char *const *cands, const size_t *lens,
		    int n);

/* The text of scalar n with its ${…} filled in (template.c). Caller frees. */
int template_string(struct dataset *ds, struct node *n, struct scope *scope, char **out);

/* Files: the one place data files are opened (datafile.c). Reads `path`
 * (or standard input for "-") whole, a regular file of at most
 * LIMIT_REPORT_BYTES (infile_load); a file the report named (`named`) must
 * lie below the report's folder. Registers it as a source of d. Returns the
 * source, or NULL with *err an errno value or INFILE_* code (infile_why). */
const struct source *datafile_read(struct dataset *ds, const char *path, bool named, int *err);
/* A path written in the report, relative to its folder. Caller frees. */
char *datafile_path(const char *report, const char *s, size_t len);

#endif
