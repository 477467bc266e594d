/* report.h — what flow tells about its pages beyond the frames, stage
 * "flow": whether the content fit, and where each line went. */
#ifndef PAIBAN_FLOW_REPORT_H
#define PAIBAN_FLOW_REPORT_H

#include <stdbool.h>

#include "base/diag.h"

/* Where flow put one line of a paragraph or a heading: the structure behind
 * the items, for the tests and tools that check the layout's rules. */
struct line_mark {
	int page, column;
	double x, y;        /* left end of the line's content, baseline */
	double width;       /* content advance */
	double col_x, col_w; /* the column the line is in */
	double inset;       /* the paragraph's left inset in the column (quotes, lists) */
	double measure;     /* the width the paragraph was set to */
	int para;           /* paragraph id; -1 for a heading */
	int line, lines;    /* index in the paragraph and the paragraph's line count */
	bool justified;     /* the composer justified this line */
};

/* What flow tells beyond the frames: whether the content fit on the first
 * page (fitting asks), and where every line went (tests ask). Not part of
 * the frames: no exporter reads it. Initialise with {0}; release with
 * flow_report_release. */
struct flow_report {
	bool over;          /* the content overflowed the first page (or canvas) */
	struct span first;  /* the source of the first thing placed past it */
	struct line_mark *lines;
	int nlines, lines_alloc;
	/* How full each page is: from the top of its text area to the
	 * bottom of the lowest item in it (by its bounds: a line of text by
	 * its font's em box), as a share of the text area's height; the page
	 * numbers in the margin do not count. The least of all pages but the
	 * last, and which page that is (1 and -1 for a single page). */
	double least_fill;
	int least_fill_page;
};
void flow_report_release(struct flow_report *rep);

#endif
