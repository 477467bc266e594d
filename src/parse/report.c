/* report.c — reads a report (docs/report.md) into the document model. Checks
 * every key and type, splits text blocks into paragraphs, and keeps source
 * spans so later stages can point at the exact character. */
#include "parse/report.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/blocks.h"
#include "parse/image_file.h"

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

/* A day written YYYY-MM-DD: into *out; an error at the value otherwise. */
static int read_day(struct reader *p, struct node *dn, const char *what, struct text *t,
		    struct day *out)
{
	if (reader_text(p, dn, what, t) < 0)
		return -1;
	int y, mo, dd, used = 0;
	const char *ds = t->s;
	bool shape = t->len == 10 && ds[4] == '-' && ds[7] == '-';
	for (int k = 0; shape && k < 10; k++)
		shape = k == 4 || k == 7 || (ds[k] >= '0' && ds[k] <= '9');
	if (shape && sscanf(ds, "%4d-%2d-%2d%n", &y, &mo, &dd, &used) == 3 && (size_t)used == t->len &&
	    y >= 1900 && y <= 9999 && mo >= 1 && mo <= 12 && dd >= 1 && dd <= days_in_month(y, mo)) {
		*out = (struct day){ true, y, mo, dd };
		return 0;
	}
	diag_error_at(p->d, input_span(&p->in, dn), "%s must be a date written YYYY-MM-DD, found '%s'", what,
		      t->s);
	return -1;
}

/* 版记 / 报尾: a mapping of texts and a date. */
static int read_imprint(struct reader *p, struct node *n, struct imprint *im)
{
	static const char *const keys[] = { "cc", "report", "send", "issue", "printer", "date", "copies",
					    NULL };
	if (input_want_map(&p->in, n, "'imprint'") < 0)
		return -1;
	int bad = input_check_keys(&p->in, n, keys, "'imprint'");
	bad += reader_text(p, input_get(&p->in, n, "cc"), "'cc'", &im->cc) < 0;
	bad += reader_text(p, input_get(&p->in, n, "report"), "'report'", &im->report) < 0;
	bad += reader_text(p, input_get(&p->in, n, "send"), "'send'", &im->send) < 0;
	bad += reader_text(p, input_get(&p->in, n, "issue"), "'issue'", &im->issue) < 0;
	bad += reader_text(p, input_get(&p->in, n, "printer"), "'printer'", &im->printer) < 0;
	bad += reader_text(p, input_get(&p->in, n, "copies"), "'copies'", &im->copies) < 0;
	struct node *dn = input_get(&p->in, n, "date");
	if (dn)
		bad += read_day(p, dn, "the imprint's 'date'", &im->date_text, &im->date) < 0;
	return bad ? -1 : 0;
}

/* A picture named in meta: a PNG file next to the report. */
static int read_meta_image(struct reader *p, struct node *n, const char *what, struct pixmap *pix)
{
	if (!n)
		return 0;
	char *path, *data;
	size_t len;
	if (reader_file(p, n, what, reader_png_exts, LIMIT_IMAGE_BYTES, &path, &data, &len) < 0)
		return -1;
	int rc = image_decode_png(path, data, len, input_span(&p->in, n), &p->doc->arena, p->d, pix);
	free(path);
	free(data);
	return rc;
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
					    "subtitle", "byline", "lang", "cover-image", "logo", "url",
					    "call-to-action", "kicker", "section", "attachments", "imprint",
					    NULL };
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
	bad += reader_text(p, input_get(&p->in, m, "call-to-action"), "'call-to-action'",
			   &mt->call_to_action) < 0;
	bad += read_meta_image(p, input_get(&p->in, m, "cover-image"), "'cover-image'", &mt->cover_image) < 0;
	bad += read_meta_image(p, input_get(&p->in, m, "logo"), "'logo'", &mt->logo) < 0;
	struct node *un = input_get(&p->in, m, "url");
	if (un && reader_text(p, un, "'url'", &mt->url) == 0) {
		/* What a QR code holds: a URL of printable ASCII, as a phone's
		 * scanner opens it (its length is checked by the encoder). */
		bool ok = mt->url.len > 0 && mt->url.len <= 1000;
		for (size_t k = 0; ok && k < mt->url.len; k++)
			ok = mt->url.s[k] > ' ' && mt->url.s[k] < 0x7F;
		if (!ok) {
			diag_error_at(p->d, input_span(&p->in, un),
				      "'url' must be a link of printable ASCII characters without spaces (at most 1000), such as https://example.cn/a");
			bad++;
		}
	} else if (un)
		bad++;
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
	bad += reader_text(p, input_get(&p->in, m, "kicker"), "'kicker'", &mt->kicker) < 0;
	bad += reader_text(p, input_get(&p->in, m, "section"), "'section'", &mt->section) < 0;
	struct node *an = input_get(&p->in, m, "attachments");
	if (an) {
		if (input_want_seq(&p->in, an, "'attachments'") < 0) {
			bad++;
		} else {
			mt->nattachments = input_seq_len(an);
			mt->attachments = arena_array(&p->doc->arena, (size_t)mt->nattachments + 1,
						      sizeof(struct text));
			void *it = NULL;
			struct node *x;
			for (int i = 0; (x = input_seq_next(an, &it)) != NULL; i++)
				bad += reader_text(p, x, "an attachment's name", &mt->attachments[i]) < 0;
		}
	}
	struct node *in = input_get(&p->in, m, "imprint");
	if (in)
		bad += read_imprint(p, in, &mt->imprint) < 0;
	struct node *dn = input_get(&p->in, m, "date");
	struct day day = { 0 };
	if (dn && read_day(p, dn, "'date'", &mt->date, &day) == 0) {
		mt->has_date = true;
		mt->year = day.year, mt->month = day.month, mt->day = day.day;
	} else if (dn)
		bad++;
	return bad ? -1 : 0;
}

int report_parse(struct document *doc, struct diag *d, const char *path, struct infiles *files)
{
	return report_parse_data(doc, d, path, NULL, files, NULL);
}

int report_parse_data(struct document *doc, struct diag *d, const char *path,
		      const struct data_opts *o, struct infiles *files, bool *usage_error)
{
	struct reader p = { .doc = doc, .d = d, .files = files };
	struct dataset ds;
	int errors_before = d->errors;
	if (input_load(&p.in, d, path, files) < 0) {
		input_release(&p.in);
		return -1;
	}
	doc->src = p.in.src;
	p.root = infile_root(path);
	static const char *const top_keys[] = { "meta", "body", "vars", "data", "computed", "checks", NULL };
	struct node *root = p.in.root;
	if (input_want_map(&p.in, root, "a report") < 0) {
		dataset_open(&ds, NULL, path, o, files, d);
		goto out;
	}
	input_check_keys(&p.in, root, top_keys, "the report");
	/* Data first: the blocks are read from the expanded tree. */
	if (dataset_open(&ds, root, path, o, files, d) < 0 || d->errors > errors_before)
		goto out;
	root = dataset_expand(&ds, root, &p.in.arena);
	if (!root || dataset_run_checks(&ds) < 0)
		goto out;
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
	if (usage_error)
		*usage_error = ds.usage_error;
	dataset_release(&ds);
	input_release(&p.in);
	return d->errors > errors_before ? -1 : 0;
}
