/* fit.h — fitting a report to its page or canvas, stage "flow": the
 * layout's `fit` mode. `shrink` scales every font role down until the
 * content fits on one canvas, no further than `min-size`; `series` scales
 * it down until the series has at most `max-images` images, and by up to
 * 6 % more where that makes every image but the last 80 % full; `none` is
 * flow's own (more pages, split anywhere). */
#ifndef PAIBAN_FIT_H
#define PAIBAN_FIT_H

#include "base/diag.h"
#include "compose/text.h"
#include "flow/flow.h"
#include "frame/frame.h"
#include "model/document.h"
#include "style/layout.h"

/* Lay out doc into fr as flow_document does, shrinking type for a `shrink`
 * or `series` layout. *used gets the scale applied to the layout's font sizes (1 when
 * nothing shrank). Returns 0, or -1 after reporting an error — for shrink,
 * one that names the first thing that still does not fit at min-size; for
 * series, one that says how many images the report needs. */
int fit_document(const struct document *doc, const struct layout *l, struct text_ctx *tc,
		 struct diag *d, struct frames *fr, struct flow_report *rep, double *used);

#endif
