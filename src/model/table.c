/* table.c — what a table's columns hold (model/table.h). */
#include "model/table.h"

#include <math.h>
#include <string.h>

#include "base/numfmt.h"

bool table_numeric_column(const struct table *t, int c, bool *plain)
{
	int numbers = 0;
	bool years = true, sequence = true;
	double prev = 0;
	for (int r = 1; r < t->nrows; r++) {
		const struct text *x = &t->cells[r * t->ncols + c];
		if (x->len == 0) {
			sequence = false;
			continue;
		}
		double v;
		size_t len = x->len;
		if (len > 0 && x->s[len - 1] == '%')
			len--;
		if (number_parse(x->s, len, &v) != 0)
			return false;
		years &= v == floor(v) && v >= 1000 && v <= 2999 && len == 4;
		sequence &= v == floor(v) && (numbers == 0 || v == prev + 1) && !memchr(x->s, ',', x->len);
		prev = v;
		numbers++;
	}
	*plain = numbers > 0 && (years || sequence);
	return numbers > 0;
}
