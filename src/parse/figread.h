/* figread.h — reading the chart, table and image blocks of a report
 * (docs/report.md), stage "parse". Data comes inline or from a CSV file next
 * to the report; every value keeps its span, so a bad number is reported at
 * the report's line and column or at file.csv:row:column. */
#ifndef PAIBAN_FIGREAD_H
#define PAIBAN_FIGREAD_H

#include "base/input.h"
#include "model/document.h"

struct node;

int figread_chart(struct input *in, struct document *doc, struct node *v, struct block *b);
int figread_table(struct input *in, struct document *doc, struct node *v, struct block *b);
int figread_image(struct input *in, struct document *doc, struct node *v, struct block *b);


#endif
