/* color.h — an RGB colour, components 0..1; what layouts choose and
 * frames carry. */
#ifndef PAIBAN_COLOR_H
#define PAIBAN_COLOR_H

struct color {
	double r, g, b;
};

#endif
