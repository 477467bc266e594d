/* dynlib.c — libraries opened on first use (dynlib.h), with dlopen(3) and
 * dlsym(3). A library is opened once and kept for the rest of the process:
 * librsvg and qpdf register types and state that closing would leave
 * dangling. */
#include "base/dynlib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void load(struct dynlib *l)
{
	/* RTLD_LOCAL: the library's symbols do not become anyone else's. */
	void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		snprintf(l->error, sizeof(l->error), "%s", e ? e : "dlopen failed");
		return;
	}
	for (int i = 0; l->names[i]; i++) {
		void *f = dlsym(h, l->names[i]);
		if (!f) {
			snprintf(l->error, sizeof(l->error), "it has no function %s", l->names[i]);
			for (int k = 0; k < i; k++)
				l->fns[k] = NULL;
			dlclose(h);
			return;
		}
		l->fns[i] = f;
	}
	l->loaded = true;
}

int dynlib_load(struct dynlib *l, struct diag *d)
{
	pthread_mutex_lock(&lock);
	if (!l->tried) {
		l->tried = true;
		load(l);
	}
	bool ok = l->loaded;
	pthread_mutex_unlock(&lock);
	if (!ok && d)
		diag_error(d, "%s need %s, which cannot be loaded: %s", l->what, l->soname, l->error);
	return ok ? 0 : -1;
}

bool dynlib_loaded(const struct dynlib *l)
{
	pthread_mutex_lock(&lock);
	bool ok = l->loaded;
	pthread_mutex_unlock(&lock);
	return ok;
}
