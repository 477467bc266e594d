/* batch_worker.c — a worker process of a batch run (batch_worker.h,
 * docs/batch.md): it keeps its fonts, text context and layouts
 * (render_cache) for every job it renders, skips a job whose key matches
 * (batch_key.h), writes atomically (outfile), retries a job that failed to
 * write, and answers each job with its diagnostics and one result line. */
#include "batch_worker.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "batch_key.h"
#include "parse/data.h"
#include "render.h"

/* One job: skipped when its key matches (unless --force), else rendered,
 * written and its key file written beside the output. */
static void run_job(struct render_cache *c, const struct bjob *j, const struct batch_opts *o,
		    const char *fonts, struct job_result *r)
{
	memset(r, 0, sizeof(*r));
	diag_init(&r->d);
	if (!o->force && batch_key_hit(j, fonts, r))
		return;
	struct data_opts dopts = { .vars = (const char **)j->vars, .nvars = j->nvars };
	struct render_opts ro = { .report = j->report, .layout = j->layout, .datadir = o->datadir,
				  .system_fonts = o->system_fonts, .data = &dopts };
	struct render rr;
	double t0 = batch_now_ms();
	if (render_layout_cached(&rr, &ro, c, &r->d) < 0) {
		r->code = rr.usage_error ? EXIT_USAGE : EXIT_INPUT;
	} else if (render_check_output(&rr, j->output, &r->d) < 0) {
		r->code = EXIT_USAGE; /* the output is one of the job's inputs */
	} else if (batch_make_dirs(j->output) < 0) {
		diag_error_file(&r->d, j->output, "cannot make its folder: %s", strerror(errno));
		r->code = EXIT_OUTPUT;
	} else if (render_export(&rr, j->output, NULL, &r->d) < 0) {
		r->code = EXIT_OUTPUT;
	} else {
		r->render_ms = batch_now_ms() - t0;
		size_t len = strlen(j->output);
		bool png = len > 4 && !strcasecmp(j->output + len - 4, ".png");
		if (png && rr.frames.npages > 1)
			for (int i = 0; i < rr.frames.npages; i++) {
				char *name = xasprintf("%.*s-%d.png", (int)(len - 4), j->output, i + 1);
				job_result_add_output(r, name, 1);
				free(name);
			}
		else
			job_result_add_output(r, j->output, rr.frames.npages);
		r->ninputs = render_inputs(c, j->layout, &r->d, &r->inputs);
		char **files;
		int nfiles = render_font_files(&rr, &files);
		job_result_set_fonts(r, o->datadir, files, nfiles);
		batch_key_write(j, fonts, r, &r->d);
	}
	if (r->code)
		r->ninputs = render_inputs(c, j->layout, &r->d, &r->inputs);
	render_release(&rr);
}

/* ---- the protocol (batch_worker.h) ---- */

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

void batch_unescape(char *s)
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

int batch_write_all(int fd, const char *p, size_t n)
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

double batch_now_ms(void)
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
	fputs("], \"machine_fonts\": [", f);
	for (int i = 0; i < r->nfonts; i++) {
		fputs(i ? ", " : "", f);
		json_write_string(f, r->fonts[i]);
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

_Noreturn void batch_worker_main(const struct plan *p, const struct batch_opts *o, const char *fonts,
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
		batch_write_all(out, b.data, b.len);
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
		double t0 = batch_now_ms();
		struct job_result r;
		run_job(&c, j, o, fonts, &r);
		int tries = 0;
		while (r.code == EXIT_OUTPUT && tries++ < o->retries) {
			job_result_release(&r);
			run_job(&c, j, o, fonts, &r);
		}
		double ms = batch_now_ms() - t0;
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
		int wrc = batch_write_all(out, b.data, b.len);
		buf_release(&b);
		job_result_release(&r);
		if (wrc < 0)
			break;
		if (o->max_jobs_per_worker && ++done >= o->max_jobs_per_worker)
			break;
	}
	render_cache_release(&c);
	_exit(0);
}

