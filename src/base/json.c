/* json.c — JSON files into node trees (node.h): a strict reader of RFC 8259
 * (no comments, no trailing commas, no single quotes, no bare words), so a
 * file that paiban accepts is one every other JSON tool accepts too, with
 * messages that say what JSON wanted at the exact line and column. Written
 * here rather than taken from a library because the tree needs the span of
 * every value, which jansson and cJSON do not keep. Iterative: nesting
 * costs heap, not stack, and is limited to LIMIT_DEPTH; the
 * number of values to LIMIT_NODES. */
#include "base/node.h"

#include <stdio.h>
#include <string.h>

struct reader {
	const struct source *src;
	const char *s;
	size_t len, i;
	struct arena *a;
	struct diag *d;
	bool failed;
	long values;
};

_Static_assert(LIMIT_NODES == 200000, "update the message with LIMIT_NODES");

static void fail(struct reader *r, size_t at, const char *msg)
{
	if (r->failed)
		return;
	r->failed = true;
	diag_error_at(r->d, span_at(r->src, at, at < r->len ? 1 : 0), "%s", msg);
}

static void skip_space(struct reader *r)
{
	while (r->i < r->len && strchr(" \t\r\n", r->s[r->i]) && r->s[r->i])
		r->i++;
}

/* What is at r->i, for messages: "'x'", "the end of the file". */
static const char *found(struct reader *r, char *buf, size_t n)
{
	if (r->i >= r->len)
		return "the end of the file";
	size_t k = r->i;
	int c = utf8_next(r->s, r->len, &k);
	if (c >= 0x20 && c != 0x7F)
		snprintf(buf, n, "'%.*s'", (int)(k - r->i), r->s + r->i);
	else
		snprintf(buf, n, "a control character (U+%04X)", c < 0 ? 0xFFFD : c);
	return buf;
}

static void expected(struct reader *r, const char *what)
{
	char b[32], m[160];
	snprintf(m, sizeof(m), "expected %s, found %s", what, found(r, b, sizeof(b)));
	fail(r, r->i, m);
}

static void put_utf8(struct buf *b, unsigned c)
{
	char o[4];
	int n;
	if (c < 0x80)
		o[0] = (char)c, n = 1;
	else if (c < 0x800)
		o[0] = (char)(0xC0 | c >> 6), o[1] = (char)(0x80 | (c & 0x3F)), n = 2;
	else if (c < 0x10000)
		o[0] = (char)(0xE0 | c >> 12), o[1] = (char)(0x80 | (c >> 6 & 0x3F)),
		o[2] = (char)(0x80 | (c & 0x3F)), n = 3;
	else
		o[0] = (char)(0xF0 | c >> 18), o[1] = (char)(0x80 | (c >> 12 & 0x3F)),
		o[2] = (char)(0x80 | (c >> 6 & 0x3F)), o[3] = (char)(0x80 | (c & 0x3F)), n = 4;
	buf_add(b, o, (size_t)n);
}

static int hex4(struct reader *r, size_t at, unsigned *out)
{
	unsigned v = 0;
	for (int k = 0; k < 4; k++) {
		char c = at + (size_t)k < r->len ? r->s[at + (size_t)k] : 0;
		int h = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
						: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (h < 0) {
			fail(r, at, "\\u must be followed by four hex digits");
			return -1;
		}
		v = v << 4 | (unsigned)h;
	}
	*out = v;
	return 0;
}

static struct node *string(struct reader *r)
{
	size_t start = r->i++;
	struct buf b;
	buf_init(&b);
	for (;;) {
		if (r->i >= r->len) {
			fail(r, start, "this string is never closed (missing '\"')");
			break;
		}
		unsigned char c = (unsigned char)r->s[r->i];
		if (c == '"') {
			r->i++;
			break;
		}
		if (c < 0x20) {
			fail(r, r->i, c == '\n' ? "a string cannot run over a line end in JSON (write \\n)"
						: "a control character in a string must be escaped");
			break;
		}
		if (c != '\\') {
			size_t k = r->i;
			utf8_next(r->s, r->len, &k);
			buf_add(&b, r->s + r->i, k - r->i);
			r->i = k;
			continue;
		}
		size_t at = r->i;
		char e = r->i + 1 < r->len ? r->s[r->i + 1] : 0;
		r->i += 2;
		const char *simple = strchr("\"\\/bfnrt", e);
		if (e && simple) {
			static const char out[] = "\"\\/\b\f\n\r\t";
			buf_addch(&b, out[simple - "\"\\/bfnrt"]);
			continue;
		}
		if (e != 'u') {
			fail(r, at, "unknown escape in a string (JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
			break;
		}
		unsigned u;
		if (hex4(r, r->i, &u) < 0)
			break;
		r->i += 4;
		if (u >= 0xD800 && u <= 0xDBFF) {
			unsigned lo;
			if (r->i + 1 < r->len && r->s[r->i] == '\\' && r->s[r->i + 1] == 'u' &&
			    hex4(r, r->i + 2, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
				r->i += 6;
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
			} else {
				fail(r, at, "a \\u escape of a high surrogate must be followed by a low one");
				break;
			}
		} else if (u >= 0xDC00 && u <= 0xDFFF) {
			fail(r, at, "a \\u escape of a lone low surrogate");
			break;
		}
		if (u == 0) {
			fail(r, at, "a NUL character (\\u0000) in text is not allowed");
			break;
		}
		put_utf8(&b, u);
	}
	struct node *n = arena_alloc(r->a, sizeof(*n));
	n->kind = NODE_SCALAR;
	n->size = 1;
	n->len = b.len;
	n->s = arena_strndup(r->a, b.data, b.len);
	n->span = span_at(r->src, start, r->i - start);
	buf_release(&b);
	return n;
}

/* A number, true, false or null: a plain scalar as YAML would read it. */
static struct node *word(struct reader *r)
{
	size_t start = r->i;
	const char *s = r->s;
	if (r->i < r->len && (s[r->i] == 't' || s[r->i] == 'f' || s[r->i] == 'n')) {
		static const char *const words[] = { "true", "false", "null" };
		for (size_t k = 0; k < ARRAY_LEN(words); k++) {
			size_t n = strlen(words[k]);
			if (r->len - r->i >= n && !memcmp(s + r->i, words[k], n)) {
				r->i += n;
				goto done;
			}
		}
		expected(r, "a value");
		return NULL;
	}
	/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
	size_t i = r->i;
#define DIGIT(k) ((k) < r->len && s[k] >= '0' && s[k] <= '9')
	if (i < r->len && s[i] == '-')
		i++;
	if (!DIGIT(i)) {
		expected(r, "a value (a string in double quotes, a number, true, false, null, [ or {)");
		return NULL;
	}
	if (s[i] == '0' && DIGIT(i + 1)) {
		fail(r, i, "a number in JSON does not start with 0");
		return NULL;
	}
	while (DIGIT(i))
		i++;
	if (i < r->len && s[i] == '.') {
		if (!DIGIT(i + 1)) {
			fail(r, i, "a decimal point must be followed by digits");
			return NULL;
		}
		for (i++; DIGIT(i); i++)
			;
	}
	if (i < r->len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < r->len && (s[i] == '+' || s[i] == '-'))
			i++;
		if (!DIGIT(i)) {
			fail(r, i, "an exponent needs digits");
			return NULL;
		}
		while (DIGIT(i))
			i++;
	}
#undef DIGIT
	r->i = i;
done:;
	struct node *n = arena_alloc(r->a, sizeof(*n));
	n->kind = NODE_SCALAR;
	n->size = 1;
	n->plain = true;
	n->len = r->i - start;
	n->s = arena_strndup(r->a, s + start, n->len);
	n->span = span_at(r->src, start, n->len);
	return n;
}

/* A list or object being read. */
struct level {
	struct node *node;
	struct node **kids; /* objects: key, value, key, value … */
	int n, alloc;
};

static void close_level(struct reader *r, struct level *l)
{
	struct node *n = l->node;
	n->size = 1;
	for (int i = 0; i < l->n; i++)
		n->size += l->kids[i]->size;
	if (n->kind == NODE_SEQ) {
		n->n = l->n;
		n->items = arena_memdup(r->a, l->kids, (size_t)l->n * sizeof(*l->kids));
		if (n->n)
			n->span = n->items[0]->span;
	} else {
		n->n = l->n / 2;
		n->pairs = arena_array(r->a, (size_t)n->n, sizeof(*n->pairs));
		for (int i = 0; i < n->n; i++)
			n->pairs[i] = (struct node_pair){ l->kids[2 * i], l->kids[2 * i + 1] };
		if (n->n)
			n->span = n->pairs[0].key->span;
		if (node_check_duplicates(n, r->d) < 0)
			r->failed = true;
	}
	free(l->kids);
	l->kids = NULL;
}

static void push_kid(struct level *l, struct node *n)
{
	GROW(l->kids, l->n, l->alloc);
	l->kids[l->n++] = n;
}

struct node *json_parse(const struct source *src, struct arena *a, struct diag *d)
{
	struct reader r = { .src = src, .s = src->text, .len = src->len, .a = a, .d = d };
	if (r.len >= 3 && !memcmp(r.s, "\xEF\xBB\xBF", 3))
		r.i = 3;
	skip_space(&r);
	if (r.i >= r.len) {
		diag_error_at(d, span_at(src, 0, 0), "the file is empty");
		return NULL;
	}
	struct level stack[LIMIT_DEPTH];
	int depth = 0;
	struct node *root = NULL;
	/* Each turn reads one value (opening a list or object pushes a level),
	 * then what may follow it: a comma, a closing bracket. */
	while (!r.failed) {
		struct level *top = depth ? &stack[depth - 1] : NULL;
		skip_space(&r);
		bool is_key = top && top->node->kind == NODE_MAP && top->n % 2 == 0;
		char c = r.i < r.len ? r.s[r.i] : 0;
		struct node *v = NULL;
		if (is_key && c != '"') {
			expected(&r, c == '\'' ? "a key in double quotes (JSON has no single quotes)"
					       : "a key in double quotes");
			break;
		}
		if (++r.values > LIMIT_NODES) {
			fail(&r, r.i, "the file holds more than 200,000 values (texts, numbers, lists and objects)");
			break;
		}
		if (c == '[' || c == '{') {
			if (depth >= LIMIT_DEPTH) {
				fail(&r, r.i, "lists and objects are nested too deeply (more than 64 levels)");
				break;
			}
			size_t open_at = r.i;
			struct node *n = arena_alloc(a, sizeof(*n));
			n->kind = c == '[' ? NODE_SEQ : NODE_MAP;
			n->s = ""; /* never NULL (node.h) */
			stack[depth++] = (struct level){ .node = n };
			r.i++;
			skip_space(&r);
			char e = c == '[' ? ']' : '}';
			if (r.i < r.len && r.s[r.i] == e) {
				r.i++;
				close_level(&r, &stack[--depth]);
				n->span = span_at(src, open_at, 1); /* an empty one: its bracket */
				v = n;
			} else {
				continue;
			}
		} else if (c == '"') {
			v = string(&r);
		} else {
			v = word(&r);
		}
		if (r.failed)
			break;
		/* v is a complete value: hand it up, closing levels it completes. */
		for (;;) {
			if (depth == 0) {
				root = v;
				break;
			}
			struct level *l = &stack[depth - 1];
			push_kid(l, v);
			skip_space(&r);
			char e = l->node->kind == NODE_SEQ ? ']' : '}';
			if (l->node->kind == NODE_MAP && l->n % 2 == 1) {
				if (r.i < r.len && r.s[r.i] == ':') {
					r.i++;
					break;
				}
				expected(&r, "':' after the key");
				break;
			}
			if (r.i < r.len && r.s[r.i] == ',') {
				size_t comma = r.i++;
				skip_space(&r);
				if (r.i < r.len && (r.s[r.i] == ']' || r.s[r.i] == '}')) {
					char m[80];
					snprintf(m, sizeof(m), "JSON disallows trailing comma before '%c'", r.s[r.i]);
					fail(&r, comma, m);
				}
				break;
			}
			if (r.i < r.len && r.s[r.i] == e) {
				r.i++;
				close_level(&r, &stack[--depth]);
				v = l->node;
				continue;
			}
			char m[64];
			snprintf(m, sizeof(m), "',' or '%c'", e);
			expected(&r, m);
			break;
		}
		if (root || r.failed)
			break;
	}
	while (depth > 0)
		free(stack[--depth].kids);
	if (r.failed)
		return NULL;
	skip_space(&r);
	if (r.i < r.len) {
		expected(&r, "the end of the file after the top value");
		return NULL;
	}
	return root;
}
