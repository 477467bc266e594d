/* fuzz.h — what paiban's libFuzzer harnesses share (docs/testing.md): a
 * scratch folder holding the sample data a fuzzed report may name, writing
 * an input there, and the checks every harness makes on what a reader
 * returns. A check that fails aborts, so libFuzzer (or the replay of the
 * regression inputs in `make test`) reports it like a crash.
 *
 * A harness is one file fuzz/NAME.c defining LLVMFuzzerTestOneInput (and
 * optionally LLVMFuzzerInitialize), plus one line in the Makefile naming
 * its seeds (FUZZ_SEEDS_NAME). */
#ifndef PAIBAN_FUZZ_H
#define PAIBAN_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "model/document.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The scratch folder (made on first use, under $TMPDIR or /dev/shm), with
 * copies of samples/data/ and samples/monthly/data/ in data/, so a report
 * can name data/gdp.csv, data/park.png or data/2025-04.csv. */
const char *fuzz_dir(void);
/* Write the input to fuzz_dir()/name; returns the path (static buffer). */
const char *fuzz_write(const char *name, const uint8_t *data, size_t size);
/* The input as a NUL-terminated heap copy (caller frees). */
char *fuzz_text(const uint8_t *data, size_t size);

/* Every entry formats; spans lie inside their source; the formatted text
 * is valid UTF-8 without control characters other than line ends (what a
 * terminal is shown); errors counted match the entries. */
void fuzz_check_diag(const struct diag *d);
/* Every text of the document is valid UTF-8, NUL-free and as long as it
 * says, and its styled ranges lie inside it. */
void fuzz_check_document(const struct document *doc);

/* The report harnesses' one step: the input written as the file NAME
 * (its extension picks YAML or JSON) through report_parse, its result and
 * messages checked. */
void fuzz_parse_report(const char *name, const uint8_t *data, size_t size);

/* Abort with a message when cond is false (kept in release builds). */
#define FUZZ_CHECK(cond)                                                        \
	do {                                                                    \
		if (!(cond))                                                    \
			fuzz_fail(__FILE__, __LINE__, #cond);                   \
	} while (0)
_Noreturn void fuzz_fail(const char *file, int line, const char *what);

#endif
