/* batch_plan.h — the plan of a batch (docs/batch.md): a manifest of jobs
 * expanded (vars lists, for-each rows, layouts) into jobs with stable ids,
 * sorted by id, checked for two jobs writing one file, and cut into
 * shards. Part of the command line. */
#ifndef PAIBAN_BATCH_PLAN_H
#define PAIBAN_BATCH_PLAN_H

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

#endif
