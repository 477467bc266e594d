/* model.h — the document: what a report says, independent of how it looks.
 * Produced by the report parser (report.c), read by flow. All strings and arrays
 * live in the document's arena and keep spans into the report's source. */
#ifndef PAIBAN_MODEL_H
#define PAIBAN_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "base/limits.h"
#include "base/pixmap.h"
#include "base/util.h"

/* A byte range [start, end) of a text with one inline style. */
struct text_range {
	size_t start, end;
};

/* A run of inline text (one paragraph, a title, a label): UTF-8 with markup
 * removed, the ranges that were **bold**, and where it came from. */
struct text {
	const char *s; /* NUL-terminated; "" when absent */
	size_t len;
	struct text_range *bold;
	int nbold;
	struct span span; /* span.off: source offset of the first character */
	struct text_range *emph; /* *emphasised*: 着重号 under each character */
	int nemph;
};

struct kpi {
	struct text value, unit, label, note;
	struct text change; /* "+5.2%", "-3", "▲5.2%": a change, rising or falling */
	struct text basis;  /* what the change compares with: 同比, 环比 */
	struct span span;
};

enum block_kind {
	BLOCK_LEAD,      /* 导语: paragraphs set apart below the title */
	BLOCK_HEADING,   /* section heading, level 1–3 */
	BLOCK_TEXT,      /* body paragraphs */
	BLOCK_QUOTE,     /* a quoted passage, optional source */
	BLOCK_LIST,      /* bulleted or numbered items */
	BLOCK_KPIS,      /* key figures: big numbers with unit and label */
	BLOCK_PAGEBREAK, /* start a new page */
	BLOCK_CHART,     /* a chart drawn from numbers (chart.h) */
	BLOCK_TABLE,     /* rows and columns of cells (table.h) */
	BLOCK_IMAGE,     /* a raster image with a caption (image.h) */
};

struct chart;
struct table;
struct image;

struct block {
	enum block_kind kind;
	struct span span;  /* the block's key in the report */
	int level;         /* heading: 1..3; pagebreak: 1 to break, 0 for `pagebreak: false` */
	bool ordered;      /* list: numbered */
	struct text *paras; /* lead/text/quote paragraphs, heading text, list items */
	int npara;
	struct text attribution; /* quote: who said it */
	struct kpi *kpis;
	int nkpis;
	struct chart *chart; /* BLOCK_CHART */
	struct table *table; /* BLOCK_TABLE */
	struct image *image; /* BLOCK_IMAGE */
};

/* A calendar day written YYYY-MM-DD in the report. */
struct day {
	bool set;
	int year, month, day;
};

/* What closes a printed document under its last rule (layout `imprint`):
 * a 公文's 版记 (GB/T 9704 §7.4: 抄送机关, 印发机关 and 印发日期) or a 简报's
 * 报尾 (报, 送, 发 and how many copies). */
struct imprint {
	struct text cc;                  /* 抄送 */
	struct text report, send, issue; /* 报, 送, 发 */
	struct text printer;             /* 印发机关 */
	struct text copies;              /* 共印 N 份 */
	struct text date_text;
	struct day date;                 /* 印发日期 */
};
/* The language of the report's text (meta.lang): Simplified Chinese
 * (zh-Hans, zh-CN, zh-SG), Traditional for Taiwan (zh-Hant, zh-TW) or Hong
 * Kong and Macao (zh-HK, zh-MO); AUTO when not given (decided from the
 * text's characters when composing). */
enum doc_lang { LANG_AUTO, LANG_HANS, LANG_HANT_TW, LANG_HANT_HK };

struct meta {
	struct text masthead, issue, publisher, title, subtitle, byline, date;
	bool has_date;
	int year, month, day;
	struct text kicker;       /* 引题: a line above the title (news) */
	struct text section;      /* the section's name, in the running head of inside pages */
	struct text *attachments; /* 附件说明: the attachments' names */
	int nattachments;
	struct imprint imprint;
	enum doc_lang lang;
	/* Social images: a picture behind the cover (w 0: none) and the
	 * publication's logo; a closing card's QR code leads to `url`, with
	 * the call to action under it. */
	struct pixmap cover_image, logo;
	struct text url, call_to_action;
};

struct document {
	struct arena arena;
	const struct source *src;
	struct meta meta;
	struct block *blocks;
	int nblocks;
	long chars; /* characters of text so far (at most LIMIT_CHARS) */
	long paragraphs; /* paragraphs, list items and headings (LIMIT_PARAGRAPHS) */
};

void document_init(struct document *doc);
void document_release(struct document *doc);

/* Source span of the character at byte `at` of t (for warnings about one
 * character, e.g. a character no font can draw). */
struct span text_span_at(const struct text *t, size_t at);

/* A text that comes from no source (page numbers, a formatted date). */
struct text text_plain(const char *s);

/* Convert inline markup in s[0..len) into `out`: "**" toggles bold. Newlines
 * inside a paragraph are dropped between CJK characters and become a space
 * between Latin words. A ** that is never closed is reported as a warning and
 * makes the rest of the paragraph bold. The text's characters count
 * towards the document's LIMIT_CHARS; the text that passes it is an error
 * at its span (the run then fails). */
void text_from_markup(struct document *doc, struct diag *d, const char *s, size_t len,
		      struct span span, struct text *out);

#endif
