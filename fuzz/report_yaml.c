/* report_yaml.c — libFuzzer harness: a YAML report through the report
 * parser (libyaml's events, paiban's node tree, every block reader, CSV and
 * PNG files it names in the scratch folder's data/). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_parse_report("report.yaml", data, size);
	return 0;
}
