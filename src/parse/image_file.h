/* image_file.h — decoding the image files a report names, stage "parse",
 * with limits on file size, dimensions and memory checked before any pixel
 * memory is taken, so a malformed or hostile file gives a clear error
 * naming it. */
#ifndef PAIBAN_IMAGE_FILE_H
#define PAIBAN_IMAGE_FILE_H

#include "base/diag.h"
#include "base/pixmap.h"
#include "base/util.h"

#define IMAGE_MAX_BYTES ((size_t)32 << 20)
#define IMAGE_MAX_SIDE 10000
#define IMAGE_MAX_PIXELS ((size_t)40 * 1000 * 1000)

/* Read a PNG into pix (pixels in arena a). `at` is where the report names
 * the file, for errors. Returns 0, or -1 after reporting an error. */
int image_load_png(const char *path, struct span at, struct arena *a, struct diag *d,
		   struct pixmap *pix);

#endif
