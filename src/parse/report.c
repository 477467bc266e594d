/* report.c — reads a report (docs/report.md) into the document model. Checks
 * every key and type, splits text blocks into paragraphs, and keeps source
 * spans so later stages can point at the exact character. */
#include "parse/report.h"

#include <stdio.h>
#include <string.h>

#include "base/input.h"
#include "parse/figread.h"

struct parser {
	struct input in;
	struct document *doc;
	struct diag *d;
};

static struct span scalar_content_span(struct parser *p, struct node *n)
{
	return input_span(&p->in, n);
}

/* One inline text from a scalar; empty text when n is absent. */
static int read_text(struct parser *p, struct node *n, const char *what, struct text *out)
{
	const char *s;
	size_t len;
	*out = (struct text){ .s = "", .span = span_none() };
	if (!n)
		return 0;
	if (input_string(&p->in, n, what, &s, &len) < 0)
		return -1;
	text_from_markup(p->doc, p->d, s, len, scalar_content_span(p, n), out);
	return 0;
}

/* Split a scalar into paragraphs at blank lines. */
static int read_paragraphs(struct parser *p, struct node *n, const char *what,
			   struct block *b)
{
	const char *s;
	size_t len;
	if (input_string(&p->in, n, what, &s, &len) < 0)
		return -1;
	struct span whole = scalar_content_span(p, n);
	struct text probe = { .s = s, .len = len, .span = whole };
	struct text *paras = NULL;
	int np = 0, alloc = 0;
	size_t i = 0;
	while (i < len) {
		while (i < len && (s[i] == '\n' || s[i] == '\r' || s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= len)
			break;
		size_t start = i;
		/* A paragraph ends at a line that holds only blanks. */
		size_t end = len;
		for (size_t j = i; j < len; j++) {
			if (s[j] != '\n')
				continue;
			size_t k = j + 1;
			while (k < len && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'))
				k++;
			if (k >= len || s[k] == '\n') {
				end = j;
				break;
			}
		}
		GROW(paras, np, alloc);
		text_from_markup(p->doc, p->d, s + start, end - start,
				 text_span_at(&probe, start), &paras[np]);
		np++;
		i = end;
	}
	if (np == 0) {
		diag_error_at(p->d, whole, "%s is empty", what);
		free(paras);
		return -1;
	}
	b->paras = arena_memdup(&p->doc->arena, paras, (size_t)np * sizeof(*paras));
	b->npara = np;
	free(paras);
	return 0;
}

static int read_heading(struct parser *p, struct node *v, struct block *b)
{
	struct node *tn = v;
	b->level = 1;
	if (input_is_map(v)) {
		static const char *const keys[] = { "text", "level", NULL };
		int bad = input_check_keys(&p->in, v, keys, "a heading");
		tn = input_get(&p->in, v, "text");
		if (!tn) {
			diag_error_at(p->d, input_span(&p->in, v), "a heading needs 'text'");
			return -1;
		}
		struct node *ln = input_get(&p->in, v, "level");
		if (ln) {
			double lv;
			if (input_number(&p->in, ln, "a heading's level", &lv) < 0)
				bad++;
			else if (lv != 1 && lv != 2 && lv != 3) {
				diag_error_at(p->d, input_span(&p->in, ln), "a heading's level must be 1, 2 or 3");
				bad++;
			} else
				b->level = (int)lv;
		}
		if (bad)
			return -1;
	}
	b->paras = arena_alloc(&p->doc->arena, sizeof(struct text));
	b->npara = 1;
	if (read_text(p, tn, "a heading", &b->paras[0]) < 0)
		return -1;
	if (b->paras[0].len == 0) {
		diag_error_at(p->d, input_span(&p->in, tn), "a heading is empty");
		return -1;
	}
	return 0;
}

static int read_quote(struct parser *p, struct node *v, struct block *b)
{
	struct node *tn = v;
	if (input_is_map(v)) {
		static const char *const keys[] = { "text", "source", NULL };
		if (input_check_keys(&p->in, v, keys, "a quote"))
			return -1;
		tn = input_get(&p->in, v, "text");
		if (!tn) {
			diag_error_at(p->d, input_span(&p->in, v), "a quote needs 'text'");
			return -1;
		}
		if (read_text(p, input_get(&p->in, v, "source"), "a quote's source", &b->attribution) < 0)
			return -1;
	}
	return read_paragraphs(p, tn, "a quote", b);
}

static int read_list(struct parser *p, struct node *v, struct block *b)
{
	struct node *items = v;
	if (input_is_map(v)) {
		static const char *const keys[] = { "items", "ordered", NULL };
		if (input_check_keys(&p->in, v, keys, "a list"))
			return -1;
		struct node *on = input_get(&p->in, v, "ordered");
		if (on && input_bool(&p->in, on, "'ordered'", &b->ordered) < 0)
			return -1;
		items = input_get(&p->in, v, "items");
		if (!items) {
			diag_error_at(p->d, input_span(&p->in, v), "a list needs 'items'");
			return -1;
		}
	}
	if (input_want_seq(&p->in, items, "a list's items") < 0)
		return -1;
	int n = input_seq_len(items), bad = 0, i = 0;
	if (n == 0) {
		diag_error_at(p->d, b->span, "a list has no items");
		return -1;
	}
	b->paras = arena_array(&p->doc->arena, (size_t)n, sizeof(struct text));
	void *it = NULL;
	struct node *item;
	while ((item = input_seq_next(items, &it)) != NULL) {
		if (read_text(p, item, "a list item", &b->paras[i]) < 0) {
			bad++;
		} else if (b->paras[i].len == 0) {
			diag_error_at(p->d, input_span(&p->in, item), "a list item is empty");
			bad++;
		}
		i++;
	}
	b->npara = n;
	return bad ? -1 : 0;
}

static int read_kpis(struct parser *p, struct node *v, struct block *b)
{
	static const char *const keys[] = { "value", "unit", "label", "note", "change", "basis", NULL };
	if (input_want_seq(&p->in, v, "kpis") < 0)
		return -1;
	int n = input_seq_len(v), bad = 0, i = 0;
	if (n == 0) {
		diag_error_at(p->d, b->span, "kpis has no items");
		return -1;
	}
	b->kpis = arena_array(&p->doc->arena, (size_t)n, sizeof(struct kpi));
	b->nkpis = n;
	void *it = NULL;
	struct node *k;
	while ((k = input_seq_next(v, &it)) != NULL) {
		struct kpi *kp = &b->kpis[i++];
		if (input_want_map(&p->in, k, "a kpi") < 0) {
			bad++;
			continue;
		}
		kp->span = input_span(&p->in, k);
		bad += input_check_keys(&p->in, k, keys, "a kpi");
		struct node *vn = input_get(&p->in, k, "value");
		if (!vn) {
			diag_error_at(p->d, kp->span, "a kpi needs a 'value'");
			bad++;
		}
		if (read_text(p, vn, "a kpi's value", &kp->value) < 0) {
			bad++;
		} else if (vn && kp->value.len == 0) {
			diag_error_at(p->d, input_span(&p->in, vn), "a kpi's value is empty");
			bad++;
		}
		bad += read_text(p, input_get(&p->in, k, "unit"), "a kpi's unit", &kp->unit) < 0;
		bad += read_text(p, input_get(&p->in, k, "label"), "a kpi's label", &kp->label) < 0;
		bad += read_text(p, input_get(&p->in, k, "note"), "a kpi's note", &kp->note) < 0;
		bad += read_text(p, input_get(&p->in, k, "change"), "a kpi's change", &kp->change) < 0;
		bad += read_text(p, input_get(&p->in, k, "basis"), "a kpi's basis", &kp->basis) < 0;
	}
	return bad ? -1 : 0;
}

static const char *const block_keys[] = { "lead", "heading", "text", "quote", "list", "kpis",
					  "pagebreak", "chart", "table", "image", NULL };

static int read_block(struct parser *p, struct node *n, struct block *b)
{
	/* An empty item `- {}` has no position: point at the item before. */
	if (input_want_map(&p->in, n, "a body block") < 0)
		return -1;
	if (input_check_keys(&p->in, n, block_keys, "a body block"))
		return -1;
	void *it = NULL;
	struct node *kn, *v;
	const char *key = input_map_next(n, &it, &kn, &v);
	if (!key) {
		diag_error_at(p->d, input_span(&p->in, n),
			      "an empty body block; give one of: lead, heading, text, quote, list, kpis, pagebreak");
		return -1;
	}
	struct node *k2, *v2;
	const char *key2 = input_map_next(n, &it, &k2, &v2);
	if (key2) {
		diag_error_at(p->d, input_span(&p->in, k2),
			      "a body block has one key; this one has '%s' and '%s' (start a new list item with '- ')",
			      key, key2);
		return -1;
	}
	b->span = input_span(&p->in, kn);
	if (strcmp(key, "lead") == 0) {
		b->kind = BLOCK_LEAD;
		return read_paragraphs(p, v, "a lead", b);
	} else if (strcmp(key, "heading") == 0) {
		b->kind = BLOCK_HEADING;
		return read_heading(p, v, b);
	} else if (strcmp(key, "text") == 0) {
		b->kind = BLOCK_TEXT;
		return read_paragraphs(p, v, "a text block", b);
	} else if (strcmp(key, "quote") == 0) {
		b->kind = BLOCK_QUOTE;
		return read_quote(p, v, b);
	} else if (strcmp(key, "list") == 0) {
		b->kind = BLOCK_LIST;
		return read_list(p, v, b);
	} else if (strcmp(key, "kpis") == 0) {
		b->kind = BLOCK_KPIS;
		return read_kpis(p, v, b);
	} else if (strcmp(key, "pagebreak") == 0) {
		/* `pagebreak:`, `pagebreak: true` break; `pagebreak: false` is
		 * kept in the model as a block that does nothing. */
		bool on = true;
		b->kind = BLOCK_PAGEBREAK;
		p->in.near = b->span;
		if (input_is_scalar(v) || input_is_map(v) || input_is_seq(v))
			if (input_bool(&p->in, v, "pagebreak", &on) < 0)
				return -1;
		b->level = on;
		return 0;
	} else if (strcmp(key, "chart") == 0) {
		b->kind = BLOCK_CHART;
		return figread_chart(&p->in, p->doc, v, b);
	} else if (strcmp(key, "table") == 0) {
		b->kind = BLOCK_TABLE;
		return figread_table(&p->in, p->doc, v, b);
	} else if (strcmp(key, "image") == 0) {
		b->kind = BLOCK_IMAGE;
		return figread_image(&p->in, p->doc, v, b);
	}
	diag_error_at(p->d, b->span, "'%s' blocks are not supported yet by this version of paiban", key);
	return -1;
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

static int read_meta(struct parser *p, struct node *m)
{
	static const char *const keys[] = { "masthead", "issue", "publisher", "date", "title",
					    "subtitle", "byline", NULL };
	struct meta *mt = &p->doc->meta;
	if (input_want_map(&p->in, m, "'meta'") < 0)
		return -1;
	int bad = input_check_keys(&p->in, m, keys, "'meta'");
	bad += read_text(p, input_get(&p->in, m, "masthead"), "'masthead'", &mt->masthead) < 0;
	bad += read_text(p, input_get(&p->in, m, "issue"), "'issue'", &mt->issue) < 0;
	bad += read_text(p, input_get(&p->in, m, "publisher"), "'publisher'", &mt->publisher) < 0;
	bad += read_text(p, input_get(&p->in, m, "title"), "'title'", &mt->title) < 0;
	bad += read_text(p, input_get(&p->in, m, "subtitle"), "'subtitle'", &mt->subtitle) < 0;
	bad += read_text(p, input_get(&p->in, m, "byline"), "'byline'", &mt->byline) < 0;
	struct node *dn = input_get(&p->in, m, "date");
	if (dn && read_text(p, dn, "'date'", &mt->date) == 0) {
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

int report_parse(struct document *doc, struct diag *d, const char *path)
{
	struct parser p = { .doc = doc, .d = d };
	int errors_before = d->errors;
	if (input_load(&p.in, d, path) < 0) {
		input_release(&p.in);
		return -1;
	}
	doc->src = p.in.src;
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
	doc->blocks = arena_array(&doc->arena, (size_t)(n ? n : 1), sizeof(struct block));
	void *it = NULL;
	struct node *bn;
	while ((bn = input_seq_next(body, &it)) != NULL && !diag_full(d))
		read_block(&p, bn, &doc->blocks[i++]);
	doc->nblocks = i;
out:
	input_release(&p.in);
	return d->errors > errors_before ? -1 : 0;
}
