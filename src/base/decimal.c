/* decimal.c — exact decimal arithmetic (decimal.h). Products that outgrow
 * 128 bits are formed in 256 bits and rounded back half up; quotients come
 * from long division, one digit at a time, so no step can overflow. */
#include "base/decimal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__extension__ typedef unsigned __int128 ucoef;

static dec_coef p10(int n)
{
	static const uint64_t t[20] = { 1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL,
		1000000ULL, 10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
		100000000000ULL, 1000000000000ULL, 10000000000000ULL, 100000000000000ULL,
		1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
		1000000000000000000ULL, 10000000000000000000ULL };
	if (n <= 19)
		return (dec_coef)t[n];
	return (dec_coef)t[19] * (dec_coef)t[n - 19];
}

#define LIMIT p10(37)

static dec_coef cabs_(dec_coef c)
{
	return c < 0 ? -c : c;
}

/* c / 10^k rounded by mode (k ≥ 0). */
static dec_coef drop_digits(dec_coef c, int k, enum dec_round mode)
{
	if (k <= 0)
		return c;
	if (k > 37) {
		/* Every digit goes: only the rounding direction is left. */
		bool up = c != 0 && (mode == DEC_UP || (mode == DEC_FLOOR && c < 0) ||
				     (mode == DEC_CEILING && c > 0));
		return up ? (c < 0 ? -1 : 1) : 0;
	}
	dec_coef d = p10(k), q = c / d, r = c % d;
	if (r == 0)
		return q;
	dec_coef ar = cabs_(r), half = d / 2;
	int away = 0;
	switch (mode) {
	case DEC_HALF_UP:
		away = ar >= half;
		break;
	case DEC_HALF_EVEN:
		away = ar > half || (ar == half && (q % 2 != 0));
		break;
	case DEC_DOWN:
		break;
	case DEC_UP:
		away = 1;
		break;
	case DEC_FLOOR:
		away = c < 0;
		break;
	case DEC_CEILING:
		away = c > 0;
		break;
	}
	if (away)
		q += c < 0 ? -1 : 1;
	return q;
}

struct dec dec_from_int(long long v)
{
	return (struct dec){ (dec_coef)v, 0 };
}

int dec_parse(const char *s, size_t len, struct dec *out)
{
	size_t i = 0;
	bool neg = false;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	dec_coef c = 0;
	int scale = 0, digits = 0, sig = 0;
	bool dot = false, any = false, cut = false;
	int round_digit = -1;
	for (; i < len; i++) {
		char ch = s[i];
		if (ch == '.' && !dot) {
			dot = true;
			continue;
		}
		if (ch < '0' || ch > '9')
			break;
		any = true;
		digits++;
		if (dot && scale >= DEC_MAX_SCALE) {
			/* Past 30 decimals: remember the first digit cut off. */
			if (!cut)
				round_digit = ch - '0';
			cut = true;
			continue;
		}
		if (sig > 0 || ch != '0')
			sig++;
		if (sig > 37)
			return -1;
		c = c * 10 + (ch - '0');
		if (dot)
			scale++;
	}
	if (!any)
		return -1;
	long exp = 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		bool eneg = false;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			eneg = s[i++] == '-';
		if (i >= len)
			return -1;
		for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
			exp = exp * 10 + (s[i] - '0');
			if (exp > 1000)
				return -1;
		}
		if (eneg)
			exp = -exp;
	}
	if (i != len)
		return -1;
	if (cut && round_digit >= 5)
		c += 1;
	long sc = scale - exp;
	if (sc < 0) {
		if (sig - sc > 37 && c != 0)
			return -1;
		if (c != 0) /* 0e308 is 0: no power of ten that large exists */
			c *= p10((int)-sc);
		sc = 0;
	} else if (sc > DEC_MAX_SCALE) {
		c = drop_digits(c, (int)(sc - DEC_MAX_SCALE), DEC_HALF_UP);
		sc = DEC_MAX_SCALE;
	}
	out->c = neg ? -c : c;
	out->scale = (int)sc;
	return 0;
}

int dec_from_double(double v, struct dec *out)
{
	if (!isfinite(v))
		return -1;
	char buf[64];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*e", prec - 1, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return dec_parse(buf, strlen(buf), out);
}

double dec_to_double(struct dec a)
{
	char buf[DEC_STR_MAX];
	return strtod(dec_to_str(a, buf), NULL);
}

/* Bring a and b to one scale, the larger one when the coefficients allow. */
static int align(struct dec *a, struct dec *b)
{
	int s = a->scale > b->scale ? a->scale : b->scale;
	for (; s >= 0; s--) {
		bool ok = true;
		const struct dec *x[2] = { a, b };
		for (int k = 0; k < 2 && ok; k++)
			if (x[k]->scale < s && cabs_(x[k]->c) >= LIMIT / p10(s - x[k]->scale))
				ok = false;
		if (ok)
			break;
	}
	if (s < 0)
		return DEC_OVERFLOW;
	struct dec *y[2] = { a, b };
	for (int k = 0; k < 2; k++) {
		if (y[k]->scale < s)
			y[k]->c *= p10(s - y[k]->scale);
		else if (y[k]->scale > s)
			y[k]->c = drop_digits(y[k]->c, y[k]->scale - s, DEC_HALF_UP);
		y[k]->scale = s;
	}
	return DEC_OK;
}

/* Keep |c| < 10^37 by dropping decimals. */
static int fit(struct dec *r)
{
	while (cabs_(r->c) >= LIMIT) {
		if (r->scale == 0)
			return DEC_OVERFLOW;
		r->c = drop_digits(r->c, 1, DEC_HALF_UP);
		r->scale--;
	}
	return DEC_OK;
}

int dec_add(struct dec a, struct dec b, struct dec *out)
{
	if (align(&a, &b) < 0)
		return DEC_OVERFLOW;
	out->c = a.c + b.c;
	out->scale = a.scale;
	return fit(out);
}

int dec_sub(struct dec a, struct dec b, struct dec *out)
{
	return dec_add(a, dec_neg(b), out);
}

/* 256-bit unsigned numbers as eight 32-bit limbs, least significant first. */
struct u256 {
	uint32_t w[8];
};

static struct u256 mul128(ucoef x, ucoef y)
{
	uint32_t a[4], b[4];
	for (int i = 0; i < 4; i++) {
		a[i] = (uint32_t)(x >> (32 * i));
		b[i] = (uint32_t)(y >> (32 * i));
	}
	uint64_t t[8] = { 0 };
	struct u256 r = { { 0 } };
	for (int i = 0; i < 4; i++) {
		uint64_t carry = 0;
		for (int j = 0; j < 4; j++) {
			uint64_t cur = t[i + j] + (uint64_t)a[i] * b[j] + carry;
			t[i + j] = cur & 0xFFFFFFFFu;
			carry = cur >> 32;
		}
		t[i + 4] += carry;
	}
	for (int i = 0; i < 8; i++)
		r.w[i] = (uint32_t)t[i];
	return r;
}

static unsigned div10(struct u256 *x)
{
	uint64_t rem = 0;
	for (int i = 7; i >= 0; i--) {
		uint64_t cur = (rem << 32) | x->w[i];
		x->w[i] = (uint32_t)(cur / 10);
		rem = cur % 10;
	}
	return (unsigned)rem;
}

static bool small(const struct u256 *x, ucoef *v)
{
	for (int i = 4; i < 8; i++)
		if (x->w[i])
			return false;
	*v = (ucoef)x->w[0] | (ucoef)x->w[1] << 32 | (ucoef)x->w[2] << 64 | (ucoef)x->w[3] << 96;
	return true;
}

int dec_mul(struct dec a, struct dec b, struct dec *out)
{
	bool neg = (a.c < 0) != (b.c < 0);
	struct u256 p = mul128((ucoef)cabs_(a.c), (ucoef)cabs_(b.c));
	int scale = a.scale + b.scale;
	unsigned last = 0;
	ucoef v;
	/* Drop decimals until the product fits; the last digit dropped
	 * decides the rounding (half up). */
	while (!small(&p, &v) || v >= (ucoef)LIMIT || scale > DEC_MAX_SCALE) {
		if (scale == 0)
			return DEC_OVERFLOW;
		last = div10(&p);
		scale--;
	}
	if (last >= 5)
		v++;
	out->c = neg ? -(dec_coef)v : (dec_coef)v;
	out->scale = scale;
	return fit(out);
}

int dec_div(struct dec a, struct dec b, struct dec *out)
{
	if (b.c == 0)
		return DEC_DIV_ZERO;
	bool neg = (a.c < 0) != (b.c < 0);
	dec_coef A = cabs_(a.c), B = cabs_(b.c);
	dec_coef q = A / B, r = A % B;
	int frac = 0, sig = 0;
	for (dec_coef t = q; t > 0; t /= 10)
		sig++;
	/* One decimal at a time until 28 significant digits (or the scale
	 * limit), then half up on the next digit. */
	int shift = b.scale - a.scale; /* value = q × 10^-(frac - shift) */
	while (r != 0 && sig < DEC_DIV_DIGITS && frac - shift < DEC_MAX_SCALE && q < LIMIT / 10) {
		r *= 10;
		q = q * 10 + r / B;
		r %= B;
		frac++;
		if (q > 0)
			sig++;
	}
	if (r != 0 && (r * 10) / B >= 5)
		q++;
	long scale = (long)frac - shift;
	if (scale < 0) {
		if (q != 0 && q >= LIMIT / p10((int)-scale))
			return DEC_OVERFLOW;
		q *= p10((int)-scale);
		scale = 0;
	} else if (scale > DEC_MAX_SCALE) {
		q = drop_digits(q, (int)(scale - DEC_MAX_SCALE), DEC_HALF_UP);
		scale = DEC_MAX_SCALE;
	}
	out->c = neg ? -q : q;
	out->scale = (int)scale;
	return fit(out);
}

struct dec dec_neg(struct dec a)
{
	a.c = -a.c;
	return a;
}

struct dec dec_abs(struct dec a)
{
	a.c = cabs_(a.c);
	return a;
}

int dec_sign(struct dec a)
{
	return a.c > 0 ? 1 : a.c < 0 ? -1 : 0;
}

int dec_cmp(struct dec a, struct dec b)
{
	struct dec d;
	if (dec_sub(a, b, &d) < 0) {
		/* Too far apart to subtract exactly: compare as doubles. */
		double x = dec_to_double(a), y = dec_to_double(b);
		return x < y ? -1 : x > y;
	}
	return dec_sign(d);
}

bool dec_is_int(struct dec a)
{
	return a.scale == 0 || a.c % p10(a.scale) == 0;
}

bool dec_to_ll(struct dec a, long long *v)
{
	if (!dec_is_int(a))
		return false;
	dec_coef c = a.c / p10(a.scale);
	if (c > (dec_coef)INT64_MAX || c < (dec_coef)INT64_MIN)
		return false;
	*v = (long long)c;
	return true;
}

struct dec dec_round(struct dec a, int decimals, enum dec_round mode)
{
	if (decimals < 0)
		decimals = 0;
	if (decimals > DEC_MAX_SCALE)
		decimals = DEC_MAX_SCALE;
	if (decimals < a.scale) {
		a.c = drop_digits(a.c, a.scale - decimals, mode);
		a.scale = decimals;
	}
	/* Pad with zeros while the coefficient has room. */
	while (a.scale < decimals && cabs_(a.c) < LIMIT / 10) {
		a.c *= 10;
		a.scale++;
	}
	return a;
}

struct dec dec_trim(struct dec a)
{
	while (a.scale > 0 && a.c % 10 == 0) {
		a.c /= 10;
		a.scale--;
	}
	return a;
}

char *dec_to_str(struct dec a, char *out)
{
	char digits[48];
	int n = 0;
	dec_coef c = cabs_(a.c);
	do {
		digits[n++] = (char)('0' + (int)(c % 10));
		c /= 10;
	} while (c > 0);
	while (n <= a.scale)
		digits[n++] = '0';
	size_t o = 0;
	if (a.c < 0)
		out[o++] = '-';
	for (int i = n - 1; i >= 0; i--) {
		out[o++] = digits[i];
		if (i == a.scale && i > 0)
			out[o++] = '.';
	}
	out[o] = '\0';
	return out;
}
