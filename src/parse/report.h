/* report.h — the report parser, stage "parse": a YAML or JSON report file
 * becomes a document (model.h). The format is documented in docs/report.md. */
#ifndef PAIBAN_REPORT_H
#define PAIBAN_REPORT_H

#include "base/diag.h"
#include "base/infile.h"
#include "model/document.h"
#include "parse/data.h"

/* Parse `path` into `doc` (initialised by the caller). Collects as many errors
 * as it can before returning -1; warnings do not fail. The files the report
 * names are read under the policy of `files` (infile.h; NULL: below the
 * report's folder only) and recorded there with the report itself. */
int report_parse(struct document *doc, struct diag *d, const char *path, struct infiles *files);

/* The same with the command line's data options (--var, --data …; NULL for
 * none): variables, data files, ${…}, each:, when: and checks are applied
 * to the tree before the blocks are read (docs/data.md). *usage_error (if
 * not NULL) is set when a --var or --data is at fault (exit code 2). */
int report_parse_data(struct document *doc, struct diag *d, const char *path,
		      const struct data_opts *o, struct infiles *files, bool *usage_error);

#endif
