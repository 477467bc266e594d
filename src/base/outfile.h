/* outfile.h — atomic output files: written to a temporary file in the target's
 * folder and renamed over the target only when complete, so a failed run never
 * leaves a half-written file or destroys the previous good one. */
#ifndef PAIBAN_OUTFILE_H
#define PAIBAN_OUTFILE_H

#include <stdio.h>

#include "base/diag.h"

struct outfile {
	char *path; /* final name */
	char *tmp;  /* temporary name while open */
	FILE *fp;
};

/* Create the temporary file. Returns 0, or -1 after reporting an error. */
int outfile_open(struct outfile *o, const char *path, struct diag *d);
/* Flush, close and rename into place. Returns 0, or -1 (the temporary file is
 * removed and the target left untouched). */
int outfile_commit(struct outfile *o, struct diag *d);
/* Close and remove the temporary file; safe on an unopened or committed outfile. */
void outfile_abort(struct outfile *o);

#endif
