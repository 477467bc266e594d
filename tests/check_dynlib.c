/* check_dynlib.c — libraries opened on first use (base/dynlib.h): a
 * library that is there is opened once and its functions are called
 * through the table; a missing library or function is an error that says
 * what needed it, and the table stays empty. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/dynlib.h"
#include "testutil.h"

/* libm is there on every machine paiban builds on. */
#define LIBM_FUNCS(X) X(cos) X(hypot)
DYNLIB_TABLE(libm, LIBM_FUNCS, "libm.so.6", "a test");

#define MISSING_FUNCS(X) X(cos)
DYNLIB_TABLE(missing, MISSING_FUNCS, "libpaiban-not-there.so.0", "charts on the moon");

/* A library that is there, but without one of the functions asked for. */
double paiban_no_such_function(double);
#define NOFUNC_FUNCS(X) X(cos) X(paiban_no_such_function)
DYNLIB_TABLE(nofunc, NOFUNC_FUNCS, "libm.so.6", "a test");

/* The message of d's only entry. */
static char *only_message(const struct diag *d)
{
	ck_assert_int_eq(d->n, 1);
	ck_assert_int_eq(d->errors, 1);
	return diag_format(&d->entries[0]);
}

START_TEST(test_loaded_once_and_called)
{
	struct diag d;
	diag_init(&d);
	ck_assert(!dynlib_loaded(&libm_lib));
	ck_assert_int_eq(dynlib_load(&libm_lib, &d), 0);
	ck_assert_int_eq(dynlib_load(&libm_lib, &d), 0);
	ck_assert(dynlib_loaded(&libm_lib));
	ck_assert_int_eq(d.n, 0);
	ck_assert_double_eq_tol(libm_fn.cos(0.0), 1.0, 1e-12);
	ck_assert_double_eq_tol(libm_fn.hypot(3.0, 4.0), 5.0, 1e-12);
	diag_release(&d);
}
END_TEST

START_TEST(test_missing_library)
{
	for (int i = 0; i < 2; i++) { /* the second call gives the same answer */
		struct diag d;
		diag_init(&d);
		ck_assert_int_eq(dynlib_load(&missing_lib, &d), -1);
		char *m = only_message(&d);
		ck_assert_msg(strstr(m, "charts on the moon need libpaiban-not-there.so.0, which cannot be loaded: ") &&
			      strstr(m, "libpaiban-not-there.so.0: cannot open shared object file"),
			      "%s", m);
		free(m);
		diag_release(&d);
	}
	ck_assert(!dynlib_loaded(&missing_lib));
	ck_assert_ptr_null(missing_fn.cos);
	ck_assert_int_eq(dynlib_load(&missing_lib, NULL), -1); /* no diagnostics: no message */
}
END_TEST

START_TEST(test_missing_function)
{
	struct diag d;
	diag_init(&d);
	ck_assert_int_eq(dynlib_load(&nofunc_lib, &d), -1);
	char *m = only_message(&d);
	ck_assert_msg(strstr(m, "a test need libm.so.6, which cannot be loaded: it has no function paiban_no_such_function"),
		      "%s", m);
	free(m);
	ck_assert_ptr_null(nofunc_fn.cos); /* all or nothing */
	ck_assert(!dynlib_loaded(&nofunc_lib));
	diag_release(&d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dynlib");
	TCase *tc = tcase_create("dynlib");
	tcase_add_test(tc, test_loaded_once_and_called);
	tcase_add_test(tc, test_missing_library);
	tcase_add_test(tc, test_missing_function);
	suite_add_tcase(s, tc);
	return t_run_suite(s) ? 1 : 0;
}
