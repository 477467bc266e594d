/* expr.c — a fuzz harness for the expression parser (src/parse/expr.c):
 * LLVMFuzzerTestOneInput for libFuzzer, and, built with -DFUZZ_MAIN, a
 * driver that feeds it random and mutated expressions for N seconds:
 *   cc -std=c11 -D_GNU_SOURCE -DFUZZ_MAIN -fsanitize=address,undefined -Isrc \
 *      tools/fuzz/expr.c src/parse/expr.c src/base/decimal.c src/base/util.c -o build/fuzz-expr
 *   build/fuzz-expr 60
 * Every input must either parse or fail with a position inside the input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parse/expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct expr_error err;
	arena_init(&a);
	struct expr *e = expr_parse((const char *)data, size, &a, &err);
	if (!e && (err.off > size || err.off + err.len > size || !err.msg[0]))
		abort();
	arena_release(&a);
	return 0;
}

#ifdef FUZZ_MAIN
static const char *const pieces[] = {
	"cur", ".", "本月", "[", "]", "(", ")", "\"", "'", "“", "”", "1", "2.5", "1e3", "+", "-",
	"*", "/", "×", "÷", "−", "==", "!=", "<", "<=", "≥", "and", "or", "not", "?", ":", "??",
	"|", "fixed", "(1)", ",", " ", "null", "true", "sum(", "x", "\\", "\xff", "\xe4\xb8", "${",
	"}", "#", "((((((((", "))))))))", "-----", "1234567890123456789012345678901234567890",
};

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 10;
	unsigned seed = argc > 2 ? (unsigned)atoi(argv[2]) : 1;
	srand(seed);
	time_t end = time(NULL) + seconds;
	long runs = 0;
	char buf[4096];
	while (time(NULL) < end) {
		size_t n = 0;
		int k = rand() % 40;
		for (int i = 0; i < k; i++) {
			const char *p = pieces[rand() % (int)(sizeof(pieces) / sizeof(pieces[0]))];
			size_t l = strlen(p);
			if (n + l >= sizeof(buf))
				break;
			memcpy(buf + n, p, l);
			n += l;
		}
		/* Random bytes now and then. */
		for (int i = 0; i < (rand() % 4 == 0 ? 3 : 0) && n; i++)
			buf[rand() % n] = (char)(rand() & 0xff);
		LLVMFuzzerTestOneInput((const uint8_t *)buf, n);
		runs++;
	}
	printf("%ld inputs, no failure\n", runs);
	return 0;
}
#endif
