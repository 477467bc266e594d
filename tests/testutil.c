/* testutil.c — see testutil.h. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/util.h"

const char *t_srcdir(void)
{
	const char *s = getenv("PAIBAN_SRCDIR");
	return s && s[0] ? s : ".";
}

const char *t_tmpdir(void)
{
	const char *s = getenv("PAIBAN_TMPDIR");
	return s && s[0] ? s : "build/tmp";
}

static const char *rotate(const char *a, const char *b)
{
	static char bufs[8][1024];
	static int k;
	char *out = bufs[k++ % 8];
	snprintf(out, sizeof(bufs[0]), "%s/%s", a, b);
	return out;
}

const char *t_path(const char *rel)
{
	return rotate(t_srcdir(), rel);
}

const char *t_tmp(const char *name)
{
	return rotate(t_tmpdir(), name);
}

int t_run(const char *args, char **err)
{
	const char *errfile = t_tmp("stderr.txt");
	char *cmd = xasprintf("cd '%s' && PAIBAN_DATADIR='%s' ./paiban %s 2>'%s' >/dev/null",
			      t_srcdir(), t_srcdir(), args, errfile);
	int st = system(cmd);
	free(cmd);
	if (err) {
		size_t len;
		*err = t_read(errfile, &len);
		if (!*err)
			*err = xstrdup("");
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

const char *t_write(const char *name, const char *text)
{
	const char *path = t_tmp(name);
	FILE *f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "cannot write %s", path);
	fputs(text, f);
	fclose(f);
	return path;
}

const char *t_write_bytes(const char *name, const void *data, size_t len)
{
	const char *path = t_tmp(name);
	FILE *f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "cannot write %s", path);
	ck_assert(fwrite(data, 1, len, f) == len);
	fclose(f);
	return path;
}

const char *t_copy(const char *rel, const char *name)
{
	size_t len;
	char *data = t_read(t_path(rel), &len);
	ck_assert_msg(data != NULL, "cannot read %s", rel);
	const char *path = t_write_bytes(name, data, len);
	free(data);
	return path;
}

void t_render(struct render *r, struct diag *d, const char *report, const char *layout)
{
	struct render_opts o = { .report = report, .layout = layout, .datadir = t_srcdir() };
	diag_init(d);
	int rc = render_layout(r, &o, d);
	if (rc != 0)
		diag_print(d, stderr);
	ck_assert_int_eq(rc, 0);
}

char *t_read(const char *path, size_t *len)
{
	char *data;
	size_t n;
	if (read_file(path, (size_t)1 << 30, &data, &n) < 0)
		return NULL;
	if (len)
		*len = n;
	return data;
}

bool t_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

void t_golden_text(const char *name, const char *text)
{
	char *rel = xasprintf("tests/golden/%s", name);
	const char *path = t_path(rel);
	free(rel);
	if (getenv("PAIBAN_GOLDEN_UPDATE")) {
		FILE *f = fopen(path, "wb");
		ck_assert_msg(f != NULL, "cannot write %s", path);
		fputs(text, f);
		fclose(f);
		return;
	}
	char *want = t_read(path, NULL);
	ck_assert_msg(want != NULL, "missing golden %s (run make golden-update and review it)", path);
	if (strcmp(want, text) != 0) {
		char *actual = xasprintf("%s.actual", name);
		t_write(actual, text);
		/* Report the first line that differs. */
		const char *a = want, *b = text;
		int line = 1;
		while (*a && *a == *b) {
			if (*a == '\n')
				line++;
			a++, b++;
		}
		ck_abort_msg("%s differs from its golden at line %d; actual output in %s/%s", name, line,
			     t_tmpdir(), actual);
	}
	free(want);
}

int t_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed;
}

char *t_capture(const char *cmd, int *status)
{
	FILE *p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	struct buf b;
	buf_init(&b);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_add(&b, chunk, n);
	int st = pclose(p);
	if (status)
		*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return buf_detach(&b, NULL);
}

/* The flattened copy t_flat returns. It is made anew on every call: a
 * cache keyed on the page's addresses returned the items of a released
 * render when a new one happened to reuse the same memory (a test that
 * renders in a loop crashed in about 1 run of 50). */
static struct group flat;
static bool flat_init;

static void add_flat(const struct frame_item *it, void *arg)
{
	struct group *g = arg;
	if (g->nitems >= g->alloc) {
		g->alloc = g->alloc ? 2 * g->alloc : 64;
		g->items = xreallocarray(g->items, (size_t)g->alloc, sizeof(*g->items));
	}
	g->items[g->nitems++] = *it;
}

static void free_flat(void)
{
	free(flat.items);
}

const struct group *t_flat(const struct page *p)
{
	if (!flat_init)
		atexit(free_flat);
	flat_init = true;
	flat.nitems = 0;
	group_walk(&p->content, 0, 0, add_flat, &flat);
	return &flat;
}
