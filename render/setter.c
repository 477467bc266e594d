/* setter.c — composing and placing text for the page builders (setter.h). */
#include "setter.h"

double role_pitch(const struct font_role *r)
{
	return r->size * r->leading;
}

double slot_baseline(double pitch, double size)
{
	return (pitch - size) / 2 + 0.88 * size;
}

int set_compose(const struct setter *s, const struct text *t, const struct font_role *r,
		double width, double indent, bool justify, enum align align, struct line **lines)
{
	struct text_opts o = { r, width, indent, justify, align, false };
	return text_compose(s->tc, t, &o, &s->fr->arena, s->d, lines);
}

void set_lines(const struct setter *s, struct page *p, const struct line *lines, int n,
	       double x, double *y, double pitch, double size)
{
	(void)s;
	for (int i = 0; i < n; i++) {
		for (int r = 0; r < lines[i].nruns; r++)
			page_add_run(p, x + lines[i].x, *y + slot_baseline(pitch, size),
				     &lines[i].runs[r]);
		*y += pitch;
	}
}

double set_text(const struct setter *s, struct page *p, const struct text *t,
		const struct font_role *r, double x, double baseline, enum align align,
		double width)
{
	struct line *lines;
	int n = set_compose(s, t, r, width > 0 ? width : 1e6, 0, false, ALIGN_LEFT, &lines);
	if (n == 0)
		return 0;
	double w = lines[0].width;
	double at = align == ALIGN_CENTER ? x + (width - w) / 2 : x;
	for (int i = 0; i < n; i++)
		for (int k = 0; k < lines[i].nruns; k++)
			page_add_run(p, at + lines[i].x, baseline + i * role_pitch(r),
				     &lines[i].runs[k]);
	return w;
}
