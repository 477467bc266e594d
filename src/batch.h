/* batch.h — batch publishing (docs/batch.md): a manifest of jobs expanded
 * into a sorted plan with stable ids, and a run of the plan by worker
 * processes that load fonts and layouts once, skip jobs whose cache key
 * matches, write atomically, and report progress, NDJSON records and a
 * summary. Part of the command line (it prints). */
#ifndef PAIBAN_BATCH_H
#define PAIBAN_BATCH_H

#include <stdbool.h>
#include <stdio.h>

#include "base/diag.h"

/* One job of the plan: one report, one layout, one output. */
struct bjob {
	char *id;       /* "bulletin/2025-03/briefing": stable, unique */
	char *report;   /* path */
	char *layout;
	char *output;   /* path of the file (a PNG series: NAME-1.png …) */
	char **vars;    /* "name=value" for the report */
	int nvars;
	struct span at; /* the job in the manifest */
};

struct plan {
	struct bjob *jobs;
	int n, alloc;
};

/* Read MANIFEST and expand it (vars lists, for-each rows, layouts) into a
 * plan sorted by id. Two jobs with one output are an error. Returns 0, or
 * -1 after reporting errors. */
int plan_load(struct plan *p, const char *manifest, struct diag *d);
void plan_release(struct plan *p);

/* Keep the jobs of shard `index` of `count` (the plan's i-th job goes to
 * shard i mod count): shards are a partition of the plan. */
void plan_shard(struct plan *p, int index, int count);

void plan_print(const struct plan *p, FILE *out, bool json);

enum progress_kind { PROGRESS_AUTO, PROGRESS_LINES, PROGRESS_JSON, PROGRESS_NONE };

struct batch_opts {
	int jobs;               /* worker processes */
	bool keep_going;        /* render the rest after a failure */
	bool force;             /* render even when the cache key matches */
	bool resume;            /* say so; skipping is the same */
	int retries;            /* retries of a job that failed to write (exit code 3) */
	enum progress_kind progress;
	bool diag_json;         /* diagnostics as NDJSON on stderr */
	const char *datadir;
	bool system_fonts;
	bool quiet;             /* no warnings */
	long max_jobs_per_worker; /* for tests: a worker exits after this many (0: no limit) */
};

/* Run the plan. Returns the exit code: 0, EXIT_JOBS (4) when a job failed,
 * 130 when interrupted. */
int batch_run(const struct plan *p, const struct batch_opts *o);

#endif
