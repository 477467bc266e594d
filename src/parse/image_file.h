/* image_file.h — decoding the image files a report names, stage "parse":
 * PNG (libpng), JPEG (libjpeg-turbo, turned upright by its EXIF
 * orientation) and SVG (checked and measured by librsvg, kept as source
 * for the exporters to draw as vectors). Limits on file size, dimensions
 * and memory are checked before any pixel memory is taken, so a malformed
 * or hostile file gives a clear error naming it. */
#ifndef PAIBAN_IMAGE_FILE_H
#define PAIBAN_IMAGE_FILE_H

#include "base/diag.h"
#include "base/pixmap.h"
#include "base/util.h"

#define IMAGE_MAX_BYTES ((size_t)32 << 20)
#define IMAGE_MAX_SIDE 10000
#define IMAGE_MAX_PIXELS ((size_t)40 * 1000 * 1000)
/* A progressive JPEG of more scans than this is refused (a few thousand
 * tiny scans are a known way to make a decoder spin; real files have ~10). */
#define IMAGE_MAX_JPEG_SCANS 500

/* Read the image file at path — PNG, JPEG or SVG, told apart by their
 * first bytes, whatever the file's name — into *pix (pixels in arena a) or
 * *svg (its source in arena a); the other is left zeroed. `at` is where the
 * report names the file, for errors. Returns 0, or -1 after reporting an
 * error. */
int image_load(const char *path, struct span at, struct arena *a, struct diag *d,
	       struct pixmap *pix, struct svg *svg);

/* The same for a file known to be a PNG (anything else is an error). */
int image_load_png(const char *path, struct span at, struct arena *a, struct diag *d,
		   struct pixmap *pix);

#endif
