/* batch_key.h — what lets a batch skip a job that is up to date
 * (docs/batch.md): the job's cache key (SHA-256 over paiban's version, the
 * job, the bytes of every input, the pinned fonts' digest and the bytes of
 * each machine font the job used) and the key file kept beside its output
 * (.NAME.paiban-key), which records the key, the inputs read, the machine
 * fonts used and each output's hash, size and pages. Part of the
 * command line. */
#ifndef PAIBAN_BATCH_KEY_H
#define PAIBAN_BATCH_KEY_H

#include <stdbool.h>

#include "base/diag.h"
#include "batch_plan.h"

/* One file a job wrote. */
struct output_rec {
	char *path;
	char sha[65];
	long long bytes;
	int pages;
};

/* What one job did, in a worker: what it tells the parent and what its key
 * file records. Release with job_result_release. */
struct job_result {
	int code;           /* 0, or the exit code of the failure */
	bool skipped;
	double render_ms;   /* laying out and writing, without the cache's work */
	struct output_rec *outs;
	int nouts;
	char **inputs;
	int ninputs;
	char **fonts;       /* the machine's font files its glyphs came from */
	int nfonts;
	struct diag d;
};

void job_result_release(struct job_result *r);

/* Record the output `path` (of `pages` pages) in r, with its hash and size
 * as written. */
void job_result_add_output(struct job_result *r, const char *path, int pages);

/* Keep, of the font files a render used (render_font_files; r takes the
 * array and its strings), those outside datadir's pinned fonts, which the
 * fonts' digest covers: the machine's fonts the job fell back to. */
void job_result_set_fonts(struct job_result *r, const char *datadir, char **paths, int n);

/* The pinned fonts' digest (hex, 64 digits and a NUL) for the fonts of
 * datadir: their names and bytes, remembered in the user's cache folder. */
void batch_fonts_digest(const char *datadir, char hex[65]);

/* Whether j's key file matches j, fonts (batch_fonts_digest) and the
 * inputs it names as they are now, and its outputs are still there, as
 * written. On a match r gets the recorded outputs and inputs and is
 * marked skipped. */
bool batch_key_hit(const struct bjob *j, const char *fonts, struct job_result *r);

/* Write j's key file from r's inputs and outputs. Nothing is written when
 * an input cannot be read any more (the next run renders again); a file
 * that cannot be written is reported to d. */
void batch_key_write(const struct bjob *j, const char *fonts, struct job_result *r, struct diag *d);

/* Make the folders of path (like mkdir -p of its dirname). Returns 0, or
 * -1 with errno set. */
int batch_make_dirs(const char *path);

#endif
