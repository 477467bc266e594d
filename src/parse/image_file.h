/* image_file.h — decoding the image files a report names, stage "parse",
 * with limits on file size, dimensions and memory checked before any pixel
 * memory is taken, so a malformed or hostile file gives a clear error
 * naming it. */
#ifndef PAIBAN_IMAGE_FILE_H
#define PAIBAN_IMAGE_FILE_H

#include "base/diag.h"
#include "base/limits.h"
#include "base/pixmap.h"
#include "base/util.h"

/* Read a PNG file (infile_read: a regular file of at most
 * LIMIT_IMAGE_BYTES) into pix (pixels in arena a). `at` is where the
 * report names the file, for errors. Returns 0, or -1 after reporting an
 * error. Files a report names are read by read_image under the folder
 * policy and decoded with image_decode_png. */
int image_load_png(const char *path, struct span at, struct arena *a, struct diag *d,
		   struct pixmap *pix);
/* Decode the len bytes of a PNG file named `path` (for messages). */
int image_decode_png(const char *path, const char *data, size_t len, struct span at,
		     struct arena *a, struct diag *d, struct pixmap *pix);

#endif
