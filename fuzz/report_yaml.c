/* report_yaml.c — libFuzzer harness: a YAML report through the report
 * parser (libyaml's events, paiban's node tree, every block reader, CSV and
 * PNG files it names in the scratch folder's data/). */
#include "fuzz.h"

#include "parse/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_write("report.yaml", data, size);
	struct document doc;
	struct diag d;
	document_init(&doc);
	diag_init(&d);
	int rc = report_parse(&doc, &d, path, NULL);
	FUZZ_CHECK((rc < 0) == (d.errors > 0));
	if (rc == 0)
		fuzz_check_document(&doc);
	fuzz_check_diag(&d);
	document_release(&doc);
	diag_release(&d);
	return 0;
}
