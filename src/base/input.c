/* input.c — YAML/JSON files through libfyaml: load with UTF-8 and syntax checks
 * (libfyaml's own errors are collected, not printed, and re-issued through our
 * diag with spans), and typed accessors with uniform messages. */
#include "base/input.h"

#include <errno.h>
#include <libfyaml.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Byte offset of libfyaml's 1-based (line, column-in-characters) in the source. */
static size_t offset_of(const struct source *src, int line, int col)
{
	size_t i = 0;
	line--, col--;
	for (int l = 0; l < line && i < src->len; i++)
		if (src->text[i] == '\n')
			l++;
	for (int c = 0; c < col && i < src->len && src->text[i] != '\n'; c++)
		utf8_next(src->text, src->len, &i);
	return i;
}

/* Only blank lines and # comments. */
static bool is_blank(const struct source *src)
{
	bool comment = false;
	for (size_t i = 0; i < src->len; i++) {
		char c = src->text[i];
		if (c == '\n')
			comment = false;
		else if (c == '#')
			comment = true;
		else if (!comment && c != ' ' && c != '\t' && c != '\r')
			return false;
	}
	return true;
}

static struct span node_span(const struct input *in, struct fy_node *n);

static void report_parse_errors(struct input *in, struct fy_diag *fd)
{
	void *it = NULL;
	struct fy_diag_error *e;
	int n = 0;
	while ((e = fy_diag_errors_iterate(fd, &it)) != NULL) {
		if (e->type < FYET_ERROR)
			continue;
		/* The token's byte offset is exact; line and column are the fallback. */
		const struct fy_mark *m = e->fyt ? fy_token_start_mark(e->fyt) : NULL;
		size_t off = m && m->input_pos <= in->src->len ? m->input_pos
							       : offset_of(in->src, e->line, e->column);
		struct span at = span_at(in->src, off, 1);
		diag_error_at(in->diag, at, "%s", e->msg);
		n++;
	}
	if (n == 0)
		diag_error_at(in->diag, span_at(in->src, 0, 0), "%s",
			      is_blank(in->src) ? "the file is empty" : "cannot parse this file");
}

int input_load(struct input *in, struct diag *d, const char *path)
{
	memset(in, 0, sizeof(*in));
	in->diag = d;
	char *text;
	size_t len;
	if (read_file(path, INPUT_MAX_BYTES, &text, &len) < 0) {
		if (errno == EFBIG)
			diag_error_file(d, path, "file is larger than %zu MiB",
					INPUT_MAX_BYTES >> 20);
		else
			diag_error_file(d, path, "cannot read: %s", strerror(errno));
		return -1;
	}
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

	struct fy_diag_cfg dc;
	fy_diag_cfg_default(&dc);
	dc.fp = NULL;
	dc.colorize = false;
	/* Without an output function libfyaml would print to stderr. */
	dc.output_fn = NULL;
	dc.level = FYET_ERROR;
	struct fy_diag *fd = fy_diag_create(&dc);
	if (!fd)
		bug("fy_diag_create failed");
	fy_diag_set_collect_errors(fd, true);
	struct fy_parse_cfg cfg = {
		.flags = FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_2 |
			 (ends_with(path, ".json") ? FYPCF_JSON_FORCE : FYPCF_JSON_NONE),
		.diag = fd,
	};
	in->parser = fy_parser_create(&cfg);
	if (!in->parser || fy_parser_set_string(in->parser, text, len) != 0)
		bug("cannot create a YAML parser");
	in->fyd = fy_parse_load_document(in->parser);
	int rc = 0;
	if (!in->fyd) {
		report_parse_errors(in, fd);
		rc = -1;
	} else if (!(in->root = fy_document_root(in->fyd))) {
		diag_error_at(d, span_at(in->src, 0, 0), "the file is empty");
		rc = -1;
	} else {
		/* One report or layout per file: a second document (after
		 * another ---) would otherwise be silently ignored. */
		struct fy_document *more = fy_parse_load_document(in->parser);
		if (more) {
			struct fy_node *r = fy_document_root(more);
			struct span at = node_span(in, r);
			diag_error_at(d, at.src ? at : span_at(in->src, in->src->len, 0),
				      "a file holds one document; remove the second one (after '---')");
			fy_parse_document_destroy(in->parser, more);
			rc = -1;
		} else if (fy_diag_got_error(fd)) {
			report_parse_errors(in, fd);
			rc = -1;
		}
	}
	fy_diag_destroy(fd);
	return rc;
}

void input_release(struct input *in)
{
	if (in->fyd)
		fy_parse_document_destroy(in->parser, in->fyd);
	if (in->parser)
		fy_parser_destroy(in->parser);
	memset(in, 0, sizeof(*in));
}

/* The span of n, or a span with src NULL when n has no position. */
static struct span node_span(const struct input *in, struct fy_node *n)
{
	void *it = NULL;
	if (!n)
		return span_none();
	switch (fy_node_get_type(n)) {
	case FYNT_SCALAR: {
		struct fy_token *t = fy_node_get_scalar_token(n);
		const struct fy_mark *a = t ? fy_token_start_mark(t) : NULL;
		const struct fy_mark *b = t ? fy_token_end_mark(t) : NULL;
		if (!a)
			return span_none();
		return span_at(in->src, a->input_pos,
			       b && b->input_pos > a->input_pos ? b->input_pos - a->input_pos : 1);
	}
	case FYNT_MAPPING: {
		struct fy_node_pair *p = fy_node_mapping_iterate(n, &it);
		return p ? node_span(in, fy_node_pair_key(p)) : span_none();
	}
	case FYNT_SEQUENCE: {
		struct fy_node *c = fy_node_sequence_iterate(n, &it);
		return c ? node_span(in, c) : span_none();
	}
	}
	return span_none();
}

struct span input_span(const struct input *in, struct fy_node *n)
{
	struct span s = node_span(in, n);
	if (s.src)
		return s;
	return in->near.src ? in->near : span_at(in->src, 0, 0);
}

struct span input_key_span(const struct input *in, struct fy_node *map, const char *key)
{
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(map, &it)) != NULL) {
		const char *k = fy_node_get_scalar0(fy_node_pair_key(p));
		if (k && strcmp(k, key) == 0)
			return input_span(in, fy_node_pair_key(p));
	}
	return input_span(in, map);
}

bool input_is_map(struct fy_node *n)
{
	return n && fy_node_get_type(n) == FYNT_MAPPING;
}

bool input_is_seq(struct fy_node *n)
{
	return n && fy_node_get_type(n) == FYNT_SEQUENCE;
}

static bool is_null(struct fy_node *n)
{
	if (!n)
		return true;
	if (fy_node_get_type(n) != FYNT_SCALAR)
		return false;
	/* A plain `~`, `null` or empty scalar is YAML's null; a quoted one is a string. */
	if (fy_node_get_style(n) != FYNS_PLAIN)
		return false;
	size_t len;
	const char *s = fy_node_get_scalar(n, &len);
	return len == 0 || (len == 1 && s[0] == '~') || (len == 4 && memcmp(s, "null", 4) == 0);
}

bool input_is_scalar(struct fy_node *n)
{
	return n && fy_node_get_type(n) == FYNT_SCALAR && fy_node_get_style(n) != FYNS_ALIAS &&
	       !is_null(n);
}

const char *input_kind_name(struct fy_node *n)
{
	if (!n || is_null(n))
		return "nothing (null)";
	switch (fy_node_get_type(n)) {
	case FYNT_MAPPING:
		return "a mapping";
	case FYNT_SEQUENCE:
		return "a list";
	default:
		return "a scalar";
	}
}

/* An alias (*name) stands for the node its anchor (&name) marks. One that
 * cannot be resolved (unknown anchor, a cycle) stays itself, and readers then
 * report it as the wrong kind of value. */
static struct fy_node *deref(struct fy_node *n)
{
	if (n && fy_node_get_type(n) == FYNT_SCALAR && fy_node_get_style(n) == FYNS_ALIAS) {
		struct fy_node *target = fy_node_resolve_alias(n);
		return target ? target : n;
	}
	return n;
}

struct fy_node *input_get(struct input *in, struct fy_node *map, const char *key)
{
	if (!input_is_map(map))
		return NULL;
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(map, &it)) != NULL) {
		size_t len;
		const char *k = fy_node_get_scalar(fy_node_pair_key(p), &len);
		if (k && len == strlen(key) && memcmp(k, key, len) == 0) {
			struct span s = node_span(in, fy_node_pair_key(p));
			if (s.src)
				in->near = s;
			return deref(fy_node_pair_value(p));
		}
	}
	return NULL;
}

int input_check_keys(struct input *in, struct fy_node *map, const char *const *allowed,
		     const char *what)
{
	void *it = NULL;
	struct fy_node_pair *p;
	int bad = 0;
	while ((p = fy_node_mapping_iterate(map, &it)) != NULL) {
		struct fy_node *kn = fy_node_pair_key(p);
		size_t len;
		const char *k = kn ? fy_node_get_scalar(kn, &len) : NULL;
		if (!k) {
			diag_error_at(in->diag, input_span(in, kn), "keys in %s must be strings", what);
			bad++;
			continue;
		}
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

static int want(struct input *in, struct fy_node *n, bool ok, const char *expected,
		const char *what)
{
	/* deref() leaves an alias it could not resolve in place. */
	if (n && fy_node_get_type(n) == FYNT_SCALAR && fy_node_get_style(n) == FYNS_ALIAS) {
		diag_error_at(in->diag, input_span(in, n), "the alias '*%s' refers to no anchor (&%s)",
			      fy_node_get_scalar0(n), fy_node_get_scalar0(n));
		return -1;
	}
	if (ok)
		return 0;
	diag_error_at(in->diag, input_span(in, n), "%s must be %s, found %s", what, expected,
		      input_kind_name(n));
	return -1;
}

int input_want_map(struct input *in, struct fy_node *n, const char *what)
{
	return want(in, n, input_is_map(n), "a mapping", what);
}

int input_want_seq(struct input *in, struct fy_node *n, const char *what)
{
	return want(in, n, input_is_seq(n), "a list", what);
}

int input_string(struct input *in, struct fy_node *n, const char *what, const char **s,
		 size_t *len)
{
	if (want(in, n, input_is_scalar(n), "text", what) < 0)
		return -1;
	*s = fy_node_get_scalar(n, len);
	return 0;
}

int input_number(struct input *in, struct fy_node *n, const char *what, double *v)
{
	const char *s;
	size_t len;
	if (want(in, n, input_is_scalar(n), "a number", what) < 0)
		return -1;
	s = fy_node_get_scalar(n, &len);
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

int input_bool(struct input *in, struct fy_node *n, const char *what, bool *v)
{
	const char *s;
	size_t len;
	if (want(in, n, input_is_scalar(n), "true or false", what) < 0)
		return -1;
	s = fy_node_get_scalar(n, &len);
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

const char *input_map_next(struct fy_node *map, void **iter, struct fy_node **key,
			   struct fy_node **value)
{
	struct fy_node_pair *p = fy_node_mapping_iterate(map, iter);
	if (!p)
		return NULL;
	*key = fy_node_pair_key(p);
	*value = deref(fy_node_pair_value(p));
	const char *k = *key ? fy_node_get_scalar0(*key) : NULL;
	return k ? k : "";
}

struct fy_node *input_seq_next(struct fy_node *seq, void **iter)
{
	return deref(fy_node_sequence_iterate(seq, iter));
}

int input_seq_len(struct fy_node *seq)
{
	return fy_node_sequence_item_count(seq);
}
