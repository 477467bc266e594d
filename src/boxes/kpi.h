/* kpi.h — key-figure cards (a kpis block), stage "flow": rows of cards,
 * each with a big value and unit on one baseline and a label (and note) below,
 * laid out as boxes of items for flow to place; a block may break between
 * rows. */
#ifndef PAIBAN_KPI_H
#define PAIBAN_KPI_H

#include "boxes/setter.h"
#include "model/document.h"

/* The cards of b in rows that fit `width`, as many per row as the layout
 * allows. Returns the number of rows: rows[i] is a box of height heights[i]
 * whose items are relative to its top-left corner (arrays and items in the
 * frames' arena; each box's item array is heap: free it after copying).
 * Rows are meant to be kpi_gap() apart. */
int kpi_cards(const struct setter *s, const struct block *b, double width, struct group ***rows,
	      double **heights);
double kpi_gap(const struct layout *l);

#endif
