/* cover.c — covers with a picture, logos, QR codes and the closing card
 * of a series (cover.h). The picture is cropped and darkened here, into
 * pixels of its own, so drawing stays a plain image item. */
#include "boxes/cover.h"

#include <math.h>
#include <qrencode.h>
#include <stdint.h>
#include <string.h>

#include "base/util.h"

/* The scrim: how much darker the picture gets, at the top and at the
 * bottom of the canvas (a white title over it keeps a contrast of at
 * least 4.5:1 on all but the lightest pictures). */
#define SCRIM_TOP 0.45
#define SCRIM_BOTTOM 0.70
/* The cropped picture has at most twice the canvas's pixels on a side
 * (sharp at --scale 2) and no more than the source gives. */
#define COVER_OVERSAMPLE 2.0

static uint32_t sample(const struct pixmap *p, double x, double y)
{
	int ix = (int)x, iy = (int)y;
	if (ix < 0)
		ix = 0;
	if (iy < 0)
		iy = 0;
	if (ix >= p->w)
		ix = p->w - 1;
	if (iy >= p->h)
		iy = p->h - 1;
	uint32_t v;
	memcpy(&v, p->data + (size_t)iy * (size_t)p->stride + (size_t)ix * 4, 4);
	return v;
}

void cover_background(const struct setter *s, const struct pixmap *pix, struct group *g, double w,
		      double h)
{
	if (pix->w < 1 || pix->h < 1)
		return;
	/* The largest centred part of the picture with the canvas's shape. */
	double aspect = w / h, cw = pix->w, ch = pix->w / aspect;
	if (ch > pix->h)
		ch = pix->h, cw = pix->h * aspect;
	double cx = (pix->w - cw) / 2, cy = (pix->h - ch) / 2;
	/* Canvas pixels (1 px = 0.75 pt), oversampled, but never more than
	 * the crop holds. */
	int ow = (int)fmin(ceil(w / 0.75 * COVER_OVERSAMPLE), ceil(cw));
	int oh = (int)fmax(1, round(ow / aspect));
	if (ow < 1)
		ow = 1;
	struct pixmap *out = arena_alloc(&s->fr->arena, sizeof(*out));
	out->w = ow, out->h = oh, out->stride = ow * 4;
	out->data = arena_alloc(&s->fr->arena, (size_t)out->stride * (size_t)oh);
	for (int y = 0; y < oh; y++) {
		double k = 1 - (SCRIM_TOP + (SCRIM_BOTTOM - SCRIM_TOP) * y / (oh > 1 ? oh - 1 : 1));
		for (int x = 0; x < ow; x++) {
			uint32_t v = sample(pix, cx + (x + 0.5) * cw / ow, cy + (y + 0.5) * ch / oh);
			/* Premultiplied ARGB: darken the colour; a transparent
			 * part shows the scrim's black. */
			uint32_t r = (uint32_t)(((v >> 16) & 0xFF) * k), gg = (uint32_t)(((v >> 8) & 0xFF) * k),
				 b = (uint32_t)((v & 0xFF) * k);
			uint32_t o = 0xFF000000u | r << 16 | gg << 8 | b;
			memcpy(out->data + (size_t)y * (size_t)out->stride + (size_t)x * 4, &o, 4);
		}
	}
	group_add_image(g, 0, 0, w, h, out);
}

void cover_light_text(const struct layout *l, struct layout *out)
{
	*out = *l;
	static const struct color white = { 1, 1, 1 }, light = { 0.86, 0.86, 0.86 };
	out->roles[ROLE_TITLE].color = white;
	out->roles[ROLE_MASTHEAD].color = white;
	out->roles[ROLE_SUBTITLE].color = light;
	out->roles[ROLE_BYLINE].color = light;
	out->roles[ROLE_DATELINE].color = light;
	out->accent = white;
	out->muted = light;
}

double cover_logo(const struct setter *s, const struct pixmap *logo, struct group *g, double x,
		  double y, double height, bool right_align)
{
	(void)s;
	if (logo->w < 1 || logo->h < 1)
		return 0;
	double w = height * logo->w / logo->h;
	group_add_image(g, right_align ? x - w : x, y, w, height, logo);
	return w;
}

int cover_qr(const struct setter *s, const char *text, struct group *g, double x, double y,
	     double side, double px, double *used)
{
	*used = 0;
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr) {
		diag_error(s->d, "the url (%zu characters) is too long for a QR code", strlen(text));
		return -1;
	}
	int n = qr->width, total = n + 8; /* 4 modules of quiet zone each side */
	double m = side / total;
	if (px > 0)
		m = fmax(1, floor(side / px / total)) * px;
	x += (side - m * total) / 2; /* centred in the side it was given */
	if (px > 0) {
		/* Whole pixels per module, on whole pixels: sharp edges that
		 * a phone's scanner (and zbarimg) reads. */
		x = round(x / px) * px;
		y = round(y / px) * px;
	}
	static const struct color white = { 1, 1, 1 }, black = { 0, 0, 0 };
	group_add_rect(g, x, y, m * total, m * total, white);
	for (int r = 0; r < n; r++)
		for (int c = 0; c < n;) {
			if (!(qr->data[r * n + c] & 1)) {
				c++;
				continue;
			}
			int e = c;
			while (e < n && (qr->data[r * n + e] & 1))
				e++;
			group_add_rect(g, x + (c + 4) * m, y + (r + 4) * m, (e - c) * m, m, black);
			c = e;
		}
	QRcode_free(qr);
	*used = m * total;
	return 0;
}

int cover_closing_card(const struct setter *s, const struct meta *m, struct page *p, double x0,
		       double x1, double y0, double y1)
{
	const struct layout *l = s->l;
	struct group *g = group_new(&s->fr->arena);
	double w = x1 - x0, y = 0;
	const struct font_role *name = &l->roles[ROLE_TITLE];
	struct font_role cta = l->roles[ROLE_SUBTITLE];
	if (m->logo.w > 0) {
		double lh = 1.6 * name->size;
		double lw = lh * m->logo.w / m->logo.h;
		cover_logo(s, &m->logo, g, x0 + (w - lw) / 2, y, lh, false);
		y += lh + 0.5 * name->size;
	}
	if (m->masthead.len) {
		struct line *ln;
		double used;
		struct font_role nr = *name;
		nr.size *= 0.75;
		int n = set_compose_title(s, &m->masthead, &nr, w, ALIGN_CENTER, &ln, &used);
		set_lines(s, g, ln, n, x0 + (w - used) / 2, &y, role_pitch(&nr), nr.size);
		y += 0.6 * name->size;
	}
	if (m->url.len) {
		double side = fmin(w * 0.55, (y1 - y0) * 0.45), used;
		double px = l->canvas ? 0.75 : 0;
		if (cover_qr(s, m->url.s, g, x0 + (w - side) / 2, y, side, px, &used) < 0)
			return -1;
		y += used + 0.6 * cta.size;
	}
	if (m->call_to_action.len) {
		struct line *ln;
		double used;
		int n = set_compose_title(s, &m->call_to_action, &cta, w, ALIGN_CENTER, &ln, &used);
		set_lines(s, g, ln, n, x0 + (w - used) / 2, &y, role_pitch(&cta), cta.size);
	}
	/* The whole card centred in the text area. */
	struct rect b = group_bounds(g);
	double dy = b.y0 <= b.y1 ? y0 + (y1 - y0 - (b.y1 - b.y0)) / 2 - b.y0 : y0;
	if (l->canvas)
		dy = round(dy / 0.75) * 0.75; /* keeps the QR code on whole pixels */
	group_add_group(&p->content, 0, dy, g, span_none());
	return 0;
}
