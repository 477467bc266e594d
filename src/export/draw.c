/* draw.c — walks a page's items and draws them with Cairo. Glyph runs go out
 * with cairo_show_text_glyphs and their clusters, so PDF text extracts as the
 * source text (ToUnicode from the real characters, not from glyph names).
 * Paths stay vectors in the PDF; on a pixel surface the straight lines of a
 * crisp path are snapped to pixel centres. An SVG image is drawn by librsvg
 * onto the same cairo_t, so in the PDF it stays vectors too. */
#include "export/draw.h"

#include <cairo.h>
#include <librsvg/rsvg.h>
#include <math.h>
#include <stdbool.h>

#include "config.h"
#include "base/dynlib.h"
#include "base/util.h"
#include "compose/fonts.h"

static void set_color(cairo_t *cr, struct color c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static void draw_run(cairo_t *cr, double x, double y, const struct glyph_run *run,
		     const struct draw_fonts *fonts)
{
	cairo_glyph_t stack_glyphs[256];
	cairo_text_cluster_t stack_clusters[256];
	int n = run->nglyphs;
	cairo_glyph_t *glyphs = n <= 256 ? stack_glyphs : xreallocarray(NULL, (size_t)n, sizeof(*glyphs));
	cairo_text_cluster_t *clusters =
		n <= 256 ? stack_clusters : xreallocarray(NULL, (size_t)n, sizeof(*clusters));
	int ng = 0, nc = 0;
	/* Consecutive glyphs with the same cluster start form one cluster; its
	 * text reaches to the next cluster's start. */
	for (int i = 0; i < n;) {
		int start = run->glyphs[i].cluster, count = 0;
		int j = i;
		for (; j < n && run->glyphs[j].cluster == start; j++) {
			if (run->glyphs[j].id == GLYPH_NONE)
				continue;
			glyphs[ng].index = fonts ? fonts->glyph(fonts->arg, run, run->glyphs[j].id)
						 : run->glyphs[j].id;
			glyphs[ng].x = x + run->glyphs[j].x;
			glyphs[ng].y = y + run->glyphs[j].y;
			ng++;
			count++;
		}
		int end = j < n ? run->glyphs[j].cluster : run->text_len;
		if (end > start || count > 0) {
			clusters[nc].num_bytes = end > start ? end - start : 0;
			clusters[nc].num_glyphs = count;
			nc++;
		}
		i = j;
	}
	cairo_set_scaled_font(cr, fonts ? fonts->font(fonts->arg, run) : fonts_scaled_font(run->font));
	set_color(cr, run->color);
	if (ng > 0)
		cairo_show_text_glyphs(cr, run->text, run->text_len, glyphs, ng, clusters, nc, 0);
	/* 着重号: a round dot under the em box of each emphasised character. */
	for (int i = 0; i < run->ndots; i++) {
		cairo_new_sub_path(cr);
		cairo_arc(cr, x + run->dots[i], y + 0.3 * run->size, 0.085 * run->size, 0, 6.283185307179586);
	}
	if (run->ndots)
		cairo_fill(cr);
	if (glyphs != stack_glyphs)
		free(glyphs);
	if (clusters != stack_clusters)
		free(clusters);
}

/* On a pixel surface, a point of a crisp path goes to the middle of its
 * device pixel (odd-pixel-wide lines) so hairlines are sharp, not two grey
 * pixels; elsewhere points stay where they are. */
static void point(cairo_t *cr, bool snap, double x, double y, bool line)
{
	if (snap) {
		cairo_user_to_device(cr, &x, &y);
		x = floor(x) + 0.5, y = floor(y) + 0.5;
		cairo_device_to_user(cr, &x, &y);
	}
	if (line)
		cairo_line_to(cr, x, y);
	else
		cairo_move_to(cr, x, y);
}

static void draw_path(cairo_t *cr, double ox, double oy, const struct path *p)
{
	bool snap = p->crisp && cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_IMAGE;
	cairo_new_path(cr);
	for (int i = 0; i < p->nsegs; i++) {
		const struct seg *s = &p->segs[i];
		switch (s->kind) {
		case SEG_MOVE:
		case SEG_LINE:
			point(cr, snap, ox + s->x, oy + s->y, s->kind == SEG_LINE);
			break;
		case SEG_ARC:
			if (s->a1 >= s->a0)
				cairo_arc(cr, ox + s->x, oy + s->y, s->r, s->a0, s->a1);
			else
				cairo_arc_negative(cr, ox + s->x, oy + s->y, s->r, s->a0, s->a1);
			break;
		case SEG_CLOSE:
			cairo_close_path(cr);
			break;
		}
	}
	if (p->fill) {
		set_color(cr, p->fill_color);
		if (p->stroke)
			cairo_fill_preserve(cr);
		else
			cairo_fill(cr);
	}
	if (p->stroke) {
		set_color(cr, p->stroke_color);
		cairo_set_line_width(cr, p->width);
		cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
		cairo_set_line_cap(cr, snap ? CAIRO_LINE_CAP_SQUARE : CAIRO_LINE_CAP_BUTT);
		if (p->dash > 0)
			cairo_set_dash(cr, (double[]){ p->dash, p->dash }, 2, 0);
		cairo_stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	}
	cairo_new_path(cr);
}

static void draw_image(cairo_t *cr, double x, double y, double w, double h,
		       const struct pixmap *px)
{
	if (px->w < 1 || px->h < 1)
		return;
	cairo_surface_t *s = cairo_image_surface_create_for_data(px->data, CAIRO_FORMAT_ARGB32, px->w,
								  px->h, px->stride);
	cairo_save(cr);
	cairo_translate(cr, x, y);
	cairo_scale(cr, w / px->w, h / px->h);
	cairo_set_source_surface(cr, s, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
	cairo_rectangle(cr, 0, 0, px->w, px->h);
	cairo_fill(cr);
	cairo_restore(cr);
	cairo_surface_destroy(s);
}

/* librsvg, opened for the first SVG (the parser opened it to check the file). */
#define RSVG_FUNCS(X) X(rsvg_handle_new_from_data) X(rsvg_handle_render_document)
DYNLIB_TABLE(rsvg, RSVG_FUNCS, PAIBAN_SONAME_RSVG, "SVG images");

/* An SVG (checked by the parser when the report was read) fitted into the
 * box: librsvg draws it through Cairo, as vectors on a PDF surface. Each
 * draw parses the source again: the handle lives only here, and a logo
 * is small. One that fails now draws nothing. */
static void draw_svg(cairo_t *cr, double x, double y, double w, double h, const struct svg *svg)
{
	if (dynlib_load(&rsvg_lib, NULL) < 0)
		return;
	GError *err = NULL;
	RsvgHandle *rh = rsvg_fn.rsvg_handle_new_from_data((const guint8 *)svg->data, svg->len, &err);
	if (!rh) {
		g_clear_error(&err);
		return;
	}
	RsvgRectangle vp = { x, y, w, h };
	cairo_save(cr);
	if (!rsvg_fn.rsvg_handle_render_document(rh, cr, &vp, &err))
		g_clear_error(&err);
	cairo_restore(cr);
	g_object_unref(rh);
}

/* Items of g with their origin at (ox, oy): a group's items are drawn
 * with their origin moved, never through a Cairo transformation, so a
 * position is the same sum in every exporter and in the trace. */
static void draw_group(cairo_t *cr, const struct group *g, double ox, double oy,
		       const struct draw_fonts *fonts)
{
	for (int i = 0; i < g->nitems; i++) {
		const struct frame_item *it = &g->items[i];
		double x = ox + it->x, y = oy + it->y;
		switch (it->kind) {
		case ITEM_GLYPHS:
			draw_run(cr, x, y, it->u.run, fonts);
			break;
		case ITEM_RECT:
			set_color(cr, it->u.rect.fill);
			cairo_rectangle(cr, x, y, it->u.rect.w, it->u.rect.h);
			cairo_fill(cr);
			break;
		case ITEM_RULE:
			set_color(cr, it->u.rule.color);
			cairo_set_line_width(cr, it->u.rule.width);
			cairo_move_to(cr, x, y);
			cairo_line_to(cr, ox + it->u.rule.x2, oy + it->u.rule.y2);
			cairo_stroke(cr);
			break;
		case ITEM_PATH:
			draw_path(cr, x, y, it->u.path);
			break;
		case ITEM_IMAGE:
			if (it->u.image.svg)
				draw_svg(cr, x, y, it->u.image.w, it->u.image.h, it->u.image.svg);
			else
				draw_image(cr, x, y, it->u.image.w, it->u.image.h, it->u.image.pix);
			break;
		case ITEM_GROUP:
			draw_group(cr, it->u.group, x, y, fonts);
			break;
		}
	}
}

void draw_page_with(cairo_t *cr, const struct page *p, const struct draw_fonts *fonts)
{
	set_color(cr, p->background);
	cairo_rectangle(cr, 0, 0, p->w, p->h);
	cairo_fill(cr);
	draw_group(cr, &p->content, 0, 0, fonts);
}

void draw_page(cairo_t *cr, const struct page *p)
{
	draw_page_with(cr, p, NULL);
}
