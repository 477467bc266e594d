/* csv.c — libFuzzer harness: a CSV file through the RFC 4180 reader, from
 * memory (UTF-8 and NUL checks, quoting, ragged rows, the cell limit). */
#include "fuzz.h"

#include <string.h>

#include "parse/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct diag d;
	struct csv csv;
	arena_init(&a);
	diag_init(&d);
	int rc = csv_read(&csv, "fuzz.csv", fuzz_text(data, size), size, &a, &d);
	FUZZ_CHECK((rc < 0) == (d.errors > 0));
	if (rc == 0) {
		FUZZ_CHECK(csv.nrows >= 1);
		for (int r = 0; r < csv.nrows; r++) {
			FUZZ_CHECK(csv.rows[r].n == csv.rows[0].n);
			for (int c = 0; c < csv.rows[r].n; c++) {
				const struct csv_cell *cell = &csv.rows[r].cells[c];
				FUZZ_CHECK(strlen(cell->s) == cell->len);
				FUZZ_CHECK(cell->span.off + cell->span.len <= size);
			}
		}
	}
	fuzz_check_diag(&d);
	diag_release(&d);
	arena_release(&a);
	return 0;
}
