/* report.c — the flow report's lifetime (report.h). */
#include "flow/report.h"

#include <stdlib.h>
#include <string.h>

void flow_report_release(struct flow_report *rep)
{
	free(rep->lines);
	memset(rep, 0, sizeof(*rep));
}
