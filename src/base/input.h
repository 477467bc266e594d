/* input.h — reading YAML and JSON input (reports and layouts), stage
 * "base". Loads a file into a source held by the diag, checks UTF-8,
 * parses, and offers typed accessors that report "expected …" and
 * "unknown key …" errors with spans. Both the report parser and the layout
 * parser build on it, so the two kinds of file give the same messages. */
#ifndef PAIBAN_INPUT_H
#define PAIBAN_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "base/infile.h"
#include "base/limits.h"
#include "base/node.h"
#include "base/util.h"

struct input {
	const struct source *src; /* owned by the diag */
	struct arena arena;       /* the tree's nodes and strings */
	struct node *root;
	struct diag *diag;
	/* The key input_get last found: where a message about a value that has
	 * no position of its own (an empty value, `{}`, `[]`) points. */
	struct span near;
};

/* Read and parse a file named on the command line (infile_read: regular
 * files only, at most LIMIT_REPORT_BYTES, recorded in f, which may be
 * NULL). JSON when the name ends in ".json", YAML otherwise (YAML is a
 * superset, but JSON mode gives JSON's error messages). Returns 0, or -1
 * after reporting errors (missing file, invalid UTF-8, syntax errors). */
int input_load(struct input *in, struct diag *d, const char *path, struct infiles *f);
/* The same for text already read (taken: the diag owns it from now on);
 * `path` names it in messages and picks JSON or YAML. */
int input_parse(struct input *in, struct diag *d, const char *path, char *text, size_t len);
void input_release(struct input *in);

/* Span of a node in the source; for a collection, the span of its first
 * item; for a node without position (empty value or collection), in->near. */
struct span input_span(const struct input *in, struct node *n);
/* Span of the key of `key` in mapping `map` (for "missing value" errors). */
struct span input_key_span(const struct input *in, struct node *map, const char *key);

bool input_is_map(struct node *n);
bool input_is_seq(struct node *n);
bool input_is_scalar(struct node *n);
/* "a mapping", "a list", "a string", "null" — for messages. */
const char *input_kind_name(struct node *n);

/* Value of `key` in a mapping, or NULL when the key is absent. Remembers
 * the key's span in in->near. */
struct node *input_get(struct input *in, struct node *map, const char *key);

/* Report every key of `map` that is not in the NULL-terminated `allowed`
 * list ("unknown key 'x' in <what> (expected one of: …)"). Returns the number
 * of unknown keys. */
int input_check_keys(struct input *in, struct node *map, const char *const *allowed,
		     const char *what);

/* Typed readers: each reports "expected …" at the node and returns -1 when
 * the node has the wrong type; 0 on success. `what` names the value. */
int input_want_map(struct input *in, struct node *n, const char *what);
int input_want_seq(struct input *in, struct node *n, const char *what);
/* Scalar text (not NUL-terminated; stays valid while the input lives). */
int input_string(struct input *in, struct node *n, const char *what, const char **s,
		 size_t *len);
int input_number(struct input *in, struct node *n, const char *what, double *v);
int input_bool(struct input *in, struct node *n, const char *what, bool *v);

/* The text of a scalar (NUL-terminated; valid while the input lives), its
 * length in *len; NULL for a list or mapping. */
const char *input_scalar(struct node *n, size_t *len);

/* Iterate a mapping: returns the next pair's key string and value, or NULL. */
const char *input_map_next(struct node *map, void **iter, struct node **key,
			   struct node **value);
struct node *input_seq_next(struct node *seq, void **iter);
int input_seq_len(struct node *seq);

#endif
