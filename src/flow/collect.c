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
#include "model/chart.h"
#include "model/image.h"
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

/* A heading's box `width` wide: its lines in its role, an accent bar for
 * level 1 (or the layout's indent), in whole grid lines of air; *air gets
 * how much shorter it would be with no air (pull-together's bound). */
static struct group *heading_box(struct flow *f, const struct block *b, double width, double *height,
				 double *air)
{
	enum role rr = b->level == 1 ? ROLE_HEADING1 : b->level == 2 ? ROLE_HEADING2 : ROLE_HEADING3;
	const struct font_role *r = flow_role(f, rr);
	bool bar = b->level == 1 && f->l->heading_bar;
	/* Text starts after the accent bar, or at the layout's heading indent
	 * (GB/T 9704 indents 一、 headings two characters like paragraphs). */
	double shift = bar ? 0.6 * r->size : f->l->heading_indent * r->size;
	struct line *lines;
	int n;
	if (!bar && shift > 0) {
		/* Indented like a paragraph, it wraps like one: the first
		 * line from the indent, the next from the column edge, each
		 * full (GB/T 9704 §7.3.3: 左空二字，回行顶格). */
		n = set_compose(&f->set, &b->paras[0], r, width, shift, true, ALIGN_LEFT, &lines);
		shift = 0;
	} else {
		double used; /* a heading of several lines is balanced */
		n = set_compose_title(&f->set, &b->paras[0], r, width - shift, ALIGN_LEFT, &lines,
					 &used);
	}
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
	if (shift > 0)
		for (int i = 0; i < box->nitems; i++)
			if (box->items[i].kind == ITEM_GLYPHS)
				box->items[i].x += shift;
	*height = h;
	*air = h - flow_on_grid(f, n * hp);
	return box;
}

static void add_heading(struct flow *f, const struct block *b)
{
	bool span = b->level == 1 && f->l->heading_span && f->l->columns > 1 && !f->l->canvas;
	double h, air;
	struct group *box = heading_box(f, b, span ? f->x1 - f->x0 : f->colw, &h, &air);
	struct vitem *it = flow_add_item(f, V_BOX, h);
	it->air = air;
	it->box = box;
	it->span = b->span;
	it->keep_next = !span; /* a spanning heading keeps with what follows itself */
	it->spanning = span;
	it->mark = &b->paras[0];
	it->mark_level = b->level;
	/* Its column version, for the foot of a page where it does not fit
	 * across under the columns but does fit in the last one. */
	if (span)
		it->col_box = heading_box(f, b, f->colw, &it->col_h, &it->col_air);
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
		int from = f->nv;
		add_paragraph_lines(f, lines, n, inset, f->colw - 2 * inset,
				    slot_baseline(f->pitch, r->size), false);
		/* The source is the last lines of the quote's last paragraph,
		 * so a column never starts with it alone, nor with it and one
		 * line of the quote (no widow). */
		int last = from - 1;
		while (last >= first && f->v[last].kind != V_LINE)
			last--;
		if (last >= first && n > 0) {
			int g = f->v[last].group, total = f->v[last].glines + n;
			for (int i = first; i < f->nv; i++)
				if (f->v[i].kind == V_LINE && (f->v[i].group == g || i >= from)) {
					if (i >= from)
						f->v[i].gline = f->v[last].glines + (i - from);
					f->v[i].group = g;
					f->v[i].glines = total;
					f->v[i].gtail = n;
				}
			/* No space between the paragraph and its source. */
			for (int i = last + 1; i < from; i++)
				if (f->v[i].kind == V_SPACE)
					f->v[i].h = 0;
		}
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

/* Key figures that a column would stack one above another (narrow news
 * columns) go across the page instead, as a row under the columns above
 * them: in the report's order (a stacked row would float past text) and
 * without a column of lone cards. */
static bool add_kpis_across(struct flow *f, const struct block *b)
{
	const struct layout *l = f->l;
	double gap = kpi_gap(l);
	if (l->columns < 2 || l->canvas || b->nkpis < 2 ||
	    (int)((f->colw + gap) / (l->kpi_min_width + gap)) > 1)
		return false;
	struct group **rows;
	double *h;
	int n = kpi_cards(&f->set, b, f->x1 - f->x0, &rows, &h);
	struct group *box = group_new(&f->fr->arena);
	double y = 0.5 * f->pitch;
	for (int r = 0; r < n; r++) {
		group_add_group(box, 0, y, rows[r], b->span);
		y += h[r] + (r + 1 < n ? gap : 0);
	}
	struct vitem *it = flow_add_item(f, V_BOX, flow_on_grid(f, y + 0.5 * f->pitch));
	it->box = box;
	it->span = b->span;
	it->across = true;
	return true;
}

/* Each row of cards is a box of its own, so a block of key figures can break
 * between rows; the space around the block is shared out to the rows. */
static void add_kpis(struct flow *f, const struct block *b)
{
	if (add_kpis_across(f, b))
		return;
	struct group **rows;
	double *h;
	int n = kpi_cards(&f->set, b, f->colw, &rows, &h);
	double all = 0;
	for (int r = 0; r < n; r++)
		all += h[r] + (r + 1 < n ? kpi_gap(f->l) : 0);
	/* In one column on pages the block floats like a chart: whole, to
	 * the next page's top, while the text after it fills this one (pour.c);
	 * one taller than a page keeps its rows apart, to break between them. */
	bool one_column = f->l->columns == 1 && !f->l->canvas && !f->l->auto_height &&
			  flow_on_grid(f, all + f->pitch) <= f->y1 - f->y0 + 1e-6;
	if ((f->l->fit == FIT_SERIES || one_column) && n > 0) {
		/* The key figures of a block stay together: one box, which
		 * like a chart may wait for the next image of a series, or
		 * head the next page, while text fills this one. */
		struct group *box = group_new(&f->fr->arena);
		double y = 0;
		for (int r = 0; r < n; r++) {
			group_add_group(box, 0, y, rows[r], b->span);
			y += h[r] + (r + 1 < n ? kpi_gap(f->l) : 0);
		}
		double gh = flow_on_grid(f, y + f->pitch);
		group_move(box, 0, 0, (gh - y) / 2);
		struct vitem *it = flow_add_item(f, V_BOX, gh);
		it->box = box;
		it->span = b->span;
		it->figure = true;
		return;
	}
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

/* A chart or an image: one box as wide as the column, with a quarter to
 * three quarters of a line of air above and below, on whole grid lines. */
static void add_figure(struct flow *f, const struct block *b, struct group *box, double h)
{
	/* At least a quarter line above and below: a whole line more before
	 * rounding left up to two blank lines around a chart. */
	double gh = flow_on_grid(f, h + 0.5 * f->pitch);
	for (int i = 0; i < box->nitems; i++)
		box->items[i].y += (gh - h) / 2;
	struct vitem *it = flow_add_item(f, V_BOX, gh);
	it->box = box;
	it->span = b->span;
	it->figure = true;
}

/* "图1　" + t (or "续表1　" + t …) in the frames' arena, keeping t's span
 * and bold ranges (moved along). */
static struct text numbered(struct flow *f, const char *prefix, int n, const struct text *t)
{
	char *head = xasprintf("%s%d%s", prefix, n, t->len ? "　" : "");
	char *all = xasprintf("%s%s", head, t->len ? t->s : "");
	struct text x = *t;
	size_t shift = strlen(head);
	x.s = arena_strdup(&f->fr->arena, all);
	x.len = strlen(all);
	x.bold = arena_array(&f->fr->arena, (size_t)t->nbold + 1, sizeof(*x.bold));
	for (int k = 0; k < t->nbold; k++)
		x.bold[k] = (struct text_range){ t->bold[k].start + shift, t->bold[k].end + shift };
	x.emph = NULL;
	x.nemph = 0;
	free(head);
	free(all);
	return x;
}

/* A table: title (kept with the header), header, one box per row — rows
 * keep their order and bring the "续表" line and the header to each new
 * column or page — and the source note. With `span: page` (in a layout of
 * columns) it is as wide as the text area: the columns above it are evened
 * out, its rows go across under them, and new columns start below it. */
static void add_table(struct flow *f, const struct block *b)
{
	const struct table *t = b->table;
	bool across = t->span_page && f->l->columns > 1 && !f->l->canvas;
	struct table numbered_t;
	struct text cont = text_plain("续表");
	if (f->l->number_captions) {
		int n = ++f->ntables;
		numbered_t = *t;
		numbered_t.title = numbered(f, "表", n, &t->title);
		t = &numbered_t;
		cont = numbered(f, "续表", n, &b->table->title);
	} else if (t->title.len) {
		char *c = xasprintf("续表　%s", t->title.s);
		cont = text_plain(arena_strdup(&f->fr->arena, c));
		free(c);
	}
	struct table_boxes tb;
	if (table_layout(&f->set, t, &cont, across ? f->x1 - f->x0 : f->colw, f->pitch, &tb) < 0)
		return;
	add_space(f, 0.5);
	struct vitem *it;
	if (tb.title) {
		it = flow_add_item(f, V_BOX, tb.title_h);
		it->box = tb.title;
		it->span = b->span;
		it->keep_next = it->in_order = true;
		it->across = across;
	}
	it = flow_add_item(f, V_BOX, tb.header_h);
	it->box = tb.header;
	it->span = b->span;
	it->keep_next = it->in_order = true;
	it->across = across;
	for (int r = 0; r < tb.nrows; r++) {
		it = flow_add_item(f, V_BOX, tb.row_h[r]);
		it->box = tb.rows[r];
		it->span = b->span;
		it->in_order = true;
		it->across = across;
		/* Like a paragraph's lines, no row alone under the header at
		 * the foot or alone at the top of the next column: the first
		 * two rows and the last two keep together. */
		it->keep_next = r + 1 < tb.nrows && (r == 0 || r == tb.nrows - 2);
		if (r > 0) {
			it->repeat = tb.repeat;
			it->repeat_h = tb.repeat_h;
		}
	}
	if (tb.source) {
		/* The note does not start a column on its own. */
		it->keep_next = true;
		it = flow_add_item(f, V_BOX, tb.source_h);
		it->box = tb.source;
		it->span = b->span;
		it->in_order = true;
		it->across = across;
	}
	add_space(f, 0.5);
}

/* A chart or image with 图N before its title or caption (layouts with
 * `captions: numbered`): a copy of the block for the box builder. */
static const struct block *numbered_figure(struct flow *f, const struct block *b)
{
	if (!f->l->number_captions)
		return b;
	struct block *nb = arena_memdup(&f->fr->arena, b, sizeof(*b));
	if (b->kind == BLOCK_CHART && b->chart->title.len) {
		struct chart *c = arena_memdup(&f->fr->arena, b->chart, sizeof(*c));
		c->title = numbered(f, "图", ++f->nfigures, &b->chart->title);
		nb->chart = c;
	} else if (b->kind == BLOCK_IMAGE && b->image->caption.len) {
		struct image *im = arena_memdup(&f->fr->arena, b->image, sizeof(*im));
		im->caption = numbered(f, "图", ++f->nfigures, &b->image->caption);
		nb->image = im;
	}
	return nb;
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
		 * than a column (or a page), its caption included. On a news
		 * page (headings across the columns) a figure that ends its
		 * section goes across too: alone in the section's columns it
		 * would leave the others empty beside it. */
		double h;
		const struct document *doc = f->doc;
		int next = (int)(b - doc->blocks) + 1;
		bool ends_section = f->l->heading_span && b >= doc->blocks && next <= doc->nblocks &&
				    (next == doc->nblocks || (doc->blocks[next].kind == BLOCK_HEADING &&
							       doc->blocks[next].level == 1));
		bool span = (figure_spans_page(b) || ends_section) && f->l->columns > 1 && !f->l->canvas;
		struct group *box = figure_box(&f->set, numbered_figure(f, b), span ? f->x1 - f->x0 : f->colw,
					       f->y1 - f->y0 - f->pitch, &h);
		if (box) {
			add_figure(f, b, box, h);
			f->v[f->nv - 1].across = span;
		}
		break;
	}
	}
}

/* 附件说明 (GB/T 9704 §7.3.4): one blank line under the body, two
 * characters in, "附件：" and the names — numbered "1." "2." … when there
 * are several, each name's continuation lines under its first character,
 * no punctuation after a name. In the body font, ragged. */
static void add_attachments(struct flow *f)
{
	const struct meta *m = &f->doc->meta;
	if (m->nattachments == 0)
		return;
	const struct font_role *r = flow_role(f, ROLE_BODY);
	struct line *ll;
	struct text label = text_plain("附件：");
	if (flow_compose(f, &label, r, f->colw, 0, false, ALIGN_LEFT, &ll) < 1)
		return;
	/* The colon stays full width (§7.3.4: 后标全角冒号), though the label
	 * was set as a line that ends in it, which would take half. */
	double x = 2 * r->size + ceil(ll[0].width / r->size - 0.01) * r->size;
	/* Numbers take the same width, so the names line up. */
	double numw = 0;
	if (m->nattachments > 1) {
		char widest[16];
		snprintf(widest, sizeof(widest), "%d.", m->nattachments);
		struct text t = text_plain(arena_strdup(&f->fr->arena, widest));
		numw = ceil((text_width(f->set.tc, &t, r, false) + 0.25 * r->size) / r->size) * r->size;
	}
	add_space(f, 1);
	f->cur_unit++;
	for (int i = 0; i < m->nattachments; i++) {
		struct line *lines;
		int n = flow_compose(f, &m->attachments[i], r, f->colw - x - numw, 0, false, ALIGN_LEFT,
				     &lines);
		if (n < 1)
			continue;
		/* The first line carries the label (first name only) and the
		 * number in front of the name. */
		struct line *first = arena_alloc(&f->fr->arena, sizeof(*first));
		*first = lines[0];
		int extra = (i == 0 ? ll[0].nruns : 0);
		struct line *num = NULL;
		if (numw > 0) {
			char s[16];
			snprintf(s, sizeof(s), "%d.", i + 1);
			struct text t = text_plain(arena_strdup(&f->fr->arena, s));
			if (flow_compose(f, &t, r, numw, 0, false, ALIGN_LEFT, &num) > 0)
				extra += num[0].nruns;
		}
		first->runs = arena_array(&f->fr->arena, (size_t)(lines[0].nruns + extra), sizeof(struct glyph_run));
		first->nruns = 0;
		/* Runs are placed at the line's x: shift the label's and the
		 * number's glyphs to where they belong. */
		double shifts[2] = { -(x - 2 * r->size) - numw, -numw };
		const struct line *parts[2] = { i == 0 ? &ll[0] : NULL, num };
		for (int p = 0; p < 2; p++) {
			if (!parts[p])
				continue;
			for (int k = 0; k < parts[p]->nruns; k++) {
				struct glyph_run run = parts[p]->runs[k];
				run.glyphs = arena_memdup(&f->fr->arena, run.glyphs,
							  (size_t)run.nglyphs * sizeof(struct glyph));
				for (int g = 0; g < run.nglyphs; g++)
					run.glyphs[g].x += shifts[p] + parts[p]->x - lines[0].x;
				first->runs[first->nruns++] = run;
			}
		}
		for (int k = 0; k < lines[0].nruns; k++)
			first->runs[first->nruns++] = lines[0].runs[k];
		lines[0] = *first;
		int from = f->nv;
		add_paragraph_lines(f, lines, n, x + numw, f->colw - x - numw, slot_baseline(f->pitch, r->size),
				    false);
		for (int k = from; k < f->nv; k++)
			f->v[k].close = true;
	}
}

/* The close of the body: the 附件说明 when the report lists attachments,
 * then, for a 公文 (GB/T 9704 §7.3.5), one blank line and the issuer
 * (meta.publisher) centred over the date, the date in Arabic numerals
 * ending four characters in from the right. It is kept together and never
 * starts a page alone: it takes the last lines of the text along. */
void collect_signature(struct flow *f)
{
	/* A box right before the close keeps with it (a table, a chart). */
	int before = f->nv - 1;
	while (before >= 0 && f->v[before].kind == V_SPACE)
		before--;
	int first = f->nv;
	add_attachments(f);
	const struct meta *m = &f->doc->meta;
	if (f->l->signature && (m->publisher.len || m->has_date)) {
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
	for (int k = first; k < f->nv; k++)
		f->v[k].close = true;
	if (f->nv > first && before >= 0 && f->v[before].kind == V_BOX)
		f->v[before].keep_next = true;
}
