/* chart.c — names of the chart types (model/chart.h). */
#include "model/chart.h"

#include <string.h>

static const char *const type_names[] = { "column", "bar", "line", "area", "combo",
					  "pie", "donut", "compare", "progress" };

const char *chart_type_name(enum chart_type t)
{
	return type_names[t];
}

int chart_type_from_name(const char *s, size_t len)
{
	for (size_t i = 0; i < ARRAY_LEN(type_names); i++)
		if (len == strlen(type_names[i]) && !memcmp(s, type_names[i], len))
			return (int)i;
	return -1;
}
