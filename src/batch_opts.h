/* batch_opts.h — the options of a batch run (paiban batch's command line,
 * docs/batch.md), shared by the parent (batch_run.c) and its workers
 * (batch_worker.c). */
#ifndef PAIBAN_BATCH_OPTS_H
#define PAIBAN_BATCH_OPTS_H

#include <stdbool.h>

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

#endif
