/* template.c — expanding a report's tree before the block readers see it
 * (data.h, docs/data.md): ${…} inside scalars, `each:` and `when:` items
 * in lists, and charts and tables bound to a data file by column names.
 * The expansion makes new nodes and leaves the read tree alone, so a node
 * shared by YAML aliases is expanded afresh in every place it appears. A
 * scalar that is one ${…} giving one cell keeps the cell's position, so a
 * reader's later message ("a value must be a number") points into the CSV
 * file. */
#include "parse/data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct expander {
	struct dataset *ds;
	struct arena *a;
	int errors;
	long visits; /* nodes expanded so far (LIMIT_EXPANSION) */
};

static struct node *new_scalar(struct expander *x, const char *s, size_t len, struct span at,
			       bool plain)
{
	struct node *n = arena_alloc(x->a, sizeof(*n));
	n->kind = NODE_SCALAR;
	n->s = arena_strndup(x->a, s, len);
	n->len = len;
	n->span = at;
	n->plain = plain;
	return n;
}

/* The end of the ${…} that starts at s[i] ("${" at i): the index of its
 * '}', skipping quoted text, or len when it is never closed. */
static size_t close_of(const char *s, size_t len, size_t i)
{
	for (size_t k = i + 2; k < len; k++) {
		char c = s[k];
		if (c == '"' || c == '\'') {
			for (k++; k < len && s[k] != c; k++)
				if (s[k] == '\\')
					k++;
			continue;
		}
		if (k + 2 < len && !memcmp(s + k, "\xE2\x80\x9C", 3)) {
			for (k += 3; k + 2 < len && memcmp(s + k, "\xE2\x80\x9D", 3); k++)
				;
			k += 2;
			continue;
		}
		if (c == '}')
			return k;
	}
	return len;
}

/* Evaluate the ${…} at s[i..close] of scalar n. */
static int eval_at(struct dataset *ds, struct node *n, size_t i, size_t close, struct scope *scope,
		   bool quiet, struct value *v, struct expr **ep, struct ectx *cx)
{
	memset(cx, 0, sizeof(*cx));
	cx->ds = ds;
	cx->node = n;
	cx->scope = scope;
	cx->quiet = quiet;
	cx->base = i + 2;
	cx->text = n->s + i + 2;
	struct expr_error err;
	struct expr *e = expr_parse(n->s + i + 2, close - i - 2, &ds->arena, &err);
	if (!e) {
		diag_error_at(ds->d, ectx_span(cx, err.off, err.len ? err.len : 1), "%s", err.msg);
		return -1;
	}
	*ep = e;
	return eval_expr(cx, e, v);
}

/* Text of a value written into a report's text; missing → — and a warning. */
static int append_value(struct ectx *cx, const struct expr *e, const struct value *v, struct buf *b)
{
	if (v->k == V_MISSING && eval_missing_used(cx, e, v) < 0)
		return -1;
	if (v->k == V_LIST)
		for (int i = 0; i < v->list->n; i++)
			if (v->list->v[i].k == V_MISSING && eval_missing_used(cx, e, &v->list->v[i]) < 0)
				return -1;
	char *t = value_to_text(v);
	if (!t) {
		ectx_error(cx, e, "%s cannot be written into text; pick a value from it (for example .本月)",
			   value_kind_name(v));
		return -1;
	}
	buf_addstr(b, t);
	free(t);
	return 0;
}

/* Fill in the ${…} of a scalar's text into *out (heap). $${ writes ${. */
static int fill(struct dataset *ds, struct node *n, struct scope *scope, char **out)
{
	const char *s = n->s;
	size_t len = n->len;
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < len;) {
		if (s[i] == '$' && i + 2 < len && s[i + 1] == '$' && s[i + 2] == '{') {
			buf_addstr(&b, "${");
			i += 3;
			continue;
		}
		if (s[i] == '$' && i + 1 < len && s[i + 1] == '{') {
			size_t close = close_of(s, len, i);
			struct ectx cx = { .ds = ds, .node = n };
			if (close >= len) {
				diag_error_at(ds->d, ectx_span(&cx, i, 2), "'${' is never closed by '}'");
				buf_release(&b);
				return -1;
			}
			struct value v;
			struct expr *e;
			if (eval_at(ds, n, i, close, scope, false, &v, &e, &cx) < 0 ||
			    append_value(&cx, e, &v, &b) < 0) {
				buf_release(&b);
				return -1;
			}
			i = close + 1;
			continue;
		}
		buf_addch(&b, s[i++]);
	}
	*out = buf_detach(&b, NULL);
	return 0;
}

int template_string(struct dataset *ds, struct node *n, struct scope *scope, char **out)
{
	return fill(ds, n, scope, out);
}

static bool has_template(const struct node *n)
{
	return n->kind == NODE_SCALAR && n->s && memmem(n->s, n->len, "${", 2);
}

/* One ${…} and nothing else (blanks aside): the start of it, or -1. */
static long whole(const struct node *n, size_t *close)
{
	size_t a = 0, b = n->len;
	while (a < b && (n->s[a] == ' ' || n->s[a] == '\n'))
		a++;
	while (b > a && (n->s[b - 1] == ' ' || n->s[b - 1] == '\n'))
		b--;
	if (b - a < 3 || memcmp(n->s + a, "${", 2) || (a > 0 && n->s[a - 1] == '$'))
		return -1;
	size_t c = close_of(n->s, n->len, a);
	if (c != b - 1)
		return -1;
	*close = c;
	return (long)a;
}

static struct node *value_node(struct expander *x, struct ectx *cx, const struct expr *e,
			       const struct value *v, struct node *at);

static struct node *expand(struct expander *x, struct node *n, struct scope *scope);

/* A scalar: a whole ${…} becomes the value's node (a list becomes a list);
 * text with ${…} inside becomes the text filled in. */
static struct node *expand_scalar(struct expander *x, struct node *n, struct scope *scope)
{
	if (!has_template(n))
		return n;
	size_t close;
	long a = whole(n, &close);
	if (a >= 0) {
		struct value v;
		struct expr *e;
		struct ectx cx;
		if (eval_at(x->ds, n, (size_t)a, close, scope, false, &v, &e, &cx) < 0)
			return NULL;
		return value_node(x, &cx, e, &v, n);
	}
	char *t;
	if (fill(x->ds, n, scope, &t) < 0)
		return NULL;
	struct node *r = new_scalar(x, t, strlen(t), n->span, false);
	free(t);
	return r;
}

static struct node *value_node(struct expander *x, struct ectx *cx, const struct expr *e,
			       const struct value *v, struct node *at)
{
	struct span sp = v->at.src && v->k != V_LIST ? v->at : at->span;
	if (v->k == V_LIST) {
		struct node *l = arena_alloc(x->a, sizeof(*l));
		l->kind = NODE_SEQ;
		l->n = v->list->n;
		l->span = at->span;
		l->items = arena_array(x->a, (size_t)(l->n ? l->n : 1), sizeof(struct node *));
		for (int i = 0; i < l->n; i++) {
			const struct value *it = &v->list->v[i];
			/* A list's missing items are gaps in a chart: no warning. */
			char *t = value_to_text(it);
			if (!t) {
				ectx_error(cx, e, "an item of the list is %s; a list in a report holds values",
					   value_kind_name(it));
				return NULL;
			}
			l->items[i] = new_scalar(x, t, strlen(t), it->at.src ? it->at : at->span, true);
			free(t);
		}
		return l;
	}
	struct buf b;
	buf_init(&b);
	if (append_value(cx, e, v, &b) < 0) {
		buf_release(&b);
		return NULL;
	}
	struct node *r = new_scalar(x, b.data, b.len, sp, v->k != V_STR);
	buf_release(&b);
	return r;
}

/* ---- each: and when: ---- */

static bool is_key(const struct node *k, const char *s)
{
	return k->kind == NODE_SCALAR && k->len == strlen(s) && !memcmp(k->s, s, k->len);
}

/* A condition: true, false, or missing (false, with a warning). */
static int truth(struct expander *x, struct node *n, struct scope *scope, bool *out)
{
	struct ectx cx;
	struct expr *e;
	struct value v;
	if (dataset_parse_node(x->ds, n, &cx, &e) < 0)
		return -1;
	cx.scope = scope;
	if (eval_expr(&cx, e, &v) < 0)
		return -1;
	if (v.k == V_MISSING) {
		if (eval_missing_used(&cx, e, &v) < 0)
			return -1;
		*out = false;
		return 0;
	}
	if (v.k != V_BOOL) {
		ectx_error(&cx, e, "a condition must be true or false, found %s", value_kind_name(&v));
		return -1;
	}
	*out = v.b;
	return 0;
}

/* Items of a list being built. */
struct items {
	struct node **v;
	int n, alloc;
};

static void items_add(struct items *it, struct node *n)
{
	GROW(it->v, it->n, it->alloc);
	it->v[it->n++] = n;
}

/* The rows a loop or a binding goes over, filtered and sorted. */
struct rows {
	struct value *v;
	int n;
};

struct sort_key {
	const char *col;
	size_t len;
	bool desc;
};

struct sorter {
	struct expander *x;
	struct sort_key *keys;
	int nkeys;
	struct value *vals; /* [row][key] */
	int *order;
	bool failed;
};

static int cmp_values(const struct value *a, const struct value *b)
{
	/* Missing sorts last either way (handled by the caller). */
	if (a->k == V_NUM && b->k == V_NUM)
		return dec_cmp(a->n, b->n);
	if (a->k == V_STR && b->k == V_STR) {
		size_t n = a->len < b->len ? a->len : b->len;
		int c = memcmp(a->s, b->s, n);
		return c ? c : (a->len < b->len ? -1 : a->len > b->len);
	}
	if (a->k == b->k && (a->k == V_MONTH || a->k == V_DATE)) {
		long p = a->y * 400L + a->m * 32L + a->d, q = b->y * 400L + b->m * 32L + b->d;
		return p < q ? -1 : p > q;
	}
	return (int)a->k - (int)b->k;
}

/* Stable: insertion of each row by merge sort on indices. */
static int row_cmp(const struct sorter *s, int i, int j)
{
	for (int k = 0; k < s->nkeys; k++) {
		const struct value *a = &s->vals[i * s->nkeys + k], *b = &s->vals[j * s->nkeys + k];
		bool ma = a->k == V_MISSING, mb = b->k == V_MISSING;
		int c = ma || mb ? (ma - mb) : cmp_values(a, b) * (s->keys[k].desc ? -1 : 1);
		if (c)
			return c;
	}
	return i < j ? -1 : i > j;
}

static void merge_sort(const struct sorter *s, int *v, int *tmp, int n)
{
	if (n < 2)
		return;
	int h = n / 2;
	merge_sort(s, v, tmp, h);
	merge_sort(s, v + h, tmp, n - h);
	int i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = row_cmp(s, v[i], v[j]) <= 0 ? v[i++] : v[j++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, (size_t)n * sizeof(int));
}

/* Options shared by each: and bindings: where, sort, limit. */
static int select_rows(struct expander *x, struct node *spec, struct value *all, int nall,
		       const char *as, size_t aslen, struct scope *scope, struct rows *out)
{
	struct node *wn = node_get(spec, "where", NULL), *sn = node_get(spec, "sort", NULL);
	struct node *ln = node_get(spec, "limit", NULL);
	out->v = arena_array(x->a, (size_t)(nall ? nall : 1), sizeof(struct value));
	out->n = 0;
	for (int i = 0; i < nall; i++) {
		if (wn) {
			struct scope sc = { as, aslen, all[i], scope };
			bool keep;
			if (wn->kind != NODE_SCALAR || truth(x, wn, &sc, &keep) < 0)
				return -1;
			if (!keep)
				continue;
		}
		out->v[out->n++] = all[i];
	}
	if (sn) {
		struct node one = *sn;
		struct node *list[1] = { &one };
		struct node **ks = sn->kind == NODE_SEQ ? sn->items : list;
		int nk = sn->kind == NODE_SEQ ? sn->n : 1;
		struct sorter s = { x, xcalloc((size_t)nk + 1, sizeof(struct sort_key)), nk, NULL, NULL, false };
		for (int k = 0; k < nk; k++) {
			if (ks[k]->kind != NODE_SCALAR || ks[k]->len == 0) {
				diag_error_at(x->ds->d, ks[k]->span, "'sort' names a column, with '-' before it for largest first");
				free(s.keys);
				return -1;
			}
			bool desc = ks[k]->s[0] == '-';
			s.keys[k] = (struct sort_key){ ks[k]->s + desc, ks[k]->len - desc, desc };
		}
		s.vals = xcalloc((size_t)out->n * (size_t)nk + 1, sizeof(struct value));
		int bad = 0;
		for (int i = 0; i < out->n && !bad; i++)
			for (int k = 0; k < nk && !bad; k++) {
				struct ectx cx = { .ds = x->ds, .node = ks[k], .base = s.keys[k].desc };
				struct expr at = { .off = 0, .len = s.keys[k].len };
				bad = eval_field(&cx, &at, &out->v[i], s.keys[k].col, s.keys[k].len,
						 &s.vals[i * nk + k]) < 0;
			}
		if (!bad) {
			int *order = xcalloc((size_t)out->n + 1, sizeof(int)), *tmp = xcalloc((size_t)out->n + 1, sizeof(int));
			for (int i = 0; i < out->n; i++)
				order[i] = i;
			merge_sort(&s, order, tmp, out->n);
			struct value *sorted = arena_array(x->a, (size_t)(out->n ? out->n : 1), sizeof(struct value));
			for (int i = 0; i < out->n; i++)
				sorted[i] = out->v[order[i]];
			out->v = sorted;
			free(order);
			free(tmp);
		}
		free(s.vals);
		free(s.keys);
		if (bad)
			return -1;
	}
	if (ln) {
		struct value lv;
		long long lim;
		if (ln->kind != NODE_SCALAR || dataset_eval_node(x->ds, ln, scope, &lv) < 0)
			return -1;
		if (lv.k != V_NUM || !dec_to_ll(lv.n, &lim) || lim < 0) {
			diag_error_at(x->ds->d, ln->span, "'limit' must be a whole number");
			return -1;
		}
		if (lim < out->n)
			out->n = (int)lim;
	}
	return 0;
}

/* The rows of a table or the items of a list. */
static int rows_of(struct expander *x, struct node *what, struct scope *scope, struct value *v,
		   struct value **items, int *n)
{
	if (v->k == V_TABLE) {
		struct dtable *t = v->t;
		*items = arena_array(x->a, (size_t)(t->nrows ? t->nrows : 1), sizeof(struct value));
		for (int i = 0; i < t->nrows; i++)
			(*items)[i] = (struct value){ .k = V_ROW, .t = t, .row = i };
		*n = t->nrows;
		return 0;
	}
	if (v->k == V_LIST) {
		*items = v->list->v;
		*n = v->list->n;
		return 0;
	}
	if (v->k == V_MISSING) {
		/* An absent optional file: no rows. */
		*items = NULL;
		*n = 0;
		return 0;
	}
	diag_error_at(x->ds->d, what->span, "'each' goes over a table or a list; this is %s",
		      value_kind_name(v));
	(void)scope;
	return -1;
}

static const char *const each_keys[] = { "each", "as", "where", "sort", "limit", "do", NULL };

static bool check_keys(struct expander *x, struct node *m, const char *const *keys, const char *what)
{
	bool ok = true;
	for (int i = 0; i < m->n; i++) {
		struct node *k = m->pairs[i].key;
		bool known = false;
		for (const char *const *a = keys; *a && !known; a++)
			known = is_key(k, *a);
		if (!known) {
			struct buf b;
			buf_init(&b);
			for (const char *const *a = keys; *a; a++)
				buf_addf(&b, "%s%s", a == keys ? "" : ", ", *a);
			diag_error_at(x->ds->d, k->span, "unknown key '%.*s' in %s (expected one of: %s)",
				      (int)(k->kind == NODE_SCALAR ? k->len : 0), k->kind == NODE_SCALAR ? k->s : "",
				      what, b.data);
			buf_release(&b);
			ok = false;
		}
	}
	return ok;
}

/* do: a list of mappings (blocks, key figures) adds each of them; anything
 * else — a text, a mapping, a list of texts such as a table row — is one
 * item. */
static void add_done(struct items *it, struct node *done, struct node *orig)
{
	bool splice = orig->kind == NODE_SEQ && done->kind == NODE_SEQ;
	for (int i = 0; splice && i < orig->n; i++)
		splice = orig->items[i]->kind == NODE_MAP;
	if (splice)
		for (int i = 0; i < done->n; i++)
			items_add(it, done->items[i]);
	else
		items_add(it, done);
}

static int expand_each(struct expander *x, struct node *m, struct scope *scope, struct items *it)
{
	if (!check_keys(x, m, each_keys, "'each'"))
		return -1;
	struct node *en = node_get(m, "each", NULL), *dn = node_get(m, "do", NULL);
	struct node *an = node_get(m, "as", NULL);
	if (!dn) {
		diag_error_at(x->ds->d, m->pairs[0].key->span, "'each' needs 'do': what to make for each row");
		return -1;
	}
	if (en->kind != NODE_SCALAR) {
		diag_error_at(x->ds->d, en->span, "'each' names a table or a list");
		return -1;
	}
	const char *as = "row";
	size_t aslen = 3;
	if (an) {
		if (an->kind != NODE_SCALAR || an->len == 0) {
			diag_error_at(x->ds->d, an->span, "'as' is a name");
			return -1;
		}
		as = an->s;
		aslen = an->len;
	}
	struct value v;
	if (dataset_eval_node(x->ds, en, scope, &v) < 0)
		return -1;
	struct value *all;
	int nall;
	if (rows_of(x, en, scope, &v, &all, &nall) < 0)
		return -1;
	struct rows rows;
	if (select_rows(x, m, all, nall, as, aslen, scope, &rows) < 0)
		return -1;
	for (int i = 0; i < rows.n && !diag_full(x->ds->d); i++) {
		struct scope last = { "last", 4, value_bool(i == rows.n - 1), scope };
		struct scope first = { "first", 5, value_bool(i == 0), &last };
		struct scope index = { "index", 5, value_num(dec_from_int(i + 1)), &first };
		struct scope row = { as, aslen, rows.v[i], &index };
		struct node *done = expand(x, dn, &row);
		if (!done)
			return -1;
		add_done(it, done, dn);
	}
	return 0;
}

static struct node *copy_map_without(struct expander *x, struct node *m, const char *key)
{
	struct node *r = arena_alloc(x->a, sizeof(*r));
	*r = *m;
	r->pairs = arena_array(x->a, (size_t)(m->n ? m->n : 1), sizeof(struct node_pair));
	r->n = 0;
	for (int i = 0; i < m->n; i++)
		if (!is_key(m->pairs[i].key, key))
			r->pairs[r->n++] = m->pairs[i];
	if (r->n > 0)
		r->span = r->pairs[0].key->span;
	return r;
}

static struct node *expand_seq(struct expander *x, struct node *n, struct scope *scope)
{
	struct items it = { 0 };
	bool changed = false;
	for (int i = 0; i < n->n; i++) {
		struct node *item = n->items[i];
		if (diag_full(x->ds->d))
			goto fail;
		if (item->kind == NODE_MAP && node_get(item, "each", NULL)) {
			changed = true;
			/* A loop stops at its first error; the list goes on, so one
			 * run reports the errors of several items. */
			if (expand_each(x, item, scope, &it) < 0)
				x->errors++;
			continue;
		}
		struct node *wn = item->kind == NODE_MAP ? node_get(item, "when", NULL) : NULL;
		if (wn) {
			changed = true;
			bool keep;
			if (wn->kind != NODE_SCALAR) {
				diag_error_at(x->ds->d, wn->span, "'when' is a condition");
				x->errors++;
				continue;
			}
			if (truth(x, wn, scope, &keep) < 0) {
				x->errors++;
				continue;
			}
			if (!keep)
				continue;
			struct node *dn = node_get(item, "do", NULL);
			if (dn) {
				if (item->n != 2) {
					diag_error_at(x->ds->d, item->span, "with 'when' and 'do', an item has no other keys");
					x->errors++;
					continue;
				}
				struct node *done = expand(x, dn, scope);
				if (!done) {
					x->errors++;
					continue;
				}
				add_done(&it, done, dn);
				continue;
			}
			item = copy_map_without(x, item, "when");
		}
		struct node *e = expand(x, item, scope);
		if (!e) {
			x->errors++;
			e = item;
		}
		changed |= e != n->items[i];
		items_add(&it, e);
	}
	if (!changed) {
		free(it.v);
		return n;
	}
	struct node *r = arena_alloc(x->a, sizeof(*r));
	*r = *n;
	r->n = it.n;
	r->items = arena_memdup(x->a, it.v ? (void *)it.v : (void *)&r, (size_t)(it.n ? it.n : 1) * sizeof(*it.v));
	if (it.n > 0 && it.v[0]->span.src)
		r->span = it.v[0]->span;
	free(it.v);
	return r;
fail:
	free(it.v);
	return NULL;
}

/* ---- charts and tables bound to a data file ---- */

static struct dsource *bound_source(struct expander *x, struct node *block)
{
	struct node *dn = node_get(block, "data", NULL);
	if (!dn || dn->kind != NODE_SCALAR)
		return NULL;
	for (int i = 0; i < x->ds->nsrcs; i++)
		if (x->ds->srcs[i].len == dn->len && !memcmp(x->ds->srcs[i].name, dn->s, dn->len))
			return &x->ds->srcs[i];
	return NULL;
}

struct builder {
	struct expander *x;
	struct node *m;
	int alloc;
};

static void put(struct builder *b, const char *key, struct node *v)
{
	struct node *m = b->m;
	if (m->n >= b->alloc) {
		int na = b->alloc ? b->alloc * 2 : 8;
		struct node_pair *p = arena_array(b->x->a, (size_t)na, sizeof(*p));
		if (m->n)
			memcpy(p, m->pairs, (size_t)m->n * sizeof(*p));
		m->pairs = p;
		b->alloc = na;
	}
	m->pairs[m->n].key = new_scalar(b->x, key, strlen(key), v->span, true);
	m->pairs[m->n].value = v;
	m->n++;
}

static struct node *new_seq(struct expander *x, struct items *it, struct span at)
{
	struct node *l = arena_alloc(x->a, sizeof(*l));
	l->kind = NODE_SEQ;
	l->n = it->n;
	l->items = arena_memdup(x->a, it->v ? (void *)it->v : (void *)&l, (size_t)(it->n ? it->n : 1) * sizeof(*it->v));
	l->span = it->n ? it->v[0]->span : at;
	free(it->v);
	memset(it, 0, sizeof(*it));
	return l;
}

/* A cell's node: its text as the data file wrote it (a number in its
 * exact decimal form), — for missing, with the cell's position. */
static struct node *cell_node(struct expander *x, const struct value *v, struct span at)
{
	char *t = value_to_text(v);
	if (!t)
		t = xstrdup("");
	struct node *n = new_scalar(x, t, strlen(t), v->at.src ? v->at : at, v->k != V_STR);
	free(t);
	return n;
}

static const char *const chart_bind_keys[] = { "data", "category", "series", "where", "sort", "limit", NULL };

static int field_value(struct expander *x, struct node *name_node, const char *name, size_t len,
		       struct value *row, struct value *out)
{
	struct ectx cx = { .ds = x->ds, .node = name_node };
	struct expr at = { .off = 0, .len = name_node->len };
	return eval_field(&cx, &at, row, name, len, out);
}

static struct node *bind_chart(struct expander *x, struct node *chart, struct dsource *src,
			       struct scope *scope)
{
	struct dataset *ds = x->ds;
	struct value *all;
	int nall;
	if (rows_of(x, node_get(chart, "data", NULL), scope, &src->root, &all, &nall) < 0)
		return NULL;
	struct rows rows;
	if (select_rows(x, chart, all, nall, "row", 3, scope, &rows) < 0)
		return NULL;
	struct builder b = { x, arena_alloc(x->a, sizeof(struct node)), 0 };
	b.m->kind = NODE_MAP;
	b.m->span = chart->span;
	for (int i = 0; i < chart->n; i++) {
		bool bind = false;
		for (const char *const *k = chart_bind_keys; *k && !bind; k++)
			bind = is_key(chart->pairs[i].key, *k);
		if (!bind) {
			struct node *v = expand(x, chart->pairs[i].value, scope);
			if (!v)
				return NULL;
			put(&b, chart->pairs[i].key->s, v);
		}
	}
	/* Categories: the named column, else the key column. */
	struct node *cn = node_get(chart, "category", NULL);
	struct items cats = { 0 };
	for (int i = 0; i < rows.n; i++) {
		struct value v;
		if (cn) {
			if (cn->kind != NODE_SCALAR || field_value(x, cn, cn->s, cn->len, &rows.v[i], &v) < 0)
				return NULL;
		} else if (rows.v[i].k == V_ROW) {
			struct dtable *t = rows.v[i].t;
			if (table_cell(ds, t, rows.v[i].row, t->key, &v) < 0)
				return NULL;
		} else {
			v = value_num(dec_from_int(i + 1));
		}
		items_add(&cats, cell_node(x, &v, chart->span));
	}
	put(&b, "categories", new_seq(x, &cats, chart->span));
	struct node *sn = node_get(chart, "series", NULL);
	if (!sn || sn->kind != NODE_SEQ || sn->n == 0) {
		diag_error_at(ds->d, sn ? sn->span : chart->span,
			      "a chart bound to data '%s' needs 'series': a list of column names", src->name);
		return NULL;
	}
	struct items series = { 0 };
	for (int k = 0; k < sn->n; k++) {
		struct node *s = sn->items[k], *col = s, *name = NULL, *type = NULL;
		if (s->kind == NODE_MAP) {
			static const char *const keys[] = { "column", "name", "type", NULL };
			if (!check_keys(x, s, keys, "a bound series"))
				return NULL;
			col = node_get(s, "column", NULL);
			name = node_get(s, "name", NULL);
			type = node_get(s, "type", NULL);
		}
		if (!col || col->kind != NODE_SCALAR || node_is_null(col)) {
			diag_error_at(ds->d, s->span, "a bound series names a column: a header of %s", src->name);
			return NULL;
		}
		struct items vals = { 0 };
		for (int i = 0; i < rows.n; i++) {
			struct value v;
			if (field_value(x, col, col->s, col->len, &rows.v[i], &v) < 0) {
				free(vals.v);
				return NULL;
			}
			items_add(&vals, cell_node(x, &v, col->span));
		}
		struct builder sb = { x, arena_alloc(x->a, sizeof(struct node)), 0 };
		sb.m->kind = NODE_MAP;
		sb.m->span = col->span;
		if (!name && src->root.k == V_TABLE) {
			/* The series is named by its header as the file writes it. */
			int c = table_find_col(src->root.t, col->s, col->len);
			if (c >= 0)
				name = new_scalar(x, src->root.t->cols[c].name, src->root.t->cols[c].len,
						  src->root.t->cols[c].at, false);
		}
		put(&sb, "name", name ? expand(x, name, scope) : col);
		put(&sb, "values", new_seq(x, &vals, col->span));
		if (type)
			put(&sb, "type", type);
		items_add(&series, sb.m);
	}
	put(&b, "series", new_seq(x, &series, sn->span));
	return b.m;
}

static const char *const table_bind_keys[] = { "data", "columns", "where", "sort", "limit", NULL };

/* A table column: a header name, or {column|value, header, format}. */
static struct node *bind_table(struct expander *x, struct node *table, struct dsource *src,
			       struct scope *scope)
{
	struct dataset *ds = x->ds;
	struct value *all;
	int nall;
	if (rows_of(x, node_get(table, "data", NULL), scope, &src->root, &all, &nall) < 0)
		return NULL;
	struct rows rows;
	if (select_rows(x, table, all, nall, "row", 3, scope, &rows) < 0)
		return NULL;
	struct builder b = { x, arena_alloc(x->a, sizeof(struct node)), 0 };
	b.m->kind = NODE_MAP;
	b.m->span = table->span;
	for (int i = 0; i < table->n; i++) {
		bool bind = false;
		for (const char *const *k = table_bind_keys; *k && !bind; k++)
			bind = is_key(table->pairs[i].key, *k);
		if (!bind) {
			struct node *v = expand(x, table->pairs[i].value, scope);
			if (!v)
				return NULL;
			put(&b, table->pairs[i].key->s, v);
		}
	}
	struct node *cn = node_get(table, "columns", NULL);
	struct dtable *t = src->root.k == V_TABLE ? src->root.t : NULL;
	int ncols = cn ? (cn->kind == NODE_SEQ ? cn->n : -1) : (t ? t->ncols : -1);
	if (ncols <= 0) {
		diag_error_at(ds->d, cn ? cn->span : table->span,
			      "a table bound to data '%s' needs 'columns': a list of column names", src->name);
		return NULL;
	}
	struct items head = { 0 }, out_rows = { 0 };
	struct node **colv = xcalloc((size_t)ncols, sizeof(*colv)), **valv = xcalloc((size_t)ncols, sizeof(*valv));
	struct expr **fmts = xcalloc((size_t)ncols, sizeof(*fmts));
	struct ectx *fcx = xcalloc((size_t)ncols, sizeof(*fcx));
	struct node *result = NULL;
	for (int c = 0; c < ncols; c++) {
		struct node *spec = cn ? cn->items[c] : NULL, *hdr = NULL;
		if (!spec) {
			colv[c] = new_scalar(x, t->cols[c].name, t->cols[c].len, t->cols[c].at, false);
			hdr = colv[c];
		} else if (spec->kind == NODE_SCALAR) {
			colv[c] = spec;
		} else if (spec->kind == NODE_MAP) {
			static const char *const keys[] = { "column", "value", "header", "format", NULL };
			if (!check_keys(x, spec, keys, "a bound column"))
				goto out;
			colv[c] = node_get(spec, "column", NULL);
			valv[c] = node_get(spec, "value", NULL);
			hdr = node_get(spec, "header", NULL);
			struct node *fm = node_get(spec, "format", NULL);
			if (fm) {
				if (fm->kind != NODE_SCALAR || dataset_parse_node(ds, fm, &fcx[c], &fmts[c]) < 0)
					goto out;
				if (fmts[c]->kind != EX_CALL && fmts[c]->kind != EX_NAME) {
					ectx_error(&fcx[c], fmts[c], "'format' is a formatter such as fixed(1) or pct(1)");
					goto out;
				}
			}
		}
		if ((!colv[c] || colv[c]->kind != NODE_SCALAR) && !valv[c]) {
			diag_error_at(ds->d, spec ? spec->span : table->span,
				      "a bound column names a column of '%s' ('column') or gives a 'value'", src->name);
			goto out;
		}
		if (!hdr) {
			hdr = colv[c];
			if (t && colv[c]) {
				int k = table_find_col(t, colv[c]->s, colv[c]->len);
				if (k >= 0)
					hdr = new_scalar(x, t->cols[k].name, t->cols[k].len, t->cols[k].at, false);
			}
		}
		if (!hdr) {
			diag_error_at(ds->d, spec->span, "a column given by 'value' needs a 'header'");
			goto out;
		}
		struct node *h = expand(x, hdr, scope);
		if (!h)
			goto out;
		items_add(&head, h);
	}
	items_add(&out_rows, new_seq(x, &head, table->span));
	for (int i = 0; i < rows.n; i++) {
		struct items cells = { 0 };
		struct scope row = { "row", 3, rows.v[i], scope };
		for (int c = 0; c < ncols; c++) {
			struct value v;
			if (valv[c]) {
				if (valv[c]->kind != NODE_SCALAR || dataset_eval_node(ds, valv[c], &row, &v) < 0)
					goto cells_fail;
			} else if (field_value(x, colv[c], colv[c]->s, colv[c]->len, &rows.v[i], &v) < 0) {
				goto cells_fail;
			}
			if (fmts[c] && v.k != V_MISSING) {
				/* The format with the cell piped in: fixed(1) is fixed(v, 1). */
				struct expr arg = { .kind = EX_NAME, .name = "_", .nlen = 1 };
				struct expr call = *fmts[c];
				struct expr *args[EXPR_MAX_ARGS];
				args[0] = &arg;
				for (int k = 0; k < fmts[c]->nargs && k + 1 < EXPR_MAX_ARGS; k++)
					args[k + 1] = fmts[c]->args[k];
				call.kind = EX_CALL;
				call.args = args;
				call.nargs = fmts[c]->nargs + 1;
				call.piped = true;
				struct scope us = { "_", 1, v, &row };
				struct ectx cx = fcx[c];
				cx.scope = &us;
				struct value f;
				if (eval_expr(&cx, &call, &f) < 0)
					goto cells_fail;
				f.at = v.at;
				v = f;
			}
			/* A missing cell shows as —, as the statistics tables do. */
			items_add(&cells, cell_node(x, &v, table->span));
		}
		items_add(&out_rows, new_seq(x, &cells, table->span));
		continue;
cells_fail:
		free(cells.v);
		goto out;
	}
	put(&b, "rows", new_seq(x, &out_rows, table->span));
	result = b.m;
out:
	free(head.v);
	free(out_rows.v);
	free(colv);
	free(valv);
	free(fmts);
	free(fcx);
	return result;
}

static struct node *expand_map(struct expander *x, struct node *n, struct scope *scope)
{
	struct node *r = NULL;
	for (int i = 0; i < n->n; i++) {
		struct node *k = n->pairs[i].key, *v = n->pairs[i].value, *e;
		struct dsource *src;
		if (v && v->kind == NODE_MAP && (is_key(k, "chart") || is_key(k, "table")) &&
		    (src = bound_source(x, v)) != NULL)
			e = is_key(k, "chart") ? bind_chart(x, v, src, scope) : bind_table(x, v, src, scope);
		else
			e = v ? expand(x, v, scope) : NULL;
		if (v && !e) {
			x->errors++;
			e = v;
		}
		if (e != v && !r) {
			r = arena_alloc(x->a, sizeof(*r));
			*r = *n;
			r->pairs = arena_memdup(x->a, n->pairs, (size_t)n->n * sizeof(*n->pairs));
		}
		if (r)
			r->pairs[i].value = e;
	}
	return r ? r : n;
}

_Static_assert(LIMIT_EXPANSION == 1000000, "update the message of expand");

static struct node *expand(struct expander *x, struct node *n, struct scope *scope)
{
	if (!n)
		return NULL;
	if (diag_full(x->ds->d))
		return NULL;
	/* Loops inside loops multiply: three nested each: over 2,000 rows
	 * would make 8 billion nodes. Every node made or looked at counts. */
	if (++x->visits > LIMIT_EXPANSION) {
		if (x->visits == LIMIT_EXPANSION + 1)
			diag_error_at(x->ds->d, n->span,
				      "each: and ${…} make more than 1,000,000 values here (loops inside "
				      "loops multiply); a report may expand to at most that many");
		return NULL;
	}
	switch (n->kind) {
	case NODE_SCALAR:
		return expand_scalar(x, n, scope);
	case NODE_SEQ:
		return expand_seq(x, n, scope);
	case NODE_MAP:
		return expand_map(x, n, scope);
	}
	return n;
}

struct node *dataset_expand(struct dataset *ds, struct node *root, struct arena *a)
{
	struct expander x = { ds, a, 0, 0 };
	if (!root || root->kind != NODE_MAP)
		return root;
	/* vars, data, computed and checks are read by dataset_open, not here. */
	struct node *r = arena_alloc(a, sizeof(*r));
	*r = *root;
	r->pairs = arena_array(a, (size_t)(root->n ? root->n : 1), sizeof(*r->pairs));
	r->n = 0;
	int errors = ds->d->errors;
	for (int i = 0; i < root->n; i++) {
		struct node *k = root->pairs[i].key;
		if (is_key(k, "vars") || is_key(k, "data") || is_key(k, "computed") || is_key(k, "checks"))
			continue;
		struct node *v = root->pairs[i].value;
		struct node *e = v ? expand(&x, v, NULL) : NULL;
		if (v && !e)
			x.errors++;
		r->pairs[r->n++] = (struct node_pair){ k, e ? e : v };
	}
	return ds->d->errors > errors || x.errors ? NULL : r;
}
