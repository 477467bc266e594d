/* dynlib.h — libraries opened when a document first needs them. librsvg
 * (SVG images) and qpdf (print boxes) are not linked: loading them and
 * what they pull in (libxml2, GnuTLS, p11-kit, nettle, gdk-pixbuf …) at
 * start-up cost every run 7 MB of memory and 19 million instructions of
 * relocation and constructors (5 % of a five-page report), and most runs
 * use neither. Each user lists the
 * functions it calls once, in an X-macro, and gets a struct of typed
 * pointers named like them:
 *
 *	#define QPDF_FUNCS(X) X(qpdf_init) X(qpdf_cleanup)
 *	DYNLIB_TABLE(qpdf, QPDF_FUNCS, PAIBAN_SONAME_QPDF, "print boxes");
 *	…
 *	if (dynlib_load(&qpdf_lib, d) < 0)
 *		return -1;
 *	qpdf_data q = qpdf_fn.qpdf_init();
 */
#ifndef PAIBAN_DYNLIB_H
#define PAIBAN_DYNLIB_H

#include <stdbool.h>

#include "base/diag.h"

struct dynlib {
	const char *soname;       /* what dlopen is given, e.g. "libqpdf.so.29" */
	const char *what;         /* what needs it, for the message: "print boxes" */
	const char *const *names; /* the functions, NULL-terminated … */
	void **fns;               /* … and where their addresses go, in order */
	/* Set by dynlib_load; error (why it failed) may be read once it
	 * has returned -1. */
	bool tried, loaded;
	char error[256];
};

/* A table for library NAME: NAME_fn, a struct with one pointer per
 * function FUNCS lists, of that function's type, and NAME_lib, which
 * dynlib_load fills it through. File-local (static). */
#define DYNLIB_FIELD_(f) __typeof__(f) *f;
#define DYNLIB_NAME_(f) #f,
#define DYNLIB_TABLE(name, FUNCS, so_, what_)                                       \
	static struct {                                                               \
		FUNCS(DYNLIB_FIELD_)                                                  \
	} name##_fn;                                                                  \
	static const char *const name##_names[] = { FUNCS(DYNLIB_NAME_) NULL };       \
	_Static_assert(sizeof(name##_fn) == (sizeof(name##_names) / sizeof(char *) - 1) * \
						sizeof(void *),                               \
		       "one pointer per function");                                  \
	static struct dynlib name##_lib = { .soname = so_, .what = what_,              \
					    .names = name##_names, .fns = (void **)&name##_fn }

/* Open l's library and look up its functions, the first time; later calls
 * return what the first one found. Thread-safe. Returns 0, or -1 with an
 * error in d ("print boxes need libqpdf.so.29, which cannot be loaded: …")
 * when the library or one of its functions is missing (no message when d
 * is NULL). */
int dynlib_load(struct dynlib *l, struct diag *d);

/* Whether l's library has been loaded in this process (for tests). */
bool dynlib_loaded(const struct dynlib *l);

#endif
