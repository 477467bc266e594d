/* frame.c — building frames: pages, groups of items, bookmarks, and the
 * bounds of every item (see frame.h). */
#include "frame/frame.h"

#include <math.h>
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
		free(f->pages[i].content.items);
	free(f->pages);
	free(f->marks);
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
	p->trim = p->bleed = (struct rect){ 1, 1, 0, 0 };
	return p;
}

void frames_add_bookmark(struct frames *f, const char *title, int level, int page, double y)
{
	GROW(f->marks, f->nmarks, f->marks_alloc);
	f->marks[f->nmarks++] = (struct bookmark){ title, level, page, y };
}

struct group *group_new(struct arena *a)
{
	struct group *g = arena_alloc(a, sizeof(*g));
	g->arena = a;
	return g;
}

/* A box's items grow in the arena: a full array is copied into one twice
 * its size and left behind, so a group of n items costs at most 2n slots. A
 * page's items, the bulk of a long document, are one heap array. */
static struct frame_item *add_item(struct group *g, enum item_kind kind, double x, double y)
{
	if (!g->arena) {
		GROW(g->items, g->nitems, g->alloc);
	} else if (g->nitems >= g->alloc) {
		int alloc = g->alloc < 8 ? 8 : g->alloc * 2;
		struct frame_item *items = arena_array(g->arena, (size_t)alloc, sizeof(*items));
		if (g->nitems)
			memcpy(items, g->items, (size_t)g->nitems * sizeof(*items));
		g->items = items;
		g->alloc = alloc;
	}
	struct frame_item *it = &g->items[g->nitems++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->x = x;
	it->y = y;
	return it;
}

void group_add_run(struct group *g, double x, double y, const struct glyph_run *run)
{
	struct frame_item *it = add_item(g, ITEM_GLYPHS, x, y);
	it->u.run = run;
	it->span = run->span;
}

void group_add_rect(struct group *g, double x, double y, double w, double h, struct color fill)
{
	struct frame_item *it = add_item(g, ITEM_RECT, x, y);
	it->u.rect.w = w;
	it->u.rect.h = h;
	it->u.rect.fill = fill;
}

void group_add_rule(struct group *g, double x1, double y1, double x2, double y2, double width,
		    struct color color)
{
	struct frame_item *it = add_item(g, ITEM_RULE, x1, y1);
	it->u.rule.x2 = x2;
	it->u.rule.y2 = y2;
	it->u.rule.width = width;
	it->u.rule.color = color;
}

void group_add_path(struct group *g, double x, double y, const struct path *path)
{
	add_item(g, ITEM_PATH, x, y)->u.path = path;
}

void group_add_image(struct group *g, double x, double y, double w, double h,
		     const struct pixmap *pix)
{
	struct frame_item *it = add_item(g, ITEM_IMAGE, x, y);
	it->u.image.pix = pix;
	it->u.image.w = w;
	it->u.image.h = h;
}

void group_add_svg(struct group *g, double x, double y, double w, double h, const struct svg *svg)
{
	struct frame_item *it = add_item(g, ITEM_IMAGE, x, y);
	it->u.image.svg = svg;
	it->u.image.w = w;
	it->u.image.h = h;
}

void group_add_group(struct group *g, double x, double y, const struct group *child,
		     struct span span)
{
	struct frame_item *it = add_item(g, ITEM_GROUP, x, y);
	it->u.group = child;
	it->span = span;
}

void group_move(struct group *g, int from, double dx, double dy)
{
	for (int i = from; i < g->nitems; i++) {
		struct frame_item *it = &g->items[i];
		it->x += dx;
		it->y += dy;
		if (it->kind == ITEM_RULE) {
			it->u.rule.x2 += dx;
			it->u.rule.y2 += dy;
		}
	}
}

void group_set_span(struct group *g, int from, struct span span)
{
	for (int i = from; i < g->nitems; i++)
		if (!g->items[i].span.src)
			g->items[i].span = span;
}

struct rect rect_union(struct rect a, struct rect b)
{
	if (a.x0 > a.x1)
		return b;
	if (b.x0 > b.x1)
		return a;
	return (struct rect){ fmin(a.x0, b.x0), fmin(a.y0, b.y0), fmax(a.x1, b.x1),
			      fmax(a.y1, b.y1) };
}

static const struct rect empty = { 1, 1, 0, 0 };

static struct rect point_rect(double x, double y)
{
	return (struct rect){ x, y, x, y };
}

/* An arc's extent: its ends and each compass point its sweep passes. */
static struct rect arc_bounds(const struct seg *s, double ox, double oy)
{
	double a0 = fmin(s->a0, s->a1), a1 = fmax(s->a0, s->a1);
	double cx = ox + s->x, cy = oy + s->y;
	struct rect r = rect_union(point_rect(cx + s->r * cos(a0), cy + s->r * sin(a0)),
				   point_rect(cx + s->r * cos(a1), cy + s->r * sin(a1)));
	if (a1 - a0 >= 2 * M_PI)
		return (struct rect){ cx - s->r, cy - s->r, cx + s->r, cy + s->r };
	for (int k = (int)ceil(a0 / (M_PI / 2)); k * (M_PI / 2) <= a1; k++) {
		double a = k * (M_PI / 2);
		r = rect_union(r, point_rect(cx + s->r * cos(a), cy + s->r * sin(a)));
	}
	return r;
}

static struct rect path_bounds(const struct path *p, double ox, double oy)
{
	struct rect r = empty;
	for (int i = 0; i < p->nsegs; i++) {
		const struct seg *s = &p->segs[i];
		if (s->kind == SEG_MOVE || s->kind == SEG_LINE)
			r = rect_union(r, point_rect(ox + s->x, oy + s->y));
		else if (s->kind == SEG_ARC)
			r = rect_union(r, arc_bounds(s, ox, oy));
	}
	if (p->stroke && r.x0 <= r.x1) {
		double h = p->width / 2;
		r.x0 -= h, r.y0 -= h, r.x1 += h, r.y1 += h;
	}
	return r;
}

struct rect frame_item_bounds(const struct frame_item *it)
{
	switch (it->kind) {
	case ITEM_GLYPHS: {
		const struct glyph_run *run = it->u.run;
		double x0 = run->nglyphs ? run->glyphs[0].x : 0;
		return (struct rect){ it->x + x0, it->y - run->ascent, it->x + x0 + run->width,
				      it->y + run->descent };
	}
	case ITEM_RECT:
		return (struct rect){ it->x, it->y, it->x + it->u.rect.w, it->y + it->u.rect.h };
	case ITEM_RULE: {
		double h = it->u.rule.width / 2;
		return (struct rect){ fmin(it->x, it->u.rule.x2) - h, fmin(it->y, it->u.rule.y2) - h,
				      fmax(it->x, it->u.rule.x2) + h, fmax(it->y, it->u.rule.y2) + h };
	}
	case ITEM_PATH:
		return path_bounds(it->u.path, it->x, it->y);
	case ITEM_IMAGE:
		return (struct rect){ it->x, it->y, it->x + it->u.image.w, it->y + it->u.image.h };
	case ITEM_GROUP: {
		struct rect r = group_bounds(it->u.group);
		if (r.x0 > r.x1)
			return r;
		return (struct rect){ r.x0 + it->x, r.y0 + it->y, r.x1 + it->x, r.y1 + it->y };
	}
	}
	return empty;
}

struct rect group_bounds(const struct group *g)
{
	struct rect r = empty;
	for (int i = 0; i < g->nitems; i++)
		r = rect_union(r, frame_item_bounds(&g->items[i]));
	return r;
}

void group_walk(const struct group *g, double x, double y,
		void (*fn)(const struct frame_item *it, void *arg), void *arg)
{
	for (int i = 0; i < g->nitems; i++) {
		const struct frame_item *it = &g->items[i];
		if (it->kind == ITEM_GROUP) {
			group_walk(it->u.group, x + it->x, y + it->y, fn, arg);
			continue;
		}
		struct frame_item abs = *it;
		abs.x = x + it->x;
		abs.y = y + it->y;
		if (abs.kind == ITEM_RULE) {
			abs.u.rule.x2 = x + it->u.rule.x2;
			abs.u.rule.y2 = y + it->u.rule.y2;
		}
		fn(&abs, arg);
	}
}
