/* flow.c — places composed blocks on pages (see flow.h): the head of the
 * first page (masthead, title block, blocks that span the columns under
 * it), then the body — collected into a vertical list (collect.c) and
 * poured into columns (pour.c) — and the end of every page: long images cut
 * to their content, page numbers, printer's marks. */
#include "flow/flow.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "boxes/chart.h"
#include "boxes/cover.h"
#include "boxes/furniture.h"
#include "boxes/kpi.h"
#include "flow/marks.h"
#include "flow/vlist.h"
#include "model/chart.h"

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
			const struct font_role *r = flow_role(f, ROLE_LEAD);
			double pad = r->size;
			ty += pad * 0.6;
			for (int k = 0; k < b->npara; k++) {
				struct line *lines;
				int n = flow_compose(f, &b->paras[k], r, w - 2 * pad, f->l->indent_em * r->size,
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

/* A canvas that shows only its title block (a cover, a link preview)
 * centres it between `top` (the text area's, or below the masthead) and
 * the bottom of the text area: items[from..] of the page, by their bounds. */
static double center_title_block(struct flow *f, struct page *p, int from, double y, double top)
{
	struct group *g = &p->content;
	struct rect r = { 1, 1, 0, 0 };
	for (int i = from; i < g->nitems; i++)
		r = rect_union(r, frame_item_bounds(&g->items[i]));
	double dy = (top + f->y1 - r.y0 - r.y1) / 2;
	group_move(g, from, 0, dy);
	for (int i = 0; i < f->fr->nmarks; i++)
		f->fr->marks[i].y += dy;
	return y + dy;
}

/* The head of the first page: masthead, title block and the blocks that
 * span the columns under them. Returns where the body's columns start;
 * *first gets the first block they hold. */
static double put_head(struct flow *f, struct page *p, int *first)
{
	const struct document *doc = f->doc;
	const struct layout *l = f->l;
	const struct meta *m = &doc->meta;
	/* A cover or link preview with a picture: the picture fills the
	 * canvas under a scrim, and the title block is set light on it. */
	struct layout light;
	struct setter set = f->set;
	if (!l->show_body && m->cover_image.w > 0) {
		cover_background(&f->set, &m->cover_image, &p->content, p->w, p->h);
		cover_light_text(l, &light);
		set.l = &light;
	}
	double y = furniture_masthead(&set, m, &p->content, f->x0, f->x1, f->y0, f->pitch);
	int title_from = p->content.nitems;
	double title_top = l->masthead == MASTHEAD_NONE ? f->y0 : y;
	y = furniture_title(&set, m, &p->content, f->x0, f->x1, y, f->pitch, f->y0);
	if (!l->show_body && y < f->y1 && p->content.nitems > title_from)
		y = center_title_block(f, p, title_from, y, title_top);
	/* The logo at the bottom right of a cover's text area. */
	if (!l->show_body && m->logo.w > 0)
		cover_logo(&f->set, &m->logo, &p->content, f->x1, f->y1 - 1.5 * l->roles[ROLE_MASTHEAD].size,
			   1.5 * l->roles[ROLE_MASTHEAD].size, true);
	*first = doc->nblocks;
	double head_bottom = y;
	if (l->show_body)
		y = put_spanning_start(f, p, y, first, &head_bottom);
	if (head_bottom > f->y1 + 1e-6) {
		f->rep->over = true;
		f->rep->first = doc->meta.title.len ? doc->meta.title.span : span_none();
		if (l->fit != FIT_SHRINK)
			diag_warning_at(f->set.d, span_none(),
					"the masthead, title and lead are taller than the first page's text area");
	}
	/* Body columns start on a whole grid line below the head. */
	return f->y0 + flow_on_grid(f, y - f->y0);
}

/* News pages (layout `jump-lines`): where the story runs from the foot of
 * one page on to the next, "（下转第N版）" under the column it leaves and
 * "（上接第N版）" over the column it goes on in, small and right-aligned, in
 * the margins (the columns keep their lines). */
static void put_jump_lines(struct flow *f)
{
	const struct flow_report *rep = f->rep;
	if (!f->l->jump_lines)
		return;
	struct font_role r = *flow_role(f, ROLE_BODY);
	r.size *= 0.85;
	r.color = f->l->muted;
	for (int i = 0; i + 1 < rep->nlines; i++) {
		const struct line_mark *a = &rep->lines[i], *b = &rep->lines[i + 1];
		if (b->page != a->page + 1)
			continue;
		char s[64];
		snprintf(s, sizeof(s), "（下转第%d版）", b->page + 1);
		struct text t = text_plain(arena_strdup(&f->fr->arena, s));
		double w = text_width(f->set.tc, &t, &r, false);
		set_text(&f->set, &f->fr->pages[a->page].content, &t, &r, a->col_x + a->col_w - w,
			 f->y1 + 0.3 * f->pitch + EM_ABOVE * r.size, ALIGN_LEFT, 0);
		snprintf(s, sizeof(s), "（上接第%d版）", a->page + 1);
		t = text_plain(arena_strdup(&f->fr->arena, s));
		w = text_width(f->set.tc, &t, &r, false);
		set_text(&f->set, &f->fr->pages[b->page].content, &t, &r, b->col_x + b->col_w - w,
			 b->y - slot_baseline(f->pitch, flow_role(f, ROLE_BODY)->size) - 0.3 * f->pitch -
				 EM_BELOW * r.size,
			 ALIGN_LEFT, 0);
	}
}

/* How full page p is (see struct flow_report), before its page numbers. */
static double page_fill(const struct flow *f, const struct page *p)
{
	double bottom = f->y0, y1 = p->h - f->l->margin[2];
	for (int i = 0; i < p->content.nitems; i++) {
		struct rect b = frame_item_bounds(&p->content.items[i]);
		if (b.x0 <= b.x1 && b.y0 < y1)
			bottom = fmax(bottom, fmin(b.y1, y1));
	}
	return y1 > f->y0 ? (bottom - f->y0) / (y1 - f->y0) : 1;
}

/* What every page gets once the body is placed: a long image its height,
 * every page its numbers (last, so text extraction reads them after the
 * page's text), and printer's marks. */
static void finish_pages(struct flow *f, int body_pages)
{
	struct frames *fr = f->fr;
	const struct layout *l = f->l;
	if (l->auto_height)
		for (int i = 0; i < fr->npages; i++)
			cut_to_content(&fr->pages[i], l);
	f->rep->least_fill = 1;
	f->rep->least_fill_page = -1;
	for (int i = 0; i + 1 < body_pages; i++) {
		double fill = page_fill(f, &fr->pages[i]);
		if (fill < f->rep->least_fill)
			f->rep->least_fill = fill, f->rep->least_fill_page = i;
	}
	put_jump_lines(f);
	for (int i = 0; i < fr->npages; i++)
		furniture_page_texts(&f->set, &f->doc->meta, &fr->pages[i], i + 1, fr->npages,
				     f->unnumbered_from < 0 || i < f->unnumbered_from, f->x0, f->x1, f->y0,
				     fr->pages[i].h - l->margin[2]);
	marks_apply(fr, l, f->rep);
}

int flow_document(const struct document *doc, const struct layout *l, struct text_ctx *tc,
		  struct diag *d, struct frames *fr, struct flow_report *rep)
{
	struct flow_report local = { 0 };
	if (rep)
		flow_report_release(rep);
	else
		rep = &local;
	struct flow f = { .set = { tc, l, fr, d }, .doc = doc, .l = l, .fr = fr, .deferred = -1, .held = -1,
			  .deferred_across = -1, .stop = -1, .rep = rep, .unnumbered_from = -1 };
	f.pitch = role_pitch(&l->roles[ROLE_BODY]);
	/* An auto-height page (a long image) is flowed on a very tall page,
	 * or one of max-height, and cut to its content afterwards. */
	f.page_h = !l->auto_height ? l->page_h : l->max_height > 0 ? l->max_height : FLOW_AUTO_HEIGHT;
	/* A series of images splits like pages, between lines, with the keep
	 * rules; a long image cut at max-height splits between blocks. */
	f.whole_blocks = l->auto_height && l->max_height > 0;
	f.x0 = l->margin[3];
	f.x1 = l->page_w - l->margin[1];
	f.y0 = l->margin[0];
	f.y1 = f.page_h - l->margin[2];
	f.colw = (f.x1 - f.x0 - (l->columns - 1) * l->gutter) / l->columns;
	fr->canvas = l->canvas;
	fr->dpi = l->png_dpi;
	int errors = d->errors;

	struct page *p = flow_new_page(&f);
	int first;
	f.top = f.y = put_head(&f, p, &first);
	for (int i = first; i < doc->nblocks; i++) {
		f.cur_block = i;
		f.cur_unit++;
		collect_block(&f, &doc->blocks[i]);
	}
	if (l->show_body)
		collect_signature(&f);
	pour_warn_tall_blocks(&f);
	/* The body starts on the next page when the head leaves less than two
	 * lines; else a rule parts it from the head in a page of columns. */
	if (f.nv > 0 && f.top > f.y1 - 2 * f.pitch + 1e-6) {
		flow_new_page(&f);
	} else {
		if (f.nv > 0 && f.top > f.y0 && l->columns > 1)
			group_add_rule(&p->content, f.x0, f.top - 0.5 * f.pitch, f.x1,
				       f.top - 0.5 * f.pitch, 0.5, l->muted);
		/* Composing's warnings stay; balancing forgets only those of
		 * its trial pours. */
		flow_mark_page_start(&f);
	}
	pour(&f);
	double end = pour_balance(&f); /* the last page's columns end level */
	imprint_place(&f, end);
	int body_pages = fr->npages;
	/* A series may end with a closing card. */
	const struct meta *m = &doc->meta;
	if (l->closing_card && l->fit == FIT_SERIES && (m->url.len || m->call_to_action.len)) {
		/* Errors (a url too long for a QR code) are counted below. */
		if (l->auto_height) {
			/* A long image ends with it, under its text. */
			struct page *lp = &fr->pages[fr->npages - 1];
			struct rect b = group_bounds(&lp->content);
			double top = (b.y0 <= b.y1 ? b.y1 : f.y0) + 2 * f.pitch;
			cover_closing_card(&f.set, m, lp, f.x0, f.x1, top, top + 1.1 * (f.x1 - f.x0));
		} else {
			struct page *cp = flow_new_page(&f);
			cover_closing_card(&f.set, m, cp, f.x0, f.x1, f.y0, f.y1);
		}
	}
	finish_pages(&f, body_pages);
	free(f.v);
	if (rep == &local)
		flow_report_release(&local);
	if (l->canvas && fr->npages > 1 && l->fit == FIT_NONE)
		diag_warning_at(d, span_none(),
				"the report does not fit on one %.0f×%.0f px canvas; it continues on %d images",
				l->page_w / 0.75, l->page_h / 0.75, fr->npages);
	return d->errors > errors ? -1 : 0;
}
