/* fit.c — shrink-to-fit and series fitting (fit.h). A bisection over one scale factor for
 * every font role: each trial is a whole flow into fresh frames, whose
 * warnings are forgotten unless it is the one kept. Social canvases are a
 * page of a few hundred lines, so the seven to fifteen flows cost milliseconds. */
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

/* How much of the last page's text height its lines reach down (0–1). */
static double last_page_fill(const struct frames *fr, const struct flow_report *rep,
			     const struct layout *l)
{
	double top = l->margin[0], bottom = l->page_h - l->margin[2], deepest = top;
	int last = fr->npages - 1;
	for (int i = 0; i < rep->nlines; i++)
		if (rep->lines[i].page == last && rep->lines[i].y > deepest)
			deepest = rep->lines[i].y;
	/* Print marks moved everything by their margin. */
	deepest -= fr->pages[last].trim.x0 <= fr->pages[last].trim.x1 ? fr->pages[last].trim.y0 : 0;
	return (deepest - top) / (bottom - top);
}

/* A news page's story that spills a few lines onto a last page (layout
 * `pull-together`) is pulled back: the flow is tried again with pictures
 * narrower and less air around headings, and the first that needs one page
 * fewer is kept — what a page editor does before cutting text. */
static int pull_together(const struct document *doc, const struct layout *l, struct text_ctx *tc,
			 struct diag *d, struct frames *fr, struct flow_report *rep)
{
	static const struct {
		double figures, air;
	} tries[] = { { 0.85, 1 }, { 0.85, 0 }, { 0.7, 0 }, { 0.55, 0 } };
	int pages = fr->npages;
	if (!l->pull_together || pages < 2 || last_page_fill(fr, rep, l) > 0.35)
		return 0;
	for (size_t k = 0; k < sizeof(tries) / sizeof(tries[0]); k++) {
		struct layout t = *l;
		t.figure_scale = l->figure_scale * tries[k].figures;
		t.heading_space = l->heading_space * tries[k].air;
		struct frames trial_fr;
		struct flow_report trial_rep = { 0 };
		frames_init(&trial_fr);
		int n = d->n, dropped = d->dropped_warnings;
		int rc = flow_document(doc, &t, tc, d, &trial_fr, &trial_rep);
		bool better = rc == 0 && trial_fr.npages < pages;
		if (!better) {
			diag_truncate(d, n);
			d->dropped_warnings = dropped;
			frames_release(&trial_fr);
			flow_report_release(&trial_rep);
			continue;
		}
		/* Keep it: the first flow's warnings go, this one's stay. */
		frames_release(fr);
		*fr = trial_fr;
		flow_report_release(rep);
		*rep = trial_rep;
		return 0;
	}
	return 0;
}

/* The least full image but the last a series may have. */
#define SERIES_FILL 0.80
/* How far a series may set its type smaller so that its images come out
 * full (copyfitting): 1 % steps down to 94 %. */
#define COPYFIT_STEPS 6

/* A series: at most max-images images, shrinking the type (to min-size)
 * when the report needs more, and each image but the last at least
 * SERIES_FILL full where setting the type up to 6 % smaller makes it so
 * (the fullest such setting wins otherwise). */
static int series(const struct document *doc, const struct layout *l, struct text_ctx *tc,
		  struct diag *d, struct frames *fr, struct flow_report *ov, double *used)
{
	double ref = reference_size(l);
	double lo = l->fit_min_size > 0 ? fmin(1, l->fit_min_size / ref) : 0.5;
	double top = 1;
	/* Most reports are done at full size in one flow: keep its warnings
	 * unless another flow is needed. */
	int n0 = d->n, dropped0 = d->dropped_warnings;
	if (trial(doc, l, tc, d, fr, 1, true, ov) < 0)
		return -1;
	bool too_many = l->max_images > 0 && fr->npages > l->max_images;
	if (!too_many && ov->least_fill >= SERIES_FILL)
		return 0;
	diag_truncate(d, n0);
	d->dropped_warnings = dropped0;
	if (too_many) {
		if (trial(doc, l, tc, d, fr, lo, false, ov) < 0)
			return -1;
		if (fr->npages > l->max_images) {
			int need = fr->npages;
			trial(doc, l, tc, d, fr, lo, true, ov);
			diag_error_at(d, span_none(),
				      "this report needs %d images of layout '%s' even with type shrunk to %.4gpx (min-size); the layout allows at most %d (max-images: %s); shorten it or split it into several posts",
				      need, l->name, ref * lo / 0.75, l->max_images,
				      l->max_images_name[0] ? l->max_images_name : "a number");
			return -1;
		}
		/* lo fits, 1 does not: the largest scale that fits, within 1/128. */
		double hi = 1;
		top = lo;
		for (int i = 0; i < FIT_STEPS; i++) {
			double mid = (top + hi) / 2;
			if (trial(doc, l, tc, d, fr, mid, false, ov) < 0)
				return -1;
			if (fr->npages <= l->max_images)
				top = mid;
			else
				hi = mid;
		}
		if (trial(doc, l, tc, d, fr, top, false, ov) < 0)
			return -1;
	}
	double best = top, best_fill = ov->least_fill;
	for (int k = 1; k <= COPYFIT_STEPS && best_fill < SERIES_FILL; k++) {
		double sc = top * (1 - 0.01 * k);
		if (sc < lo)
			break;
		if (trial(doc, l, tc, d, fr, sc, false, ov) < 0)
			return -1;
		if (ov->least_fill > best_fill + 1e-9)
			best = sc, best_fill = ov->least_fill;
	}
	*used = best;
	return trial(doc, l, tc, d, fr, best, true, ov) < 0 ? -1 : 0;
}

int fit_document(const struct document *doc, const struct layout *l, struct text_ctx *tc,
		 struct diag *d, struct frames *fr, struct flow_report *rep, double *used)
{
	*used = 1;
	if (l->fit != FIT_SHRINK && l->fit != FIT_SERIES) {
		struct flow_report local = { 0 };
		struct flow_report *r = rep ? rep : &local;
		int rc = flow_document(doc, l, tc, d, fr, r);
		if (rc == 0)
			rc = pull_together(doc, l, tc, d, fr, r);
		flow_report_release(&local);
		return rc;
	}
	struct flow_report local = { 0 };
	int rc = l->fit == FIT_SHRINK ? shrink(doc, l, tc, d, fr, rep ? rep : &local, used)
				      : series(doc, l, tc, d, fr, rep ? rep : &local, used);
	flow_report_release(&local);
	return rc;
}
