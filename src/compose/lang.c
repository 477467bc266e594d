/* lang.c — the language of a report (lang.h). The two sets are frequent
 * characters whose Simplified and Traditional forms are different code
 * points (这/這, 说/說, 国/國 …); a character written the same way in both
 * counts for neither. */
#include "compose/lang.h"

#include <string.h>

#include "base/util.h"

static const char simplified[] =
	"这说们来时个为国会对发见学经过还关问进种样长开实现点动与从当义头么东让话战应书听认"
	"师气车边觉门电报给马带员运总难写级区儿处议务产热备类设术变质标组织济团图转农历华观"
	"权规领导广飞专证众则杂价严协单厂统计数软档览页键机码录换网络链选项调试释节";
static const char traditional[] =
	"這說們來時個為國會對發見學經過還關問進種樣長開實現點動與從當義頭麼東讓話戰應書聽認"
	"師氣車邊覺門電報給馬帶員運總難寫級區兒處議務產熱備類設術變質標組織濟團圖轉農歷華觀"
	"權規領導廣飛專證眾則雜價嚴協單廠統計數軟檔覽頁鍵機碼錄換網絡鏈選項調試釋節";

/* Sets hold only 3-byte characters (U+4E00–9FFF in UTF-8). */
static bool in_set(const char *set, const char *ch)
{
	for (const char *p = set; *p; p += 3)
		if (!memcmp(p, ch, 3))
			return true;
	return false;
}

void lang_count(const char *s, size_t len, int *simp, int *trad)
{
	for (size_t i = 0; i < len;) {
		size_t at = i;
		int c = utf8_next(s, len, &i);
		if (c < 0x4E00 || c > 0x9FFF || i - at != 3)
			continue;
		if (in_set(simplified, s + at))
			(*simp)++;
		else if (in_set(traditional, s + at))
			(*trad)++;
	}
}

static void count_text(const struct text *t, int *simp, int *trad)
{
	if (t->s)
		lang_count(t->s, t->len, simp, trad);
}

enum doc_lang lang_of_document(const struct document *doc)
{
	if (doc->meta.lang != LANG_AUTO)
		return doc->meta.lang;
	int simp = 0, trad = 0;
	const struct meta *m = &doc->meta;
	const struct text *meta_texts[] = { &m->masthead, &m->issue, &m->publisher, &m->title,
					    &m->subtitle, &m->byline };
	for (size_t i = 0; i < ARRAY_LEN(meta_texts); i++)
		count_text(meta_texts[i], &simp, &trad);
	for (int i = 0; i < doc->nblocks; i++) {
		const struct block *bl = &doc->blocks[i];
		for (int k = 0; k < bl->npara; k++)
			count_text(&bl->paras[k], &simp, &trad);
		count_text(&bl->attribution, &simp, &trad);
	}
	return trad > simp ? LANG_HANT_TW : LANG_HANS;
}

const char *lang_tag(enum doc_lang l)
{
	switch (l) {
	case LANG_HANT_TW:
		return "zh-tw";
	case LANG_HANT_HK:
		return "zh-hk";
	default:
		return "zh-cn";
	}
}
