/* expr.h — the expression language of data-driven reports, stage "parse":
 * the text inside ${…} parsed into a tree (docs/data.md, "Expressions").
 * Paths (cur.本月, cur["营业收入"]), + − × ÷, comparisons, and/or/not,
 * ?:, ?? (the first value that is not missing), calls, and pipes into
 * formatters (x | fixed(1) is fixed(x, 1)). The parser has no state
 * outside its arguments, so it can be fuzzed on any string; every node
 * keeps its byte range in the text for carets in messages. */
#ifndef PAIBAN_EXPR_H
#define PAIBAN_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include "base/decimal.h"
#include "base/util.h"

enum expr_kind {
	EX_NUM,      /* num */
	EX_STR,      /* name/nlen: the text, escapes resolved */
	EX_BOOL,     /* truth */
	EX_NULL,     /* null: a missing value */
	EX_NAME,     /* name */
	EX_FIELD,    /* a.name */
	EX_INDEX,    /* a[b] */
	EX_CALL,     /* name(args); a pipe x | f(y) is f(x, y) with piped set */
	EX_NEG,      /* −a */
	EX_NOT,      /* not a */
	EX_BINARY,   /* a op b */
	EX_AND,      /* a and b */
	EX_OR,       /* a or b */
	EX_COND,     /* a ? b : c */
	EX_COALESCE, /* a ?? b */
};

enum expr_op { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

struct expr {
	enum expr_kind kind;
	enum expr_op op;
	size_t off, len;       /* the node's text: expression bytes [off, off + len) */
	size_t name_off;       /* EX_FIELD, EX_CALL: where the name is written */
	const char *name;      /* EX_NAME, EX_FIELD, EX_CALL, EX_STR (NUL-terminated) */
	size_t nlen;
	struct dec num;
	bool truth;
	bool piped;            /* EX_CALL written as a pipe */
	struct expr *a, *b, *c;
	struct expr **args;
	int nargs;
};

struct expr_error {
	size_t off, len; /* the offending token */
	char msg[200];
};

#define EXPR_MAX_DEPTH 64
#define EXPR_MAX_ARGS 16

/* Parse s[0..len) (no ${ }) into a tree in arena a. Returns the root, or
 * NULL with *err set (the position is in s). */
struct expr *expr_parse(const char *s, size_t len, struct arena *a, struct expr_error *err);

/* "+", "×", "==" … for messages. */
const char *expr_op_name(enum expr_op op);

#endif
