/* kpi_read.c — a kpis block (blocks.h): key figures, each a value with
 * unit, label, note and a change with its basis. */
#include "parse/blocks.h"

int read_kpis(struct reader *p, struct node *v, struct block *b)
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
		if (reader_text(p, vn, "a kpi's value", &kp->value) < 0) {
			bad++;
		} else if (vn && kp->value.len == 0) {
			diag_error_at(p->d, input_span(&p->in, vn), "a kpi's value is empty");
			bad++;
		}
		bad += reader_text(p, input_get(&p->in, k, "unit"), "a kpi's unit", &kp->unit) < 0;
		bad += reader_text(p, input_get(&p->in, k, "label"), "a kpi's label", &kp->label) < 0;
		bad += reader_text(p, input_get(&p->in, k, "note"), "a kpi's note", &kp->note) < 0;
		bad += reader_text(p, input_get(&p->in, k, "change"), "a kpi's change", &kp->change) < 0;
		bad += reader_text(p, input_get(&p->in, k, "basis"), "a kpi's basis", &kp->basis) < 0;
	}
	return bad ? -1 : 0;
}
