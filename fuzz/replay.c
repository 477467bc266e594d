/* replay.c — runs a harness of fuzz/ without libFuzzer, built with the
 * ordinary compiler: each file (or each file in each folder) given, or by
 * default every file in tests/fuzz/NAME/ for the program build/tests/fuzz_NAME,
 * is passed once to LLVMFuzzerTestOneInput. `make test` runs it over the
 * regression inputs, the ones fuzzing found and the seeds that matter, and
 * prints Check's summary line, so a crash or a failed check fails the
 * suite. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/util.h"
#include "fuzz.h"

__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_file(const char *path)
{
	char *data;
	size_t len;
	if (read_file(path, (size_t)64 << 20, &data, &len) < 0) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		return -1;
	}
	/* A copy of exactly len bytes, so ASan sees a read past the end. */
	uint8_t *copy = xmalloc(len ? len : 1);
	memcpy(copy, data, len);
	free(data);
	LLVMFuzzerTestOneInput(copy, len);
	free(copy);
	return 0;
}

static int run_path(const char *path, int *count)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: no such file or folder: %s\n", path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return run_file(path);
	}
	DIR *dp = opendir(path);
	char **names = NULL;
	int n = 0, alloc = 0, bad = 0;
	struct dirent *e;
	while (dp && (e = readdir(dp)) != NULL)
		if (e->d_name[0] != '.') {
			GROW(names, n, alloc);
			names[n++] = xasprintf("%s/%s", path, e->d_name);
		}
	if (dp)
		closedir(dp);
	if (n)
		qsort(names, (size_t)n, sizeof(*names), cmp);
	for (int i = 0; i < n; i++) {
		(*count)++;
		bad |= run_file(names[i]);
		free(names[i]);
	}
	free(names);
	return bad;
}

int main(int argc, char **argv)
{
	LLVMFuzzerInitialize(&argc, &argv);
	int count = 0, bad = 0;
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			bad |= run_path(argv[i], &count);
	} else {
		/* build/tests/fuzz_NAME → tests/fuzz/NAME */
		const char *base = strrchr(argv[0], '/');
		base = base ? base + 1 : argv[0];
		if (strncmp(base, "fuzz_", 5) != 0) {
			fprintf(stderr, "replay: give files or folders\n");
			return 2;
		}
		const char *src = getenv("PAIBAN_SRCDIR");
		char *dir = xasprintf("%s/tests/fuzz/%s", src && *src ? src : ".", base + 5);
		bad |= run_path(dir, &count);
		free(dir);
	}
	printf("Running suite(s): fuzz replay of %s\n", argc > 1 ? "the files given" : argv[0]);
	printf("%d%%: Checks: %d, Failures: %d, Errors: 0\n", bad ? 0 : 100, count, bad ? 1 : 0);
	return bad ? 1 : 0;
}
