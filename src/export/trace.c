/* trace.c — frames as text (see trace.h). */
#include "export/trace.h"

#include <stdlib.h>

#include "base/outfile.h"
#include "compose/fonts.h"
#include "export/export.h"

static void color(struct buf *b, struct color c)
{
	buf_addf(b, "#%02x%02x%02x", (int)(c.r * 255 + 0.5), (int)(c.g * 255 + 0.5),
		 (int)(c.b * 255 + 0.5));
}

/* A path on one line: fill and stroke, then its segments in page points. */
static void trace_path(struct buf *b, double x, double y, const struct path *p)
{
	buf_addstr(b, "  path");
	if (p->fill) {
		buf_addstr(b, " fill=");
		color(b, p->fill_color);
	}
	if (p->stroke) {
		buf_addf(b, " stroke=%.2f", p->width);
		color(b, p->stroke_color);
		if (p->dash > 0)
			buf_addf(b, " dash=%.2f", p->dash);
	}
	for (int i = 0; i < p->nsegs; i++) {
		const struct seg *s = &p->segs[i];
		switch (s->kind) {
		case SEG_MOVE:
			buf_addf(b, " M %.2f %.2f", x + s->x, y + s->y);
			break;
		case SEG_LINE:
			buf_addf(b, " L %.2f %.2f", x + s->x, y + s->y);
			break;
		case SEG_ARC:
			buf_addf(b, " A %.2f %.2f %.2f %.3f %.3f", x + s->x, y + s->y, s->r, s->a0, s->a1);
			break;
		case SEG_CLOSE:
			buf_addstr(b, " Z");
			break;
		}
	}
	buf_addch(b, '\n');
}

/* One item, its position already absolute (group_walk). */
static void trace_item(const struct frame_item *it, void *arg)
{
	struct buf *b = arg;
	switch (it->kind) {
	case ITEM_GLYPHS: {
		const struct glyph_run *r = it->u.run;
		char *font = fonts_describe(r->font);
		double x0 = r->nglyphs ? r->glyphs[0].x : 0;
		buf_addf(b, "  text %.2f %.2f w=%.2f \"%s\" ", it->x + x0, it->y, r->width, font);
		color(b, r->color);
		buf_addf(b, " |%.*s|\n", r->text_len, r->text);
		for (int d = 0; d < r->ndots; d++)
			buf_addf(b, "%s%.2f%s", d ? " " : "    dots ", it->x + r->dots[d],
				 d == r->ndots - 1 ? "\n" : "");
		free(font);
		break;
	}
	case ITEM_RECT:
		buf_addf(b, "  rect %.2f %.2f %.2f %.2f ", it->x, it->y, it->u.rect.w, it->u.rect.h);
		color(b, it->u.rect.fill);
		buf_addch(b, '\n');
		break;
	case ITEM_RULE:
		buf_addf(b, "  rule %.2f %.2f %.2f %.2f w=%.2f ", it->x, it->y, it->u.rule.x2,
			 it->u.rule.y2, it->u.rule.width);
		color(b, it->u.rule.color);
		buf_addch(b, '\n');
		break;
	case ITEM_PATH:
		trace_path(b, it->x, it->y, it->u.path);
		break;
	case ITEM_IMAGE:
		if (it->u.image.pix)
			buf_addf(b, "  image %.2f %.2f %.2f %.2f %dx%d\n", it->x, it->y, it->u.image.w,
				 it->u.image.h, it->u.image.pix->w, it->u.image.pix->h);
		else
			buf_addf(b, "  svg %.2f %.2f %.2f %.2f %.2fx%.2f\n", it->x, it->y, it->u.image.w,
				 it->u.image.h, it->u.image.svg->w, it->u.image.svg->h);
		break;
	case ITEM_GROUP: /* group_walk goes into groups */
		break;
	}
}

void trace_frames(const struct frames *fr, struct buf *b)
{
	for (int i = 0; i < fr->npages; i++) {
		const struct page *p = &fr->pages[i];
		buf_addf(b, "page %d %.2fx%.2f\n", i + 1, p->w, p->h);
		group_walk(&p->content, 0, 0, trace_item, b);
	}
	for (int i = 0; i < fr->nmarks; i++)
		buf_addf(b, "bookmark %d page=%d y=%.2f %s\n", fr->marks[i].level, fr->marks[i].page + 1,
			 fr->marks[i].y, fr->marks[i].title);
}

int export_trace(const struct frames *fr, const char *path, const struct export_opts *o,
		 struct diag *d)
{
	struct outfile out;
	struct buf b;
	if (outfile_open(&out, path, d) < 0)
		return -1;
	buf_init(&b);
	trace_frames(fr, &b);
	fwrite(b.data, 1, b.len, out.fp);
	buf_release(&b);
	return outfile_commit(&out, d);
}
