/* batch_worker.h — a worker process of a batch run, and the protocol on
 * its two pipes (docs/batch.md):
 *   parent → worker: a job's index (int32); -1 or end of file: stop.
 *   worker → parent: "D <text>\n" for each diagnostic line to print, then
 *   "R <index> <code> <skipped> <ms> <rss_kb>\t<NDJSON record>\t<first error>\n".
 * Texts escape \ and newline. Part of the command line. */
#ifndef PAIBAN_BATCH_WORKER_H
#define PAIBAN_BATCH_WORKER_H

#include <stddef.h>

#include "batch_opts.h"
#include "batch_plan.h"

/* The worker: load the fonts (render_cache), then read job indexes from
 * `in` and answer each on `out` until told to stop. Never returns: it
 * _exit()s, 0, or EXIT_INPUT when the fonts do not load. */
_Noreturn void batch_worker_main(const struct plan *p, const struct batch_opts *o, const char *fonts,
				 int in, int out);

/* Undo the escaping of a text of the protocol, in place. */
void batch_unescape(char *s);

/* Write all n bytes to fd (retrying after a signal). Returns 0 or -1. */
int batch_write_all(int fd, const char *p, size_t n);

/* A monotonic clock in milliseconds. */
double batch_now_ms(void);

#endif
