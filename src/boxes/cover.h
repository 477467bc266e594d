/* cover.h — designed covers and closing cards of social images, stage
 * "boxes": a picture behind a cover or link preview (cropped to fill the
 * canvas, under a dark scrim so a light title stays readable), the
 * publication's logo, and the closing card of a series: logo, publication
 * name, a QR code for the report's URL (libqrencode) and a call to action. */
#ifndef PAIBAN_COVER_H
#define PAIBAN_COVER_H

#include "boxes/setter.h"
#include "model/document.h"

/* The picture pix cropped to fill a w × h pt canvas (centred), darkened by
 * the scrim, as an image item at (0, 0) of g. The cropped pixels are made
 * in the frames' arena. */
void cover_background(const struct setter *s, const struct pixmap *pix, struct group *g, double w,
		      double h);

/* A layout for text over the picture: the title block's roles and the
 * accent in white or light grey, whatever the layout's colours. */
void cover_light_text(const struct layout *l, struct layout *out);

/* The logo, `height` pt tall, its top-left corner at (x, y) (its right edge
 * at x when `right_align`). Returns its width. */
double cover_logo(const struct setter *s, const struct pixmap *logo, struct group *g, double x,
		  double y, double height, bool right_align);

/* A QR code of `text` (error correction level M, a quiet zone of 4 modules,
 * on white) whose side is at most `side` pt, with its top-left corner at
 * (x, y); modules are whole pixels on a pixel canvas (px pt each, 0 for
 * none). *used gets its side. Returns -1 after reporting an error (text
 * too long for a QR code). */
int cover_qr(const struct setter *s, const char *text, struct group *g, double x, double y,
	     double side, double px, double *used);

/* The closing card of a series, on page p inside [x0, x1] × [y0, y1]: the
 * logo, the publication's name, the QR code of meta->url (when given) and
 * the call to action, centred. Returns -1 after reporting an error. */
int cover_closing_card(const struct setter *s, const struct meta *m, struct page *p, double x0,
		       double x1, double y0, double y1);

#endif
