/* pixmap.h — a picture as read from a file and as drawn: the pixels of a
 * raster image (PNG, JPEG), or the source of a vector one (SVG), which the
 * exporters draw as vectors. */
#ifndef PAIBAN_PIXMAP_H
#define PAIBAN_PIXMAP_H

#include <stddef.h>

/* Pixels of a raster image: ARGB, premultiplied, native-endian 32-bit words
 * (Cairo's ARGB32), rows stride bytes apart. */
struct pixmap {
	int w, h, stride;
	unsigned char *data;
};

/* A vector image: its SVG source (XML, or gzip-compressed), checked when it
 * was read, and its size in CSS px (1/96 in), which gives its shape. */
struct svg {
	const char *data;
	size_t len;
	double w, h;
};

#endif
