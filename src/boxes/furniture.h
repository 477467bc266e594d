/* furniture.h — page furniture, stage "boxes": the masthead (banner for a
 * 简报, a line for a social card), the title block, and page numbers. Each
 * puts items on a page (or a group) between x0 and x1 and returns the y
 * below it. */
#ifndef PAIBAN_FURNITURE_H
#define PAIBAN_FURNITURE_H

#include "boxes/setter.h"
#include "model/document.h"

/* The masthead as the layout asks: banner (big name, issue/publisher/date
 * line, red double rule), line (small name, date, short rule) or none. */
double furniture_masthead(const struct setter *s, const struct meta *m, struct group *g, double x0,
			  double x1, double y, double pitch);

/* Kicker (引题), title, subtitle and byline; the title becomes the first
 * bookmark. A
 * byline set at the body's pitch (a 公文's 主送机关) goes on the body's
 * grid of lines `pitch` apart from grid0, so the body follows it on the
 * next line with no gap; grid0 < 0 for no grid. */
double furniture_title(const struct setter *s, const struct meta *m, struct group *g, double x0,
		       double x1, double y, double pitch, double grid0);

/* The header and the page number (footer) as the layout's `header` and
 * `page-number` ask, with {page}, {pages}, {section} and {date} filled in:
 * in the middle of the top or bottom margin, or `offset` from the text area
 * [top, bottom]; centred, or at a side (outside: right on odd pages, left on
 * even ones). No page number when !numbered (a 公文's blank and 版记-only
 * pages, GB/T 9704 §7.5). */
void furniture_page_texts(const struct setter *s, const struct meta *m, struct page *p, int number,
			  int total, bool numbered, double x0, double x1, double top, double bottom);

#endif
