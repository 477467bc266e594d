/* visit.c — the walk over a document's texts (visit.h). */
#include "model/visit.h"

#include "model/chart.h"
#include "model/image.h"
#include "model/table.h"

#define VISIT(t, role)                                   \
	do {                                             \
		int rc_ = fn(doc, (t), (role), arg);     \
		if (rc_)                                 \
			return rc_;                      \
	} while (0)

static int visit_chart(struct document *doc, struct chart *c, visit_fn *fn, void *arg)
{
	VISIT(&c->title, TEXT_PROSE);
	VISIT(&c->unit, TEXT_PROSE);
	VISIT(&c->unit2, TEXT_PROSE);
	for (int i = 0; i < c->ncats; i++)
		VISIT(&c->cats[i], TEXT_PROSE);
	for (int i = 0; i < c->nseries; i++)
		VISIT(&c->series[i].name, TEXT_PROSE);
	VISIT(&c->source, TEXT_PROSE);
	return 0;
}

static int visit_table(struct document *doc, struct table *t, visit_fn *fn, void *arg)
{
	VISIT(&t->title, TEXT_PROSE);
	for (int i = 0; i < t->nrows * t->ncols; i++)
		VISIT(&t->cells[i], TEXT_PROSE);
	VISIT(&t->source, TEXT_PROSE);
	return 0;
}

static int visit_block(struct document *doc, struct block *b, visit_fn *fn, void *arg)
{
	switch (b->kind) {
	case BLOCK_LEAD:
	case BLOCK_HEADING:
	case BLOCK_TEXT:
	case BLOCK_LIST:
		for (int i = 0; i < b->npara; i++)
			VISIT(&b->paras[i], TEXT_PROSE);
		return 0;
	case BLOCK_QUOTE:
		for (int i = 0; i < b->npara; i++)
			VISIT(&b->paras[i], TEXT_PROSE);
		VISIT(&b->attribution, TEXT_PROSE);
		return 0;
	case BLOCK_KPIS:
		for (int i = 0; i < b->nkpis; i++) {
			struct kpi *k = &b->kpis[i];
			VISIT(&k->value, TEXT_VALUE);
			VISIT(&k->unit, TEXT_PROSE);
			VISIT(&k->label, TEXT_PROSE);
			VISIT(&k->note, TEXT_PROSE);
			VISIT(&k->change, TEXT_VALUE);
			VISIT(&k->basis, TEXT_PROSE);
		}
		return 0;
	case BLOCK_PAGEBREAK:
		return 0;
	case BLOCK_CHART:
		return visit_chart(doc, b->chart, fn, arg);
	case BLOCK_TABLE:
		return visit_table(doc, b->table, fn, arg);
	case BLOCK_IMAGE:
		VISIT(&b->image->caption, TEXT_PROSE);
		return 0;
	}
	return 0;
}

int document_visit(struct document *doc, visit_fn *fn, void *arg)
{
	struct meta *m = &doc->meta;
	VISIT(&m->masthead, TEXT_PROSE);
	VISIT(&m->issue, TEXT_PROSE);
	VISIT(&m->publisher, TEXT_PROSE);
	VISIT(&m->date, TEXT_DATE);
	VISIT(&m->title, TEXT_PROSE);
	VISIT(&m->subtitle, TEXT_PROSE);
	VISIT(&m->byline, TEXT_PROSE);
	VISIT(&m->call_to_action, TEXT_PROSE);
	VISIT(&m->kicker, TEXT_PROSE);
	VISIT(&m->section, TEXT_PROSE);
	for (int i = 0; i < m->nattachments; i++)
		VISIT(&m->attachments[i], TEXT_PROSE);
	VISIT(&m->imprint.cc, TEXT_PROSE);
	VISIT(&m->imprint.report, TEXT_PROSE);
	VISIT(&m->imprint.send, TEXT_PROSE);
	VISIT(&m->imprint.issue, TEXT_PROSE);
	VISIT(&m->imprint.printer, TEXT_PROSE);
	VISIT(&m->imprint.copies, TEXT_PROSE);
	VISIT(&m->imprint.date_text, TEXT_DATE);
	for (int i = 0; i < doc->nblocks; i++) {
		int rc = visit_block(doc, &doc->blocks[i], fn, arg);
		if (rc)
			return rc;
	}
	return 0;
}
