/* util.h — memory helpers shared by every stage: checked allocation, a growable
 * byte buffer with a size cap, an arena for per-document data, and a growable-array
 * macro. Allocation failure aborts with a message (there is no useful recovery
 * for a command-line renderer); size arithmetic is overflow-checked. */
#ifndef PAIBAN_UTIL_H
#define PAIBAN_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Abort the process with "paiban: BUG: …": an impossible internal state. */
_Noreturn void bug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Never return NULL; the caller frees with free(). */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow array `p` (with `alloc` slots) so that index `n` fits; git's ALLOC_GROW. */
#define GROW(p, n, alloc)                                                  \
	do {                                                               \
		if ((size_t)(n) >= (size_t)(alloc)) {                      \
			(alloc) = (alloc) < 8 ? 8 : (alloc) * 2;           \
			if ((size_t)(alloc) <= (size_t)(n))                \
				(alloc) = (n) + 1;                         \
			(p) = xreallocarray((p), (alloc), sizeof(*(p)));   \
		}                                                          \
	} while (0)

/* A growable byte string. Invariants: data is never NULL after buf_init, always
 * NUL-terminated at data[len]; len < cap. Appends past BUF_MAX abort (inputs are
 * size-checked before they reach a buffer, so this is a bug, not bad input). */
#define BUF_MAX ((size_t)1 << 30)
struct buf {
	char *data;
	size_t len, cap;
};
void buf_init(struct buf *b);
void buf_release(struct buf *b);
void buf_add(struct buf *b, const void *data, size_t n);
void buf_addstr(struct buf *b, const char *s);
void buf_addch(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* Hand the string to the caller (who frees it) and re-initialise b. */
char *buf_detach(struct buf *b, size_t *len);

/* A bump allocator: many small allocations, one release. Memory is zeroed. */
struct arena {
	struct arena_chunk *head;
};
void arena_init(struct arena *a);
void arena_release(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);
void *arena_array(struct arena *a, size_t nmemb, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
void *arena_memdup(struct arena *a, const void *p, size_t n);

/* Read a whole file (at most max_bytes) into a NUL-terminated heap buffer.
 * Returns 0, or -1 with errno set (EFBIG when the file is too large). */
int read_file(const char *path, size_t max_bytes, char **data, size_t *len);

/* UTF-8: decode one character at s[*i] (advancing *i); returns -1 for an
 * invalid or truncated sequence (and advances by one byte). */
int utf8_next(const char *s, size_t len, size_t *i);
/* Byte offset of the first invalid sequence, or (size_t)-1 if s is valid UTF-8. */
size_t utf8_invalid_at(const char *s, size_t len);
/* Number of characters in s[0..n). */
size_t utf8_count(const char *s, size_t n);

#endif
