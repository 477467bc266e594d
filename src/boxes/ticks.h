/* ticks.h — nice axis ticks and Chinese number formatting for charts.
 *
 * Ticks follow the extended labelling algorithm of Talbot, Lin and Hanrahan
 * (2010): of all sequences start + k·step with step = j·q·10^z (q from a
 * preference list), the one that best balances simplicity, coverage of the
 * data and the wanted tick density wins.
 *
 * Numbers are written the Chinese way: a large axis counts in 万 (10⁴),
 * 亿 (10⁸) or 万亿 (10¹²), chosen from its range (none below 10,000), as in
 * CLDR's zh compact forms; thousands separators below that; a percent sign
 * for percentages. */
#ifndef PAIBAN_TICKS_H
#define PAIBAN_TICKS_H

#include <stdbool.h>
#include <stddef.h>

#define TICKS_MAX 16

struct ticks {
	double lo, hi, step; /* lo and hi are ticks; the axis runs lo..hi */
	int n;               /* number of ticks, lo + i·step for i < n */
};

/* Ticks for data in [dmin, dmax] with about m ticks (2 <= m <= TICKS_MAX).
 * `loose`: the ticks cover the data (lo <= dmin, hi >= dmax), as axes need.
 * A zero-width range is widened around its value. */
struct ticks ticks_extended(double dmin, double dmax, int m, bool loose);

/* Ticks for an axis: the extended choice for about m ticks, widened by
 * whole steps until it covers [dmin, dmax]; of the choices for m - 1, m and
 * m + 1 ticks, the shortest axis. */
struct ticks ticks_axis(double dmin, double dmax, int m);

/* Ticks for a second axis that share the gridlines of `other`: as many
 * ticks, zero on the same gridline, and the smallest step of 1, 2, 2.5, 3, 4
 * or 5 × 10^z that covers [dmin, dmax]. Both ranges must include zero;
 * otherwise this is ticks_axis(dmin, dmax, other->n). */
struct ticks ticks_matching(double dmin, double dmax, const struct ticks *other);

#endif
