/* flow.h — stage "flow": the document's blocks, composed into lines and boxes,
 * are placed into columns and pages, producing frames. Owns the page-level
 * decisions: masthead and title block, the baseline grid, splitting paragraphs
 * across columns without orphans or widows, keeping headings with what
 * follows, page numbers and bookmarks. */
#ifndef PAIBAN_FLOW_H
#define PAIBAN_FLOW_H

#include <stdbool.h>

#include "base/diag.h"
#include "compose/text.h"
#include "flow/report.h"
#include "frame/frame.h"
#include "model/document.h"
#include "style/layout.h"

/* Lay out doc with layout l into fr (initialised by the caller); rep, when
 * not NULL, is filled anew. Returns 0, or -1 after reporting an error.
 * Warnings (tofu, overfull boxes) do not fail. */
int flow_document(const struct document *doc, const struct layout *l, struct text_ctx *tc,
		  struct diag *d, struct frames *fr, struct flow_report *rep);

#endif
