/* frame.c — building frames: pages, items and bookmarks (see frame.h). */
#include "frame/frame.h"

#include <stdlib.h>
#include <string.h>

void frames_init(struct frames *f)
{
	memset(f, 0, sizeof(*f));
	arena_init(&f->arena);
	f->title = f->author = f->subject = "";
	f->dpi = 150;
}

void frames_release(struct frames *f)
{
	for (int i = 0; i < f->npages; i++)
		free(f->pages[i].items);
	free(f->pages);
	free(f->marks);
	free(f->lines);
	arena_release(&f->arena);
	memset(f, 0, sizeof(*f));
}

struct page *frames_add_page(struct frames *f, double w, double h, struct color bg)
{
	GROW(f->pages, f->npages, f->pages_alloc);
	struct page *p = &f->pages[f->npages++];
	memset(p, 0, sizeof(*p));
	p->w = w;
	p->h = h;
	p->background = bg;
	return p;
}

static struct frame_item *add_item(struct page *p, enum item_kind kind, double x, double y)
{
	GROW(p->items, p->nitems, p->alloc);
	struct frame_item *it = &p->items[p->nitems++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->x = x;
	it->y = y;
	return it;
}

void page_add_run(struct page *p, double x, double y, const struct glyph_run *run)
{
	add_item(p, ITEM_GLYPHS, x, y)->u.run = run;
}

void page_add_rect(struct page *p, double x, double y, double w, double h, struct color fill)
{
	struct frame_item *it = add_item(p, ITEM_RECT, x, y);
	it->u.rect.w = w;
	it->u.rect.h = h;
	it->u.rect.fill = fill;
}

void page_add_rule(struct page *p, double x1, double y1, double x2, double y2, double width,
		   struct color color)
{
	struct frame_item *it = add_item(p, ITEM_RULE, x1, y1);
	it->u.rule.x2 = x2;
	it->u.rule.y2 = y2;
	it->u.rule.width = width;
	it->u.rule.color = color;
}

void page_add_path(struct page *p, double x, double y, const struct path *path)
{
	add_item(p, ITEM_PATH, x, y)->u.path = path;
}

void page_add_image(struct page *p, double x, double y, double w, double h,
		    const struct pixmap *pix)
{
	struct frame_item *it = add_item(p, ITEM_IMAGE, x, y);
	it->u.image.pix = pix;
	it->u.image.w = w;
	it->u.image.h = h;
}

void frames_add_bookmark(struct frames *f, const char *title, int level, int page, double y)
{
	GROW(f->marks, f->nmarks, f->marks_alloc);
	f->marks[f->nmarks++] = (struct bookmark){ title, level, page, y };
}

void frames_add_line_mark(struct frames *f, const struct line_mark *m)
{
	GROW(f->lines, f->nlines, f->lines_alloc);
	f->lines[f->nlines++] = *m;
}

void page_append(struct page *dst, const struct page *src, double dx, double dy)
{
	for (int k = 0; k < src->nitems; k++) {
		struct frame_item it = src->items[k];
		it.x += dx;
		it.y += dy;
		if (it.kind == ITEM_RULE)
			it.u.rule.x2 += dx, it.u.rule.y2 += dy;
		GROW(dst->items, dst->nitems, dst->alloc);
		dst->items[dst->nitems++] = it;
	}
}
