/* phrase.c — word and phrase boundaries of display text (phrase.h). ICU's
 * word break iterator (dictionary based for Han) gives the segments; on
 * its own it splits names and common words into single characters (ICU 72:
 * 习|近平, 开|源, 优|化|营|商, 增加|值|同|比), so segments are grouped by the
 * rules below before any boundary is offered to the line composer. */
#include "compose/phrase.h"

#include <stdbool.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "base/util.h"
#include "compose/clreq.h"
#include "compose/shape.h"

/* Terms of reports and news that the dictionary splits or joins wrongly;
 * kept as one word (and their edges are word boundaries). */
static const char *const lexicon[] = {
	"同比", "环比", "增加值", "营商", "营商环境", "优化", "开源", "碳达峰", "碳中和",
	"新质生产力", "专精特新", "小巨人", "一带一路", "规上", "规模以上", "高质量",
	"高水平", "高品质", "高效能", "经开区", "开发区", "高新区", "自贸区", "示范区",
	"产业园", "产业链", "供应链", "数字化", "智能化", "网络化", "绿色化", "现代化",
	"市场化", "法治化", "国际化", "常态化", "一体化", "攻坚", "脱贫攻坚", "签约",
	"党建", "光伏", "赋能", "稳住", "做强", "做优", "做大", "落地", "到位", "获评",
	"获批", "导向", "实事", "长效", "联动", "紧盯", "锚定", "纵深", "民营", "节能",
	"招商", "引资", "党工委", "管委会", "大湾区", "粤港澳", "科创板", "京津冀",
	"长三角", "珠三角", "经济带", "新能源", "新材料", "新基建", "新动能", "新业态",
	"新赛道", "头雁", "瞪羚", "独角兽", "侧记", "综述", "述评", "纪实", "答记者问",
	"一季度", "二季度", "三季度", "四季度", "上半年", "下半年", "十四五", "十五五",
	"人工智能", "低空经济", "集聚区", "浦东新区", "雄安新区", "统计局",
	"发改委", "工信部", "财政部", "商务部", "国务院", "党中央", "中共中央", "政治局",
	"常委会", "人大", "政协", "两会", "比亚迪", "阿里巴巴", "腾讯", "华为", "小米",
	"中原大化", "中华人民共和国", "国民经济",
};

/* Particles that close what comes before them: never at a line start. */
static const char *const particles[] = {
	"的", "地", "得", "了", "着", "过", "们", "之", "吗", "呢", "吧", "啊", "等",
	"以上", "以下", "以内", "以外", "左右", "之间", "之后", "之前", "之中", "期间",
	"等等", "为止", "以来",
};

/* Conjunctions, prepositions and the like: a phrase starts or ends at them. */
static const char *const functions[] = {
	"和", "与", "及", "或", "并", "而", "同", "跟", "在", "于", "对", "向", "从", "把",
	"被", "为", "以", "将", "由", "让", "给", "按", "据", "至", "是", "也", "都", "又",
	"就", "还", "更", "再", "已", "且", "及其", "以及", "并且", "或者", "而且", "关于",
	"对于", "按照", "根据", "围绕", "通过", "随着", "由于", "为了", "经过", "依托",
	"面向", "立足", "推动", "促进", "加快", "坚持",
};

/* Single characters that bind to the word after them (第一, 新能源, 超
 * 大) and to the word before them (服务业, 统计局, 增加值). */
static const char prefixes[] = "第新老超非副总各本该每高低大小全初首准半单双多反亚泛微近约逾共";
static const char suffixes[] = "业区化值量率会局园带生力品性者员家式型度界史学法费额点站厅处院"
			       "所部委办队场馆厂线路市省县镇乡村州群圈端版篇记链网权制感观论港"
			       "湾岛城街类级期届项款价税金股";
/* Units and classifiers after a number (2025年, 500万辆, 31个). */
static const char units[] = "年月日号时分秒个元万亿千百十倍次名位项家户辆台件套座批人吨米度"
			    "岁期届层条天周亩份篇本成股只头余多强里克斤毫";

static bool in_list(const char *const *list, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && !memcmp(list[i], s, len))
			return true;
	return false;
}

/* Whether the character c (3 bytes of UTF-8 for these sets) is in set. */
static bool in_set(const char *set, const char *s, size_t len)
{
	if (len != 3)
		return false;
	for (const char *p = set; *p; p += 3)
		if (!memcmp(p, s, 3))
			return true;
	return false;
}

enum ckind { K_HAN, K_ALNUM, K_SPACE, K_PUNCT };

static enum ckind char_kind(int c)
{
	if (c == PHRASE_HINT || c == '\n' || clreq_class(c) == CC_SPACE)
		return K_SPACE;
	if ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A))
		return K_ALNUM;
	if (clreq_is_cjk(c))
		return K_HAN;
	/* Letters, digits, and what belongs inside numbers and words. */
	if (clreq_class(c) == CC_LATIN || c == '.' || c == '_' || c == '\'' || c == '+' ||
	    c == '#' || c == '&' || c == 0x2019)
		return K_ALNUM;
	return K_PUNCT;
}

struct word {
	int a, b;     /* characters [a, b) */
	enum ckind k; /* of its characters */
	bool particle, function, single, unit_taken;
};

struct pctx {
	const char *s;
	size_t len;
	int n;          /* characters */
	size_t *off;    /* byte offset of each character, off[n] = len */
	int *cp;        /* code points */
	bool *bnd;      /* bnd[k]: a word boundary before character k */
	unsigned char *cls; /* class of the boundary before character k */
};

static const char *wtext(const struct pctx *p, const struct word *w, size_t *len)
{
	*len = p->off[w->b] - p->off[w->a];
	return p->s + p->off[w->a];
}

static UBreakIterator *word_iterator(void)
{
	/* One iterator for the process: opening one loads ICU's rules and
	 * dictionary, which is kept (reachable) for the next text. */
	static UBreakIterator *it;
	if (!it) {
		UErrorCode e = U_ZERO_ERROR;
		it = ubrk_open(UBRK_WORD, "zh", NULL, 0, &e);
		if (U_FAILURE(e))
			it = NULL;
	}
	return it;
}

/* ICU's word boundaries, then the lexicon's words glued and bounded. */
static void find_boundaries(struct pctx *p)
{
	UBreakIterator *it = word_iterator();
	int *at = xmalloc((p->len + 1) * sizeof(*at)); /* byte → character */
	for (int k = 0; k <= p->n; k++)
		at[p->off[k]] = k;
	if (it) {
		UErrorCode e = U_ZERO_ERROR;
		UText *ut = utext_openUTF8(NULL, p->s, (int64_t)p->len, &e);
		ubrk_setUText(it, ut, &e);
		if (U_SUCCESS(e))
			for (int32_t q = ubrk_first(it); q != UBRK_DONE; q = ubrk_next(it))
				if (q > 0 && (size_t)q < p->len)
					p->bnd[at[q]] = true;
		utext_close(ut);
	} else {
		for (int k = 1; k < p->n; k++)
			p->bnd[k] = true;
	}
	free(at);
	/* Longest lexicon word at each character, left to right. Every word
	 * starts with a Han character of three bytes: other characters and
	 * other first characters are passed over cheaply (a title of letters
	 * was some 150 comparisons a character). */
	for (int k = 0; k < p->n;) {
		int best = 0;
		const char *here = p->s + p->off[k];
		bool han3 = clreq_is_cjk(p->cp[k]) && p->off[k] + 3 <= p->len;
		for (size_t i = 0; han3 && i < ARRAY_LEN(lexicon); i++) {
			if (memcmp(here, lexicon[i], 3))
				continue;
			size_t l = strlen(lexicon[i]);
			if (p->off[k] + l > p->len || memcmp(here, lexicon[i], l))
				continue;
			int m = (int)utf8_count(lexicon[i], l);
			if (m > best && (k + m == p->n || p->off[k + m] == p->off[k] + l))
				best = m;
		}
		if (best < 2) {
			k++;
			continue;
		}
		for (int j = k + 1; j < k + best; j++)
			p->bnd[j] = false;
		p->bnd[k] = p->bnd[k + best] = true;
		k += best;
	}
}

/* Words between boundaries; a change of kind is always a boundary, letters
 * and digits together are one word (5G, MP3), and each space or mark is a
 * word of its own. */
static int make_words(struct pctx *p, struct word *w)
{
	int nw = 0;
	for (int k = 0; k < p->n;) {
		enum ckind kk = char_kind(p->cp[k]);
		int j = k + 1;
		while (j < p->n && char_kind(p->cp[j]) == kk && kk != K_SPACE && kk != K_PUNCT &&
		       (kk == K_ALNUM || !p->bnd[j]))
			j++;
		struct word *x = &w[nw++];
		memset(x, 0, sizeof(*x));
		x->a = k, x->b = j, x->k = kk;
		if (kk == K_HAN) {
			size_t len;
			const char *t = wtext(p, x, &len);
			x->particle = in_list(particles, ARRAY_LEN(particles), t, len);
			x->function = !x->particle && in_list(functions, ARRAY_LEN(functions), t, len);
			x->single = j - k == 1 && !x->particle && !x->function;
		}
		k = j;
	}
	return nw;
}

static void set_before(struct pctx *p, const struct word *w, enum phrase_class c)
{
	p->cls[w->a] = (unsigned char)c;
}

static bool is_set(const struct pctx *p, const struct word *w, const char *set)
{
	size_t len;
	const char *t = wtext(p, w, &len);
	return in_set(set, t, len);
}

/* A word that can take a bound single character: Han and not a function
 * word, or (on the right) a number. */
static bool content(const struct word *w, bool right)
{
	if (!w)
		return false;
	if (w->k == K_HAN)
		return !w->function && !w->particle;
	return right && w->k == K_ALNUM;
}

/* Group the single characters of words[a, b) (all singles, none taken by a
 * number) with each other and their neighbours. */
static void bind_singles(struct pctx *p, struct word *w, int nw, int a, int b)
{
	struct word *L = a > 0 ? &w[a - 1] : NULL, *R = b < nw ? &w[b] : NULL;
	bool lc = content(L, false) && (L->b - L->a > 1 || L->unit_taken || L->k != K_HAN);
	bool rc = content(R, true) && (R->b - R->a > 1 || R->k != K_HAN);
	if (L && L->function && L->b - L->a == 1) {
		/* 向|新|出发, 在|沪|开幕: a one-character preposition and the
		 * character after it start their phrase together; a prefix
		 * keeps its word too (在|新|能源). */
		set_before(p, &w[a], PHRASE_INSIDE);
		if (b - a == 1) {
			if (rc && is_set(p, &w[a], prefixes))
				set_before(p, R, PHRASE_INSIDE);
			return;
		}
	}
	while (a < b && lc && is_set(p, &w[a], suffixes)) {
		set_before(p, &w[a], PHRASE_INSIDE); /* 服务|业 */
		a++;
	}
	while (a < b && rc && is_set(p, &w[b - 1], prefixes)) {
		set_before(p, &w[b], PHRASE_INSIDE); /* 新|能源, 第|500 */
		b--;
		rc = true;
	}
	if (b - a >= 2) {
		for (int i = a + 1; i < b; i++)
			set_before(p, &w[i], PHRASE_INSIDE); /* 李|强, 优|化|营|商 */
		return;
	}
	if (b - a != 1)
		return;
	/* One character alone: it goes with the neighbour it belongs to. */
	struct word *x = &w[a];
	L = a > 0 ? &w[a - 1] : NULL;
	R = a + 1 < nw ? &w[a + 1] : NULL;
	bool lh = L && L->k == K_HAN, rh = R && (R->k == K_HAN || R->k == K_ALNUM);
	if (content(L, false) && is_set(p, x, suffixes))
		set_before(p, x, PHRASE_INSIDE);
	else if (rh && content(R, true) && (R->k == K_ALNUM || R->b - R->a > 1))
		set_before(p, R, PHRASE_INSIDE); /* 习|近平, 升|93% */
	else if (content(L, false))
		set_before(p, x, PHRASE_INSIDE); /* 比亚|迪 */
	else if (rh && content(R, true))
		set_before(p, R, PHRASE_INSIDE);
	else if (lh)
		set_before(p, x, PHRASE_INSIDE); /* 民生|为|本 */
	else if (rh && R->k == K_HAN)
		set_before(p, R, PHRASE_INSIDE);
}

void phrase_classify(const char *s, size_t len, unsigned char *cls)
{
	struct pctx p = { .s = s, .len = len };
	int cap = (int)utf8_count(s, len) + 1;
	p.off = xmalloc((size_t)(cap + 1) * sizeof(*p.off));
	p.cp = xmalloc((size_t)cap * sizeof(*p.cp));
	p.bnd = xcalloc((size_t)cap + 1, sizeof(*p.bnd));
	p.cls = xcalloc((size_t)cap + 1, 1);
	for (size_t i = 0; i < len;) {
		p.off[p.n] = i;
		int c = utf8_next(s, len, &i);
		p.cp[p.n++] = c < 0 ? 0xFFFD : c;
	}
	p.off[p.n] = len;
	find_boundaries(&p);
	struct word *w = xcalloc((size_t)cap, sizeof(*w));
	int nw = make_words(&p, w);

	/* Defaults between two words. */
	for (int i = 1; i < nw; i++) {
		struct word *x = &w[i - 1], *y = &w[i];
		enum phrase_class c = PHRASE_WORD;
		if (y->k == K_SPACE && p.cp[y->a] == PHRASE_HINT)
			c = PHRASE_INSIDE; /* the hint ends the line it is on */
		else if (x->k == K_SPACE || y->k == K_SPACE || x->k == K_PUNCT || y->k == K_PUNCT)
			c = PHRASE_OPEN;
		else if (y->particle)
			c = PHRASE_INSIDE;
		else if (x->function || x->particle || y->function)
			c = PHRASE_FUNCTION;
		set_before(&p, y, c);
	}
	/* Numbers take their units and classifiers (2025年, 500万辆, 1256万人). */
	for (int i = 0; i + 1 < nw; i++) {
		if (w[i].k != K_ALNUM || w[i + 1].k != K_HAN)
			continue;
		for (int j = i + 1; j < nw && w[j].k == K_HAN; j++) {
			size_t l;
			const char *t = wtext(&p, &w[j], &l);
			if (!in_set(units, t, 3 < l ? 3 : l) || w[j].particle || w[j].function)
				break;
			set_before(&p, &w[j], PHRASE_INSIDE);
			w[j].unit_taken = true;
			w[j].single = false;
			if (w[j].b - w[j].a > 1)
				break; /* 万人 */
		}
	}
	for (int i = 0; i < nw;) {
		if (!w[i].single || w[i].unit_taken) {
			i++;
			continue;
		}
		int j = i;
		while (j < nw && w[j].single && !w[j].unit_taken)
			j++;
		bind_singles(&p, w, nw, i, j);
		i = j;
	}
	/* Inside words, and the result by byte. */
	for (int i = 0; i < nw; i++)
		for (int k = w[i].a + 1; k < w[i].b; k++)
			p.cls[k] = w[i].k == K_SPACE || w[i].k == K_PUNCT ? PHRASE_OPEN : PHRASE_INSIDE;
	for (int k = 0; k < p.n; k++)
		cls[p.off[k]] = k == 0 ? PHRASE_OPEN : p.cls[k];
	free(w);
	free(p.off);
	free(p.cp);
	free(p.bnd);
	free(p.cls);
}

void phrase_apply(const char *s, size_t len, struct atom *at, int n)
{
	if (n < 2)
		return;
	unsigned char *cls = xmalloc(len + 1);
	phrase_classify(s, len, cls);
	for (int i = 1; i < n; i++) {
		struct atom *x = &at[i];
		if (x->forced)
			continue;
		switch ((enum phrase_class)cls[x->start]) {
		case PHRASE_INSIDE:
			x->brk = false;
			break;
		case PHRASE_WORD:
			x->penalty += (float)PHRASE_COST_WORD;
			break;
		case PHRASE_FUNCTION:
			x->penalty += (float)PHRASE_COST_FUNCTION;
			break;
		case PHRASE_OPEN:
			break;
		}
		/* Never cut a word, even one longer than the line: it stands
		 * out past the measure (callers shrink it or make room). */
		if (x->emergency)
			x->brk = x->emergency = false;
	}
	free(cls);
}
