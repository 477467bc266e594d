/* pour.c — the vertical list into columns and pages (vlist.h). A paragraph
 * may split between any two lines but never leaves one line alone at the
 * bottom (orphan) or top (widow) of a column; a heading takes at least two
 * lines of what follows with it; a box that does not fit floats to the next
 * column while text fills this one; table rows keep their order and bring
 * their header; spanning headings and boxes close a set of columns. The
 * last page's columns are evened out by pouring it again into the shortest
 * columns that hold it. */
#include "flow/vlist.h"

#include <math.h>
#include <string.h>

#include "base/util.h"
#include "model/chart.h"

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

/* In a series of images a figure too tall for what is left of an image
 * waits for the top of the next one while the text after it fills this
 * one, as figures float to the next page in print (the image would
 * otherwise end in an empty band as tall as the figure). */
static bool hold_for_next_image(struct flow *f, int i)
{
	if (f->l->fit != FIT_SERIES || !f->v[i].figure || f->held >= 0 || f->deferred >= 0 ||
	    f->col + 1 < f->l->columns || f->v[i].h > f->y1 - f->y0 + 1e-6)
		return false;
	f->held = i;
	return true;
}

/* The current column's content reaches down to f->y. */
static void note_col_end(struct flow *f)
{
	if (f->col < (int)(sizeof(f->col_end) / sizeof(f->col_end[0])))
		f->col_end[f->col] = f->y;
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
	note_col_end(f);
}

static void next_column(struct flow *f)
{
	if (++f->col >= f->l->columns) {
		flow_new_page(f);
		if (f->held >= 0) {
			/* The figure that waited opens the new image. */
			int i = f->held;
			f->held = -1;
			place(f, &f->v[i]);
		}
	} else {
		f->y = f->top;
		f->col_empty = true;
		if (f->col_bottoms)
			f->y1 = f->col_bottoms[f->col];
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
	note_col_end(f);
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

static double close_from(struct flow *f, int j);

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
		/* A paragraph of three lines or fewer goes along with the close
		 * of the body (附件说明, 署名) when that would start a column
		 * alone: then the close is part of the piece. */
		if (rest < 4 + n->gtail)
			return h + rest * f->pitch + (n->close ? 0 : close_from(f, j + rest));
		return h + 2 * f->pitch;
	}
	return h + n->h;
}

/* Height that must fit below a heading at i: the run of headings it belongs
 * to, from i on, and the first piece of what follows. A run taller than a
 * column cannot stay together: then each of its headings keeps only the item
 * right after it, so the run flows without leaving a heading alone. */
static double keep_height(struct flow *f, int i)
{
	/* The run goes on over the air between two items that keep with
	 * what follows: a heading, then the air over a table, then the
	 * table's title and header; a paragraph kept with the 附件说明 under
	 * a blank line. */
	int first = i;
	for (;;) {
		int k = first - 1;
		while (k >= 0 && f->v[k].kind == V_SPACE)
			k--;
		if (k < 0 || !f->v[k].keep_next)
			break;
		first = k;
	}
	double run = 0, from_i = 0;
	int j = first;
	for (;;) {
		if (j < f->nv && f->v[j].keep_next) {
			run += f->v[j].h;
			if (j >= i)
				from_i += f->v[j].h;
			j++;
			continue;
		}
		int k = j;
		double air = 0;
		while (k < f->nv && f->v[k].kind == V_SPACE)
			air += f->v[k++].h;
		if (k == j || k >= f->nv || !f->v[k].keep_next)
			break;
		run += air;
		if (j > i)
			from_i += air;
		j = k;
	}
	double piece = first_piece(f, j);
	if (run + piece > f->y1 - f->y0 + 1e-6)
		return f->v[i].h + first_piece(f, i + 1);
	return from_i + piece;
}


static bool repour_last_page(struct flow *f, int page, double bottom);
static double pour_shortest(struct flow *f);
static void pour_to_foot(struct flow *f);
static void pour_staircase(struct flow *f, bool even);

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
		y = pour_balance(f);
		f->nv = saved;
		f->next = i;
	}
	if (y + it->h + first_piece(f, i + 1) > f->y1 + 1e-6 && y > f->y0 + 1e-6) {
		/* No room under the columns above: rather than leave the foot
		 * of the page empty (balanced columns) or the last column short
		 * (full ones), the columns run to the foot and the heading goes
		 * at the end of the last one, in its column version, when it
		 * fits there with what must follow it; its section flows on in
		 * the columns while the story goes on. */
		if (it->col_box && y < f->y1 - 1e-6 && f->fr->npages > 0) {
			int saved = f->nv;
			f->nv = i;
			repour_last_page(f, f->fr->npages - 1, f->y1);
			f->nv = saved;
			f->next = i;
			y = f->y1;
		}
		if (y >= f->y1 - 1e-6 && it->col_box && !f->col_empty &&
		    f->deferred < 0 && f->y + it->col_h + first_piece(f, i + 1) <= f->y1 + 1e-6) {
			/* For good: a later pour of this page sees a column
			 * heading that keeps with what follows. */
			struct vitem *v = &f->v[i];
			v->box = v->col_box;
			v->h = v->col_h;
			v->spanning = false;
			v->keep_next = true;
			place(f, v);
			f->next = i + 1;
			return;
		}
		/* The heading opens the next page: the columns above it end
		 * as near the foot as they can all reach, rather than three
		 * full and the last one short. */
		if (!(f->col == 0 && f->col_empty) && f->l->columns > 1) {
			int saved = f->nv;
			f->nv = i;
			pour_to_foot(f);
			f->nv = saved;
			f->next = i;
		}
		flow_new_page(f);
		y = f->y0;
	}
	f->col = 0;
	f->y = y;
	place(f, it);
	f->top = f->y;
	f->col_empty = true;
	f->next = i + 1; /* a pour of this section again starts after the heading */
	flow_mark_page_start(f);
}


/* A box across all columns at item i: even out the columns poured so far on
 * this page (the shortest height at which they still fit, as at the end of
 * the document), put the box under them, and start new columns below it.
 * When the box does not fit under them, the columns stay as they are and
 * the box starts the next page. */
static bool place_span(struct flow *f, int i, bool may_defer)
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
			/* A chart or picture that does not fit under the columns
			 * goes to the top of the next page, and the text after it
			 * fills this one (a float, as in print); table rows keep
			 * their order. */
			if (may_defer && !it->in_order && !it->keep_next && f->deferred_across < 0 &&
			    it->h <= f->y1 - f->y0 + 1e-6 && f->fr->npages == page + 1) {
				f->stop = -1;
				f->deferred_across = i;
				f->next = i + 1;
				return false;
			}
		}
		f->stop = -1;
		f->y = bottom;
		if (f->deferred >= 0 || f->fr->npages != page + 1 || bottom + it->h > f->y1 + 1e-6)
			flow_new_page(f);
	} else {
		/* Under another box across (the rows of a table across the
		 * page): a title or header keeps with the row after it. */
		double need = it->h;
		if (it->keep_next && i + 1 < f->nv && f->v[i + 1].across)
			need += f->v[i + 1].h;
		if (f->y + need > f->y1 + 1e-6 && f->top > f->y0)
			flow_new_page(f);
	}
	/* A table row that starts a page brings the 续表 line and header. */
	if (it->repeat && f->y <= f->y0 + 1e-6) {
		copy_box(f, it, it->repeat, f->x0, f->y);
		f->y += it->repeat_h;
	}
	if (f->y + it->h > f->y1 + 1e-6)
		diag_warning_at(f->set.d, it->span, "a block is taller than a column and overflows the page");
	copy_box(f, it, it->box, f->x0, f->y);
	f->top = f->y = f->y + it->h;
	f->col = 0;
	f->col_empty = true;
	f->next = i + 1;
	flow_mark_page_start(f);
	return true;
}

/* A strict trial (pour_shortest) fails where a rule would have to bend. */
static int fail(struct flow *f)
{
	f->failed = true;
	return -1;
}

/* Each step below places item i (or moves on to a new column) and returns
 * the item to go on from — i itself when only the column changed — or -1
 * when a strict trial failed. */

/* A page break; one with nothing after it would only add a blank page. */
static int pour_break(struct flow *f, int i)
{
	if (content_after(f, i)) {
		if (f->deferred >= 0)
			next_column(f);
		if (!(f->col_empty && f->col == 0))
			flow_new_page(f);
	}
	return i + 1;
}

/* Space is dropped at the top of a column; at the bottom it fills the
 * column but never starts a new one (or a page). */
static int pour_space(struct flow *f, int i)
{
	if (!f->col_empty)
		f->y = f->y + f->v[i].h > f->y1 ? f->y1 : f->y + f->v[i].h;
	return i + 1;
}

/* When a page's columns are evened out (a strict trial), a table of up to
 * this many rows is not split between them: a 续表 and a repeated header
 * for three rows read worse than columns a few lines longer. In full
 * columns a table still splits after any row but the first and the last
 * but one. */
#define WHOLE_TABLE_ROWS 12

/* If item i starts a table (its title, or its header), the height of the
 * table to its note, else -1; `rows` gets the number of its rows. */
static double table_from(const struct flow *f, int i, int *rows)
{
	const struct vitem *it = &f->v[i];
	if (it->kind != V_BOX || !it->in_order || it->repeat ||
	    (i > 0 && f->v[i - 1].in_order && f->v[i - 1].unit == it->unit))
		return -1;
	double h = 0;
	*rows = 1; /* the first row; each one after it brings the header along */
	for (int k = i; k < f->nv && f->v[k].in_order && f->v[k].unit == it->unit; k++) {
		h += f->v[k].h;
		*rows += f->v[k].repeat != NULL;
	}
	return h;
}

static int pour_box(struct flow *f, int i)
{
	const struct vitem *it = &f->v[i];
	int rows;
	double whole;
	if (f->strict && !it->across && (whole = table_from(f, i, &rows)) > 0 &&
	    rows <= WHOLE_TABLE_ROWS && f->y + whole > f->y1 + 1e-6) {
		if (f->col_empty)
			return fail(f);
		next_column(f);
		return i;
	}
	if (it->spanning && f->deferred < 0) {
		place_spanning(f, i);
		return i + 1;
	}
	if (it->across) {
		if (f->strict)
			return fail(f);
		place_span(f, i, true);
		return f->next;
	}
	/* Figures keep their order: none goes before one that floated. */
	if (it->figure && f->deferred_across >= 0) {
		while (f->deferred_across >= 0)
			next_column(f);
		return i;
	}
	double h = it->h + (it->repeat && f->col_empty ? it->repeat_h : 0);
	/* Boxes keep their order: none goes before a floated one, and no
	 * figure before one that waits for the next image. */
	if (f->deferred >= 0 || (f->held >= 0 && it->figure) || block_moves_on(f, i)) {
		next_column(f);
		return i;
	}
	if (it->keep_next && f->y + keep_height(f, i) > f->y1 + 1e-6) {
		/* A heading moves on with what must follow it: to the next
		 * column, or past page 1's short columns to a page where it
		 * fits. Only what fits nowhere is placed here. */
		double need = keep_height(f, i);
		bool fits_page = need <= f->y1 - f->top + 1e-6;
		bool fits_fresh = need <= f->y1 - f->y0 + 1e-6;
		if (f->strict && (f->col_empty || !fits_page))
			return fail(f);
		if ((!f->col_empty && fits_page) || (!fits_page && fits_fresh)) {
			next_column(f);
			return i;
		}
	}
	/* On a canvas only what a box shows must fit: the air under it (a
	 * row of key figures is centred in whole lines) may reach into the
	 * bottom margin, or the image would end in a band of nothing. */
	if (f->l->canvas && it->box && !it->repeat && f->y + h > f->y1 + 1e-6) {
		struct rect b = group_bounds(it->box);
		if (b.y0 <= b.y1 && f->y + b.y1 <= f->y1 + 1e-6)
			h = f->y1 - f->y;
	}
	/* An empty column under the title block is shorter than the next
	 * page's: a box too tall for it moves on. */
	if (f->y + h > f->y1 + 1e-6 && (!f->col_empty || f->top > f->y0)) {
		if (!it->keep_next && !it->in_order &&
		    ((!f->col_empty && float_to_next_column(f, i)) || hold_for_next_image(f, i)))
			return i + 1;
		/* In one column, a chart or picture that does not fit heads
		 * the next page, and the text after it fills this one. (With
		 * columns it floats to the next column above.) */
		if (it->figure && !f->strict && f->l->columns == 1 &&
		    f->deferred < 0 && f->deferred_across < 0 && !f->whole_blocks && !f->l->canvas &&
		    !f->l->auto_height && it->h <= f->y1 - f->y0 + 1e-6 && content_after(f, i)) {
			f->deferred_across = i;
			return i + 1;
		}
		next_column(f);
		return i;
	}
	if (f->y + h > f->y1 + 1e-6) {
		if (f->strict)
			return fail(f);
		diag_warning_at(f->set.d, it->span, "a block is taller than a column and overflows the page");
	}
	if (it->repeat && f->col_empty) {
		copy_box(f, it, it->repeat, col_x(f), f->y);
		f->y += it->repeat_h;
	}
	place(f, it);
	return i + 1;
}

/* The height of the close (vitem.close) from item j to the end of the
 * list, when j (after spaces) starts it; else 0. */
static double close_from(struct flow *f, int j)
{
	int k = j;
	while (k < f->nv && f->v[k].kind == V_SPACE && !f->v[k].close)
		k++;
	if (k >= f->nv || !f->v[k].close)
		return 0;
	double h = 0;
	for (int q = j; q < f->nv; q++)
		h += f->v[q].h;
	return h;
}

/* The lines of a paragraph from item i: as many as fit, but never one
 * alone at the bottom (orphan) or the top of the next column (widow). */
static int pour_lines(struct flow *f, int i)
{
	const struct vitem *it = &f->v[i];
	if (block_moves_on(f, i)) {
		next_column(f);
		return i;
	}
	if (it->group < 0) {
		place(f, it);
		return i + 1;
	}
	int rest = it->glines - it->gline;
	int fit = lines_that_fit(f);
	int take = rest;
	/* The close stays whole: it moves on if it does not fit here. */
	double close = it->close && it->gline == 0 && (i == 0 || !f->v[i - 1].close ||
						       f->v[i - 1].kind == V_SPACE)
			       ? close_from(f, i) : 0;
	if (close > 0 && !f->col_empty && f->y + close > f->y1 + 1e-6 &&
	    close <= f->y1 - f->top + 1e-6) {
		next_column(f);
		return i;
	}
	if (rest > fit) {
		take = fit;
		if (rest - take < 2 + it->gtail)
			take = rest - 2 - it->gtail; /* no widow: two lines (and a source) go on */
		if (take < 2) { /* no orphan; an empty column takes what fits */
			if (f->col_empty && f->strict)
				return fail(f);
			take = f->col_empty ? (fit > 0 ? fit : 1) : 0;
		}
	} else if (!it->close && (close = close_from(f, i + rest)) > 0 &&
		   f->y + rest * f->pitch + close > f->y1 + 1e-6) {
		/* The close would start the next column (or page) alone —
		 * GB/T 9704 §7.3.5 forbids a 署名 and 日期 without text: the
		 * paragraph's last lines go along with it (all of one of three
		 * lines or fewer, which cannot split). */
		take = rest - (rest < 4 ? rest : 2);
		if (take == 1)
			take = 0;
		if (take == 0 && f->col_empty)
			take = rest; /* the paragraph fills the column: nothing to gain */
	}
	for (int k = 0; k < take; k++)
		place(f, &f->v[i + k]);
	f->next = i + take;
	if (take < rest)
		next_column(f);
	return i + take;
}

/* Place the list's items from f->next on. */
void pour(struct flow *f)
{
	int i = f->next, end = f->stop >= 0 ? f->stop : f->nv;
	while ((f->next = i) < end) {
		switch (f->v[i].kind) {
		case V_BREAK:
			i = pour_break(f, i);
			break;
		case V_SPACE:
			i = pour_space(f, i);
			break;
		case V_BOX:
			i = pour_box(f, i);
			break;
		case V_LINE:
			i = pour_lines(f, i);
			break;
		}
		if (i < 0)
			return;
	}
	f->next = i;
	if (f->deferred >= 0 || f->held >= 0)
		next_column(f);
	/* A box still waiting for a page: under the last columns, or on a
	 * page of its own. */
	if (f->deferred_across >= 0 && f->stop < 0) {
		const struct vitem *it = &f->v[f->deferred_across];
		if (f->col == 0 && f->y + it->h <= f->y1 + 1e-6) {
			f->deferred_across = -1;
			copy_box(f, it, it->box, f->x0, f->y);
			f->top = f->y = f->y + it->h;
			f->col_empty = true;
			flow_mark_page_start(f);
		} else {
			flow_new_page(f); /* which it heads */
		}
	}
}

/* Undo the last page back to where it started and pour it again with the
 * columns ending at `bottom`. Returns true if everything fit on that page. */
static bool repour_last_page(struct flow *f, int page, double bottom)
{
	struct frames *fr = f->fr;
	while (fr->npages > page + 1)
		free(fr->pages[--fr->npages].content.items);
	f->page = &fr->pages[page];
	f->page->content.nitems = f->page_start.nitems;
	f->rep->nlines = f->page_start.nlines;
	fr->nmarks = f->page_start.nmarks;
	f->deferred = f->held = -1;
	f->deferred_across = -1;
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
		for (int c = 0; c < (int)(sizeof(f->col_end) / sizeof(f->col_end[0])); c++)
			f->col_end[c] = start.top;
		if (repour_last_page(f, page, start.top + h * f->pitch)) {
			bottom = start.top + h * f->pitch;
			break;
		}
	}
	f->strict = false;
	f->page_start = start;
	return bottom;
}

/* Pour what came since the page start again so that the column that ends
 * highest ends as near the foot as it can: each column but the last ends
 * at the foot or up to three lines above it, none lower than the one
 * before, and the last takes the rest — whichever leaves the fewest empty
 * lines under the shortest column (a last column short by four lines
 * becomes columns one line short each). For columns that the next page's
 * content cannot follow (it opens with a heading across the page). */
static void pour_to_foot(struct flow *f)
{
	pour_staircase(f, false);
}

/* One trial of pour_staircase: the columns end at `bottoms`; a better
 * result than the best so far (fewer empty lines under the shortest
 * column; with `even`, of two as good the one whose longest column is
 * shorter) is copied to `best`. False when they do not hold it. */
struct stairs {
	double bottoms[8], best[8];
	double best_gap, best_top;
	bool even;
};

static bool try_bottoms(struct flow *f, struct stairs *s, int page, const struct page_start *start, int n)
{
	for (int c = 0; c < n; c++)
		f->col_end[c] = start->top;
	f->page_start = *start;
	f->col_bottoms = s->bottoms;
	if (!repour_last_page(f, page, s->bottoms[0]))
		return false;
	double gap = 0, top = 0;
	for (int c = 0; c < n; c++) {
		gap = fmax(gap, f->y1 - f->col_end[c]);
		top = fmax(top, f->col_end[c]);
	}
	if (gap < s->best_gap - 1e-6 || (s->even && gap < s->best_gap + 1e-6 && top < s->best_top - 1e-6)) {
		s->best_gap = gap;
		s->best_top = top;
		memcpy(s->best, s->bottoms, sizeof(s->best));
	}
	return true;
}

/* pour_to_foot's search; `even`: of two ways that leave the shortest
 * column as long, the one whose longest column is shorter wins (9, 9, 8, 8
 * lines over 10, 8, 8, 8), for columns evened out above what follows.
 * Besides the staircases, `even` tries the first columns at the foot and
 * the rest evened out, for a tall box that cannot split (a short table)
 * in one column: 16, 7, 7, 6 lines rather than 16, 16, 4 and none. */
static void pour_staircase(struct flow *f, bool even)
{
	int page = f->fr->npages - 1;
	struct page_start start = f->page_start;
	int lines = (int)floor((f->y1 - start.top) / f->pitch + 1e-6);
	int n = f->l->columns < 8 ? f->l->columns : 8;
	struct stairs s = { .best_gap = INFINITY, .best_top = INFINITY, .even = even };
	int up[8] = { 0 }; /* lines above the foot, column by column */
	f->strict = true;
	for (;;) {
		for (int c = 0; c < n; c++)
			s.bottoms[c] = start.top + (lines - (c + 1 < n ? up[c] : 0)) * f->pitch;
		try_bottoms(f, &s, page, &start, n);
		/* The next try: offsets that never decrease, each up to 3. */
		int c = n - 2;
		while (c >= 0 && up[c] == 3)
			c--;
		if (c < 0)
			break;
		up[c]++;
		for (int k = c + 1; k + 1 < n; k++)
			up[k] = up[c];
	}
	for (int k = 1; even && k < n; k++) {
		for (int h = 1; h < lines - 3; h++) {
			for (int c = 0; c < n; c++)
				s.bottoms[c] = start.top + (c < k ? lines : h) * f->pitch;
			if (try_bottoms(f, &s, page, &start, n))
				break; /* the lowest h that holds the rest */
		}
	}
	f->strict = false;
	f->page_start = start;
	for (int c = 0; c < n; c++)
		f->col_end[c] = start.top;
	if (s.best_gap < INFINITY) {
		f->col_bottoms = s.best;
		repour_last_page(f, page, s.best[0]);
	} else {
		f->col_bottoms = NULL;
		repour_last_page(f, page, f->y1);
	}
	f->col_bottoms = NULL;
}

/* Even out the columns of the last page (or of the section on it since
 * the last spanning heading). Returns where the columns end. */
double pour_balance(struct flow *f)
{
	if (f->l->columns < 2 || f->l->canvas)
		return f->col == 0 ? f->y : f->y1;
	double bottom = pour_shortest(f);
	if (bottom >= 0) {
		/* The shortest columns, filled one after the other, can leave
		 * the last one far shorter than the rest (10, 10, 10 and 4
		 * lines): when one ends more than two lines short, the columns
		 * before the last may end up to three lines higher within that
		 * height, whichever leaves the shortest column longest. */
		int n = f->l->columns < 8 ? f->l->columns : 8;
		double shortest = bottom;
		for (int c = 0; c < n; c++)
			shortest = fmin(shortest, f->col_end[c]);
		if (f->l->columns > 2 && shortest < bottom - 2.5 * f->pitch) {
			double saved = f->y1;
			f->y1 = bottom;
			pour_staircase(f, true);
			f->y1 = saved;
			double end = f->page_start.top;
			for (int c = 0; c < n; c++)
				end = fmax(end, f->col_end[c]);
			return fmin(end, bottom);
		}
		return bottom;
	}
	repour_last_page(f, f->fr->npages - 1, f->y1);
	return f->y1;
}

double pour_last_page_above(struct flow *f, double bottom)
{
	double saved = f->y1;
	/* Pages it spills onto end at `bottom` too: the last of them is
	 * the one that takes what goes under the columns. */
	repour_last_page(f, f->fr->npages - 1, bottom);
	f->y1 = bottom;
	double end = pour_balance(f);
	f->y1 = saved;
	return end;
}

/* Whether pull-together's figure_scale changes the height of the box of
 * item it: pictures and charts on axes (plot_setup) do. */
static bool scales_with_figures(const struct flow *f, const struct vitem *it)
{
	const struct block *b = &f->doc->blocks[it->block];
	if (!it->figure)
		return false;
	if (b->kind == BLOCK_IMAGE)
		return true;
	if (b->kind != BLOCK_CHART)
		return false;
	enum chart_type t = b->chart->type;
	return t == CHART_COLUMN || t == CHART_LINE || t == CHART_AREA || t == CHART_COMBO;
}

bool pour_pull_hopeless(struct flow *f, double body_top, double imprint)
{
	int cols = f->l->columns, pages = f->fr->npages;
	if (pages < 2)
		return false;
	/* Column-points the pages before the last hold, under page 1's head. */
	double room = cols * ((f->y1 - body_top) + (pages - 2) * (f->y1 - f->y0));
	/* What the list needs at the least: spaces, which a column top drops,
	 * count nothing; a picture or a chart on axes gives up all but
	 * PULL_TOGETHER_FIGURES of its height (and a grid line of rounding),
	 * a heading its air; a heading across may go in its column version at
	 * the foot of a page that the section runs on from. */
	double need = cols * imprint, column_version = 0;
	for (int i = 0; i < f->nv; i++) {
		const struct vitem *it = &f->v[i];
		if (it->kind == V_SPACE || it->kind == V_BREAK)
			continue;
		double span = it->across || it->spanning ? cols : 1;
		double h = span * (it->h - it->air);
		if (scales_with_figures(f, it))
			h -= span * ((1 - PULL_TOGETHER_FIGURES) * it->h + f->pitch);
		if (it->spanning)
			column_version = fmax(column_version, h - (it->col_h - it->col_air));
		need += fmax(h, 0);
	}
	/* On pages one fewer, the pages but the last end in one at most. */
	need -= (pages - 2) * column_version;
	return need > room + 1e-6;
}

/* In whole-block mode a block taller than a column cannot move on whole. */
void pour_warn_tall_blocks(struct flow *f)
{
	if (!f->whole_blocks)
		return;
	for (int i = 0; i < f->nv; i++)
		if ((i == 0 || f->v[i - 1].unit != f->v[i].unit) &&
		    block_height(f, i) > f->y1 - f->y0 + 1e-6)
			diag_warning_at(f->set.d, f->doc->blocks[f->v[i].block].span,
					"a part of this block is taller than one image and is split inside it");
}
