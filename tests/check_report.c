/* check_report.c — the report parser and its error messages: message text,
 * line, column (in characters), the source excerpt with carets, several errors
 * in one run, and through the command line: exit codes and no output file. */
#include <string.h>

#include "base/util.h"
#include "model/document.h"
#include "parse/report.h"
#include "testutil.h"

/* Parse `text` written to a temp file named `name`; returns the diag. */
static int parse(const char *name, const char *text, struct document *doc, struct diag *d)
{
	const char *path = t_write(name, text);
	document_init(doc);
	diag_init(d);
	return report_parse(doc, d, path, NULL);
}

struct err_case {
	const char *name;   /* file name (extension picks YAML or JSON) */
	const char *text;
	const char *message; /* expected in the first error's message */
	int line, col;
};

static const struct err_case err_cases[] = {
	{ "unknown-meta.yaml", "meta:\n  titel: 简报\nbody:\n  - text: 正文\n",
	  "unknown key 'titel' in 'meta' (expected one of: masthead, issue, publisher, date, title, subtitle, byline, lang, cover-image, logo, url, call-to-action, kicker, section, attachments, imprint)",
	  2, 3 },
	{ "bad-lang.yaml", "meta:\n  lang: en\nbody:\n  - text: 正文\n",
	  "unknown 'lang' 'en' (expected one of: zh-Hans, zh-CN, zh-SG, zh-Hant, zh-TW, zh-HK, zh-MO)", 2, 9 },
	{ "unknown-top.yaml", "body:\n  - text: 正文\nfooter: x\n",
	  "unknown key 'footer' in the report (expected one of: meta, body, vars, data, computed, checks)", 3, 1 },
	{ "wrong-type.yaml", "body:\n  - heading: [一, 二]\n", "a heading must be text, found a list", 2,
	  15 },
	{ "body-not-list.yaml", "body: 正文\n", "'body' must be a list, found a scalar", 1, 7 },
	{ "no-body.yaml", "meta:\n  title: 标题\n", "a report needs a 'body' list of blocks", 1, 1 },
	{ "unknown-block.yaml", "body:\n  - paragraph: 正文\n",
	  "unknown key 'paragraph' in a body block (expected one of: lead, heading, text, quote, list, kpis, pagebreak, chart, table, image)",
	  2, 5 },
	{ "two-keys.yaml", "body:\n  - heading: 标题\n    text: 正文\n",
	  "a body block has one key; this one has 'heading' and 'text'", 3, 5 },
	/* Columns count characters: 经开区 is three columns, not nine bytes. */
	{ "cjk-column.yaml", "meta: {title: 经开区, titel: x}\nbody: [{text: 正文}]\n",
	  "unknown key 'titel' in 'meta'", 1, 20 },
	{ "bad-date.yaml", "meta:\n  date: 2025-02-30\nbody:\n  - text: 正文\n",
	  "'date' must be a date written YYYY-MM-DD, found '2025-02-30'", 2, 9 },
	{ "bad-level.yaml", "body:\n  - heading: {text: 标题, level: 5}\n",
	  "a heading's level must be 1, 2 or 3", 2, 32 },
	{ "kpi-no-value.yaml", "body:\n  - kpis:\n      - {unit: 亿元, label: 投资}\n",
	  "a kpi needs a 'value'", 3, 10 },
	{ "empty-text.yaml", "body:\n  - text: \"\"\n", "a text block is empty", 2, 12 },
	{ "chart.yaml", "body:\n  - chart: {type: column}\n",
	  "a chart needs 'data' (a CSV file) or 'series'", 2, 5 },
	{ "syntax.yaml", "body:\n  - text: \"未闭合\n  - text: 正文\n", "this quoted text is never closed", 2, 11 },
	{ "trailing-comma.json", "{\"body\": [{\"text\": \"正文\"},]}\n", "JSON disallows trailing comma", 1, 25 },
	{ "duplicate.yaml", "body:\n  - text: 一\nbody:\n  - text: 二\n", "duplicate key", 3, 1 },
	{ "list-empty.yaml", "body:\n  - list: []\n", "a list has no items", 2, 5 },
	/* An empty mapping or list points at its bracket. */
	{ "empty-block.yaml", "body:\n  - {}\n",
	  "an empty body block; give one of: lead, heading, text, quote, list, kpis, pagebreak, chart, table, image",
	  2, 5 },
	{ "pagebreak-map.yaml", "body:\n  - text: 一\n  - pagebreak: {}\n",
	  "pagebreak must be true or false, found a mapping", 3, 16 },
	{ "date-short.yaml", "meta:\n  date: 2025-3-5\nbody:\n  - text: 正文\n",
	  "'date' must be a date written YYYY-MM-DD, found '2025-3-5'", 2, 9 },
	/* An empty value has no position of its own: the message points at its key. */
	{ "null-title.yaml", "meta:\n  title:\nbody:\n  - text: 正文\n",
	  "'title' must be text, found nothing (null)", 2, 3 },
	{ "empty.yaml", "# 只有注释\n\n", "the file is empty", 1, 1 },
	{ "two-documents.yaml", "body:\n  - text: 一\n---\nbody:\n  - text: 二\n",
	  "a file holds one document; remove the second one (after '---')", 4, 1 },
	{ "blank-heading.yaml", "body:\n  - heading: \"   \"\n", "a heading is empty", 2, 15 },
	{ "empty-item.yaml", "body:\n  - list: [一, \"\", 三]\n", "a list item is empty", 2, 16 },
	{ "empty-value.yaml", "body:\n  - kpis: [{value: \"\"}]\n", "a kpi's value is empty", 2, 21 },
	{ "bad-alias.yaml", "body:\n  - text: *nope\n", "the alias '*nope' refers to no anchor (&nope)", 2, 12 },
	{ "ordered-type.yaml", "body:\n  - list: {ordered: 是, items: [一]}\n",
	  "'ordered' must be true or false, found '是'", 2, 21 },
};

START_TEST(test_error_messages)
{
	const struct err_case *c = &err_cases[_i];
	struct document doc;
	struct diag d;
	ck_assert_int_eq(parse(c->name, c->text, &doc, &d), -1);
	ck_assert_int_ge(d.errors, 1);
	const struct diag_entry *e = &d.entries[0];
	ck_assert_int_eq(e->sev, SEV_ERROR);
	ck_assert_msg(strstr(e->msg, c->message), "%s: message '%s' lacks '%s'", c->name, e->msg,
		      c->message);
	ck_assert_ptr_nonnull(e->span.src);
	int line, col;
	span_line_col(&e->span, &line, &col);
	ck_assert_msg(line == c->line, "%s: line %d, want %d", c->name, line, c->line);
	if (c->col)
		ck_assert_msg(col == c->col, "%s: column %d, want %d", c->name, col, c->col);
	document_release(&doc);
	diag_release(&d);
}
END_TEST

/* The formatted message: path:line:col, the source line, carets under the span. */
START_TEST(test_error_format)
{
	struct document doc;
	struct diag d;
	parse("format.yaml", "meta:\n  标题: 经开区\nbody: [{text: 正文}]\n", &doc, &d);
	ck_assert_int_eq(d.errors, 1);
	char *s = diag_format(&d.entries[0]);
	const char *path = t_tmp("format.yaml");
	char *want = xasprintf("%s:2:3: error: unknown key '标题' in 'meta' (expected one of: masthead, "
			       "issue, publisher, date, title, subtitle, byline, lang, cover-image, logo, "
			       "url, call-to-action, kicker, section, attachments, imprint)\n"
			       " 2 |   标题: 经开区\n"
			       "   |   ^~~~\n",
			       path);
	ck_assert_str_eq(s, want);
	free(s);
	free(want);
	document_release(&doc);
	diag_release(&d);
}
END_TEST

/* Several errors are collected in one run, in source order. */
START_TEST(test_collects_errors)
{
	struct document doc;
	struct diag d;
	parse("many.yaml",
	      "meta:\n  titel: 一\n  dat: 二\nbody:\n  - heading: [x]\n  - quote: {text: 引, by: 某}\n",
	      &doc, &d);
	ck_assert_int_eq(d.errors, 4);
	int lines[4];
	for (int i = 0; i < 4; i++) {
		int col;
		span_line_col(&d.entries[i].span, &lines[i], &col);
	}
	ck_assert_int_eq(lines[0], 2);
	ck_assert_int_eq(lines[1], 3);
	ck_assert_int_eq(lines[2], 5);
	ck_assert_int_eq(lines[3], 6);
	document_release(&doc);
	diag_release(&d);
}
END_TEST

START_TEST(test_invalid_utf8)
{
	struct document doc;
	struct diag d;
	/* 0xC3 0x28 is a broken two-byte sequence on line 2, character column 11. */
	parse("bad-utf8.yaml", "body:\n  - text: 经开区\xC3\x28\n", &doc, &d);
	ck_assert_int_eq(d.errors, 1);
	ck_assert_ptr_nonnull(strstr(d.entries[0].msg, "invalid UTF-8 (byte 0xC3)"));
	int line, col;
	span_line_col(&d.entries[0].span, &line, &col);
	ck_assert_int_eq(line, 2);
	ck_assert_int_eq(col, 14);
	document_release(&doc);
	diag_release(&d);
}
END_TEST

/* Paragraphs, bold ranges and source positions of a text block. */
START_TEST(test_paragraphs_and_markup)
{
	struct document doc;
	struct diag d;
	int rc = parse("paras.yaml",
		       "body:\n  - text: |\n      第一段**加粗**文字，\n      续行。\n\n      第二段 MMA\n      project。\n",
		       &doc, &d);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(doc.nblocks, 1);
	const struct block *b = &doc.blocks[0];
	ck_assert_int_eq(b->kind, BLOCK_TEXT);
	ck_assert_int_eq(b->npara, 2);
	/* Lines join without a space between Han characters… */
	ck_assert_str_eq(b->paras[0].s, "第一段加粗文字，续行。");
	/* …and with one between Latin words. */
	ck_assert_str_eq(b->paras[1].s, "第二段 MMA project。");
	ck_assert_int_eq(b->paras[0].nbold, 1);
	ck_assert_int_eq(b->paras[0].bold[0].start, strlen("第一段"));
	ck_assert_int_eq(b->paras[0].bold[0].end, strlen("第一段加粗"));
	/* The source position of 续 (line 4, column 7). */
	struct span sp = text_span_at(&b->paras[0], strlen("第一段加粗文字，"));
	int line, col;
	span_line_col(&sp, &line, &col);
	ck_assert_int_eq(line, 4);
	ck_assert_int_eq(col, 7);
	document_release(&doc);
	diag_release(&d);
}
END_TEST

/* Bold ranges stay on character boundaries when lines are joined. */
START_TEST(test_bold_across_line_join)
{
	struct document doc;
	struct diag d;
	ck_assert_int_eq(parse("join.yaml", "body:\n  - text: |\n      前文**加粗 **\n      文字。\n", &doc, &d), 0);
	const struct text *t = &doc.blocks[0].paras[0];
	ck_assert_str_eq(t->s, "前文加粗文字。");
	ck_assert_int_eq(t->nbold, 1);
	ck_assert_int_eq(t->bold[0].start, strlen("前文"));
	ck_assert_int_eq(t->bold[0].end, strlen("前文加粗"));
	document_release(&doc);
	diag_release(&d);
	/* A space joins two Latin words even when the second line opens with **. */
	ck_assert_int_eq(parse("join2.yaml", "body:\n  - text: |\n      GDP grew\n      **by 5%** this year\n", &doc, &d), 0);
	ck_assert_str_eq(doc.blocks[0].paras[0].s, "GDP grew by 5% this year");
	ck_assert_int_eq(doc.blocks[0].paras[0].bold[0].start, strlen("GDP grew "));
	document_release(&doc);
	diag_release(&d);
}
END_TEST

/* An alias stands for its anchor's value. */
START_TEST(test_aliases)
{
	struct document doc;
	struct diag d;
	ck_assert_int_eq(parse("alias.yaml",
			       "meta:\n  title: &t 标题\n  subtitle: *t\nbody:\n  - &b {text: 段落}\n  - *b\n",
			       &doc, &d),
			 0);
	ck_assert_str_eq(doc.meta.subtitle.s, "标题");
	ck_assert_int_eq(doc.nblocks, 2);
	ck_assert_str_eq(doc.blocks[1].paras[0].s, "段落");
	document_release(&doc);
	diag_release(&d);
}
END_TEST

/* YAML and JSON give the same document. */
START_TEST(test_json_same_as_yaml)
{
	struct document y, j;
	struct diag dy, dj;
	ck_assert_int_eq(parse("same.yaml",
			       "meta: {title: 标题, date: 2025-03-05}\nbody:\n  - heading: {text: 一, level: 2}\n  - kpis: [{value: \"131.2\", unit: 亿元, label: 投资}]\n  - list: {ordered: true, items: [甲, 乙]}\n",
			       &y, &dy),
			 0);
	ck_assert_int_eq(parse("same.json",
			       "{\"meta\": {\"title\": \"标题\", \"date\": \"2025-03-05\"}, \"body\": [{\"heading\": {\"text\": \"一\", \"level\": 2}}, {\"kpis\": [{\"value\": \"131.2\", \"unit\": \"亿元\", \"label\": \"投资\"}]}, {\"list\": {\"ordered\": true, \"items\": [\"甲\", \"乙\"]}}]}",
			       &j, &dj),
			 0);
	ck_assert_int_eq(y.nblocks, j.nblocks);
	ck_assert_str_eq(y.meta.title.s, j.meta.title.s);
	ck_assert_int_eq(j.meta.day, 5);
	ck_assert_int_eq(j.blocks[0].level, 2);
	ck_assert_str_eq(j.blocks[1].kpis[0].value.s, "131.2");
	ck_assert(j.blocks[2].ordered && y.blocks[2].ordered);
	ck_assert_str_eq(j.blocks[2].paras[1].s, y.blocks[2].paras[1].s);
	document_release(&y);
	document_release(&j);
	diag_release(&dy);
	diag_release(&dj);
}
END_TEST

/* ---- through the command line ---- */

struct cli_case {
	const char *args;
	int code;
	const char *stderr_has;
};

static const struct cli_case cli_cases[] = {
	{ "render tests/data/missing.yaml -l briefing -o build/tmp/cli.pdf", 1,
	  "tests/data/missing.yaml: error: cannot read: No such file or directory" },
	{ "render samples/card.yaml -l nosuch -o build/tmp/cli.pdf", 1,
	  "paiban: error: unknown layout 'nosuch' (built-in layouts: briefing, card" },
	{ "render samples/card.yaml -l tests/data/none.yaml -o build/tmp/cli.pdf", 1,
	  "tests/data/none.yaml: error: cannot read" },
	{ "render build/tmp/unknown-meta.yaml -l card -o build/tmp/cli.pdf", 1,
	  "unknown-meta.yaml:2:3: error: unknown key 'titel' in 'meta'" },
	{ "render build/tmp/bad-lang.yaml -l card -o build/tmp/cli.pdf", 1,
	  "bad-lang.yaml:2:9: error: unknown 'lang' 'zh-XX' (expected one of: zh-Hans, zh-CN, zh-SG, zh-Hant, zh-TW, zh-HK, zh-MO)" },
	{ "render samples/card.yaml -l card -o build/tmp/cli.jpg", 2,
	  "the output file must end in .pdf, .png or .trace" },
	{ "render samples/card.yaml -o build/tmp/cli.pdf", 2, "render needs a layout" },
	{ "render -l card -o build/tmp/cli.pdf", 2, "render needs a REPORT file" },
	{ "render samples/card.yaml -l card -o build/tmp/cli.png --dpi 5", 2,
	  "--dpi must be a number from 36 to 1200" },
	{ "frobnicate", 2, "unknown command 'frobnicate'" },
	{ "render samples/card.yaml -l card -o build/tmp/no-such-dir/cli.pdf", 3,
	  "cannot create output file" },
};

START_TEST(test_cli_errors)
{
	const struct cli_case *c = &cli_cases[_i];
	/* A stale output from an earlier run must survive a failed run. */
	const char *out = t_write("cli.pdf", "OLD");
	/* The file with a bad meta key, for the case that renders it. */
	t_write("unknown-meta.yaml", "meta:\n  titel: 简报\nbody:\n  - text: 正文\n");
	t_write("bad-lang.yaml", "meta:\n  lang: zh-XX\nbody:\n  - text: 正文\n");
	char *err;
	int code = t_run(c->args, &err);
	ck_assert_msg(code == c->code, "'%s': exit %d, want %d; stderr: %s", c->args, code, c->code, err);
	ck_assert_msg(strstr(err, c->stderr_has), "'%s': stderr lacks '%s':\n%s", c->args,
		      c->stderr_has, err);
	char *left = t_read(out, NULL);
	ck_assert_str_eq(left, "OLD");
	free(left);
	free(err);
}
END_TEST

/* A file-level error names the file once: "path: error: …". */
START_TEST(test_cli_file_error_format)
{
	char *err;
	ck_assert_int_eq(t_run("render tests/data/missing.yaml -l card -o build/tmp/x.pdf", &err), 1);
	ck_assert_str_eq(err, "tests/data/missing.yaml: error: cannot read: No such file or directory\n");
	free(err);
}
END_TEST

START_TEST(test_cli_no_partial_output)
{
	/* An error in the report: no output file appears, and no temporary is left. */
	t_write("bad.yaml", "body:\n  - heading: [x]\n");
	const char *out = t_tmp("fresh.pdf");
	remove(out);
	char *err;
	int code = t_run("render build/tmp/bad.yaml -l briefing -o build/tmp/fresh.pdf", &err);
	ck_assert_int_eq(code, 1);
	ck_assert(!t_exists(out));
	ck_assert_int_eq(system("ls -a build/tmp | grep -q '^\\.fresh\\.pdf'"), 256);
	free(err);
}
END_TEST

START_TEST(test_cli_help_version)
{
	char *err;
	ck_assert_int_eq(t_run("--help", &err), 0);
	free(err);
	ck_assert_int_eq(t_run("--version", &err), 0);
	free(err);
	ck_assert_int_eq(t_run("layouts", &err), 0);
	free(err);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("errors");
	tcase_add_loop_test(tc, test_error_messages, 0, (int)ARRAY_LEN(err_cases));
	tcase_add_test(tc, test_error_format);
	tcase_add_test(tc, test_collects_errors);
	tcase_add_test(tc, test_invalid_utf8);
	suite_add_tcase(s, tc);
	tc = tcase_create("model");
	tcase_add_test(tc, test_paragraphs_and_markup);
	tcase_add_test(tc, test_json_same_as_yaml);
	tcase_add_test(tc, test_bold_across_line_join);
	tcase_add_test(tc, test_aliases);
	suite_add_tcase(s, tc);
	tc = tcase_create("cli");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_cli_errors, 0, (int)ARRAY_LEN(cli_cases));
	tcase_add_test(tc, test_cli_no_partial_output);
	tcase_add_test(tc, test_cli_file_error_format);
	tcase_add_test(tc, test_cli_help_version);
	suite_add_tcase(s, tc);
	return t_run_suite(s) ? 1 : 0;
}
