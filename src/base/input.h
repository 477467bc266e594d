/* input.h — reading YAML and JSON input (reports and layouts) with libfyaml,
 * stage "parse". Loads a file into a source held by the diag, checks UTF-8,
 * parses, and offers typed accessors that report "expected …" and
 * "unknown key …" errors with spans. Both the report parser and the layout
 * parser build on it, so the two kinds of file give the same messages. */
#ifndef PAIBAN_INPUT_H
#define PAIBAN_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"

struct fy_document;
struct fy_node;
struct fy_parser;

#define INPUT_MAX_BYTES ((size_t)64 << 20)

struct input {
	const struct source *src; /* owned by the diag */
	struct fy_parser *parser;
	struct fy_document *fyd;
	struct fy_node *root;
	struct diag *diag;
	/* The key input_get last found: where a message about a value that has
	 * no position of its own (an empty value, `{}`, `[]`) points. */
	struct span near;
};

/* Read and parse a file. JSON when the name ends in ".json", YAML otherwise
 * (YAML is a superset, but JSON mode gives JSON's error messages). Returns 0,
 * or -1 after reporting errors (missing file, invalid UTF-8, syntax errors). */
int input_load(struct input *in, struct diag *d, const char *path);
void input_release(struct input *in);

/* Span of a node in the source; for a collection, the span of its first
 * item; for a node without position (empty value or collection), in->near. */
struct span input_span(const struct input *in, struct fy_node *n);
/* Span of the key of `key` in mapping `map` (for "missing value" errors). */
struct span input_key_span(const struct input *in, struct fy_node *map, const char *key);

bool input_is_map(struct fy_node *n);
bool input_is_seq(struct fy_node *n);
bool input_is_scalar(struct fy_node *n);
/* "a mapping", "a list", "a string", "null" — for messages. */
const char *input_kind_name(struct fy_node *n);

/* Value of `key` in a mapping, or NULL when the key is absent. Remembers
 * the key's span in in->near. */
struct fy_node *input_get(struct input *in, struct fy_node *map, const char *key);

/* Report every key of `map` that is not in the NULL-terminated `allowed`
 * list ("unknown key 'x' in <what> (expected one of: …)"). Returns the number
 * of unknown keys. */
int input_check_keys(struct input *in, struct fy_node *map, const char *const *allowed,
		     const char *what);

/* Typed readers: each reports "expected …" at the node and returns -1 when
 * the node has the wrong type; 0 on success. `what` names the value. */
int input_want_map(struct input *in, struct fy_node *n, const char *what);
int input_want_seq(struct input *in, struct fy_node *n, const char *what);
/* Scalar text (not NUL-terminated; stays valid while the input lives). */
int input_string(struct input *in, struct fy_node *n, const char *what, const char **s,
		 size_t *len);
int input_number(struct input *in, struct fy_node *n, const char *what, double *v);
int input_bool(struct input *in, struct fy_node *n, const char *what, bool *v);

/* Iterate a mapping: returns the next pair's key string and value, or NULL. */
const char *input_map_next(struct fy_node *map, void **iter, struct fy_node **key,
			   struct fy_node **value);
struct fy_node *input_seq_next(struct fy_node *seq, void **iter);
int input_seq_len(struct fy_node *seq);

#endif
