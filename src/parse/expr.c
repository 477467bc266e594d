/* expr.c — lexer and recursive-descent parser of report expressions
 * (expr.h). Precedence, lowest first: | (pipe), ?:, or, and, not,
 * comparisons, ??, + −, × ÷, unary −, then .name [index] (call). */
#include "parse/expr.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum tok {
	T_END, T_NUM, T_STR, T_NAME, T_LP, T_RP, T_LB, T_RB, T_DOT, T_COMMA, T_QUESTION,
	T_COLON, T_COALESCE, T_PIPE, T_PLUS, T_MINUS, T_STAR, T_SLASH, T_EQ, T_NE, T_LT, T_LE,
	T_GT, T_GE, T_AND, T_OR, T_NOT, T_TRUE, T_FALSE, T_NULL, T_BAD,
};

struct parser {
	const char *s;
	size_t len, pos;
	struct arena *a;
	struct expr_error *err;
	bool failed;
	int depth;
	/* The current token. */
	enum tok t;
	size_t toff, tlen;
	char *text; /* T_STR (unescaped), T_NAME */
	size_t textlen;
	struct dec num;
};

static void fail(struct parser *p, size_t off, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void fail(struct parser *p, size_t off, size_t len, const char *fmt, ...)
{
	if (p->failed)
		return;
	p->failed = true;
	p->err->off = off;
	p->err->len = len;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
}

/* Characters that are operators or punctuation, never part of a name. */
static bool name_char(int c, bool first)
{
	if (c < 0)
		return false;
	if (c < 0x80)
		return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		       (!first && c >= '0' && c <= '9');
	if (c == 0xD7 || c == 0xF7 || (c >= 0xA0 && c <= 0xBF))
		return false;
	if ((c >= 0x2000 && c <= 0x206F) || (c >= 0x2190 && c <= 0x22FF) ||
	    (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF0F) ||
	    (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
	    (c >= 0xFF5B && c <= 0xFF65) || c == 0xFEFF)
		return false;
	return true;
}

static int peek_char(const struct parser *p, size_t at, size_t *next)
{
	size_t i = at;
	int c = utf8_next(p->s, p->len, &i);
	*next = i;
	return c;
}

static bool starts(const struct parser *p, const char *lit)
{
	size_t n = strlen(lit);
	return p->pos + n <= p->len && !memcmp(p->s + p->pos, lit, n);
}

static void lex_string(struct parser *p, const char *close)
{
	struct buf b;
	buf_init(&b);
	size_t cl = strlen(close);
	for (;;) {
		if (p->pos >= p->len) {
			fail(p, p->toff, p->pos - p->toff, "this text is never closed (a %s is missing)",
			     close);
			break;
		}
		if (p->pos + cl <= p->len && !memcmp(p->s + p->pos, close, cl)) {
			p->pos += cl;
			break;
		}
		char c = p->s[p->pos];
		if (c == '\\' && p->pos + 1 < p->len) {
			char e = p->s[p->pos + 1];
			buf_addch(&b, e == 'n' ? '\n' : e == 't' ? '\t' : e);
			p->pos += 2;
			continue;
		}
		buf_addch(&b, c);
		p->pos++;
	}
	p->text = arena_strndup(p->a, b.data, b.len);
	p->textlen = b.len;
	buf_release(&b);
}

static void next(struct parser *p)
{
	while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
				   p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
		p->pos++;
	p->toff = p->pos;
	p->text = NULL;
	if (p->pos >= p->len) {
		p->t = T_END;
		p->tlen = 0;
		return;
	}
	static const struct {
		const char *lit;
		enum tok t;
	} ops[] = {
		{ "??", T_COALESCE }, { "==", T_EQ }, { "!=", T_NE }, { "<=", T_LE }, { ">=", T_GE },
		{ "&&", T_AND }, { "||", T_OR }, { "\xE2\x89\xA0", T_NE }, { "\xE2\x89\xA4", T_LE },
		{ "\xE2\x89\xA5", T_GE }, { "\xC3\x97", T_STAR }, { "\xC3\xB7", T_SLASH },
		{ "\xE2\x88\x92", T_MINUS }, { "(", T_LP }, { ")", T_RP }, { "[", T_LB },
		{ "]", T_RB }, { ".", T_DOT }, { ",", T_COMMA }, { "?", T_QUESTION }, { ":", T_COLON },
		{ "|", T_PIPE }, { "+", T_PLUS }, { "-", T_MINUS }, { "*", T_STAR }, { "/", T_SLASH },
		{ "<", T_LT }, { ">", T_GT }, { "!", T_NOT },
	};
	char c = p->s[p->pos];
	if (c >= '0' && c <= '9') {
		size_t i = p->pos;
		while (i < p->len && p->s[i] >= '0' && p->s[i] <= '9')
			i++;
		if (i + 1 < p->len && p->s[i] == '.' && p->s[i + 1] >= '0' && p->s[i + 1] <= '9') {
			i++;
			while (i < p->len && p->s[i] >= '0' && p->s[i] <= '9')
				i++;
		}
		if (i < p->len && (p->s[i] == 'e' || p->s[i] == 'E')) {
			size_t j = i + 1;
			if (j < p->len && (p->s[j] == '+' || p->s[j] == '-'))
				j++;
			if (j < p->len && p->s[j] >= '0' && p->s[j] <= '9') {
				while (j < p->len && p->s[j] >= '0' && p->s[j] <= '9')
					j++;
				i = j;
			}
		}
		p->t = T_NUM;
		p->tlen = i - p->pos;
		if (dec_parse(p->s + p->pos, p->tlen, &p->num) < 0)
			fail(p, p->toff, p->tlen, "the number %.*s has too many digits", (int)p->tlen,
			     p->s + p->pos);
		p->pos = i;
		return;
	}
	if (c == '"' || c == '\'') {
		p->pos++;
		p->t = T_STR;
		lex_string(p, c == '"' ? "\"" : "'");
		p->tlen = p->pos - p->toff;
		return;
	}
	if (starts(p, "\xE2\x80\x9C")) { /* “…” */
		p->pos += 3;
		p->t = T_STR;
		lex_string(p, "\xE2\x80\x9D");
		p->tlen = p->pos - p->toff;
		return;
	}
	for (size_t k = 0; k < ARRAY_LEN(ops); k++)
		if (starts(p, ops[k].lit)) {
			p->t = ops[k].t;
			p->tlen = strlen(ops[k].lit);
			p->pos += p->tlen;
			return;
		}
	size_t nx;
	int ch = peek_char(p, p->pos, &nx);
	if (name_char(ch, true)) {
		size_t i = nx;
		for (;;) {
			size_t j;
			int d = peek_char(p, i, &j);
			if (i >= p->len || !name_char(d, false))
				break;
			i = j;
		}
		p->t = T_NAME;
		p->tlen = i - p->pos;
		p->text = arena_strndup(p->a, p->s + p->pos, p->tlen);
		p->textlen = p->tlen;
		p->pos = i;
		static const struct {
			const char *w;
			enum tok t;
		} words[] = { { "and", T_AND }, { "or", T_OR }, { "not", T_NOT }, { "true", T_TRUE },
			      { "false", T_FALSE }, { "null", T_NULL } };
		for (size_t k = 0; k < ARRAY_LEN(words); k++)
			if (strlen(words[k].w) == p->tlen && !memcmp(words[k].w, p->text, p->tlen))
				p->t = words[k].t;
		return;
	}
	p->t = T_BAD;
	p->tlen = nx - p->pos;
	fail(p, p->toff, p->tlen, "unexpected character '%.*s' in an expression", (int)p->tlen,
	     p->s + p->pos);
	p->pos = nx;
}

static struct expr *node(struct parser *p, enum expr_kind k, size_t off)
{
	struct expr *e = arena_alloc(p->a, sizeof(*e));
	e->kind = k;
	e->off = off;
	return e;
}

static void finish(struct parser *p, struct expr *e)
{
	size_t end = p->toff;
	/* The node ends where the last consumed token ended. */
	while (end > e->off && (p->s[end - 1] == ' ' || p->s[end - 1] == '\t' ||
				p->s[end - 1] == '\n' || p->s[end - 1] == '\r'))
		end--;
	e->len = end > e->off ? end - e->off : 0;
}

static const char *tok_desc(struct parser *p, char *buf, size_t n)
{
	if (p->t == T_END)
		return "the end of the expression";
	snprintf(buf, n, "'%.*s'", (int)(p->tlen > 40 ? 40 : p->tlen), p->s + p->toff);
	return buf;
}

static void expect(struct parser *p, enum tok t, const char *what)
{
	if (p->t == t) {
		next(p);
		return;
	}
	char buf[64];
	fail(p, p->toff, p->tlen, "expected %s, found %s", what, tok_desc(p, buf, sizeof(buf)));
}

static struct expr *parse_pipe(struct parser *p);

static struct expr *parse_primary(struct parser *p)
{
	size_t off = p->toff;
	struct expr *e;
	char buf[64];
	if (p->failed)
		return NULL;
	if (++p->depth > EXPR_MAX_DEPTH) {
		fail(p, p->toff, p->tlen, "the expression is nested too deeply (more than %d levels)",
		     EXPR_MAX_DEPTH);
		return NULL;
	}
	switch (p->t) {
	case T_NUM:
		e = node(p, EX_NUM, off);
		e->num = p->num;
		next(p);
		break;
	case T_STR:
		e = node(p, EX_STR, off);
		e->name = p->text;
		e->nlen = p->textlen;
		next(p);
		break;
	case T_TRUE:
	case T_FALSE:
		e = node(p, EX_BOOL, off);
		e->truth = p->t == T_TRUE;
		next(p);
		break;
	case T_NULL:
		e = node(p, EX_NULL, off);
		next(p);
		break;
	case T_LP:
		next(p);
		e = parse_pipe(p);
		expect(p, T_RP, "')'");
		break;
	case T_NAME: {
		e = node(p, EX_NAME, off);
		e->name = p->text;
		e->nlen = p->textlen;
		e->name_off = off;
		next(p);
		if (p->t == T_LP) {
			e->kind = EX_CALL;
			next(p);
			struct expr *args[EXPR_MAX_ARGS];
			int n = 0;
			while (p->t != T_RP && !p->failed) {
				if (n == EXPR_MAX_ARGS) {
					fail(p, p->toff, p->tlen, "a call takes at most %d arguments",
					     EXPR_MAX_ARGS);
					break;
				}
				args[n++] = parse_pipe(p);
				if (p->t != T_COMMA)
					break;
				next(p);
			}
			expect(p, T_RP, "',' or ')' in the call");
			e->args = arena_memdup(p->a, args, (size_t)n * sizeof(*args));
			e->nargs = n;
		}
		break;
	}
	case T_END:
		fail(p, p->toff, 0, "an expression is missing here");
		return NULL;
	default:
		fail(p, p->toff, p->tlen, "expected a value, found %s", tok_desc(p, buf, sizeof(buf)));
		return NULL;
	}
	if (!p->failed)
		finish(p, e);
	/* Postfix: .name and [index]. */
	while (!p->failed && (p->t == T_DOT || p->t == T_LB)) {
		if (p->t == T_DOT) {
			next(p);
			if (p->t != T_NAME && p->t != T_NUM) {
				fail(p, p->toff, p->tlen, "expected a name after '.', found %s",
				     tok_desc(p, buf, sizeof(buf)));
				break;
			}
			struct expr *f = node(p, EX_FIELD, off);
			f->a = e;
			f->name_off = p->toff;
			f->name = p->t == T_NAME ? p->text : arena_strndup(p->a, p->s + p->toff, p->tlen);
			f->nlen = p->tlen;
			next(p);
			finish(p, f);
			e = f;
		} else {
			next(p);
			struct expr *ix = node(p, EX_INDEX, off);
			ix->a = e;
			ix->b = parse_pipe(p);
			expect(p, T_RB, "']'");
			finish(p, ix);
			e = ix;
		}
	}
	p->depth--;
	return p->failed ? NULL : e;
}

static struct expr *parse_unary(struct parser *p)
{
	if (p->t == T_MINUS || p->t == T_PLUS) {
		size_t off = p->toff;
		bool neg = p->t == T_MINUS;
		next(p);
		if (++p->depth > EXPR_MAX_DEPTH) {
			fail(p, off, 1, "the expression is nested too deeply (more than %d levels)",
			     EXPR_MAX_DEPTH);
			return NULL;
		}
		struct expr *a = parse_unary(p);
		p->depth--;
		if (!a)
			return NULL;
		if (!neg)
			return a;
		struct expr *e = node(p, EX_NEG, off);
		e->a = a;
		finish(p, e);
		return e;
	}
	return parse_primary(p);
}

static struct expr *binary(struct parser *p, enum expr_kind k, enum expr_op op, struct expr *a,
			   struct expr *b)
{
	if (!a || !b)
		return NULL;
	struct expr *e = node(p, k, a->off);
	e->op = op;
	e->a = a;
	e->b = b;
	finish(p, e);
	return e;
}

static struct expr *parse_mul(struct parser *p)
{
	struct expr *e = parse_unary(p);
	while (e && (p->t == T_STAR || p->t == T_SLASH)) {
		enum expr_op op = p->t == T_STAR ? OP_MUL : OP_DIV;
		next(p);
		e = binary(p, EX_BINARY, op, e, parse_unary(p));
	}
	return e;
}

static struct expr *parse_add(struct parser *p)
{
	struct expr *e = parse_mul(p);
	while (e && (p->t == T_PLUS || p->t == T_MINUS)) {
		enum expr_op op = p->t == T_PLUS ? OP_ADD : OP_SUB;
		next(p);
		e = binary(p, EX_BINARY, op, e, parse_mul(p));
	}
	return e;
}

/* a ?? b ?? c groups to the right: the first that is not missing. */
static struct expr *parse_coalesce(struct parser *p)
{
	struct expr *e = parse_add(p);
	if (e && p->t == T_COALESCE) {
		next(p);
		if (++p->depth > EXPR_MAX_DEPTH) {
			fail(p, p->toff, p->tlen, "the expression is nested too deeply");
			return NULL;
		}
		struct expr *b = parse_coalesce(p);
		p->depth--;
		e = binary(p, EX_COALESCE, OP_ADD, e, b);
	}
	return e;
}

static struct expr *parse_cmp(struct parser *p)
{
	struct expr *e = parse_coalesce(p);
	static const struct {
		enum tok t;
		enum expr_op op;
	} cmps[] = { { T_EQ, OP_EQ }, { T_NE, OP_NE }, { T_LT, OP_LT },
		     { T_LE, OP_LE }, { T_GT, OP_GT }, { T_GE, OP_GE } };
	for (size_t k = 0; e && k < ARRAY_LEN(cmps); k++)
		if (p->t == cmps[k].t) {
			next(p);
			e = binary(p, EX_BINARY, cmps[k].op, e, parse_coalesce(p));
			for (size_t j = 0; e && j < ARRAY_LEN(cmps); j++)
				if (p->t == cmps[j].t)
					fail(p, p->toff, p->tlen,
					     "comparisons do not chain; write a < b and b < c");
			break;
		}
	return e;
}

static struct expr *parse_not(struct parser *p)
{
	if (p->t == T_NOT) {
		size_t off = p->toff;
		next(p);
		if (++p->depth > EXPR_MAX_DEPTH) {
			fail(p, off, 1, "the expression is nested too deeply");
			return NULL;
		}
		struct expr *a = parse_not(p);
		p->depth--;
		if (!a)
			return NULL;
		struct expr *e = node(p, EX_NOT, off);
		e->a = a;
		finish(p, e);
		return e;
	}
	return parse_cmp(p);
}

static struct expr *parse_and(struct parser *p)
{
	struct expr *e = parse_not(p);
	while (e && p->t == T_AND) {
		next(p);
		e = binary(p, EX_AND, OP_ADD, e, parse_not(p));
	}
	return e;
}

static struct expr *parse_or(struct parser *p)
{
	struct expr *e = parse_and(p);
	while (e && p->t == T_OR) {
		next(p);
		e = binary(p, EX_OR, OP_ADD, e, parse_and(p));
	}
	return e;
}

static struct expr *parse_cond(struct parser *p)
{
	struct expr *e = parse_or(p);
	if (e && p->t == T_QUESTION) {
		next(p);
		if (++p->depth > EXPR_MAX_DEPTH) {
			fail(p, p->toff, p->tlen, "the expression is nested too deeply");
			return NULL;
		}
		struct expr *c = node(p, EX_COND, e->off);
		c->a = e;
		c->b = parse_cond(p);
		expect(p, T_COLON, "':' of ?:");
		c->c = parse_cond(p);
		p->depth--;
		if (!c->b || !c->c)
			return NULL;
		finish(p, c);
		e = c;
	}
	return e;
}

/* x | f(a) is f(x, a); x | f is f(x). */
static struct expr *parse_pipe(struct parser *p)
{
	struct expr *e = parse_cond(p);
	while (e && p->t == T_PIPE) {
		next(p);
		char buf[64];
		if (p->t != T_NAME) {
			fail(p, p->toff, p->tlen, "expected a formatter or function after '|', found %s",
			     tok_desc(p, buf, sizeof(buf)));
			return NULL;
		}
		struct expr *f = parse_primary(p);
		if (!f)
			return NULL;
		if (f->kind != EX_CALL && f->kind != EX_NAME) {
			fail(p, f->off, f->len, "after '|' comes a formatter such as fixed(1)");
			return NULL;
		}
		struct expr *c = node(p, EX_CALL, e->off);
		c->name = f->name;
		c->nlen = f->nlen;
		c->name_off = f->name_off;
		c->piped = true;
		c->nargs = f->nargs + 1;
		if (c->nargs > EXPR_MAX_ARGS) {
			fail(p, f->off, f->len, "a call takes at most %d arguments", EXPR_MAX_ARGS);
			return NULL;
		}
		c->args = arena_array(p->a, (size_t)c->nargs, sizeof(*c->args));
		c->args[0] = e;
		for (int i = 0; i < f->nargs; i++)
			c->args[i + 1] = f->args[i];
		finish(p, c);
		e = c;
	}
	return e;
}

struct expr *expr_parse(const char *s, size_t len, struct arena *a, struct expr_error *err)
{
	struct parser p = { .s = s, .len = len, .a = a, .err = err };
	memset(err, 0, sizeof(*err));
	next(&p);
	if (p.t == T_END && !p.failed) {
		fail(&p, 0, 0, "the expression is empty");
		return NULL;
	}
	struct expr *e = parse_pipe(&p);
	if (!p.failed && p.t != T_END) {
		char buf[64];
		fail(&p, p.toff, p.tlen, "unexpected %s after a complete expression",
		     tok_desc(&p, buf, sizeof(buf)));
	}
	return p.failed ? NULL : e;
}

const char *expr_op_name(enum expr_op op)
{
	static const char *const names[] = { "+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=" };
	return names[op];
}
