/* check_compose.c — the clreq line composer, rule by rule: break
 * opportunities, punctuation widths per style, line-edge trimming, CJK–Latin
 * spacing, the character grid, 孤字, dashes, emphasis dots, justification,
 * and ASCII punctuation made full-width. Composes with the pinned fonts at
 * 10 pt, so one em is 10 pt. */
#include <check.h>
#include <ctype.h>
#include <math.h>
#include <string.h>

#include "base/util.h"
#include "compose/clreq.h"
#include "compose/fonts.h"
#include "compose/fullwidth.h"
#include "compose/shape.h"
#include "compose/text.h"
#include "compose/wordbreak.h"
#include "model/chart.h"
#include "model/image.h"
#include "model/table.h"
#include "testutil.h"

#define EM 10.0
#define TOL 0.01

static struct fonts *F;
static struct text_ctx *TC;
static struct arena A;
static struct font_role ROLE = { "宋体", EM, 400, { 0, 0, 0 }, 1.5 };
static struct typography TYPO;

static void setup(void)
{
	struct diag d;
	diag_init(&d);
	char *dir = xasprintf("%s/fonts", t_srcdir());
	F = fonts_new(dir, false, &d);
	free(dir);
	ck_assert_ptr_nonnull(F);
	diag_release(&d);
	TC = text_new(F);
	char *dict = xasprintf("%s/dict/hyph_en_US.dic", t_srcdir());
	ck_assert_int_eq(text_load_hyphenation(TC, dict, NULL), 0);
	free(dict);
	arena_init(&A);
}

static void teardown(void)
{
	arena_release(&A);
	text_free(TC);
	fonts_free(F);
}

static void reset_typo(void)
{
	TYPO = (struct typography){ PUNCT_FULL, false, KINSOKU_BASIC, 0, 0.25, true, false };
}

static int compose_t(const struct text *t, double width_em, bool justify, int grid,
		     struct line **lines)
{
	struct text_opts o = { &ROLE, width_em * EM, 0, justify, ALIGN_LEFT, false, &TYPO, grid, false };
	return text_compose(TC, t, &o, &A, NULL, lines);
}

static int compose(const char *s, double width_em, bool justify, struct line **lines)
{
	struct text t = text_plain(s);
	return compose_t(&t, width_em, justify, 0, lines);
}

/* x of the nth glyph (from 0) in the line whose character is `ch`, or -1e9. */
static double xof(const struct line *ln, const char *ch, int nth)
{
	size_t n = strlen(ch);
	for (int r = 0; r < ln->nruns; r++) {
		const struct glyph_run *run = &ln->runs[r];
		for (int g = 0; g < run->nglyphs; g++) {
			const char *at = run->text + run->glyphs[g].cluster;
			if (at + n <= run->text + run->text_len && !memcmp(at, ch, n) && nth-- == 0)
				return ln->x + run->glyphs[g].x;
		}
	}
	return -1e9;
}

/* The text of a line, joined from its runs (static buffer). */
static const char *line_text(const struct line *ln)
{
	static char buf[512];
	size_t k = 0;
	for (int r = 0; r < ln->nruns && k + ln->runs[r].text_len < sizeof(buf); r++) {
		memcpy(buf + k, ln->runs[r].text, (size_t)ln->runs[r].text_len);
		k += (size_t)ln->runs[r].text_len;
	}
	buf[k] = '\0';
	return buf;
}

/* Does the line end with a hyphen glyph added to its last character's
 * cluster (a hyphenated word)? */
static bool ends_with_hyphen(const struct line *ln)
{
	const struct glyph_run *run = &ln->runs[ln->nruns - 1];
	int g = run->nglyphs;
	const char *c = run->text + (g ? run->glyphs[g - 1].cluster : 0);
	return g >= 2 && run->glyphs[g - 1].cluster == run->glyphs[g - 2].cluster &&
	       isalpha((unsigned char)*c);
}

/* Break opportunities: (a, b, character after b, level) → may a line break
 * between a and b. */
static const struct break_case {
	int a, b, next;
	bool pango;
	enum kinsoku level;
	bool expect;
	const char *why;
} breaks[] = {
	{ 0x4E2D, 0xFF0C, 0, true, KINSOKU_BASIC, false, "no ， at line start" },
	{ 0x4E2D, 0x3002, 0, true, KINSOKU_BASIC, false, "no 。 at line start" },
	{ 0x4E2D, 0x201D, 0, false, KINSOKU_BASIC, false, "no ” at line start" },
	{ 0x4E2D, 0x300B, 0, true, KINSOKU_BASIC, false, "no 》 at line start" },
	{ 0x201C, 0x4E2D, 0, false, KINSOKU_BASIC, false, "no “ at line end" },
	{ 0x300A, 0x4E2D, 0, false, KINSOKU_BASIC, false, "no 《 at line end" },
	{ 0x201D, 0x6211, 0, false, KINSOKU_BASIC, true, "a break after ” (Pango forbids it)" },
	{ 0x8BF4, 0x201C, 0, false, KINSOKU_BASIC, true, "a break before “ (Pango forbids it)" },
	{ 0x4E2D, 0x00B7, 0, true, KINSOKU_BASIC, false, "no · at line start" },
	{ 0x4E2D, 0xFF5E, 0, true, KINSOKU_BASIC, false, "no ～ at line start" },
	{ 0x4E2D, 0xFF0F, 0, true, KINSOKU_BASIC, false, "no ／ at line start" },
	{ 0xFF0F, 0x4E2D, 0, true, KINSOKU_BASIC, true, "／ may end a line in basic" },
	{ 0xFF0F, 0x4E2D, 0, true, KINSOKU_GB, false, "／ may not end a line in GB" },
	{ 0x2014, 0x2014, 0x4E2D, true, KINSOKU_BASIC, false, "—— never splits" },
	{ 0x2026, 0x2026, 0x4E2D, true, KINSOKU_BASIC, false, "…… never splits" },
	{ 0x4E2D, 0x2014, 0x2014, true, KINSOKU_BASIC, true, "—— may start a line in basic" },
	{ 0x4E2D, 0x2014, 0x2014, true, KINSOKU_STRICT, false, "—— may not start a line in strict" },
	{ 0x4E2D, 0x2026, 0x2026, true, KINSOKU_STRICT, false, "…… may not start a line in strict" },
	{ 0x4E2D, 0x2014, 0x4E2D, true, KINSOKU_BASIC, false, "a single — is a connector" },
	{ '5', 0x5E74, 0, true, KINSOKU_BASIC, false, "2025年 stays together" },
	{ '1', '.', '2', false, KINSOKU_BASIC, false, "131.2 stays together" },
	{ '.', '2', 0, false, KINSOKU_BASIC, false, "131.2 stays together (after the point)" },
	{ '6', '%', 0, false, KINSOKU_BASIC, false, "76% stays together" },
	{ 0x4E2D, '%', 0, true, KINSOKU_BASIC, false, "no % at line start" },
	{ 'a', 'b', 0, false, KINSOKU_BASIC, false, "no break inside a word" },
	{ ' ', 'b', 0, true, KINSOKU_BASIC, true, "a break after a space" },
	{ 'a', ' ', 0, false, KINSOKU_BASIC, false, "never before a space" },
	{ 0xA0, 'k', 0, false, KINSOKU_BASIC, false, "never after a no-break space" },
	{ 0xA0, 0x7AE0, 0, true, KINSOKU_BASIC, false, "never after a no-break space before Han" },
	{ 0x2007, '5', 0, false, KINSOKU_BASIC, false, "never after a figure space" },
	{ 0x4E2D, 'A', 0, true, KINSOKU_BASIC, true, "between Han and Latin" },
	{ 0x4E2D, 0x6587, 0, true, KINSOKU_BASIC, true, "between two Han characters" },
	{ 0x3002, 0x201D, 0, true, KINSOKU_BASIC, false, "。” stays together" },
	{ 0xFF09, 0x3001, 0, true, KINSOKU_BASIC, false, "）、 stays together" },
};

START_TEST(test_break_pairs)
{
	const struct break_case *c = &breaks[_i];
	ck_assert_msg(clreq_break_between(c->a, c->b, c->next, c->pango, c->level) == c->expect,
		      "%s (U+%04X U+%04X)", c->why, (unsigned)c->a, (unsigned)c->b);
}
END_TEST

/* Distance from one character's origin to the next one's, in em, for each
 * punctuation style: a single mark keeps its em in 全角, an adjacent pair
 * closes to 1.5 em, 开明 halves all but 。？！, 半角 halves all. */
static const struct {
	const char *text, *from, *to;
	enum punct_style style;
	double em;
} widths[] = {
	{ "中，中", "，", "中", PUNCT_FULL, 1.0 },
	{ "中。中", "。", "中", PUNCT_FULL, 1.0 },
	{ "中（中", "（", "中", PUNCT_FULL, 1.0 },
	{ "中。”中", "。", "”", PUNCT_FULL, 0.5 },
	{ "中。”中", "”", "中", PUNCT_FULL, 1.0 },
	{ "中，“中", "，", "“", PUNCT_FULL, 0.5 },
	{ "中：“中", "：", "“", PUNCT_FULL, 0.5 },
	{ "中）、中", "）", "、", PUNCT_FULL, 0.5 },
	{ "中——中", "—", "中", PUNCT_FULL, 2.0 },
	{ "中……中", "…", "中", PUNCT_FULL, 2.0 },
	{ "中，中", "，", "中", PUNCT_KAIMING, 0.5 },
	{ "中、中", "、", "中", PUNCT_KAIMING, 0.5 },
	{ "中。中", "。", "中", PUNCT_KAIMING, 1.0 },
	{ "中！中", "！", "中", PUNCT_KAIMING, 1.0 },
	{ "中。中", "。", "中", PUNCT_HALF, 0.5 },
	{ "中，中", "，", "中", PUNCT_HALF, 0.5 },
};

START_TEST(test_punct_widths)
{
	reset_typo();
	TYPO.punct = widths[_i].style;
	struct line *l;
	ck_assert_int_eq(compose(widths[_i].text, 40, false, &l), 1);
	/* `to` is the first such character after `from`. */
	double x0 = xof(&l[0], widths[_i].from, 0), d = -1;
	for (int k = 0; k < 4 && d <= 0; k++)
		d = xof(&l[0], widths[_i].to, k) - x0;
	ck_assert_msg(d > 0 && fabs(d / EM - widths[_i].em) < TOL, "%s: %s→%s is %.3f em, want %.2f",
		      widths[_i].text, widths[_i].from, widths[_i].to, d / EM, widths[_i].em);
}
END_TEST

/* GB/T 15834: a full-width mark at line end takes ½ em, its ink at the edge. */
START_TEST(test_line_end_half)
{
	reset_typo();
	struct line *l;
	int n = compose("一二三四五六七八九十，一二三四五六七八九十", 10.5, true, &l);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(line_text(&l[0]), "一二三四五六七八九十，");
	ck_assert_double_eq_tol(xof(&l[0], "，", 0), 10 * EM, TOL);
	ck_assert_double_eq_tol(l[0].width, 10.5 * EM, TOL);
}
END_TEST

/* With hanging punctuation, a ， that would not fit stands past the measure
 * instead of pushing a character down; one that fits stays inside at ½ em. */
START_TEST(test_hanging)
{
	reset_typo();
	TYPO.hanging = true;
	struct line *l;
	int n = compose("一二三四五六七八九十，一二三四五六七八九十", 10, true, &l);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(line_text(&l[0]), "一二三四五六七八九十，");
	ck_assert_double_eq_tol(xof(&l[0], "，", 0), 10 * EM, TOL);
	ck_assert_double_eq_tol(l[0].width, 10 * EM, TOL);
	n = compose("一二三四五六七八九，一二三四五六七八九十", 9.5, true, &l);
	ck_assert_str_eq(line_text(&l[0]), "一二三四五六七八九，");
	ck_assert_double_eq_tol(xof(&l[0], "，", 0), 9 * EM, TOL);
	/* Without hanging, the first line gives up a character instead. */
	TYPO.hanging = false;
	n = compose("一二三四五六七八九十，一二三四五六七八九十", 10, true, &l);
	ck_assert_str_ne(line_text(&l[0]), "一二三四五六七八九十，");
}
END_TEST

/* An opening mark at a line start loses its blank half: its glyph moves ½ em
 * left so the ink starts at the edge. At the start of an indented paragraph
 * it keeps its full cell after the 2 em indent (标点占一格), unless the
 * layout asks for trimming there too (typography.paragraph-start: trim). */
START_TEST(test_line_start_open)
{
	reset_typo();
	struct line *l;
	int n = compose("一二三四五六七八九十“一二三四”五六", 10, true, &l);
	ck_assert_int_eq(n, 2);
	ck_assert_double_eq_tol(xof(&l[1], "“", 0), -0.5 * EM, TOL);
	/* Not indented: trimmed at the paragraph's start too. */
	ck_assert_int_eq(compose("“一二三”四五六", 10, true, &l), 1);
	ck_assert_double_eq_tol(xof(&l[0], "“", 0), -0.5 * EM, TOL);
	struct text t = text_plain("“一二三”四五六七八九十一二三四五六");
	struct text_opts o = { &ROLE, 10 * EM, 2 * EM, true, ALIGN_LEFT, false, &TYPO, 0, false };
	ck_assert_int_eq(text_compose(TC, &t, &o, &A, NULL, &l), 2);
	ck_assert_double_eq_tol(xof(&l[0], "“", 0), 2 * EM, TOL);
	ck_assert_double_eq_tol(xof(&l[0], "一", 0), 3 * EM, TOL);
	ck_assert_double_eq_tol(l[0].x + l[0].width, 10 * EM, TOL);
	TYPO.trim_para_start = true;
	ck_assert_int_eq(text_compose(TC, &t, &o, &A, NULL, &l), 2);
	ck_assert_double_eq_tol(xof(&l[0], "“", 0), 1.5 * EM, TOL);
	ck_assert_double_eq_tol(l[0].x + l[0].width, 10 * EM, TOL);
}
END_TEST

/* ¼ em between Han and Latin or digits, none at a line's edges and none next
 * to Chinese punctuation. */
START_TEST(test_cjk_latin_space)
{
	reset_typo();
	struct text a = text_plain("A");
	double wa = text_width(TC, &a, &ROLE, false);
	struct line *l;
	ck_assert_int_eq(compose("中A中", 40, false, &l), 1);
	ck_assert_double_eq_tol(xof(&l[0], "A", 0) - xof(&l[0], "中", 0), 1.25 * EM, TOL);
	ck_assert_double_eq_tol(xof(&l[0], "中", 1) - xof(&l[0], "A", 0), wa + 0.25 * EM, TOL);
	ck_assert_double_eq_tol(l[0].width, 2.5 * EM + wa, TOL);
	ck_assert_int_eq(compose("A中", 40, false, &l), 1);
	ck_assert_double_eq_tol(xof(&l[0], "A", 0), 0, TOL);
	ck_assert_int_eq(compose("中，A", 40, false, &l), 1);
	ck_assert_double_eq_tol(xof(&l[0], "A", 0) - xof(&l[0], "，", 0), 1.0 * EM, TOL);
	/* A typed space between Han and Latin is the gap, not an extra one. */
	ck_assert_int_eq(compose("中 A", 40, false, &l), 1);
	ck_assert_double_eq_tol(xof(&l[0], "A", 0), 1.25 * EM, TOL);
	/* And the layout can turn the gap off. */
	TYPO.latin_space = 0;
	ck_assert_int_eq(compose("中A", 40, false, &l), 1);
	ck_assert_double_eq_tol(xof(&l[0], "A", 0), 1.0 * EM, TOL);
}
END_TEST

/* On a character grid every Han character starts on a cell boundary, and a
 * Western run takes whole cells. */
START_TEST(test_grid)
{
	reset_typo();
	struct text t = text_plain("经开区召开二〇二五年高质量发展大会，对照全市干字当头加快发展大会的部署，把各项任务逐条细化。");
	struct line *l;
	const double cell = 11; /* 10 pt type on 11 pt cells */
	int n = compose_t(&t, 12 * cell / EM, true, 12, &l);
	ck_assert_int_ge(n, 3);
	for (int i = 0; i < n; i++)
		for (int r = 0; r < l[i].nruns; r++)
			for (int g = 0; g < l[i].runs[r].nglyphs; g++) {
				double x = l[i].x + l[i].runs[r].glyphs[g].x - (cell - EM) / 2;
				double k = x / cell;
				ck_assert_msg(fabs(k - (double)(long)(k + 0.5)) < 1e-3,
					      "line %d glyph %d at %.3f pt is off the grid: %s", i, g, x,
					      line_text(&l[i]));
			}
	for (int i = 0; i < n - 1; i++)
		ck_assert_double_eq_tol(l[i].width, 12 * cell, TOL);
	t = text_plain("中AB中");
	ck_assert_int_eq(compose_t(&t, 12 * cell / EM, true, 12, &l), 1);
	double d = xof(&l[0], "中", 1) - xof(&l[0], "中", 0);
	ck_assert(fabs(d / cell - (double)(long)(d / cell + 0.5)) < 1e-3);
	/* The cells' spare room goes on the side away from a mark: none
	 * between a number and the ，or ） after it, or inside “ (clreq:
	 * no adjustment next to 。， or inside brackets), and none after a ，
	 * whose blank half is there already. */
	static const struct {
		const char *s, *mark;
		bool after; /* the mark follows the run */
	} marks[] = { { "提升了37%，单位", "，", true }, { "中（工作日9:00）中", "）", true },
		      { "首个“5G工厂”标杆", "“", false }, { "下降，12.9%的中", "，", false } };
	for (size_t i = 0; i < ARRAY_LEN(marks); i++) {
		t = text_plain(marks[i].s);
		ck_assert_int_eq(compose_t(&t, 12 * cell / EM, true, 12, &l), 1);
		/* The run's first and last glyphs (ASCII); a mark's glyph is
		 * centred in its cell. */
		double first = 1e9, last = -1e9, markx = xof(&l[0], marks[i].mark, 0);
		char lastc[2] = "";
		for (int r = 0; r < l[0].nruns; r++)
			for (int g = 0; g < l[0].runs[r].nglyphs; g++) {
				const struct glyph_run *run = &l[0].runs[r];
				char c = run->text[run->glyphs[g].cluster];
				if ((unsigned char)c >= 0x80)
					continue;
				double x = l[0].x + run->glyphs[g].x;
				first = fmin(first, x);
				if (x > last)
					last = x, lastc[0] = c;
			}
		double cell_start = markx - (cell - EM) / 2;
		if (marks[i].after) {
			struct text one = text_plain(lastc);
			double end = last + text_width(TC, &one, &ROLE, false);
			ck_assert_msg(fabs(cell_start - end) < 0.01, "%s: %.2f pt between the run and %s", marks[i].s,
				      cell_start - end, marks[i].mark);
		} else {
			ck_assert_msg(fabs(first - (cell_start + cell)) < 0.01, "%s: %.2f pt between %s and the run",
				      marks[i].s, first - (cell_start + cell), marks[i].mark);
		}
	}
}
END_TEST

/* 21 characters and a full stop in a 10 em measure: a greedy breaker leaves
 * "一。" alone on the last line; the composer never does. */
START_TEST(test_no_orphan)
{
	reset_typo();
	struct line *l;
	int n = compose("一二三四五六七八九十一二三四五六七八九十一。", 10, true, &l);
	ck_assert_int_eq(n, 3);
	ck_assert_int_ge((int)utf8_count(line_text(&l[2]), strlen(line_text(&l[2]))), 3);
	for (int i = 0; i < n - 1; i++)
		ck_assert_double_eq_tol(l[i].width, 10 * EM, TOL);
}
END_TEST

/* 。 may not start a line: with nothing to squeeze, the last character
 * goes down with it and the line is spaced out evenly to stay flush. */
START_TEST(test_kinsoku_push_out)
{
	reset_typo();
	struct line *l;
	int n = compose("一二三四五六七八九十。一二三四五六七八九十一二", 10, true, &l);
	ck_assert_int_ge(n, 2);
	ck_assert_str_eq(line_text(&l[0]), "一二三四五六七八九");
	ck_assert_double_eq_tol(l[0].width, 10 * EM, TOL);
	ck_assert_double_eq_tol(xof(&l[0], "九", 0), 9 * EM, TOL);
}
END_TEST

/* With squeezable marks in the line, the mark is pulled in instead, and no
 * single mark goes below ¾ em when the soft squeeze suffices. */
START_TEST(test_kinsoku_push_in)
{
	reset_typo();
	struct line *l;
	int n = compose("一，二，三，四五六七八。九十一二三四五六七八九十一二三四五六七八", 11, true, &l);
	ck_assert_int_ge(n, 2);
	ck_assert_str_eq(line_text(&l[0]), "一，二，三，四五六七八。");
	ck_assert_double_eq_tol(l[0].width, 11 * EM, TOL);
	static const char *const after[] = { "二", "三", "四" };
	for (int k = 0; k < 3; k++) {
		double w = xof(&l[0], after[k], 0) - xof(&l[0], "，", k);
		ck_assert_msg(w > 0.75 * EM && w < EM, "， %d is %.3f em", k, w / EM);
	}
}
END_TEST

START_TEST(test_dash_pairs)
{
	reset_typo();
	struct line *l;
	for (double w = 6; w <= 12; w += 0.5) {
		int n = compose("一二三四五六七——八九十一二三四……五六七八九十", w, true, &l);
		for (int i = 0; i < n - 1; i++) {
			const char *s = line_text(&l[i]);
			size_t len = strlen(s);
			bool ends_dash = len >= 3 && (!strcmp(s + len - 3, "—") || !strcmp(s + len - 3, "…"));
			bool ends_pair = len >= 6 && (!strcmp(s + len - 6, "——") || !strcmp(s + len - 6, "……"));
			ck_assert_msg(!ends_dash || ends_pair, "a dash pair split at %.1f em: %s", w, s);
		}
	}
}
END_TEST

/* *emphasis*: one dot centred under each Han character, none under marks. */
START_TEST(test_emphasis_dots)
{
	reset_typo();
	struct text t = text_plain("这是重点。");
	struct text_range r = { strlen("这是"), strlen("这是重点。") };
	t.emph = &r;
	t.nemph = 1;
	struct line *l;
	ck_assert_int_eq(compose_t(&t, 40, false, 0, &l), 1);
	int dots = 0;
	for (int i = 0; i < l[0].nruns; i++)
		dots += l[0].runs[i].ndots;
	ck_assert_int_eq(dots, 2);
	ck_assert_double_eq_tol(l[0].runs[0].dots[0], 2.5 * EM, TOL);
	ck_assert_double_eq_tol(l[0].runs[0].dots[1], 3.5 * EM, TOL);
}
END_TEST

/* Every line but the last fills the measure exactly, with mixed text too. */
START_TEST(test_justified_flush)
{
	reset_typo();
	struct line *l;
	const char *s = "经开区全年完成投资131.2亿元，中原大化MMA项目重新开工；3家企业获批国家级5G工厂，"
			"濮上实验学校500分以上占比51%，远高于全市平均的12.9%。";
	for (double w = 8; w <= 20; w += 1.5) {
		int n = compose(s, w, true, &l);
		for (int i = 0; i < n - 1; i++)
			ck_assert_msg(fabs(l[i].width - w * EM) < TOL, "line %d at %.1f em is %.3f em wide", i,
				      w, l[i].width / EM);
	}
}
END_TEST

/* A loose line's typed spaces take the slack first, to ½ em, and then three
 * times a Han gap's share of the rest, up to ¾ em; past that the Han gaps
 * take it all. The line is cut before a number that cannot join it. */
START_TEST(test_typed_space_stretch)
{
	reset_typo();
	const char *s = "中文中文 Unix 中文中文123456789012345。";
	static const struct {
		double width, han, space; /* em; Han pitch, gap before Unix */
	} cases[] = { { 11.5, 1.0143, 0.5429 }, { 14, 1.3620, 0.75 } };
	for (size_t k = 0; k < ARRAY_LEN(cases); k++) {
		struct line *l;
		ck_assert_int_eq(compose(s, cases[k].width, true, &l), 2);
		double han = (xof(&l[0], "文", 0) - xof(&l[0], "中", 0)) / EM;
		double space = (xof(&l[0], "U", 0) - xof(&l[0], "文", 1)) / EM - 1;
		ck_assert_msg(fabs(han - cases[k].han) < 0.002 && fabs(space - cases[k].space) < 0.002,
			      "at %.1f em: Han pitch %.4f em, space %.4f em", cases[k].width, han, space);
		ck_assert_double_eq_tol(xof(&l[0], "文", 3) + EM, cases[k].width * EM, TOL);
	}
}
END_TEST

/* A line that must shrink past what single marks give lightly (each keeps
 * more than ¾ em) squeezes brackets before commas, in clreq's order of
 * reduction: （ and ） go below ¾ em, the ，keeps 0.76 em. */
START_TEST(test_squeeze_order)
{
	reset_typo();
	struct line *l;
	ck_assert_int_eq(compose("甲乙（丙丁）戊己，庚辛壬癸", 12, true, &l), 1);
	double open = (xof(&l[0], "丙", 0) - xof(&l[0], "乙", 0) - EM) / EM;
	double close = (xof(&l[0], "戊", 0) - xof(&l[0], "丁", 0) - EM) / EM;
	double comma = (xof(&l[0], "庚", 0) - xof(&l[0], "己", 0) - EM) / EM;
	ck_assert_msg(open < 0.75 && close < 0.75 && comma > 0.755,
		      "（ %.3f em, ） %.3f em, ， %.3f em", open, close, comma);
}
END_TEST

/* Where a space was typed, the CJK–Latin gap is a word space: it closes to
 * ⅛ em before a ，goes below ¾ em; a gap the composer inserted (no space
 * typed) closes below 0.2 em only after the ，(clreq's order), so it stays
 * at ¼ ± 0.05 em. */
START_TEST(test_gap_order)
{
	reset_typo();
	struct line *l;
	ck_assert_int_eq(compose("甲乙丙，丁戊Unix己庚 Linux 辛壬", 15.56, true, &l), 1);
	double comma = (xof(&l[0], "丁", 0) - xof(&l[0], "丙", 0)) / EM - 1;
	double inserted = (xof(&l[0], "U", 0) - xof(&l[0], "戊", 0)) / EM - 1;
	double typed = (xof(&l[0], "L", 0) - xof(&l[0], "庚", 0)) / EM - 1;
	ck_assert_msg(comma < 0.755 && inserted > 0.2 && fabs(typed - 0.125) < 0.002,
		      "， %.3f em, inserted gap %.3f em, typed gap %.3f em", comma, inserted, typed);
}
END_TEST

/* Past 0.05 em a gap a line starts to look letter-spaced, and its cost
 * rises steeply: rather than open 甲…癸 by 0.09 em to carry 子丑。 to a
 * line of their own (a single 丑。 would be a 孤字), the paragraph keeps one
 * line and squeezes its brackets. */
START_TEST(test_loose_past_threshold)
{
	reset_typo();
	struct line *l;
	ck_assert_int_eq(compose("甲（乙）丙（丁）戊己庚辛壬癸子丑。", 15.2, true, &l), 1);
	ck_assert_double_eq_tol(xof(&l[0], "己", 0) - xof(&l[0], "戊", 0), EM, TOL);
}
END_TEST

/* Random paragraphs from a mix of Han, marks, dashes, Latin words, digits
 * and spaces, at many widths: every character comes out once and in order
 * (spaces may go at a break), and no line starts or ends against the rules. */
static unsigned rnd(unsigned *state)
{
	*state = *state * 1103515245u + 12345u;
	return (*state >> 16) & 0x7FFF;
}

static bool only_spaces_removed(const char *orig, const char *joined)
{
	for (const char *a = orig, *b = joined;; a++) {
		if (*a == ' ' && *b != ' ')
			continue;
		if (*a != *b)
			return false;
		if (!*a)
			return true;
		b++;
	}
}

START_TEST(test_random_paragraphs)
{
	static const char *const pieces[] = { "经", "开", "区", "项", "目", "，", "。", "、", "；", "“", "”",
					      "（", "）", "《", "》", "——", "……", "·", "MMA", "5G", "131.2",
					      "2025年", " ", "Pango ", "76%", "：", "！", "～", "／" };
	unsigned seed = 12345;
	reset_typo();
	for (int round = 0; round < 300; round++) {
		char buf[1024] = "";
		int n = 5 + (int)(rnd(&seed) % 60);
		for (int i = 0; i < n; i++)
			strcat(buf, pieces[rnd(&seed) % ARRAY_LEN(pieces)]);
		/* The report parser trims blanks at the ends; so do we. */
		char *s = buf;
		while (*s == ' ')
			s++;
		size_t len = strlen(s);
		while (len && s[len - 1] == ' ')
			s[--len] = '\0';
		if (!len)
			continue;
		double w = 2 + rnd(&seed) % 25;
		TYPO.kinsoku = (enum kinsoku)(round % 3);
		struct line *l;
		int nl = compose(s, w, round % 2 == 0, &l);
		char joined[2048] = "";
		for (int i = 0; i < nl; i++) {
			const char *t = line_text(&l[i]);
			strcat(joined, t);
			if (i + 1 < nl && w >= 6) {
				/* A break: the character before and after obey the rules. */
				size_t tl = strlen(t), k = tl - 1;
				while (k > 0 && ((unsigned char)t[k] & 0xC0) == 0x80)
					k--;
				int last = utf8_next(t, tl, &k);
				ck_assert_msg(!clreq_no_end(last, TYPO.kinsoku),
					      "round %d at %.0f em: line %d ends with U+%04X: '%s'", round, w, i,
					      (unsigned)last, s);
				const char *nx = line_text(&l[i + 1]);
				size_t q = 0;
				int first = utf8_next(nx, strlen(nx), &q);
				int second = q < strlen(nx) ? utf8_next(nx, strlen(nx), &q) : 0;
				ck_assert_msg(!clreq_no_start(first, second, TYPO.kinsoku),
					      "round %d at %.0f em: line %d starts with U+%04X: '%s'", round, w,
					      i + 1, (unsigned)first, s);
			}
		}
		ck_assert_msg(only_spaces_removed(s, joined), "round %d: '%s' came out as '%s'", round, s,
			      joined);
	}
}
END_TEST

/* text_width measures with the layout's typography: a right-aligned date
 * (x = edge − width) composed with ½ em CJK–Latin gaps or half-width marks
 * ends at the edge, not past it or short of it. */
START_TEST(test_text_width_typography)
{
	static const char *const texts[] = { "2025年3月5日 星期三", "2025年第3期（总第27期）",
					     "经开区，党政办公室。" };
	static const struct {
		enum punct_style punct;
		double latin_space;
	} typos[] = { { PUNCT_FULL, 0.25 }, { PUNCT_FULL, 1 }, { PUNCT_HALF, 0 }, { PUNCT_KAIMING, 0.5 } };
	for (size_t k = 0; k < ARRAY_LEN(typos); k++) {
		reset_typo();
		TYPO.punct = typos[k].punct;
		TYPO.latin_space = typos[k].latin_space;
		text_set_typography(TC, &TYPO);
		for (size_t i = 0; i < ARRAY_LEN(texts); i++) {
			struct text t = text_plain(texts[i]);
			double w = text_width(TC, &t, &ROLE, false);
			struct line *l;
			ck_assert_int_eq(compose(texts[i], 1000, false, &l), 1);
			ck_assert_msg(fabs(w - l[0].width) < TOL, "'%s' (style %d, gap %.2f em): measured %.3f, set %.3f",
				      texts[i], typos[k].punct, typos[k].latin_space, w, l[0].width);
		}
	}
	text_set_typography(TC, NULL);
}
END_TEST

/* English sentences in Chinese text: words shorter than the measure are
 * never cut without a hyphen (an unhyphenated break inside a word was once
 * cheaper than a loose line of words); a line with a space in it is flush, the spaces
 * taking the slack when there is no Chinese to take it; and in a line of a
 * few Han and many words the word spaces share the stretch, so the Han
 * gaps (会 议 指 出 once up to 2.8 em apart) open by ½ em at most. A line
 * of Han alone before a word too long to join it opens by 1½ em at most
 * (这 是 中 took 2.5 em gaps when very loose lines all cost the same). */
START_TEST(test_western_words_justified)
{
	static const char *const texts[] = {
		"这是中文。Typography is the art and technique of arranging type to make written "
		"language legible, readable and appealing when displayed. 这是中文。",
		"会议指出，Typography is the art and technique of arranging type to make written "
		"language legible.",
	};
	reset_typo();
	for (size_t k = 0; k < ARRAY_LEN(texts); k++) {
		for (double w = 8; w <= 26; w += 1) {
			struct line *l;
			int n = compose(texts[k], w, true, &l);
			char first[4] = "", second[4] = "";
			memcpy(first, texts[k], 3), memcpy(second, texts[k] + 3, 3);
			double han = xof(&l[0], second, 0) - xof(&l[0], first, 0) - EM;
			double most = strchr(line_text(&l[0]), ' ') ? 0.5 : 1.5;
			ck_assert_msg(n < 2 || han <= most * EM,
				      "at %.0f em the Han gaps open by %.2f em: '%s'",
				      w, han / EM, line_text(&l[0]));
			for (int i = 0; i + 1 < n; i++) {
				/* Runs point into the text: the next line starts at nx. */
				const char *nx = l[i + 1].runs[0].text;
				ck_assert_msg(!(isalpha((unsigned char)nx[-1]) && isalpha((unsigned char)nx[0])) ||
						      ends_with_hyphen(&l[i]),
					      "at %.0f em a word is cut without a hyphen: '%s' | '%s'", w,
					      line_text(&l[i]), nx);
				const char *t = line_text(&l[i]);
				if (strchr(t, ' '))
					ck_assert_msg(fabs(l[i].width - w * EM) < TOL,
						      "at %.0f em '%s' is %.3f em wide", w, t, l[i].width / EM);
			}
		}
	}
}
END_TEST

/* A paragraph typed with its own full-width indent (　　近日) starts 2 em in,
 * not 2.5 em with the layout's indent (the spaces were taken for CJK–Latin
 * gaps) nor ½ em without one. */
START_TEST(test_typed_indent)
{
	reset_typo();
	struct text t = text_plain("\u3000\u3000近日经开区召开大会");
	for (int indent = 0; indent <= 1; indent++) {
		struct text_opts o = { &ROLE, 20 * EM, indent * 2 * EM, true, ALIGN_LEFT, false, &TYPO, 0, false };
		struct line *l;
		ck_assert_int_eq(text_compose(TC, &t, &o, &A, NULL, &l), 1);
		ck_assert_double_eq_tol(xof(&l[0], "近", 0), 2 * EM, TOL);
	}
}
END_TEST

/* A right-to-left run (a Hebrew or Arabic name) inside Chinese text: its
 * glyphs come in visual order, and every character still comes out once,
 * in logical order, whatever the width. */
START_TEST(test_rtl_run)
{
	reset_typo();
	static const char *const texts[] = {
		"项目由\u05E9\u05DC\u05D5\u05DD公司承建，\u0645\u0631\u062D\u0628\u0627说。",
		"\u05E9\u05DC\u05D5\u05DD",
		"（\u0645\u0631\u062D\u0628\u0627）MMA项目",
	};
	for (size_t k = 0; k < ARRAY_LEN(texts); k++) {
		for (double w = 1; w <= 12; w += 1) {
			struct line *l;
			int n = compose(texts[k], w, true, &l);
			char joined[512] = "";
			for (int i = 0; i < n; i++)
				strcat(joined, line_text(&l[i]));
			ck_assert_msg(only_spaces_removed(texts[k], joined), "'%s' at %.0f em came out as '%s'",
				      texts[k], w, joined);
		}
	}
}
END_TEST


/* Where a line may break inside a URL, an e-mail address or a path: after a
 * separator (/ . _ ? & = # @ : -) that another separator does not follow,
 * before an opening bracket and after a closing one, never in the first or
 * last two characters, no hyphen added; the text comes out whole. */
static const struct {
	const char *link;
	const char *breaks; /* '|' before each atom a line may start with */
} links[] = {
	{ "https://www.stats.gov.cn/sj/zxfb/", "https://|www.|stats.|gov.|cn/|sj/|zxfb/" },
	{ "/usr/share/doc/paiban", "/usr/|share/|doc/|paiban" },
	{ "~/.ssh/id_rsa.pub", "~/.ssh/|id_|rsa.|pub" },
	{ "debian/patches/series", "debian/|patches/|series" },
	{ "user@example.com", "user@|example.|com" },
	{ "https://a.cn/maint-guide/xy", "https://|a.|cn/|maint-|guide/|xy" },
	/* Before an opening bracket and after a closing one; not before a
	 * closing bracket, not after an opening one. */
	{ "sh://[user@]machine[:options]/[remote]", "sh://|[user@]|machine|[:|options]/|[remote]" },
	{ "/usr/lib/$(DEB_HOST_MULTIARCH)/", "/usr/|lib/|$(DEB_|HOST_|MULTIARCH)/" },
};

/* The ordinary break opportunities inside `piece`, set as 见<piece>。: the
 * piece with a '|' before each atom a line may start with (static buffer).
 * hyphens counts those that add a hyphen; price, if not NULL, gets the
 * price of the break before the atom at byte `at` of the piece. */
static const char *breaks_in(const char *piece, int *hyphens, size_t at, double *price)
{
	static char got[512];
	char text[256];
	snprintf(text, sizeof(text), "见%s。", piece);
	size_t from = strlen("见"), to = from + strlen(piece);
	struct text t = text_plain(text);
	struct text_opts o = { &ROLE, 1000, 0, false, ALIGN_LEFT, false, &TYPO, 0, false };
	struct shaped sh;
	text_shape(TC, &t, &o, &sh);
	size_t k = 0;
	*hyphens = 0;
	for (int i = 0; i < sh.n; i++) {
		const struct atom *a = &sh.atoms[i];
		if (a->start < from || a->start >= to)
			continue;
		if (a->brk && !a->emergency && a->start > from) {
			got[k++] = '|';
			*hyphens += a->hyphen;
		}
		if (price && a->start == from + at)
			*price = a->brk && !a->emergency ? a->penalty : -1;
		memcpy(got + k, text + a->start, a->end - a->start);
		k += a->end - a->start;
	}
	got[k] = '\0';
	shaped_release(&sh);
	return got;
}

START_TEST(test_link_breaks)
{
	reset_typo();
	int hyphens;
	ck_assert_str_eq(breaks_in(links[_i].link, &hyphens, 0, NULL), links[_i].breaks);
	ck_assert_msg(hyphens == 0, "%s: a hyphen in a link", links[_i].link);
	ck_assert(wordbreak_is_link(links[_i].link, strlen(links[_i].link)));
}
END_TEST

/* Breaks inside Western runs besides links, and their prices: a list typed
 * without spaces breaks after its commas (cheaply; 1,000 does not); a long
 * name in camel case between its words and an identifier after . _ -, at
 * the identifier's price; in a link, after a separator at the link's price
 * and after a - at the identifier's; a word of five or six letters is
 * hyphenated at a higher price than a longer one, a shorter word never, a
 * capitalised one (a name) at a name's price; none of the unhyphenated
 * ones adds a hyphen. */
static const struct {
	const char *piece;
	const char *breaks;
	int hyphens;
	const char *before; /* the price of the break before this text */
	double price;
} word_breaks[] = {
	{ "CP/M,OpenVMS,MS-DOS,AmigaOS", "CP/M,|OpenVMS,|MS-|DOS,|AmigaOS", 0, "OpenVMS",
	  WORDBREAK_LIST_COST },
	{ "1,000,000", "1,000,000", 0, NULL, 0 },
	{ "UsingSymbolsFiles", "Using|Symbols|Files", 0, "Symbols", WORDBREAK_IDENT_COST },
	{ "OpenVMS", "OpenVMS", 0, NULL, 0 },
	{ "fr_FR.UTF-8", "fr_|FR.|UTF-8", 0, "UTF", WORDBREAK_IDENT_COST },
	{ "https://a.cn/maint-guide/", "https://|a.|cn/|maint-|guide/", 0, "guide",
	  WORDBREAK_IDENT_COST },
	{ "https://a.cn/maint-guide/", "https://|a.|cn/|maint-|guide/", 0, "cn/",
	  WORDBREAK_URL_COST },
	{ "table", "ta|ble", 1, "ble", WORDBREAK_SHORT_COST },
	{ "international", "in|ter|na|tional", 3, "na", WORDBREAK_HYPHEN_COST },
	{ "word", "word", 0, NULL, 0 },
	{ "International", "In|ter|na|tional", 3, "na", WORDBREAK_NAME_COST },
	/* A name that begins with a full stop opens a line after a space, at
	 * an identifier's price; a full stop after a space, before a space,
	 * does not. */
	{ "检查 .changes 文件", "检|查 |.changes |文|件", 0, ".changes", WORDBREAK_IDENT_COST },
	{ "see it . Then", "see |it . |Then", 0, NULL, 0 },
};

START_TEST(test_word_breaks)
{
	reset_typo();
	int hyphens;
	double price = 0;
	size_t at = 0;
	if (word_breaks[_i].before) {
		const char *p = word_breaks[_i].piece;
		at = (size_t)(strstr(p, word_breaks[_i].before) - p);
	}
	const char *got = breaks_in(word_breaks[_i].piece, &hyphens, at, &price);
	ck_assert_str_eq(got, word_breaks[_i].breaks);
	ck_assert_int_eq(hyphens, word_breaks[_i].hyphens);
	if (word_breaks[_i].before)
		ck_assert_msg(fabs(price - word_breaks[_i].price) < 1e-6, "%s: %.0f before '%s', not %.0f",
			      word_breaks[_i].piece, price, word_breaks[_i].before,
			      word_breaks[_i].price);
}
END_TEST

/* A paragraph whose line would otherwise be left loose before a long path
 * breaks inside the path: every line with Chinese in it is flush (a line
 * of path pieces alone has nowhere to put its slack and stays ragged), and
 * the text comes back whole when the lines are joined. */
START_TEST(test_link_in_paragraph)
{
	reset_typo();
	const char *s = "配置文件保存在/usr/share/doc/paiban/examples/report.yaml中，请先复制。";
	struct line *l;
	int n = compose(s, 12, true, &l);
	ck_assert_int_ge(n, 2);
	const char *first = line_text(&l[0]);
	ck_assert_msg(!strncmp(first, "配置文件保存在/usr/", strlen("配置文件保存在/usr/")) &&
			      first[strlen(first) - 1] == '/',
		      "first line '%s'", first);
	char joined[512] = "";
	for (int i = 0; i < n; i++) {
		const char *t = line_text(&l[i]);
		bool chinese = false;
		for (const char *c = t; *c; c++)
			chinese |= (unsigned char)*c >= 0x80;
		if (i + 1 < n && chinese)
			ck_assert_msg(fabs(l[i].width - 12 * EM) < TOL, "'%s' is %.2f em", t, l[i].width / EM);
		strcat(joined, t);
	}
	ck_assert_str_eq(joined, s);
	/* Not a link: a standard's code, a product pair. */
	ck_assert(!wordbreak_is_link("GB/T", 4));
	ck_assert(!wordbreak_is_link("GNU/Linux", 9));
}
END_TEST

/* A long English word is hyphenated at the dictionary's points: the line
 * ends with the word's first part and a hyphen glyph (in the cluster of the
 * last letter, so the text stays as written), and the hyphen's advance is
 * part of the flush line. Short words, names and identifiers are not. */
START_TEST(test_hyphenation)
{
	reset_typo();
	struct line *l;
	const char *s = "这是一个很长的英文单词internationalization的例子，用来测试断词。";
	const char *han = "这是一个很长的英文单词";
	int n = compose(s, 15, true, &l);
	ck_assert_int_ge(n, 2);
	const char *first = line_text(&l[0]);
	ck_assert_msg(!strncmp(first, han, strlen(han)) && strlen(first) > strlen(han) + 1 &&
			      ends_with_hyphen(&l[0]),
		      "first line '%s'", first);
	ck_assert_double_eq_tol(l[0].width, 15 * EM, TOL);
	char joined[512] = "";
	for (int i = 0; i < n; i++)
		strcat(joined, line_text(&l[i]));
	ck_assert_str_eq(joined, s);
	/* No hyphenation points in words of four letters or identifiers. */
	struct text t = text_plain("中文 PubkeyAuthentication 和 word 中文");
	struct text_opts o = { &ROLE, 1000, 0, false, ALIGN_LEFT, false, &TYPO, 0, false };
	struct shaped sh;
	text_shape(TC, &t, &o, &sh);
	for (int i = 0; i < sh.n; i++)
		ck_assert_msg(!sh.atoms[i].hyphen, "a hyphen before '%s'", t.s + sh.atoms[i].start);
	shaped_release(&sh);
}
END_TEST

/* A hyphenation dictionary that cannot be read is an error naming the
 * file; the context keeps the one it had. */
START_TEST(test_hyphenation_missing)
{
	struct diag d;
	diag_init(&d);
	ck_assert_int_eq(text_load_hyphenation(TC, "/nonexistent/hyph_xx.dic", &d), -1);
	ck_assert_int_eq(d.errors, 1);
	ck_assert_str_eq(d.entries[0].msg, "cannot read the hyphenation dictionary");
	ck_assert_str_eq(d.entries[0].path, "/nonexistent/hyph_xx.dic");
	diag_release(&d);
	struct line *l;
	int n = compose("这是一个很长的英文单词internationalization的例子，用来测试断词。", 15, true, &l);
	ck_assert(ends_with_hyphen(&l[0]) && n >= 2);
}
END_TEST

/* Numbers with units, dates, standard codes and numbers written in groups
 * (a telephone number) stay together: no break opportunity inside them. */
static const char *const together[] = {
	"GB/T 4754—2017", "100 km", "6 月", "2025年3月5日", "2025-03-05", "ISO 9001", "10:30", "20 GB",
	"2582 4915", "+852 2582 4915", "6222 0200 1234 5678",
};

/* A line that breaks after the comma of CP/M,OpenVMS ends at the measure
 * with the comma's own advance: the kerning of ,O (shaped together) goes
 * with the O to the next line, or the comma would stand past the edge. */
START_TEST(test_break_unkerned)
{
	reset_typo();
	const char *s = "这不同于RT-11, CP/M,OpenVMS,MS-DOS,AmigaOS, 以及微软的Windows，这些系统"
			"存在一个路径包含了一个设备名字。";
	int found = 0;
	for (double w = 8; w <= 20; w += 0.25) {
		struct line *l;
		int n = compose(s, w, true, &l);
		for (int i = 0; i + 1 < n; i++) {
			const struct glyph_run *run = &l[i].runs[l[i].nruns - 1];
			const struct glyph *g = &run->glyphs[run->nglyphs - 1];
			const char *c = run->text + g->cluster;
			bool han = false; /* a line of Western text alone may stay ragged */
			for (const char *t = line_text(&l[i]); *t; t++)
				han |= (unsigned char)*t >= 0x80;
			if (*c != ',' || !isalpha((unsigned char)*l[i + 1].runs[0].text) || !han)
				continue;
			PangoRectangle logical;
			pango_font_get_glyph_extents(run->font, (PangoGlyph)g->id, NULL, &logical);
			double end = l[i].x + g->x + logical.width / (double)PANGO_SCALE;
			ck_assert_msg(fabs(end - w * EM) < TOL, "at %.2f em '%s' ends at %.3f em", w,
				      line_text(&l[i]), end / EM);
			found++;
		}
	}
	ck_assert_int_gt(found, 0);
}
END_TEST

/* A name that ends in a digit is no number: iproute2, ext4 and UTF-8 may
 * break from the Chinese word after their space, where 100 km and 6 月
 * stay together. */
START_TEST(test_name_not_number)
{
	reset_typo();
	static const char *const names[] = { "iproute2 命令", "ext4 文件", "UTF-8 编码" };
	for (size_t k = 0; k < ARRAY_LEN(names); k++) {
		int hyphens;
		const char *got = breaks_in(names[k], &hyphens, 0, NULL);
		ck_assert_msg(strstr(got, " |") != NULL, "'%s' cannot break after its space: '%s'",
			      names[k], got);
	}
	/* A number after a Han character (中 is U+4E2D, whose low byte is a
	 * '-') is still a number. */
	int hyphens;
	ck_assert_str_eq(breaks_in("x中3 个", &hyphens, 0, NULL), "x|中|3 个");
}
END_TEST

START_TEST(test_keep_together)
{
	reset_typo();
	char text[128];
	snprintf(text, sizeof(text), "执行%s的规定", together[_i]);
	struct text t = text_plain(text);
	struct text_opts o = { &ROLE, 1000, 0, false, ALIGN_LEFT, false, &TYPO, 0, false };
	struct shaped sh;
	text_shape(TC, &t, &o, &sh);
	size_t from = strlen("执行"), to = from + strlen(together[_i]);
	for (int i = 0; i < sh.n; i++)
		ck_assert_msg(!(sh.atoms[i].brk && !sh.atoms[i].emergency && sh.atoms[i].start > from &&
				sh.atoms[i].start < to),
			      "'%s' may break before byte %zu", together[_i], sh.atoms[i].start - from);
	shaped_release(&sh);
}
END_TEST

/* Traditional Chinese: with the language zh-Hant the text is shaped with
 * the pinned TC face, whose ，is centred in its cell (ink around the
 * middle, a quarter blank on each side), where the SC face puts it in the
 * lower left; a line-end ，still takes ½ em. */
static double comma_ink_centre(const struct line *ln, const char **family)
{
	for (int r = 0; r < ln->nruns; r++) {
		const struct glyph_run *run = &ln->runs[r];
		for (int g = 0; g < run->nglyphs; g++) {
			if (strncmp(run->text + run->glyphs[g].cluster, "，", strlen("，")))
				continue;
			static char fam[128];
			char *d = fonts_describe(run->font);
			snprintf(fam, sizeof(fam), "%s", d);
			free(d);
			*family = fam;
			hb_font_t *hb = pango_font_get_hb_font(run->font);
			hb_glyph_extents_t ext;
			ck_assert(hb_font_get_glyph_extents(hb, (hb_codepoint_t)run->glyphs[g].id, &ext));
			double adv = hb_font_get_glyph_h_advance(hb, (hb_codepoint_t)run->glyphs[g].id);
			return (ext.x_bearing + ext.width / 2.0) / adv;
		}
	}
	return -1;
}

START_TEST(test_traditional)
{
	reset_typo();
	struct line *l;
	const char *family = "";
	text_set_language(TC, LANG_HANT_TW);
	ck_assert_int_eq(compose("我想，當你學習一個電腦系統，就像學習。", 40, false, &l), 1);
	double c = comma_ink_centre(&l[0], &family);
	ck_assert_msg(strstr(family, "Noto Serif CJK TC Paiban") != NULL, "TC text set in %s", family);
	ck_assert_msg(c > 0.4 && c < 0.6, "the TC comma's ink centre is at %.2f of its advance", c);
	/* At a line end the centred comma loses both quarters: ½ em. */
	int n = compose("一二三四五六七八九十，一二三四五六七八九十", 10.5, true, &l);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(line_text(&l[0]), "一二三四五六七八九十，");
	ck_assert_double_eq_tol(l[0].width, 10.5 * EM, TOL);
	/* A mark right after a Western word is in the Western word's run
	 * (Pango gives it the word's script and so the language "en"): it
	 * still takes the TC face's centred form, and so do （） and ：. */
	static const char *after_latin[] = { "例如penguin，然後按鍵。", "安裝GUI（例如KDE），那麼", "名為foo：登入" };
	for (size_t i = 0; i < ARRAY_LEN(after_latin); i++) {
		ck_assert_int_eq(compose(after_latin[i], 40, false, &l), 1);
		for (int r = 0; r < l[0].nruns; r++) {
			const struct glyph_run *run = &l[0].runs[r];
			for (int g = 0; g < run->nglyphs; g++) {
				const unsigned char *u = (const unsigned char *)run->text + run->glyphs[g].cluster;
				bool fullwidth = u[0] == 0xEF && (u[1] == 0xBC || u[1] == 0xBD); /* U+FF00–FF7F */
				if (!fullwidth)
					continue;
				char *d = fonts_describe(run->font);
				ck_assert_msg(strstr(d, "TC Paiban") != NULL, "%.3s in \"%s\" set in %s", (const char *)u,
					      after_latin[i], d);
				free(d);
			}
		}
	}
	c = -1;
	ck_assert_int_eq(compose("例如penguin，然後", 40, false, &l), 1);
	c = comma_ink_centre(&l[0], &family);
	ck_assert_msg(c > 0.4 && c < 0.6, "the comma after penguin has its ink centre at %.2f", c);
	text_set_language(TC, LANG_HANS);
	ck_assert_int_eq(compose("我想，當你學習。", 40, false, &l), 1);
	c = comma_ink_centre(&l[0], &family);
	ck_assert_msg(strstr(family, "Noto Serif CJK SC Paiban") != NULL, "SC text set in %s", family);
	ck_assert_msg(c > 0 && c < 0.35, "the SC comma's ink centre is at %.2f of its advance", c);
}
END_TEST

static const struct {
	const char *in, *out;
} ascii[] = {
	{ "你好,世界", "你好，世界" },
	{ "你好, 世界", "你好，世界" },
	{ "真的?好!", "真的？好！" },
	{ "时间:10点;地点:会议室", "时间：10点；地点：会议室" },
	{ "增长(同比)", "增长（同比）" },
	{ "增长 (同比) 明显", "增长（同比）明显" },
	{ "(2025年)", "（2025年）" },
	{ "的原因。 (如果你)", "的原因。（如果你）" },
	{ "（甲） (乙)", "（甲）（乙）" },
	{ "见图(a)", "见图（a）" },
	{ "Python,Java", "Python,Java" },
	{ "1,234.5", "1,234.5" },
	{ "f(x) = 1", "f(x) = 1" },
	{ "Hello, world!", "Hello, world!" },
	/* After a mark that is (or has just been made) full-width. */
	{ "增长(同比),明显", "增长（同比），明显" },
	{ "真的?!", "真的？！" },
	{ "什么??", "什么？？" },
	{ "《红楼梦》,《西游记》", "《红楼梦》，《西游记》" },
	{ "他说“好”,我走了", "他说“好”，我走了" },
	{ "他说“OK”, then left", "他说“OK”, then left" },
	{ "时间:10:30", "时间：10:30" },
	{ "见https://a.cn/x?y=1", "见https://a.cn/x?y=1" },
	/* Whatever follows the Chinese side: a space and a Latin word too. */
	{ "6 月, AMD 的日本市场份额(按月销售量计算)达到", "6 月，AMD 的日本市场份额（按月销售量计算）达到" },
	{ "增长很快. The end", "增长很快。The end" },
	{ "增长很快.", "增长很快。" },
	{ "中国GDP增长(GDP)很快", "中国GDP增长（GDP）很快" },
	/* Latin context stays Latin. */
	{ "约为 3.14 倍", "约为 3.14 倍" },
	{ "like this (GDP) in English", "like this (GDP) in English" },
	{ "例如 e.g. 这样", "例如 e.g. 这样" },
	{ "文件说明.txt", "文件说明.txt" },
	{ "等等...", "等等..." },
};

START_TEST(test_ascii_punct)
{
	struct document doc;
	document_init(&doc);
	struct text t = text_plain(ascii[_i].in);
	fullwidth_text(&doc, &t, NULL, false);
	ck_assert_str_eq(t.s, ascii[_i].out);
	ck_assert_uint_eq(t.len, strlen(ascii[_i].out));
	document_release(&doc);
}
END_TEST

/* Parentheses nested deeper than the converter follows are left alone, and
 * the others still pair up: no （ is closed by an ASCII ) or the reverse. */
START_TEST(test_ascii_punct_deep)
{
	struct document doc;
	document_init(&doc);
	char in[256] = "", out[512] = "";
	for (int i = 0; i < 40; i++)
		strcat(in, "("), strcat(out, i < 32 ? "（" : "(");
	strcat(in, "中"), strcat(out, "中");
	for (int i = 0; i < 40; i++)
		strcat(in, ")"), strcat(out, i < 8 ? ")" : "）");
	struct text t = text_plain(in);
	fullwidth_text(&doc, &t, NULL, false);
	ck_assert_str_eq(t.s, out);
	document_release(&doc);
}
END_TEST

/* Bold and emphasis ranges move with the text. */
START_TEST(test_ascii_punct_ranges)
{
	struct document doc;
	document_init(&doc);
	struct text t = text_plain("你好,世界");
	struct text_range b = { strlen("你好,"), strlen("你好,世界") };
	t.bold = &b;
	t.nbold = 1;
	fullwidth_text(&doc, &t, NULL, false);
	ck_assert_uint_eq(b.start, strlen("你好，"));
	ck_assert_uint_eq(b.end, strlen("你好，世界"));
	document_release(&doc);
}
END_TEST

/* Every Chinese text of a report is converted, not only body text: table
 * titles and cells, chart titles, categories and series names, image
 * captions and quote sources. A key figure's value is a figure and stays. */
START_TEST(test_ascii_punct_everywhere)
{
	char report[1024];
	snprintf(report, sizeof(report),
		 "meta: {title: 标题(试行)}\n"
		 "body:\n"
		 "  - quote: {text: 正文。, source: \"某人(主任),讲话\"}\n"
		 "  - kpis: [{value: \"(1,2)\", label: 项目(个)}]\n"
		 "  - table: {title: \"表格(单位),说明\", rows: [[指标(单位), 数值], [产值(亿元), 12]]}\n"
		 "  - chart: {type: column, title: \"图表(一),说明\", categories: [一季度(预计)],"
		 " series: [{name: \"产量(吨)\", values: [1]}]}\n"
		 "  - image: {file: %s, caption: \"图片(一),说明\"}\n",
		 "park.png");
	t_copy("samples/data/park.png", "park.png"); /* next to the report */
	struct render r;
	struct diag d;
	t_render(&r, &d, t_write("punct-everywhere.yaml", report), "briefing");
	const struct block *b = r.doc.blocks;
	ck_assert_str_eq(r.doc.meta.title.s, "标题（试行）");
	ck_assert_str_eq(b[0].attribution.s, "某人（主任），讲话");
	ck_assert_str_eq(b[1].kpis[0].value.s, "(1,2)");
	ck_assert_str_eq(b[1].kpis[0].label.s, "项目（个）");
	ck_assert_str_eq(b[2].table->title.s, "表格（单位），说明");
	ck_assert_str_eq(b[2].table->cells[0].s, "指标（单位）");
	ck_assert_str_eq(b[2].table->cells[2].s, "产值（亿元）");
	ck_assert_str_eq(b[3].chart->title.s, "图表（一），说明");
	ck_assert_str_eq(b[3].chart->cats[0].s, "一季度（预计）");
	ck_assert_str_eq(b[3].chart->series[0].name.s, "产量（吨）");
	ck_assert_str_eq(b[4].image->caption.s, "图片（一），说明");
	render_release(&r);
	diag_release(&d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("compose");
	TCase *tc = tcase_create("rules");
	tcase_add_loop_test(tc, test_break_pairs, 0, (int)ARRAY_LEN(breaks));
	tcase_add_loop_test(tc, test_ascii_punct, 0, (int)ARRAY_LEN(ascii));
	tcase_add_test(tc, test_ascii_punct_ranges);
	tcase_add_test(tc, test_ascii_punct_deep);
	tcase_add_test(tc, test_ascii_punct_everywhere);
	suite_add_tcase(s, tc);
	tc = tcase_create("lines");
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_punct_widths, 0, (int)ARRAY_LEN(widths));
	tcase_add_test(tc, test_line_end_half);
	tcase_add_test(tc, test_line_start_open);
	tcase_add_test(tc, test_hanging);
	tcase_add_test(tc, test_cjk_latin_space);
	tcase_add_test(tc, test_grid);
	tcase_add_test(tc, test_no_orphan);
	tcase_add_test(tc, test_kinsoku_push_out);
	tcase_add_test(tc, test_kinsoku_push_in);
	tcase_add_test(tc, test_dash_pairs);
	tcase_add_test(tc, test_emphasis_dots);
	tcase_add_test(tc, test_justified_flush);
	tcase_add_test(tc, test_typed_space_stretch);
	tcase_add_test(tc, test_squeeze_order);
	tcase_add_test(tc, test_gap_order);
	tcase_add_test(tc, test_loose_past_threshold);
	tcase_add_test(tc, test_random_paragraphs);
	tcase_add_test(tc, test_rtl_run);
	tcase_add_test(tc, test_typed_indent);
	tcase_add_test(tc, test_text_width_typography);
	tcase_add_test(tc, test_western_words_justified);
	tcase_add_loop_test(tc, test_link_breaks, 0, (int)ARRAY_LEN(links));
	tcase_add_loop_test(tc, test_word_breaks, 0, (int)ARRAY_LEN(word_breaks));
	tcase_add_test(tc, test_name_not_number);
	tcase_add_test(tc, test_break_unkerned);
	tcase_add_test(tc, test_link_in_paragraph);
	tcase_add_test(tc, test_hyphenation);
	tcase_add_test(tc, test_hyphenation_missing);
	tcase_add_loop_test(tc, test_keep_together, 0, (int)ARRAY_LEN(together));
	tcase_add_test(tc, test_traditional);
	suite_add_tcase(s, tc);
	return t_run_suite(s) ? 1 : 0;
}
