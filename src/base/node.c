/* node.c — questions about a node tree that both readers and every user of
 * the tree ask (node.h). */
#include "base/node.h"

#include <stdlib.h>
#include <string.h>

bool node_is_null(const struct node *n)
{
	if (!n)
		return true;
	if (n->kind != NODE_SCALAR || !n->plain)
		return false;
	return n->len == 0 || (n->len == 1 && n->s[0] == '~') ||
	       (n->len == 4 && memcmp(n->s, "null", 4) == 0);
}

struct node *node_get(const struct node *map, const char *key, struct node **key_node)
{
	if (!map || map->kind != NODE_MAP)
		return NULL;
	size_t len = strlen(key);
	for (int i = 0; i < map->n; i++) {
		const struct node *k = map->pairs[i].key;
		if (k->kind == NODE_SCALAR && k->len == len && !memcmp(k->s, key, len)) {
			if (key_node)
				*key_node = map->pairs[i].key;
			return map->pairs[i].value;
		}
	}
	return NULL;
}

static int cmp_keys(const void *a, const void *b)
{
	const struct node *x = ((const struct node_pair *)a)->key;
	const struct node *y = ((const struct node_pair *)b)->key;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	/* Equal keys in the order written, so the second is the one reported. */
	return x->span.off < y->span.off ? -1 : x->span.off > y->span.off;
}

int node_check_duplicates(const struct node *map, struct diag *d)
{
	if (map->n < 2)
		return 0;
	/* Sorted copies keep a mapping of a million keys from being quadratic. */
	struct node_pair *p = xreallocarray(NULL, (size_t)map->n, sizeof(*p));
	int m = 0;
	for (int i = 0; i < map->n; i++)
		if (map->pairs[i].key->kind == NODE_SCALAR)
			p[m++] = map->pairs[i];
	qsort(p, (size_t)m, sizeof(*p), cmp_keys);
	const struct node *dup = NULL;
	for (int i = 1; i < m; i++) {
		const struct node *a = p[i - 1].key, *b = p[i].key;
		if (a->len == b->len && !memcmp(a->s, b->s, a->len) &&
		    (!dup || b->span.off < dup->span.off))
			dup = b;
	}
	free(p);
	if (!dup)
		return 0;
	diag_error_at(d, dup->span, "duplicate key '%.*s' (it appears earlier in this mapping)",
		      (int)(dup->len > 60 ? 60 : dup->len), dup->s);
	return -1;
}
