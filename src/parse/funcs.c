/* funcs.c — the functions and formatters of report expressions (data.h,
 * docs/data.md): aggregates over a column (sum, avg, count, min, max),
 * shares and ranks, series (lag, cum), growth (yoy, mom, pp), the issue
 * number, and formatters that write numbers and dates the Chinese way
 * through numfmt_dec and cnnum — the same rounding and 万/亿 rules as the
 * chart axes. A formatter given a missing value writes —. */
#include "parse/data.h"

#include <stdio.h>
#include <string.h>

#include "base/cnnum.h"
#include "base/numfmt.h"

#define ARGS struct ectx *cx, const struct expr *call, struct value *a, int n, struct value *out

static const struct expr *arg_at(const struct expr *call, int i)
{
	return i < call->nargs ? call->args[i] : call;
}

static int want(struct ectx *cx, const struct expr *call, struct value *a, int i, enum vkind k,
		const char *what)
{
	if (a[i].k == k)
		return 0;
	ectx_error(cx, arg_at(call, i), "%.*s: argument %d must be %s, found %s", (int)call->nlen,
		   call->name, i + 1, what, value_kind_name(&a[i]));
	if (a[i].at.src)
		diag_note_at(cx->ds->d, a[i].at, "the value comes from here");
	return -1;
}

/* A whole number argument in [lo, hi]. */
static int want_int(struct ectx *cx, const struct expr *call, struct value *a, int i, long long lo,
		    long long hi, long long *v)
{
	if (want(cx, call, a, i, V_NUM, "a number") < 0)
		return -1;
	if (!dec_to_ll(a[i].n, v) || *v < lo || *v > hi) {
		ectx_error(cx, arg_at(call, i), "%.*s: argument %d must be a whole number from %lld to %lld",
			   (int)call->nlen, call->name, i + 1, lo, hi);
		return -1;
	}
	return 0;
}

static struct value str_of(struct ectx *cx, const char *s)
{
	size_t len = strlen(s);
	return value_str(arena_strndup(&cx->ds->arena, s, len), len);
}

/* The numbers of the arguments, lists flattened; missing ones skipped and
 * counted. Returns the count, or -1 after an error. */
static int numbers(struct ectx *cx, const struct expr *call, struct value *a, int n,
		   struct dec **out, int *missing)
{
	int cnt = 0, alloc = 0;
	*out = NULL;
	*missing = 0;
	for (int i = 0; i < n; i++) {
		struct value *items = &a[i];
		int m = 1;
		if (a[i].k == V_LIST) {
			items = a[i].list->v;
			m = a[i].list->n;
		}
		for (int k = 0; k < m; k++) {
			if (items[k].k == V_MISSING) {
				(*missing)++;
				continue;
			}
			if (items[k].k != V_NUM) {
				ectx_error(cx, arg_at(call, i), "%.*s needs numbers; %s is %s",
					   (int)call->nlen, call->name, m > 1 ? "an item" : "this",
					   value_kind_name(&items[k]));
				if (items[k].at.src)
					diag_note_at(cx->ds->d, items[k].at, "the value comes from here");
				free(*out);
				return -1;
			}
			GROW(*out, cnt, alloc);
			(*out)[cnt++] = items[k].n;
		}
	}
	return cnt;
}

static int overflow(struct ectx *cx, const struct expr *call)
{
	ectx_error(cx, call, "the result has more than 37 digits");
	return -1;
}

static int f_sum(ARGS)
{
	struct dec *v;
	int miss, k = numbers(cx, call, a, n, &v, &miss);
	if (k < 0)
		return -1;
	struct dec s = dec_from_int(0);
	for (int i = 0; i < k; i++)
		if (dec_add(s, v[i], &s) < 0) {
			free(v);
			return overflow(cx, call);
		}
	free(v);
	*out = value_num(s);
	return 0;
}

static int f_count(ARGS)
{
	int c = 0;
	for (int i = 0; i < n; i++) {
		if (a[i].k == V_LIST) {
			for (int k = 0; k < a[i].list->n; k++)
				c += a[i].list->v[k].k != V_MISSING;
		} else if (a[i].k == V_TABLE) {
			c += a[i].t->nrows;
		} else {
			c += a[i].k != V_MISSING;
		}
	}
	*out = value_num(dec_from_int(c));
	return 0;
}

static int f_avg(ARGS)
{
	struct dec *v;
	int miss, k = numbers(cx, call, a, n, &v, &miss);
	if (k < 0)
		return -1;
	if (k == 0) {
		free(v);
		*out = value_missing("the average of no numbers");
		return 0;
	}
	struct dec s = dec_from_int(0);
	for (int i = 0; i < k; i++)
		if (dec_add(s, v[i], &s) < 0) {
			free(v);
			return overflow(cx, call);
		}
	free(v);
	dec_div(s, dec_from_int(k), &s);
	*out = value_num(s);
	return 0;
}

static int minmax(ARGS, int sign)
{
	struct dec *v;
	int miss, k = numbers(cx, call, a, n, &v, &miss);
	if (k < 0)
		return -1;
	if (k == 0) {
		free(v);
		*out = value_missing("no numbers");
		return 0;
	}
	struct dec m = v[0];
	for (int i = 1; i < k; i++)
		if (dec_cmp(v[i], m) * sign > 0)
			m = v[i];
	free(v);
	*out = value_num(m);
	return 0;
}

static int f_min(ARGS)
{
	return minmax(cx, call, a, n, out, -1);
}

static int f_max(ARGS)
{
	return minmax(cx, call, a, n, out, 1);
}

static bool any_missing(struct value *a, int n, struct value *out)
{
	for (int i = 0; i < n; i++)
		if (a[i].k == V_MISSING) {
			*out = a[i];
			return true;
		}
	return false;
}

static int ratio100(struct ectx *cx, const struct expr *call, struct dec x, struct dec t,
		    struct value *out)
{
	struct dec r;
	int rc = dec_div(x, t, &r);
	if (rc == DEC_DIV_ZERO) {
		*out = value_missing("division by zero");
		return 0;
	}
	if (rc < 0 || dec_mul(r, dec_from_int(100), &r) < 0)
		return overflow(cx, call);
	*out = value_num(r);
	return 0;
}

/* share(x, total or list): x as a percentage of the total. */
static int f_share(ARGS)
{
	if (any_missing(a, 1, out))
		return 0;
	if (want(cx, call, a, 0, V_NUM, "a number") < 0)
		return -1;
	struct value t;
	if (a[1].k == V_LIST) {
		if (f_sum(cx, call, &a[1], 1, &t) < 0)
			return -1;
	} else {
		if (any_missing(&a[1], 1, out))
			return 0;
		if (want(cx, call, a, 1, V_NUM, "a number or a column") < 0)
			return -1;
		t = a[1];
	}
	return ratio100(cx, call, a[0].n, t.n, out);
}

/* rank(x, list): 1 for the largest; "asc" ranks the smallest first. */
static int f_rank(ARGS)
{
	if (any_missing(a, 1, out))
		return 0;
	if (want(cx, call, a, 0, V_NUM, "a number") < 0 || want(cx, call, a, 1, V_LIST, "a column") < 0)
		return -1;
	int dir = -1;
	if (n == 3) {
		if (want(cx, call, a, 2, V_STR, "\"asc\" or \"desc\"") < 0)
			return -1;
		if (a[2].len == 3 && !memcmp(a[2].s, "asc", 3))
			dir = 1;
		else if (!(a[2].len == 4 && !memcmp(a[2].s, "desc", 4))) {
			ectx_error(cx, call->args[2], "rank: the order is \"asc\" or \"desc\"");
			return -1;
		}
	}
	int r = 1;
	for (int i = 0; i < a[1].list->n; i++) {
		struct value *v = &a[1].list->v[i];
		if (v->k == V_NUM && dec_cmp(v->n, a[0].n) * -dir > 0)
			r++;
	}
	*out = value_num(dec_from_int(r));
	return 0;
}

static struct vlist *new_list(struct ectx *cx, int n)
{
	struct vlist *l = arena_alloc(&cx->ds->arena, sizeof(*l));
	l->n = n;
	l->v = arena_array(&cx->ds->arena, (size_t)(n ? n : 1), sizeof(struct value));
	return l;
}

/* lag(list, k): each item k places later; the first k are missing. */
static int f_lag(ARGS)
{
	long long k = 1;
	if (want(cx, call, a, 0, V_LIST, "a column") < 0 ||
	    (n == 2 && want_int(cx, call, a, 1, 0, 10000, &k) < 0))
		return -1;
	struct vlist *l = new_list(cx, a[0].list->n);
	for (int i = 0; i < l->n; i++)
		l->v[i] = i < k ? value_missing("before the first item (lag)") : a[0].list->v[i - k];
	*out = (struct value){ .k = V_LIST, .list = l };
	return 0;
}

/* cum(list): running totals; after a missing item, missing. */
static int f_cum(ARGS)
{
	if (want(cx, call, a, 0, V_LIST, "a column") < 0)
		return -1;
	struct vlist *l = new_list(cx, a[0].list->n);
	struct value run = value_num(dec_from_int(0));
	for (int i = 0; i < l->n; i++) {
		struct value *v = &a[0].list->v[i];
		if (run.k == V_NUM && v->k == V_MISSING)
			run = *v;
		else if (run.k == V_NUM) {
			if (v->k != V_NUM) {
				ectx_error(cx, call->args[0], "cum needs numbers; an item is %s", value_kind_name(v));
				return -1;
			}
			if (dec_add(run.n, v->n, &run.n) < 0)
				return overflow(cx, call);
		}
		l->v[i] = run;
	}
	*out = (struct value){ .k = V_LIST, .list = l };
	return 0;
}

/* yoy(current, earlier) and mom: the growth in percent. */
static int f_growth(ARGS)
{
	if (any_missing(a, 2, out))
		return 0;
	if (want(cx, call, a, 0, V_NUM, "a number") < 0 || want(cx, call, a, 1, V_NUM, "a number") < 0)
		return -1;
	struct dec d;
	if (dec_sub(a[0].n, a[1].n, &d) < 0)
		return overflow(cx, call);
	return ratio100(cx, call, d, a[1].n, out);
}

/* pp(a, b): the difference of two percentages, in 百分点. */
static int f_pp(ARGS)
{
	if (any_missing(a, 2, out))
		return 0;
	if (want(cx, call, a, 0, V_NUM, "a number") < 0 || want(cx, call, a, 1, V_NUM, "a number") < 0)
		return -1;
	struct dec d;
	if (dec_sub(a[0].n, a[1].n, &d) < 0)
		return overflow(cx, call);
	*out = value_num(d);
	return 0;
}

static int f_abs(ARGS)
{
	if (any_missing(a, 1, out))
		return 0;
	if (want(cx, call, a, 0, V_NUM, "a number") < 0)
		return -1;
	*out = value_num(dec_abs(a[0].n));
	return 0;
}

static const struct {
	const char *name;
	enum dec_round mode;
} round_modes[] = { { "half-up", DEC_HALF_UP }, { "half-even", DEC_HALF_EVEN },
		    { "down", DEC_DOWN }, { "up", DEC_UP }, { "floor", DEC_FLOOR },
		    { "ceiling", DEC_CEILING } };

static int f_round(ARGS)
{
	long long d = 0;
	if (any_missing(a, 1, out))
		return 0;
	if (want(cx, call, a, 0, V_NUM, "a number") < 0 ||
	    (n >= 2 && want_int(cx, call, a, 1, 0, DEC_MAX_SCALE, &d) < 0))
		return -1;
	enum dec_round mode = DEC_HALF_UP;
	if (n == 3) {
		if (want(cx, call, a, 2, V_STR, "a rounding mode") < 0)
			return -1;
		size_t k;
		for (k = 0; k < ARRAY_LEN(round_modes); k++)
			if (strlen(round_modes[k].name) == a[2].len &&
			    !memcmp(round_modes[k].name, a[2].s, a[2].len))
				break;
		if (k == ARRAY_LEN(round_modes)) {
			ectx_error(cx, call->args[2],
				   "round: the mode is \"half-up\", \"half-even\", \"down\", \"up\", \"floor\" or \"ceiling\"");
			return -1;
		}
		mode = round_modes[k].mode;
	}
	*out = value_num(dec_round(a[0].n, (int)d, mode));
	return 0;
}

/* near(a, b, tolerance): |a − b| ≤ tolerance. */
static int f_near(ARGS)
{
	if (any_missing(a, 3, out))
		return 0;
	for (int i = 0; i < 3; i++)
		if (want(cx, call, a, i, V_NUM, "a number") < 0)
			return -1;
	struct dec d;
	if (dec_sub(a[0].n, a[1].n, &d) < 0)
		return overflow(cx, call);
	*out = value_bool(dec_cmp(dec_abs(d), a[2].n) <= 0);
	return 0;
}

static int month_arg(struct ectx *cx, const struct expr *call, struct value *a, int i, int *y, int *m)
{
	if (a[i].k == V_MONTH) {
		*y = a[i].y, *m = a[i].m;
		return 0;
	}
	if (a[i].k == V_STR && parse_month(a[i].s, a[i].len, y, m))
		return 0;
	ectx_error(cx, arg_at(call, i), "%.*s: argument %d must be a month (YYYY-MM), found %s",
		   (int)call->nlen, call->name, i + 1, value_kind_name(&a[i]));
	return -1;
}

/* issue(period, first[, number of the first]): the issue number counted
 * in months from the first issue — the same every time a month is rerun. */
static int f_issue(ARGS)
{
	int y, m, fy, fm;
	long long start = 1;
	if (month_arg(cx, call, a, 0, &y, &m) < 0 || month_arg(cx, call, a, 1, &fy, &fm) < 0 ||
	    (n == 3 && want_int(cx, call, a, 2, 0, 1000000, &start) < 0))
		return -1;
	long months = (y - fy) * 12L + (m - fm);
	if (months < 0) {
		ectx_error(cx, call, "issue: %04d-%02d is before the first issue %04d-%02d", y, m, fy, fm);
		return -1;
	}
	*out = value_num(dec_from_int(start + months));
	return 0;
}

static int f_month(ARGS)
{
	int y, m;
	if (month_arg(cx, call, a, 0, &y, &m) < 0)
		return -1;
	*out = value_month(y, m);
	return 0;
}

static int f_date(ARGS)
{
	int y, m, d;
	if (a[0].k == V_DATE) {
		*out = a[0];
		return 0;
	}
	if (want(cx, call, a, 0, V_STR, "a date written YYYY-MM-DD") < 0)
		return -1;
	if (!parse_date(a[0].s, a[0].len, &y, &m, &d)) {
		ectx_error(cx, call->args[0], "date: '%.*s' is not a date written YYYY-MM-DD",
			   (int)a[0].len, a[0].s);
		return -1;
	}
	*out = value_date(y, m, d);
	return 0;
}

/* number(text): a number as a table would give it, or missing. */
static int f_number(ARGS)
{
	if (a[0].k == V_NUM || a[0].k == V_MISSING) {
		*out = a[0];
		return 0;
	}
	if (want(cx, call, a, 0, V_STR, "text") < 0)
		return -1;
	size_t mo, ml;
	struct dec v;
	switch (number_read_cell(a[0].s, a[0].len, &v, &mo, &ml)) {
	case CELL_NUMBER:
		*out = value_num(v);
		return 0;
	case CELL_MISSING:
		*out = value_missing("a dash");
		return 0;
	default:
		ectx_error(cx, call->args[0], "number: '%.*s' is not a number", (int)a[0].len, a[0].s);
		return -1;
	}
}

static int f_column(ARGS)
{
	if (want(cx, call, a, 0, V_TABLE, "a table") < 0 || want(cx, call, a, 1, V_STR, "a column name") < 0)
		return -1;
	struct dtable *t = a[0].t;
	int c = table_find_col(t, a[1].s, a[1].len);
	if (c < 0) {
		const char **names = xreallocarray(NULL, (size_t)t->ncols + 1, sizeof(*names));
		size_t *lens = xreallocarray(NULL, (size_t)t->ncols + 1, sizeof(*lens));
		for (int i = 0; i < t->ncols; i++)
			names[i] = t->cols[i].name, lens[i] = t->cols[i].len;
		const char *s = suggest(a[1].s, a[1].len, names, lens, t->ncols);
		ectx_error(cx, call->args[1], "'%s' has no column '%.*s'%s%s%s", t->name, (int)a[1].len,
			   a[1].s, s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
		free(names);
		free(lens);
		return -1;
	}
	struct vlist *l = new_list(cx, t->nrows);
	for (int i = 0; i < t->nrows; i++)
		if (table_cell(cx->ds, t, i, c, &l->v[i]) < 0)
			return -1;
	*out = (struct value){ .k = V_LIST, .list = l };
	return 0;
}

static int f_join(ARGS)
{
	if (want(cx, call, a, 0, V_LIST, "a list") < 0 || (n == 2 && want(cx, call, a, 1, V_STR, "text") < 0))
		return -1;
	struct buf b;
	buf_init(&b);
	for (int i = 0; i < a[0].list->n; i++) {
		char *t = value_to_text(&a[0].list->v[i]);
		if (!t) {
			ectx_error(cx, call->args[0], "join: an item is %s", value_kind_name(&a[0].list->v[i]));
			buf_release(&b);
			return -1;
		}
		if (i)
			buf_addstr(&b, n == 2 ? arena_strndup(&cx->ds->arena, a[1].s, a[1].len) : "\xE3\x80\x81");
		buf_addstr(&b, t);
		free(t);
	}
	*out = str_of(cx, b.data);
	buf_release(&b);
	return 0;
}

/* ---- formatters ---- */

/* A formatter's value when it is missing: — (and the warning). */
static int missing_text(struct ectx *cx, const struct expr *call, struct value *a, struct value *out)
{
	if (eval_missing_used(cx, arg_at(call, 0), &a[0]) < 0)
		return -1;
	*out = str_of(cx, "\xE2\x80\x94");
	return 0;
}

/* fixed/num/cn/wan/yi/pct: (x[, decimals][, "+"]). */
static int format_number(ARGS, int decimals, bool group, int unit, bool percent, const char *suffix)
{
	if (a[0].k == V_MISSING)
		return missing_text(cx, call, a, out);
	if (want(cx, call, a, 0, V_NUM, "a number") < 0)
		return -1;
	struct numopt o = { .decimals = decimals, .group = group, .unit = unit, .percent = percent,
			    .minus = true };
	int i = 1;
	long long d;
	if (i < n && a[i].k == V_NUM) {
		if (want_int(cx, call, a, i, 0, 10, &d) < 0)
			return -1;
		o.decimals = (int)d;
		o.trim = false;
		i++;
	} else if (decimals < 0 && unit == 0) {
		o.decimals = a[0].n.scale; /* as written: 5.10 stays 5.10 */
	} else if (decimals < 0) {
		o.decimals = 2; /* 万/亿: at most two places, no trailing zeros */
		o.trim = true;
	}
	if (i < n) {
		if (a[i].k != V_STR || a[i].len != 1 || a[i].s[0] != '+') {
			ectx_error(cx, arg_at(call, i), "%.*s: the last argument may be \"+\" (always show the sign)",
				   (int)call->nlen, call->name);
			return -1;
		}
		o.sign = true;
		i++;
	}
	if (i < n) {
		ectx_error(cx, arg_at(call, i), "%.*s takes (value, decimals, \"+\")", (int)call->nlen, call->name);
		return -1;
	}
	char buf[DEC_STR_MAX + 48];
	numfmt_dec(a[0].n, &o, buf, sizeof(buf));
	if (suffix)
		strncat(buf, suffix, sizeof(buf) - strlen(buf) - 1);
	*out = str_of(cx, buf);
	return 0;
}

static int f_fixed(ARGS)
{
	return format_number(cx, call, a, n, out, 0, false, 0, false, NULL);
}

static int f_num(ARGS)
{
	return format_number(cx, call, a, n, out, -1, true, 0, false, NULL);
}

static int f_cn(ARGS)
{
	return format_number(cx, call, a, n, out, -1, true, -1, false, NULL);
}

static int f_wan(ARGS)
{
	return format_number(cx, call, a, n, out, -1, true, 4, false, NULL);
}

static int f_yi(ARGS)
{
	return format_number(cx, call, a, n, out, -1, true, 8, false, NULL);
}

static int f_pct(ARGS)
{
	if (n == 1) {
		struct value b[2] = { a[0], value_num(dec_from_int(1)) };
		return format_number(cx, call, b, 2, out, 1, true, 0, true, NULL);
	}
	return format_number(cx, call, a, n, out, 1, true, 0, true, NULL);
}

static int f_points(ARGS)
{
	if (n == 1) {
		struct value b[2] = { a[0], value_num(dec_from_int(1)) };
		return format_number(cx, call, b, 2, out, 1, true, 0, false, "个百分点");
	}
	return format_number(cx, call, a, n, out, 1, true, 0, false, "个百分点");
}

/* growth(x[, decimals][, "百分点"]): 增长8.4% / 下降3.2% / 持平; with
 * 百分点: 提高0.3个百分点 / 下降0.3个百分点. */
static int f_growth_text(ARGS)
{
	if (a[0].k == V_MISSING)
		return missing_text(cx, call, a, out);
	if (want(cx, call, a, 0, V_NUM, "a number") < 0)
		return -1;
	long long d = 1;
	int i = 1;
	if (i < n && a[i].k == V_NUM) {
		if (want_int(cx, call, a, i, 0, 10, &d) < 0)
			return -1;
		i++;
	}
	bool points = false;
	if (i < n) {
		if (a[i].k != V_STR || strlen("百分点") != a[i].len || memcmp(a[i].s, "百分点", a[i].len)) {
			ectx_error(cx, arg_at(call, i), "growth: the last argument may be \"百分点\"");
			return -1;
		}
		points = true;
	}
	struct numopt o = { .decimals = (int)d, .group = true, .percent = !points };
	struct dec r = dec_round(a[0].n, (int)d, DEC_HALF_UP);
	char num[DEC_STR_MAX + 32], buf[DEC_STR_MAX + 64];
	numfmt_dec(dec_abs(a[0].n), &o, num, sizeof(num));
	int sg = dec_sign(r);
	if (sg == 0)
		snprintf(buf, sizeof(buf), "持平");
	else
		snprintf(buf, sizeof(buf), "%s%s%s", sg > 0 ? (points ? "提高" : "增长") : "下降", num,
			 points ? "个百分点" : "");
	*out = str_of(cx, buf);
	return 0;
}

static int date_arg(struct ectx *cx, const struct expr *call, struct value *a, int *y, int *m, int *d)
{
	*d = 0;
	if (a[0].k == V_MONTH || a[0].k == V_DATE) {
		*y = a[0].y, *m = a[0].m, *d = a[0].d;
		return 0;
	}
	if (a[0].k == V_STR && (parse_date(a[0].s, a[0].len, y, m, d) || parse_month(a[0].s, a[0].len, y, m)))
		return 0;
	ectx_error(cx, arg_at(call, 0), "%.*s needs a date or a month, found %s", (int)call->nlen,
		   call->name, value_kind_name(&a[0]));
	return -1;
}

/* cndate: 2025年3月5日, or 2025年3月 for a month. */
static int f_cndate(ARGS)
{
	int y, m, d;
	if (a[0].k == V_MISSING)
		return missing_text(cx, call, a, out);
	if (date_arg(cx, call, a, &y, &m, &d) < 0)
		return -1;
	char buf[64];
	if (d)
		snprintf(buf, sizeof(buf), "%d年%d月%d日", y, m, d);
	else
		snprintf(buf, sizeof(buf), "%d年%d月", y, m);
	*out = str_of(cx, buf);
	return 0;
}

/* md: 3月5日, or 3月. */
static int f_md(ARGS)
{
	int y, m, d;
	if (a[0].k == V_MISSING)
		return missing_text(cx, call, a, out);
	if (date_arg(cx, call, a, &y, &m, &d) < 0)
		return -1;
	char buf[32];
	if (d)
		snprintf(buf, sizeof(buf), "%d月%d日", m, d);
	else
		snprintf(buf, sizeof(buf), "%d月", m);
	*out = str_of(cx, buf);
	return 0;
}

/* ytd: the months of the year so far, 1—4月 (1月 in January). */
static int f_ytd(ARGS)
{
	int y, m, d;
	if (a[0].k == V_MISSING)
		return missing_text(cx, call, a, out);
	if (date_arg(cx, call, a, &y, &m, &d) < 0)
		return -1;
	char buf[32];
	if (m == 1)
		snprintf(buf, sizeof(buf), "1月");
	else if (m == 2)
		snprintf(buf, sizeof(buf), "1—2月");
	else
		snprintf(buf, sizeof(buf), "1—%d月", m);
	*out = str_of(cx, buf);
	return 0;
}

static int f_quarter(ARGS)
{
	int y, m, d;
	static const char *const q[] = { "一季度", "二季度", "三季度", "四季度" };
	if (a[0].k == V_MISSING)
		return missing_text(cx, call, a, out);
	if (date_arg(cx, call, a, &y, &m, &d) < 0)
		return -1;
	*out = str_of(cx, q[(m - 1) / 3]);
	return 0;
}

static int cn_common(ARGS, int how)
{
	if (a[0].k == V_MISSING)
		return missing_text(cx, call, a, out);
	if (want(cx, call, a, 0, V_NUM, "a number") < 0)
		return -1;
	struct buf b;
	buf_init(&b);
	long long v;
	if (how == 3) {
		if (cnnum_rmb(a[0].n, &b) < 0) {
			ectx_error(cx, arg_at(call, 0), "rmb: the amount is too large");
			buf_release(&b);
			return -1;
		}
	} else if (!dec_to_ll(a[0].n, &v) || v >= 10000000000000000LL || v <= -10000000000000000LL ||
		   (how == 0 && v < 0)) {
		ectx_error(cx, arg_at(call, 0), "%.*s needs a whole number%s below 10^16",
			   (int)call->nlen, call->name, how == 0 ? ", not negative," : "");
		buf_release(&b);
		return -1;
	} else if (how == 0) {
		cnnum_digits(v, &b);
	} else {
		cnnum_words(v, how == 2, &b);
	}
	*out = str_of(cx, b.data);
	buf_release(&b);
	return 0;
}

static int f_cndigits(ARGS)
{
	return cn_common(cx, call, a, n, out, 0);
}

static int f_cnwords(ARGS)
{
	return cn_common(cx, call, a, n, out, 1);
}

static int f_cnupper(ARGS)
{
	return cn_common(cx, call, a, n, out, 2);
}

static int f_rmb(ARGS)
{
	return cn_common(cx, call, a, n, out, 3);
}

static const struct builtin builtins[] = {
	{ "abs", 1, 1, f_abs, "abs(x)" },
	{ "avg", 1, EXPR_MAX_ARGS, f_avg, "avg(column) or avg(a, b, …): missing values are left out" },
	{ "cn", 1, 3, f_cn, "x | cn(decimals, \"+\"): 1.2万, 3.4亿 (the unit by magnitude)" },
	{ "cndate", 1, 1, f_cndate, "d | cndate: 2025年3月5日, 2025年3月" },
	{ "cndigits", 1, 1, f_cndigits, "x | cndigits: 二〇二五" },
	{ "cnupper", 1, 1, f_cnupper, "x | cnupper: 壹仟贰佰叁拾肆" },
	{ "cnwords", 1, 1, f_cnwords, "x | cnwords: 一千二百三十四" },
	{ "column", 2, 2, f_column, "column(table, \"name\")" },
	{ "count", 1, EXPR_MAX_ARGS, f_count, "count(column): the values that are not missing" },
	{ "cum", 1, 1, f_cum, "cum(column): running totals" },
	{ "date", 1, 1, f_date, "date(\"2025-03-05\")" },
	{ "fixed", 1, 3, f_fixed, "x | fixed(decimals, \"+\"): 1234.5" },
	{ "growth", 1, 3, f_growth_text, "x | growth(decimals): 增长8.4%, 下降3.2%, 持平" },
	{ "issue", 2, 3, f_issue, "issue(period, \"2025-01\"[, first number]): the issue number" },
	{ "join", 1, 2, f_join, "join(list, \"、\")" },
	{ "lag", 1, 2, f_lag, "lag(column, k): each value k places later" },
	{ "max", 1, EXPR_MAX_ARGS, f_max, "max(column) or max(a, b, …)" },
	{ "md", 1, 1, f_md, "d | md: 3月5日" },
	{ "min", 1, EXPR_MAX_ARGS, f_min, "min(column) or min(a, b, …)" },
	{ "mom", 2, 2, f_growth, "mom(this month, last month): 环比 growth in percent" },
	{ "month", 1, 1, f_month, "month(\"2025-03\")" },
	{ "near", 3, 3, f_near, "near(a, b, tolerance): |a - b| <= tolerance" },
	{ "num", 1, 3, f_num, "x | num(decimals, \"+\"): 12,345.6" },
	{ "number", 1, 1, f_number, "number(text): a number as a table writes it" },
	{ "pct", 1, 3, f_pct, "x | pct(decimals, \"+\"): 8.4%" },
	{ "points", 1, 3, f_points, "x | points(decimals, \"+\"): 0.3个百分点" },
	{ "pp", 2, 2, f_pp, "pp(rate, earlier rate): the change in 百分点" },
	{ "quarter", 1, 1, f_quarter, "m | quarter: 一季度" },
	{ "rank", 2, 3, f_rank, "rank(x, column[, \"asc\"]): 1 for the largest" },
	{ "rmb", 1, 1, f_rmb, "x | rmb: 壹仟贰佰叁拾肆元伍角陆分" },
	{ "round", 1, 3, f_round, "round(x, decimals, \"half-up\")" },
	{ "share", 2, 2, f_share, "share(x, total or column): x in percent of the total" },
	{ "sum", 1, EXPR_MAX_ARGS, f_sum, "sum(column) or sum(a, b, …): missing values are left out" },
	{ "wan", 1, 3, f_wan, "x | wan(decimals): 12.3万" },
	{ "yi", 1, 3, f_yi, "x | yi(decimals): 4.32亿" },
	{ "yoy", 2, 2, f_growth, "yoy(this year, last year): 同比 growth in percent" },
	{ "ytd", 1, 1, f_ytd, "m | ytd: 1—4月" },
};

const struct builtin *builtin_find(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_LEN(builtins); i++)
		if (strlen(builtins[i].name) == len && !memcmp(builtins[i].name, name, len))
			return &builtins[i];
	return NULL;
}

const struct builtin *builtin_all(int *n)
{
	*n = (int)ARRAY_LEN(builtins);
	return builtins;
}
