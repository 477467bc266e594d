/* decimal.h — exact decimal numbers, stage "base": the arithmetic of
 * report expressions (0.1 + 0.2 is 0.3, 19.99 stays 19.99), rounded only
 * when a number is formatted, half up (四舍五入) unless asked otherwise.
 * A value is a signed 128-bit coefficient times 10^-scale; sums and
 * products are exact while they fit 37 digits, a quotient keeps 28
 * significant digits (as Python's decimal module does by default). No
 * state, no allocation: safe to call from anywhere. */
#ifndef PAIBAN_DECIMAL_H
#define PAIBAN_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>

#define DEC_MAX_SCALE 30    /* at most 30 decimals */
#define DEC_DIV_DIGITS 28   /* significant digits of a quotient */

__extension__ typedef __int128 dec_coef;

struct dec {
	dec_coef c; /* |c| < 10^37 */
	int scale;  /* 0 … DEC_MAX_SCALE */
};

enum dec_round {
	DEC_HALF_UP,   /* 四舍五入: 8.45 → 8.5, −8.45 → −8.5 (ties away from zero) */
	DEC_HALF_EVEN, /* banker's: 8.45 → 8.4 */
	DEC_DOWN,      /* toward zero */
	DEC_UP,        /* away from zero */
	DEC_FLOOR,
	DEC_CEILING,
};

/* Results of the operations. */
enum { DEC_OK = 0, DEC_OVERFLOW = -1, DEC_DIV_ZERO = -2 };

/* Parse a plain decimal: optional sign, digits, optional fraction and
 * exponent ("12", "-0.5", "1.2e3", ".5"). No separators or blanks (the
 * callers normalise first). Returns 0, or -1 when s is not such a number
 * or does not fit. */
int dec_parse(const char *s, size_t len, struct dec *out);
struct dec dec_from_int(long long v);
/* The shortest decimal that reads back as v (v finite). */
int dec_from_double(double v, struct dec *out);
double dec_to_double(struct dec a);

int dec_add(struct dec a, struct dec b, struct dec *out);
int dec_sub(struct dec a, struct dec b, struct dec *out);
int dec_mul(struct dec a, struct dec b, struct dec *out);
int dec_div(struct dec a, struct dec b, struct dec *out);
struct dec dec_neg(struct dec a);
struct dec dec_abs(struct dec a);
int dec_cmp(struct dec a, struct dec b);
int dec_sign(struct dec a);
bool dec_is_int(struct dec a);
/* The value as a long long when it is a whole number that fits; else false. */
bool dec_to_ll(struct dec a, long long *v);

/* a rounded to `decimals` places (0 … DEC_MAX_SCALE) by mode; the scale of
 * the result is exactly `decimals` (1.5 at 2 places is 1.50). */
struct dec dec_round(struct dec a, int decimals, enum dec_round mode);
/* Drop trailing zeros after the point (1.50 → 1.5, 2.0 → 2). */
struct dec dec_trim(struct dec a);

/* Write a as plain digits with its scale ("-1234.50"; never an exponent).
 * out must hold DEC_STR_MAX bytes. Returns out. */
#define DEC_STR_MAX 72
char *dec_to_str(struct dec a, char *out);

#endif
