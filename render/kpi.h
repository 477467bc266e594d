/* kpi.h — key-figure cards (a kpis block), stage "flow": a row of cards,
 * each with a big value and unit on one baseline and a label (and note) below,
 * laid out as a box of items for flow to place. */
#ifndef PAIBAN_KPI_H
#define PAIBAN_KPI_H

#include "model.h"
#include "setter.h"

/* The cards of b in `width`, as many per row as the layout allows; the box's
 * items are relative to its top-left corner and live in the frames' arena
 * (the item array itself is heap: free(box->items) after copying). */
struct page *kpi_cards(const struct setter *s, const struct block *b, double width, double *height);

#endif
