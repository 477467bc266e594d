/* cnnum.c — Chinese numerals (cnnum.h). Words follow the usual reading:
 * groups of four digits with 万 and 亿, 零 once for a run of zeros inside
 * a group or between groups, and 十 for 10–19 at the start (not 一十). */
#include "base/cnnum.h"

#include <string.h>

static const char *const lower_digits[] = { "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
static const char *const word_digits[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
static const char *const upper_digits[] = { "零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖" };

void cnnum_digits(long long v, struct buf *out)
{
	char s[32];
	int n = 0;
	if (v < 0)
		v = -v;
	do {
		s[n++] = (char)(v % 10);
		v /= 10;
	} while (v > 0);
	while (n > 0)
		buf_addstr(out, lower_digits[(int)s[--n]]);
}

/* One group of four digits (1 … 9999); zero_before: a 零 is due first. */
static void group4(int g, bool upper, bool leading, struct buf *out)
{
	static const char *const lower_units[] = { "", "十", "百", "千" };
	static const char *const upper_units[] = { "", "拾", "佰", "仟" };
	const char *const *dg = upper ? upper_digits : word_digits;
	const char *const *un = upper ? upper_units : lower_units;
	int d[4] = { g / 1000, g / 100 % 10, g / 10 % 10, g % 10 };
	bool started = false, zero = false;
	for (int i = 0; i < 4; i++) {
		if (d[i] == 0) {
			zero = started;
			continue;
		}
		if (zero)
			buf_addstr(out, dg[0]);
		zero = false;
		/* 十二, not 一十二, at the very start (lower case only). */
		if (!(leading && !started && i == 2 && d[i] == 1 && !upper))
			buf_addstr(out, dg[d[i]]);
		buf_addstr(out, un[3 - i]);
		started = true;
	}
}

void cnnum_words(long long v, bool upper, struct buf *out)
{
	static const char *const big[] = { "", "万", "亿", "万亿" };
	if (v < 0) {
		buf_addstr(out, "负");
		v = -v;
	}
	if (v == 0) {
		buf_addstr(out, upper ? upper_digits[0] : word_digits[0]);
		return;
	}
	int g[4], n = 0;
	for (long long x = v; x > 0 && n < 4; x /= 10000)
		g[n++] = (int)(x % 10000);
	bool any = false, zero = false;
	for (int i = n - 1; i >= 0; i--) {
		if (g[i] == 0) {
			zero = any;
			continue;
		}
		/* A group under 1000 after a higher one starts with 零. */
		if (zero || (any && g[i] < 1000))
			buf_addstr(out, upper ? upper_digits[0] : word_digits[0]);
		zero = false;
		group4(g[i], upper, !any, out);
		buf_addstr(out, big[i]);
		any = true;
	}
}

int cnnum_rmb(struct dec v, struct buf *out)
{
	struct dec r = dec_round(v, 2, DEC_HALF_UP);
	long long fen;
	struct dec f = r;
	f.scale = 0; /* the coefficient at two decimals is the amount in 分 */
	if (!dec_to_ll(f, &fen) || fen >= 1000000000000000000LL || fen <= -1000000000000000000LL)
		return -1;
	if (fen < 0) {
		buf_addstr(out, "负");
		fen = -fen;
	}
	long long yuan = fen / 100;
	int jiao = (int)(fen / 10 % 10), cents = (int)(fen % 10);
	if (yuan > 0) {
		cnnum_words(yuan, true, out);
		buf_addstr(out, "元");
	}
	if (jiao == 0 && cents == 0) {
		if (yuan == 0)
			buf_addstr(out, "零元");
		buf_addstr(out, "整");
		return 0;
	}
	if (jiao > 0) {
		buf_addstr(out, upper_digits[jiao]);
		buf_addstr(out, "角");
	} else if (yuan > 0) {
		buf_addstr(out, "零");
	}
	if (cents > 0) {
		buf_addstr(out, upper_digits[cents]);
		buf_addstr(out, "分");
	} else {
		buf_addstr(out, "整");
	}
	return 0;
}
