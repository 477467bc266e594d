/* trace.h — a plain-text dump of frames, one item per line, for golden tests
 * and for debugging layouts (`paiban render … -o out.trace`). Numbers are in
 * points with two decimals, so the trace changes only when the layout does. */
#ifndef PAIBAN_TRACE_H
#define PAIBAN_TRACE_H

#include "base/util.h"
#include "frame/frame.h"

void trace_frames(const struct frames *fr, struct buf *out);

#endif
