/* cmd_data.c — `paiban eval` and `paiban inspect`, and the data options
 * they share with `paiban render` (cmd_data.h). inspect's JSON is
 * documented in docs/data.md ("paiban inspect"). */
#include "cmd_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/input.h"
#include "base/sha256.h"
#include "render.h"

void data_args_init(struct data_args *a)
{
	memset(a, 0, sizeof(*a));
	a->o.vars = a->vars;
	a->o.data = a->data;
}

int data_option(int c, const char *arg, struct data_args *a)
{
	switch (c) {
	case OPT_VAR:
	case OPT_DATA: {
		int *n = c == OPT_VAR ? &a->o.nvars : &a->o.ndata;
		const char **v = c == OPT_VAR ? a->vars : a->data;
		if (*n == DATA_MAX_ARGS) {
			fprintf(stderr, "paiban: error: at most %d --%s options\n(see paiban --help)\n",
				DATA_MAX_ARGS, c == OPT_VAR ? "var" : "data");
			return -1;
		}
		if (!strchr(arg, '=') || arg[0] == '=') {
			fprintf(stderr, "paiban: error: --%s %s: write --%s NAME=%s\n(see paiban --help)\n",
				c == OPT_VAR ? "var" : "data", arg, c == OPT_VAR ? "var" : "data",
				c == OPT_VAR ? "VALUE" : "FILE");
			return -1;
		}
		v[(*n)++] = arg;
		return 1;
	}
	case OPT_VARS:
		a->o.vars_file = arg;
		return 1;
	case OPT_STRICT:
		a->o.strict = true;
		return 1;
	default:
		return 0;
	}
}

bool data_opts_stdin(const struct data_opts *o)
{
	for (int i = 0; o && i < o->ndata; i++) {
		const char *eq = strchr(o->data[i], '=');
		if (eq && !strcmp(eq + 1, "-"))
			return true;
	}
	return false;
}

static void print_diags(const struct diag *d)
{
	for (int i = 0; i < d->n; i++) {
		char *s = diag_format(&d->entries[i]);
		fputs(s, stderr);
		free(s);
	}
}

static int usage(const char *cmd, const char *msg)
{
	fprintf(stderr, "paiban: error: %s: %s\n(see paiban --help)\n", cmd, msg);
	return EXIT_USAGE;
}

/* ---- JSON ---- */

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* A string, or null for none. */
static void json_opt(FILE *f, const char *s)
{
	if (s)
		json_str(f, s);
	else
		fputs("null", f);
}

static void json_strn(FILE *f, const char *s, size_t n)
{
	char *t = xstrndup(s, n);
	json_str(f, t);
	free(t);
}

static const char *type_name(enum var_type t)
{
	static const char *const n[] = { "string", "number", "integer", "date", "month", "bool" };
	return n[t];
}

/* A value in JSON: numbers as exact decimal strings (JSON numbers are
 * doubles to most readers), the rest as their report text. */
static void json_value(FILE *f, const struct value *v)
{
	char *t = value_to_text(v);
	fprintf(f, "{\"type\": ");
	json_str(f, v->k == V_MISSING ? "missing" : v->k == V_NUM ? "number" : v->k == V_STR ? "text"
		 : v->k == V_BOOL ? "bool" : v->k == V_MONTH ? "month" : v->k == V_DATE ? "date"
		 : v->k == V_LIST ? "list" : v->k == V_TABLE ? "table" : v->k == V_ROW ? "row" : "mapping");
	fprintf(f, ", \"text\": ");
	json_opt(f, t && v->k == V_MISSING ? "" : t);
	if (v->k == V_MISSING) {
		fprintf(f, ", \"why\": ");
		json_str(f, v->s ? v->s : "");
	}
	fputc('}', f);
	free(t);
}

static void json_diags(FILE *f, const struct diag *d)
{
	fprintf(f, "  \"diagnostics\": [");
	for (int i = 0; i < d->n; i++) {
		const struct diag_entry *e = &d->entries[i];
		fprintf(f, "%s\n    {\"severity\": \"%s\", \"message\": ", i ? "," : "",
			e->sev == SEV_ERROR ? "error" : e->sev == SEV_WARNING ? "warning" : "note");
		json_str(f, e->msg);
		if (e->span.src) {
			int line, col;
			span_line_col(&e->span, &line, &col);
			fprintf(f, ", \"file\": ");
			json_str(f, e->span.src->path);
			fprintf(f, ", \"line\": %d, \"col\": %d}", line, col);
		} else {
			fprintf(f, ", \"file\": ");
			json_opt(f, e->path);
			fprintf(f, ", \"line\": null, \"col\": null}");
		}
	}
	fprintf(f, "%s]\n", d->n ? "\n  " : "");
}

/* ---- a report's data, loaded for eval and inspect ---- */

struct loaded {
	struct input in;
	struct dataset ds;
	bool have_ds;
};

static int load(struct loaded *l, const char *report, const struct data_opts *o, struct diag *d)
{
	memset(l, 0, sizeof(*l));
	if (input_load(&l->in, d, report, NULL) < 0)
		return -1;
	l->have_ds = true;
	return dataset_open(&l->ds, l->in.root, report, o, NULL, d);
}

static void unload(struct loaded *l)
{
	if (l->have_ds)
		dataset_release(&l->ds);
	input_release(&l->in);
}

static int exit_code(const struct loaded *l, const struct diag *d)
{
	if (l->have_ds && l->ds.usage_error)
		return EXIT_USAGE;
	return d->errors ? EXIT_INPUT : EXIT_OK;
}

int cmd_eval(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		DATA_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct data_args da;
	data_args_init(&da);
	bool json = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		int dc = data_option(c, optarg, &da);
		if (dc < 0)
			return EXIT_USAGE;
		if (dc)
			continue;
		if (c == 'j') {
			json = true;
		} else if (c == 'h') {
			puts("usage: paiban eval REPORT EXPRESSION [--var NAME=VALUE] [--vars FILE] [--data NAME=FILE] [--strict] [--json]");
			return EXIT_OK;
		} else {
			fputs("(see paiban --help)\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 2)
		return usage("eval", "give a REPORT and one EXPRESSION (quote it for the shell)");
	struct diag d;
	diag_init(&d);
	struct loaded l;
	int code = EXIT_OK;
	struct value v;
	if (load(&l, argv[optind], &da.o, &d) < 0 || d.errors) {
		code = exit_code(&l, &d);
	} else if (dataset_eval_text(&l.ds, "<expression>", argv[optind + 1], &v) < 0) {
		code = EXIT_INPUT;
	} else {
		if (v.k == V_MISSING)
			diag_warning_at(&d, span_none(), "the value is missing (%s)", v.s ? v.s : "no value");
		char *t = value_to_text(&v);
		if (json) {
			json_value(stdout, &v);
			fputc('\n', stdout);
		} else if (!t) {
			diag_error(&d, "the value is %s, which has no text; pick a value from it",
				   value_kind_name(&v));
			code = EXIT_INPUT;
		} else {
			puts(t);
		}
		free(t);
		if (d.errors && code == EXIT_OK)
			code = EXIT_INPUT;
	}
	print_diags(&d);
	unload(&l);
	diag_release(&d);
	return code;
}

/* What render would write for layout `layout` to `output` (a file or a
 * folder), found by laying the report out. */
static int outputs_of(const char *report, const char *layout, const char *output, bool folder,
		      const struct data_opts *o, struct diag *d, char ***paths, int *n)
{
	struct render_opts ro = { .report = report, .layout = layout, .datadir = render_datadir(),
				  .system_fonts = true, .data = o };
	struct render r;
	int rc = render_layout(&r, &ro, d);
	if (rc == 0) {
		char *name = folder ? render_output_name(output, report, layout, r.frames.canvas)
				    : xstrdup(output);
		size_t len = strlen(name);
		bool png = len > 4 && !strcasecmp(name + len - 4, ".png");
		if (png && r.frames.npages > 1) {
			for (int i = 0; i < r.frames.npages; i++) {
				*paths = xreallocarray(*paths, (size_t)*n + 1, sizeof(**paths));
				(*paths)[(*n)++] = xasprintf("%.*s-%d.png", (int)(len - 4), name, i + 1);
			}
			free(name);
		} else {
			*paths = xreallocarray(*paths, (size_t)*n + 1, sizeof(**paths));
			(*paths)[(*n)++] = name;
		}
	}
	render_release(&r);
	return rc;
}

static void print_text(const struct dataset *ds, char **outs, int nouts)
{
	char hex[65];
	printf("variables:\n");
	for (int i = 0; i < ds->nvars; i++) {
		char *t = value_to_text(&ds->vars[i].val);
		printf("  %s (%s) = %s  [%s]\n", ds->vars[i].name, type_name(ds->vars[i].type), t ? t : "",
		       ds->vars[i].from ? ds->vars[i].from : "unset");
		free(t);
	}
	printf("data:\n");
	for (int i = 0; i < ds->nsrcs; i++) {
		const struct dsource *s = &ds->srcs[i];
		if (s->present)
			printf("  %s: %s (%s, %d rows, %zu bytes, sha256 %s)\n", s->name, s->path, s->format,
			       s->rows, s->bytes, sha256_hex(s->sha256, hex));
		else
			printf("  %s: %s (absent%s)\n", s->name, s->path ? s->path : s->pattern,
			       s->optional ? ", optional" : "");
	}
	printf("computed:\n");
	for (int i = 0; i < ds->ncomp; i++) {
		char *t = value_to_text(&ds->comp[i].val);
		printf("  %s = %s\n", ds->comp[i].name, ds->comp[i].state == 2 && t ? t : "(error)");
		free(t);
	}
	printf("checks:\n");
	for (int i = 0; i < ds->nchecks; i++) {
		const struct check *c = &ds->checks[i];
		printf("  %s: %.*s%s%s\n", c->result == 1 ? "passed" : c->result == 0 ? "FAILED" : "ERROR",
		       (int)c->n->len, c->n->s, c->detail ? " — " : "", c->detail ? c->detail : "");
	}
	if (nouts) {
		printf("outputs:\n");
		for (int i = 0; i < nouts; i++)
			printf("  %s\n", outs[i]);
	}
}

static void print_json(const char *report, const struct dataset *ds, char **outs, int nouts,
		       const struct diag *d)
{
	char hex[65];
	FILE *f = stdout;
	fprintf(f, "{\n  \"report\": ");
	json_str(f, report);
	fprintf(f, ",\n  \"vars\": [");
	for (int i = 0; i < ds->nvars; i++) {
		const struct var *v = &ds->vars[i];
		char *t = value_to_text(&v->val);
		fprintf(f, "%s\n    {\"name\": ", i ? "," : "");
		json_str(f, v->name);
		fprintf(f, ", \"type\": \"%s\", \"value\": ", type_name(v->type));
		json_opt(f, v->set ? t : NULL);
		fprintf(f, ", \"from\": ");
		json_str(f, v->from ? v->from : "unset");
		fprintf(f, ", \"description\": ");
		json_opt(f, v->description);
		fputc('}', f);
		free(t);
	}
	fprintf(f, "%s],\n  \"data\": [", ds->nvars ? "\n  " : "");
	for (int i = 0; i < ds->nsrcs; i++) {
		const struct dsource *s = &ds->srcs[i];
		fprintf(f, "%s\n    {\"name\": ", i ? "," : "");
		json_str(f, s->name);
		fprintf(f, ", \"pattern\": ");
		json_str(f, s->pattern);
		fprintf(f, ", \"path\": ");
		json_opt(f, s->path);
		fprintf(f, ", \"format\": ");
		json_opt(f, s->format);
		fprintf(f, ", \"optional\": %s, \"present\": %s", s->optional ? "true" : "false",
			s->present ? "true" : "false");
		if (s->present) {
			fprintf(f, ", \"bytes\": %zu, \"sha256\": \"%s\", \"rows\": %d", s->bytes,
				sha256_hex(s->sha256, hex), s->rows);
			if (s->root.k == V_TABLE) {
				const struct dtable *t = s->root.t;
				fprintf(f, ", \"key\": ");
				json_strn(f, t->cols[t->key].name, t->cols[t->key].len);
				fprintf(f, ", \"columns\": [");
				for (int c = 0; c < t->ncols; c++) {
					if (c)
						fputs(", ", f);
					json_strn(f, t->cols[c].name, t->cols[c].len);
				}
				fputc(']', f);
			}
		}
		fputc('}', f);
	}
	fprintf(f, "%s],\n  \"computed\": [", ds->nsrcs ? "\n  " : "");
	for (int i = 0; i < ds->ncomp; i++) {
		fprintf(f, "%s\n    {\"name\": ", i ? "," : "");
		json_str(f, ds->comp[i].name);
		fprintf(f, ", \"value\": ");
		if (ds->comp[i].state == 2)
			json_value(f, &ds->comp[i].val);
		else
			fputs("null", f);
		fputc('}', f);
	}
	fprintf(f, "%s],\n  \"checks\": [", ds->ncomp ? "\n  " : "");
	for (int i = 0; i < ds->nchecks; i++) {
		const struct check *c = &ds->checks[i];
		int line = 0, col = 0;
		if (c->n->span.src)
			span_line_col(&c->n->span, &line, &col);
		fprintf(f, "%s\n    {\"assert\": ", i ? "," : "");
		json_strn(f, c->n->s, c->n->len);
		fprintf(f, ", \"line\": %d, \"col\": %d, \"level\": \"%s\", \"result\": \"%s\", \"message\": ",
			line, col, c->warning ? "warning" : "error",
			c->result == 1 ? "passed" : c->result == 0 ? "failed" : "error");
		json_opt(f, c->message);
		fprintf(f, ", \"values\": ");
		json_opt(f, c->detail);
		fputc('}', f);
	}
	fprintf(f, "%s],\n  \"outputs\": [", ds->nchecks ? "\n  " : "");
	for (int i = 0; i < nouts; i++) {
		if (i)
			fputs(", ", f);
		json_str(f, outs[i]);
	}
	fprintf(f, "],\n");
	json_diags(f, d);
	fprintf(f, "}\n");
}

int cmd_inspect(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "layout", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		DATA_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct data_args da;
	data_args_init(&da);
	bool json = false;
	const char *layout = NULL, *output = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "l:o:h", longopts, NULL)) != -1) {
		int dc = data_option(c, optarg, &da);
		if (dc < 0)
			return EXIT_USAGE;
		if (dc)
			continue;
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'l':
			layout = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'h':
			puts("usage: paiban inspect REPORT [--var NAME=VALUE] [--vars FILE] [--data NAME=FILE] [--strict] [-l LAYOUT -o OUTPUT] [--json]");
			return EXIT_OK;
		default:
			fputs("(see paiban --help)\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return usage("inspect", "give one REPORT");
	if ((layout != NULL) != (output != NULL))
		return usage("inspect", "-l LAYOUT and -o OUTPUT go together (the outputs a render would write)");
	if (layout && data_opts_stdin(&da.o))
		return usage("inspect", "--data NAME=- (standard input) cannot be combined with -l");
	da.o.hash = true;
	const char *report = argv[optind];
	struct diag d;
	diag_init(&d);
	struct loaded l;
	char **outs = NULL;
	int nouts = 0;
	if (load(&l, report, &da.o, &d) == 0 && !d.errors) {
		/* Expanding evaluates every ${…}, so their warnings are seen;
		 * then each computed value and check. */
		struct arena a;
		arena_init(&a);
		if (dataset_expand(&l.ds, l.in.root, &a))
			dataset_run_checks(&l.ds);
		arena_release(&a);
		if (layout && !d.errors) {
			size_t n = strlen(output);
			bool folder = n > 0 && output[n - 1] == '/';
			char *list = xstrdup(layout);
			for (char *save = NULL, *name = strtok_r(list, ",", &save); name;
			     name = strtok_r(NULL, ",", &save)) {
				/* The render's own diagnostics repeat the data's: keep
				 * only what is new. */
				struct diag rd;
				diag_init(&rd);
				if (outputs_of(report, name, output, folder || strchr(layout, ','), &da.o, &rd,
					       &outs, &nouts) < 0)
					for (int i = 0; i < rd.n; i++)
						if (rd.entries[i].sev == SEV_ERROR)
							diag_error(&d, "layout %s: %s", name, rd.entries[i].msg);
				diag_release(&rd);
			}
			free(list);
		}
	}
	int code = exit_code(&l, &d);
	if (json) {
		print_json(report, &l.ds, outs, nouts, &d);
	} else {
		if (l.have_ds && !(l.ds.usage_error))
			print_text(&l.ds, outs, nouts);
		print_diags(&d);
	}
	for (int i = 0; i < nouts; i++)
		free(outs[i]);
	free(outs);
	unload(&l);
	diag_release(&d);
	return code;
}
