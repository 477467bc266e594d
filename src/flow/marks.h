/* marks.h — printer's marks, stage "flow": a page of a layout with `bleed`
 * or `crop-marks` grows around its trimmed size; the content moves in, the
 * background reaches the bleed edge, and crop marks are drawn at the trim
 * corners outside the bleed. Each page records its trim and bleed boxes
 * (struct page), which the PDF writer turns into TrimBox and BleedBox. */
#ifndef PAIBAN_MARKS_H
#define PAIBAN_MARKS_H

#include "flow/report.h"
#include "frame/frame.h"
#include "style/layout.h"

/* Crop marks: 5 mm long, starting at the bleed edge (at least 3 mm from the
 * trim), 0.25 pt black. */
#define MARKS_LENGTH (5 * 72 / 25.4)
#define MARKS_MIN_OFFSET (3 * 72 / 25.4)

/* How far each side of a page grows for l's bleed and marks, pt. */
double marks_margin(const struct layout *l);

/* Grow every page of fr by marks_margin(l) on each side and add the marks,
 * moving rep's line marks with the content, and set each page's trim and
 * bleed boxes; nothing when the layout asks for neither. */
void marks_apply(struct frames *fr, const struct layout *l, struct flow_report *rep);

#endif
