/* pixmap.h — the pixels of a raster image as read from a file and as drawn. */
#ifndef PAIBAN_PIXMAP_H
#define PAIBAN_PIXMAP_H

/* Pixels of a raster image: ARGB, premultiplied, native-endian 32-bit words
 * (Cairo's ARGB32), rows stride bytes apart. */
struct pixmap {
	int w, h, stride;
	unsigned char *data;
};

#endif
