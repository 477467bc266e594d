/* image_read.c — an image block (blocks.h, docs/report.md): the file,
 * decoded by image_file.c, its caption, width and placement. */
#include "parse/blocks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/numfmt.h"
#include "model/image.h"
#include "parse/image_file.h"

/* Image: a PNG, JPEG or SVG file next to the report, a caption, a width share. */
int read_image(struct reader *r, struct node *v, struct block *b)
{
	struct input *in = &r->in;
	struct document *doc = r->doc;
	static const char *const keys[] = { "file", "caption", "width", "span", NULL };
	struct diag *d = in->diag;
	struct node *fn = v;
	struct image *im = b->image = arena_alloc(&doc->arena, sizeof(*im));
	im->span = b->span;
	im->width = 1;
	if (input_is_map(v)) {
		if (input_check_keys(in, v, keys, "an image"))
			return -1;
		fn = input_get(in, v, "file");
		if (!fn) {
			diag_error_at(d, b->span, "an image needs a 'file'");
			return -1;
		}
		if (reader_text(r, input_get(in, v, "caption"), "an image's caption", &im->caption) < 0 ||
		    reader_span(r, v, &im->span_page) < 0)
			return -1;
		struct node *wn = input_get(in, v, "width");
		if (wn) {
			const char *s;
			size_t len;
			double w;
			if (input_string(in, wn, "an image's width", &s, &len) < 0)
				return -1;
			bool pct = len > 1 && s[len - 1] == '%';
			if (number_parse(s, pct ? len - 1 : len, &w) < 0 || !pct || w <= 0 || w > 100) {
				diag_error_at(d, input_span(in, wn),
					      "an image's width must be a share of the column from 1%% to 100%%, found '%.*s'",
					      (int)len, s);
				return -1;
			}
			im->width = w / 100;
		}
	}
	char *path, *data;
	size_t len;
	if (reader_file(r, fn, "an image's file", reader_image_exts, LIMIT_IMAGE_BYTES, &path, &data,
			&len) < 0)
		return -1;
	int rc = image_decode(path, data, len, input_span(in, fn), &doc->arena, d, &im->pix, &im->svg);
	free(path);
	free(data);
	return rc;
}
