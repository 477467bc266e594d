/* collect.c — the report's blocks into flow's vertical list (vlist.h):
 * paragraphs become lines on the body's baseline grid (lines of one
 * paragraph share a group, so pouring can split it without orphans or
 * widows), headings, key figures, charts, tables and images become boxes
 * (boxes/), and space between blocks is whole grid lines. Which block may
 * split where is said here; where it lands is pour.c's business. */
#include "flow/vlist.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "boxes/figure.h"
#include "boxes/kpi.h"
#include "boxes/table.h"
#include "model/table.h"

static void add_paragraph_lines(struct flow *f, const struct line *lines, int n, double x,
				double measure, double base, bool justified)
{
	int g = f->ngroups++;
	for (int i = 0; i < n; i++) {
		struct vitem *it = flow_add_item(f, V_LINE, f->pitch);
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
		flow_add_item(f, V_SPACE, flow_on_grid(f, lines * f->pitch));
}

static void add_paragraphs(struct flow *f, const struct block *b, enum role rr, double inset,
			   double indent_em)
{
	const struct font_role *r = flow_role(f, rr);
	double w = f->colw - 2 * inset;
	for (int i = 0; i < b->npara; i++) {
		struct line *lines;
		int n = flow_compose(f, &b->paras[i], r, w, indent_em * r->size, true, ALIGN_LEFT, &lines);
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
	const struct font_role *r = flow_role(f, rr);
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
	double h = flow_on_grid(f, n * hp + f->l->heading_space * f->pitch);
	double above = (h - n * hp) * 0.62;
	struct group *box = group_new(&f->fr->arena);
	double y = above;
	set_lines(&f->set, box, lines, n, 0, &y, hp, r->size);
	if (bar)
		group_add_rect(box, 0, above + (hp - r->size) / 2 + 0.05 * r->size, 0.22 * r->size,
			      r->size * 0.9, f->l->accent);
	struct vitem *it = flow_add_item(f, V_BOX, h);
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
	const struct font_role *r = flow_role(f, ROLE_LIST);
	double hang = 2 * r->size;
	for (int i = 0; i < b->npara; i++) {
		struct line *lines;
		int n = flow_compose(f, &b->paras[i], r, f->colw - hang, 0, true, ALIGN_LEFT, &lines);
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
		if (flow_compose(f, &t, &mr, hang, 0, false, ALIGN_LEFT, &ml) > 0) {
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
	const struct font_role *r = flow_role(f, ROLE_QUOTE);
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
		int n = flow_compose(f, &t, r, f->colw - 2 * inset, 0, false, ALIGN_LEFT, &lines);
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
		double gh = flow_on_grid(f, above + h[r] + below);
		/* Centre the row vertically in its grid lines. */
		for (int i = 0; i < rows[r]->nitems; i++)
			rows[r]->items[i].y += (gh - h[r]) / 2;
		struct vitem *it = flow_add_item(f, V_BOX, gh);
		it->box = rows[r];
		it->span = b->span;
	}
}

/* A chart or an image: one box as wide as the column, with half a line of
 * air above and below, rounded up to whole grid lines. */
static void add_figure(struct flow *f, const struct block *b, struct group *box, double h)
{
	double gh = flow_on_grid(f, h + f->pitch);
	for (int i = 0; i < box->nitems; i++)
		box->items[i].y += (gh - h) / 2;
	struct vitem *it = flow_add_item(f, V_BOX, gh);
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
		it = flow_add_item(f, V_BOX, tb.title_h);
		it->box = tb.title;
		it->span = b->span;
		it->keep_next = it->in_order = true;
	}
	it = flow_add_item(f, V_BOX, tb.header_h);
	it->box = tb.header;
	it->span = b->span;
	it->keep_next = it->in_order = true;
	for (int r = 0; r < tb.nrows; r++) {
		it = flow_add_item(f, V_BOX, tb.row_h[r]);
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
		it = flow_add_item(f, V_BOX, tb.source_h);
		it->box = tb.source;
		it->span = b->span;
		it->in_order = true;
	}
	add_space(f, 0.5);
}

void collect_block(struct flow *f, const struct block *b)
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
			flow_add_item(f, V_BREAK, 0);
		break;
	case BLOCK_TABLE:
		add_table(f, b);
		break;
	default: {
		/* A chart, an image, any block that is one box: never taller
		 * than a column (or a page), its caption included. */
		double h;
		bool span = figure_spans_page(b) && f->l->columns > 1 && !f->l->canvas;
		struct group *box = figure_box(&f->set, b, span ? f->x1 - f->x0 : f->colw,
					       f->y1 - f->y0 - f->pitch, &h);
		if (box) {
			add_figure(f, b, box, h);
			f->v[f->nv - 1].across = span;
		}
		break;
	}
	}
}

/* The close of a 公文 (GB/T 9704 §7.3.5): one blank line under the body,
 * then the issuer (meta.publisher) centred over the date, and the date in
 * Arabic numerals ending four characters in from the right. Two lines kept
 * together, on the grid. */
void collect_signature(struct flow *f)
{
	const struct meta *m = &f->doc->meta;
	if (!f->l->signature || (!m->publisher.len && !m->has_date))
		return;
	const struct font_role *r = flow_role(f, ROLE_BODY);
	char date[32] = "";
	if (m->has_date)
		snprintf(date, sizeof(date), "%d年%d月%d日", m->year, m->month, m->day);
	struct text dt = text_plain(arena_strdup(&f->fr->arena, date));
	struct line *pl = NULL, *dl = NULL;
	int np = m->publisher.len ? flow_compose(f, &m->publisher, r, f->colw, 0, false, ALIGN_LEFT, &pl) : 0;
	int nd = date[0] ? flow_compose(f, &dt, r, f->colw, 0, false, ALIGN_LEFT, &dl) : 0;
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
