/* vlist.c — the vertical list and the state of a flow in progress
 * (vlist.h): adding items, the body grid, composing with the layout's
 * roles, and where a page starts. */
#include "flow/vlist.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#include "base/util.h"

const struct font_role *flow_role(struct flow *f, enum role r)
{
	return &f->l->roles[r];
}

struct vitem *flow_add_item(struct flow *f, enum vkind kind, double h)
{
	GROW(f->v, f->nv, f->valloc);
	struct vitem *it = &f->v[f->nv++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->h = h;
	it->group = -1;
	it->block = f->cur_block;
	it->unit = f->cur_unit;
	return it;
}

double flow_on_grid(struct flow *f, double h)
{
	return ceil(h / f->pitch - 1e-6) * f->pitch;
}

int flow_compose(struct flow *f, const struct text *t, const struct font_role *r, double width,
		 double indent, bool justify, enum align align, struct line **lines)
{
	return set_compose(&f->set, t, r, width, indent, justify, align, lines);
}

void flow_mark_page_start(struct flow *f)
{
	f->page_start.item = f->next;
	f->page_start.nitems = f->page->content.nitems;
	f->page_start.nlines = f->rep->nlines;
	f->page_start.nmarks = f->fr->nmarks;
	f->page_start.ndiag = f->set.d->n;
	f->page_start.ndropped = f->set.d->dropped_warnings;
	/* Boxes float only within a page, so none is waiting at a page's start. */
	assert(f->deferred < 0);
	f->page_start.top = f->top;
}

struct page *flow_new_page(struct flow *f)
{
	struct page *p = frames_add_page(f->fr, f->l->page_w, f->page_h, f->l->background);
	f->page = p;
	f->col = 0;
	f->top = f->y = f->y0;
	f->col_empty = true;
	/* A box across the page that did not fit under the columns of the
	 * last page heads this one; the columns start below it. */
	if (f->deferred_across >= 0) {
		const struct vitem *it = &f->v[f->deferred_across];
		f->deferred_across = -1;
		group_add_group(&p->content, f->x0, f->y0, it->box, it->span);
		f->top = f->y = f->y0 + it->h;
	}
	flow_mark_page_start(f);
	return p;
}
