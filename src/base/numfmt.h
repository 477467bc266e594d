/* numfmt.h — numbers as Chinese reports write them, stage "base": parsing
 * what people type (1,234.5) and formatting the Chinese way: a large number
 * counts in 万 (10⁴), 亿 (10⁸) or 万亿 (10¹²) as in CLDR's zh compact forms,
 * thousands separators below that, a percent sign for percentages. Charts,
 * tables and key figures share these rules. */
#ifndef PAIBAN_NUMFMT_H
#define PAIBAN_NUMFMT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/decimal.h"

/* Parse a number as people write it in a report or a spreadsheet: optional
 * sign (- or the minus sign U+2212), thousands separators (1,234.5),
 * decimals, exponent. Returns 0; -1 for text that is not a number; -2 for
 * NaN or infinity. */
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

/* How one number is written (numfmt_dec). The axes, data labels and the
 * report's formatters (fixed, num, cn, pct …) all go through it, so a
 * figure and its axis are rounded and scaled by the same rules. */
struct numopt {
	int decimals;        /* places after the point; -1: as many as the value has */
	bool group;          /* thousands separators: 12,345 */
	int unit;            /* 0 none; -1 auto (万, 亿, 万亿 by magnitude); 4, 8, 12: 万, 亿, 万亿 */
	bool percent;        /* append "%" */
	bool sign;           /* "+" before a positive value */
	bool minus;          /* a negative value with the minus sign U+2212, not "-" */
	bool trim;           /* drop trailing zeros after rounding (data labels) */
	enum dec_round mode; /* DEC_HALF_UP (四舍五入) unless asked */
};

/* Write v by o into out (NUL-terminated, at most n bytes; DEC_STR_MAX + 32
 * is always enough). Zero is written without unit or sign ("0", "0.0").
 * An automatic unit moves up when rounding reaches 10,000 of it (99,995 at
 * one decimal → 10.0万; 9,999.5 at none → 1万). Returns out. */
char *numfmt_dec(struct dec v, const struct numopt *o, char *out, size_t n);

/* The scale (1, 1e4, 1e8, 1e12) and suffix for a magnitude, as the axes and
 * the `cn` formatter choose it. Returns the power of ten (0, 4, 8, 12). */
int numfmt_unit(double max_abs, const char **suffix);

/* A cell of a statistics table as published (docs/data.md, "Messy data"):
 * blanks around it, full-width digits and marks, thousands separators, the
 * minus sign U+2212 and a trailing % are read as the number; a footnote
 * marker after a number (*, （注1）, [1], ①, ¹) is cut off and reported in
 * *marker; a dash (—, –, -, …, /, N/A) or an empty cell is missing. */
enum cell_kind { CELL_NUMBER, CELL_MISSING, CELL_TEXT };
/* The length of a footnote marker that ends s[0..len), 0 if none. */
size_t number_marker_len(const char *s, size_t len);
enum cell_kind number_read_cell(const char *s, size_t len, struct dec *v, size_t *marker_off,
				size_t *marker_len);

#endif
