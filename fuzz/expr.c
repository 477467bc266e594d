/* expr.c — libFuzzer harness: the expression language of data-driven
 * reports (the text of ${…}), parsed and evaluated against the monthly
 * sample's variables and data (samples/monthly: three CSV tables), as
 * `paiban eval` does: paths, arithmetic on exact decimals, comparisons,
 * ?:, ??, calls and the formatters (万/亿, 同比, Chinese numerals and dates).
 * The report and its data are read anew for each input, so nothing one
 * expression does can change the next. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "base/input.h"
#include "parse/data.h"
#include "render.h"

static char report[600];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* The monthly sample beside the scratch folder's data/. */
	const char *names[] = { "report.yaml", "data/2025-03.csv", "data/2025-04.csv",
				"data/areas-2025-04.csv" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *from = xasprintf("%s/samples/monthly/%s", render_datadir(), names[i]);
		char *text;
		size_t len;
		if (read_file(from, (size_t)1 << 24, &text, &len) < 0)
			fuzz_fail(__FILE__, __LINE__, "cannot read samples/monthly");
		fuzz_write(names[i], (const uint8_t *)text, len);
		free(text);
		free(from);
	}
	snprintf(report, sizeof(report), "%s/report.yaml", fuzz_dir());
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size); /* up to the first NUL, as argv would be */
	struct diag d;
	struct input in;
	struct dataset ds;
	diag_init(&d);
	FUZZ_CHECK(input_load(&in, &d, report, NULL) == 0);
	FUZZ_CHECK(dataset_open(&ds, in.root, report, NULL, NULL, &d) == 0);
	int errors = d.errors;
	struct value v;
	int rc = dataset_eval_text(&ds, "<expression>", text, &v);
	FUZZ_CHECK((rc < 0) == (d.errors > errors));
	if (rc == 0) {
		char *t = value_to_text(&v);
		if (t)
			FUZZ_CHECK(utf8_invalid_at(t, strlen(t)) == (size_t)-1);
		free(t);
		(void)value_kind_name(&v);
	}
	fuzz_check_diag(&d);
	dataset_release(&ds);
	input_release(&in);
	diag_release(&d);
	free(text);
	return 0;
}
