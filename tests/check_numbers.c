/* check_numbers.c — numbers as a chart and a key figure write them: one
 * format per chart over every chart type with mixed magnitudes (one 万/亿
 * scale for ticks and values, the same decimals on every value, the unit
 * once), values on every bar of a one-series chart or on none, a combo's
 * zero lines on one gridline, thousands separators in key figures. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/numfmt.h"
#include "base/util.h"
#include "testutil.h"

/* A glyph run that is a number as a chart writes it: digits, separators,
 * a point, a sign, then an optional 万/亿/万亿 and %. */
struct num {
	double v;       /* as written, before the suffix */
	int decimals;
	char suffix[16];
	double x, y;
};

static bool parse_num(const char *s, int len, struct num *n)
{
	char buf[64];
	if (len <= 0 || len >= (int)sizeof(buf))
		return false;
	memcpy(buf, s, (size_t)len);
	buf[len] = '\0';
	int i = 0, digits = 0;
	if (buf[i] == '-')
		i++;
	int start = i;
	n->decimals = -1;
	for (; buf[i]; i++) {
		if (buf[i] >= '0' && buf[i] <= '9') {
			digits++;
			if (n->decimals >= 0)
				n->decimals++;
		} else if (buf[i] == '.' && n->decimals < 0)
			n->decimals = 0;
		else if (buf[i] != ',')
			break;
	}
	if (!digits || i == start)
		return false;
	if (n->decimals < 0)
		n->decimals = 0;
	const char *rest = buf + i;
	if (*rest && strcmp(rest, "万") && strcmp(rest, "亿") && strcmp(rest, "万亿") && strcmp(rest, "%") &&
	    strcmp(rest, "万%"))
		return false;
	snprintf(n->suffix, sizeof(n->suffix), "%s", rest);
	char bare[64];
	int o = 0;
	for (int k = 0; k < i; k++)
		if (buf[k] != ',')
			bare[o++] = buf[k];
	bare[o] = '\0';
	n->v = atof(bare);
	return true;
}

/* Every number run on page 0. */
static int numbers(const struct render *r, struct num *out, int max)
{
	const struct group *g = t_flat(&r->frames.pages[0]);
	int n = 0;
	for (int i = 0; i < g->nitems && n < max; i++) {
		const struct frame_item *it = &g->items[i];
		if (it->kind != ITEM_GLYPHS)
			continue;
		if (parse_num(it->u.run->text, it->u.run->text_len, &out[n])) {
			out[n].x = it->x;
			out[n].y = it->y;
			n++;
		}
	}
	return n;
}

static bool page_has(const struct render *r, const char *s)
{
	const struct group *g = t_flat(&r->frames.pages[0]);
	for (int i = 0; i < g->nitems; i++)
		if (g->items[i].kind == ITEM_GLYPHS && g->items[i].u.run->text_len >= (int)strlen(s) &&
		    strstr(g->items[i].u.run->text, s) && !strncmp(g->items[i].u.run->text, s, strlen(s)))
			return true;
	return false;
}

static const char *const types[] = { "column", "bar", "line", "area", "pie", "donut", "stacked", "combo" };
static const double values[] = { 8400, 12600, 177700, 171000 };

/* Every chart type, values from 8,400 to 177,700 (万元): the numbers come
 * out in one scale (no "8,400" next to "1.26万"), every value label with
 * the same decimals, and the 万 once — in "单位：亿元", not on the labels. */
START_TEST(test_one_format_per_chart)
{
	const char *type = types[_i];
	bool stacked = !strcmp(type, "stacked"), combo = !strcmp(type, "combo");
	struct buf b;
	buf_init(&b);
	buf_addf(&b, "body:\n  - chart:\n      type: %s\n      title: 各园区税收\n      unit: 万元\n"
		     "      labels: true\n      categories: [甲园区, 乙园区, 丙园区, 丁园区]\n",
		 stacked ? "column" : type);
	if (stacked)
		buf_addstr(&b, "      stacked: true\n");
	if (combo)
		buf_addstr(&b, "      unit-right: \"%\"\n");
	buf_addf(&b, "      series:\n        - {name: 税收, values: [%g, %g, %g, %g]}\n", values[0], values[1],
		 values[2], values[3]);
	if (stacked)
		buf_addstr(&b, "        - {name: 基金, values: [1200, 3400, 5600, 7800]}\n");
	if (combo)
		buf_addstr(&b, "        - {name: 增速, type: line, values: [5.5, 12, 8.25, 3]}\n");
	struct render r;
	struct diag d;
	t_render(&r, &d, t_write("fmt.yaml", b.data),
		 t_write("fmt-layout.yaml", "page: {size: [900px, 900px], margins: [24px, 24px, 24px, 24px]}\n"));
	buf_release(&b);
	bool round = !strcmp(type, "pie") || !strcmp(type, "donut");
	/* A pie has no unit line: its legend writes the unit after each value. */
	ck_assert_msg(round ? page_has(&r, "单位") == false : page_has(&r, "单位：亿元"), "%s: no 单位：亿元", type);
	static struct num ns[256];
	int n = numbers(&r, ns, 256);
	int value_decimals = -1, nvalues = 0;
	if (round) {
		/* The legend: "17.77 亿元  37.9%" — one decimals count for all. */
		const struct group *g = t_flat(&r.frames.pages[0]);
		for (int i = 0; i < g->nitems; i++) {
			const struct frame_item *it = &g->items[i];
			if (it->kind != ITEM_GLYPHS || !memmem(it->u.run->text, (size_t)it->u.run->text_len, "亿元", 6))
				continue;
			struct num x;
			int len = 0;
			while (len < it->u.run->text_len && strchr("0123456789.,", it->u.run->text[len]))
				len++;
			if (!parse_num(it->u.run->text, len, &x))
				continue;
			ck_assert(!memmem(it->u.run->text, (size_t)it->u.run->text_len, "万", 3));
			if (value_decimals < 0)
				value_decimals = x.decimals;
			ck_assert_int_eq(x.decimals, value_decimals);
			nvalues++;
		}
		ck_assert_msg(nvalues >= 4, "%s: %d values in the legend", type, nvalues);
		render_release(&r);
		diag_release(&d);
		return;
	}
	ck_assert_int_ge(n, 4);
	static const double fund[] = { 1200, 3400, 5600, 7800 };
	for (int i = 0; i < n; i++) {
		/* No 万 on any number: the unit line has it. */
		ck_assert_msg(!strstr(ns[i].suffix, "万") && !strstr(ns[i].suffix, "亿"), "%s: a number with %s",
			      type, ns[i].suffix);
		if (!strcmp(ns[i].suffix, "%"))
			continue;
		/* A value label: one of the values in 亿元. */
		for (size_t k = 0; k < ARRAY_LEN(values); k++)
			if (fabs(ns[i].v - (values[k] + (stacked ? fund[k] : 0)) / 1e4) < 0.006 && ns[i].decimals > 0) {
				if (value_decimals < 0)
					value_decimals = ns[i].decimals;
				ck_assert_msg(ns[i].decimals == value_decimals, "%s: %g written with %d decimals, another with %d",
					      type, ns[i].v, ns[i].decimals, value_decimals);
				nvalues++;
			}
	}
	if (strcmp(type, "area"))
		ck_assert_msg(nvalues >= 2, "%s: %d value labels", type, nvalues);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* A one-series column chart: a value on every bar when they fit, on none
 * when some would not (narrow slots where short numbers fit and long ones
 * do not). */
START_TEST(test_labels_all_or_none)
{
	bool narrow = _i == 1;
	struct buf b;
	buf_init(&b);
	buf_addstr(&b, "body:\n  - chart:\n      type: column\n      title: 投资\n      categories: [");
	/* Narrow: eight slots of about 29 pt, where "9.50" fits and "1,937.14"
	 * does not. */
	int nc = narrow ? 8 : 5;
	for (int i = 0; i < nc; i++)
		buf_addf(&b, "%s%d月", i ? ", " : "", i % 12 + 1);
	buf_addstr(&b, "]\n      series:\n        - {name: 投资, values: [");
	for (int i = 0; i < nc; i++)
		buf_addf(&b, "%s%d.%02d", i ? ", " : "", narrow && i % 2 ? 9 : 1000 + i * 937 % 9000, 13 + i);
	buf_addstr(&b, "]}\n");
	struct render r;
	struct diag d;
	t_render(&r, &d, t_write("allnone.yaml", b.data), "briefing");
	buf_release(&b);
	static struct num ns[256];
	int n = numbers(&r, ns, 256), labels = 0;
	for (int i = 0; i < n; i++)
		labels += ns[i].decimals == 2;
	if (narrow)
		ck_assert_int_eq(labels, 0);
	else
		ck_assert_int_eq(labels, nc);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* A combo whose columns are all positive and whose line dips below zero:
 * the left axis's 0 and the right axis's 0% are on one gridline. */
START_TEST(test_combo_zero_lines)
{
	t_write("combo0.yaml", "body:\n  - chart:\n      type: combo\n      title: 投资及增速\n      unit: 亿元\n"
			       "      unit-right: \"%\"\n      categories: [2021年, 2022年, 2023年, 2024年]\n      series:\n"
			       "        - {name: 投资, values: [86.5, 102.3, 118.7, 131.2]}\n"
			       "        - {name: 增速, type: line, values: [-25, 18.3, 16, 10.5]}\n");
	struct render r;
	struct diag d;
	t_render(&r, &d, t_tmp("combo0.yaml"), "briefing");
	static struct num ns[256];
	int n = numbers(&r, ns, 256);
	double zl = NAN, zr = NAN;
	for (int i = 0; i < n; i++)
		if (ns[i].v == 0 && !strcmp(ns[i].suffix, ""))
			zl = ns[i].y;
		else if (ns[i].v == 0 && !strcmp(ns[i].suffix, "%"))
			zr = ns[i].y;
	ck_assert(!isnan(zl) && !isnan(zr));
	ck_assert_double_eq_tol(zl, zr, 0.01);
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* Key figures: 171039 → 171,039 and 6400 → 6,400; a year, a change and a
 * value already grouped stay as written. */
START_TEST(test_kpi_thousands)
{
	t_write("kpi-k.yaml", "body:\n  - kpis:\n      - {value: \"171039\", unit: 人, label: 常住人口}\n"
			      "      - {value: \"6400\", unit: 亩, label: 新增用地}\n      - {value: \"2025\", label: 年度}\n"
			      "      - {value: \"1,234\", unit: 个, label: 项目}\n      - {value: \"131.2\", unit: 亿元, label: 投资}\n");
	struct render r;
	struct diag d;
	t_render(&r, &d, t_tmp("kpi-k.yaml"), "briefing");
	ck_assert(page_has(&r, "171,039"));
	ck_assert(page_has(&r, "6,400"));
	ck_assert(page_has(&r, "2025"));
	ck_assert(page_has(&r, "1,234"));
	ck_assert(page_has(&r, "131.2"));
	ck_assert(!page_has(&r, "171039"));
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* A key figure's unit sits ¼ em after the number when it is a word (亿元,
 * 个), but % ‰ ℃ belong to the number and follow it with no space
 * (GB/T 15835: 25%). */
static const struct frame_item *exact_run(const struct render *r, const char *s)
{
	const struct group *g = t_flat(&r->frames.pages[0]);
	for (int i = 0; i < g->nitems; i++)
		if (g->items[i].kind == ITEM_GLYPHS && g->items[i].u.run->text_len == (int)strlen(s) &&
		    !strncmp(g->items[i].u.run->text, s, strlen(s)))
			return &g->items[i];
	return NULL;
}

START_TEST(test_kpi_unit_space)
{
	t_write("kpi-u.yaml", "body:\n  - kpis:\n      - {value: \"76\", unit: \"%\", label: 占比}\n"
			      "      - {value: \"131.2\", unit: 亿元, label: 投资}\n      - {value: \"18\", unit: ℃, label: 气温}\n");
	struct render r;
	struct diag d;
	t_render(&r, &d, t_tmp("kpi-u.yaml"), "briefing");
	static const struct {
		const char *value, *unit;
		double space_em;
	} cases[] = { { "76", "%", 0 }, { "131.2", "亿元", 0.25 }, { "18", "℃", 0 } };
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const struct frame_item *v = exact_run(&r, cases[i].value), *u = exact_run(&r, cases[i].unit);
		ck_assert_ptr_nonnull(v);
		ck_assert_ptr_nonnull(u);
		double end = v->x + v->u.run->glyphs[0].x + v->u.run->width;
		double gap = u->x + u->u.run->glyphs[0].x - end;
		ck_assert_msg(fabs(gap - cases[i].space_em * u->u.run->size) < 0.01, "%s%s: %.2f pt between them",
			      cases[i].value, cases[i].unit, gap);
	}
	render_release(&r);
	diag_release(&d);
}
END_TEST

/* numfmt_for_values and numfmt_scaled_unit on their own. */
START_TEST(test_numfmt_values)
{
	char a[64], b2[64], u[64];
	struct numfmt f = numfmt_for_values((double[]){ 8400, 12600 }, 2, false);
	ck_assert_str_eq(numfmt_format(&f, 8400, a, sizeof(a)), "0.84万");
	ck_assert_str_eq(numfmt_format(&f, 12600, b2, sizeof(b2)), "1.26万");
	f = numfmt_for_values((double[]){ 177700, 171000 }, 2, false);
	ck_assert_str_eq(numfmt_format(&f, 171000, a, sizeof(a)), "17.10万");
	f = numfmt_for_values((double[]){ 31, 14, 42 }, 3, false);
	ck_assert_str_eq(numfmt_format(&f, 42, a, sizeof(a)), "42");
	f = numfmt_for_values((double[]){ 52300, 8400 }, 2, false);
	ck_assert_str_eq(numfmt_scaled_unit(&f, "万元", u, sizeof(u)), "亿元");
	ck_assert_str_eq(numfmt_scaled_unit(&f, "元", u, sizeof(u)), "万元");
	ck_assert_str_eq(numfmt_scaled_unit(&f, "个", u, sizeof(u)), "万个");
	f = numfmt_for_values((double[]){ 3e8 }, 1, false);
	ck_assert_str_eq(numfmt_scaled_unit(&f, "元", u, sizeof(u)), "亿元");
	ck_assert_str_eq(numfmt_scaled_unit(&f, "万元", u, sizeof(u)), "万亿元");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("numbers");
	TCase *tc = tcase_create("charts");
	tcase_add_loop_test(tc, test_one_format_per_chart, 0, (int)ARRAY_LEN(types));
	tcase_add_loop_test(tc, test_labels_all_or_none, 0, 2);
	tcase_add_test(tc, test_combo_zero_lines);
	tcase_add_test(tc, test_numfmt_values);
	suite_add_tcase(s, tc);
	tc = tcase_create("kpis");
	tcase_add_test(tc, test_kpi_thousands);
	tcase_add_test(tc, test_kpi_unit_space);
	suite_add_tcase(s, tc);
	return t_run_suite(s) ? 1 : 0;
}
