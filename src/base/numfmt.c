/* numfmt.c — numbers as Chinese reports write them (numfmt.h): reading a
 * number typed by a person or a spreadsheet, and writing one with 万/亿
 * units, thousands separators and a fixed number of decimals. */
#include "base/numfmt.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int number_parse(const char *s, size_t len, double *v)
{
	char tmp[80];
	size_t o = 0, i = 0;
	while (i < len && isspace((unsigned char)s[i]))
		i++;
	while (len > i && isspace((unsigned char)s[len - 1]))
		len--;
	if (i >= len || len - i >= sizeof(tmp))
		return -1;
	/* Commas only between groups of three digits before the point. */
	size_t digits_since_comma = 0;
	bool seen_comma = false, in_int = true;
	for (; i < len; i++) {
		char c = s[i];
		if (c == ',') {
			if (!in_int || o == 0 || !isdigit((unsigned char)tmp[o - 1]) ||
			    (seen_comma && digits_since_comma != 3) || (!seen_comma && digits_since_comma > 3))
				return -1;
			seen_comma = true;
			digits_since_comma = 0;
			continue;
		}
		if (isdigit((unsigned char)c))
			digits_since_comma++;
		else if (c == '.' || c == 'e' || c == 'E') {
			if (seen_comma && in_int && digits_since_comma != 3)
				return -1;
			in_int = false;
		}
		tmp[o++] = c;
	}
	if (seen_comma && in_int && digits_since_comma != 3)
		return -1;
	tmp[o] = '\0';
	/* strtod takes nan, inf and hex; say what is wrong with the first two. */
	const char *t = tmp + (tmp[0] == '-' || tmp[0] == '+');
	if (!strcasecmp(t, "nan") || !strcasecmp(t, ".nan") || !strcasecmp(t, "inf") ||
	    !strcasecmp(t, ".inf") || !strcasecmp(t, "infinity"))
		return -2;
	for (const char *c = t; *c; c++)
		if (!isdigit((unsigned char)*c) && *c != '.' && *c != 'e' && *c != 'E' && *c != '-' &&
		    *c != '+')
			return -1;
	char *end;
	*v = strtod(tmp, &end);
	if (*end || end == tmp)
		return -1;
	if (!isfinite(*v))
		return -2;
	return 0;
}

struct numfmt numfmt_for(double max_abs, double step, bool percent)
{
	struct numfmt f = { 1, "", 0, percent };
	if (!percent && max_abs >= 1e12)
		f.scale = 1e12, f.suffix = "万亿";
	else if (!percent && max_abs >= 1e8)
		f.scale = 1e8, f.suffix = "亿";
	else if (!percent && max_abs >= 1e4)
		f.scale = 1e4, f.suffix = "万";
	double s = step / f.scale;
	if (s > 0 && isfinite(s)) {
		/* Enough decimals that neighbouring values differ when written. */
		int d = (int)ceil(-log10(s) - 1e-9);
		double r = s * pow(10, d < 0 ? 0 : d);
		if (fabs(r - round(r)) > 1e-6 * r)
			d++;
		f.decimals = d < 0 ? 0 : d > 6 ? 6 : d;
	}
	return f;
}

void group_thousands(const char *s, char *out, size_t n)
{
	size_t len = strlen(s), o = 0;
	size_t i = 0;
	if (s[0] == '-' || s[0] == '+') {
		if (o + 1 < n)
			out[o++] = s[0];
		i = 1;
	}
	size_t digits = i;
	while (digits < len && s[digits] >= '0' && s[digits] <= '9')
		digits++;
	size_t nd = digits - i;
	for (size_t k = i; k < len; k++) {
		if (k > i && k < digits && (digits - k) % 3 == 0 && nd > 3 && o + 1 < n)
			out[o++] = ',';
		if (o + 1 < n)
			out[o++] = s[k];
	}
	out[o] = '\0';
}

char *numfmt_format(const struct numfmt *f, double v, char *out, size_t n)
{
	char raw[64], grouped[96];
	double x = v / f->scale;
	snprintf(raw, sizeof(raw), "%.*f", x == 0 ? 0 : f->decimals, x);
	if (strspn(raw, "-0.") == strlen(raw) && raw[0] == '-')
		memmove(raw, raw + 1, strlen(raw)); /* no "-0" */
	group_thousands(raw, grouped, sizeof(grouped));
	snprintf(out, n, "%s%s%s", grouped, x == 0 ? "" : f->suffix, f->percent ? "%" : "");
	return out;
}

char *numfmt_value(double v, bool percent, char *out, size_t n)
{
	struct numfmt f = numfmt_for(fabs(v), 1, percent);
	/* A value that rounds up to 10,000 of its unit moves to the next unit. */
	if (!percent && fabs(round(v / f.scale * 100) / 100) >= 1e4 && f.scale < 1e12) {
		f.scale *= 1e4;
		f.suffix = f.scale == 1e4 ? "万" : f.scale == 1e8 ? "亿" : "万亿";
	}
	double x = v / f.scale;
	int d = decimals_of(x);
	f.decimals = d > 2 ? 2 : d;
	char raw[64];
	snprintf(raw, sizeof(raw), "%.*f", f.decimals, x);
	/* Trailing zeros left by rounding to two places go. */
	if (strchr(raw, '.')) {
		size_t len = strlen(raw);
		while (raw[len - 1] == '0')
			raw[--len] = '\0';
		if (raw[len - 1] == '.')
			raw[--len] = '\0';
		const char *dot = strchr(raw, '.');
		f.decimals = dot ? (int)strlen(dot + 1) : 0;
	}
	return numfmt_format(&f, v, out, n);
}

struct numfmt numfmt_for_values(const double *v, int n, bool percent)
{
	double big = 0;
	for (int i = 0; i < n; i++)
		big = fmax(big, fabs(v[i]));
	struct numfmt f = numfmt_for(big, 1, percent);
	/* Past 9,999 of a unit (rounded), the next one. */
	if (!percent && f.scale < 1e12 && round(big / f.scale * 100) / 100 >= 1e4) {
		f.scale *= 1e4;
		f.suffix = f.scale == 1e8 ? "亿" : "万亿";
	}
	f.decimals = 0;
	for (int i = 0; i < n; i++) {
		int d = decimals_of(v[i] / f.scale);
		if (d > f.decimals)
			f.decimals = d;
	}
	if (f.decimals > 2)
		f.decimals = 2;
	return f;
}

char *numfmt_scaled_unit(const struct numfmt *f, const char *unit, char *out, size_t n)
{
	static const struct {
		double scale;
		const char *word;
	} scales[] = { { 1e4, "万" }, { 1e8, "亿" }, { 1e12, "万亿" } };
	/* The unit's own 万/亿 prefix multiplies with the scale. */
	double mult = f->scale;
	const char *rest = unit;
	for (int k = 2; k >= 0; k--)
		if (!strncmp(unit, scales[k].word, strlen(scales[k].word))) {
			mult *= scales[k].scale;
			rest = unit + strlen(scales[k].word);
			break;
		}
	const char *word = "";
	for (int k = 0; k < 3; k++)
		if (fabs(mult - scales[k].scale) < 1e-3 * mult)
			word = scales[k].word;
	if (mult > 1 && !word[0]) {
		/* No single word (10¹⁶ and up): keep the scale's word. */
		snprintf(out, n, "%s%s", f->suffix, unit);
		return out;
	}
	snprintf(out, n, "%s%s", word, rest);
	return out;
}

int decimals_of(double v)
{
	for (int d = 0; d < 6; d++) {
		double p = pow(10, d);
		if (fabs(v * p - round(v * p)) < 1e-7 * fmax(1, fabs(v * p)))
			return d;
	}
	return 6;
}
