/* report.c — reads a report (docs/report.md) into the document model. Checks
 * every key and type, splits text blocks into paragraphs, and keeps source
 * spans so later stages can point at the exact character. */
#include "parse/report.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/blocks.h"

/* Leads and text blocks are paragraphs; a heading, quote, list, kpis,
 * chart, table or image has a reader of its own (blocks.h). */
static int read_lead(struct reader *r, struct node *v, struct block *b)
{
	return reader_paragraphs(r, v, "a lead", b);
}

static int read_text(struct reader *r, struct node *v, struct block *b)
{
	return reader_paragraphs(r, v, "a text block", b);
}

/* `pagebreak:`, `pagebreak: true` break; `pagebreak: false` is kept in the
 * model as a block that does nothing. */
static int read_pagebreak(struct reader *r, struct node *v, struct block *b)
{
	bool on = true;
	r->in.near = b->span;
	if (input_is_scalar(v) || input_is_map(v) || input_is_seq(v))
		if (input_bool(&r->in, v, "pagebreak", &on) < 0)
			return -1;
	b->level = on;
	return 0;
}

/* Every kind of body block: its key in the report and its reader. */
static const struct {
	const char *key;
	enum block_kind kind;
	int (*read)(struct reader *r, struct node *v, struct block *b);
} block_readers[] = {
	{ "lead", BLOCK_LEAD, read_lead },
	{ "heading", BLOCK_HEADING, read_heading },
	{ "text", BLOCK_TEXT, read_text },
	{ "quote", BLOCK_QUOTE, read_quote },
	{ "list", BLOCK_LIST, read_list },
	{ "kpis", BLOCK_KPIS, read_kpis },
	{ "pagebreak", BLOCK_PAGEBREAK, read_pagebreak },
	{ "chart", BLOCK_CHART, read_chart },
	{ "table", BLOCK_TABLE, read_table },
	{ "image", BLOCK_IMAGE, read_image },
};

static int read_block(struct reader *p, struct node *n, struct block *b)
{
	const char *keys[ARRAY_LEN(block_readers) + 1];
	struct buf names;
	buf_init(&names);
	for (size_t i = 0; i < ARRAY_LEN(block_readers); i++) {
		keys[i] = block_readers[i].key;
		buf_addf(&names, "%s%s", i ? ", " : "", keys[i]);
	}
	keys[ARRAY_LEN(block_readers)] = NULL;
	int rc = -1;
	if (input_want_map(&p->in, n, "a body block") < 0 ||
	    input_check_keys(&p->in, n, keys, "a body block"))
		goto out;
	void *it = NULL;
	struct node *kn, *v;
	const char *key = input_map_next(n, &it, &kn, &v);
	if (!key) {
		diag_error_at(p->d, input_span(&p->in, n), "an empty body block; give one of: %s",
			      names.data);
		goto out;
	}
	struct node *k2, *v2;
	const char *key2 = input_map_next(n, &it, &k2, &v2);
	if (key2) {
		diag_error_at(p->d, input_span(&p->in, k2),
			      "a body block has one key; this one has '%s' and '%s' (start a new list item with '- ')",
			      key, key2);
		goto out;
	}
	b->span = input_span(&p->in, kn);
	/* An empty value (`- heading:`) has no place of its own: messages
	 * about it point at its key. */
	p->in.near = b->span;
	for (size_t i = 0; i < ARRAY_LEN(block_readers); i++)
		if (!strcmp(key, block_readers[i].key)) {
			b->kind = block_readers[i].kind;
			rc = block_readers[i].read(p, v, b);
			break;
		}
out:
	buf_release(&names);
	return rc;
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* A language tag of meta.lang, case-insensitive (BCP 47 as used for
 * Chinese); LANG_AUTO for one paiban does not know. */
static enum doc_lang lang_from_tag(const char *t)
{
	static const struct {
		const char *tag;
		enum doc_lang lang;
	} tags[] = { { "zh", LANG_HANS },	   { "zh-Hans", LANG_HANS },
		     { "zh-CN", LANG_HANS },	   { "zh-Hans-CN", LANG_HANS },
		     { "zh-SG", LANG_HANS },	   { "zh-Hant", LANG_HANT_TW },
		     { "zh-TW", LANG_HANT_TW },	   { "zh-Hant-TW", LANG_HANT_TW },
		     { "zh-HK", LANG_HANT_HK },	   { "zh-Hant-HK", LANG_HANT_HK },
		     { "zh-MO", LANG_HANT_HK },	   { "zh-Hant-MO", LANG_HANT_HK } };
	for (size_t i = 0; i < ARRAY_LEN(tags); i++)
		if (!strcasecmp(t, tags[i].tag))
			return tags[i].lang;
	return LANG_AUTO;
}

static int read_meta(struct reader *p, struct node *m)
{
	static const char *const keys[] = { "masthead", "issue", "publisher", "date", "title",
					    "subtitle", "byline", "lang", NULL };
	struct meta *mt = &p->doc->meta;
	if (input_want_map(&p->in, m, "'meta'") < 0)
		return -1;
	int bad = input_check_keys(&p->in, m, keys, "'meta'");
	bad += reader_text(p, input_get(&p->in, m, "masthead"), "'masthead'", &mt->masthead) < 0;
	bad += reader_text(p, input_get(&p->in, m, "issue"), "'issue'", &mt->issue) < 0;
	bad += reader_text(p, input_get(&p->in, m, "publisher"), "'publisher'", &mt->publisher) < 0;
	bad += reader_text(p, input_get(&p->in, m, "title"), "'title'", &mt->title) < 0;
	bad += reader_text(p, input_get(&p->in, m, "subtitle"), "'subtitle'", &mt->subtitle) < 0;
	bad += reader_text(p, input_get(&p->in, m, "byline"), "'byline'", &mt->byline) < 0;
	struct node *ln = input_get(&p->in, m, "lang");
	struct text lt;
	if (ln && reader_text(p, ln, "'lang'", &lt) == 0) {
		if ((mt->lang = lang_from_tag(lt.s)) == LANG_AUTO) {
			diag_error_at(p->d, input_span(&p->in, ln),
				      "unknown 'lang' '%s' (expected one of: zh-Hans, zh-CN, zh-SG, zh-Hant, zh-TW, zh-HK, zh-MO)",
				      lt.s);
			bad++;
		}
	} else if (ln)
		bad++;
	struct node *dn = input_get(&p->in, m, "date");
	if (dn && reader_text(p, dn, "'date'", &mt->date) == 0) {
		int y, mo, dd, used = 0;
		const char *ds = mt->date.s;
		bool shape = mt->date.len == 10 && ds[4] == '-' && ds[7] == '-';
		for (int k = 0; shape && k < 10; k++)
			shape = k == 4 || k == 7 || (ds[k] >= '0' && ds[k] <= '9');
		if (shape && sscanf(ds, "%4d-%2d-%2d%n", &y, &mo, &dd, &used) == 3 &&
		    (size_t)used == mt->date.len && y >= 1900 && y <= 9999 && mo >= 1 && mo <= 12 &&
		    dd >= 1 && dd <= days_in_month(y, mo)) {
			mt->has_date = true;
			mt->year = y, mt->month = mo, mt->day = dd;
		} else {
			diag_error_at(p->d, input_span(&p->in, dn),
				      "'date' must be a date written YYYY-MM-DD, found '%s'", mt->date.s);
			bad++;
		}
	} else if (dn)
		bad++;
	return bad ? -1 : 0;
}

int report_parse(struct document *doc, struct diag *d, const char *path, struct infiles *files)
{
	struct reader p = { .doc = doc, .d = d, .files = files };
	int errors_before = d->errors;
	if (input_load(&p.in, d, path, files) < 0) {
		input_release(&p.in);
		return -1;
	}
	doc->src = p.in.src;
	p.root = infile_root(path);
	static const char *const top_keys[] = { "meta", "body", NULL };
	struct node *root = p.in.root;
	if (input_want_map(&p.in, root, "a report") < 0)
		goto out;
	input_check_keys(&p.in, root, top_keys, "the report");
	struct node *meta = input_get(&p.in, root, "meta");
	if (meta)
		read_meta(&p, meta);
	struct node *body = input_get(&p.in, root, "body");
	if (!body) {
		diag_error_at(d, input_span(&p.in, root), "a report needs a 'body' list of blocks");
		goto out;
	}
	if (input_want_seq(&p.in, body, "'body'") < 0)
		goto out;
	int n = input_seq_len(body), i = 0;
	if (n > LIMIT_BLOCKS) {
		diag_error_at(d, input_span(&p.in, body),
			      "the body has %d blocks; a report has at most %d", n, LIMIT_BLOCKS);
		goto out;
	}
	doc->blocks = arena_array(&doc->arena, (size_t)(n ? n : 1), sizeof(struct block));
	void *it = NULL;
	struct node *bn;
	while ((bn = input_seq_next(body, &it)) != NULL && !diag_full(d))
		read_block(&p, bn, &doc->blocks[i++]);
	doc->nblocks = i;
out:
	free(p.root);
	input_release(&p.in);
	return d->errors > errors_before ? -1 : 0;
}
