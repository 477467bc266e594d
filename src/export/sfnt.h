/* sfnt.h — a font file read for the subsetter, stage "export": its tables
 * read with pread(2) into memory of our own when HarfBuzz asks for them,
 * and of the outlines ('CFF ' of a CID-keyed font, 'glyf') only those of
 * the glyphs a subset needs. A mapping of the whole file would do, but the
 * outlines of a document's glyphs lie all over a CJK font file, and each
 * page the subsetter touched in a mapping brings its neighbours with it
 * (the kernel's fault-around, 64 KiB or a whole large folio): the body
 * face of a five-page report counted 8 MB of the peak that way, about
 * 3 MB this way (docs/performance.md). */
#ifndef PAIBAN_SFNT_H
#define PAIBAN_SFNT_H

#include <hb.h>
#include <stddef.h>

/* The face of font `index` in the file at path, for subsetting to
 * `glyphs` (and .notdef and the components of composite glyphs): every
 * table as the file has it, except that the outlines of other glyphs read
 * as zeros. Its tables are read when first asked for and freed with the
 * face. NULL when the file cannot be read, its outlines are neither a
 * CID-keyed CFF nor 'glyf', or it is not the file of the same length whose
 * first bytes and 'head' table are `expect` (the face the layout used,
 * expect_len bytes: a file replaced since is not read). Caller destroys
 * with hb_face_destroy. */
hb_face_t *sfnt_face_new(const char *path, unsigned index, const hb_set_t *glyphs,
			 const char *expect, size_t expect_len);

#endif
