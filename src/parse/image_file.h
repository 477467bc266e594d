/* image_file.h — decoding the image files a report names, stage "parse":
 * PNG (libpng), JPEG (libjpeg-turbo, turned upright by its EXIF
 * orientation) and SVG (checked and measured by librsvg, kept as source
 * for the exporters to draw as vectors). Limits on file size, dimensions
 * and memory are checked before any pixel memory is taken, so a malformed
 * or hostile file gives a clear error naming it. */
#ifndef PAIBAN_IMAGE_FILE_H
#define PAIBAN_IMAGE_FILE_H

#include "base/diag.h"
#include "base/limits.h"
#include "base/pixmap.h"
#include "base/util.h"

/* The limits, one place for all of them (base/limits.h). */
#define IMAGE_MAX_BYTES LIMIT_IMAGE_BYTES
#define IMAGE_MAX_SIDE LIMIT_IMAGE_SIDE
#define IMAGE_MAX_PIXELS LIMIT_IMAGE_PIXELS
#define IMAGE_MAX_JPEG_SCANS LIMIT_JPEG_SCANS

/* Read the image file at path — PNG, JPEG or SVG, told apart by their
 * first bytes, whatever the file's name — into *pix (pixels in arena a) or
 * *svg (its source in arena a); the other is left zeroed. `at` is where the
 * report names the file, for errors. Returns 0, or -1 after reporting an
 * error. The file is read by infile_read (a regular file, at most
 * IMAGE_MAX_BYTES); files a report names are read by read_image under the
 * folder policy and decoded with image_decode. */
int image_load(const char *path, struct span at, struct arena *a, struct diag *d,
	       struct pixmap *pix, struct svg *svg);

/* The same for a file known to be a PNG (anything else is an error). */
int image_load_png(const char *path, struct span at, struct arena *a, struct diag *d,
		   struct pixmap *pix);

/* Decode the len bytes of an image file named `path` (for messages and the
 * run's list of inputs), as image_load and image_load_png do. */
int image_decode(const char *path, const char *data, size_t len, struct span at, struct arena *a,
		 struct diag *d, struct pixmap *pix, struct svg *svg);
int image_decode_png(const char *path, const char *data, size_t len, struct span at,
		     struct arena *a, struct diag *d, struct pixmap *pix);

#endif
