/* flow.c — places composed blocks on pages (see flow.h).
 *
 * Body blocks become a vertical list of items — lines, unbreakable boxes,
 * discardable spaces, page breaks — all on one baseline grid of the body's line
 * pitch, so lines in neighbouring columns line up. The list is then poured into
 * columns: a paragraph may split between any two lines, but never leaves one
 * line alone at the bottom (orphan) or top (widow) of a column, and a heading
 * always takes at least two lines of what follows with it. */
#include "flow/flow.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "boxes/chart.h"
#include "boxes/furniture.h"
#include "boxes/image.h"
#include "boxes/kpi.h"
#include "boxes/setter.h"
#include "boxes/table.h"
#include "flow/marks.h"

enum vkind { V_LINE, V_BOX, V_SPACE, V_BREAK };

/* The height an auto-height page is flowed in before it is cut to its
 * content: 500,000 pt is 666,666 px, far past any real long image. */
#define FLOW_AUTO_HEIGHT 500000.0

struct vitem {
	enum vkind kind;
	double h;
	/* V_LINE */
	const struct line *line;
	double x, base;
	/* V_BOX: items relative to the box's top-left corner */
	struct group *box;
	/* Lines of one paragraph share a group id (>= 0); gline counts from 0. */
	int group, gline, glines;
	bool keep_next;
	bool justified;
	double measure; /* width the line was set to */
	const struct text *mark;
	int mark_level;
	struct span span; /* boxes: the block that made them, for warnings */
	int block;        /* index of the report block that made it */
	int unit;         /* what whole-block mode keeps together: a block, or
			   * one paragraph of a text or lead block */
	bool spanning;    /* a heading across all columns: closes a section */
	/* Table rows: never float past what follows, and a row that starts a
	 * column brings the table's header (repeat, repeat_h tall) with it. */
	bool in_order;
	const struct group *repeat;
	double repeat_h;
	/* A box as wide as the text area (a chart or image with `span: page`):
	 * the columns above it are evened out and new ones start below it. */
	bool across;
};

/* Where a page started: the next item and what the frames held then. */
struct page_start {
	int item, nitems, nlines, nmarks, ndiag, ndropped;
	double top;
};

struct flow {
	struct setter set;
	const struct document *doc;
	const struct layout *l; /* set.l and set.fr, for brevity */
	struct frames *fr;
	double pitch;            /* body line pitch */
	double page_h;           /* the layout's, or the flow height of an auto-height page */
	bool whole_blocks;       /* split only between blocks (series, long images) */
	int cur_block;           /* the block add_block is adding */
	int cur_unit;            /* and the unit (see vitem.unit) */
	double x0, x1, y0, y1;   /* text area of a page */
	double colw;
	struct vitem *v;
	int nv, valloc;
	int ngroups;
	/* placement state */
	struct page *page;
	int col;
	double top, y;
	bool col_empty;
	int deferred; /* index of a box waiting for the next column, or -1 */
	int next;     /* the next item of the list to place */
	int stop;     /* pouring stops before this item (-1: at the list's end) */
	/* While balancing: a rule that an empty column would have to bend
	 * (orphan, widow, keep-with-next, a box too tall) fails the trial. */
	bool strict, failed;
	struct page_start page_start; /* to pour the current page again */
	struct flow_report *rep;      /* overflow and line marks */
};

static const struct font_role *role(struct flow *f, enum role r)
{
	return &f->l->roles[r];
}

static struct vitem *vadd(struct flow *f, enum vkind kind, double h)
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

/* Round a height up to whole body lines, so what follows stays on the grid. */
static double on_grid(struct flow *f, double h)
{
	return ceil(h / f->pitch - 1e-6) * f->pitch;
}

static int compose(struct flow *f, const struct text *t, const struct font_role *r,
		   double width, double indent, bool justify, enum align align,
		   struct line **lines)
{
	return set_compose(&f->set, t, r, width, indent, justify, align, lines);
}

static void mark_page_start(struct flow *f)
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

static struct page *new_page(struct flow *f)
{
	struct page *p = frames_add_page(f->fr, f->l->page_w, f->page_h, f->l->background);
	f->page = p;
	f->col = 0;
	f->top = f->y = f->y0;
	f->col_empty = true;
	mark_page_start(f);
	return p;
}

/* ---- blocks into the vertical list ---- */

static void add_paragraph_lines(struct flow *f, const struct line *lines, int n, double x,
				double measure, double base, bool justified)
{
	int g = f->ngroups++;
	for (int i = 0; i < n; i++) {
		struct vitem *it = vadd(f, V_LINE, f->pitch);
		it->line = &lines[i];
		it->x = x;
		it->base = base;
		it->group = g;
		it->gline = i;
		it->glines = n;
		it->justified = justified;
		it->measure = measure;
	}
}

/* Space between blocks: whole body lines, so the grid holds. */
static void add_space(struct flow *f, double lines)
{
	if (lines > 0)
		vadd(f, V_SPACE, on_grid(f, lines * f->pitch));
}

static void add_paragraphs(struct flow *f, const struct block *b, enum role rr, double inset,
			   double indent_em)
{
	const struct font_role *r = role(f, rr);
	double w = f->colw - 2 * inset;
	for (int i = 0; i < b->npara; i++) {
		struct line *lines;
		int n = compose(f, &b->paras[i], r, w, indent_em * r->size, true, ALIGN_LEFT, &lines);
		if (i > 0)
			add_space(f, f->l->para_space);
		/* Paragraphs of running text are units of their own in
		 * whole-block mode; a quote stays whole. */
		if (i > 0 && b->kind != BLOCK_QUOTE)
			f->cur_unit++;
		add_paragraph_lines(f, lines, n, inset, w, slot_baseline(f->pitch, r->size), true);
	}
}

static void add_heading(struct flow *f, const struct block *b)
{
	enum role rr = b->level == 1 ? ROLE_HEADING1 : b->level == 2 ? ROLE_HEADING2 : ROLE_HEADING3;
	const struct font_role *r = role(f, rr);
	bool bar = b->level == 1 && f->l->heading_bar;
	bool span = b->level == 1 && f->l->heading_span && f->l->columns > 1 && !f->l->canvas;
	/* Text starts after the accent bar, or at the layout's heading indent
	 * (GB/T 9704 indents 一、 headings two characters like paragraphs). */
	double shift = bar ? 0.6 * r->size : f->l->heading_indent * r->size;
	double width = span ? f->x1 - f->x0 : f->colw;
	struct line *lines;
	double used; /* a heading of several lines is balanced */
	int n = set_compose_balanced(&f->set, &b->paras[0], r, width - shift, ALIGN_LEFT, &lines,
				     &used);
	double hp = role_pitch(r);
	/* The heading takes whole grid lines: its own lines plus the layout's
	 * air (half a body line by default), more of it above than below. A
	 * heading on the body's pitch with no air sits on the grid like a line. */
	double h = on_grid(f, n * hp + f->l->heading_space * f->pitch);
	double above = (h - n * hp) * 0.62;
	struct group *box = group_new(&f->fr->arena);
	double y = above;
	set_lines(&f->set, box, lines, n, 0, &y, hp, r->size);
	if (bar)
		group_add_rect(box, 0, above + (hp - r->size) / 2 + 0.05 * r->size, 0.22 * r->size,
			      r->size * 0.9, f->l->accent);
	struct vitem *it = vadd(f, V_BOX, h);
	it->box = box;
	it->span = b->span;
	it->keep_next = !span; /* a spanning heading keeps with what follows itself */
	it->spanning = span;
	it->mark = &b->paras[0];
	it->mark_level = b->level;
	if (shift > 0)
		for (int i = 0; i < box->nitems; i++)
			if (box->items[i].kind == ITEM_GLYPHS)
				box->items[i].x += shift;
}

static void add_list(struct flow *f, const struct block *b)
{
	const struct font_role *r = role(f, ROLE_LIST);
	double hang = 2 * r->size;
	for (int i = 0; i < b->npara; i++) {
		struct line *lines;
		int n = compose(f, &b->paras[i], r, f->colw - hang, 0, true, ALIGN_LEFT, &lines);
		if (n == 0)
			continue;
		int first = f->nv;
		add_paragraph_lines(f, lines, n, hang, f->colw - hang,
				    slot_baseline(f->pitch, r->size), true);
		/* The marker is a one-line paragraph of its own in front of the
		 * item's first line: compose it and attach it as a second line
		 * item at the same grid position. */
		char mk[16];
		if (b->ordered)
			snprintf(mk, sizeof(mk), "%d.", i + 1);
		else
			snprintf(mk, sizeof(mk), "▪");
		struct text t = text_plain(arena_strdup(&f->fr->arena, mk));
		struct font_role mr = *r;
		if (!b->ordered)
			mr.color = f->l->accent;
		struct line *ml;
		if (compose(f, &t, &mr, hang, 0, false, ALIGN_LEFT, &ml) > 0) {
			struct line *merged = arena_alloc(&f->fr->arena, sizeof(*merged));
			*merged = lines[0];
			merged->runs = arena_array(&f->fr->arena, (size_t)(lines[0].nruns + ml[0].nruns),
						   sizeof(struct glyph_run));
			merged->nruns = 0;
			/* Marker runs sit in the hang, half an em from the edge. */
			for (int k = 0; k < ml[0].nruns; k++) {
				struct glyph_run run = ml[0].runs[k];
				run.glyphs = arena_memdup(&f->fr->arena, run.glyphs,
							  (size_t)run.nglyphs * sizeof(struct glyph));
				for (int g = 0; g < run.nglyphs; g++)
					run.glyphs[g].x += -hang + 0.5 * r->size - lines[0].x;
				merged->runs[merged->nruns++] = run;
			}
			for (int k = 0; k < lines[0].nruns; k++)
				merged->runs[merged->nruns++] = lines[0].runs[k];
			f->v[first].line = merged;
		}
	}
}

static void add_quote(struct flow *f, const struct block *b)
{
	const struct font_role *r = role(f, ROLE_QUOTE);
	double inset = 2 * r->size;
	add_space(f, 1);
	int first = f->nv;
	add_paragraphs(f, b, ROLE_QUOTE, inset, f->l->indent_em);
	if (b->attribution.len) {
		struct buf s;
		buf_init(&s);
		buf_addf(&s, "——%s", b->attribution.s);
		/* The dash goes in front: bold ranges move with the text. */
		struct text t = b->attribution;
		size_t shift = s.len - b->attribution.len;
		t.s = arena_strdup(&f->fr->arena, s.data);
		t.len = s.len;
		t.bold = arena_array(&f->fr->arena, (size_t)t.nbold + 1, sizeof(*t.bold));
		for (int k = 0; k < t.nbold; k++)
			t.bold[k] = (struct text_range){ b->attribution.bold[k].start + shift,
							 b->attribution.bold[k].end + shift };
		buf_release(&s);
		struct line *lines;
		int n = compose(f, &t, r, f->colw - 2 * inset, 0, false, ALIGN_LEFT, &lines);
		for (int i = 0; i < n; i++)
			lines[i].x = f->colw - 2 * inset - lines[i].width;
		add_paragraph_lines(f, lines, n, inset, f->colw - 2 * inset,
				    slot_baseline(f->pitch, r->size), false);
	}
	/* A thin accent rule along the quote's left edge, drawn per line so it
	 * follows the quote across a column break. */
	for (int i = first; i < f->nv; i++) {
		if (f->v[i].kind != V_LINE)
			continue;
		struct group *box = group_new(&f->fr->arena);
		group_add_rule(box, inset * 0.45, 0, inset * 0.45, f->pitch, 1.2, f->l->accent);
		f->v[i].box = box;
	}
	add_space(f, 1);
}

/* Each row of cards is a box of its own, so a block of key figures can break
 * between rows; the space around the block is shared out to the rows. */
static void add_kpis(struct flow *f, const struct block *b)
{
	struct group **rows;
	double *h;
	int n = kpi_cards(&f->set, b, f->colw, &rows, &h);
	for (int r = 0; r < n; r++) {
		double above = r == 0 ? 0.5 * f->pitch : kpi_gap(f->l) / 2;
		double below = r == n - 1 ? 0.5 * f->pitch : kpi_gap(f->l) / 2;
		double gh = on_grid(f, above + h[r] + below);
		/* Centre the row vertically in its grid lines. */
		for (int i = 0; i < rows[r]->nitems; i++)
			rows[r]->items[i].y += (gh - h[r]) / 2;
		struct vitem *it = vadd(f, V_BOX, gh);
		it->box = rows[r];
		it->span = b->span;
	}
}

/* A chart or an image: one box as wide as the column, with half a line of
 * air above and below, rounded up to whole grid lines. */
static void add_figure(struct flow *f, const struct block *b, struct group *box, double h)
{
	double gh = on_grid(f, h + f->pitch);
	for (int i = 0; i < box->nitems; i++)
		box->items[i].y += (gh - h) / 2;
	struct vitem *it = vadd(f, V_BOX, gh);
	it->box = box;
	it->span = b->span;
}

/* A table: title (kept with the header), header, one box per row — rows
 * keep their order and bring the header to each new column — and the
 * source note. */
static void add_table(struct flow *f, const struct block *b)
{
	struct table_boxes tb;
	if (table_layout(&f->set, b->table, f->colw, f->pitch, &tb) < 0)
		return;
	add_space(f, 0.5);
	struct vitem *it;
	if (tb.title) {
		it = vadd(f, V_BOX, tb.title_h);
		it->box = tb.title;
		it->span = b->span;
		it->keep_next = it->in_order = true;
	}
	it = vadd(f, V_BOX, tb.header_h);
	it->box = tb.header;
	it->span = b->span;
	it->keep_next = it->in_order = true;
	for (int r = 0; r < tb.nrows; r++) {
		it = vadd(f, V_BOX, tb.row_h[r]);
		it->box = tb.rows[r];
		it->span = b->span;
		it->in_order = true;
		if (r > 0) {
			it->repeat = tb.header;
			it->repeat_h = tb.header_h;
		}
	}
	if (tb.source) {
		/* The note does not start a column on its own. */
		it->keep_next = true;
		it = vadd(f, V_BOX, tb.source_h);
		it->box = tb.source;
		it->span = b->span;
		it->in_order = true;
	}
	add_space(f, 0.5);
}

static void add_block(struct flow *f, const struct block *b)
{
	switch (b->kind) {
	case BLOCK_LEAD:
		add_paragraphs(f, b, ROLE_LEAD, 0, f->l->indent_em);
		add_space(f, 1);
		break;
	case BLOCK_TEXT:
		add_paragraphs(f, b, ROLE_BODY, 0, f->l->indent_em);
		add_space(f, f->l->para_space);
		break;
	case BLOCK_HEADING:
		add_heading(f, b);
		break;
	case BLOCK_QUOTE:
		add_quote(f, b);
		break;
	case BLOCK_LIST:
		add_list(f, b);
		break;
	case BLOCK_KPIS:
		add_kpis(f, b);
		break;
	case BLOCK_PAGEBREAK:
		if (b->level)
			vadd(f, V_BREAK, 0);
		break;
	case BLOCK_CHART: {
		double h;
		bool span = b->chart->span_page && f->l->columns > 1 && !f->l->canvas;
		struct group *box = chart_box(&f->set, b->chart, span ? f->x1 - f->x0 : f->colw, &h);
		if (box)
			add_figure(f, b, box, h);
		if (box && span)
			f->v[f->nv - 1].across = true;
		break;
	}
	case BLOCK_TABLE:
		add_table(f, b);
		break;
	case BLOCK_IMAGE: {
		/* Never taller than a column (or a page), caption included. */
		double h;
		bool span = b->image->span_page && f->l->columns > 1 && !f->l->canvas;
		struct group *box = image_box(&f->set, b->image, span ? f->x1 - f->x0 : f->colw,
					     f->y1 - f->y0 - f->pitch, &h);
		add_figure(f, b, box, h);
		f->v[f->nv - 1].across = span;
		break;
	}
	}
}

/* The close of a 公文 (GB/T 9704 §7.3.5): one blank line under the body,
 * then the issuer (meta.publisher) centred over the date, and the date in
 * Arabic numerals ending four characters in from the right. Two lines kept
 * together, on the grid. */
static void add_signature(struct flow *f)
{
	const struct meta *m = &f->doc->meta;
	if (!f->l->signature || (!m->publisher.len && !m->has_date))
		return;
	const struct font_role *r = role(f, ROLE_BODY);
	char date[32] = "";
	if (m->has_date)
		snprintf(date, sizeof(date), "%d年%d月%d日", m->year, m->month, m->day);
	struct text dt = text_plain(arena_strdup(&f->fr->arena, date));
	struct line *pl = NULL, *dl = NULL;
	int np = m->publisher.len ? compose(f, &m->publisher, r, f->colw, 0, false, ALIGN_LEFT, &pl) : 0;
	int nd = date[0] ? compose(f, &dt, r, f->colw, 0, false, ALIGN_LEFT, &dl) : 0;
	double right = f->colw - 4 * r->size;
	double dw = nd ? dl[0].width : 0, dx = right - dw;
	struct line *lines = arena_array(&f->fr->arena, 2, sizeof(*lines));
	int n = 0;
	if (np) {
		lines[n] = pl[0];
		lines[n].x = nd ? dx + (dw - pl[0].width) / 2 : right - pl[0].width;
		lines[n].last = !nd;
		n++;
	}
	if (nd) {
		lines[n] = dl[0];
		lines[n].x = dx;
		lines[n].last = true;
		n++;
	}
	add_space(f, 1);
	f->cur_unit++;
	add_paragraph_lines(f, lines, n, 0, f->colw, slot_baseline(f->pitch, r->size), false);
}

/* Blocks at the very start of the body that span all columns under the title:
 * a lead (set in a tinted panel) and key figures. Spanning stops at the first
 * block that would not fit on the first page; that block and the rest flow in
 * the columns, where they can break across pages. */
static double put_spanning_start(struct flow *f, struct page *p, double y, int *next,
				 double *bottom)
{
	*bottom = y;
	double w = f->x1 - f->x0;
	int i = 0;
	for (; i < f->doc->nblocks; i++) {
		const struct block *b = &f->doc->blocks[i];
		int ndiag = f->set.d->n;
		struct group *tmp = group_new(&f->fr->arena);
		struct group *under = group_new(&f->fr->arena); /* the lead's panel */
		double ty = y;
		if (b->kind == BLOCK_LEAD) {
			const struct font_role *r = role(f, ROLE_LEAD);
			double pad = r->size;
			ty += pad * 0.6;
			for (int k = 0; k < b->npara; k++) {
				struct line *lines;
				int n = compose(f, &b->paras[k], r, w - 2 * pad, f->l->indent_em * r->size,
						true, ALIGN_LEFT, &lines);
				set_lines(&f->set, tmp, lines, n, f->x0 + pad, &ty, role_pitch(r), r->size);
			}
			ty += pad * 0.6;
			group_add_rect(under, f->x0, y, w, ty - y, f->l->panel);
			group_add_rect(under, f->x0, y, 2.5, ty - y, f->l->accent);
		} else if (b->kind == BLOCK_CHART && b->chart->span_page && f->l->columns > 1) {
			double h;
			struct group *box = chart_box(&f->set, b->chart, w, &h);
			if (box) {
				group_add_group(tmp, f->x0, ty, box, b->span);
				ty += h;
			}
		} else if (b->kind == BLOCK_KPIS && f->l->columns > 1) {
			struct group **rows;
			double *h;
			int n = kpi_cards(&f->set, b, w, &rows, &h);
			for (int r = 0; r < n; r++) {
				group_add_group(tmp, f->x0, ty, rows[r], b->span);
				ty += h[r] + (r + 1 < n ? kpi_gap(f->l) : 0);
			}
		} else {
			break;
		}
		if (ty > f->y1) {
			/* Composed again in the columns: forget this try's warnings. */
			diag_truncate(f->set.d, ndiag);
			break;
		}
		if (under->nitems)
			group_add_group(&p->content, 0, 0, under, b->span);
		group_add_group(&p->content, 0, 0, tmp, b->span);
		*bottom = ty;
		y = ty + f->pitch * 0.75;
	}
	*next = i;
	return y;
}

/* ---- pouring the list into columns ---- */

static void place(struct flow *f, const struct vitem *it);
static double col_x(struct flow *f);
static void copy_box(struct flow *f, const struct vitem *it, const struct group *box, double x,
		     double y);

/* A box (a row of key figures) that does not fit at the end of a column
 * floats to the top of the next column of the same page, while the text after
 * it fills this column. Its items are put on the page when it floats, so the
 * page's content keeps the report's order for text extraction. Across a page
 * break there is no floating: the box starts the next page (and the report's
 * order is kept by leaving the rest of the column empty). */
static bool float_to_next_column(struct flow *f, int i)
{
	/* The next column of the page starts at the same top as this one. */
	if (f->deferred >= 0 || f->col + 1 >= f->l->columns || f->top + f->v[i].h > f->y1 + 1e-6)
		return false;
	copy_box(f, &f->v[i], f->v[i].box, col_x(f) + f->colw + f->l->gutter, f->top);
	f->deferred = i;
	return true;
}

/* At the top of a column: make room for the box floated into it. */
static void place_deferred(struct flow *f)
{
	if (f->deferred < 0)
		return;
	const struct vitem *it = &f->v[f->deferred];
	f->deferred = -1;
	if (f->y + it->h > f->y1 + 1e-6)
		diag_warning_at(f->set.d, it->span, "a block is taller than a column and overflows the page");
	f->y += it->h;
	f->col_empty = false;
}

static void next_column(struct flow *f)
{
	if (++f->col >= f->l->columns) {
		new_page(f);
	} else {
		f->y = f->top;
		f->col_empty = true;
	}
	place_deferred(f);
}

static double col_x(struct flow *f)
{
	return f->x0 + f->col * (f->colw + f->l->gutter);
}

/* Put a box on the page as one group item; it shows the block that made it. */
static void copy_box(struct flow *f, const struct vitem *it, const struct group *box, double x,
		     double y)
{
	group_add_group(&f->page->content, x, y, box, it->span);
}

static void place(struct flow *f, const struct vitem *it)
{
	if (f->fr->npages > 1 && !f->rep->over) {
		/* The first run from the report (a list's marker is not). */
		f->rep->over = true;
		f->rep->first = it->span;
		for (int r = 0; it->kind == V_LINE && r < it->line->nruns; r++)
			if (it->line->runs[r].span.src) {
				f->rep->first = it->line->runs[r].span;
				break;
			}
	}
	double x = col_x(f);
	if (it->box)
		copy_box(f, it, it->box, x, f->y);
	if (it->kind == V_LINE)
		for (int r = 0; r < it->line->nruns; r++)
			group_add_run(&f->page->content, x + it->x + it->line->x, f->y + it->base,
				     &it->line->runs[r]);
	if (it->mark)
		frames_add_bookmark(f->fr, it->mark->s, it->mark_level + 1, f->fr->npages - 1, f->y);
	if (it->mark || (it->kind == V_LINE && it->group >= 0)) {
		struct line_mark m = {
			.page = f->fr->npages - 1, .column = f->col, .col_x = x, .col_w = f->colw,
			.y = f->y + it->base, .para = it->mark ? -1 : it->group,
			.line = it->gline, .lines = it->glines,
		};
		if (it->kind == V_LINE) {
			m.x = x + it->x + it->line->x;
			m.inset = it->x;
			m.measure = it->measure;
			m.width = it->line->width;
			m.justified = it->justified && !it->line->last;
		} else
			m.x = x;
		GROW(f->rep->lines, f->rep->nlines, f->rep->lines_alloc);
		f->rep->lines[f->rep->nlines++] = m;
	}
	f->y += it->h;
	f->col_empty = false;
}

/* Lines of a paragraph that still fit in this column. */
static int lines_that_fit(struct flow *f)
{
	return (int)floor((f->y1 - f->y) / f->pitch + 1e-6);
}

/* Whether anything visible (a line or a box) follows item i. */
static bool content_after(struct flow *f, int i)
{
	for (int j = i + 1; j < f->nv; j++)
		if (f->v[j].kind == V_LINE || f->v[j].kind == V_BOX)
			return true;
	return false;
}

/* Height of the unit that starts at item j: all its items but the space
 * after it, which is dropped at a column's end and so need not fit. */
static double block_height(struct flow *f, int j)
{
	double h = 0, tail = 0;
	for (int k = j; k < f->nv && f->v[k].unit == f->v[j].unit; k++) {
		if (f->v[k].kind == V_SPACE) {
			tail += f->v[k].h;
		} else {
			h += tail + f->v[k].h;
			tail = 0;
		}
	}
	return h;
}

/* In whole-block mode, the unit starting at item i moves on to the next
 * column or image unless it fits in what is left here; a unit taller than
 * a whole column cannot, and is split between its lines (with a warning). */
static bool block_moves_on(struct flow *f, int i)
{
	if (!f->whole_blocks || f->col_empty || (i > 0 && f->v[i - 1].unit == f->v[i].unit))
		return false;
	double h = block_height(f, i);
	if (h > f->y1 - f->y0 + 1e-6)
		return false;
	return f->y + h > f->y1 + 1e-6;
}

/* Height of the smallest piece that item j (after any spaces, which count)
 * can leave in a column: two lines of a paragraph, all of a paragraph too
 * short to split without an orphan or a widow, or a whole box. */
static double first_piece(struct flow *f, int j)
{
	double h = 0;
	while (j < f->nv && f->v[j].kind == V_SPACE)
		h += f->v[j++].h;
	if (j >= f->nv || f->v[j].kind == V_BREAK)
		return 0;
	const struct vitem *n = &f->v[j];
	if (n->across)
		return h; /* it goes under all the columns, not into this one */
	if (f->whole_blocks && (j == 0 || f->v[j - 1].unit != n->unit)) {
		double bh = block_height(f, j);
		if (bh <= f->y1 - f->y0 + 1e-6)
			return h + bh;
	}
	if (n->kind == V_LINE && n->group >= 0) {
		int rest = n->glines - n->gline;
		return h + (rest < 4 ? rest : 2) * f->pitch;
	}
	return h + n->h;
}

/* Height that must fit below a heading at i: the run of headings it belongs
 * to, from i on, and the first piece of what follows. A run taller than a
 * column cannot stay together: then each of its headings keeps only the item
 * right after it, so the run flows without leaving a heading alone. */
static double keep_height(struct flow *f, int i)
{
	int first = i;
	while (first > 0 && f->v[first - 1].keep_next)
		first--;
	double run = 0, from_i = 0;
	int j = first;
	for (; j < f->nv && f->v[j].keep_next; j++) {
		run += f->v[j].h;
		if (j >= i)
			from_i += f->v[j].h;
	}
	double piece = first_piece(f, j);
	if (run + piece > f->y1 - f->y0 + 1e-6)
		return f->v[i].h + first_piece(f, i + 1);
	return from_i + piece;
}

static double balance_section(struct flow *f);

/* A heading across all columns (news pages): the columns above it are
 * balanced and end; it goes across the text width under the longest of
 * them; a new set of columns starts below it. It moves to the next page
 * with what must follow it if that does not fit. */
static void place_spanning(struct flow *f, int i)
{
	const struct vitem *it = &f->v[i];
	double y = f->y;
	if (!(f->col == 0 && f->col_empty)) {
		int saved = f->nv;
		f->nv = i; /* balance only what came before the heading */
		y = balance_section(f);
		f->nv = saved;
		f->next = i;
	}
	if (y + it->h + first_piece(f, i + 1) > f->y1 + 1e-6 && y > f->y0 + 1e-6) {
		new_page(f);
		y = f->y0;
	}
	f->col = 0;
	f->y = y;
	place(f, it);
	f->top = f->y;
	f->col_empty = true;
	f->next = i + 1; /* a pour of this section again starts after the heading */
	mark_page_start(f);
}

static bool repour_last_page(struct flow *f, int page, double bottom);
static double pour_shortest(struct flow *f);

/* A box across all columns at item i: even out the columns poured so far on
 * this page (the shortest height at which they still fit, as at the end of
 * the document), put the box under them, and start new columns below it.
 * When the box does not fit under them, the columns stay as they are and
 * the box starts the next page. */
static void place_span(struct flow *f, int i)
{
	const struct vitem *it = &f->v[i];
	if (f->deferred >= 0)
		next_column(f);
	if (!(f->col == 0 && f->col_empty)) {
		int page = f->fr->npages - 1;
		f->stop = i;
		double bottom = pour_shortest(f);
		if (bottom < 0 || bottom + it->h > f->y1 + 1e-6) {
			repour_last_page(f, page, f->y1);
			bottom = f->y1;
		}
		f->stop = -1;
		f->y = bottom;
		if (f->deferred >= 0 || f->fr->npages != page + 1 || bottom + it->h > f->y1 + 1e-6)
			new_page(f);
	} else if (f->y + it->h > f->y1 + 1e-6 && f->top > f->y0) {
		new_page(f);
	}
	if (f->y + it->h > f->y1 + 1e-6)
		diag_warning_at(f->set.d, it->span, "a block is taller than a column and overflows the page");
	copy_box(f, it, it->box, f->x0, f->y);
	f->top = f->y = f->y + it->h;
	f->col = 0;
	f->col_empty = true;
	f->next = i + 1;
	mark_page_start(f);
}

/* Place the list's items from f->next on. */
static void pour(struct flow *f)
{
	int i = f->next, end = f->stop >= 0 ? f->stop : f->nv;
	while ((f->next = i) < end) {
		const struct vitem *it = &f->v[i];
		switch (it->kind) {
		case V_BREAK:
			/* A break with nothing after it would only add a blank page. */
			if (content_after(f, i)) {
				if (f->deferred >= 0)
					next_column(f);
				if (!(f->col_empty && f->col == 0))
					new_page(f);
			}
			i++;
			continue;
		case V_SPACE:
			/* Space is dropped at the top of a column; at the bottom it
			 * fills the column but never starts a new one (or a page). */
			if (!f->col_empty)
				f->y = f->y + it->h > f->y1 ? f->y1 : f->y + it->h;
			i++;
			continue;
		case V_BOX: {
			if (it->spanning && f->deferred < 0) {
				place_spanning(f, i);
				i++;
				continue;
			}
			if (it->across) {
				if (f->strict) {
					f->failed = true;
					return;
				}
				place_span(f, i);
				i = f->next;
				continue;
			}
			double h = it->h + (it->repeat && f->col_empty ? it->repeat_h : 0);
			/* Boxes keep their order: none goes before a floated one. */
			if (f->deferred >= 0 || block_moves_on(f, i)) {
				next_column(f);
				continue;
			}
			if (it->keep_next && f->y + keep_height(f, i) > f->y1 + 1e-6) {
				/* A heading moves on with what must follow it: to the
				 * next column, or past page 1's short columns to a page
				 * where it fits. Only what fits nowhere is placed here. */
				double need = keep_height(f, i);
				bool fits_page = need <= f->y1 - f->top + 1e-6;
				bool fits_fresh = need <= f->y1 - f->y0 + 1e-6;
				if (f->strict && (f->col_empty || !fits_page)) {
					f->failed = true;
					return;
				}
				if ((!f->col_empty && fits_page) || (!fits_page && fits_fresh)) {
					next_column(f);
					continue;
				}
			}
			/* An empty column under the title block is shorter than
			 * the next page's: a box too tall for it moves on. */
			if (f->y + h > f->y1 + 1e-6 && (!f->col_empty || f->top > f->y0)) {
				if (!f->col_empty && !it->keep_next && !it->in_order && float_to_next_column(f, i)) {
					i++;
					continue;
				}
				next_column(f);
				continue;
			}
			if (f->y + h > f->y1 + 1e-6) {
				if (f->strict) {
					f->failed = true;
					return;
				}
				diag_warning_at(f->set.d, it->span,
						"a block is taller than a column and overflows the page");
			}
			if (it->repeat && f->col_empty) {
				copy_box(f, it, it->repeat, col_x(f), f->y);
				f->y += it->repeat_h;
			}
			place(f, it);
			i++;
			continue;
		}
		case V_LINE:
			break;
		}
		if (block_moves_on(f, i)) {
			next_column(f);
			continue;
		}
		if (it->group < 0) {
			place(f, it);
			i++;
			continue;
		}
		int rest = it->glines - it->gline;
		int fit = lines_that_fit(f);
		int take = rest;
		if (rest > fit) {
			take = fit;
			if (rest - take == 1)
				take--; /* no widow: leave two lines for the next column */
			if (take < 2) { /* no orphan; an empty column takes what fits */
				if (f->col_empty && f->strict) {
					f->failed = true;
					return;
				}
				take = f->col_empty ? (fit > 0 ? fit : 1) : 0;
			}
		}
		for (int k = 0; k < take; k++)
			place(f, &f->v[i + k]);
		i += take;
		f->next = i;
		if (take < rest)
			next_column(f);
	}
	f->next = i;
	if (f->deferred >= 0)
		next_column(f);
}

/* Undo the last page back to where it started and pour it again with the
 * columns ending at `bottom`. Returns true if everything fit on that page. */
static bool repour_last_page(struct flow *f, int page, double bottom)
{
	struct frames *fr = f->fr;
	/* Items stay in the arena: only the counts go back. */
	fr->npages = page + 1;
	f->page = &fr->pages[page];
	f->page->content.nitems = f->page_start.nitems;
	f->rep->nlines = f->page_start.nlines;
	fr->nmarks = f->page_start.nmarks;
	f->deferred = -1;
	f->failed = false;
	diag_truncate(f->set.d, f->page_start.ndiag);
	f->set.d->dropped_warnings = f->page_start.ndropped;
	f->next = f->page_start.item;
	f->col = 0;
	f->top = f->y = f->page_start.top;
	f->col_empty = true;
	double saved = f->y1;
	f->y1 = bottom;
	pour(f);
	f->y1 = saved;
	return !f->failed && fr->npages == page + 1;
}

/* Pour what came since the page start into the shortest columns (in whole
 * lines) that hold it, so the text ends at about the same line in every
 * column. Returns where the columns end, or -1 when only full columns hold
 * it; the page start is kept either way. */
static double pour_shortest(struct flow *f)
{
	int page = f->fr->npages - 1;
	int lines = (int)floor((f->y1 - f->page_start.top) / f->pitch + 1e-6);
	double used = f->col * (f->y1 - f->page_start.top) + (f->y - f->page_start.top);
	/* A trial that overflows marks a later page's start: keep this one. */
	struct page_start start = f->page_start;
	double bottom = -1;
	f->strict = true;
	for (int h = (int)ceil(used / f->l->columns / f->pitch - 1e-6); h < lines; h++) {
		f->page_start = start;
		if (repour_last_page(f, page, start.top + h * f->pitch)) {
			bottom = start.top + h * f->pitch;
			break;
		}
	}
	f->strict = false;
	f->page_start = start;
	return bottom;
}

/* Even out the columns of the last page (or of the section on it since
 * the last spanning heading). Returns where the columns end. */
static double balance_section(struct flow *f)
{
	if (f->l->columns < 2 || f->l->canvas)
		return f->col == 0 ? f->y : f->y1;
	double bottom = pour_shortest(f);
	if (bottom >= 0)
		return bottom;
	repour_last_page(f, f->fr->npages - 1, f->y1);
	return f->y1;
}

/* In whole-block mode a block taller than a column cannot move on whole. */
static void warn_tall_blocks(struct flow *f)
{
	if (!f->whole_blocks)
		return;
	for (int i = 0; i < f->nv; i++)
		if ((i == 0 || f->v[i - 1].unit != f->v[i].unit) &&
		    block_height(f, i) > f->y1 - f->y0 + 1e-6)
			diag_warning_at(f->set.d, f->doc->blocks[f->v[i].block].span,
					"a part of this block is taller than one image and is split inside it");
}

/* An auto-height page ends its bottom margin below its content (page
 * numbers are added after this, in that margin). */
static void cut_to_content(struct page *p, const struct layout *l)
{
	struct rect r = group_bounds(&p->content);
	double h = (r.y0 <= r.y1 ? r.y1 : 0) + l->margin[2];
	/* Whole pixels (1 px = 0.75 pt), and at least 1 inch. */
	h = ceil(h / 0.75 - 1e-6) * 0.75;
	p->h = h < 72 ? 72 : h;
}

int flow_document(const struct document *doc, const struct layout *l, struct text_ctx *tc,
		  struct diag *d, struct frames *fr, struct flow_report *rep)
{
	struct flow_report local = { 0 };
	if (rep)
		flow_report_release(rep);
	else
		rep = &local;
	struct flow f = { .set = { tc, l, fr, d }, .doc = doc, .l = l, .fr = fr, .deferred = -1,
			  .stop = -1, .rep = rep };
	f.pitch = role_pitch(&l->roles[ROLE_BODY]);
	/* An auto-height page (a long image) is flowed on a very tall page,
	 * or one of max-height, and cut to its content afterwards. */
	f.page_h = !l->auto_height ? l->page_h : l->max_height > 0 ? l->max_height : FLOW_AUTO_HEIGHT;
	f.whole_blocks = l->fit == FIT_SERIES || (l->auto_height && l->max_height > 0);
	f.x0 = l->margin[3];
	f.x1 = l->page_w - l->margin[1];
	f.y0 = l->margin[0];
	f.y1 = f.page_h - l->margin[2];
	f.colw = (f.x1 - f.x0 - (l->columns - 1) * l->gutter) / l->columns;
	fr->canvas = l->canvas;
	fr->dpi = l->png_dpi;
	int errors = d->errors;

	struct page *p = new_page(&f);
	double y = furniture_masthead(&f.set, &doc->meta, &p->content, f.x0, f.x1, f.y0, f.pitch);
	int title_from = p->content.nitems;
	y = furniture_title(&f.set, &doc->meta, &p->content, f.x0, f.x1, y, f.pitch);
	/* A canvas that shows only its title block (a cover) centres it in the
	 * text area, when it fits. */
	if (!l->show_body && l->masthead == MASTHEAD_NONE && y < f.y1 &&
	    p->content.nitems > title_from) {
		struct group *g = &p->content;
		struct rect r = { 1, 1, 0, 0 };
		for (int i = title_from; i < g->nitems; i++)
			r = rect_union(r, frame_item_bounds(&g->items[i]));
		double dy = (f.y0 + f.y1 - r.y0 - r.y1) / 2;
		group_move(g, title_from, 0, dy);
		for (int i = 0; i < fr->nmarks; i++)
			fr->marks[i].y += dy;
		y += dy;
	}
	int first = doc->nblocks;
	double head_bottom = y;
	if (l->show_body)
		y = put_spanning_start(&f, p, y, &first, &head_bottom);
	/* Body columns start on a whole grid line below the header, or on the
	 * next page when the header leaves less than two lines. */
	f.top = f.y = f.y0 + on_grid(&f, y - f.y0);
	if (head_bottom > f.y1 + 1e-6) {
		rep->over = true;
		rep->first = doc->meta.title.len ? doc->meta.title.span : span_none();
	}
	if (head_bottom > f.y1 + 1e-6 && l->fit != FIT_SHRINK)
		diag_warning_at(d, span_none(),
				"the masthead, title and lead are taller than the first page's text area");
	for (int i = first; i < doc->nblocks; i++) {
		f.cur_block = i;
		f.cur_unit++;
		add_block(&f, &doc->blocks[i]);
	}
	if (l->show_body)
		add_signature(&f);
	warn_tall_blocks(&f);
	if (f.nv > 0 && f.top > f.y1 - 2 * f.pitch + 1e-6) {
		new_page(&f);
	} else {
		if (f.nv > 0 && f.top > f.y0 && l->columns > 1)
			group_add_rule(&p->content, f.x0, f.top - 0.5 * f.pitch, f.x1, f.top - 0.5 * f.pitch, 0.5,
				      l->muted);
		/* Composing's warnings stay; balancing forgets only those of
		 * its trial pours. */
		mark_page_start(&f);
	}
	pour(&f);
	balance_section(&f); /* the last page's columns end level */
	if (l->auto_height)
		for (int i = 0; i < fr->npages; i++)
			cut_to_content(&fr->pages[i], l);
	/* Page numbers go last on each page, so text extraction reads them
	 * after the page's text rather than in the middle of a paragraph. */
	for (int i = 0; i < fr->npages; i++)
		furniture_page_texts(&f.set, &fr->pages[i], i + 1, fr->npages, f.x0, f.x1, f.y0,
				     fr->pages[i].h - l->margin[2]);
	marks_apply(fr, l, rep);
	free(f.v);
	if (rep == &local)
		flow_report_release(&local);
	if (l->canvas && fr->npages > 1 && !f.whole_blocks && l->fit != FIT_SHRINK)
		diag_warning_at(d, span_none(),
				"the report does not fit on one %.0f×%.0f px canvas; it continues on %d images",
				l->page_w / 0.75, l->page_h / 0.75, fr->npages);
	return d->errors > errors ? -1 : 0;
}
