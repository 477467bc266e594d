/* fuzz.c — the helpers of fuzz.h. */
#include "fuzz.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "model/chart.h"
#include "model/table.h"
#include "parse/report.h"
#include "render.h"

_Noreturn void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: fuzz check failed: %s\n", file, line, what);
	abort();
}

static void copy_file(const char *from, const char *to)
{
	char *data;
	size_t len;
	if (read_file(from, (size_t)64 << 20, &data, &len) < 0)
		return;
	FILE *f = fopen(to, "wb");
	if (f) {
		fwrite(data, 1, len, f);
		fclose(f);
	}
	free(data);
}

const char *fuzz_dir(void)
{
	static char dir[512];
	if (dir[0])
		return dir;
	const char *tmp = getenv("TMPDIR");
	struct stat st;
	if (!tmp || !*tmp)
		tmp = stat("/dev/shm", &st) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dir, sizeof(dir), "%s/paiban-fuzz-%ld", tmp, (long)getpid());
	mkdir(dir, 0700);
	char *data = xasprintf("%s/data", dir);
	mkdir(data, 0700);
	/* The samples' data, and the monthly sample's, as data/NAME. */
	static const char *const files[] = {
		"data/gdp.csv", "data/power.csv", "data/projects.csv", "data/park.png",
		"data/park.jpg", "data/logo.svg", "data/logo.png", "monthly/data/2025-02.csv",
		"monthly/data/2025-03.csv", "monthly/data/2025-04.csv", "monthly/data/areas-2025-02.csv",
		"monthly/data/areas-2025-03.csv", "monthly/data/areas-2025-04.csv",
	};
	for (size_t i = 0; i < ARRAY_LEN(files); i++) {
		char *from = xasprintf("%s/samples/%s", render_datadir(), files[i]);
		char *to = xasprintf("%s/%s", data, strrchr(files[i], '/') + 1);
		copy_file(from, to);
		free(from);
		free(to);
	}
	free(data);
	return dir;
}

const char *fuzz_write(const char *name, const uint8_t *data, size_t size)
{
	static char path[600];
	snprintf(path, sizeof(path), "%s/%s", fuzz_dir(), name);
	FILE *f = fopen(path, "wb");
	if (!f)
		fuzz_fail(__FILE__, __LINE__, "cannot write the input file");
	if (size)
		fwrite(data, 1, size, f);
	fclose(f);
	return path;
}

char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Shown to a terminal: valid UTF-8, no control characters but '\n'. */
static void check_printable(const char *s)
{
	size_t len = strlen(s);
	FUZZ_CHECK(utf8_invalid_at(s, len) == (size_t)-1);
	for (size_t i = 0; i < len;) {
		int c = utf8_next(s, len, &i);
		FUZZ_CHECK(c == '\n' || (c >= 0x20 && c != 0x7F && !(c >= 0x80 && c <= 0x9F)));
		FUZZ_CHECK(!(c >= 0x202A && c <= 0x202E) && !(c >= 0x2066 && c <= 0x2069));
	}
}

void fuzz_check_diag(const struct diag *d)
{
	int errors = 0;
	for (int i = 0; i < d->n; i++) {
		const struct diag_entry *e = &d->entries[i];
		FUZZ_CHECK(e->msg != NULL);
		if (e->span.src) {
			FUZZ_CHECK(e->span.off <= e->span.src->len);
			FUZZ_CHECK(e->span.len <= e->span.src->len - e->span.off);
		}
		char *s = diag_format(e);
		check_printable(s);
		free(s);
		errors += e->sev == SEV_ERROR;
	}
	FUZZ_CHECK(errors == d->errors);
	FUZZ_CHECK(d->errors <= d->max_errors);
}

static void check_text(const struct text *t)
{
	if (!t->s) { /* an absent text (meta without the key): nothing */
		FUZZ_CHECK(t->len == 0 && t->nbold == 0 && t->nemph == 0);
		return;
	}
	FUZZ_CHECK(strlen(t->s) == t->len);
	FUZZ_CHECK(utf8_invalid_at(t->s, t->len) == (size_t)-1);
	for (int i = 0; i < t->nbold; i++)
		FUZZ_CHECK(t->bold[i].start <= t->bold[i].end && t->bold[i].end <= t->len);
	for (int i = 0; i < t->nemph; i++)
		FUZZ_CHECK(t->emph[i].start <= t->emph[i].end && t->emph[i].end <= t->len);
	if (t->span.src)
		FUZZ_CHECK(t->span.off <= t->span.src->len);
}

void fuzz_check_document(const struct document *doc)
{
	const struct meta *m = &doc->meta;
	const struct text *meta[] = { &m->masthead, &m->issue, &m->publisher, &m->title,
				      &m->subtitle, &m->byline, &m->date };
	for (size_t i = 0; i < ARRAY_LEN(meta); i++)
		check_text(meta[i]);
	FUZZ_CHECK(doc->nblocks >= 0 && doc->nblocks <= LIMIT_BLOCKS);
	for (int i = 0; i < doc->nblocks; i++) {
		const struct block *b = &doc->blocks[i];
		for (int k = 0; k < b->npara; k++)
			check_text(&b->paras[k]);
		for (int k = 0; k < b->nkpis; k++) {
			const struct kpi *p = &b->kpis[k];
			check_text(&p->value);
			check_text(&p->unit);
			check_text(&p->label);
		}
		if (b->kind == BLOCK_CHART && b->chart) {
			const struct chart *c = b->chart;
			FUZZ_CHECK(c->nseries >= 1 && c->nseries <= CHART_MAX_SERIES);
			FUZZ_CHECK(c->ncats >= 1 && c->ncats <= CHART_MAX_CATEGORIES);
			for (int k = 0; k < c->ncats; k++)
				check_text(&c->cats[k]);
			/* A value is within the limit, or NaN: missing ("-", "—"). */
			for (int s = 0; s < c->nseries; s++)
				for (int k = 0; k < c->ncats; k++)
					FUZZ_CHECK(isnan(c->series[s].v[k]) ||
						   (c->series[s].v[k] >= -LIMIT_CHART_VALUE &&
						    c->series[s].v[k] <= LIMIT_CHART_VALUE));
		}
		if (b->kind == BLOCK_TABLE && b->table) {
			const struct table *t = b->table;
			FUZZ_CHECK(t->ncols >= 1 && t->ncols <= TABLE_MAX_COLUMNS);
			FUZZ_CHECK(t->nrows >= 2 && t->nrows <= TABLE_MAX_ROWS + 1);
			for (int k = 0; k < t->nrows * t->ncols; k++)
				check_text(&t->cells[k]);
		}
	}
}

void fuzz_parse_report(const char *name, const uint8_t *data, size_t size)
{
	const char *path = fuzz_write(name, data, size);
	struct document doc;
	struct diag d;
	document_init(&doc);
	diag_init(&d);
	int rc = report_parse(&doc, &d, path, NULL);
	FUZZ_CHECK((rc < 0) == (d.errors > 0));
	if (rc == 0)
		fuzz_check_document(&doc);
	fuzz_check_diag(&d);
	document_release(&doc);
	diag_release(&d);
}
