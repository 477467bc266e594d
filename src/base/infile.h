/* infile.h — opening the files a run reads, stage "base": the report and
 * layout named on the command line, and every file they name in turn (CSV
 * data, images, a layout's base). One policy for all of them, so a reader
 * added later gets it by calling these two functions:
 *
 *  - a file named inside a report or layout must lie below the folder of
 *    the report (or of the layout given with -l), after symbolic links are
 *    resolved: no absolute path and no `..` out of it, unless the user
 *    allows more folders (`--allow-read DIR`);
 *  - only regular files are read: a FIFO, device, socket or folder is an
 *    error, found without ever blocking on it (opened non-blocking, then
 *    checked with fstat);
 *  - every file read is remembered, so the run can refuse an output that
 *    would overwrite one of its own inputs.
 *
 * Messages name the file and never quote its content. */
#ifndef PAIBAN_INFILE_H
#define PAIBAN_INFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "base/diag.h"

/* A file the run has read. */
struct infile_id {
	dev_t dev;
	ino_t ino;
	char *path; /* as opened */
};

/* The policy and the record of one run. Caller-owned storage. */
struct infiles {
	char **allowed; /* real paths of the folders --allow-read added; "/" allows all */
	int nallowed, allowed_alloc;
	struct infile_id *read;
	int nread, read_alloc;
	/* Files the run tried to read and could not (missing, unreadable, not
	 * a regular file, too large, outside the folder), as named: `paiban
	 * watch` waits for them to appear or change. */
	char **missed;
	int nmissed, missed_alloc;
};

void infiles_init(struct infiles *f);
void infiles_release(struct infiles *f);

/* Allow files below `dir` too (--allow-read). Returns 0, or -1 after
 * reporting that dir is not a folder one can read. */
int infiles_allow(struct infiles *f, const char *dir, struct diag *d);

/* The folder files named in `path` may come from: the real path of its
 * folder. NULL when it cannot be found (the read of path reports why).
 * Caller frees. */
char *infile_root(const char *path);

/* The path of a file named `name` (len bytes, as written) inside the file
 * `from`: relative to from's folder; it must lie below `root` (from
 * infile_root) or an allowed folder. Returns the path to open, in the form
 * written (caller frees), or NULL after reporting at `at` ("'../x.csv' is
 * outside the report's folder …"). `whose` names the root in that message:
 * "the report's", "the layout's". f may be NULL (no folder allowed beyond
 * root). */
char *infile_resolve(const struct infiles *f, const char *root, const char *whose,
		     const char *from, const char *name, size_t len, struct span at,
		     struct diag *d);

/* Why infile_load failed, beyond errno's values. */
enum {
	INFILE_FOLDER = -1,    /* a folder */
	INFILE_FIFO = -2,      /* a FIFO (named pipe) */
	INFILE_DEVICE = -3,    /* a character or block device */
	INFILE_SPECIAL = -4,   /* a socket or other non-regular file */
	INFILE_TOO_LARGE = -5, /* more than max_bytes */
	INFILE_OUTSIDE = -6,   /* not below root nor an allowed folder */
};

/* The reading that infile_read and infile_read_named report on, for a
 * caller with messages of its own (optional data files): read the regular
 * file `path` whole (at most max_bytes) into a NUL-terminated heap buffer
 * (caller frees) without ever blocking, and record it in f (may be NULL).
 * When root is not NULL the file actually opened must lie below it or an
 * allowed folder. Returns 0, or an errno value or INFILE_* code (and path
 * is recorded among f's missed files). */
int infile_load(struct infiles *f, const char *path, const char *root, size_t max_bytes,
		char **data, size_t *len);
/* The reason for code err, for a message ("it is a FIFO (named pipe); …",
 * "No such file or directory"); buf (n bytes) may hold it. `whose` names
 * root for INFILE_OUTSIDE ("the report's"). */
const char *infile_why(int err, size_t max_bytes, const char *whose, char *buf, size_t n);

/* Read the regular file `path` whole (at most max_bytes) into a
 * NUL-terminated heap buffer (caller frees) and record it in f (which may
 * be NULL). For files named on the command line. Errors are reported at
 * `at`, or as errors about the file when at has no source ("cannot read:
 * it is a FIFO (named pipe); paiban reads only regular files", "file is
 * larger than 16 MiB"). Returns 0 or -1. */
int infile_read(struct infiles *f, const char *path, size_t max_bytes, struct span at,
		struct diag *d, char **data, size_t *len);

/* infile_resolve, then infile_read of the result, checking that the file
 * actually opened lies below root too (a link changed in between is
 * caught). The path read in *path (caller frees; NULL on error). */
int infile_read_named(struct infiles *f, const char *root, const char *whose, const char *from,
		      const char *name, size_t name_len, size_t max_bytes, struct span at,
		      struct diag *d, char **path, char **data, size_t *len);

/* Record `path` (which the run has read some other way, e.g. a cached
 * layout) among the inputs, when it exists. */
void infiles_note(struct infiles *f, const char *path);

/* The input that `path` would overwrite (the same file, through any name or
 * link), or NULL when it is none of them or does not exist. */
const struct infile_id *infiles_find(const struct infiles *f, const char *path);

#endif
