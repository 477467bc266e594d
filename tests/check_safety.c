/* check_safety.c — what a run must never do to the files around it, beyond
 * the one-line cases of check_catalogue.c: a signal removes the run's
 * temporary files and exits 128 + its number; a killed run's leftovers are
 * removed by the next run or `paiban clean` once they are an hour old; a
 * full disk stops a PNG series at the first page that fails; the file
 * policy's own rules (links inside the folder, `..` that stays inside);
 * and messages escape what a terminal would obey. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/infile.h"
#include "base/outfile.h"
#include "base/util.h"
#include "compose/fonts.h"
#include "testutil.h"

#include <malloc.h>

/* A fresh folder build/tmp/NAME; returns its path (caller frees). */
static char *fresh_dir(const char *name)
{
	char *dir = xstrdup(t_tmp(name));
	char *cmd = xasprintf("rm -rf '%s' && mkdir -p '%s'", dir, dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	return dir;
}

static int count_temps(const char *dir)
{
	DIR *dp = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (dp && (e = readdir(dp)) != NULL)
		n += outfile_is_temp(e->d_name);
	if (dp)
		closedir(dp);
	return n;
}

/* A long report written as many PNG pages, so the run is still drawing
 * when the signal comes. */
static const char *long_report(const char *dir)
{
	struct buf b;
	buf_init(&b);
	buf_addstr(&b, "body:\n");
	for (int i = 0; i < 40; i++)
		buf_addstr(&b, "  - text: 项目建设是稳增长的压舱石，也是经济发展最直接、最有力的支撑。过去一年，经开区把制造业倍增行动作为工作主抓手，推动31个省市重点项目提速建设，全年完成投资131.2亿元，超出年度计划目标。\n  - pagebreak:\n");
	char *path = xasprintf("%s/long.yaml", dir);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(b.data, f);
	fclose(f);
	buf_release(&b);
	static char out[1024];
	snprintf(out, sizeof(out), "%s", path);
	free(path);
	return out;
}

/* Start paiban on a long PNG series, wait until its temporary files exist,
 * send sig; returns the exit status and leaves the stderr in *err. */
static int interrupt_run(int sig, const char *name, char **err)
{
	char *dir = fresh_dir(name);
	const char *report = long_report(dir);
	char *out = xasprintf("%s/p.png", dir), *errfile = xasprintf("%s/stderr.txt", dir);
	char *bin = xasprintf("%s/paiban", t_srcdir());
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		FILE *e = freopen(errfile, "w", stderr);
		(void)e;
		setenv("PAIBAN_DATADIR", t_srcdir(), 1);
		execl(bin, "paiban", "render", report, "-l", "briefing", "-o", out, "--dpi", "150",
		      (char *)NULL);
		_exit(127);
	}
	/* Up to 30 s for the temporary files to appear. */
	for (int i = 0; i < 3000 && count_temps(dir) == 0; i++)
		usleep(10000);
	ck_assert_msg(count_temps(dir) > 0, "no temporary file appeared in %s", dir);
	kill(pid, sig);
	int st;
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_msg(count_temps(dir) == 0, "temporary files left in %s after signal %d", dir, sig);
	*err = t_read(errfile, NULL);
	free(out);
	free(errfile);
	free(bin);
	free(dir);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
}

START_TEST(test_sigterm)
{
	char *err;
	ck_assert_int_eq(interrupt_run(SIGTERM, "sig-term", &err), 143);
	ck_assert_msg(strstr(err, "paiban: stopped by SIGTERM; ") && strstr(err, "temporary files removed"),
		      "stderr: %s", err);
	free(err);
}
END_TEST

START_TEST(test_sigint)
{
	char *err;
	ck_assert_int_eq(interrupt_run(SIGINT, "sig-int", &err), 130);
	ck_assert_msg(strstr(err, "paiban: stopped by SIGINT; "), "stderr: %s", err);
	free(err);
}
END_TEST

/* A temporary file an hour old is a killed run's: the next run into that
 * folder removes it; a fresh one (another run's, still writing) stays. */
START_TEST(test_stale_temps)
{
	char *dir = fresh_dir("stale");
	char *cmd = xasprintf("cd '%s' && printf 'body:\\n  - text: 正文\\n' > r.yaml && "
			      "touch -d '2 hours ago' .old.png.paiban-AbC123 && touch .new.png.paiban-XyZ789 && "
			      "touch -d '2 hours ago' .other.png.XyZ789 keep.png",
			      dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	char *args = xasprintf("render '%s/r.yaml' -l card -o '%s/card.png'", dir, dir);
	char *err;
	ck_assert_int_eq(t_run(args, &err), 0);
	free(err);
	free(args);
	char *old = xasprintf("%s/.old.png.paiban-AbC123", dir), *fresh = xasprintf("%s/.new.png.paiban-XyZ789", dir);
	char *other = xasprintf("%s/.other.png.XyZ789", dir), *keep = xasprintf("%s/keep.png", dir);
	ck_assert_msg(!t_exists(old), "the stale temporary file was not removed");
	ck_assert_msg(t_exists(fresh), "a fresh temporary file was removed");
	ck_assert_msg(t_exists(other) && t_exists(keep), "a file that is not paiban's was removed");
	/* paiban clean FOLDER: the same, and it says what it removed. */
	cmd = xasprintf("touch -d '2 hours ago' '%s' && cd '%s' && PAIBAN_DATADIR='%s' '%s/paiban' clean '%s'",
			fresh, t_srcdir(), t_srcdir(), t_srcdir(), dir);
	int st;
	char *out = t_capture(cmd, &st);
	ck_assert_int_eq(st, 0);
	char *want = xasprintf("removed %s/.new.png.paiban-XyZ789\n", dir);
	ck_assert_str_eq(out, want);
	ck_assert(!t_exists(fresh));
	free(want);
	free(out);
	free(cmd);
	ck_assert_int_eq(t_run("clean /nonexistent-folder", &err), 1);
	ck_assert_msg(strstr(err, "paiban: error: cannot read the folder /nonexistent-folder: No such file or directory"), "%s", err);
	free(err);
	free(old);
	free(fresh);
	free(other);
	free(keep);
	free(dir);
}
END_TEST

/* A PNG series on a full disk: the first page that fails stops the others
 * (before, every later page was drawn and failed in turn), and no file or
 * temporary file is left. A small tmpfs where one can be mounted, else a
 * file size limit. */
START_TEST(test_full_disk_png)
{
	char *dir = fresh_dir("full-png");
	const char *report = long_report(dir);
	char *cmd = xasprintf(
		"cd '%s' && mkdir full && P='%s/paiban' && export P PAIBAN_DATADIR='%s' && "
		"if unshare -rm true 2>/dev/null; then unshare -rm sh -c 'mount -t tmpfs -o size=64k tmpfs full && "
		"\"$P\" render %s -l briefing -o full/p.png --dpi 100 2>stderr.txt; echo $? > code.txt; ls -a full > left.txt'; "
		"else (ulimit -f 8; trap \"\" XFSZ; \"$P\" render %s -l briefing -o full/p.png --dpi 100 2>stderr.txt; echo $? > code.txt; ls -a full > left.txt); fi",
		dir, t_srcdir(), t_srcdir(), report, report);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	char *p = xasprintf("%s/code.txt", dir);
	char *code = t_read(p, NULL);
	free(p);
	p = xasprintf("%s/stderr.txt", dir);
	char *err = t_read(p, NULL);
	free(p);
	p = xasprintf("%s/left.txt", dir);
	char *left = t_read(p, NULL);
	free(p);
	ck_assert_int_eq(atoi(code), 3);
	int failures = 0;
	for (const char *s = err; (s = strstr(s, "error: cannot write PNG: ")); s++)
		failures++;
	ck_assert_msg(failures >= 1 && failures <= 4, "%d pages failed (of 40):\n%s", failures, err);
	ck_assert_msg(strstr(err, "No space left on device") || strstr(err, "File too large"), "%s", err);
	ck_assert_str_eq(left, ".\n..\n");
	free(code);
	free(err);
	free(left);
	free(dir);
}
END_TEST

/* Links and `..` are judged by where they lead. */
START_TEST(test_policy_inside)
{
	char *dir = fresh_dir("policy");
	char *cmd = xasprintf("cd '%s' && mkdir -p sub data && printf 'a,b\\n1,2\\n' > data/d.csv && "
			      "ln -s data/d.csv link.csv && ln -s .. up",
			      dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	char *report = xasprintf("%s/r.yaml", dir);
	char *root = infile_root(report);
	ck_assert_ptr_nonnull(root);
	struct diag d;
	diag_init(&d);
	static const struct {
		const char *name;
		bool ok;
	} cases[] = {
		{ "data/d.csv", true },     { "sub/../data/d.csv", true }, { "link.csv", true },
		{ "./data/./d.csv", true }, { "../d.csv", false },         { "up/x.csv", false },
		{ "sub/../../x.csv", false }, { "/etc/hosts.csv", false }, { "data/../../policy/x.csv", true },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		int errors = d.errors;
		char *p = infile_resolve(NULL, root, "the report's", report, cases[i].name, strlen(cases[i].name),
					 span_none(), &d);
		ck_assert_msg((p != NULL) == cases[i].ok, "%s: %s", cases[i].name, p ? "allowed" : "refused");
		ck_assert_int_eq(d.errors, errors + !cases[i].ok);
		free(p);
	}
	/* --allow-read lets the folder above in. */
	struct infiles f;
	infiles_init(&f);
	char *above = xasprintf("%s/..", dir);
	ck_assert_int_eq(infiles_allow(&f, above, &d), 0);
	char *p = infile_resolve(&f, root, "the report's", report, "../d.csv", 8, span_none(), &d);
	ck_assert_ptr_nonnull(p);
	free(p);
	infiles_release(&f);
	free(above);
	free(root);
	free(report);
	diag_release(&d);
	free(dir);
}
END_TEST

/* What a terminal would obey is written as an escape. */
START_TEST(test_escape)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "plain 文字", "plain 文字" },
		{ "\x1b[31mred\x07", "\\x1b[31mred\\x07" },
		{ "a\nb\tc\r", "a\\x0ab\\x09c\\x0d" },
		{ "del\x7f", "del\\x7f" },
		{ "bad\xff\xc3", "bad\\xff\\xc3" },
		{ "c1\xc2\x9b", "c1\\u009b" },
		{ "bidi\xe2\x80\xae\xe2\x81\xa6", "bidi\\u202e\\u2066" },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char *s = diag_escape(cases[i].in);
		ck_assert_str_eq(s, cases[i].out);
		free(s);
	}
	/* In a formatted message: the path and the message are escaped. */
	struct diag d;
	diag_init(&d);
	diag_error_file(&d, "x\x1b.yaml", "unknown key '\x1b]0;pwned\x07'");
	char *s = diag_format(&d.entries[0]);
	ck_assert_str_eq(s, "x\\x1b.yaml: error: unknown key '\\x1b]0;pwned\\x07'\n");
	free(s);
	diag_release(&d);
}
END_TEST

/* A span is cut to its source, whatever a reader computed. */
START_TEST(test_span_clamped)
{
	struct diag d;
	diag_init(&d);
	const struct source *src = diag_add_source(&d, "x.yaml", xstrdup("abc"), 3);
	struct span s = span_at(src, 2, 10);
	ck_assert_uint_eq(s.off, 2);
	ck_assert_uint_eq(s.len, 1);
	s = span_at(src, 9, 1);
	ck_assert_uint_eq(s.off, 3);
	ck_assert_uint_eq(s.len, 0);
	diag_release(&d);
}
END_TEST

/* Making and freeing the fonts keeps no memory: Pango 1.50 never dropped
 * its reference to the font configuration (13-15 kB a run before, 130 kB
 * with everything the configuration holds), which a batch of hundreds of
 * reports in one process would pile up. Measured with glibc's heap
 * counters (a sanitizer build has its own heap: the check is then void). */
START_TEST(test_fonts_released)
{
	struct diag d;
	diag_init(&d);
	char *dir = xasprintf("%s/fonts", t_srcdir());
	struct fonts *warm = fonts_new(dir, true, &d); /* fontconfig's own one-time caches */
	fonts_add_system(warm);
	fonts_free(warm);
	size_t before = mallinfo2().uordblks;
	for (int i = 0; i < 10; i++) {
		/* Every other time with the machine's fonts added, which keeps
		 * the first font map until the end (fonts_add_system). */
		struct fonts *f = fonts_new(dir, i % 2, &d);
		ck_assert_ptr_nonnull(f);
		if (i % 2)
			fonts_add_system(f);
		fonts_free(f);
	}
	size_t after = mallinfo2().uordblks;
	/* About 1 kB a run stays: fontconfig loses a little parsing its file
	 * (tests/valgrind.supp); 14 kB a run did before. */
	ck_assert_msg(after < before + 50 * 1024, "10 fonts_new/fonts_free kept %zu bytes",
		      after - before);
	free(dir);
	diag_release(&d);
}
END_TEST

static Suite *safety_suite(void)
{
	Suite *s = suite_create("safety");
	TCase *tc = tcase_create("signals");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_sigterm);
	tcase_add_test(tc, test_sigint);
	tcase_add_test(tc, test_stale_temps);
	suite_add_tcase(s, tc);
	tc = tcase_create("output");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_full_disk_png);
	suite_add_tcase(s, tc);
	tc = tcase_create("policy and messages");
	tcase_add_test(tc, test_policy_inside);
	tcase_add_test(tc, test_escape);
	tcase_add_test(tc, test_span_clamped);
	tcase_add_test(tc, test_fonts_released);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return t_run_suite(safety_suite()) ? 1 : 0;
}
