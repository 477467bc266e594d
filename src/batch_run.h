/* batch_run.h — running a batch's plan (docs/batch.md): worker processes
 * that load fonts and layouts once, skip jobs whose cache key matches
 * (batch_key.h) and write atomically, with progress, NDJSON records and a
 * summary. Part of the command line (it prints). */
#ifndef PAIBAN_BATCH_RUN_H
#define PAIBAN_BATCH_RUN_H

#include "batch_opts.h"
#include "batch_plan.h"

/* Run the plan. Returns the exit code: 0, EXIT_JOBS (4) when a job failed,
 * 130 when interrupted. */
int batch_run(const struct plan *p, const struct batch_opts *o);

#endif
