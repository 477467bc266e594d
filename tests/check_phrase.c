/* check_phrase.c — display text breaks between words and phrases
 * (compose/phrase.h): a table of titles, headings, key-figure and chart
 * labels and table cells, each written with '/' where a line may break
 * (spaces allow a break after them), composed as display text at every
 * width from 4 to 20 em; no line may start anywhere else. Then the break
 * classes themselves, break hints, balanced titles, and body text left as
 * it was. Composes with the pinned 黑体 at 20 pt. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "compose/fonts.h"
#include "compose/phrase.h"
#include "compose/text.h"
#include "model/document.h"
#include "testutil.h"

#define EM 20.0
/* Held-out texts that never break inside a word (of 20). */
#define HELD_OUT_CLEAN 17

static struct fonts *F;
static struct text_ctx *TC;
static struct arena A;
static struct font_role ROLE = { "黑体", EM, 700, { 0, 0, 0 }, 1.3 };
static struct typography TYPO = { .punct = PUNCT_FULL, .kinsoku = KINSOKU_BASIC, .latin_space = 0.25,
				  .ascii_punct = true };

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
	arena_init(&A);
}

static void teardown(void)
{
	arena_release(&A);
	text_free(TC);
	fonts_free(F);
}

/* Titles and headings of Chinese news and reports, key-figure and chart
 * labels, table cells: '/' marks every place a line may break. Proper
 * names, organisations, numbers with their units and Latin words have none
 * inside. */
static const char *const cases[] = {
	"习近平/主持/中共中央/政治局/会议",
	"2023中国/开源/年度/报告",
	"经济/社会/发展",
	"国有/控股/企业",
	"营商/环境",
	"关于/进一步/优化/营商/环境的/意见",
	"全市/规模以上/工业/增加值/同比/增长/5.8%",
	"省市/重点/项目",
	"现代/服务业/集聚区",
	"化工/新材料",
	"研发/投入　7年/升93%",
	"项目/攻坚 稳住/经济/基本盘",
	"干字当头 向新/出发",
	"经开区/2025年/高质量/发展/大会/侧记",
	"中华人民共和国/国民经济/和/社会/发展/统计/公报",
	"粤港澳/大湾区/建设",
	"长江/经济带/高质量/发展/座谈会",
	"人工智能/赋能/新型/工业化",
	"新能源/汽车/产销量/连续/十年/全球/第一",
	"民生/支出/占/一般/公共/预算/收入",
	"签约/亿元/以上/项目",
	"500分以上/毕业生/占比",
	"北京大学/与/清华大学/联合/发布",
	"国家/统计局/发布/2024年/国民经济/运行/情况",
	"李强/出席/夏季/达沃斯/论坛",
	"王毅/同/美国/国务卿/布林肯/通电话",
	"比亚迪/第500万辆/新能源/汽车/下线",
	"上海/证券/交易所/科创板",
	"碳达峰/碳中和",
	"一带一路/倡议/十周年",
	"新质/生产力",
	"城镇/新增/就业/1256万人",
	"居民/消费/价格/指数/同比/上涨/0.2%",
	"社会/消费品/零售/总额",
	"专精特新/“小巨人”/企业",
	"数字化/转型/示范区",
	"中原大化/MMA/项目",
	"河南省/制造业/头雁/企业",
	"上半年/GDP/同比/增长/5%",
	"重点/项目/完成/投资",
	"招商/引资",
	"民生为本 幸福/指数/稳步/提升",
	"聚焦/“四高” 谋划/全年/工作",
	"全年/主要/目标",
	"新增/及/转移/就业",
	"2023中国/开源/年度/报告：/GitHub 和 Gitee",
	"JavaScript",
	"Python",
	"HTML",
	"JavaScript/与/TypeScript",
	"化工/新材料",
	"省市/重点/项目/建成/投产/项目",
	"濮上/实验/学校",
	"惠成/电子/跻身/河南省/制造业/头雁/企业",
	"签约/亿元/以上/项目/42个",
	"重点/项目/完成/投资/131.2亿元",
	"中国/人民/银行/下调/存款/准备金率",
	"世界/人工智能/大会/在沪/开幕",
};

/* The same kind of texts, written after the rules and the lexicon were
 * settled and never tuned against: the figure for them is printed, and
 * must stay at or above what it was when they were written. */
static const char *const held_out[] = {
	"国务院/常务/会议/研究/部署/稳就业/工作",
	"深圳市/南山区/科技园",
	"杭州/亚运会/筹备/工作/全面/就绪",
	"全国/人大/常委会/审议/民法典",
	"郑州/航空港区/电子/信息/产业/集群",
	"国家/发展/改革委/召开/新闻/发布会",
	"第十四届/全国/人民/代表/大会",
	"宁德时代/发布/新一代/电池",
	"长三角/一体化/发展/示范区",
	"文化/和/旅游部/公布/名单",
	"嫦娥六号/完成/月背/采样",
	"中央/经济/工作/会议/在/北京/举行",
	"农村/居民/人均/可支配/收入",
	"外贸/进出口/总值/41.8万亿元",
	"黄河/流域/生态/保护",
	"社区/养老/服务/中心",
	"DeepSeek/开源/大模型",
	"工业/互联网/平台",
	"粮食/产量/连续/9年/稳定/在/1.3万亿斤/以上",
	"小微/企业/贷款/余额",
};

struct allowed {
	char s[512];     /* the text without '/' */
	bool ok[512];    /* ok[b]: a line may start at byte b */
};

static void parse_case(const char *c, struct allowed *al)
{
	memset(al, 0, sizeof(*al));
	size_t o = 0;
	for (const char *p = c; *p; p++) {
		if (*p == '/') {
			al->ok[o] = true;
			continue;
		}
		al->s[o++] = *p;
		/* After a space (ASCII or U+3000) a line may start. */
		if (*p == ' ' || (o >= 3 && !memcmp(al->s + o - 3, "\xE3\x80\x80", 3)))
			al->ok[o] = true;
	}
	al->s[o] = '\0';
}

static int compose_display(const char *s, double width, struct line **lines)
{
	struct text t = text_plain(s);
	struct text_opts o = { .role = &ROLE, .width = width, .align = ALIGN_LEFT, .typo = &TYPO };
	return text_compose_display(TC, &t, &o, &A, NULL, lines);
}

/* Breaks that fall where the case has no '/': the count over every width
 * from 4 to 20 em in half-em steps; with `show`, each is printed. */
static int bad_breaks(const char *c, int *layouts, bool show)
{
	struct allowed al;
	parse_case(c, &al);
	int bad = 0;
	for (double w = 4; w <= 20 + 1e-9; w += 0.5) {
		struct line *ln;
		int n = compose_display(al.s, w * EM, &ln);
		(*layouts)++;
		for (int i = 1; i < n; i++) {
			size_t at = (size_t)(ln[i].runs[0].text - al.s);
			if (!al.ok[at]) {
				bad++;
				if (show)
					printf("  %s at %.1f em: break before '%.12s'\n", c, w, al.s + at);
			}
		}
	}
	return bad;
}

START_TEST(test_table_no_break_inside_words)
{
	int layouts = 0, bad = 0;
	ck_assert_int_ge((int)ARRAY_LEN(cases), 40);
	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		bad += bad_breaks(cases[i], &layouts, true);
	printf("phrase table: %zu texts, %d layouts (4 to 20 em), %d breaks inside a word\n",
	       ARRAY_LEN(cases), layouts, bad);
	ck_assert_int_eq(bad, 0);
}
END_TEST

START_TEST(test_held_out)
{
	int layouts = 0, bad = 0, clean = 0;
	for (size_t i = 0; i < ARRAY_LEN(held_out); i++) {
		int b = bad_breaks(held_out[i], &layouts, true);
		bad += b;
		clean += b == 0;
	}
	printf("phrase held-out: %d of %zu texts never break inside a word; %d bad breaks in %d layouts\n",
	       clean, ARRAY_LEN(held_out), bad, layouts);
	ck_assert_int_ge(clean, HELD_OUT_CLEAN);
}
END_TEST

/* The class before each character of s, as a string: '|' between words,
 * '/' next to a function word, ' ' open, '.' inside a word. */
static void classes(const char *s, char *out)
{
	unsigned char cls[256];
	size_t len = strlen(s);
	phrase_classify(s, len, cls);
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		size_t j = i;
		utf8_next(s, len, &j);
		out[o++] = i == 0 ? '^' : ".|/ "[cls[i]];
		i = j;
	}
	out[o] = '\0';
}

START_TEST(test_classes)
{
	static const struct {
		const char *text, *cls;
	} want[] = {
		/* ICU: 习|近平|主持: the surname binds to the given name. */
		{ "习近平主持会议", "^..|.|." },
		/* 开|源 → 开源; numbers keep their units. */
		{ "2023中国开源年度报告", "^...|.|.|.|." },
		/* A particle never starts a line; after it, a phrase edge. */
		{ "营商环境的意见", "^..../." },
		{ "国民经济和社会发展", "^...//.|." },
		/* Latin words are whole; spaces are open. */
		{ "GitHub 和 Gitee", "^.....    ...." },
		/* 增加|值|同|比 → 增加值 | 同比. */
		{ "增加值同比增长", "^..|.|." },
		/* The hint: no break before it, open after it. */
		{ "优化\u200B营商", "^.. ." },
	};
	for (size_t i = 0; i < ARRAY_LEN(want); i++) {
		char got[64];
		classes(want[i].text, got);
		ck_assert_msg(!strcmp(got, want[i].cls), "%s: got '%s', want '%s'", want[i].text, got,
			      want[i].cls);
	}
}
END_TEST

/* <br> forces a line break and <wbr> prefers one, in the report's text. */
START_TEST(test_hints)
{
	struct document doc;
	struct diag d;
	document_init(&doc);
	diag_init(&d);
	struct text t;
	text_from_markup(&doc, &d, "干字当头<br>向新出发", strlen("干字当头<br>向新出发"), span_none(), &t);
	ck_assert_str_eq(t.s, "干字当头\n向新出发");
	struct line *ln;
	struct text_opts o = { .role = &ROLE, .width = 20 * EM, .typo = &TYPO };
	ck_assert_int_eq(text_compose_display(TC, &t, &o, &A, NULL, &ln), 2);
	const char *wbr = "关于进一步优化营商环境<wbr>的意见和建议";
	text_from_markup(&doc, &d, wbr, strlen(wbr), span_none(), &t);
	ck_assert_str_eq(t.s, "关于进一步优化营商环境\u200B的意见和建议");
	/* 17 characters in 12 em: the hint wins over a more even break. */
	o.width = 12 * EM;
	ck_assert_int_eq(text_compose_display(TC, &t, &o, &A, NULL, &ln), 2);
	ck_assert_str_eq(ln[1].runs[0].text, "的意见和建议");
	/* Text without a hint: a particle never starts the line. */
	t = text_plain("关于进一步优化营商环境的意见和建议");
	ck_assert_int_eq(text_compose_display(TC, &t, &o, &A, NULL, &ln), 2);
	ck_assert(strncmp(ln[1].runs[0].text, "的", 3) != 0);
	ck_assert_int_eq(d.n, 0);
	diag_release(&d);
	document_release(&doc);
}
END_TEST

/* Body text is not display text: it still breaks between any two Han
 * characters (it fills its lines). */
START_TEST(test_body_unchanged)
{
	struct text t = text_plain("习近平主持中共中央政治局会议");
	struct text_opts o = { .role = &ROLE, .width = 8.5 * EM, .typo = &TYPO };
	struct line *ln;
	ck_assert_int_eq(text_compose(TC, &t, &o, &A, NULL, &ln), 2);
	ck_assert_int_eq(ln[0].runs[0].text_len, 8 * 3); /* 习近平主持中共中 */
}
END_TEST

Suite *phrase_suite(void);
Suite *phrase_suite(void)
{
	Suite *s = suite_create("phrase");
	TCase *tc = tcase_create("table");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_table_no_break_inside_words);
	tcase_add_test(tc, test_held_out);
	tcase_add_test(tc, test_classes);
	tcase_add_test(tc, test_hints);
	tcase_add_test(tc, test_body_unchanged);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return t_run_suite(phrase_suite()) ? 1 : 0;
}
