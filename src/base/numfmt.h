/* numfmt.h — numbers as Chinese reports write them, stage "base": parsing
 * what people type (1,234.5) and formatting the Chinese way: a large number
 * counts in 万 (10⁴), 亿 (10⁸) or 万亿 (10¹²) as in CLDR's zh compact forms,
 * thousands separators below that, a percent sign for percentages. Charts,
 * tables and key figures share these rules. */
#ifndef PAIBAN_NUMFMT_H
#define PAIBAN_NUMFMT_H

#include <stdbool.h>
#include <stddef.h>

/* Parse a number as people write it in a report or a spreadsheet: optional
 * sign, thousands separators (1,234.5), decimals, exponent. Returns 0; -1 for
 * text that is not a number; -2 for NaN or infinity. */
int number_parse(const char *s, size_t len, double *v);

/* How a set of numbers (an axis, a column) is written. */
struct numfmt {
	double scale;       /* 1, 1e4, 1e8 or 1e12 */
	const char *suffix; /* "", "万", "亿" or "万亿" */
	int decimals;
	bool percent;       /* append "%" */
};

/* The format for numbers of magnitude up to `max_abs` that differ by at
 * least `step` (the tick step, or the finest value difference). */
struct numfmt numfmt_for(double max_abs, double step, bool percent);

/* Format v into out (NUL-terminated; at most n bytes): "1.2万", "3.4亿",
 * "12,345", "-0.5", "76%". Returns out. */
char *numfmt_format(const struct numfmt *f, double v, char *out, size_t n);

/* One value on its own (a data label, a table cell): its own 万/亿 unit,
 * at most two decimals, no trailing zeros: 12000 → "1.2万". */
char *numfmt_value(double v, bool percent, char *out, size_t n);

/* One format for a set of values shown together (a chart's value labels):
 * one 万/亿 unit from the largest, and the same number of decimals for
 * all — as many as the most precise value needs at that unit, at most two
 * (so 8400 and 12600 are 0.84万 and 1.26万, and 17.1万 next to 17.77万 is
 * 17.10万). */
struct numfmt numfmt_for_values(const double *v, int n, bool percent);

/* The unit a chart shows when its numbers are written in 万/亿: the
 * scale's word joined to the data's unit (万 × 元 = 万元, 万 × 万元 = 亿元,
 * 万 × 个 = 万个). Writes into out; returns out. */
char *numfmt_scaled_unit(const struct numfmt *f, const char *unit, char *out, size_t n);

/* Number of decimals needed to write v exactly as given, up to 6. */
int decimals_of(double v);

/* Insert thousands separators into the integer part of a plain decimal
 * number written in s ("1234567.5" → "1,234,567.5"). */
void group_thousands(const char *s, char *out, size_t n);

#endif
