/* check_data.c — data-driven reports (docs/data.md): exact decimals and
 * rounding, every formatter with its edge cases, the expression language
 * and its messages (positions, carets, "did you mean"), typed variables
 * and their command-line errors, CSV/JSON/YAML data and columns by header,
 * the messy-data rule, loops and conditions making blocks of each kind,
 * checks, standard input, `paiban inspect --json` against a golden, the
 * sample's three months, and a changed cell changing only what depends on
 * it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/decimal.h"
#include "base/input.h"
#include "base/numfmt.h"
#include "model/chart.h"
#include "model/document.h"
#include "model/table.h"
#include "parse/data.h"
#include "parse/report.h"
#include "testutil.h"

/* Evaluate expr in a report written to a temp file; returns its text
 * (caller frees) or NULL after an error. The diag is left for the caller
 * to look at (and release). */
static char *ev_opts(const char *report, const char *expr, const struct data_opts *o,
		     struct diag *d)
{
	const char *path = t_write("ev.yaml", report);
	struct input in;
	struct dataset ds;
	diag_init(d);
	char *t = NULL;
	if (input_load(&in, d, path, NULL) == 0 && dataset_open(&ds, in.root, path, o, NULL, d) == 0) {
		struct value v;
		if (dataset_eval_text(&ds, "<expr>", expr, &v) == 0)
			t = value_to_text(&v);
		dataset_release(&ds);
	} else if (in.root) {
		dataset_release(&ds);
	}
	input_release(&in);
	return t;
}

static char *ev(const char *report, const char *expr, struct diag *d)
{
	return ev_opts(report, expr, NULL, d);
}

/* The first error's message and position as "line:col: message". */
static char *first_error(const struct diag *d)
{
	for (int i = 0; i < d->n; i++)
		if (d->entries[i].sev == SEV_ERROR) {
			if (!d->entries[i].span.src)
				return xstrdup(d->entries[i].msg);
			int line, col;
			span_line_col(&d->entries[i].span, &line, &col);
			return xasprintf("%d:%d: %s", line, col, d->entries[i].msg);
		}
	return xstrdup("(no error)");
}

static const char *empty_report = "body: []\n";

struct case_ {
	const char *expr, *want;
};

static void run_cases(const struct case_ *c, size_t n, const char *report)
{
	for (size_t i = 0; i < n; i++) {
		struct diag d;
		char *t = ev(report, c[i].expr, &d);
		if (!t) {
			char *e = first_error(&d);
			ck_abort_msg("%s: error %s", c[i].expr, e);
		}
		ck_assert_msg(!strcmp(t, c[i].want), "%s gives '%s', expected '%s'", c[i].expr, t, c[i].want);
		free(t);
		diag_release(&d);
	}
}

/* ---- decimals ---- */

START_TEST(test_decimal_arithmetic)
{
	static const struct case_ c[] = {
		{ "0.1 + 0.2", "0.3" },
		{ "0.1 + 0.2 == 0.3", "true" },
		{ "19.99 * 1", "19.99" },
		{ "19.99 * 3", "59.97" },
		{ "1 / 3", "0.3333333333333333333333333333" },
		{ "1 / 3 | fixed(2)", "0.33" },
		{ "2 / 3 | fixed(4)", "0.6667" },
		{ "1 / 3 * 3 | fixed(10)", "1.0000000000" },
		{ "10 / 4", "2.5" },
		{ "1e12 * 1e12", "1000000000000000000000000" },
		{ "−3 × 2 ÷ 4", "-1.5" },
		{ "100 - 99.99", "0.01" },
		/* 四舍五入: ties away from zero, not to even. */
		{ "8.45 | fixed(1)", "8.5" },
		{ "8.45 | pct(1)", "8.5%" },
		{ "-8.45 | fixed(1)", "\xE2\x88\x92" "8.5" },
		{ "8.44999 | fixed(1)", "8.4" },
		{ "0.125 | fixed(2)", "0.13" },
		{ "round(8.45, 1)", "8.5" },
		{ "round(8.45, 1, \"half-even\")", "8.4" },
		{ "round(8.55, 1, \"half-even\")", "8.6" },
		{ "round(-2.5, 0)", "-3" },
		{ "round(2.57, 1, \"down\")", "2.5" },
		/* Division by zero is missing, and ?? replaces it. */
		{ "1 / 0 ?? \"无\"", "无" },
		{ "1 / 0 == null", "true" },
	};
	run_cases(c, ARRAY_LEN(c), empty_report);
	/* The library directly: exact to 37 digits, rounding back past that. */
	struct dec a, b, r;
	char buf[DEC_STR_MAX];
	ck_assert_int_eq(dec_parse("123456789012345678901234567890", 30, &a), 0);
	ck_assert_int_eq(dec_parse("0.5", 3, &b), 0);
	ck_assert_int_eq(dec_add(a, b, &r), 0);
	ck_assert_str_eq(dec_to_str(r, buf), "123456789012345678901234567890.5");
	ck_assert_int_eq(dec_div(a, dec_from_int(0), &r), DEC_DIV_ZERO);
	ck_assert_int_eq(dec_parse("1e40", 4, &a), -1);
	/* Zero with a large exponent is zero (the fuzzers' 0e308 read past the
	 * table of powers of ten). */
	ck_assert_int_eq(dec_parse("0e308", 5, &a), 0);
	ck_assert_str_eq(dec_to_str(a, buf), "0");
	ck_assert_int_eq(dec_parse("-0.000e999", 10, &a), 0);
	ck_assert_int_eq(dec_sign(a), 0);
}
END_TEST

/* ---- formatters ---- */

START_TEST(test_formatters)
{
	static const struct case_ c[] = {
		{ "1234.5 | fixed(2)", "1234.50" },
		{ "1234.5 | fixed", "1235" },
		{ "0 | fixed(1)", "0.0" },
		{ "-0.04 | fixed(1)", "0.0" },
		{ "1234567.891 | num(2)", "1,234,567.89" },
		{ "5.10 | num", "5.10" },
		{ "-1234 | num", "\xE2\x88\x92" "1,234" },
		{ "12000 | cn", "1.2万" },
		{ "123456789 | cn(2)", "1.23亿" },
		{ "1e12 | cn", "1万亿" },
		{ "9999 | cn", "9,999" },
		/* Rounding up to 10,000 of a unit is one of the next. */
		{ "9999.5 | cn(0)", "1万" },
		{ "9999.5 | cn(2)", "9,999.50" },
		{ "99995 | cn(1)", "10.0万" },
		{ "99999999 | cn(1)", "1.0亿" },
		{ "-15000 | cn", "\xE2\x88\x92" "1.5万" },
		{ "0 | cn", "0" },
		{ "123456 | wan(1)", "12.3万" },
		{ "432000000 | yi(2)", "4.32亿" },
		{ "8.4 | pct", "8.4%" },
		{ "8.4 | pct(1, \"+\")", "+8.4%" },
		{ "-3.2 | pct(1, \"+\")", "\xE2\x88\x92" "3.2%" },
		{ "0 | pct(1, \"+\")", "0.0%" },
		{ "0.3 | points", "0.3个百分点" },
		{ "pp(5.2, 4.9) | points(1, \"+\")", "+0.3个百分点" },
		{ "8.4 | growth", "增长8.4%" },
		{ "-3.24 | growth", "下降3.2%" },
		{ "0.04 | growth", "持平" },
		{ "0.3 | growth(1, \"百分点\")", "提高0.3个百分点" },
		{ "-0.3 | growth(1, \"百分点\")", "下降0.3个百分点" },
		{ "date(\"2025-03-05\") | cndate", "2025年3月5日" },
		{ "month(\"2025-03\") | cndate", "2025年3月" },
		{ "date(\"2025-03-05\") | md", "3月5日" },
		{ "month(\"2025-01\") | ytd", "1月" },
		{ "month(\"2025-04\") | ytd", "1—4月" },
		{ "month(\"2025-11\") | quarter", "四季度" },
		{ "2025 | cndigits", "二〇二五" },
		{ "10 | cnwords", "十" },
		{ "1010 | cnwords", "一千零一十" },
		{ "100005 | cnwords", "十万零五" },
		{ "1234 | cnupper", "壹仟贰佰叁拾肆" },
		{ "1234.56 | rmb", "壹仟贰佰叁拾肆元伍角陆分" },
		{ "100 | rmb", "壹佰元整" },
		{ "1001.05 | rmb", "壹仟零壹元零伍分" },
	};
	run_cases(c, ARRAY_LEN(c), empty_report);
}
END_TEST

/* The axes and data labels round through the same routine as the
 * formatters: half up, 万 and 亿 by the same thresholds. */
START_TEST(test_formatters_share_axes)
{
	char buf[64];
	struct numfmt f = numfmt_for(10, 0.01, false);
	ck_assert_str_eq(numfmt_format(&f, 0.125, buf, sizeof(buf)), "0.13");
	ck_assert_str_eq(numfmt_value(12000, false, buf, sizeof(buf)), "1.2万");
	ck_assert_str_eq(numfmt_value(99995, false, buf, sizeof(buf)), "10万");
	struct dec v;
	size_t mo, ml;
	/* The messy-data rule of published tables. */
	ck_assert_int_eq(number_read_cell("１２．５", strlen("１２．５"), &v, &mo, &ml), CELL_NUMBER);
	ck_assert_str_eq(dec_to_str(v, buf), "12.5");
	ck_assert_int_eq(number_read_cell(" 1,234.5 ", 9, &v, &mo, &ml), CELL_NUMBER);
	ck_assert_str_eq(dec_to_str(v, buf), "1234.5");
	ck_assert_int_eq(number_read_cell("\xE2\x88\x92" "3.2", 6, &v, &mo, &ml), CELL_NUMBER);
	ck_assert_str_eq(dec_to_str(v, buf), "-3.2");
	ck_assert_int_eq(number_read_cell("8.4%", 4, &v, &mo, &ml), CELL_NUMBER);
	ck_assert_int_eq(number_read_cell("15.3（注1）", strlen("15.3（注1）"), &v, &mo, &ml), CELL_NUMBER);
	ck_assert_int_eq((int)mo, 4);
	ck_assert_str_eq(dec_to_str(v, buf), "15.3");
	ck_assert_int_eq(number_read_cell("7.1*", 4, &v, &mo, &ml), CELL_NUMBER);
	ck_assert_int_eq((int)ml, 1);
	static const char *const missing[] = { "", "—", "——", "-", "…", "...", "N/A", "／" };
	for (size_t i = 0; i < ARRAY_LEN(missing); i++)
		ck_assert_msg(number_read_cell(missing[i], strlen(missing[i]), &v, &mo, &ml) ==
				      (i == 7 ? CELL_TEXT : CELL_MISSING),
			      "'%s'", missing[i]);
	ck_assert_int_eq(number_read_cell("1,23", 4, &v, &mo, &ml), CELL_TEXT);
	ck_assert_int_eq(number_read_cell("同比增长（%）", strlen("同比增长（%）"), &v, &mo, &ml), CELL_TEXT);
}
END_TEST

/* ---- expressions ---- */

START_TEST(test_precedence)
{
	static const char *report = "vars:\n  x: 1\nbody: []\n";
	static const struct case_ c[] = {
		/* ?? binds tighter than comparisons, looser than arithmetic. */
		{ "x ?? 2 * 3", "1" },
		{ "null ?? 2 * 3", "6" },
		{ "null ?? 2 > 1", "true" },
		{ "null ?? null ?? 3", "3" },
		{ "(null ?? 2) * 3", "6" },
		{ "1 + 2 * 3", "7" },
		{ "-2 * -3", "6" },
		{ "not 1 > 2 and 2 > 1", "true" },
		{ "1 > 2 or 2 > 1 ? \"是\" : \"否\"", "是" },
		{ "x == 1 ? 10 : 20 | fixed(1)", "10.0" },
		{ "1 ≤ 2 and 2 ≥ 2 and 1 ≠ 2", "true" },
		{ "“中文引号”", "中文引号" },
		{ "[1]", "1" },
	};
	/* [1] is not valid: check it separately. */
	run_cases(c, ARRAY_LEN(c) - 1, report);
}
END_TEST

struct err_case {
	const char *report, *expr, *want; /* want: "line:col: message" prefix */
};

START_TEST(test_expression_errors)
{
	static const char *csv = "指标,本月累计,本月\n投资,12.5,3.1\n";
	FILE *f = fopen(t_tmp("e.csv"), "w");
	fputs(csv, f);
	fclose(f);
#define rep "vars:\n  period: 2025-03\ndata:\n  cur: e.csv\nbody: []\n"
	static const struct err_case c[] = {
		{ "body: []\n", "1 +", "1:4: an expression is missing here" },
		{ "body: []\n", "(1 + 2", "1:7: expected ')'" },
		{ "body: []\n", "1 2", "1:3: unexpected '2' after a complete expression" },
		{ "body: []\n", "\"abc", "1:1: this text is never closed" },
		{ "body: []\n", "1 < 2 < 3", "1:7: comparisons do not chain" },
		{ "body: []\n", "1 # 2", "1:3: unexpected character '#'" },
		{ rep, "perod", "1:1: unknown name 'perod' (did you mean 'period'?)" },
		{ rep, "sun(cur.本月)", "1:1: unknown function 'sun' (did you mean 'sum'?)" },
		{ rep, "cur.投资.本月累积", "1:8: 'cur' has no column '本月累积' (did you mean '本月累计'?)" },
		{ rep, "cur.投滋", "1:5: 'cur' has no row or column '投滋' (did you mean '投资'?)" },
		{ rep, "period.yaer", "1:8: a month has no field 'yaer' (did you mean 'year'?)" },
		{ rep, "\"a\" + 1", "1:1: '+' needs numbers; this is text 'a'" },
		{ rep, "fixed(1, 2, 3, 4)", "1:1: fixed takes 1 to 3 arguments" },
		{ rep, "1 | fixed(20)", "1:11: fixed: argument 2 must be a whole number from 0 to 10" },
	};
	for (size_t i = 0; i < ARRAY_LEN(c); i++) {
		struct diag d;
		char *t = ev(c[i].report, c[i].expr, &d);
		ck_assert_msg(t == NULL, "%s should fail, gave %s", c[i].expr, t);
		char *e = first_error(&d);
		ck_assert_msg(!strncmp(e, c[i].want, strlen(c[i].want)), "%s: got '%s', expected '%s'",
			      c[i].expr, e, c[i].want);
		free(e);
		diag_release(&d);
	}
}
END_TEST
#undef rep

/* An error in a report's ${…} points into the report, with a caret under
 * the bad token — in a block scalar too. */
START_TEST(test_error_position_in_report)
{
	char *err;
	t_write("pos.yaml", "vars:\n  period: 2025-03\nbody:\n  - text: |\n      第一行\n      报告期${period.mnoth}结束\n");
	int rc = t_run("render build/tmp/pos.yaml -l briefing -o build/tmp/pos.pdf", &err);
	ck_assert_int_eq(rc, 1);
	ck_assert_msg(strstr(err, "pos.yaml:6:19: error: a month has no field 'mnoth' (did you mean 'month'?)"), "%s", err);
	ck_assert_msg(strstr(err, "^~~~~"), "%s", err);
	ck_assert(!t_exists(t_tmp("pos.pdf")));
	free(err);
	/* Several errors are collected in one run. */
	t_write("two.yaml", "body:\n  - text: ${nope}\n  - text: ${1 +}\n");
	rc = t_run("render build/tmp/two.yaml -l briefing -o build/tmp/two.pdf", &err);
	ck_assert_int_eq(rc, 1);
	ck_assert_msg(strstr(err, "two.yaml:2:13: error: unknown name 'nope'"), "%s", err);
	ck_assert_msg(strstr(err, "two.yaml:3:16: error: an expression is missing here"), "%s", err);
	free(err);
}
END_TEST

/* ---- variables ---- */

START_TEST(test_vars)
{
	static const char *rep = "vars:\n"
				 "  period: {type: month, default: 2025-03, description: 报告期}\n"
				 "  n: {type: integer, default: 3}\n"
				 "  day: 2025-03-05\n"
				 "  rate: 8.45\n"
				 "  name: 经开区\n"
				 "body: []\n";
	static const struct case_ c[] = {
		{ "period", "2025-03" },
		{ "period.prev", "2025-02" },
		{ "month(\"2025-01\").prev", "2024-12" },
		{ "period.yoy", "2024-03" },
		{ "period.next", "2025-04" },
		{ "period.year", "2025" },
		{ "period.month", "3" },
		{ "period.quarter", "1" },
		{ "period.end", "2025-03-31" },
		{ "month(\"2024-02\").end", "2024-02-29" },
		{ "period - 3", "2024-12" },
		{ "period - month(\"2024-03\")", "12" },
		{ "day.period", "2025-03" },
		{ "rate * 2", "16.9" },
		{ "n + 1", "4" },
		{ "name", "经开区" },
		/* 期号 from the period: the same whenever a month is rerun. */
		{ "issue(period, \"2025-01\")", "3" },
		{ "issue(period, \"2023-01\", 1)", "27" },
		{ "issue(month(\"2026-01\"), \"2025-01\", 100)", "112" },
	};
	run_cases(c, ARRAY_LEN(c), rep);
	/* --var sets and types a variable. */
	const char *vars[] = { "period=2025-04", "n=7" };
	struct data_opts o = { .vars = vars, .nvars = 2 };
	struct diag d;
	char *t = ev_opts(rep, "period.prev | cndate", &o, &d);
	ck_assert_str_eq(t, "2025年3月");
	free(t);
	diag_release(&d);
}
END_TEST

START_TEST(test_var_errors)
{
	t_write("v.yaml", "vars:\n  period: {type: month, description: 报告期}\n  n: {type: integer, default: 1}\n"
			  "body:\n  - text: ${period}\n");
	struct {
		const char *args, *want;
	} c[] = {
		{ "--var period=2025-04 --var perod=2025-04",
		  "paiban: error: --var perod=2025-04: the report has no variable 'perod' (did you mean 'period'?)" },
		{ "--var period=2025-13", "paiban: error: --var period=2025-13: variable 'period' must be a month written YYYY-MM" },
		{ "--var period=2025-04 --var n=1.5", "variable 'n' must be a whole number" },
		{ "", "paiban: error: variable 'period' has no value: give --var period=YYYY-MM (报告期)" },
		{ "--var period", "paiban: error: --var period: write --var NAME=VALUE" },
		{ "--var period=2025-04 --data x=y.csv", "--data x=y.csv: the report declares no 'data'" },
	};
	for (size_t i = 0; i < ARRAY_LEN(c); i++) {
		char *err, *cmd = xasprintf("render build/tmp/v.yaml -l briefing -o build/tmp/v.pdf %s", c[i].args);
		int rc = t_run(cmd, &err);
		ck_assert_msg(rc == 2, "%s: exit %d: %s", c[i].args, rc, err);
		ck_assert_msg(strstr(err, c[i].want), "%s: %s", c[i].args, err);
		ck_assert(!t_exists(t_tmp("v.pdf")));
		free(cmd);
		free(err);
	}
	/* A --vars file. */
	t_write("vars.yaml", "period: 2025-05\n");
	char *err;
	int rc = t_run("render build/tmp/v.yaml --vars build/tmp/vars.yaml -l briefing -o build/tmp/v.trace", &err);
	ck_assert_msg(rc == 0, "%s", err);
	char *trace = t_read(t_tmp("v.trace"), NULL);
	ck_assert_msg(strstr(trace, "|2025-05|"), "%s", trace);
	free(trace);
	free(err);
}
END_TEST

/* ---- data files ---- */

START_TEST(test_data_formats)
{
	t_write("d.csv", "区县,投资额（亿元）,增速\n甲区,12.5,8.4\n乙区,7.5,-2\n丙区,—,3.1\n");
	t_write("d.json", "[{\"name\": \"甲\", \"v\": 1.5, \"code\": \"007\"}, {\"name\": \"乙\", \"v\": 2.25}]\n");
	t_write("d.yaml", "target: 121\nregions:\n  north: {gdp: 10.5}\nlist: [1, 2, 3]\n");
	static const char *rep = "data:\n"
				 "  c: {file: d.csv, key: 区县}\n"
				 "  j: {file: d.json, key: name}\n"
				 "  y: d.yaml\n"
				 "body: []\n";
	static const struct case_ c[] = {
		{ "c.甲区.投资额", "12.5" },            /* the header without its unit */
		{ "c.甲区[\"投资额（亿元）\"]", "12.5" }, /* or whole */
		{ "c[\"乙区\"].增速", "-2" },
		{ "sum(c.投资额)", "20" },             /* the dash is missing, left out */
		{ "count(c.投资额)", "2" },
		{ "avg(c.增速) | fixed(2)", "3.17" },
		{ "max(c.增速)", "8.4" },
		{ "c.丙区.投资额 == null", "true" },
		{ "c.丙区.投资额 + 1 ?? 0", "0" },       /* missing + 1 is missing */
		{ "share(c.甲区.投资额, c.投资额) | pct(1)", "62.5%" },
		{ "rank(c.乙区.投资额, c.投资额)", "2" },
		{ "rank(c.乙区.投资额, c.投资额, \"asc\")", "1" },
		{ "join(column(c, \"区县\"))", "甲区、乙区、丙区" },
		{ "cum(c.增速)", "8.4、6.4、9.5" },
		{ "lag(c.增速) | join(\"/\")", "—/8.4/-2" },
		{ "j.甲.v + j.乙.v", "3.75" },
		{ "j.甲.code", "007" },                   /* a JSON string stays text */
		{ "y.target * 2", "242" },
		{ "y.regions.north.gdp", "10.5" },
		{ "sum(y.list)", "6" },
		{ "yoy(110, 100) | pct(1)", "10.0%" },
		{ "mom(90, 100) | growth", "下降10.0%" },
		{ "yoy(1, 0) ?? \"—\"", "—" },
	};
	run_cases(c, ARRAY_LEN(c), rep);
}
END_TEST

START_TEST(test_data_file_errors)
{
	char *err;
	t_write("df.yaml", "vars:\n  period: 2025-13x\nbody: []\n");
	t_write("df2.yaml", "vars:\n  period: {type: month, default: 2025-09}\n"
			    "data:\n  cur: {file: \"data/${period}.csv\", key: 指标}\nbody: []\n");
	int rc = t_run("render build/tmp/df2.yaml -l briefing -o build/tmp/df2.pdf", &err);
	ck_assert_int_eq(rc, 1);
	ck_assert_msg(strstr(err, "df2.yaml:4:16: error: cannot read data file build/tmp/data/2025-09.csv "
				  "(from 'data/${period}.csv' with period = 2025-09): No such file or directory"),
		      "%s", err);
	free(err);
	/* A key column that is not there. */
	t_write("k.csv", "指标,本月累计\n投资,1\n");
	t_write("k.yaml", "data:\n  cur: {file: k.csv, key: 指木}\nbody: []\n");
	rc = t_run("render build/tmp/k.yaml -l briefing -o build/tmp/k.pdf", &err);
	ck_assert_int_eq(rc, 1);
	ck_assert_msg(strstr(err, "k.yaml:2:3: error: the key column '指木' is not in build/tmp/k.csv (did you mean '指标'?)"), "%s", err);
	free(err);
	/* --data names a source that is not declared. */
	rc = t_run("render build/tmp/k.yaml -l briefing -o build/tmp/k.pdf --data cru=k.csv", &err);
	ck_assert_int_eq(rc, 2);
	ck_assert_msg(strstr(err, "--data cru=k.csv: the report has no data file named 'cru' (did you mean 'cur'?)"), "%s", err);
	free(err);
	/* A CSV cell that is not a number, where a number is needed. */
	t_write("n.csv", "指标,本月\n投资,十二\n");
	t_write("n.yaml", "data:\n  cur: n.csv\nbody:\n  - text: ${cur.投资.本月 + 1}\n");
	rc = t_run("render build/tmp/n.yaml -l briefing -o build/tmp/n.pdf", &err);
	ck_assert_int_eq(rc, 1);
	ck_assert_msg(strstr(err, "n.yaml:4:13: error: '+' needs numbers; this is text '十二'"), "%s", err);
	ck_assert_msg(strstr(err, "n.csv:2:4: note: the value comes from here"), "%s", err);
	free(err);
}
END_TEST

/* Footnote markers and dashes (docs/data.md, "Messy data"). */
START_TEST(test_messy_data)
{
	t_write("m.csv", "指标（注）,本月,同比增长(%)\n"
			 "规模以上工业增加值（注1）,12.5*,8.4\n"
			 "固定资产投资,１５．３,−3.2\n"
			 "社会消费品零售总额,—,…\n");
	t_write("m.yaml", "data:\n  cur: m.csv\nbody:\n"
			  "  - text: 工业${cur.规模以上工业增加值.本月}。\n"
			  "  - text: 消费${cur.社会消费品零售总额.本月}。\n"
			  "  - table: {data: cur}\n");
	char *err;
	int rc = t_run("render build/tmp/m.yaml -l briefing -o build/tmp/m.trace", &err);
	ck_assert_msg(rc == 0, "%s", err);
	/* A marker after a number: the number, with a warning at the cell. */
	ck_assert_msg(strstr(err, "m.csv:2:15: warning: footnote marker '*' after a number: read as 12.5"), "%s", err);
	/* A dash used in text: — and a warning naming the cell. */
	ck_assert_msg(strstr(err, "m.yaml:5:15: warning: this value is missing (a dash: not available at build/tmp/m.csv:4:11)"), "%s", err);
	char *trace = t_read(t_tmp("m.trace"), NULL);
	ck_assert_msg(strstr(trace, "|工业12.5。|"), "%s", trace);
	ck_assert_msg(strstr(trace, "|消费—。|"), "%s", trace);
	/* The table shows every missing value as —, and full-width digits read. */
	ck_assert_msg(strstr(trace, "|15.3|"), "%s", trace);
	ck_assert_msg(strstr(strstr(trace, "|社会消费品零售总额|"), "|—|"), "%s", trace);
	free(trace);
	free(err);
	/* --strict: the same are errors, and nothing is written. */
	rc = t_run("render build/tmp/m.yaml -l briefing -o build/tmp/m2.trace --strict", &err);
	ck_assert_int_eq(rc, 1);
	ck_assert_msg(strstr(err, "m.csv:2:15: error: footnote marker '*' after a number: read as 12.5 (--strict makes this an error)"), "%s", err);
	ck_assert(!t_exists(t_tmp("m2.trace")));
	free(err);
}
END_TEST

START_TEST(test_stdin_data)
{
	t_write("s.yaml", "data:\n  cur: {file: none.csv, key: 指标}\nbody:\n  - text: 投资${cur.投资.本月 | fixed(1)}亿元\n");
	t_write("s.csv", "指标,本月\n投资,43.25\n");
	char *cmd = xasprintf("cd '%s' && ./paiban render build/tmp/s.yaml --data cur=- -l briefing "
			      "-o build/tmp/s.trace < build/tmp/s.csv 2>&1; echo rc=$?", t_srcdir());
	int st;
	char *out = t_capture(cmd, &st);
	ck_assert_msg(strstr(out, "rc=0"), "%s", out);
	char *trace = t_read(t_tmp("s.trace"), NULL);
	ck_assert_msg(trace && strstr(trace, "|投资43.3亿元|"), "%s", trace ? trace : out);
	free(trace);
	free(out);
	free(cmd);
	/* Standard input is read once: not with several layouts. */
	char *err;
	int rc = t_run("render build/tmp/s.yaml --data cur=- -l briefing,card -o build/tmp/sd/ < /dev/null", &err);
	ck_assert_int_eq(rc, 2);
	ck_assert_msg(strstr(err, "--data NAME=- reads standard input once"), "%s", err);
	free(err);
}
END_TEST

/* ---- loops and conditions ---- */

static int parse_doc(const char *name, const char *text, struct document *doc, struct diag *d)
{
	const char *path = t_write(name, text);
	document_init(doc);
	diag_init(d);
	return report_parse_data(doc, d, path, NULL, NULL, NULL);
}

START_TEST(test_loops_make_blocks)
{
	t_write("a.csv", "区县,投资,增速,重点\n甲,12.5,8.4,是\n乙,7.5,-2,否\n丙,9,3.1,是\n");
	struct document doc;
	struct diag d;
	int rc = parse_doc("loops.yaml",
			   "data:\n  a: {file: a.csv, key: 区县}\n"
			   "body:\n"
			   /* groups of blocks: one section per row, sorted */
			   "  - each: a\n    sort: -投资\n    do:\n"
			   "      - heading: ${index}. ${row.区县}\n"
			   "      - text: 投资${row.投资}亿元\n"
			   /* key-figure cards, filtered */
			   "  - kpis:\n      - each: a\n        where: ${row.重点 == \"是\"}\n"
			   "        do: {value: \"${row.投资}\", label: \"${row.区县}\"}\n"
			   /* list items, with a limit and another name */
			   "  - list:\n      - 第一项\n      - each: a\n        as: r\n        limit: 2\n        do: ${r.区县}区\n"
			   /* table rows */
			   "  - table:\n      rows:\n        - [区县, 投资]\n"
			   "        - each: a\n          do: [\"${row.区县}\", \"${row.投资 | fixed(1)}\"]\n"
			   /* conditions */
			   "  - when: ${sum(a.投资) > 100}\n    text: 不出现\n"
			   "  - when: ${sum(a.投资) > 20}\n    text: 合计${sum(a.投资)}\n"
			   "  - list:\n      - {when: \"${false}\", do: 不出现}\n      - {when: \"${true}\", do: 出现}\n",
			   &doc, &d);
	if (rc)
		diag_print(&d, stderr);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(doc.nblocks, 6 + 5);
	ck_assert_int_eq(doc.blocks[0].kind, BLOCK_HEADING);
	ck_assert_str_eq(doc.blocks[0].paras[0].s, "1. 甲");
	ck_assert_str_eq(doc.blocks[2].paras[0].s, "2. 丙");
	ck_assert_str_eq(doc.blocks[3].paras[0].s, "投资9亿元");
	ck_assert_str_eq(doc.blocks[4].paras[0].s, "3. 乙");
	ck_assert_int_eq(doc.blocks[6].kind, BLOCK_KPIS);
	ck_assert_int_eq(doc.blocks[6].nkpis, 2);
	ck_assert_str_eq(doc.blocks[6].kpis[1].label.s, "丙");
	ck_assert_int_eq(doc.blocks[7].kind, BLOCK_LIST);
	ck_assert_int_eq(doc.blocks[7].npara, 3);
	ck_assert_str_eq(doc.blocks[7].paras[2].s, "乙区");
	ck_assert_int_eq(doc.blocks[8].kind, BLOCK_TABLE);
	ck_assert_int_eq(doc.blocks[8].table->nrows, 4);
	ck_assert_str_eq(doc.blocks[8].table->cells[2 * 2 + 1].s, "7.5");
	ck_assert_int_eq(doc.blocks[9].kind, BLOCK_TEXT);
	ck_assert_str_eq(doc.blocks[9].paras[0].s, "合计29");
	ck_assert_int_eq(doc.blocks[10].npara, 1);
	ck_assert_str_eq(doc.blocks[10].paras[0].s, "出现");
	document_release(&doc);
	diag_release(&d);
	/* The last list (block 10) holds only the item whose condition held. */
	rc = parse_doc("when.yaml", "body:\n  - list:\n      - {when: \"${1 > 2}\", do: 不出现}\n      - {when: \"${2 > 1}\", do: 出现}\n",
		       &doc, &d);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(doc.blocks[0].npara, 1);
	ck_assert_str_eq(doc.blocks[0].paras[0].s, "出现");
	document_release(&doc);
	diag_release(&d);
}
END_TEST

/* Charts and tables bound to data by header names; a missing value is a
 * gap in a chart and a dash in a table, never zero. */
START_TEST(test_bindings)
{
	t_write("b.csv", "指标,单位,本月,累计,备注\n投资,亿元,15.7,43.2,x\n消费,亿元,—,42.4,y\n外贸,亿元,3.9,13.5,z\n");
	struct document doc;
	struct diag d;
	int rc = parse_doc("bind.yaml",
			   "data:\n  cur: {file: b.csv, key: 指标}\nbody:\n"
			   "  - chart: {type: column, data: cur, series: [本月, {column: 累计, name: 1—4月}]}\n"
			   "  - table:\n      data: cur\n      sort: -累计\n      columns: [指标, {column: 本月, format: fixed(2)}, {value: \"${row.累计 / 2}\", header: 一半}]\n",
			   &doc, &d);
	if (rc)
		diag_print(&d, stderr);
	ck_assert_int_eq(rc, 0);
	const struct chart *c = doc.blocks[0].chart;
	ck_assert_int_eq(c->ncats, 3);
	ck_assert_str_eq(c->cats[1].s, "消费");
	ck_assert_int_eq(c->nseries, 2);
	ck_assert_str_eq(c->series[0].name.s, "本月");
	ck_assert_str_eq(c->series[1].name.s, "1—4月");
	ck_assert(c->series[0].v[1] != c->series[0].v[1]); /* NaN: missing */
	ck_assert(c->series[1].v[2] == 13.5);
	/* The value's position is the CSV cell's. */
	int line, col;
	span_line_col(&c->series[1].at[2], &line, &col);
	ck_assert_int_eq(line, 4);
	ck_assert_int_eq(col, 11);
	const struct table *t = doc.blocks[1].table;
	ck_assert_int_eq(t->ncols, 3);
	ck_assert_str_eq(t->cells[2].s, "一半");
	ck_assert_str_eq(t->cells[3].s, "投资");
	ck_assert_str_eq(t->cells[4].s, "15.70");
	ck_assert_str_eq(t->cells[5].s, "21.6");
	ck_assert_str_eq(t->cells[7].s, "—");
	document_release(&doc);
	diag_release(&d);
	/* The chart leaves the missing category's bar out: two bars, not a
	 * bar of zero, and no label "0". */
	t_write("g.csv", "k,v\na,1\nb,—\nc,3\n");
	t_write("g.yaml", "data:\n  cur: {file: g.csv, key: k}\nbody:\n  - chart: {type: column, data: cur, series: [v]}\n"
			  "  - chart: {type: line, data: cur, series: [v]}\n");
	char *err;
	ck_assert_int_eq(t_run("render build/tmp/g.yaml -l briefing -o build/tmp/g.trace", &err), 0);
	free(err);
	char *trace = t_read(t_tmp("g.trace"), NULL);
	int bars = 0;
	for (const char *q = trace; (q = strstr(q, "\n  rect ")); q++)
		bars++;
	ck_assert_int_eq(bars, 2);
	/* The line is two points with a gap: M a, M c, no L across it. */
	const char *lp = strstr(trace, "path stroke=1.60#c8161d M ");
	ck_assert_msg(lp, "%s", trace);
	const char *eol = strchr(lp, '\n');
	ck_assert_msg(!memmem(lp, (size_t)(eol - lp), " L ", 3), "%.*s", (int)(eol - lp), lp);
	ck_assert_msg(memmem(lp + 30, (size_t)(eol - lp - 30), " M ", 3), "%.*s", (int)(eol - lp), lp);
	ck_assert_msg(!strstr(trace, "|0|\n  rect"), "%s", trace);
	free(trace);
}
END_TEST

/* ---- checks ---- */

START_TEST(test_checks)
{
	t_write("c.csv", "指标,上月止累计,本月,本月止累计\n投资,27.5,15.7,43.3\n消费,31.5,10.9,42.4\n");
	t_write("chk.yaml", "data:\n  cur: {file: c.csv, key: 指标}\n"
			    "checks:\n"
			    "  - assert: ${cur.消费.上月止累计 + cur.消费.本月 == cur.消费.本月止累计}\n"
			    "  - assert: ${cur.投资.上月止累计 + cur.投资.本月 == cur.投资.本月止累计}\n"
			    "    message: 上月止累计 + 本月 = 本月止累计\n"
			    "  - assert: ${near(sum(cur.本月), 26.5, 0.05)}\n"
			    "    level: warning\n"
			    "    message: 各项之和\n"
			    "body:\n  - text: 正文\n");
	char *err;
	int rc = t_run("render build/tmp/chk.yaml -l briefing -o build/tmp/chk.pdf", &err);
	ck_assert_int_eq(rc, 1);
	ck_assert_msg(strstr(err, "chk.yaml:5:15: error: check failed: 上月止累计 + 本月 = 本月止累计: "
				  "cur.投资.上月止累计 = 27.5, cur.投资.本月 = 15.7, cur.投资.本月止累计 = 43.3"),
		      "%s", err);
	ck_assert_msg(strstr(err, "chk.yaml:7:15: warning: check failed: 各项之和: sum(cur.本月) = 26.6"), "%s", err);
	ck_assert_msg(!strstr(err, "chk.yaml:4:1"), "the passing check reported: %s", err);
	ck_assert(!t_exists(t_tmp("chk.pdf")));
	free(err);
}
END_TEST

/* ---- the command line: eval, inspect, the sample ---- */

START_TEST(test_eval_command)
{
	int st;
	char *cmd = xasprintf("cd '%s' && ./paiban eval samples/monthly/report.yaml "
			      "'\"1—4月完成投资\" + \"\"' 2>&1; ./paiban eval samples/monthly/report.yaml "
			      "'invest | fixed(1)' --var period=2025-03", t_srcdir());
	char *out = t_capture(cmd, &st);
	ck_assert_msg(strstr(out, "'+' needs numbers"), "%s", out);
	ck_assert_msg(strstr(out, "\n27.5\n") || !strncmp(strstr(out, "27.5"), "27.5\n", 5), "%s", out);
	free(out);
	free(cmd);
	cmd = xasprintf("cd '%s' && ./paiban eval samples/monthly/report.yaml 'invest_yoy | growth'", t_srcdir());
	out = t_capture(cmd, &st);
	ck_assert_str_eq(out, "增长8.4%\n");
	free(out);
	free(cmd);
	/* An expression from the command line in another encoding is refused,
	 * not printed back as invalid UTF-8 (found by fuzz/expr.c). */
	cmd = xasprintf("cd '%s' && ./paiban eval samples/monthly/report.yaml \"$(printf '\"\\334\"')\" 2>&1", t_srcdir());
	out = t_capture(cmd, &st);
	ck_assert_int_eq(st, 1);
	ck_assert_msg(strstr(out, "<expression>:1:2: error: invalid UTF-8 (byte 0xDC) in the expression"), "%s", out);
	ck_assert_msg(utf8_invalid_at(out, strlen(out)) == (size_t)-1, "%s", out);
	free(out);
	free(cmd);
}
END_TEST

START_TEST(test_inspect_golden)
{
	int st;
	char *cmd = xasprintf("cd '%s' && ./paiban inspect samples/monthly/report.yaml --json -l briefing -o out/", t_srcdir());
	char *out = t_capture(cmd, &st);
	ck_assert_int_eq(st, 0);
	t_golden_text("inspect.json", out);
	free(out);
	free(cmd);
}
END_TEST

/* The three sample months render with no warning; the numbers in each
 * come from that month's file. */
START_TEST(test_sample_months)
{
	static const char *const months[] = { "2025-02", "2025-03", "2025-04" };
	static const char *const invest[] = { "15.1", "27.5", "43.2" };
	for (int i = 0; i < 3; i++) {
		char *err, *args = xasprintf("render samples/monthly/report.yaml --var period=%s -l briefing "
					     "-o build/tmp/monthly-%s.trace", months[i], months[i]);
		int rc = t_run(args, &err);
		ck_assert_msg(rc == 0, "%s: %s", months[i], err);
		/* (A sanitizer build adds its own report: look for paiban's.) */
		ck_assert_msg(!strstr(err, "warning") && !strstr(err, "error"), "%s printed: %s", months[i], err);
		char *name = xasprintf("monthly-%s.trace", months[i]);
		char *trace = t_read(t_tmp(name), NULL);
		char *want = xasprintf("全区完成固定资产投资%s亿元", invest[i]);
		ck_assert_msg(strstr(trace, want) || strstr(trace, invest[i]), "%s lacks %s", name, want);
		free(want);
		free(trace);
		free(name);
		free(args);
		free(err);
	}
}
END_TEST

/* Change one cell: exactly the figures that come from it change. */
START_TEST(test_one_cell_changes)
{
	int st;
	char *cmd = xasprintf("rm -rf '%s/cell' && mkdir -p '%s/cell' && cp -r '%s/samples/monthly/.' '%s/cell/' && "
			      "sed -i 's/^进出口总额,亿元,3.9,14.1,13.5,13.3/进出口总额,亿元,3.9,14.1,14.6,13.3/' '%s/cell/data/2025-04.csv'",
			      t_tmpdir(), t_tmpdir(), t_srcdir(), t_tmpdir(), t_tmpdir());
	free(t_capture(cmd, &st));
	free(cmd);
	ck_assert_int_eq(st, 0);
	char *err;
	ck_assert_int_eq(t_run("render samples/monthly/report.yaml -l briefing -o build/tmp/cell-a.trace", &err), 0);
	free(err);
	ck_assert_int_eq(t_run("render build/tmp/cell/report.yaml -l briefing -o build/tmp/cell-b.trace", &err), 0);
	free(err);
	char *a = t_read(t_tmp("cell-a.trace"), NULL), *b = t_read(t_tmp("cell-b.trace"), NULL);
	/* Line by line: every difference involves 13.5 → 14.6. */
	int diffs = 0;
	char *sa, *sb, *la = strtok_r(a, "\n", &sa), *lb = strtok_r(b, "\n", &sb);
	for (; la && lb; la = strtok_r(NULL, "\n", &sa), lb = strtok_r(NULL, "\n", &sb)) {
		if (!strcmp(la, lb))
			continue;
		diffs++;
		ck_assert_msg((strstr(la, "13") || strstr(la, ".5")) && (strstr(lb, "14") || strstr(lb, ".6")),
			      "an unrelated line changed:\n%s\n%s", la, lb);
	}
	ck_assert_msg(!la && !lb, "the traces have different lengths");
	/* The table cell (two runs, 13 and .5) and the sentence. */
	ck_assert_msg(diffs >= 2 && diffs <= 4, "%d lines changed", diffs);
	free(a);
	free(b);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("data");
	TCase *tc = tcase_create("numbers");
	tcase_add_test(tc, test_decimal_arithmetic);
	tcase_add_test(tc, test_formatters);
	tcase_add_test(tc, test_formatters_share_axes);
	suite_add_tcase(s, tc);
	tc = tcase_create("expressions");
	tcase_add_test(tc, test_precedence);
	tcase_add_test(tc, test_expression_errors);
	tcase_add_test(tc, test_error_position_in_report);
	suite_add_tcase(s, tc);
	tc = tcase_create("vars and data");
	tcase_add_test(tc, test_vars);
	tcase_add_test(tc, test_var_errors);
	tcase_add_test(tc, test_data_formats);
	tcase_add_test(tc, test_data_file_errors);
	tcase_add_test(tc, test_messy_data);
	tcase_add_test(tc, test_stdin_data);
	suite_add_tcase(s, tc);
	tc = tcase_create("blocks");
	tcase_add_test(tc, test_loops_make_blocks);
	tcase_add_test(tc, test_bindings);
	tcase_add_test(tc, test_checks);
	suite_add_tcase(s, tc);
	tc = tcase_create("commands");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_eval_command);
	tcase_add_test(tc, test_inspect_golden);
	tcase_add_test(tc, test_sample_months);
	tcase_add_test(tc, test_one_cell_changes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return t_run_suite(suite()) ? 1 : 0;
}
