/* figread.h — reading the chart, table and image blocks of a report
 * (docs/report.md), stage "parse". Data comes inline or from a CSV file next
 * to the report; every value keeps its span, so a bad number is reported at
 * the report's line and column or at file.csv:row:column. */
#ifndef PAIBAN_FIGREAD_H
#define PAIBAN_FIGREAD_H

#include "input.h"
#include "model.h"

struct fy_node;

int figread_chart(struct input *in, struct document *doc, struct fy_node *v, struct block *b);
int figread_table(struct input *in, struct document *doc, struct fy_node *v, struct block *b);
int figread_image(struct input *in, struct document *doc, struct fy_node *v, struct block *b);

/* Parse a number as people write it in a report or a spreadsheet: optional
 * sign, thousands separators (1,234.5), decimals, exponent. Returns 0; -1 for
 * text that is not a number; -2 for NaN or infinity. */
int figread_number(const char *s, size_t len, double *v);

#endif
