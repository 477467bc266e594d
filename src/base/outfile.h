/* outfile.h — atomic output files: written to a temporary file in the target's
 * folder and renamed over the target only when complete, so a failed run never
 * leaves a half-written file or destroys the previous good one.
 *
 * Temporary files are named `.NAME.paiban-XXXXXX`. Every one that is open is
 * known here, so SIGINT, SIGTERM and SIGHUP remove them before the process
 * exits (outfile_catch_signals). Only SIGKILL (or a crash) can leave one
 * behind; the next run that writes into that folder, or `paiban clean`,
 * removes those older than an hour (outfile_clean). */
#ifndef PAIBAN_OUTFILE_H
#define PAIBAN_OUTFILE_H

#include <stdio.h>

#include "base/diag.h"

/* What marks paiban's temporary files, and the age past which one that is
 * still there was left by a killed run. */
#define OUTFILE_TAG ".paiban-"
#define OUTFILE_STALE_SECONDS 3600

struct outfile {
	char *path; /* final name */
	char *tmp;  /* temporary name while open */
	FILE *fp;
};

/* Create the temporary file. Returns 0, or -1 after reporting an error. The
 * first time a run writes into a folder, stale temporary files there are
 * removed first (outfile_clean). */
int outfile_open(struct outfile *o, const char *path, struct diag *d);
/* Flush, close and rename into place. Returns 0, or -1 (the temporary file is
 * removed and the target left untouched). The message names the system's
 * reason: "No space left on device". */
int outfile_commit(struct outfile *o, struct diag *d);
/* Close and remove the temporary file; safe on an unopened or committed outfile. */
void outfile_abort(struct outfile *o);

/* From now on SIGINT, SIGTERM and SIGHUP remove every open temporary file,
 * print "paiban: stopped by SIGTERM; N temporary files removed" and exit with 128 + the signal
 * (130, 143, 129). Call once, from main, before any thread starts: the
 * signals are blocked in every thread and taken by one thread of its own,
 * which can wait for a file being renamed. */
void outfile_catch_signals(void);

/* Remove paiban's temporary files in folder dir (not below it) whose last
 * change is at least max_age seconds old and that belong to this user.
 * Returns how many were removed; their names in *removed when not NULL
 * (caller frees each and the array), or -1 when dir cannot be read (errno). */
int outfile_clean(const char *dir, long max_age, char ***removed);

/* Is name (without folder) one of paiban's temporary files? */
int outfile_is_temp(const char *name);

#endif
