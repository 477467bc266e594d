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

#include "base/util.h"

int number_parse(const char *s, size_t len, double *v)
{
	char tmp[80];
	size_t o = 0, i = 0;
	while (i < len && isspace((unsigned char)s[i]))
		i++;
	while (len > i && isspace((unsigned char)s[len - 1]))
		len--;
	if (len - i > 3 && !memcmp(s + i, "\xE2\x88\x92", 3)) {
		tmp[o++] = '-'; /* the minus sign U+2212 */
		i += 3;
	}
	if (i >= len || len - i >= sizeof(tmp) - 1)
		return -1;
	/* Commas only between groups of three digits before the point. */
	size_t digits_since_comma = 0, sign_len = o;
	bool seen_comma = false, in_int = true;
	for (; i < len; i++) {
		char c = s[i];
		if (c == ',') {
			if (!in_int || o == sign_len || !isdigit((unsigned char)tmp[o - 1]) ||
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

int numfmt_unit(double max_abs, const char **suffix)
{
	int p = max_abs >= 1e12 ? 12 : max_abs >= 1e8 ? 8 : max_abs >= 1e4 ? 4 : 0;
	*suffix = p == 12 ? "万亿" : p == 8 ? "亿" : p == 4 ? "万" : "";
	return p;
}

struct numfmt numfmt_for(double max_abs, double step, bool percent)
{
	struct numfmt f = { 1, "", 0, percent };
	if (!percent)
		f.scale = pow(10, numfmt_unit(max_abs, &f.suffix));
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
	struct dec d;
	if (v == 0 || dec_from_double(v, &d) < 0) {
		snprintf(out, n, "0%s", f->percent ? "%" : "");
		return out;
	}
	int p = f->scale >= 1e12 ? 12 : f->scale >= 1e8 ? 8 : f->scale >= 1e4 ? 4 : 0;
	struct numopt o = { .decimals = f->decimals, .group = true, .unit = p, .percent = f->percent };
	return numfmt_dec(d, &o, out, n);
}

char *numfmt_value(double v, bool percent, char *out, size_t n)
{
	struct dec d;
	if (v == 0 || dec_from_double(v, &d) < 0) {
		snprintf(out, n, "0%s", percent ? "%" : "");
		return out;
	}
	struct numopt o = { .decimals = 2, .group = true, .unit = percent ? 0 : -1, .percent = percent,
			    .trim = true };
	return numfmt_dec(d, &o, out, n);
}

/* v × 10^-p, exactly (rounded half up only past 30 decimals). */
static struct dec shift_down(struct dec v, int p)
{
	if (v.scale + p <= DEC_MAX_SCALE) {
		v.scale += p;
		return v;
	}
	struct dec r = dec_round(v, DEC_MAX_SCALE - p, DEC_HALF_UP);
	r.scale += p;
	return r;
}

char *numfmt_dec(struct dec v, const struct numopt *o, char *out, size_t n)
{
	const char *suffix = "";
	int p = o->unit;
	if (p < 0)
		p = numfmt_unit(fabs(dec_to_double(v)), &suffix);
	struct dec r;
	for (;;) {
		struct dec x = shift_down(v, p);
		r = o->decimals >= 0 ? dec_round(x, o->decimals, o->mode) : dec_trim(x);
		/* Rounding up to 10,000 of a unit is one of the next unit. */
		if (o->unit < 0 && p < 12 && dec_cmp(dec_abs(r), dec_from_int(10000)) >= 0) {
			p += 4;
			continue;
		}
		break;
	}
	suffix = p == 12 ? "万亿" : p == 8 ? "亿" : p == 4 ? "万" : "";
	if (o->trim)
		r = dec_trim(r);
	char raw[DEC_STR_MAX + 8], grouped[DEC_STR_MAX + 24];
	dec_to_str(dec_abs(r), raw);
	/* dec_round pads with zeros only while the coefficient has room. */
	if (o->decimals > r.scale && !o->trim) {
		size_t len = strlen(raw);
		if (r.scale == 0)
			raw[len++] = '.';
		for (int k = r.scale; k < o->decimals && len < sizeof(raw) - 1; k++)
			raw[len++] = '0';
		raw[len] = '\0';
	}
	if (o->group)
		group_thousands(raw, grouped, sizeof(grouped));
	else
		snprintf(grouped, sizeof(grouped), "%s", raw);
	int sg = dec_sign(r);
	const char *sign = sg < 0 ? (o->minus ? "\xE2\x88\x92" : "-") : sg > 0 && o->sign ? "+" : "";
	snprintf(out, n, "%s%s%s%s", sign, grouped, sg ? suffix : "", o->percent ? "%" : "");
	return out;
}

/* ---- cells of statistics tables ---- */

/* Full-width forms and other ways of writing the characters of a number
 * (UTF-8 → ASCII), for number_read_cell. */
static const struct {
	const char *from;
	char to;
} cell_chars[] = {
	{ "\xEF\xBC\x8E", '.' },  /* ． */
	{ "\xEF\xBC\x8C", ',' },  /* ， */
	{ "\xEF\xBC\x8D", '-' },  /* － */
	{ "\xEF\xBC\x8B", '+' },  /* ＋ */
	{ "\xEF\xBC\x85", '%' },  /* ％ */
	{ "\xE2\x88\x92", '-' },  /* − U+2212 */
	{ "\xC2\xA0", ' ' },      /* no-break space */
	{ "\xE3\x80\x80", ' ' },  /* ideographic space */
	{ "\xE2\x80\x89", ' ' },  /* thin space */
};

/* Texts that mean "no figure" in a published table. */
static const char *const missing_marks[] = {
	"", "-", "--", "\xE2\x80\x94", "\xE2\x80\x94\xE2\x80\x94", "\xE2\x80\x93", "\xEF\xBC\x8D",
	"\xE2\x80\xA6", "\xE2\x80\xA6\xE2\x80\xA6", "...", "/", "NA", "N/A", "n/a", "na",
	"\xE2\x80\x95", "\xE2\x94\x80",
};

/* Length of a footnote marker that ends s[0..len) (0 if none). */
static size_t marker_at_end(const char *s, size_t len)
{
	size_t m = 0;
	/* Asterisks: * ＊ †, any number of them. */
	for (;;) {
		if (len - m >= 1 && s[len - m - 1] == '*')
			m += 1;
		else if (len - m >= 3 && (!memcmp(s + len - m - 3, "\xEF\xBC\x8A", 3) ||
					  !memcmp(s + len - m - 3, "\xE2\x80\xA0", 3)))
			m += 3;
		else
			break;
	}
	if (m)
		return m;
	/* Circled numbers ①–⑳ (U+2460–2473), superscript digits. */
	if (len >= 3 && (unsigned char)s[len - 3] == 0xE2 && (unsigned char)s[len - 2] == 0x91 &&
	    (unsigned char)s[len - 1] >= 0xA0 && (unsigned char)s[len - 1] <= 0xB3)
		return 3;
	if (len >= 2 && (unsigned char)s[len - 2] == 0xC2 &&
	    ((unsigned char)s[len - 1] == 0xB9 || (unsigned char)s[len - 1] == 0xB2 ||
	     (unsigned char)s[len - 1] == 0xB3))
		return 2;
	if (len >= 3 && (unsigned char)s[len - 3] == 0xE2 && (unsigned char)s[len - 2] == 0x81 &&
	    (unsigned char)s[len - 1] >= 0xB0 && (unsigned char)s[len - 1] <= 0xB9)
		return 3;
	/* A bracketed note: (注1) （注1） [1] ［1］ (a). */
	static const char *const closes[][2] = { { ")", "(" }, { "\xEF\xBC\x89", "\xEF\xBC\x88" },
						 { "]", "[" }, { "\xEF\xBC\xBD", "\xEF\xBC\xBB" } };
	for (size_t k = 0; k < ARRAY_LEN(closes); k++) {
		size_t cl = strlen(closes[k][0]), ol = strlen(closes[k][1]);
		if (len < cl + ol + 1 || memcmp(s + len - cl, closes[k][0], cl))
			continue;
		for (size_t i = len - cl; i-- > 0;)
			if (i + ol <= len - cl && !memcmp(s + i, closes[k][1], ol)) {
				/* A note: 注 and digits, digits, or one letter. */
				const char *in = s + i + ol;
				size_t inner = len - cl - i - ol, d = 0;
				if (inner >= 3 && !memcmp(in, "\xE6\xB3\xA8", 3))
					d = 3;
				bool ok = inner > d;
				for (size_t j = d; j < inner && ok; j++)
					ok = in[j] >= '0' && in[j] <= '9';
				if (inner == 1 && ((in[0] >= 'a' && in[0] <= 'z') || (in[0] >= 'A' && in[0] <= 'Z')))
					ok = true;
				return ok ? len - i : 0;
			}
	}
	/* 注1 written without brackets. */
	for (size_t i = len; i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9';)
		if (--i >= 3 && i < len && !memcmp(s + i - 3, "\xE6\xB3\xA8", 3))
			return len - (i - 3);
	return 0;
}

size_t number_marker_len(const char *s, size_t len)
{
	return marker_at_end(s, len);
}

enum cell_kind number_read_cell(const char *s, size_t len, struct dec *v, size_t *marker_off,
				size_t *marker_len)
{
	char tmp[96];
	size_t o = 0;
	*marker_off = *marker_len = 0;
	/* Normalise into tmp; a cell too long to be a number is text. */
	for (size_t i = 0; i < len;) {
		bool done = false;
		unsigned char c = (unsigned char)s[i];
		if (c == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBC &&
		    (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99) {
			if (o + 1 >= sizeof(tmp))
				return CELL_TEXT;
			tmp[o++] = (char)('0' + ((unsigned char)s[i + 2] - 0x90)); /* ０–９ */
			i += 3;
			continue;
		}
		for (size_t k = 0; k < ARRAY_LEN(cell_chars) && !done; k++) {
			size_t fl = strlen(cell_chars[k].from);
			if (i + fl <= len && !memcmp(s + i, cell_chars[k].from, fl)) {
				if (o + 1 >= sizeof(tmp))
					return CELL_TEXT;
				/* A dash alone stays a dash (missing); in a number it is a minus. */
				tmp[o++] = cell_chars[k].to;
				i += fl;
				done = true;
			}
		}
		if (done)
			continue;
		if (o + 1 >= sizeof(tmp))
			return CELL_TEXT;
		tmp[o++] = s[i++];
	}
	tmp[o] = '\0';
	size_t a = 0, b = o;
	while (a < b && (tmp[a] == ' ' || tmp[a] == '\t'))
		a++;
	while (b > a && (tmp[b - 1] == ' ' || tmp[b - 1] == '\t' || tmp[b - 1] == '\r'))
		b--;
	/* The marker is looked for in the original text, so it can be quoted. */
	size_t sa = 0, sb = len;
	while (sb > 0 && (s[sb - 1] == ' ' || s[sb - 1] == '\t' || s[sb - 1] == '\r'))
		sb--;
	while (sa < sb && (s[sa] == ' ' || s[sa] == '\t'))
		sa++;
	size_t m = marker_at_end(s + sa, sb - sa);
	if (m && m < sb - sa) {
		/* Cut the same characters off the normalised text: count them. */
		size_t chars = utf8_count(s + sb - m, m);
		while (chars > 0 && b > a) {
			b--;
			if (((unsigned char)tmp[b] & 0xC0) != 0x80)
				chars--;
		}
		while (b > a && tmp[b - 1] == ' ')
			b--;
		*marker_off = sb - m;
		*marker_len = m;
	}
	for (size_t k = 0; k < ARRAY_LEN(missing_marks); k++)
		if (strlen(missing_marks[k]) == b - a && !memcmp(tmp + a, missing_marks[k], b - a))
			return CELL_MISSING;
	bool pct = b > a && tmp[b - 1] == '%';
	if (pct)
		b--;
	double dv;
	if (number_parse(tmp + a, b - a, &dv) != 0)
		return CELL_TEXT;
	/* number_parse checked the separators; the decimal reads the digits. */
	char plain[96];
	size_t q = 0;
	for (size_t i = a; i < b && q + 1 < sizeof(plain); i++)
		if (tmp[i] != ',' && tmp[i] != ' ')
			plain[q++] = tmp[i];
	plain[q] = '\0';
	if (dec_parse(plain, q, v) < 0)
		return CELL_TEXT;
	return CELL_NUMBER;
}

struct numfmt numfmt_for_values(const double *v, int n, bool percent)
{
	double big = 0;
	for (int i = 0; i < n; i++)
		if (isfinite(v[i]))
			big = fmax(big, fabs(v[i]));
	struct numfmt f = numfmt_for(big, 1, percent);
	/* Past 9,999 of a unit (rounded), the next one. */
	if (!percent && f.scale < 1e12 && round(big / f.scale * 100) / 100 >= 1e4) {
		f.scale *= 1e4;
		f.suffix = f.scale == 1e8 ? "亿" : "万亿";
	}
	f.decimals = 0;
	for (int i = 0; i < n; i++) {
		if (!isfinite(v[i]))
			continue;
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
