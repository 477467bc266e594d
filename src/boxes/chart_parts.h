/* chart_parts.h — what every chart is built from, internal to the chart
 * files of stage "boxes" (chart.c and one file per family: chart_columns.c
 * for column, line, area and combo, chart_bars.c for bar and compare,
 * chart_round.c for pie and donut, chart_progress.c for rings): the chart
 * being laid out (struct cx), measured labels, colours, path building,
 * title, units, legend and source, value axes. */
#ifndef PAIBAN_CHART_PARTS_H
#define PAIBAN_CHART_PARTS_H

#include <stdbool.h>

#include "base/numfmt.h"
#include "boxes/setter.h"
#include "boxes/ticks.h"
#include "model/chart.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* A measured single-line label. */
struct label {
	struct line *ln;
	int n;
	double w;
};

struct cx {
	const struct setter *s;
	const struct chart *c;
	const struct chart_theme *th;
	struct group *box;
	struct arena *a;
	struct font_role lab, tit, note; /* labels, title, source note */
	struct color text, muted;
	double w;                         /* box width */
	double y;                         /* next free y in the box */
	/* One number format per value axis (0: the chart's, or a combo's
	 * columns; 1: a combo's lines), shared by ticks and value labels, and
	 * the unit as the 单位 line shows it (万 moved into it). */
	struct numfmt vf[2];
	char unit[2][96];
};

struct pathb {
	struct seg *segs;
	int n, alloc;
};

struct axis {
	struct ticks t;
	struct numfmt f;
	struct label *labels; /* one per tick */
	double maxw;
	double p0, p1;        /* page positions of t.lo and t.hi */
};

extern const struct color chart_white;

struct color chart_mix(struct color a, struct color b, double t);

double chart_luminance(struct color c);

struct color chart_series_color(const struct cx *x, int k);

struct label chart_text_label(struct cx *x, const struct text *t, const struct font_role *r);

/* A label for a string made here (numbers, units). */
struct label chart_make_label(struct cx *x, const char *str, const struct font_role *r);

/* Wrap t into lines of even length, centred in `width`. */
int chart_compose_centered(struct cx *x, const struct text *t, double width, struct line **ln);

/* The longest start of t that fits `room` with "…" after it, as one line
 * centred in room: the last resort for a word wider than its place even
 * in small type. Returns 1. */
int chart_abbreviate(struct cx *x, const struct font_role *r, const struct text *t, double room,
		     struct line **ln);

void chart_recolor(struct line *ln, int n, struct color c);

/* Put a label with its left end at x on `baseline`. */
void chart_put_label(struct cx *x, const struct label *l, double at, double baseline);

/* Baseline that centres a line of size `size` on y. */
double chart_mid_baseline(double y, double size);

void chart_pb_add(struct pathb *b, enum seg_kind k, double px, double py);

void chart_pb_arc(struct pathb *b, double cx, double cy, double r, double a0, double a1);

/* Hand the segments to a path item on the box (and free the builder). */
struct path *chart_pb_finish(struct cx *x, struct pathb *b);

/* A straight crisp line: axes and gridlines. */
void chart_rule(struct cx *x, double x1, double y1, double x2, double y2, double width,
		 struct color c);

void chart_marker(struct cx *x, double px, double py, double r, struct color c);

void chart_put_title(struct cx *x);

void chart_put_source(struct cx *x);

/* "单位：亿元" over the left axis, and over the right one for a combo; a
 * unit too long for its half wraps. */
void chart_put_units(struct cx *x, bool right_axis);

/* Legend entries flow in rows: a swatch (a short line for line series) and
 * the name. `names` and colours are per entry. */
void chart_put_legend(struct cx *x, const struct text *names, int n, const bool *lines);

bool chart_any_named(const struct chart *c);

void chart_series_legend(struct cx *x);

double chart_axis_pos(const struct axis *ax, double v);

/* Tick labels for ticks t. */
void chart_axis_label(struct cx *x, struct axis *ax, struct ticks t, int which);

void chart_axis_make(struct cx *x, struct axis *ax, double dmin, double dmax, int m, int which);

/* Set x->vf and x->unit from the chart's values (chart.c, before layout). */
void chart_number_formats(struct cx *x);

/* A value as the chart writes it: in the format of axis `which`. */
char *chart_value(const struct cx *x, int which, double v, char *out, size_t n);

/* Data range of the series in `which` (all, columns only, lines only);
 * stacked sums positive and negative parts separately. */
void chart_data_range(const struct chart *c, int which, bool stacked, double *lo, double *hi);

int chart_too_many(struct cx *x, int fit);

/* The family layouts (chart_columns.c …): each builds its plot into x->box
 * from x->y down and leaves x->y below it; -1 after reporting an error. */
int chart_columns(struct cx *x);
int chart_bars(struct cx *x);
int chart_round(struct cx *x);
int chart_progress(struct cx *x);

#endif
