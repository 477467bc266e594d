/* image.c — an image block as a box: the picture fitted to the width with
 * its caption (image.h). */
#include "boxes/image.h"

#include <string.h>

struct group *image_box(const struct setter *s, const struct image *im, double width, double max_h,
		       double *height)
{
	const struct layout *l = s->l;
	struct group *box = group_new(&s->fr->arena);
	struct font_role r = layout_chart_role(l, false);
	r.color = l->muted;
	struct line *ln = NULL;
	int n = im->caption.len ? set_compose(s, &im->caption, &r, width, 0, false, ALIGN_CENTER, &ln) : 0;
	double caph = n ? 0.4 * r.size + n * role_pitch(&r) : 0;
	/* The shape: pixels, or an SVG's own width and height. */
	double iw = im->svg.data ? im->svg.w : im->pix.w, ih = im->svg.data ? im->svg.h : im->pix.h;
	double w = width * im->width * l->figure_scale, h = w * ih / iw;
	if (h > max_h - caph && max_h - caph > 0) {
		h = max_h - caph;
		w = h * iw / ih;
	}
	if (im->svg.data)
		group_add_svg(box, (width - w) / 2, 0, w, h, &im->svg);
	else
		group_add_image(box, (width - w) / 2, 0, w, h, &im->pix);
	double y = h + 0.4 * r.size;
	if (n)
		set_lines(s, box, ln, n, 0, &y, role_pitch(&r), r.size);
	*height = n ? y : h;
	return box;
}
