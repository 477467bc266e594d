/* report_json.c — libFuzzer harness: a JSON report through the report
 * parser (paiban's strict JSON reader, every block reader, CSV and
 * PNG files it names in the scratch folder's data/). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_parse_report("report.json", data, size);
	return 0;
}
