/* fit.c — shrink-to-fit (fit.h). A bisection over one scale factor for
 * every font role: each trial is a whole flow into fresh frames, whose
 * warnings are forgotten unless it is the one kept. Social canvases are a
 * page of a few hundred lines, so the seven or eight flows cost milliseconds. */
#include "flow/fit.h"

#include <math.h>
#include <string.h>

#include "flow/flow.h"

/* Bisection steps between min-size and full size: 1/128 of the range. */
#define FIT_STEPS 7

/* The size min-size is compared with: the body's, or the title's on a layout
 * that shows no body. */
static double reference_size(const struct layout *l)
{
	return l->show_body ? l->roles[ROLE_BODY].size : l->roles[ROLE_TITLE].size;
}

static void scale_layout(const struct layout *l, double s, struct layout *out)
{
	*out = *l;
	for (int r = 0; r < ROLE_COUNT; r++)
		out->roles[r].size = l->roles[r].size * s;
	out->kpi_min_width = l->kpi_min_width * s;
}

/* One trial flow at scale s into fr (released first). Returns -1 on an
 * error, else 1 if it fit and 0 if not; its warnings stay only when
 * `keep`. */
static int trial(const struct document *doc, const struct layout *l, struct text_ctx *tc,
		 struct diag *d, struct frames *fr, double s, bool keep, struct flow_report *ov)
{
	struct layout scaled;
	scale_layout(l, s, &scaled);
	frames_release(fr);
	frames_init(fr);
	int n = d->n, dropped = d->dropped_warnings, errors = d->errors;
	if (flow_document(doc, &scaled, tc, d, fr, ov) < 0)
		return -1;
	if (!keep && d->errors == errors) {
		diag_truncate(d, n);
		d->dropped_warnings = dropped;
	}
	return !ov->over;
}

/* The largest scale from min-size to 1 at which doc fits (see fit.h). */
static int shrink(const struct document *doc, const struct layout *l, struct text_ctx *tc,
		  struct diag *d, struct frames *fr, struct flow_report *ov, double *used)
{
	int rc = trial(doc, l, tc, d, fr, 1, false, ov);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return trial(doc, l, tc, d, fr, 1, true, ov) < 0 ? -1 : 0;
	double ref = reference_size(l);
	double lo = l->fit_min_size > 0 ? l->fit_min_size / ref : 0.5;
	if (lo >= 1) {
		lo = 1;
	} else {
		rc = trial(doc, l, tc, d, fr, lo, false, ov);
		if (rc < 0)
			return -1;
	}
	if (lo >= 1 || rc == 0) {
		/* Keep the smallest layout's warnings, then say what does not fit. */
		trial(doc, l, tc, d, fr, lo, true, ov);
		if (l->canvas)
			diag_error_at(d, ov->first,
				      "this does not fit on the %.0f×%.0f px canvas of layout '%s' even with type shrunk to %.4gpx (fit: shrink, min-size); shorten it or use a layout with fit: series",
				      l->page_w / 0.75, l->page_h / 0.75, l->name, ref * lo / 0.75);
		else
			diag_error_at(d, ov->first,
				      "this does not fit on one page of layout '%s' even with type shrunk to %.4gpt (fit: shrink, min-size); shorten it or use fit: none",
				      l->name, ref * lo);
		return -1;
	}
	/* lo fits, 1 does not: the largest scale that fits, within 1/128. */
	double hi = 1;
	for (int i = 0; i < FIT_STEPS; i++) {
		double mid = (lo + hi) / 2;
		rc = trial(doc, l, tc, d, fr, mid, false, ov);
		if (rc < 0)
			return -1;
		if (rc == 1)
			lo = mid;
		else
			hi = mid;
	}
	*used = lo;
	return trial(doc, l, tc, d, fr, lo, true, ov) < 0 ? -1 : 0;
}

int fit_document(const struct document *doc, const struct layout *l, struct text_ctx *tc,
		 struct diag *d, struct frames *fr, struct flow_report *rep, double *used)
{
	*used = 1;
	if (l->fit != FIT_SHRINK)
		return flow_document(doc, l, tc, d, fr, rep);
	struct flow_report local = { 0 };
	int rc = shrink(doc, l, tc, d, fr, rep ? rep : &local, used);
	flow_report_release(&local);
	return rc;
}
