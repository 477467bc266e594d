/* batch.c — manifests, plans and the batch runner (batch.h,
 * docs/batch.md).
 *
 * The parent expands the manifest into a plan, hashes the pinned fonts
 * once, forks the workers and hands each one job at a time over a pipe;
 * a worker keeps its fonts, text context and layouts (render_cache) for
 * every job it renders and answers with one result line. Outputs are
 * written atomically (outfile), so an interrupted batch leaves finished
 * files or none; a cache key beside each output lets the next run skip
 * what is up to date. */
#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "base/input.h"
#include "base/outfile.h"
#include "base/sha256.h"
#include "parse/data.h"
#include "render.h"

static double now_ms(void);
static int make_dirs(const char *path);

/* ---- the manifest ---- */

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

/* ---- cache keys ---- */

static char *key_path(const char *output)
{
	const char *slash = strrchr(output, '/');
	if (!slash)
		return xasprintf(".%s.paiban-key", output);
	return xasprintf("%.*s/.%s.paiban-key", (int)(slash - output), output, slash + 1);
}

static int hash_file(const char *path, unsigned char out[32], long long *bytes)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	struct sha256 s;
	sha256_init(&s);
	char buf[65536];
	size_t n;
	long long total = 0;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		sha256_update(&s, buf, n);
		total += (long long)n;
	}
	int err = ferror(f);
	fclose(f);
	if (err)
		return -1;
	sha256_final(&s, out);
	if (bytes)
		*bytes = total;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* SHA-256 over paiban's version, the job and the bytes of every input.
 * Returns 0, or -1 when an input cannot be read (then there is no key). */
static int job_key(const struct bjob *j, const char *fonts_digest, char **inputs, int n, char hex[65])
{
	struct sha256 s;
	sha256_init(&s);
	struct buf b;
	buf_init(&b);
	buf_addf(&b, "paiban-cache 1\npaiban %s\njob %s\nreport %s\nlayout %s\noutput %s\nfonts %s\n",
		 PAIBAN_VERSION, j->id, j->report, j->layout, j->output, fonts_digest);
	for (int i = 0; i < j->nvars; i++)
		buf_addf(&b, "var %s\n", j->vars[i]);
	qsort(inputs, (size_t)n, sizeof(*inputs), cmp_str);
	for (int i = 0; i < n; i++) {
		unsigned char d[32];
		char h[65];
		if (hash_file(inputs[i], d, NULL) < 0) {
			buf_release(&b);
			return -1;
		}
		buf_addf(&b, "input %s %s\n", inputs[i], sha256_hex(d, h));
	}
	sha256_update(&s, b.data, b.len);
	buf_release(&b);
	unsigned char d[32];
	sha256_final(&s, d);
	sha256_hex(d, hex);
	return 0;
}

/* The pinned fonts' digest: their names and bytes. Hashing 45 MB costs
 * about 0.2 s, so it is remembered in the user's cache folder under a name
 * made from the files' names, sizes, times and inodes: a changed font file
 * is hashed again, an unchanged one never. */
static void fonts_digest(const char *datadir, char hex[65])
{
	char *dir = xasprintf("%s/fonts", datadir);
	DIR *dp = opendir(dir);
	char **names = NULL;
	int n = 0, alloc = 0;
	struct dirent *e;
	while (dp && (e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		GROW(names, n, alloc);
		names[n++] = xstrdup(e->d_name);
	}
	if (dp)
		closedir(dp);
	qsort(names, (size_t)n, sizeof(*names), cmp_str);
	struct buf id;
	buf_init(&id);
	for (int i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);
		struct stat st;
		if (stat(path, &st) == 0)
			buf_addf(&id, "%s %lld %lld.%09ld %llu\n", names[i], (long long)st.st_size,
				 (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, (unsigned long long)st.st_ino);
		free(path);
	}
	unsigned char d[32];
	char idhex[65];
	sha256_bytes(id.data, id.len, d);
	sha256_hex(d, idhex);
	buf_release(&id);
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char *cdir = xdg && *xdg ? xasprintf("%s/paiban", xdg) : home && *home ? xasprintf("%s/.cache/paiban", home) : NULL;
	char *memo = cdir ? xasprintf("%s/fonts-%.32s", cdir, idhex) : NULL;
	char *text;
	size_t len;
	if (memo && read_file(memo, 100, &text, &len) == 0) {
		bool ok = len == 64 && strspn(text, "0123456789abcdef") == 64;
		if (ok)
			memcpy(hex, text, 65);
		free(text);
		if (ok) {
			for (int i = 0; i < n; i++)
				free(names[i]);
			free(names);
			free(dir);
			free(memo);
			free(cdir);
			return;
		}
	}
	struct sha256 s;
	sha256_init(&s);
	for (int i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);
		char h[65];
		if (hash_file(path, d, NULL) == 0) {
			char *line = xasprintf("%s %s\n", names[i], sha256_hex(d, h));
			sha256_update(&s, line, strlen(line));
			free(line);
		}
		free(path);
		free(names[i]);
	}
	free(names);
	free(dir);
	sha256_final(&s, d);
	sha256_hex(d, hex);
	if (memo && make_dirs(memo) == 0) {
		/* Best effort: a cache folder that cannot be written costs time only. */
		struct diag q;
		diag_init(&q);
		struct outfile of;
		if (outfile_open(&of, memo, &q) == 0) {
			fputs(hex, of.fp);
			outfile_commit(&of, &q);
		}
		diag_release(&q);
	}
	free(memo);
	free(cdir);
}

/* ---- one job, in a worker ---- */

struct output_rec {
	char *path;
	char sha[65];
	long long bytes;
	int pages;
};

struct job_result {
	int code;           /* 0, or the exit code of the failure */
	bool skipped;
	double render_ms;   /* laying out and writing, without the cache's work */
	struct output_rec *outs;
	int nouts;
	char **inputs;
	int ninputs;
	struct diag d;
};

static void result_release(struct job_result *r)
{
	for (int i = 0; i < r->nouts; i++)
		free(r->outs[i].path);
	free(r->outs);
	for (int i = 0; i < r->ninputs; i++)
		free(r->inputs[i]);
	free(r->inputs);
	diag_release(&r->d);
}

static void add_output(struct job_result *r, const char *path, int pages)
{
	r->outs = xreallocarray(r->outs, (size_t)r->nouts + 1, sizeof(*r->outs));
	struct output_rec *o = &r->outs[r->nouts++];
	memset(o, 0, sizeof(*o));
	o->path = xstrdup(path);
	o->pages = pages;
	unsigned char d[32];
	if (hash_file(path, d, &o->bytes) == 0)
		sha256_hex(d, o->sha);
}

/* The key file: "key HEX", then "input PATH" and "output SHA BYTES PAGES PATH". */
static bool cache_hit(const struct bjob *j, const char *fonts, struct job_result *r)
{
	char *kp = key_path(j->output);
	char *text;
	size_t len;
	int rc = read_file(kp, (size_t)16 << 20, &text, &len);
	free(kp);
	if (rc < 0)
		return false;
	char want[65] = "";
	char **inputs = NULL;
	int n = 0, alloc = 0;
	struct job_result tmp = { 0 };
	bool ok = true;
	for (char *save = NULL, *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "key ", 4) && strlen(line + 4) == 64) {
			memcpy(want, line + 4, 65);
		} else if (!strncmp(line, "input ", 6)) {
			GROW(inputs, n, alloc);
			inputs[n++] = xstrdup(line + 6);
		} else if (!strncmp(line, "output ", 7)) {
			char sha[65];
			long long bytes;
			int pages, used = 0;
			if (sscanf(line + 7, "%64s %lld %d %n", sha, &bytes, &pages, &used) < 3 || !used) {
				ok = false;
				continue;
			}
			struct stat st;
			const char *path = line + 7 + used;
			/* The output must still be there, as it was written. */
			if (stat(path, &st) != 0 || st.st_size != bytes)
				ok = false;
			tmp.outs = xreallocarray(tmp.outs, (size_t)tmp.nouts + 1, sizeof(*tmp.outs));
			struct output_rec *o = &tmp.outs[tmp.nouts++];
			o->path = xstrdup(path);
			memcpy(o->sha, sha, 65);
			o->bytes = bytes;
			o->pages = pages;
		}
	}
	free(text);
	char have[65];
	if (ok && want[0] && tmp.nouts > 0 && job_key(j, fonts, inputs, n, have) == 0 && !strcmp(have, want)) {
		r->outs = tmp.outs;
		r->nouts = tmp.nouts;
		r->inputs = inputs;
		r->ninputs = n;
		r->skipped = true;
		return true;
	}
	for (int i = 0; i < tmp.nouts; i++)
		free(tmp.outs[i].path);
	free(tmp.outs);
	for (int i = 0; i < n; i++)
		free(inputs[i]);
	free(inputs);
	return false;
}

static void write_key(const struct bjob *j, const char *fonts, struct job_result *r, struct diag *d)
{
	char hex[65];
	if (job_key(j, fonts, r->inputs, r->ninputs, hex) < 0)
		return; /* an input went away: no key, the next run renders again */
	char *kp = key_path(j->output);
	struct outfile of;
	if (outfile_open(&of, kp, d) == 0) {
		fprintf(of.fp, "key %s\n", hex);
		for (int i = 0; i < r->ninputs; i++)
			fprintf(of.fp, "input %s\n", r->inputs[i]);
		for (int i = 0; i < r->nouts; i++)
			fprintf(of.fp, "output %s %lld %d %s\n", r->outs[i].sha, r->outs[i].bytes, r->outs[i].pages,
				r->outs[i].path);
		outfile_commit(&of, d);
	}
	free(kp);
}

/* Make the folders of path (like mkdir -p of its dirname). */
static int make_dirs(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

static void run_job(struct render_cache *c, const struct bjob *j, const struct batch_opts *o,
		    const char *fonts, struct job_result *r)
{
	memset(r, 0, sizeof(*r));
	diag_init(&r->d);
	if (!o->force && cache_hit(j, fonts, r))
		return;
	struct data_opts dopts = { .vars = (const char **)j->vars, .nvars = j->nvars };
	struct render_opts ro = { .report = j->report, .layout = j->layout, .datadir = o->datadir,
				  .system_fonts = o->system_fonts, .data = &dopts };
	struct render rr;
	double t0 = now_ms();
	if (render_layout_cached(&rr, &ro, c, &r->d) < 0) {
		r->code = rr.usage_error ? EXIT_USAGE : EXIT_INPUT;
	} else if (render_check_output(&rr, j->output, &r->d) < 0) {
		r->code = EXIT_USAGE; /* the output is one of the job's inputs */
	} else if (make_dirs(j->output) < 0) {
		diag_error_file(&r->d, j->output, "cannot make its folder: %s", strerror(errno));
		r->code = EXIT_OUTPUT;
	} else if (render_export(&rr, j->output, NULL, &r->d) < 0) {
		r->code = EXIT_OUTPUT;
	} else {
		r->render_ms = now_ms() - t0;
		size_t len = strlen(j->output);
		bool png = len > 4 && !strcasecmp(j->output + len - 4, ".png");
		if (png && rr.frames.npages > 1)
			for (int i = 0; i < rr.frames.npages; i++) {
				char *name = xasprintf("%.*s-%d.png", (int)(len - 4), j->output, i + 1);
				add_output(r, name, 1);
				free(name);
			}
		else
			add_output(r, j->output, rr.frames.npages);
		r->ninputs = render_inputs(c, j->layout, &r->d, &r->inputs);
		write_key(j, fonts, r, &r->d);
	}
	if (r->code)
		r->ninputs = render_inputs(c, j->layout, &r->d, &r->inputs);
	render_release(&rr);
}

/* ---- the protocol between worker and parent ----
 * parent → worker: a job's index (int32); -1 or end of file: stop.
 * worker → parent: "D <text>\n" for each diagnostic line to print, then
 * "R <index> <code> <skipped> <ms> <rss_kb>\t<NDJSON record>\t<first error>\n".
 * Texts escape \ and newline. */

static void put_escaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			buf_addstr(b, "\\\\");
		else if (*s == '\n')
			buf_addstr(b, "\\n");
		else if (*s == '\t')
			buf_addch(b, ' ');
		else
			buf_addch(b, *s);
	}
}

static void unescape(char *s)
{
	char *o = s;
	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			*o++ = *s == 'n' ? '\n' : *s;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void record_json(struct buf *b, const struct bjob *j, const struct job_result *r, double ms,
			long rss)
{
	/* The NDJSON record of --progress json, built as text (no FILE). */
	char *tmp;
	size_t len;
	FILE *f = open_memstream(&tmp, &len);
	fputs("{\"job\": ", f);
	json_write_string(f, j->id);
	fprintf(f, ", \"status\": \"%s\", \"code\": %d, \"inputs\": [",
		r->code ? "failed" : r->skipped ? "skipped" : "ok", r->code);
	for (int i = 0; i < r->ninputs; i++) {
		fputs(i ? ", " : "", f);
		json_write_string(f, r->inputs[i]);
	}
	fputs("], \"outputs\": [", f);
	for (int i = 0; i < r->nouts; i++) {
		fputs(i ? ", {\"path\": " : "{\"path\": ", f);
		json_write_string(f, r->outs[i].path);
		fprintf(f, ", \"sha256\": \"%s\", \"bytes\": %lld, \"pages\": %d}", r->outs[i].sha,
			r->outs[i].bytes, r->outs[i].pages);
	}
	fprintf(f, "], \"ms\": %.1f, \"render_ms\": %.1f, \"worker\": %d, \"rss_kb\": %ld}", ms,
		r->render_ms, (int)getpid(), rss);
	fclose(f);
	buf_add(b, tmp, len);
	free(tmp);
}

static void worker_main(const struct plan *p, const struct batch_opts *o, const char *fonts,
			int in, int out)
{
	signal(SIGINT, SIG_IGN); /* the parent decides: finish the job in hand */
	struct diag d;
	diag_init(&d);
	struct render_cache c;
	if (render_cache_init(&c, o->datadir, o->system_fonts, &d) < 0) {
		struct buf b;
		buf_init(&b);
		for (int i = 0; i < d.n; i++) {
			char *s = diag_format(&d.entries[i]);
			buf_addstr(&b, "D ");
			put_escaped(&b, s);
			buf_addch(&b, '\n');
			free(s);
		}
		write_all(out, b.data, b.len);
		buf_release(&b);
		_exit(EXIT_INPUT);
	}
	diag_release(&d);
	long done = 0;
	for (;;) {
		int32_t idx;
		ssize_t n = read(in, &idx, sizeof(idx));
		if (n < 0 && errno == EINTR)
			continue;
		if (n != sizeof(idx) || idx < 0 || idx >= p->n)
			break;
		const struct bjob *j = &p->jobs[idx];
		double t0 = now_ms();
		struct job_result r;
		run_job(&c, j, o, fonts, &r);
		int tries = 0;
		while (r.code == EXIT_OUTPUT && tries++ < o->retries) {
			result_release(&r);
			run_job(&c, j, o, fonts, &r);
		}
		double ms = now_ms() - t0;
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);
		struct buf b;
		buf_init(&b);
		if (o->diag_json) {
			char *t;
			size_t len;
			FILE *f = open_memstream(&t, &len);
			static const char *const codes[] = { "input", "input", "usage", "output" };
			diag_print_ndjson(&r.d, f, codes[r.code > 0 && r.code < 4 ? r.code : 1], j->id,
					  o->quiet ? SEV_ERROR : SEV_NOTE);
			fclose(f);
			for (char *save = NULL, *line = strtok_r(t, "\n", &save); line;
			     line = strtok_r(NULL, "\n", &save)) {
				buf_addstr(&b, "D ");
				put_escaped(&b, line);
				buf_addch(&b, '\n');
			}
			free(t);
		} else {
			for (int i = 0; i < r.d.n; i++) {
				if (o->quiet && r.d.entries[i].sev != SEV_ERROR)
					continue;
				char *t = diag_format(&r.d.entries[i]);
				buf_addstr(&b, "D ");
				put_escaped(&b, t);
				buf_addch(&b, '\n');
				free(t);
			}
		}
		buf_addf(&b, "R %d %d %d %.1f %ld\t", idx, r.code, r.skipped, ms, ru.ru_maxrss);
		record_json(&b, j, &r, ms, ru.ru_maxrss);
		buf_addch(&b, '\t');
		/* The first error with its place, for the summary. */
		for (int i = 0; i < r.d.n; i++)
			if (r.d.entries[i].sev == SEV_ERROR) {
				char *t = diag_format(&r.d.entries[i]);
				char *nl = strchr(t, '\n');
				if (nl)
					*nl = '\0';
				put_escaped(&b, t);
				free(t);
				break;
			}
		buf_addch(&b, '\n');
		int wrc = write_all(out, b.data, b.len);
		buf_release(&b);
		result_release(&r);
		if (wrc < 0)
			break;
		if (o->max_jobs_per_worker && ++done >= o->max_jobs_per_worker)
			break;
	}
	render_cache_release(&c);
	_exit(0);
}

/* ---- the parent ---- */

struct worker {
	pid_t pid;
	int to, from;   /* job pipe (write end), result pipe (read end) */
	int job;        /* index in hand, -1 when idle */
	struct buf in;  /* partial result text */
	bool alive;
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = interrupted ? 2 : (sig == SIGINT ? 1 : 2);
}

static int spawn(struct worker *w, const struct plan *p, const struct batch_opts *o, const char *fonts,
		 struct worker *all, int nall)
{
	int a[2], b[2];
	if (pipe(a) < 0 || pipe(b) < 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(a[1]);
		close(b[0]);
		/* Not the other workers' pipes: their ends of file must come. */
		for (int i = 0; i < nall; i++)
			if (all[i].alive && &all[i] != w) {
				close(all[i].to);
				close(all[i].from);
			}
		worker_main(p, o, fonts, a[0], b[1]);
	}
	close(a[0]);
	close(b[1]);
	w->pid = pid;
	w->to = a[1];
	w->from = b[0];
	w->job = -1;
	w->alive = true;
	buf_init(&w->in);
	return 0;
}

/* Temporary files of an output a killed worker may have left:
 * .NAME.paiban-XXXXXX (and .NAME-N.png.paiban-XXXXXX for a PNG series;
 * outfile.h). */
static void remove_temps(const char *output)
{
	const char *slash = strrchr(output, '/');
	char *dir = slash ? xstrndup(output, (size_t)(slash - output)) : xstrdup(".");
	const char *base = slash ? slash + 1 : output;
	size_t bl = strlen(base);
	const char *dot = strrchr(base, '.');
	size_t stem = dot ? (size_t)(dot - base) : bl;
	DIR *dp = opendir(dir);
	struct dirent *e;
	while (dp && (e = readdir(dp)) != NULL) {
		const char *n = e->d_name;
		size_t nl = strlen(n);
		if (!outfile_is_temp(n) || nl < stem + 1 || strncmp(n + 1, base, stem))
			continue;
		char *path = xasprintf("%s/%s", dir, n);
		unlink(path);
		free(path);
	}
	if (dp)
		closedir(dp);
	free(dir);
}

struct stats {
	int done, ok, skipped, failed, total;
	double t0;
	bool tty;
	char **failures; /* "id: first error" */
	int nfail;
};

static void progress(struct stats *s, const struct bjob *j, const char *status, double ms,
		     const struct batch_opts *o)
{
	if (o->progress == PROGRESS_NONE)
		return;
	double el = (now_ms() - s->t0) / 1000;
	double rate = el > 0 ? s->done / el : 0;
	if (s->tty) {
		int width = 30, fill = s->total ? s->done * width / s->total : width;
		double eta = rate > 0 ? (s->total - s->done) / rate : 0;
		fprintf(stderr, "\r\033[K[%.*s%*s] %d/%d  %.1f jobs/s  ETA %d:%02d  %d failed", fill,
			"##############################", width - fill, "", s->done, s->total, rate,
			(int)eta / 60, (int)eta % 60, s->failed);
		if (s->done == s->total)
			fputc('\n', stderr);
	} else {
		fprintf(stderr, "[%*d/%d] %-7s %s (%.0f ms)\n", (int)snprintf(NULL, 0, "%d", s->total), s->done,
			s->total, status, j->id, ms);
	}
}

static void clear_bar(const struct stats *s)
{
	if (s->tty)
		fputs("\r\033[K", stderr);
}

/* One line from a worker. Returns the job index finished, or -1. */
static int handle_line(struct worker *w, char *line, const struct plan *p, const struct batch_opts *o,
		       struct stats *s)
{
	if (line[0] == 'D' && line[1] == ' ') {
		unescape(line + 2);
		clear_bar(s);
		fputs(line + 2, stderr);
		if (o->diag_json)
			fputc('\n', stderr);
		return -1;
	}
	if (line[0] != 'R')
		return -1;
	int idx, code, skipped;
	double ms;
	long rss;
	if (sscanf(line, "R %d %d %d %lf %ld", &idx, &code, &skipped, &ms, &rss) != 5 || idx < 0 ||
	    idx >= p->n)
		return -1;
	char *rec = strchr(line, '\t');
	char *first = rec ? strchr(rec + 1, '\t') : NULL;
	if (first)
		*first++ = '\0';
	const struct bjob *j = &p->jobs[idx];
	s->done++;
	if (code) {
		s->failed++;
		if (first)
			unescape(first);
		s->failures = xreallocarray(s->failures, (size_t)s->nfail + 1, sizeof(char *));
		s->failures[s->nfail++] = xasprintf("%s: %s", j->id, first && *first ? first : "failed");
	} else if (skipped) {
		s->skipped++;
	} else {
		s->ok++;
	}
	if (o->progress == PROGRESS_JSON && rec) {
		fputs(rec + 1, stdout);
		fputc('\n', stdout);
		fflush(stdout);
	}
	progress(s, j, code ? "FAILED" : skipped ? "skipped" : "ok", ms, o);
	w->job = -1;
	(void)rss;
	return idx;
}

int batch_run(const struct plan *p, const struct batch_opts *o)
{
	char fonts[65];
	fonts_digest(o->datadir, fonts);
	int nw = o->jobs < 1 ? 1 : o->jobs;
	if (nw > p->n && p->n > 0)
		nw = p->n;
	struct stats s = { .total = p->n, .t0 = now_ms() };
	s.tty = o->progress == PROGRESS_AUTO && isatty(2);
	if (o->resume)
		fprintf(stderr, "paiban: resuming: jobs whose outputs are up to date are skipped\n");
	/* What an earlier, killed run may have left half-written. */
	for (int i = 0; i < p->n; i++)
		remove_temps(p->jobs[i].output);
	struct sigaction sa = { 0 }, old_int, old_term, old_pipe;
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	interrupted = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	struct sigaction ign = { 0 };
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old_pipe);
	struct worker *w = xcalloc((size_t)nw + 1, sizeof(*w));
	int next = 0, busy = 0;
	bool stop = false, said = false;
	for (int i = 0; i < nw && p->n > 0; i++)
		if (spawn(&w[i], p, o, fonts, w, nw) < 0) {
			fprintf(stderr, "paiban: error: cannot start a worker: %s\n", strerror(errno));
			stop = true;
			break;
		}
	for (;;) {
		if (interrupted && !said) {
			clear_bar(&s);
			fprintf(stderr, interrupted == 1 ? "paiban: interrupted: finishing the %d running job%s (Ctrl-C again stops at once)\n"
							 : "paiban: stopping\n", busy, busy == 1 ? "" : "s");
			said = true;
			stop = true;
		}
		if (interrupted == 2)
			break;
		/* Hand out jobs to idle workers. */
		for (int i = 0; i < nw && !stop; i++) {
			if (!w[i].alive || w[i].job >= 0 || next >= p->n)
				continue;
			int32_t idx = next;
			if (write_all(w[i].to, (const char *)&idx, sizeof(idx)) < 0)
				continue;
			w[i].job = next++;
			busy++;
		}
		if (busy == 0 && (stop || next >= p->n))
			break;
		struct pollfd *pf = xcalloc((size_t)nw, sizeof(*pf));
		for (int i = 0; i < nw; i++) {
			pf[i].fd = w[i].alive ? w[i].from : -1;
			pf[i].events = POLLIN;
		}
		int pr = poll(pf, (nfds_t)nw, 1000);
		if (pr < 0 && errno != EINTR) {
			free(pf);
			break;
		}
		for (int i = 0; i < nw && pr > 0; i++) {
			if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			char buf[65536];
			ssize_t n = read(w[i].from, buf, sizeof(buf));
			if (n > 0) {
				buf_add(&w[i].in, buf, (size_t)n);
				char *nl;
				while ((nl = memchr(w[i].in.data, '\n', w[i].in.len)) != NULL) {
					*nl = '\0';
					int was = w[i].job;
					int fin = handle_line(&w[i], w[i].in.data, p, o, &s);
					if (fin >= 0 && was >= 0) {
						busy--;
						if (s.failed && !o->keep_going)
							stop = true;
					}
					size_t used = (size_t)(nl - w[i].in.data) + 1;
					memmove(w[i].in.data, nl + 1, w[i].in.len - used + 1);
					w[i].in.len -= used;
				}
				continue;
			}
			if (n < 0 && errno == EINTR)
				continue;
			/* The worker is gone: its job (if any) failed; start another. */
			int status = 0;
			close(w[i].from);
			close(w[i].to);
			waitpid(w[i].pid, &status, 0);
			w[i].alive = false;
			buf_release(&w[i].in);
			if (w[i].job >= 0) {
				const struct bjob *j = &p->jobs[w[i].job];
				clear_bar(&s);
				s.done++;
				s.failed++;
				s.failures = xreallocarray(s.failures, (size_t)s.nfail + 1, sizeof(char *));
				s.failures[s.nfail++] = WIFSIGNALED(status)
					? xasprintf("%s: the worker died (signal %d)", j->id, WTERMSIG(status))
					: xasprintf("%s: the worker stopped (exit %d)", j->id, WEXITSTATUS(status));
				remove_temps(j->output);
				busy--;
				w[i].job = -1;
				if (!o->keep_going)
					stop = true;
			}
			if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_INPUT && s.done == 0) {
				stop = true; /* the fonts do not load: no worker can run */
				s.failed++;
			}
			if (!stop && next < p->n && spawn(&w[i], p, o, fonts, w, nw) < 0)
				stop = true;
		}
		free(pf);
	}
	/* Done, stopped or interrupted: close the job pipes (workers exit). */
	for (int i = 0; i < nw; i++) {
		if (!w[i].alive)
			continue;
		if (interrupted == 2) {
			kill(w[i].pid, SIGKILL);
			if (w[i].job >= 0)
				remove_temps(p->jobs[w[i].job].output);
		}
		close(w[i].to);
	}
	for (int i = 0; i < nw; i++) {
		if (!w[i].alive)
			continue;
		char buf[4096];
		while (interrupted != 2 && read(w[i].from, buf, sizeof(buf)) > 0)
			;
		close(w[i].from);
		waitpid(w[i].pid, NULL, 0);
		buf_release(&w[i].in);
	}
	free(w);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGPIPE, &old_pipe, NULL);
	clear_bar(&s);
	double el = (now_ms() - s.t0) / 1000;
	fprintf(stderr, "paiban: %d job%s: %d rendered, %d up to date, %d failed, %d not run (%.1f s, %.2f jobs/s)\n",
		p->n, p->n == 1 ? "" : "s", s.ok, s.skipped, s.failed, p->n - s.done, el,
		el > 0 ? s.done / el : 0.0);
	for (int i = 0; i < s.nfail; i++) {
		fprintf(stderr, "  failed: %s\n", s.failures[i]);
		free(s.failures[i]);
	}
	free(s.failures);
	if (interrupted)
		return 130;
	return s.failed || s.done < p->n ? EXIT_JOBS : EXIT_OK;
}
