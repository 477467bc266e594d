/* yaml.c — YAML files into node trees (node.h) through libyaml's event
 * parser, which is fuzzed continuously upstream. The tree is built here with
 * an explicit stack, so no input can recurse deeply; anchors and aliases,
 * duplicate keys, NUL characters and several documents are checked here,
 * each with a message at its position. */
#include "base/node.h"

#include <string.h>
#include <yaml.h>

/* libyaml counts positions in characters, after a byte-order mark; spans
 * count bytes. Marks arrive in order, so one cursor walks forward. */
struct cursor {
	const struct source *src;
	size_t chars, bytes; /* a character index and its byte offset */
	size_t bom;          /* 3 when the file starts with a byte-order mark */
};

static size_t byte_of(struct cursor *c, size_t index)
{
	if (index < c->chars) {
		c->chars = 0;
		c->bytes = c->bom;
	}
	while (c->chars < index && c->bytes < c->src->len) {
		utf8_next(c->src->text, c->src->len, &c->bytes);
		c->chars++;
	}
	return c->bytes;
}

/* Byte offset of a 0-based line and character column. */
static size_t offset_of(const struct source *src, size_t line, size_t col)
{
	size_t i = 0;
	for (size_t l = 0; l < line && i < src->len; i++)
		if (src->text[i] == '\n')
			l++;
	if (line == 0 && src->len >= 3 && !memcmp(src->text, "\xEF\xBB\xBF", 3))
		i = 3;
	for (size_t k = 0; k < col && i < src->len && src->text[i] != '\n'; k++)
		utf8_next(src->text, src->len, &i);
	return i;
}

#define SECOND_DOCUMENT "a file holds one document; remove the second one (after '---')"

struct anchor {
	const char *name;
	struct node *node;
	bool done; /* its node is complete (an alias inside it would be a cycle) */
};

/* A collection being read: its node and the children so far. */
struct open {
	struct node *node;
	struct node **kids;
	int n, alloc;
	int anchor; /* index in anchors of the anchor it defines, or -1 */
	size_t off; /* where it starts: the place of an empty one */
};

struct builder {
	const struct source *src;
	struct arena *a;
	struct diag *d;
	struct cursor cur;
	struct open stack[LIMIT_DEPTH + 1];
	int depth;
	struct anchor *anchors;
	int nanchors, anchors_alloc;
	struct node *root;
	int errors;
	long values; /* values so far, aliases counted in full (LIMIT_NODES) */
};


static void error_at(struct builder *b, size_t off, size_t len, const char *msg)
{
	diag_error_at(b->d, span_at(b->src, off, len), "%s", msg);
	b->errors++;
}

/* The message spells the limit with a thousands separator. */
_Static_assert(LIMIT_NODES == 200000, "update the message with LIMIT_NODES");
#define TOO_MANY_VALUES "the file holds more than 200,000 values (texts, numbers, lists and " \
			"mappings; an alias counts as everything it repeats)"

/* Count n more values; past the limit, report it here and stop. */
static int count_values(struct builder *b, long n, size_t off)
{
	b->values += n;
	if (b->values <= LIMIT_NODES)
		return 0;
	error_at(b, off, 1, TOO_MANY_VALUES);
	return -1;
}

static int define_anchor(struct builder *b, const yaml_char_t *name, struct node *n, bool done)
{
	if (!name)
		return -1;
	GROW(b->anchors, b->nanchors, b->anchors_alloc);
	b->anchors[b->nanchors] =
		(struct anchor){ arena_strdup(b->a, (const char *)name), n, done };
	return b->nanchors++;
}

/* The node an alias names: the latest anchor of that name. */
static struct anchor *find_anchor(struct builder *b, const char *name)
{
	for (int i = b->nanchors - 1; i >= 0; i--)
		if (!strcmp(b->anchors[i].name, name))
			return &b->anchors[i];
	return NULL;
}

/* Hand a finished node to the collection being read, or make it the root. */
static void add_child(struct builder *b, struct node *n)
{
	if (b->depth == 0) {
		b->root = n;
		return;
	}
	struct open *o = &b->stack[b->depth - 1];
	GROW(o->kids, o->n, o->alloc);
	o->kids[o->n++] = n;
}

static int on_scalar(struct builder *b, const yaml_event_t *e)
{
	if (count_values(b, 1, byte_of(&b->cur, e->start_mark.index)) < 0)
		return -1;
	struct node *n = arena_alloc(b->a, sizeof(*n));
	n->size = 1;
	n->kind = NODE_SCALAR;
	const char *tag = (const char *)e->data.scalar.tag;
	n->plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		   !(tag && !strcmp(tag, YAML_STR_TAG));
	n->len = e->data.scalar.length;
	n->s = arena_strndup(b->a, (const char *)e->data.scalar.value, n->len);
	size_t off = byte_of(&b->cur, e->start_mark.index);
	size_t end = byte_of(&b->cur, e->end_mark.index);
	/* The event starts at the node's anchor and tag (`&a !!str "x"`): the
	 * span is the scalar's own text. */
	while (off < end && (b->src->text[off] == '&' || b->src->text[off] == '!')) {
		while (off < end && !strchr(" \t\r\n", b->src->text[off]))
			off++;
		while (off < end && strchr(" \t\r\n", b->src->text[off]))
			off++;
	}
	if (!n->plain && e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE &&
	    end >= off + 2 && e->data.scalar.style <= YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
		/* A quoted scalar's span is its content, inside the quotes. */
		n->span = span_at(b->src, off + 1, end - off - 2);
	} else if (n->len > 0 || !n->plain) {
		n->span = span_at(b->src, off, end > off ? end - off : 1);
	}
	const char *nul = memchr(e->data.scalar.value, '\0', n->len);
	if (nul)
		error_at(b, off, end > off ? end - off : 1,
			 "a NUL character (\\0 or \\u0000) in text is not allowed");
	define_anchor(b, e->data.scalar.anchor, n, true);
	add_child(b, n);
	return 0;
}

static int on_alias(struct builder *b, const yaml_event_t *e)
{
	const char *name = (const char *)e->data.alias.anchor;
	size_t off = byte_of(&b->cur, e->start_mark.index);
	size_t len = strlen(name);
	struct anchor *an = find_anchor(b, name);
	if (!an) {
		/* Point at the name after the '*'. */
		diag_error_at(b->d, span_at(b->src, off + 1, len),
			      "the alias '*%s' refers to no anchor (&%s)", name, name);
		b->errors++;
	} else if (!an->done) {
		diag_error_at(b->d, span_at(b->src, off + 1, len),
			      "the alias '*%s' is inside the value its anchor marks (a loop)", name);
		b->errors++;
	}
	if (!an || !an->done) {
		/* Stand in with an empty scalar so the tree stays whole. */
		struct node *n = arena_alloc(b->a, sizeof(*n));
		n->kind = NODE_SCALAR;
		n->s = "";
		n->size = 1;
		add_child(b, n);
		return 0;
	}
	if (count_values(b, an->node->size, off) < 0)
		return -1;
	add_child(b, an->node);
	return 0;
}

static int on_start(struct builder *b, const yaml_event_t *e, enum node_kind kind)
{
	if (b->depth >= LIMIT_DEPTH) {
		error_at(b, byte_of(&b->cur, e->start_mark.index), 1,
			 "lists and mappings are nested too deeply (more than 64 levels)");
		return -1;
	}
	if (count_values(b, 1, byte_of(&b->cur, e->start_mark.index)) < 0)
		return -1;
	struct node *n = arena_alloc(b->a, sizeof(*n));
	n->kind = kind;
	n->s = ""; /* never NULL: a list used as a key has the empty text */
	const yaml_char_t *anchor = kind == NODE_SEQ ? e->data.sequence_start.anchor
						     : e->data.mapping_start.anchor;
	struct open *o = &b->stack[b->depth++];
	memset(o, 0, sizeof(*o));
	o->node = n;
	o->off = byte_of(&b->cur, e->start_mark.index);
	o->anchor = define_anchor(b, anchor, n, false);
	return 0;
}

static void on_end(struct builder *b)
{
	struct open *o = &b->stack[--b->depth];
	struct node *n = o->node;
	/* No overflow: every child's size was counted in b->values. */
	n->size = 1;
	for (int i = 0; i < o->n; i++)
		n->size += o->kids[i]->size;
	if (n->kind == NODE_SEQ) {
		n->n = o->n;
		n->items = arena_memdup(b->a, o->kids, (size_t)o->n * sizeof(*o->kids));
		if (n->n)
			n->span = n->items[0]->span;
	} else {
		/* Children alternate key, value; libyaml guarantees the pairs. */
		n->n = o->n / 2;
		n->pairs = arena_array(b->a, (size_t)n->n, sizeof(*n->pairs));
		for (int i = 0; i < n->n; i++)
			n->pairs[i] = (struct node_pair){ o->kids[2 * i], o->kids[2 * i + 1] };
		if (n->n)
			n->span = n->pairs[0].key->span;
		if (node_check_duplicates(n, b->d) < 0)
			b->errors++;
	}
	/* An empty `{}` or `[]` points at its bracket. */
	if (n->n == 0)
		n->span = span_at(b->src, o->off, 1);
	free(o->kids);
	if (o->anchor >= 0)
		b->anchors[o->anchor].done = true;
	add_child(b, n);
}

/* libyaml's message, at the place that explains it best: an unclosed
 * quote is reported where the quote opens. */
static void report_syntax(struct builder *b, const yaml_parser_t *p)
{
	const char *problem = p->problem ? p->problem : "cannot parse this file";
	const char *context = p->context;
	if (context && strstr(context, "quoted scalar")) {
		size_t off = offset_of(b->src, p->context_mark.line, p->context_mark.column);
		struct buf m;
		buf_init(&m);
		buf_addf(&m, "this quoted text is never closed (%s)", problem);
		error_at(b, off, 1, m.data);
		buf_release(&m);
		return;
	}
	size_t off = offset_of(b->src, p->problem_mark.line, p->problem_mark.column);
	if (context) {
		struct buf m;
		buf_init(&m);
		buf_addf(&m, "%s (%s at line %zu)", problem, context, p->context_mark.line + 1);
		error_at(b, off, 1, m.data);
		buf_release(&m);
	} else {
		error_at(b, off, 1, problem);
	}
}

struct node *yaml_parse(const struct source *src, struct arena *a, struct diag *d)
{
	struct builder b = { .src = src, .a = a, .d = d, .cur = { .src = src } };
	if (src->len >= 3 && !memcmp(src->text, "\xEF\xBB\xBF", 3))
		b.cur.bom = b.cur.bytes = 3;
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		bug("cannot create a YAML parser");
	/* libyaml skips a byte-order mark but counts it as a column, which
	 * puts the first line one column to the right of the next: hand it
	 * the text after the mark (the cursor adds the 3 bytes back). */
	yaml_parser_set_input_string(&p, (const unsigned char *)src->text + b.cur.bom,
				     src->len - b.cur.bom);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	int documents = 0;
	bool done = false;
	while (!done) {
		yaml_event_t e;
		if (!yaml_parser_parse(&p, &e)) {
			report_syntax(&b, &p);
			break;
		}
		if (documents == 2 && (e.type == YAML_SCALAR_EVENT || e.type == YAML_ALIAS_EVENT ||
				       e.type == YAML_SEQUENCE_START_EVENT ||
				       e.type == YAML_MAPPING_START_EVENT)) {
			/* Point at the second document's first value. */
			error_at(&b, byte_of(&b.cur, e.start_mark.index), 1, SECOND_DOCUMENT);
			yaml_event_delete(&e);
			break;
		}
		switch (e.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			documents++;
			break;
		case YAML_DOCUMENT_END_EVENT:
			/* A second document with nothing in it. */
			if (documents == 2) {
				error_at(&b, byte_of(&b.cur, e.start_mark.index), 1, SECOND_DOCUMENT);
				done = true;
			}
			break;
		case YAML_SCALAR_EVENT:
			done = on_scalar(&b, &e) < 0;
			break;
		case YAML_ALIAS_EVENT:
			done = on_alias(&b, &e) < 0;
			break;
		case YAML_SEQUENCE_START_EVENT:
			done = on_start(&b, &e, NODE_SEQ) < 0;
			break;
		case YAML_MAPPING_START_EVENT:
			done = on_start(&b, &e, NODE_MAP) < 0;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			on_end(&b);
			break;
		default:
			break;
		}
		yaml_event_delete(&e);
		if (diag_full(d))
			break;
	}
	yaml_parser_delete(&p);
	while (b.depth > 0)
		free(b.stack[--b.depth].kids);
	free(b.anchors);
	if (b.errors)
		return NULL;
	if (!b.root) {
		diag_error_at(d, span_at(src, 0, 0), "the file is empty");
		return NULL;
	}
	return b.root;
}
