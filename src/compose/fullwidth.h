/* fullwidth.h — ASCII punctuation typed in Chinese text (你好,世界 or
 * 增长(同比)) becomes the full-width marks a Chinese reader expects, before
 * composing: , ; : ! ? . after a Han character or a full-width mark (a
 * space after them goes, whatever follows), and a pair of ( ) around or
 * after Chinese text. Latin context stays Latin (3.14, e.g., (GDP) in an
 * English phrase). A layout turns it off (typography.ascii-punctuation). */
#ifndef PAIBAN_FULLWIDTH_H
#define PAIBAN_FULLWIDTH_H

#include <stdbool.h>

#include "base/diag.h"
#include "model/document.h"

/* Convert every text of the document that is prose (model/visit.h: not a
 * key figure's value or change, not the date) in place, new strings in its
 * arena.
 * With `verbose`, a note at each change's source position. Returns the
 * number of marks changed. */
int fullwidth_document(struct document *doc, struct diag *d, bool verbose);

/* Convert one text; exposed for tests. */
int fullwidth_text(struct document *doc, struct text *t, struct diag *d, bool verbose);

#endif
