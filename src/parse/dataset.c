/* dataset.c — a report's variables, data files, computed values and
 * checks (data.h, docs/data.md): typed variables set from defaults,
 * --vars files and --var; data files whose paths may use variables, read
 * into tables with a key column; computed values evaluated on first use;
 * checks run after the report is expanded. */
#include "parse/data.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/input.h"
#include "base/numfmt.h"
#include "base/sha256.h"
#include "parse/csv.h"

static const char *const type_names[] = { "string", "number", "integer", "date", "month", "bool" };

static bool same(const char *a, size_t la, const char *b)
{
	return strlen(b) == la && !memcmp(a, b, la);
}

/* A name usable in expressions: what the expression parser reads as one. */
static bool valid_name(struct dataset *ds, const char *s, size_t len)
{
	struct expr_error err;
	struct arena a;
	arena_init(&a);
	struct expr *e = expr_parse(s, len, &a, &err);
	bool ok = e && e->kind == EX_NAME && e->nlen == len;
	arena_release(&a);
	(void)ds;
	return ok;
}

/* Convert text to a variable's type. Returns 0, or -1 with a reason. */
static int convert(struct dataset *ds, enum var_type t, const char *s, size_t len, struct value *v,
		   const char **why)
{
	int y, m, d;
	switch (t) {
	case VT_STRING:
		*v = value_str(arena_strndup(&ds->arena, s, len), len);
		return 0;
	case VT_NUMBER:
	case VT_INTEGER: {
		size_t mo, ml;
		struct dec n;
		if (number_read_cell(s, len, &n, &mo, &ml) != CELL_NUMBER || ml) {
			*why = "a number";
			return -1;
		}
		if (t == VT_INTEGER && !dec_is_int(n)) {
			*why = "a whole number";
			return -1;
		}
		*v = value_num(n);
		return 0;
	}
	case VT_DATE:
		if (!parse_date(s, len, &y, &m, &d)) {
			*why = "a date written YYYY-MM-DD";
			return -1;
		}
		*v = value_date(y, m, d);
		return 0;
	case VT_MONTH:
		if (!parse_month(s, len, &y, &m)) {
			*why = "a month written YYYY-MM";
			return -1;
		}
		*v = value_month(y, m);
		return 0;
	case VT_BOOL:
		if (same(s, len, "true") || same(s, len, "false")) {
			*v = value_bool(s[0] == 't');
			return 0;
		}
		*why = "true or false";
		return -1;
	}
	return -1;
}

static struct var *find_var(struct dataset *ds, const char *name, size_t len)
{
	for (int i = 0; i < ds->nvars; i++)
		if (ds->vars[i].len == len && !memcmp(ds->vars[i].name, name, len))
			return &ds->vars[i];
	return NULL;
}

static int name_taken(struct dataset *ds, struct node *k)
{
	bool taken = find_var(ds, k->s, k->len) != NULL;
	for (int i = 0; i < ds->nsrcs && !taken; i++)
		taken = ds->srcs[i].len == k->len && !memcmp(ds->srcs[i].name, k->s, k->len);
	for (int i = 0; i < ds->ncomp && !taken; i++)
		taken = ds->comp[i].len == k->len && !memcmp(ds->comp[i].name, k->s, k->len);
	if (taken) {
		diag_error_at(ds->d, k->span, "'%.*s' is already the name of a variable, data file or computed value",
			      (int)k->len, k->s);
		return -1;
	}
	if (!valid_name(ds, k->s, k->len)) {
		diag_error_at(ds->d, k->span,
			      "'%.*s' cannot be used in expressions: a name has letters, Chinese characters, digits and _, and does not start with a digit",
			      (int)k->len, k->s);
		return -1;
	}
	return 0;
}

static int read_vars(struct dataset *ds, struct node *vn)
{
	static const char *const keys[] = { "type", "default", "description", NULL };
	if (vn->kind != NODE_MAP) {
		diag_error_at(ds->d, vn->span, "'vars' must be a mapping of names to variables");
		return -1;
	}
	ds->vars = arena_array(&ds->arena, (size_t)(vn->n ? vn->n : 1), sizeof(struct var));
	int bad = 0;
	for (int i = 0; i < vn->n; i++) {
		struct node *k = vn->pairs[i].key, *v = vn->pairs[i].value;
		if (k->kind != NODE_SCALAR || name_taken(ds, k) < 0) {
			bad++;
			continue;
		}
		struct var *x = &ds->vars[ds->nvars++];
		x->name = k->s;
		x->len = k->len;
		x->at = k->span;
		x->type = VT_STRING;
		struct node *def = v;
		if (v && v->kind == NODE_MAP) {
			for (int j = 0; j < v->n; j++) {
				struct node *kk = v->pairs[j].key;
				bool ok = false;
				for (const char *const *a = keys; *a && !ok; a++)
					ok = kk->kind == NODE_SCALAR && same(kk->s, kk->len, *a);
				if (!ok) {
					diag_error_at(ds->d, kk->span, "unknown key '%.*s' in a variable (expected one of: type, default, description)",
						      (int)kk->len, kk->s);
					bad++;
				}
			}
			struct node *tn = node_get(v, "type", NULL);
			def = node_get(v, "default", NULL);
			struct node *dn = node_get(v, "description", NULL);
			if (dn && dn->kind == NODE_SCALAR)
				x->description = dn->s;
			if (tn) {
				size_t t;
				for (t = 0; t < ARRAY_LEN(type_names); t++)
					if (tn->kind == NODE_SCALAR && same(tn->s, tn->len, type_names[t]))
						break;
				if (t == ARRAY_LEN(type_names)) {
					diag_error_at(ds->d, tn->span,
						      "a variable's type is string, number, integer, date, month or bool, not '%.*s'",
						      (int)(tn->kind == NODE_SCALAR ? tn->len : 0), tn->kind == NODE_SCALAR ? tn->s : "");
					bad++;
					continue;
				}
				x->type = (enum var_type)t;
			}
		} else if (v && v->kind == NODE_SCALAR && !node_is_null(v)) {
			/* name: default — the type is what the default looks like. */
			int y, m, d;
			struct dec n;
			if (parse_month(v->s, v->len, &y, &m))
				x->type = VT_MONTH;
			else if (parse_date(v->s, v->len, &y, &m, &d))
				x->type = VT_DATE;
			else if (v->plain && dec_parse(v->s, v->len, &n) == 0)
				x->type = VT_NUMBER;
		}
		if (def && !node_is_null(def)) {
			const char *why;
			if (def->kind != NODE_SCALAR || convert(ds, x->type, def->s, def->len, &x->val, &why) < 0) {
				diag_error_at(ds->d, def->span, "the default of '%s' must be %s",
					      x->name, def->kind != NODE_SCALAR ? "a scalar" : why);
				bad++;
				continue;
			}
			x->val.at = def->span;
			x->set = true;
			x->from = "default";
		}
	}
	return bad ? -1 : 0;
}

/* --var name=value, --vars FILE: command-line errors (exit code 2). */
static int set_var(struct dataset *ds, const char *name, size_t nlen, const char *s, size_t len,
		   const char *from, struct span at)
{
	struct var *x = find_var(ds, name, nlen);
	if (!x) {
		const char **c = xreallocarray(NULL, (size_t)ds->nvars + 1, sizeof(*c));
		size_t *l = xreallocarray(NULL, (size_t)ds->nvars + 1, sizeof(*l));
		for (int i = 0; i < ds->nvars; i++)
			c[i] = ds->vars[i].name, l[i] = ds->vars[i].len;
		const char *sg = suggest(name, nlen, c, l, ds->nvars);
		char hint[160] = "";
		if (sg)
			snprintf(hint, sizeof(hint), " (did you mean '%s'?)", sg);
		else if (!ds->nvars)
			snprintf(hint, sizeof(hint), " (it declares no 'vars')");
		if (at.src)
			diag_error_at(ds->d, at, "%s: the report has no variable '%.*s'%s", from, (int)nlen, name, hint);
		else
			diag_error(ds->d, "%s %.*s=%.*s: the report has no variable '%.*s'%s", from, (int)nlen,
				   name, (int)len, s, (int)nlen, name, hint);
		free(c);
		free(l);
		ds->usage_error = true;
		return -1;
	}
	const char *why;
	struct value v;
	if (convert(ds, x->type, s, len, &v, &why) < 0) {
		if (at.src)
			diag_error_at(ds->d, at, "%s: variable '%s' must be %s, found '%.*s'", from, x->name, why,
				      (int)len, s);
		else
			diag_error(ds->d, "%s %s=%.*s: variable '%s' must be %s", from, x->name, (int)len, s,
				   x->name, why);
		ds->usage_error = true;
		return -1;
	}
	v.at = at;
	x->val = v;
	x->set = true;
	x->from = from;
	return 0;
}

static int apply_command_line(struct dataset *ds)
{
	int bad = 0;
	if (ds->opts.vars_file) {
		struct input in;
		if (input_load(&in, ds->d, ds->opts.vars_file, ds->files) < 0) {
			ds->usage_error = true;
			input_release(&in);
			return -1;
		}
		struct node *r = in.root;
		if (r->kind != NODE_MAP) {
			diag_error_at(ds->d, r->span, "a --vars file is a mapping of variable names to values");
			bad++;
		}
		for (int i = 0; r->kind == NODE_MAP && i < r->n; i++) {
			struct node *k = r->pairs[i].key, *v = r->pairs[i].value;
			if (!v || v->kind != NODE_SCALAR || node_is_null(v)) {
				diag_error_at(ds->d, k->span, "--vars: the value of '%.*s' must be a scalar", (int)k->len, k->s);
				bad++;
				continue;
			}
			/* The file's text is held by the diag, so spans stay valid; the
			 * strings are copied before the input's arena goes. */
			const char *ks = arena_strndup(&ds->arena, k->s, k->len);
			const char *vs = arena_strndup(&ds->arena, v->s, v->len);
			bad += set_var(ds, ks, k->len, vs, v->len, "--vars", v->span) < 0;
		}
		if (bad)
			ds->usage_error = true;
		input_release(&in);
	}
	for (int i = 0; i < ds->opts.nvars; i++) {
		const char *a = ds->opts.vars[i], *eq = strchr(a, '=');
		if (!eq || eq == a) {
			diag_error(ds->d, "--var %s: write --var NAME=VALUE", a);
			ds->usage_error = true;
			bad++;
			continue;
		}
		bad += set_var(ds, a, (size_t)(eq - a), eq + 1, strlen(eq + 1), "--var", span_none()) < 0;
	}
	for (int i = 0; i < ds->nvars; i++)
		if (!ds->vars[i].set) {
			const char *t = type_names[ds->vars[i].type];
			diag_error(ds->d, "variable '%s' has no value: give --var %s=%s%s%s%s", ds->vars[i].name,
				   ds->vars[i].name,
				   ds->vars[i].type == VT_MONTH ? "YYYY-MM" : ds->vars[i].type == VT_DATE ? "YYYY-MM-DD" : t,
				   ds->vars[i].description ? " (" : "",
				   ds->vars[i].description ? ds->vars[i].description : "",
				   ds->vars[i].description ? ")" : "");
			ds->usage_error = true;
			bad++;
		}
	return bad ? -1 : 0;
}

/* ---- tables ---- */

/* Trim blanks, the ideographic space and a trailing footnote marker. */
static void clean_label(const char **s, size_t *len)
{
	for (int pass = 0; pass < 2; pass++) {
		while (*len && ((*s)[0] == ' ' || (*s)[0] == '\t'))
			(*s)++, (*len)--;
		while (*len >= 3 && !memcmp(*s, "\xE3\x80\x80", 3))
			*s += 3, *len -= 3;
		while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' || (*s)[*len - 1] == '\r'))
			(*len)--;
		while (*len >= 3 && !memcmp(*s + *len - 3, "\xE3\x80\x80", 3))
			*len -= 3;
		if (pass == 0) {
			size_t m = number_marker_len(*s, *len);
			if (m < *len)
				*len -= m;
		}
	}
}

/* The header without a unit in brackets at its end. */
static void base_name(const char *s, size_t len, size_t *blen)
{
	*blen = len;
	static const char *const pairs[][2] = { { "\xEF\xBC\x89", "\xEF\xBC\x88" }, { ")", "(" } };
	for (size_t k = 0; k < 2; k++) {
		size_t cl = strlen(pairs[k][0]), ol = strlen(pairs[k][1]);
		if (len <= cl || memcmp(s + len - cl, pairs[k][0], cl))
			continue;
		for (size_t i = len - cl; i-- > 0;)
			if (i + ol <= len - cl && !memcmp(s + i, pairs[k][1], ol)) {
				size_t b = i;
				while (b > 0 && s[b - 1] == ' ')
					b--;
				if (b > 0)
					*blen = b;
				return;
			}
	}
}

static void set_col(struct dtable *t, int c, const char *s, size_t len, struct span at)
{
	clean_label(&s, &len);
	t->cols[c].name = s;
	t->cols[c].len = len;
	base_name(s, len, &t->cols[c].blen);
	t->cols[c].base = s;
	t->cols[c].at = at;
}

static void finish_table(struct dataset *ds, struct dtable *t)
{
	size_t cells = (size_t)t->nrows * (size_t)t->ncols;
	t->vals = arena_array(&ds->arena, cells ? cells : 1, sizeof(struct value));
	t->made = arena_array(&ds->arena, cells ? cells : 1, sizeof(bool));
	t->keys = arena_array(&ds->arena, (size_t)(t->nrows ? t->nrows : 1), sizeof(char *));
	t->keylens = arena_array(&ds->arena, (size_t)(t->nrows ? t->nrows : 1), sizeof(size_t));
	for (int r = 0; r < t->nrows; r++) {
		const struct dcell *c = &t->cells[(size_t)r * (size_t)t->ncols + (size_t)t->key];
		const char *s = c->s ? c->s : "";
		size_t len = c->s ? c->len : 0;
		clean_label(&s, &len);
		t->keys[r] = s;
		t->keylens[r] = len;
	}
}

static int set_key(struct dataset *ds, struct dsource *src, struct dtable *t)
{
	t->key = 0;
	if (!src->key)
		return 0;
	int c = table_find_col(t, src->key, strlen(src->key));
	if (c < 0) {
		const char **n = xreallocarray(NULL, (size_t)t->ncols + 1, sizeof(*n));
		size_t *l = xreallocarray(NULL, (size_t)t->ncols + 1, sizeof(*l));
		for (int i = 0; i < t->ncols; i++)
			n[i] = t->cols[i].name, l[i] = t->cols[i].len;
		const char *sg = suggest(src->key, strlen(src->key), n, l, t->ncols);
		diag_error_at(ds->d, src->at, "the key column '%s' is not in %s%s%s%s", src->key, src->path,
			      sg ? " (did you mean '" : "", sg ? sg : "", sg ? "'?)" : "");
		free(n);
		free(l);
		return -1;
	}
	t->key = c;
	return 0;
}

static int table_from_csv(struct dataset *ds, struct dsource *src, const struct source *file)
{
	struct csv csv;
	if (csv_parse(&csv, file, &ds->arena, ds->d) < 0)
		return -1;
	struct dtable *t = arena_alloc(&ds->arena, sizeof(*t));
	t->name = src->name;
	t->ncols = csv.rows[0].n;
	t->nrows = csv.nrows - 1;
	t->cols = arena_array(&ds->arena, (size_t)t->ncols, sizeof(struct dcol));
	for (int c = 0; c < t->ncols; c++)
		set_col(t, c, csv.rows[0].cells[c].s, csv.rows[0].cells[c].len, csv.rows[0].cells[c].span);
	t->cells = arena_array(&ds->arena, (size_t)(t->nrows ? t->nrows : 1) * (size_t)t->ncols,
			       sizeof(struct dcell));
	for (int r = 0; r < t->nrows; r++)
		for (int c = 0; c < t->ncols; c++) {
			const struct csv_cell *x = &csv.rows[r + 1].cells[c];
			t->cells[(size_t)r * (size_t)t->ncols + (size_t)c] =
				(struct dcell){ .s = x->s, .len = x->len, .at = x->span };
		}
	if (set_key(ds, src, t) < 0)
		return -1;
	finish_table(ds, t);
	src->root = (struct value){ .k = V_TABLE, .t = t };
	src->rows = t->nrows;
	return 0;
}

/* A JSON/YAML list of mappings is a table whose columns are their keys. */
static int table_from_nodes(struct dataset *ds, struct dsource *src, struct node *list)
{
	struct dtable *t = arena_alloc(&ds->arena, sizeof(*t));
	t->name = src->name;
	t->nrows = list->n;
	int alloc = 0;
	for (int r = 0; r < list->n; r++) {
		struct node *m = list->items[r];
		for (int j = 0; j < m->n; j++) {
			struct node *k = m->pairs[j].key;
			if (k->kind != NODE_SCALAR)
				continue;
			bool have = false;
			for (int c = 0; c < t->ncols && !have; c++)
				have = t->cols[c].len == k->len && !memcmp(t->cols[c].name, k->s, k->len);
			if (!have) {
				GROW(t->cols, t->ncols, alloc);
				memset(&t->cols[t->ncols], 0, sizeof(t->cols[0]));
				set_col(t, t->ncols++, k->s, k->len, k->span);
			}
		}
	}
	if (t->ncols == 0) {
		diag_error_at(ds->d, src->at, "%s: the rows have no keys", src->path);
		free(t->cols);
		return -1;
	}
	struct dcol *cols = arena_memdup(&ds->arena, t->cols, (size_t)t->ncols * sizeof(*cols));
	free(t->cols);
	t->cols = cols;
	t->cells = arena_array(&ds->arena, (size_t)(t->nrows ? t->nrows : 1) * (size_t)t->ncols,
			       sizeof(struct dcell));
	for (int r = 0; r < t->nrows; r++)
		for (int c = 0; c < t->ncols; c++) {
			struct dcell *x = &t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];
			struct node *v = node_get(list->items[r], t->cols[c].name, NULL);
			x->typed = true;
			if (!v || node_is_null(v)) {
				x->node = v;
				x->at = list->items[r]->span;
				x->s = NULL;
				x->len = 0;
			} else if (v->kind != NODE_SCALAR) {
				x->node = v;
				x->at = v->span;
			} else {
				x->node = v; /* value_of_node types it */
				x->s = v->s;
				x->len = v->len;
				x->at = v->span;
			}
		}
	if (set_key(ds, src, t) < 0)
		return -1;
	finish_table(ds, t);
	src->root = (struct value){ .k = V_TABLE, .t = t };
	src->rows = t->nrows;
	return 0;
}

static bool is_table_list(struct node *n)
{
	if (!n || n->kind != NODE_SEQ || n->n == 0)
		return false;
	for (int i = 0; i < n->n; i++)
		if (n->items[i]->kind != NODE_MAP)
			return false;
	return true;
}

static const char *format_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (dot && (!strcasecmp(dot, ".json")))
		return "json";
	if (dot && (!strcasecmp(dot, ".yaml") || !strcasecmp(dot, ".yml")))
		return "yaml";
	if (dot && !strcasecmp(dot, ".csv"))
		return "csv";
	return NULL;
}

static int load_source(struct dataset *ds, struct dsource *src, struct node *file_node,
		       const char *override)
{
	if (override) {
		src->path = xstrdup(override);
	} else {
		char *p;
		if (template_string(ds, file_node, NULL, &p) < 0)
			return -1;
		/* Below the report's folder (infile.h): checked on the name,
		 * then on the file opened. */
		src->path = infile_resolve(ds->files, ds->root, "the report's", ds->report, p, strlen(p),
					   file_node->span, ds->d);
		if (!src->path) {
			free(p);
			return -1;
		}
		if (strstr(file_node->s, "${")) {
			/* Which variables made the path, for messages. */
			struct buf b;
			buf_init(&b);
			for (int i = 0; i < ds->nvars; i++)
				if (strstr(file_node->s, ds->vars[i].name)) {
					char *t = value_to_text(&ds->vars[i].val);
					buf_addf(&b, "%s%s = %s", b.len ? ", " : "", ds->vars[i].name, t ? t : "?");
					free(t);
				}
			src->vars_used = buf_detach(&b, NULL);
		}
		free(p);
	}
	src->from_stdin = !strcmp(src->path, "-");
	if (!src->format)
		src->format = format_of(src->from_stdin ? src->pattern : src->path);
	if (!src->format) {
		diag_error_at(ds->d, src->at, "data file '%s': the name must end in .csv, .json or .yaml (or give 'format')",
			      src->path);
		return -1;
	}
	int err = 0;
	const struct source *file = datafile_read(ds, src->path, !override, &err);
	if (!file) {
		if (src->optional && err == ENOENT) {
			src->root = value_missing(arena_strdup(&ds->arena, "an optional data file is absent"));
			return 0;
		}
		char whybuf[160];
		const char *why = err == EBUSY ? "standard input is already read by another --data"
					       : infile_why(err, LIMIT_REPORT_BYTES, "the report's", whybuf,
							    sizeof(whybuf));
		if (src->vars_used && src->vars_used[0])
			diag_error_at(ds->d, file_node ? file_node->span : src->at,
				      "cannot read data file %s (from '%s' with %s): %s", src->path, src->pattern,
				      src->vars_used, why);
		else
			diag_error_at(ds->d, file_node ? file_node->span : src->at, "cannot read data file %s: %s",
				      src->path, why);
		return -1;
	}
	src->present = true;
	src->bytes = file->len;
	if (ds->opts.hash)
		sha256_bytes(file->text, file->len, src->sha256);
	size_t bad = utf8_invalid_at(file->text, file->len);
	if (bad != (size_t)-1) {
		diag_error_at(ds->d, span_at(file, bad, 1), "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
			      (unsigned char)file->text[bad]);
		return -1;
	}
	if (memchr(file->text, '\0', file->len)) {
		diag_error_at(ds->d, span_at(file, (size_t)((char *)memchr(file->text, '\0', file->len) - file->text), 1),
			      "NUL byte in text file");
		return -1;
	}
	if (!strcmp(src->format, "csv"))
		return table_from_csv(ds, src, file);
	struct node *root = !strcmp(src->format, "json") ? json_parse(file, &ds->arena, ds->d)
							 : yaml_parse(file, &ds->arena, ds->d);
	if (!root)
		return -1;
	if (is_table_list(root))
		return table_from_nodes(ds, src, root);
	src->root = value_of_node(&ds->arena, root);
	src->rows = root->kind == NODE_SEQ ? root->n : 0;
	return 0;
}

static int read_sources(struct dataset *ds, struct node *dn)
{
	static const char *const keys[] = { "file", "key", "optional", "format", NULL };
	if (dn->kind != NODE_MAP) {
		diag_error_at(ds->d, dn->span, "'data' must be a mapping of names to data files");
		return -1;
	}
	ds->srcs = arena_array(&ds->arena, (size_t)(dn->n ? dn->n : 1), sizeof(struct dsource));
	int bad = 0;
	/* --data names must be sources. */
	for (int i = 0; i < ds->opts.ndata; i++) {
		const char *a = ds->opts.data[i], *eq = strchr(a, '=');
		bool known = false;
		for (int j = 0; eq && j < dn->n && !known; j++)
			known = dn->pairs[j].key->kind == NODE_SCALAR &&
				dn->pairs[j].key->len == (size_t)(eq - a) &&
				!memcmp(dn->pairs[j].key->s, a, (size_t)(eq - a));
		if (!eq || eq == a || !eq[1]) {
			diag_error(ds->d, "--data %s: write --data NAME=FILE or --data NAME=-", a);
			ds->usage_error = true;
			bad++;
		} else if (!known) {
			const char **c = xreallocarray(NULL, (size_t)dn->n + 1, sizeof(*c));
			size_t *l = xreallocarray(NULL, (size_t)dn->n + 1, sizeof(*l));
			for (int j = 0; j < dn->n; j++)
				c[j] = dn->pairs[j].key->s, l[j] = dn->pairs[j].key->len;
			const char *sg = suggest(a, (size_t)(eq - a), c, l, dn->n);
			diag_error(ds->d, "--data %s: the report has no data file named '%.*s'%s%s%s", a,
				   (int)(eq - a), a, sg ? " (did you mean '" : "", sg ? sg : "", sg ? "'?)" : "");
			free(c);
			free(l);
			ds->usage_error = true;
			bad++;
		}
	}
	if (bad)
		return -1;
	for (int i = 0; i < dn->n; i++) {
		struct node *k = dn->pairs[i].key, *v = dn->pairs[i].value;
		if (k->kind != NODE_SCALAR || name_taken(ds, k) < 0) {
			bad++;
			continue;
		}
		struct dsource *src = &ds->srcs[ds->nsrcs++];
		src->name = k->s;
		src->len = k->len;
		src->at = k->span;
		struct node *fn = v;
		if (v && v->kind == NODE_MAP) {
			for (int j = 0; j < v->n; j++) {
				struct node *kk = v->pairs[j].key;
				bool ok = false;
				for (const char *const *a = keys; *a && !ok; a++)
					ok = kk->kind == NODE_SCALAR && same(kk->s, kk->len, *a);
				if (!ok) {
					diag_error_at(ds->d, kk->span,
						      "unknown key '%.*s' in a data file (expected one of: file, key, optional, format)",
						      (int)kk->len, kk->s);
					bad++;
				}
			}
			fn = node_get(v, "file", NULL);
			struct node *kn = node_get(v, "key", NULL), *on = node_get(v, "optional", NULL);
			struct node *fm = node_get(v, "format", NULL);
			if (kn && kn->kind == NODE_SCALAR)
				src->key = kn->s;
			if (on)
				src->optional = on->kind == NODE_SCALAR && same(on->s, on->len, "true");
			if (on && !(on->kind == NODE_SCALAR && (same(on->s, on->len, "true") || same(on->s, on->len, "false")))) {
				diag_error_at(ds->d, on->span, "'optional' must be true or false");
				bad++;
			}
			if (fm) {
				if (fm->kind == NODE_SCALAR && (same(fm->s, fm->len, "csv") || same(fm->s, fm->len, "json") ||
								same(fm->s, fm->len, "yaml")))
					src->format = fm->s;
				else {
					diag_error_at(ds->d, fm->span, "'format' is csv, json or yaml");
					bad++;
				}
			}
		}
		if (!fn || fn->kind != NODE_SCALAR || node_is_null(fn)) {
			diag_error_at(ds->d, fn ? fn->span : k->span, "data file '%s' needs a file name ('file')", src->name);
			bad++;
			continue;
		}
		src->pattern = fn->s;
		if (bad)
			continue;
		const char *override = NULL;
		for (int j = 0; j < ds->opts.ndata; j++) {
			const char *a = ds->opts.data[j], *eq = strchr(a, '=');
			if ((size_t)(eq - a) == src->len && !memcmp(a, src->name, src->len))
				override = eq + 1;
		}
		if (load_source(ds, src, fn, override) < 0)
			bad++;
		if (diag_full(ds->d))
			break;
	}
	return bad ? -1 : 0;
}

static int read_computed(struct dataset *ds, struct node *cn)
{
	if (cn->kind != NODE_MAP) {
		diag_error_at(ds->d, cn->span, "'computed' must be a mapping of names to expressions");
		return -1;
	}
	ds->comp = arena_array(&ds->arena, (size_t)(cn->n ? cn->n : 1), sizeof(struct computed));
	int bad = 0;
	for (int i = 0; i < cn->n; i++) {
		struct node *k = cn->pairs[i].key, *v = cn->pairs[i].value;
		if (k->kind != NODE_SCALAR || name_taken(ds, k) < 0) {
			bad++;
			continue;
		}
		if (!v || v->kind != NODE_SCALAR || node_is_null(v)) {
			diag_error_at(ds->d, k->span, "computed value '%.*s' must be an expression", (int)k->len, k->s);
			bad++;
			continue;
		}
		struct computed *c = &ds->comp[ds->ncomp++];
		c->name = k->s;
		c->len = k->len;
		c->n = v;
	}
	return bad ? -1 : 0;
}

static int read_checks(struct dataset *ds, struct node *cn)
{
	if (cn->kind != NODE_SEQ) {
		diag_error_at(ds->d, cn->span, "'checks' must be a list");
		return -1;
	}
	ds->checks = arena_array(&ds->arena, (size_t)(cn->n ? cn->n : 1), sizeof(struct check));
	int bad = 0;
	for (int i = 0; i < cn->n; i++) {
		struct node *v = cn->items[i];
		struct check *c = &ds->checks[ds->nchecks];
		if (v->kind == NODE_SCALAR && !node_is_null(v)) {
			c->n = v;
		} else if (v->kind == NODE_MAP) {
			for (int j = 0; j < v->n; j++) {
				struct node *kk = v->pairs[j].key;
				if (!(kk->kind == NODE_SCALAR && (same(kk->s, kk->len, "assert") || same(kk->s, kk->len, "message") ||
								  same(kk->s, kk->len, "level")))) {
					diag_error_at(ds->d, kk->span, "unknown key '%.*s' in a check (expected one of: assert, message, level)",
						      (int)kk->len, kk->s);
					bad++;
				}
			}
			c->n = node_get(v, "assert", NULL);
			struct node *m = node_get(v, "message", NULL), *l = node_get(v, "level", NULL);
			if (m && m->kind == NODE_SCALAR)
				c->message = m->s;
			if (l) {
				if (l->kind == NODE_SCALAR && same(l->s, l->len, "warning"))
					c->warning = true;
				else if (!(l->kind == NODE_SCALAR && same(l->s, l->len, "error"))) {
					diag_error_at(ds->d, l->span, "a check's level is error or warning");
					bad++;
				}
			}
			if (!c->n || c->n->kind != NODE_SCALAR) {
				diag_error_at(ds->d, v->span, "a check needs 'assert' (an expression)");
				bad++;
				continue;
			}
		} else {
			diag_error_at(ds->d, v->span, "a check is an expression or {assert, message, level}");
			bad++;
			continue;
		}
		ds->nchecks++;
	}
	return bad ? -1 : 0;
}

int dataset_open(struct dataset *ds, struct node *root, const char *report,
		 const struct data_opts *o, struct infiles *files, struct diag *d)
{
	memset(ds, 0, sizeof(*ds));
	arena_init(&ds->arena);
	ds->d = d;
	ds->report = report;
	ds->files = files;
	ds->root = report ? infile_root(report) : NULL;
	if (o)
		ds->opts = *o;
	if (!root || root->kind != NODE_MAP)
		return 0;
	struct node *vn = node_get(root, "vars", NULL), *dn = node_get(root, "data", NULL);
	struct node *cn = node_get(root, "computed", NULL), *kn = node_get(root, "checks", NULL);
	ds->active = vn || dn || cn || kn;
	int bad = 0;
	if (vn)
		bad += read_vars(ds, vn) < 0;
	if (!bad)
		bad += apply_command_line(ds) < 0;
	else if (ds->opts.nvars || ds->opts.vars_file || ds->opts.ndata)
		return -1;
	if (!vn && (ds->opts.nvars || ds->opts.vars_file))
		return -1; /* apply_command_line said which variable is unknown */
	if (bad)
		return -1;
	if (dn)
		bad += read_sources(ds, dn) < 0;
	else if (ds->opts.ndata) {
		diag_error(ds->d, "--data %s: the report declares no 'data'", ds->opts.data[0]);
		ds->usage_error = true;
		return -1;
	}
	if (cn)
		bad += read_computed(ds, cn) < 0;
	if (kn)
		bad += read_checks(ds, kn) < 0;
	return bad ? -1 : 0;
}

void dataset_release(struct dataset *ds)
{
	for (int i = 0; i < ds->nsrcs; i++) {
		free(ds->srcs[i].path);
		free(ds->srcs[i].vars_used);
	}
	for (int i = 0; i < ds->nchecks; i++)
		free(ds->checks[i].detail);
	free(ds->root);
	arena_release(&ds->arena);
	memset(ds, 0, sizeof(*ds));
}

/* ---- evaluating scalars ---- */

int dataset_parse_node(struct dataset *ds, struct node *n, struct ectx *cx, struct expr **e)
{
	memset(cx, 0, sizeof(*cx));
	cx->ds = ds;
	cx->node = n;
	const char *s = n->s;
	size_t len = n->len, a = 0, b = len;
	while (a < b && (s[a] == ' ' || s[a] == '\n' || s[a] == '\t'))
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\n' || s[b - 1] == '\t' || s[b - 1] == '\r'))
		b--;
	if (b - a >= 3 && !memcmp(s + a, "${", 2) && s[b - 1] == '}')
		a += 2, b--;
	cx->text = s + a;
	cx->base = a;
	struct expr_error err;
	*e = expr_parse(s + a, b - a, &ds->arena, &err);
	if (!*e) {
		diag_error_at(ds->d, ectx_span(cx, err.off, err.len ? err.len : 1), "%s", err.msg);
		return -1;
	}
	return 0;
}

int dataset_eval_node(struct dataset *ds, struct node *n, struct scope *scope, struct value *out)
{
	struct ectx cx;
	struct expr *e;
	if (dataset_parse_node(ds, n, &cx, &e) < 0)
		return -1;
	cx.scope = scope;
	return eval_expr(&cx, e, out);
}

int dataset_eval_text(struct dataset *ds, const char *name, const char *text, struct value *v)
{
	const struct source *src = diag_add_source(ds->d, name, xstrdup(text), strlen(text));
	/* From the command line: a report's text was checked when read. */
	size_t bad = utf8_invalid_at(src->text, src->len);
	if (bad != (size_t)-1) {
		diag_error_at(ds->d, span_at(src, bad, 1), "invalid UTF-8 (byte 0x%02X) in the expression",
			      (unsigned char)src->text[bad]);
		return -1;
	}
	struct ectx cx = { .ds = ds, .text = src->text, .direct = span_at(src, 0, 0) };
	struct expr_error err;
	struct expr *e = expr_parse(src->text, src->len, &ds->arena, &err);
	if (!e) {
		diag_error_at(ds->d, span_at(src, err.off, err.len ? err.len : 1), "%s", err.msg);
		return -1;
	}
	return eval_expr(&cx, e, v);
}

/* Operand values of a failed check, for its message: every path in it,
 * and each call below the top (near(sum(x), y, 0.1) shows sum(x) and y). */
static void describe(struct ectx *cx, const struct expr *e, struct buf *b, int *n, bool top)
{
	if (!e || *n >= 6)
		return;
	if (e->kind == EX_NAME || e->kind == EX_FIELD || e->kind == EX_INDEX ||
	    (e->kind == EX_CALL && !e->piped && !top)) {
		struct value v;
		int errs = cx->ds->d->errors, nd = cx->ds->d->n;
		if (eval_expr(cx, e, &v) == 0) {
			char *t = value_to_text(&v);
			buf_addf(b, "%s%.*s = %s", *n ? ", " : "", (int)e->len, cx->text + e->off,
				 t ? t : value_kind_name(&v));
			if (v.k == V_MISSING)
				buf_addf(b, " (missing: %s)", v.s ? v.s : "no value");
			free(t);
			(*n)++;
		}
		diag_truncate(cx->ds->d, nd);
		cx->ds->d->errors = errs;
		return;
	}
	describe(cx, e->a, b, n, false);
	describe(cx, e->b, b, n, false);
	describe(cx, e->c, b, n, false);
	for (int i = 0; i < e->nargs; i++)
		describe(cx, e->args[i], b, n, false);
}

int dataset_run_checks(struct dataset *ds)
{
	int failed = 0;
	/* Every computed value, used or not, so a mistake in one is seen. */
	for (int i = 0; i < ds->ncomp; i++) {
		struct value v;
		struct ectx cx = { .ds = ds };
		struct expr e = { .kind = EX_NAME, .name = ds->comp[i].name, .nlen = ds->comp[i].len };
		failed += eval_expr(&cx, &e, &v) < 0;
	}
	for (int i = 0; i < ds->nchecks; i++) {
		struct check *c = &ds->checks[i];
		struct ectx cx;
		struct expr *e;
		if (dataset_parse_node(ds, c->n, &cx, &e) < 0) {
			c->result = -1;
			failed++;
			continue;
		}
		struct value v;
		if (eval_expr(&cx, e, &v) < 0) {
			c->result = -1;
			failed++;
			continue;
		}
		if (v.k != V_BOOL && v.k != V_MISSING) {
			ectx_error(&cx, e, "a check must be true or false, found %s", value_kind_name(&v));
			c->result = -1;
			failed++;
			continue;
		}
		c->result = v.k == V_BOOL && v.b;
		if (c->result)
			continue;
		struct buf b;
		buf_init(&b);
		int n = 0;
		describe(&cx, e, &b, &n, true);
		c->detail = buf_detach(&b, NULL);
		struct span at = ectx_span(&cx, 0, e->len);
		const char *what = v.k == V_MISSING ? "check could not be made (a value is missing)" : "check failed";
		if (c->warning)
			diag_warning_at(ds->d, at, "%s%s%s: %s", what, c->message ? ": " : "",
					c->message ? c->message : "", c->detail);
		else {
			diag_error_at(ds->d, at, "%s%s%s: %s", what, c->message ? ": " : "",
				      c->message ? c->message : "", c->detail);
			failed++;
		}
	}
	return failed ? -1 : 0;
}
