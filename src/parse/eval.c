/* eval.c — evaluating report expressions (data.h): names, paths into
 * data, exact arithmetic, comparisons, and/or/not, ?:, ??, calls. A value
 * can be missing (an empty cell, a dash, an absent optional file, a
 * division by zero): arithmetic on it gives missing, ?? replaces it, and
 * only when it reaches the output is it printed as — with a warning. */
#include "parse/data.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/numfmt.h"
#include "model/document.h"

/* ---- values ---- */

struct value value_missing(const char *why)
{
	return (struct value){ .k = V_MISSING, .s = why };
}

struct value value_num(struct dec n)
{
	return (struct value){ .k = V_NUM, .n = n };
}

struct value value_str(const char *s, size_t len)
{
	return (struct value){ .k = V_STR, .s = s, .len = len };
}

struct value value_bool(bool b)
{
	return (struct value){ .k = V_BOOL, .b = b };
}

struct value value_month(int y, int m)
{
	while (m < 1)
		m += 12, y--;
	while (m > 12)
		m -= 12, y++;
	return (struct value){ .k = V_MONTH, .y = y, .m = m };
}

struct value value_date(int y, int m, int d)
{
	return (struct value){ .k = V_DATE, .y = y, .m = m, .d = d };
}

const char *value_kind_name(const struct value *v)
{
	switch (v->k) {
	case V_MISSING:
		return "missing";
	case V_BOOL:
		return "true or false";
	case V_NUM:
		return "a number";
	case V_STR:
		return "text";
	case V_DATE:
		return "a date";
	case V_MONTH:
		return "a month";
	case V_LIST:
		return "a list";
	case V_TABLE:
		return "a table";
	case V_ROW:
		return "a row";
	case V_RECORD:
		return "a mapping";
	}
	return "?";
}

int days_in_month_(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

bool parse_month(const char *s, size_t len, int *y, int *m)
{
	if (len != 7 || s[4] != '-' || !digits(s, 4) || !digits(s + 5, 2))
		return false;
	*y = atoi(s);
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	return *y >= 1900 && *y <= 9999 && *m >= 1 && *m <= 12;
}

bool parse_date(const char *s, size_t len, int *y, int *m, int *d)
{
	if (len != 10 || s[7] != '-' || !parse_month(s, 7, y, m) || !digits(s + 8, 2))
		return false;
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	return *d >= 1 && *d <= days_in_month_(*y, *m);
}

char *value_to_text(const struct value *v)
{
	char buf[DEC_STR_MAX];
	switch (v->k) {
	case V_MISSING:
		return xstrdup("\xE2\x80\x94");
	case V_BOOL:
		return xstrdup(v->b ? "true" : "false");
	case V_NUM:
		return xstrdup(dec_to_str(dec_trim(v->n), buf));
	case V_STR:
		return xstrndup(v->s, v->len);
	case V_DATE:
		return xasprintf("%04d-%02d-%02d", v->y, v->m, v->d);
	case V_MONTH:
		return xasprintf("%04d-%02d", v->y, v->m);
	case V_LIST: {
		struct buf b;
		buf_init(&b);
		for (int i = 0; i < v->list->n; i++) {
			char *t = value_to_text(&v->list->v[i]);
			buf_addf(&b, "%s%s", i ? "\xE3\x80\x81" : "", t);
			free(t);
		}
		return buf_detach(&b, NULL);
	}
	default:
		return NULL;
	}
}

/* ---- tables ---- */

/* Trim blanks (and the ideographic space) at both ends. */
static void trim(const char **s, size_t *len)
{
	for (;;) {
		if (*len && ((*s)[0] == ' ' || (*s)[0] == '\t'))
			(*s)++, (*len)--;
		else if (*len >= 3 && !memcmp(*s, "\xE3\x80\x80", 3))
			*s += 3, *len -= 3;
		else
			break;
	}
	for (;;) {
		if (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' || (*s)[*len - 1] == '\r'))
			(*len)--;
		else if (*len >= 3 && !memcmp(*s + *len - 3, "\xE3\x80\x80", 3))
			*len -= 3;
		else
			break;
	}
}

int table_find_row(const struct dtable *t, const char *key, size_t len)
{
	trim(&key, &len);
	for (int r = 0; r < t->nrows; r++)
		if (t->keylens[r] == len && !memcmp(t->keys[r], key, len))
			return r;
	return -1;
}

int table_find_col(const struct dtable *t, const char *name, size_t len)
{
	trim(&name, &len);
	for (int c = 0; c < t->ncols; c++)
		if (t->cols[c].len == len && !memcmp(t->cols[c].name, name, len))
			return c;
	int found = -1;
	for (int c = 0; c < t->ncols; c++)
		if (t->cols[c].blen == len && !memcmp(t->cols[c].base, name, len)) {
			if (found >= 0)
				return -2; /* two columns share the name without unit */
			found = c;
		}
	return found;
}

struct value value_of_node(struct arena *a, struct node *n)
{
	struct value v = { 0 };
	if (!n || node_is_null(n))
		return value_missing("null in the data file");
	v.at = n->span;
	if (n->kind == NODE_MAP) {
		v.k = V_RECORD;
		v.node = n;
		return v;
	}
	if (n->kind == NODE_SEQ) {
		v.k = V_LIST;
		v.list = arena_alloc(a, sizeof(*v.list));
		v.list->n = n->n;
		v.list->v = arena_array(a, (size_t)(n->n ? n->n : 1), sizeof(struct value));
		for (int i = 0; i < n->n; i++)
			v.list->v[i] = value_of_node(a, n->items[i]);
		return v;
	}
	if (n->plain) {
		if (n->len == 4 && !memcmp(n->s, "true", 4))
			return (struct value){ .k = V_BOOL, .b = true, .at = n->span };
		if (n->len == 5 && !memcmp(n->s, "false", 5))
			return (struct value){ .k = V_BOOL, .b = false, .at = n->span };
		if (dec_parse(n->s, n->len, &v.n) == 0) {
			v.k = V_NUM;
			return v;
		}
	}
	v.k = V_STR;
	v.s = n->s;
	v.len = n->len;
	return v;
}

int table_cell(struct dataset *ds, struct dtable *t, int row, int col, struct value *out)
{
	size_t i = (size_t)row * (size_t)t->ncols + (size_t)col;
	if (t->made[i]) {
		*out = t->vals[i];
		return 0;
	}
	const struct dcell *c = &t->cells[i];
	struct value v = { 0 };
	if (c->node) {
		v = value_of_node(&ds->arena, c->node);
	} else if (c->typed) {
		v = value_str(c->s, c->len);
	} else {
		size_t moff, mlen;
		switch (number_read_cell(c->s, c->len, &v.n, &moff, &mlen)) {
		case CELL_NUMBER:
			v.k = V_NUM;
			if (mlen) {
				/* The rule of docs/data.md: the number is kept, and
				 * the marker is said (an error with --strict). */
				struct span at = c->at;
#define MARKER_MSG "footnote marker '%.*s' after a number: read as %.*s"
				int numlen = (int)moff;
				if (ds->opts.strict) {
					diag_error_at(ds->d, at, MARKER_MSG " (--strict makes this an error)",
						      (int)mlen, c->s + moff, numlen, c->s);
					return -1;
				}
				diag_warning_at(ds->d, at, MARKER_MSG, (int)mlen, c->s + moff, numlen, c->s);
#undef MARKER_MSG
			}
			break;
		case CELL_MISSING:
			v.k = V_MISSING;
			v.s = c->len ? "a dash: not available" : "an empty cell";
			break;
		case CELL_TEXT:
			v = value_str(c->s, c->len);
			break;
		}
	}
	v.at = c->at;
	t->vals[i] = v;
	t->made[i] = true;
	*out = v;
	return 0;
}

/* ---- positions and messages ---- */

struct span ectx_span(const struct ectx *cx, size_t off, size_t len)
{
	if (cx->direct.src)
		return span_at(cx->direct.src, cx->direct.off + off, len);
	if (!cx->node || !cx->node->span.src)
		return span_none();
	/* A scalar's text is a subsequence of its source: find the first and
	 * the last character of the range there. */
	struct text t = { .s = cx->node->s, .len = cx->node->len, .span = cx->node->span };
	struct span a = text_span_at(&t, cx->base + off);
	if (len <= 1)
		return a;
	size_t last = cx->base + off + len - 1;
	while (last > cx->base + off && ((unsigned char)t.s[last] & 0xC0) == 0x80)
		last--;
	struct span b = text_span_at(&t, last);
	if (b.src == a.src && b.off >= a.off)
		a.len = b.off + b.len - a.off;
	return a;
}

void ectx_error(const struct ectx *cx, const struct expr *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_verror_at(cx->ds->d, ectx_span(cx, e ? e->off : 0, e ? e->len : 0), fmt, ap);
	va_end(ap);
}

void ectx_warning(const struct ectx *cx, const struct expr *e, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_warning_at(cx->ds->d, ectx_span(cx, e ? e->off : 0, e ? e->len : 0), "%s", msg);
}

/* Where a value came from, as a note. */
static void note_origin(const struct ectx *cx, const struct value *v)
{
	if (v->at.src)
		diag_note_at(cx->ds->d, v->at, "the value comes from here");
}

int eval_missing_used(struct ectx *cx, const struct expr *e, const struct value *v)
{
	if (cx->quiet)
		return 0;
	const char *why = v->s ? v->s : "no value";
	int line = 0, col = 0;
	char where[300] = "";
	if (v->at.src) {
		span_line_col(&v->at, &line, &col);
		snprintf(where, sizeof(where), " at %s:%d:%d", v->at.src->path, line, col);
	}
	if (cx->ds->opts.strict) {
		ectx_error(cx, e, "this value is missing (%s%s); with --strict that is an error", why,
			   where);
		return -1;
	}
	ectx_warning(cx, e, "this value is missing (%s%s): printed as \xE2\x80\x94; write ?? to give another",
		     why, where);
	return 0;
}

/* ---- "did you mean" ---- */

static int edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
	int ca[64], cb[64], n = 0, m = 0;
	for (size_t i = 0; i < la && n < 64;)
		ca[n++] = utf8_next(a, la, &i);
	for (size_t i = 0; i < lb && m < 64;)
		cb[m++] = utf8_next(b, lb, &i);
	/* Optimal string alignment: a swap of two neighbours costs one. */
	int pp[65], prev[65], cur[65];
	for (int j = 0; j <= m; j++)
		prev[j] = j;
	for (int i = 1; i <= n; i++) {
		cur[0] = i;
		for (int j = 1; j <= m; j++) {
			int sub = prev[j - 1] + (ca[i - 1] != cb[j - 1]);
			int del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
			if (i > 1 && j > 1 && ca[i - 1] == cb[j - 2] && ca[i - 2] == cb[j - 1] &&
			    pp[j - 2] + 1 < cur[j])
				cur[j] = pp[j - 2] + 1;
		}
		memcpy(pp, prev, sizeof(int) * (size_t)(m + 1));
		memcpy(prev, cur, sizeof(int) * (size_t)(m + 1));
	}
	return prev[m];
}

const char *suggest(const char *word, size_t len, const char *const *cands, const size_t *lens,
		    int n)
{
	int best = 1 << 30, at = -1;
	size_t wc = utf8_count(word, len);
	for (int i = 0; i < n; i++) {
		int d = edit_distance(word, len, cands[i], lens[i]);
		if (d < best) {
			best = d;
			at = i;
		}
	}
	/* Close enough: a third of the characters, at least one. */
	int limit = (int)(wc / 3 > 1 ? wc / 3 : 1);
	if (wc >= 4 && limit < 2)
		limit = 2;
	return at >= 0 && best <= limit && best > 0 ? cands[at] : NULL;
}

/* Names collected for a suggestion. */
struct names {
	const char **s;
	size_t *len;
	int n, alloc, lalloc;
};

static void names_add(struct names *nm, const char *s, size_t len)
{
	GROW(nm->s, nm->n, nm->alloc);
	GROW(nm->len, nm->n, nm->lalloc);
	nm->s[nm->n] = s;
	nm->len[nm->n++] = len;
}

static void names_release(struct names *nm)
{
	free(nm->s);
	free(nm->len);
}

static const char *did_you_mean(struct names *nm, const char *w, size_t len, char *buf, size_t n)
{
	const char *s = suggest(w, len, nm->s, nm->len, nm->n);
	if (s)
		snprintf(buf, n, " (did you mean '%s'?)", s);
	else
		buf[0] = '\0';
	names_release(nm);
	return buf;
}

/* ---- names and paths ---- */

static int eval_computed(struct ectx *cx, struct computed *c, const struct expr *at,
			 struct value *out);

static int lookup(struct ectx *cx, const struct expr *e, struct value *out)
{
	struct dataset *ds = cx->ds;
	for (struct scope *s = cx->scope; s; s = s->up)
		if (s->len == e->nlen && !memcmp(s->name, e->name, e->nlen)) {
			*out = s->v;
			return 0;
		}
	for (int i = 0; i < ds->ncomp; i++)
		if (ds->comp[i].len == e->nlen && !memcmp(ds->comp[i].name, e->name, e->nlen))
			return eval_computed(cx, &ds->comp[i], e, out);
	for (int i = 0; i < ds->nvars; i++)
		if (ds->vars[i].len == e->nlen && !memcmp(ds->vars[i].name, e->name, e->nlen)) {
			*out = ds->vars[i].val;
			return 0;
		}
	for (int i = 0; i < ds->nsrcs; i++)
		if (ds->srcs[i].len == e->nlen && !memcmp(ds->srcs[i].name, e->name, e->nlen)) {
			*out = ds->srcs[i].root;
			return 0;
		}
	struct names nm = { 0 };
	for (struct scope *s = cx->scope; s; s = s->up)
		names_add(&nm, s->name, s->len);
	for (int i = 0; i < ds->ncomp; i++)
		names_add(&nm, ds->comp[i].name, ds->comp[i].len);
	for (int i = 0; i < ds->nvars; i++)
		names_add(&nm, ds->vars[i].name, ds->vars[i].len);
	for (int i = 0; i < ds->nsrcs; i++)
		names_add(&nm, ds->srcs[i].name, ds->srcs[i].len);
	char buf[160];
	ectx_error(cx, e, "unknown name '%.*s'%s", (int)e->nlen, e->name,
		   did_you_mean(&nm, e->name, e->nlen, buf, sizeof(buf)));
	return -1;
}

static int eval_computed(struct ectx *cx, struct computed *c, const struct expr *at,
			 struct value *out)
{
	if (c->state == 2) {
		*out = c->val;
		return 0;
	}
	if (c->state == 1) {
		ectx_error(cx, at, "'%s' is computed from itself (a cycle in 'computed')", c->name);
		return -1;
	}
	if (c->state == -1)
		return -1;
	c->state = 1;
	struct value v;
	int rc = dataset_eval_node(cx->ds, c->n, NULL, &v);
	c->state = rc < 0 ? -1 : 2;
	c->val = v;
	*out = v;
	return rc;
}

static int field_of_table(struct ectx *cx, const struct expr *e, struct dtable *t, const char *name,
			  size_t len, bool rows_only, struct value *out)
{
	int r = table_find_row(t, name, len);
	int c = rows_only ? -1 : table_find_col(t, name, len);
	if (r >= 0 && c >= 0) {
		ectx_error(cx, e,
			   "'%.*s' is both a row and a column of '%s': write %s[\"%.*s\"] for the row or column(%s, \"%.*s\") for the column",
			   (int)len, name, t->name, t->name, (int)len, name, t->name, (int)len, name);
		return -1;
	}
	if (r >= 0) {
		*out = (struct value){ .k = V_ROW, .t = t, .row = r };
		return 0;
	}
	if (c >= 0) {
		struct vlist *l = arena_alloc(&cx->ds->arena, sizeof(*l));
		l->n = t->nrows;
		l->v = arena_array(&cx->ds->arena, (size_t)(t->nrows ? t->nrows : 1), sizeof(struct value));
		for (int i = 0; i < t->nrows; i++)
			if (table_cell(cx->ds, t, i, c, &l->v[i]) < 0)
				return -1;
		*out = (struct value){ .k = V_LIST, .list = l };
		return 0;
	}
	if (c == -2) {
		ectx_error(cx, e, "'%.*s' names two columns of '%s'; write the whole header", (int)len,
			   name, t->name);
		return -1;
	}
	struct names nm = { 0 };
	for (int i = 0; i < t->nrows; i++)
		names_add(&nm, t->keys[i], t->keylens[i]);
	if (!rows_only)
		for (int i = 0; i < t->ncols; i++)
			names_add(&nm, t->cols[i].name, t->cols[i].len);
	char buf[200];
	ectx_error(cx, e, "'%s' has no %s '%.*s'%s", t->name, rows_only ? "row" : "row or column",
		   (int)len, name, did_you_mean(&nm, name, len, buf, sizeof(buf)));
	return -1;
}

static int field_of_row(struct ectx *cx, const struct expr *e, struct dtable *t, int row,
			const char *name, size_t len, struct value *out)
{
	int c = table_find_col(t, name, len);
	if (c >= 0)
		return table_cell(cx->ds, t, row, c, out);
	if (c == -2) {
		ectx_error(cx, e, "'%.*s' names two columns of '%s'; write the whole header", (int)len,
			   name, t->name);
		return -1;
	}
	struct names nm = { 0 };
	for (int i = 0; i < t->ncols; i++) {
		names_add(&nm, t->cols[i].name, t->cols[i].len);
		if (t->cols[i].blen != t->cols[i].len)
			names_add(&nm, t->cols[i].base, t->cols[i].blen);
	}
	char buf[200];
	ectx_error(cx, e, "'%s' has no column '%.*s'%s", t->name, (int)len, name,
		   did_you_mean(&nm, name, len, buf, sizeof(buf)));
	return -1;
}

static int field_of_record(struct ectx *cx, const struct expr *e, struct node *map,
			   const char *name, size_t len, struct value *out)
{
	for (int i = 0; i < map->n; i++) {
		struct node *k = map->pairs[i].key;
		if (k->kind == NODE_SCALAR && k->len == len && !memcmp(k->s, name, len)) {
			*out = value_of_node(&cx->ds->arena, map->pairs[i].value);
			if (!out->at.src)
				out->at = k->span;
			return 0;
		}
	}
	struct names nm = { 0 };
	for (int i = 0; i < map->n; i++)
		if (map->pairs[i].key->kind == NODE_SCALAR)
			names_add(&nm, map->pairs[i].key->s, map->pairs[i].key->len);
	char buf[200];
	ectx_error(cx, e, "the mapping has no key '%.*s'%s", (int)len, name,
		   did_you_mean(&nm, name, len, buf, sizeof(buf)));
	return -1;
}

static int field(struct ectx *cx, const struct expr *e, struct value *v, const char *name,
		 size_t len, struct value *out);

/* .name of each item of a list: a column of rows. */
static int field_of_list(struct ectx *cx, const struct expr *e, struct vlist *l, const char *name,
			 size_t len, struct value *out)
{
	struct vlist *r = arena_alloc(&cx->ds->arena, sizeof(*r));
	r->n = l->n;
	r->v = arena_array(&cx->ds->arena, (size_t)(l->n ? l->n : 1), sizeof(struct value));
	for (int i = 0; i < l->n; i++)
		if (field(cx, e, &l->v[i], name, len, &r->v[i]) < 0)
			return -1;
	*out = (struct value){ .k = V_LIST, .list = r };
	return 0;
}

#define IS(lit) (len == strlen(lit) && !memcmp(name, lit, len))

static int field(struct ectx *cx, const struct expr *e, struct value *v, const char *name,
		 size_t len, struct value *out)
{
	switch (v->k) {
	case V_MISSING:
		*out = *v; /* a path into an absent file stays missing */
		return 0;
	case V_TABLE:
		return field_of_table(cx, e, v->t, name, len, false, out);
	case V_ROW:
		return field_of_row(cx, e, v->t, v->row, name, len, out);
	case V_RECORD:
		return field_of_record(cx, e, v->node, name, len, out);
	case V_LIST:
		return field_of_list(cx, e, v->list, name, len, out);
	case V_MONTH:
		if (IS("year"))
			*out = value_num(dec_from_int(v->y));
		else if (IS("month"))
			*out = value_num(dec_from_int(v->m));
		else if (IS("quarter"))
			*out = value_num(dec_from_int((v->m + 2) / 3));
		else if (IS("prev"))
			*out = value_month(v->y, v->m - 1);
		else if (IS("next"))
			*out = value_month(v->y, v->m + 1);
		else if (IS("yoy"))
			*out = value_month(v->y - 1, v->m);
		else if (IS("first"))
			*out = value_month(v->y, 1);
		else if (IS("start"))
			*out = value_date(v->y, v->m, 1);
		else if (IS("end"))
			*out = value_date(v->y, v->m, days_in_month_(v->y, v->m));
		else if (IS("days"))
			*out = value_num(dec_from_int(days_in_month_(v->y, v->m)));
		else
			break;
		return 0;
	case V_DATE:
		if (IS("year"))
			*out = value_num(dec_from_int(v->y));
		else if (IS("month"))
			*out = value_num(dec_from_int(v->m));
		else if (IS("day"))
			*out = value_num(dec_from_int(v->d));
		else if (IS("period"))
			*out = value_month(v->y, v->m);
		else
			break;
		return 0;
	default:
		break;
	}
	static const char *const month_fields[] = { "year", "month", "quarter", "prev", "next", "yoy",
						    "first", "start", "end", "days" };
	static const char *const date_fields[] = { "year", "month", "day", "period" };
	if (v->k == V_MONTH || v->k == V_DATE) {
		const char *const *f = v->k == V_MONTH ? month_fields : date_fields;
		int n = v->k == V_MONTH ? (int)ARRAY_LEN(month_fields) : (int)ARRAY_LEN(date_fields);
		struct names nm = { 0 };
		for (int i = 0; i < n; i++)
			names_add(&nm, f[i], strlen(f[i]));
		char buf[160];
		ectx_error(cx, e, "%s has no field '%.*s'%s", value_kind_name(v), (int)len, name,
			   did_you_mean(&nm, name, len, buf, sizeof(buf)));
		return -1;
	}
	ectx_error(cx, e, "%s has no field '%.*s'", value_kind_name(v), (int)len, name);
	note_origin(cx, v);
	return -1;
}

#undef IS

int eval_field(struct ectx *cx, const struct expr *at, struct value *v, const char *name,
	       size_t len, struct value *out)
{
	return field(cx, at, v, name, len, out);
}

static int index_value(struct ectx *cx, const struct expr *e, struct value *v, struct value *ix,
		       struct value *out)
{
	if (v->k == V_MISSING) {
		*out = *v;
		return 0;
	}
	if (ix->k == V_STR) {
		if (v->k == V_TABLE)
			return field_of_table(cx, e, v->t, ix->s, ix->len, true, out);
		return field(cx, e, v, ix->s, ix->len, out);
	}
	long long i;
	if (ix->k == V_NUM && v->k == V_TABLE && dec_to_ll(ix->n, &i)) {
		/* t[1] is the first row, t[-1] the last. */
		int n = v->t->nrows;
		long long k = i > 0 ? i - 1 : n + i;
		if (i == 0 || k < 0 || k >= n) {
			ectx_error(cx, e, "row %lld of a table of %d rows (the first is 1, the last -1)", i, n);
			return -1;
		}
		*out = (struct value){ .k = V_ROW, .t = v->t, .row = (int)k };
		return 0;
	}
	if (ix->k == V_NUM && v->k == V_LIST && dec_to_ll(ix->n, &i)) {
		int n = v->list->n;
		long long k = i > 0 ? i - 1 : n + i;
		if (i == 0 || k < 0 || k >= n) {
			ectx_error(cx, e, "item %lld of a list of %d (the first is 1, the last -1)", i, n);
			return -1;
		}
		*out = v->list->v[k];
		return 0;
	}
	ectx_error(cx, e, "cannot index %s with %s", value_kind_name(v), value_kind_name(ix));
	return -1;
}

/* ---- operators ---- */

static int want_num(struct ectx *cx, const struct expr *e, const struct expr *side,
		    const struct value *v, const char *what)
{
	if (v->k == V_NUM)
		return 0;
	if (v->k == V_STR)
		ectx_error(cx, side, "%s needs numbers; this is text '%.*s'", what,
			   (int)(v->len > 40 ? 40 : v->len), v->s);
	else
		ectx_error(cx, side, "%s needs numbers; this is %s", what, value_kind_name(v));
	note_origin(cx, v);
	return -1;
}

static int arith(struct ectx *cx, const struct expr *e, struct value *a, struct value *b,
		 struct value *out)
{
	static const char *const what[] = { "'+'", "'-'", "'*'", "'/'" };
	/* A month moves by whole months: period - 1 is the month before. */
	long long k;
	if (a->k == V_MONTH && b->k == V_NUM && (e->op == OP_ADD || e->op == OP_SUB) &&
	    dec_to_ll(b->n, &k) && k > -120000 && k < 120000) {
		*out = value_month(a->y, a->m + (int)(e->op == OP_ADD ? k : -k));
		return 0;
	}
	if (a->k == V_MONTH && b->k == V_MONTH && e->op == OP_SUB) {
		*out = value_num(dec_from_int((a->y - b->y) * 12LL + (a->m - b->m)));
		return 0;
	}
	if (a->k == V_MISSING) {
		*out = *a;
		return 0;
	}
	if (b->k == V_MISSING) {
		*out = *b;
		return 0;
	}
	if (want_num(cx, e, e->a, a, what[e->op]) < 0 || want_num(cx, e, e->b, b, what[e->op]) < 0)
		return -1;
	int rc;
	struct dec r;
	switch (e->op) {
	case OP_ADD:
		rc = dec_add(a->n, b->n, &r);
		break;
	case OP_SUB:
		rc = dec_sub(a->n, b->n, &r);
		break;
	case OP_MUL:
		rc = dec_mul(a->n, b->n, &r);
		break;
	default:
		rc = dec_div(a->n, b->n, &r);
		break;
	}
	if (rc == DEC_DIV_ZERO) {
		*out = value_missing("division by zero");
		return 0;
	}
	if (rc < 0) {
		ectx_error(cx, e, "the result has more than 37 digits");
		return -1;
	}
	*out = value_num(r);
	return 0;
}

static int compare(struct ectx *cx, const struct expr *e, struct value *a, struct value *b,
		   struct value *out)
{
	/* x == null asks whether x is missing. */
	if (e->a->kind == EX_NULL || e->b->kind == EX_NULL) {
		bool m = (e->a->kind == EX_NULL ? b : a)->k == V_MISSING;
		if (e->op == OP_EQ || e->op == OP_NE) {
			*out = value_bool(e->op == OP_EQ ? m : !m);
			return 0;
		}
	}
	if (a->k == V_MISSING || b->k == V_MISSING) {
		*out = a->k == V_MISSING ? *a : *b;
		return 0;
	}
	int c;
	if (a->k == V_NUM && b->k == V_NUM) {
		c = dec_cmp(a->n, b->n);
	} else if (a->k == V_STR && b->k == V_STR) {
		size_t n = a->len < b->len ? a->len : b->len;
		c = memcmp(a->s, b->s, n);
		if (!c)
			c = a->len < b->len ? -1 : a->len > b->len;
	} else if ((a->k == V_MONTH || a->k == V_DATE) && a->k == b->k) {
		long x = a->y * 400L + a->m * 32L + a->d, y = b->y * 400L + b->m * 32L + b->d;
		c = x < y ? -1 : x > y;
	} else if (a->k == V_BOOL && b->k == V_BOOL && (e->op == OP_EQ || e->op == OP_NE)) {
		c = a->b != b->b;
	} else if ((a->k == V_MONTH || a->k == V_DATE) && b->k == V_STR) {
		/* period == "2025-03" */
		char *t = value_to_text(a);
		c = strlen(t) == b->len && !memcmp(t, b->s, b->len) ? 0 : 1;
		free(t);
		if (e->op != OP_EQ && e->op != OP_NE) {
			ectx_error(cx, e, "compare a month with a month: write month(\"%.*s\")", (int)b->len, b->s);
			return -1;
		}
	} else {
		ectx_error(cx, e, "cannot compare %s with %s", value_kind_name(a), value_kind_name(b));
		note_origin(cx, a->k == V_NUM ? b : a);
		return -1;
	}
	bool r = false;
	switch (e->op) {
	case OP_EQ: r = c == 0; break;
	case OP_NE: r = c != 0; break;
	case OP_LT: r = c < 0; break;
	case OP_LE: r = c <= 0; break;
	case OP_GT: r = c > 0; break;
	case OP_GE: r = c >= 0; break;
	default: break;
	}
	*out = value_bool(r);
	return 0;
}

static int want_bool(struct ectx *cx, const struct expr *e, const struct value *v, const char *what)
{
	if (v->k == V_BOOL || v->k == V_MISSING)
		return 0;
	ectx_error(cx, e, "%s needs true or false; this is %s", what, value_kind_name(v));
	note_origin(cx, v);
	return -1;
}

int eval_expr(struct ectx *cx, const struct expr *e, struct value *out)
{
	struct value a, b;
	cx->ds->evals++;
	switch (e->kind) {
	case EX_NUM:
		*out = value_num(e->num);
		return 0;
	case EX_STR:
		*out = value_str(e->name, e->nlen);
		return 0;
	case EX_BOOL:
		*out = value_bool(e->truth);
		return 0;
	case EX_NULL:
		*out = value_missing("null");
		return 0;
	case EX_NAME:
		return lookup(cx, e, out);
	case EX_FIELD: {
		if (eval_expr(cx, e->a, &a) < 0)
			return -1;
		/* The message points at the field's name. */
		struct expr at = *e;
		at.off = e->name_off;
		at.len = e->nlen;
		return field(cx, &at, &a, e->name, e->nlen, out);
	}
	case EX_INDEX:
		if (eval_expr(cx, e->a, &a) < 0 || eval_expr(cx, e->b, &b) < 0)
			return -1;
		return index_value(cx, e->b, &a, &b, out);
	case EX_CALL: {
		const struct builtin *f = builtin_find(e->name, e->nlen);
		struct expr at = *e;
		at.off = e->name_off;
		at.len = e->nlen;
		if (!f) {
			int n;
			const struct builtin *all = builtin_all(&n);
			struct names nm = { 0 };
			for (int i = 0; i < n; i++)
				names_add(&nm, all[i].name, strlen(all[i].name));
			char buf[160];
			ectx_error(cx, &at, "unknown function '%.*s'%s", (int)e->nlen, e->name,
				   did_you_mean(&nm, e->name, e->nlen, buf, sizeof(buf)));
			return -1;
		}
		if (e->nargs < f->min || e->nargs > f->max) {
			if (f->min == f->max)
				ectx_error(cx, &at, "%s takes %d argument%s%s; %s", f->name, f->min,
					   f->min == 1 ? "" : "s", e->piped ? " (the piped value counts)" : "", f->doc);
			else
				ectx_error(cx, &at, "%s takes %d to %d arguments%s; %s", f->name, f->min,
					   f->max, e->piped ? " (the piped value counts)" : "", f->doc);
			return -1;
		}
		struct value args[EXPR_MAX_ARGS];
		for (int i = 0; i < e->nargs; i++)
			if (eval_expr(cx, e->args[i], &args[i]) < 0)
				return -1;
		return f->fn(cx, e, args, e->nargs, out);
	}
	case EX_NEG:
		if (eval_expr(cx, e->a, &a) < 0)
			return -1;
		if (a.k == V_MISSING) {
			*out = a;
			return 0;
		}
		if (want_num(cx, e, e->a, &a, "'-'") < 0)
			return -1;
		*out = value_num(dec_neg(a.n));
		return 0;
	case EX_NOT:
		if (eval_expr(cx, e->a, &a) < 0 || want_bool(cx, e->a, &a, "'not'") < 0)
			return -1;
		*out = a.k == V_MISSING ? a : value_bool(!a.b);
		return 0;
	case EX_BINARY:
		if (eval_expr(cx, e->a, &a) < 0 || eval_expr(cx, e->b, &b) < 0)
			return -1;
		return e->op <= OP_DIV ? arith(cx, e, &a, &b, out) : compare(cx, e, &a, &b, out);
	case EX_AND:
	case EX_OR: {
		const char *w = e->kind == EX_AND ? "'and'" : "'or'";
		if (eval_expr(cx, e->a, &a) < 0 || want_bool(cx, e->a, &a, w) < 0)
			return -1;
		if (a.k == V_BOOL && a.b == (e->kind == EX_OR)) {
			*out = a;
			return 0;
		}
		if (eval_expr(cx, e->b, &b) < 0 || want_bool(cx, e->b, &b, w) < 0)
			return -1;
		*out = a.k == V_MISSING ? a : b;
		return 0;
	}
	case EX_COND:
		if (eval_expr(cx, e->a, &a) < 0 || want_bool(cx, e->a, &a, "'?:'") < 0)
			return -1;
		if (a.k == V_MISSING) {
			*out = a;
			return 0;
		}
		return eval_expr(cx, a.b ? e->b : e->c, out);
	case EX_COALESCE:
		if (eval_expr(cx, e->a, &a) < 0)
			return -1;
		if (a.k != V_MISSING) {
			*out = a;
			return 0;
		}
		return eval_expr(cx, e->b, out);
	}
	return -1;
}
