/* batch_plan.c — a manifest into a plan (batch_plan.h, docs/batch.md):
 * each job's variables multiplied out, its for-each rows and its layouts,
 * every output pattern evaluated like a report's ${…} (parse/data.h), ids
 * made from the name and the values, the plan sorted by id, duplicate ids
 * and shared outputs refused; shards and --plan's listing. */
#include "batch_plan.h"

#include <stdlib.h>
#include <string.h>

#include "base/input.h"
#include "parse/data.h"

static bool is_key(const struct node *k, const char *s)
{
	return k->kind == NODE_SCALAR && k->len == strlen(s) && !memcmp(k->s, s, k->len);
}

static struct node *new_node(struct arena *a, enum node_kind k, struct span at)
{
	struct node *n = arena_alloc(a, sizeof(*n));
	n->kind = k;
	n->span = at;
	return n;
}

static struct node *new_scalar(struct arena *a, const char *s, struct span at)
{
	struct node *n = new_node(a, NODE_SCALAR, at);
	n->s = arena_strdup(a, s);
	n->len = strlen(s);
	n->plain = true;
	return n;
}

static void map_put(struct arena *a, struct node *m, int cap, const char *key, struct node *v)
{
	if (!m->pairs)
		m->pairs = arena_array(a, (size_t)cap, sizeof(struct node_pair));
	m->pairs[m->n].key = new_scalar(a, key, v ? v->span : m->span);
	m->pairs[m->n].value = v;
	m->n++;
}

static void add_job(struct plan *p, struct bjob j)
{
	GROW(p->jobs, p->n, p->alloc);
	p->jobs[p->n++] = j;
}

/* Expand one manifest job for one combination of its variables. */
static int expand_combination(struct plan *p, const char *manifest, struct node *job,
			      struct node *name, struct node **var_keys, struct node **var_vals,
			      int nvars, struct diag *d, struct arena *a)
{
	struct node *report = node_get(job, "report", NULL), *output = node_get(job, "output", NULL);
	struct node *layouts = node_get(job, "layouts", NULL), *fe = node_get(job, "for-each", NULL);
	if (!layouts)
		layouts = node_get(job, "layout", NULL);
	/* A small report of the job's variables (and the for-each data) so
	 * the output pattern is evaluated like any ${…}. */
	struct node *root = new_node(a, NODE_MAP, job->span);
	struct node *vars = new_node(a, NODE_MAP, job->span);
	for (int i = 0; i < nvars; i++)
		map_put(a, vars, nvars, var_keys[i]->s, var_vals[i]);
	map_put(a, root, 2, "vars", vars);
	const char *fe_var = NULL;
	if (fe) {
		struct node *data = new_node(a, NODE_MAP, fe->span), *spec = new_node(a, NODE_MAP, fe->span);
		struct node *file = node_get(fe, "data", NULL), *key = node_get(fe, "key", NULL);
		struct node *var = node_get(fe, "var", NULL);
		if (!file || file->kind != NODE_SCALAR || (key && key->kind != NODE_SCALAR) ||
		    (var && var->kind != NODE_SCALAR)) {
			diag_error_at(d, fe->span, "'for-each' is {data: FILE, key: COLUMN, var: NAME}");
			return -1;
		}
		map_put(a, spec, 2, "file", file);
		if (key)
			map_put(a, spec, 2, "key", key);
		map_put(a, data, 1, "rows", spec);
		map_put(a, root, 2, "data", data);
		fe_var = var ? var->s : NULL;
	}
	struct dataset ds;
	int rc = -1;
	if (dataset_open(&ds, root, manifest, NULL, NULL, d) < 0)
		goto out;
	int nrows = 1;
	struct dtable *t = NULL;
	if (fe) {
		if (ds.srcs[0].root.k != V_TABLE) {
			diag_error_at(d, fe->span, "'for-each' needs a table (a CSV file, or a list of mappings)");
			goto out;
		}
		t = ds.srcs[0].root.t;
		nrows = t->nrows;
	}
	int nl = layouts->kind == NODE_SEQ ? layouts->n : 1;
	for (int r = 0; r < nrows; r++) {
		struct value row = { 0 };
		char *key = NULL;
		if (t) {
			row = (struct value){ .k = V_ROW, .t = t, .row = r };
			key = xstrndup(t->keys[r], t->keylens[r]);
		}
		for (int l = 0; l < nl; l++) {
			struct node *ln = layouts->kind == NODE_SEQ ? layouts->items[l] : layouts;
			if (ln->kind != NODE_SCALAR || node_is_null(ln)) {
				diag_error_at(d, ln->span, "a layout is a name or a file");
				free(key);
				goto out;
			}
			struct scope s_layout = { "layout", 6, value_str(ln->s, ln->len), NULL };
			struct scope s_job = { "job", 3, value_str(name->s, name->len), &s_layout };
			struct scope s_row = { "row", 3, row, &s_job };
			struct scope s_var = { fe_var ? fe_var : "", fe_var ? strlen(fe_var) : 0,
					       key ? value_str(key, strlen(key)) : row, &s_row };
			char *out;
			if (template_string(&ds, output, t ? &s_var : &s_job, &out) < 0) {
				free(key);
				goto out;
			}
			struct bjob j = { 0 };
			j.at = name->span;
			j.report = datafile_path(manifest, report->s, report->len);
			j.output = datafile_path(manifest, out, strlen(out));
			free(out);
			/* A layout given as a file is relative to the manifest. */
			bool path = strchr(ln->s, '/') || strstr(ln->s, ".yaml") || strstr(ln->s, ".json");
			j.layout = path ? datafile_path(manifest, ln->s, ln->len) : xstrdup(ln->s);
			struct buf id;
			buf_init(&id);
			buf_addstr(&id, name->s);
			j.vars = xcalloc((size_t)nvars + 2, sizeof(char *));
			for (int i = 0; i < nvars; i++) {
				char *v = value_to_text(&ds.vars[i].val);
				j.vars[j.nvars++] = xasprintf("%s=%s", var_keys[i]->s, v);
				buf_addf(&id, "/%s", v);
				free(v);
			}
			if (key) {
				if (fe_var)
					j.vars[j.nvars++] = xasprintf("%s=%s", fe_var, key);
				buf_addf(&id, "/%s", key);
			}
			buf_addf(&id, "/%s", ln->s);
			j.id = buf_detach(&id, NULL);
			add_job(p, j);
		}
		free(key);
	}
	rc = 0;
out:
	dataset_release(&ds);
	return rc;
}

static int expand_job(struct plan *p, const char *manifest, struct node *job, struct diag *d,
		      struct arena *a)
{
	static const char *const keys[] = { "name", "report", "vars", "layouts", "layout", "output",
					    "for-each", NULL };
	if (job->kind != NODE_MAP) {
		diag_error_at(d, job->span, "a job is a mapping: name, report, vars, layouts, output, for-each");
		return -1;
	}
	int bad = 0;
	for (int i = 0; i < job->n; i++) {
		bool ok = false;
		for (const char *const *k = keys; *k && !ok; k++)
			ok = is_key(job->pairs[i].key, *k);
		if (!ok) {
			diag_error_at(d, job->pairs[i].key->span,
				      "unknown key '%.*s' in a job (expected one of: name, report, vars, layouts, output, for-each)",
				      (int)job->pairs[i].key->len, job->pairs[i].key->s);
			bad++;
		}
	}
	struct node *name = node_get(job, "name", NULL), *report = node_get(job, "report", NULL);
	struct node *output = node_get(job, "output", NULL), *vars = node_get(job, "vars", NULL);
	struct node *layouts = node_get(job, "layouts", NULL);
	if (!layouts)
		layouts = node_get(job, "layout", NULL);
	static const char *const need[] = { "name", "report", "layouts", "output" };
	struct node *have[] = { name, report, layouts, output };
	for (int i = 0; i < 4; i++)
		if (!have[i] || (i != 2 && (have[i]->kind != NODE_SCALAR || node_is_null(have[i])))) {
			diag_error_at(d, have[i] ? have[i]->span : job->span, "a job needs '%s'%s", need[i],
				      i == 2 ? " (or 'layout')" : " (text)");
			bad++;
		}
	if (name && name->kind == NODE_SCALAR && (strchr(name->s, '/') || name->len == 0)) {
		diag_error_at(d, name->span, "a job's name has no '/' (it starts the jobs' ids)");
		bad++;
	}
	if (vars && vars->kind != NODE_MAP) {
		diag_error_at(d, vars->span, "'vars' is a mapping of names to a value or a list of values");
		bad++;
	}
	if (bad)
		return -1;
	/* Every combination of the listed values, in the order written. */
	int nv = vars ? vars->n : 0, combos = 1;
	for (int i = 0; i < nv; i++) {
		struct node *v = vars->pairs[i].value;
		int k = v && v->kind == NODE_SEQ ? v->n : 1;
		if (k == 0 || combos > 100000 / k) {
			diag_error_at(d, vars->pairs[i].key->span, "'%s' has no values, or the job has too many combinations",
				      vars->pairs[i].key->s);
			return -1;
		}
		combos *= k;
	}
	struct node **keys_ = xcalloc((size_t)nv + 1, sizeof(*keys_)), **vals = xcalloc((size_t)nv + 1, sizeof(*vals));
	int rc = 0;
	for (int c = 0; c < combos && rc == 0; c++) {
		int rest = c;
		for (int i = nv - 1; i >= 0; i--) {
			struct node *v = vars->pairs[i].value;
			int k = v && v->kind == NODE_SEQ ? v->n : 1;
			keys_[i] = vars->pairs[i].key;
			vals[i] = v && v->kind == NODE_SEQ ? v->items[rest % k] : v;
			rest /= k;
			if (!vals[i] || vals[i]->kind != NODE_SCALAR) {
				diag_error_at(d, keys_[i]->span, "the values of '%s' are scalars", keys_[i]->s);
				rc = -1;
			}
		}
		if (rc == 0)
			rc = expand_combination(p, manifest, job, name, keys_, vals, nv, d, a);
	}
	free(keys_);
	free(vals);
	return rc;
}

static int cmp_id(const void *a, const void *b)
{
	return strcmp(((const struct bjob *)a)->id, ((const struct bjob *)b)->id);
}

static int cmp_output(const void *a, const void *b)
{
	const struct bjob *x = *(const struct bjob *const *)a, *y = *(const struct bjob *const *)b;
	return strcmp(x->output, y->output);
}

int plan_load(struct plan *p, const char *manifest, struct diag *d)
{
	memset(p, 0, sizeof(*p));
	struct input in;
	int errors = d->errors;
	if (input_load(&in, d, manifest, NULL) < 0) {
		input_release(&in);
		return -1;
	}
	struct arena a;
	arena_init(&a);
	struct node *jobs = node_get(in.root, "jobs", NULL);
	if (in.root->kind != NODE_MAP || !jobs || jobs->kind != NODE_SEQ) {
		diag_error_at(d, in.root->span, "a manifest is a mapping with 'jobs': a list of jobs");
		goto out;
	}
	for (int i = 0; i < in.root->n; i++)
		if (!is_key(in.root->pairs[i].key, "jobs"))
			diag_error_at(d, in.root->pairs[i].key->span, "unknown key '%s' in a manifest (expected: jobs)",
				      in.root->pairs[i].key->s);
	for (int i = 0; i < jobs->n && !diag_full(d); i++)
		expand_job(p, manifest, jobs->items[i], d, &a);
	if (d->errors > errors)
		goto out;
	qsort(p->jobs, (size_t)p->n, sizeof(*p->jobs), cmp_id);
	for (int i = 1; i < p->n; i++)
		if (!strcmp(p->jobs[i].id, p->jobs[i - 1].id))
			diag_error_at(d, p->jobs[i].at, "two jobs have the id '%s'; give them different names", p->jobs[i].id);
	/* Two jobs writing one file would overwrite each other. */
	const struct bjob **by_out = xcalloc((size_t)p->n + 1, sizeof(*by_out));
	for (int i = 0; i < p->n; i++)
		by_out[i] = &p->jobs[i];
	qsort(by_out, (size_t)p->n, sizeof(*by_out), cmp_output);
	for (int i = 1; i < p->n && !diag_full(d); i++)
		if (!strcmp(by_out[i]->output, by_out[i - 1]->output))
			diag_error_at(d, by_out[i]->at, "jobs '%s' and '%s' would both write %s; make the output pattern tell them apart (for example with ${layout} or ${row.…})",
				      by_out[i - 1]->id, by_out[i]->id, by_out[i]->output);
	free(by_out);
out:
	arena_release(&a);
	input_release(&in);
	return d->errors > errors ? -1 : 0;
}

void plan_release(struct plan *p)
{
	for (int i = 0; i < p->n; i++) {
		struct bjob *j = &p->jobs[i];
		free(j->id);
		free(j->report);
		free(j->layout);
		free(j->output);
		for (int k = 0; k < j->nvars; k++)
			free(j->vars[k]);
		free(j->vars);
	}
	free(p->jobs);
	memset(p, 0, sizeof(*p));
}

void plan_shard(struct plan *p, int index, int count)
{
	int k = 0;
	for (int i = 0; i < p->n; i++) {
		if (i % count == index) {
			p->jobs[k++] = p->jobs[i];
			continue;
		}
		struct bjob *j = &p->jobs[i];
		free(j->id);
		free(j->report);
		free(j->layout);
		free(j->output);
		for (int v = 0; v < j->nvars; v++)
			free(j->vars[v]);
		free(j->vars);
	}
	p->n = k;
}

void plan_print(const struct plan *p, FILE *out, bool json)
{
	if (json)
		fputs("[", out);
	for (int i = 0; i < p->n; i++) {
		const struct bjob *j = &p->jobs[i];
		if (!json) {
			fprintf(out, "%s\t%s\t%s\t%s", j->id, j->report, j->layout, j->output);
			for (int k = 0; k < j->nvars; k++)
				fprintf(out, "%s%s", k ? " " : "\t", j->vars[k]);
			fputc('\n', out);
			continue;
		}
		fprintf(out, "%s\n  {\"id\": ", i ? "," : "");
		json_write_string(out, j->id);
		fputs(", \"report\": ", out);
		json_write_string(out, j->report);
		fputs(", \"layout\": ", out);
		json_write_string(out, j->layout);
		fputs(", \"output\": ", out);
		json_write_string(out, j->output);
		fputs(", \"vars\": {", out);
		for (int k = 0; k < j->nvars; k++) {
			const char *eq = strchr(j->vars[k], '=');
			char *name = xstrndup(j->vars[k], (size_t)(eq - j->vars[k]));
			fputs(k ? ", " : "", out);
			json_write_string(out, name);
			fputs(": ", out);
			json_write_string(out, eq + 1);
			free(name);
		}
		fputs("}}", out);
	}
	if (json)
		fputs(p->n ? "\n]\n" : "]\n", out);
}

