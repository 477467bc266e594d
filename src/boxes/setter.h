/* setter.h — small typesetting helpers shared by the stage-"flow" modules
 * that build pages (flow.c, furniture.c, kpi.c): compose a text with a font
 * role and put composed lines or a single line on a page. */
#ifndef PAIBAN_SETTER_H
#define PAIBAN_SETTER_H

#include "base/diag.h"
#include "compose/text.h"
#include "frame/frame.h"
#include "style/layout.h"

/* What composing needs; none of it is owned here. Composed lines live in the
 * frames' arena. */
struct setter {
	struct text_ctx *tc;
	const struct layout *l;
	struct frames *fr;
	struct diag *d;
};

/* Baseline-to-baseline distance of a role, pt. */
double role_pitch(const struct font_role *r);

/* Where the baseline sits in a line slot of height pitch for a font of
 * `size`: the em box (0.88 above, 0.12 below the baseline in CJK fonts) is
 * centred in the slot. */
double slot_baseline(double pitch, double size);

int set_compose(const struct setter *s, const struct text *t, const struct font_role *r,
		double width, double indent, bool justify, enum align align, struct line **lines);

/* Compose display text (a label, a table cell, a name): lines break
 * between words and phrases, never inside a word (compose/phrase.h); a
 * word longer than `width` stands out past it. */
int set_compose_display(const struct setter *s, const struct text *t, const struct font_role *r,
			double width, enum align align, struct line **lines);

/* Compose a short display text (title, heading) that wraps into lines of
 * even length instead of a full first line and a stub: the narrowest measure
 * up to `width` that keeps the same number of lines. *used gets that measure;
 * lines are aligned within it. */
int set_compose_balanced(const struct setter *s, const struct text *t, const struct font_role *r,
			 double width, enum align align, struct line **lines, double *used);

/* As set_compose_balanced, for a title, heading or caption that nothing
 * shrinks or widens: a word longer than `width` (很长很长…, a long name) is
 * cut where body text may break, rather than standing out past the edge. */
int set_compose_title(const struct setter *s, const struct text *t, const struct font_role *r,
		      double width, enum align align, struct line **lines, double *used);

/* Put composed lines on p from the top of a slot at *y, advancing *y by
 * pitch per line. */
void set_lines(const struct setter *s, struct group *g, const struct line *lines, int n,
	       double x, double *y, double pitch, double size);

/* Put t on one line (or more when width > 0 is too narrow) with its first
 * baseline at `baseline`; centred in [x, x + width] for ALIGN_CENTER.
 * Returns the width of the first line. */
double set_text(const struct setter *s, struct group *g, const struct text *t,
		const struct font_role *r, double x, double baseline, enum align align,
		double width);

#endif
