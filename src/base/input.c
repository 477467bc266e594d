/* input.c — YAML/JSON files for reports and layouts (input.h): load with
 * UTF-8 and NUL checks, parse into a node tree (yaml.c, json.c), and typed
 * accessors with uniform messages. */
#include "base/input.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

int input_load(struct input *in, struct diag *d, const char *path, struct infiles *f)
{
	char *text;
	size_t len;
	if (infile_read(f, path, LIMIT_REPORT_BYTES, span_none(), d, &text, &len) < 0) {
		memset(in, 0, sizeof(*in));
		arena_init(&in->arena);
		in->diag = d;
		return -1;
	}
	return input_parse(in, d, path, text, len);
}

int input_parse(struct input *in, struct diag *d, const char *path, char *text, size_t len)
{
	memset(in, 0, sizeof(*in));
	arena_init(&in->arena);
	in->diag = d;
	in->src = diag_add_source(d, path, text, len);
	size_t bad = utf8_invalid_at(text, len);
	if (bad != (size_t)-1) {
		diag_error_at(d, span_at(in->src, bad, 1),
			      "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
			      (unsigned char)text[bad]);
		return -1;
	}
	if (memchr(text, '\0', len)) {
		size_t at = (size_t)((char *)memchr(text, '\0', len) - text);
		diag_error_at(d, span_at(in->src, at, 1), "NUL byte in text file");
		return -1;
	}
	/* JSON mode gives JSON's messages for a file that says it is JSON. */
	in->root = ends_with(path, ".json") ? json_parse(in->src, &in->arena, d)
					    : yaml_parse(in->src, &in->arena, d);
	return in->root ? 0 : -1;
}

void input_release(struct input *in)
{
	arena_release(&in->arena);
	memset(in, 0, sizeof(*in));
}

struct span input_span(const struct input *in, struct node *n)
{
	if (n && n->span.src)
		return n->span;
	return in->near.src ? in->near : span_at(in->src, 0, 0);
}

struct span input_key_span(const struct input *in, struct node *map, const char *key)
{
	struct node *k = NULL;
	if (node_get(map, key, &k) && k)
		return input_span(in, k);
	return input_span(in, map);
}

bool input_is_map(struct node *n)
{
	return n && n->kind == NODE_MAP;
}

bool input_is_seq(struct node *n)
{
	return n && n->kind == NODE_SEQ;
}

bool input_is_scalar(struct node *n)
{
	return n && n->kind == NODE_SCALAR && !node_is_null(n);
}

const char *input_scalar(struct node *n, size_t *len)
{
	if (!n || n->kind != NODE_SCALAR)
		return NULL;
	*len = n->len;
	return n->s;
}

const char *input_kind_name(struct node *n)
{
	if (!n || node_is_null(n))
		return "nothing (null)";
	switch (n->kind) {
	case NODE_MAP:
		return "a mapping";
	case NODE_SEQ:
		return "a list";
	default:
		return "a scalar";
	}
}

struct node *input_get(struct input *in, struct node *map, const char *key)
{
	struct node *k = NULL;
	struct node *v = node_get(map, key, &k);
	if (k && k->span.src)
		in->near = k->span;
	return v;
}

int input_check_keys(struct input *in, struct node *map, const char *const *allowed,
		     const char *what)
{
	int bad = 0;
	for (int i = 0; map && map->kind == NODE_MAP && i < map->n; i++) {
		struct node *kn = map->pairs[i].key;
		if (kn->kind != NODE_SCALAR) {
			diag_error_at(in->diag, input_span(in, kn), "keys in %s must be strings", what);
			bad++;
			continue;
		}
		const char *k = kn->s;
		size_t len = kn->len;
		bool ok = false;
		for (const char *const *a = allowed; *a && !ok; a++)
			ok = strlen(*a) == len && memcmp(*a, k, len) == 0;
		if (ok)
			continue;
		struct buf list;
		buf_init(&list);
		for (const char *const *a = allowed; *a; a++)
			buf_addf(&list, "%s%s", a == allowed ? "" : ", ", *a);
		diag_error_at(in->diag, input_span(in, kn), "unknown key '%.*s' in %s (expected one of: %s)",
			      (int)len, k, what, list.data);
		buf_release(&list);
		bad++;
	}
	return bad;
}

static int want(struct input *in, struct node *n, bool ok, const char *expected,
		const char *what)
{
	if (ok)
		return 0;
	diag_error_at(in->diag, input_span(in, n), "%s must be %s, found %s", what, expected,
		      input_kind_name(n));
	return -1;
}

int input_want_map(struct input *in, struct node *n, const char *what)
{
	return want(in, n, input_is_map(n), "a mapping", what);
}

int input_want_seq(struct input *in, struct node *n, const char *what)
{
	return want(in, n, input_is_seq(n), "a list", what);
}

int input_string(struct input *in, struct node *n, const char *what, const char **s,
		 size_t *len)
{
	if (want(in, n, input_is_scalar(n), "text", what) < 0)
		return -1;
	*s = n->s;
	*len = n->len;
	return 0;
}

int input_number(struct input *in, struct node *n, const char *what, double *v)
{
	const char *s;
	size_t len;
	if (want(in, n, input_is_scalar(n), "a number", what) < 0)
		return -1;
	s = n->s;
	len = n->len;
	char tmp[64];
	char *end;
	if (len == 0 || len >= sizeof(tmp))
		goto bad;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	*v = strtod(tmp, &end);
	if (*end == '\0' && *v == *v && *v < 1e300 && *v > -1e300)
		return 0;
bad:
	diag_error_at(in->diag, input_span(in, n), "%s must be a number, found '%.*s'", what,
		      (int)(len > 40 ? 40 : len), s);
	return -1;
}

int input_bool(struct input *in, struct node *n, const char *what, bool *v)
{
	const char *s;
	size_t len;
	if (want(in, n, input_is_scalar(n), "true or false", what) < 0)
		return -1;
	s = n->s;
	len = n->len;
	if (len == 4 && memcmp(s, "true", 4) == 0)
		*v = true;
	else if (len == 5 && memcmp(s, "false", 5) == 0)
		*v = false;
	else {
		diag_error_at(in->diag, input_span(in, n), "%s must be true or false, found '%.*s'",
			      what, (int)(len > 40 ? 40 : len), s);
		return -1;
	}
	return 0;
}

/* Iterators keep the index of the next pair or item in *iter. */
const char *input_map_next(struct node *map, void **iter, struct node **key,
			   struct node **value)
{
	uintptr_t i = (uintptr_t)*iter;
	if (!map || map->kind != NODE_MAP || i >= (uintptr_t)map->n)
		return NULL;
	*iter = (void *)(i + 1);
	*key = map->pairs[i].key;
	*value = map->pairs[i].value;
	return (*key)->kind == NODE_SCALAR ? (*key)->s : "";
}

struct node *input_seq_next(struct node *seq, void **iter)
{
	uintptr_t i = (uintptr_t)*iter;
	if (!seq || seq->kind != NODE_SEQ || i >= (uintptr_t)seq->n)
		return NULL;
	*iter = (void *)(i + 1);
	return seq->items[i];
}

int input_seq_len(struct node *seq)
{
	return seq && seq->kind == NODE_SEQ ? seq->n : 0;
}
