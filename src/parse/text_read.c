/* text_read.c — the body blocks of running text (blocks.h): headings,
 * quotes and lists; leads and text blocks are paragraphs read by
 * reader_paragraphs. */
#include "parse/blocks.h"

int read_heading(struct reader *p, struct node *v, struct block *b)
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
	if (reader_count_paragraphs(p, 1, b->span) < 0)
		return -1;
	b->paras = arena_alloc(&p->doc->arena, sizeof(struct text));
	b->npara = 1;
	if (reader_text(p, tn, "a heading", &b->paras[0]) < 0)
		return -1;
	if (b->paras[0].len == 0) {
		diag_error_at(p->d, input_span(&p->in, tn), "a heading is empty");
		return -1;
	}
	return 0;
}

int read_quote(struct reader *p, struct node *v, struct block *b)
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
		if (reader_text(p, input_get(&p->in, v, "source"), "a quote's source", &b->attribution) < 0)
			return -1;
	}
	return reader_paragraphs(p, tn, "a quote", b);
}

int read_list(struct reader *p, struct node *v, struct block *b)
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
	if (reader_count_paragraphs(p, n, b->span) < 0)
		return -1;
	b->paras = arena_array(&p->doc->arena, (size_t)n, sizeof(struct text));
	void *it = NULL;
	struct node *item;
	while ((item = input_seq_next(items, &it)) != NULL) {
		if (reader_text(p, item, "a list item", &b->paras[i]) < 0) {
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
