/* testutil.h — helpers shared by the Check test programs: running the paiban
 * binary and capturing its output, rendering in-process with the pinned fonts
 * only, and golden-file comparison (PAIBAN_GOLDEN_UPDATE=1 rewrites goldens). */
#ifndef PAIBAN_TESTUTIL_H
#define PAIBAN_TESTUTIL_H

#include <check.h>
#include <stdbool.h>

#include "render.h"

/* Folders, set from the environment by tests/run.sh (defaults: ".", "build/tmp"). */
const char *t_srcdir(void);
const char *t_tmpdir(void);
/* "$srcdir/rel" in a static rotating buffer (valid for a few calls). */
const char *t_path(const char *rel);
const char *t_tmp(const char *name);

/* Run ./paiban with arguments (shell-quoted by the caller); returns the exit
 * code and the captured stderr (caller frees). */
int t_run(const char *args, char **err);

/* Run a shell command; returns its standard output (caller frees) and its
 * exit status in *status (if not NULL; -1 when it did not exit normally). */
char *t_capture(const char *cmd, int *status);

/* Write text to a file in the temp folder; returns its path (static buffer). */
const char *t_write(const char *name, const char *text);
/* The same for len bytes of any content. */
const char *t_write_bytes(const char *name, const void *data, size_t len);
/* Copy a file of the source tree (rel) into the temp folder as name. */
const char *t_copy(const char *rel, const char *name);

/* Render in-process with pinned fonts only. ck_assert-s success. */
void t_render(struct render *r, struct diag *d, const char *report, const char *layout);

/* Read a whole file; NULL if missing. Caller frees. */
char *t_read(const char *path, size_t *len);
bool t_exists(const char *path);

/* Compare text against tests/golden/NAME; on mismatch write NAME.actual in
 * the temp folder and fail with the first differing line. */
void t_golden_text(const char *name, const char *text);

/* A page's items with groups opened and positions made absolute (the
 * drawing order), as the exporters see them: a copy made anew on every
 * call, in one buffer, valid until the next call for another page. */
const struct group *t_flat(const struct page *p);

/* Run a Check suite; returns the number of failures. */
int t_run_suite(Suite *s);

#endif
