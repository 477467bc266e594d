/* visit.h — one walk over every text of a document, stage "model": the
 * metadata, paragraphs, quotes' sources, key figures, and the titles,
 * labels, names, cells and captions of charts, tables and images. Every
 * transform of the text (full-width punctuation, expressions) goes through
 * it, so a new block kind is visited once it is added here — and the
 * compiler's -Wswitch flags visit.c when a block kind is missing. */
#ifndef PAIBAN_VISIT_H
#define PAIBAN_VISIT_H

#include "model/document.h"

/* What a text is, for transforms that treat some texts differently. */
enum text_role {
	TEXT_PROSE, /* sentences and labels in Chinese or Latin */
	TEXT_VALUE, /* a figure as written: a key figure's value or change */
	TEXT_DATE,  /* meta.date, YYYY-MM-DD */
};

/* Called for each text in reading order; it may replace *t (new strings in
 * doc's arena). Returns 0 to go on, or a non-zero value that stops the walk
 * and is returned by document_visit. */
typedef int visit_fn(struct document *doc, struct text *t, enum text_role role, void *arg);

int document_visit(struct document *doc, visit_fn *fn, void *arg);

#endif
