/* node.h — the tree a YAML or JSON file is read into, stage "base": scalars,
 * lists and mappings, each scalar with the span of its text in the file, so
 * every later message can point at line and column. Built by yaml.c
 * (libyaml's event parser) and json.c (a strict JSON reader of paiban's own);
 * read through the typed accessors of input.h. All nodes and strings live in
 * one arena; an alias (*name) is the very node its anchor (&name) marks, so
 * a tree of aliases costs no more memory than the file. */
#ifndef PAIBAN_NODE_H
#define PAIBAN_NODE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "base/limits.h"
#include "base/util.h"

enum node_kind { NODE_SCALAR, NODE_SEQ, NODE_MAP };

struct node_pair;

struct node {
	enum node_kind kind;
	bool plain;        /* scalar written without quotes: may be null, a number, a boolean */
	const char *s;     /* scalar text, NUL-terminated, no NUL inside; "" for a
			    * list or mapping (never NULL, so a list written as
			    * a key reads as the empty text) */
	size_t len;
	/* A scalar: its text as written (quotes included); an empty plain
	 * scalar has none (src NULL). A list or mapping: the span of its first
	 * item or key; when it is empty, its opening bracket. */
	struct span span;
	struct node **items;     /* NODE_SEQ */
	struct node_pair *pairs; /* NODE_MAP, in the order written */
	int n;                   /* number of items or pairs */
	int size;                /* values in this subtree, aliases counted in full */
};

struct node_pair {
	struct node *key, *value;
};

/* Parse src (registered with d) into a tree in arena a. Returns the root, or
 * NULL after reporting errors at their positions. An empty file (only
 * comments and blank lines) is the error "the file is empty". A file
 * nested deeper than LIMIT_DEPTH or holding more than LIMIT_NODES values
 * (an alias counted as the whole value it repeats) is an error at the place
 * the limit is passed, found before the tree grows any further, so no file
 * costs more than about 100 bytes a value plus its text (limits.h). */
struct node *yaml_parse(const struct source *src, struct arena *a, struct diag *d);
struct node *json_parse(const struct source *src, struct arena *a, struct diag *d);

/* A plain `~`, `null` or empty scalar (YAML's null); a quoted one is text. */
bool node_is_null(const struct node *n);

/* Value of `key` in mapping `map` (NULL when absent or map is not a
 * mapping); the pair's key node in *key_node when not NULL. */
struct node *node_get(const struct node *map, const char *key, struct node **key_node);

/* Shared by both readers: report the first key of `map` that repeats an
 * earlier one ("duplicate key"). Returns 0, or -1 after reporting. */
int node_check_duplicates(const struct node *map, struct diag *d);

#endif
