/* check_batch.c — batch publishing (docs/batch.md): plan expansion and
 * stable ids, output collisions refused, a failing job with and without
 * --keep-going (exit 4), cache skips and --force, NDJSON records with real
 * hashes, a machine font a job fell back to in its key, --resume after
 * killing a batch mid-way (no partial file), shards as a partition and GNU
 * parallel running four of them giving the same bytes as one run, watch
 * re-rendering on a data change and surviving a syntax error, watching
 * files that failed to load (missing, broken) until they are fixed, and
 * --diagnostics json. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "testutil.h"

/* A fixture folder in the temp folder: two reports, a CSV, a manifest. */
static const char *fixture(const char *name)
{
	/* Relative to the source folder, where the commands run, so paths in
	 * messages and records are as a user would see them. */
	static char dir[1024];
	snprintf(dir, sizeof(dir), "build/tmp/%s", name);
	char *cmd = xasprintf("cd '%s' && rm -rf '%s' && mkdir -p '%s'", t_srcdir(), dir, dir);
	int st;
	free(t_capture(cmd, &st));
	free(cmd);
	char rel[1100];
#define W(file, text)                                              \
	do {                                                       \
		snprintf(rel, sizeof(rel), "%s/%s", name, file);  \
		t_write(rel, text);                                \
	} while (0)
	W("areas.csv", "区域,值,系数\n甲,1.5,1\n乙,2,1\n丙,3.25,1\n丁,4,1\n");
	W("r.yaml", "vars:\n  period: {type: month, default: 2025-01}\n"
		    "data:\n  areas: {file: areas.csv, key: 区域}\n"
		    "meta:\n  title: ${period | cndate}\n"
		    "body:\n  - text: 合计${sum(areas.值)}\n");
	W("card.yaml", "vars:\n  period: {type: month, default: 2025-01}\n  area: 甲\n"
		       "data:\n  areas: {file: areas.csv, key: 区域}\n"
		       "meta:\n  title: ${area}\n"
		       "body:\n  - text: ${area}的值是${areas[area].值 * areas[area].系数}\n");
	W("m.yaml", "jobs:\n"
		    "  - name: b\n    report: r.yaml\n    vars: {period: [2025-01, 2025-02, 2025-03]}\n"
		    "    layouts: [briefing]\n    output: out/${period}/b.trace\n"
		    "  - name: c\n    report: card.yaml\n    vars: {period: 2025-03}\n"
		    "    for-each: {data: areas.csv, key: 区域, var: area}\n"
		    "    layout: card\n    output: out/cards/${area}.trace\n");
#undef W
	return dir;
}

/* Run a shell command in the source folder; its stdout, *status. */
static char *sh(int *status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *sh(int *status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct buf b;
	buf_init(&b);
	buf_addf(&b, "cd '%s' && export PAIBAN_DATADIR='%s' && ", t_srcdir(), t_srcdir());
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	char *out = t_capture(b.data, status);
	buf_release(&b);
	return out;
}

static int count(const char *s, const char *what)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

START_TEST(test_plan)
{
	const char *dir = fixture("plan");
	int st;
	char *a = sh(&st, "./paiban batch '%s/m.yaml' --plan | cut -f1", dir);
	ck_assert_int_eq(st, 0);
	/* Sorted ids: name, each variable's value, the row's key, the layout. */
	ck_assert_str_eq(a, "b/2025-01/briefing\nb/2025-02/briefing\nb/2025-03/briefing\n"
			    "c/2025-03/丁/card\nc/2025-03/丙/card\nc/2025-03/乙/card\nc/2025-03/甲/card\n");
	char *b = sh(&st, "./paiban batch '%s/m.yaml' --plan | cut -f1", dir);
	ck_assert_str_eq(a, b);
	char *json = sh(&st, "./paiban batch '%s/m.yaml' --plan --json", dir);
	ck_assert_msg(strstr(json, "\"id\": \"c/2025-03/乙/card\", \"report\": \"build/tmp/plan/card.yaml\", "
				   "\"layout\": \"card\", \"output\": \"build/tmp/plan/out/cards/乙.trace\", "
				   "\"vars\": {\"period\": \"2025-03\", \"area\": \"乙\"}"),
		      "%s", json);
	free(a);
	free(b);
	free(json);
}
END_TEST

START_TEST(test_collision)
{
	fixture("coll");
	t_write("coll/m.yaml", "jobs:\n  - name: b\n    report: r.yaml\n    vars: {period: [2025-01, 2025-02]}\n"
			       "    layouts: [briefing]\n    output: out/b.trace\n");
	char *err;
	int rc = t_run("batch build/tmp/coll/m.yaml", &err);
	ck_assert_int_eq(rc, 1);
	ck_assert_msg(strstr(err, "m.yaml:2:11: error: jobs 'b/2025-01/briefing' and 'b/2025-02/briefing' would both write build/tmp/coll/out/b.trace"),
		      "%s", err);
	ck_assert(!t_exists(t_tmp("coll/out")));
	free(err);
	/* An unknown key in a job. */
	t_write("coll/m2.yaml", "jobs:\n  - name: b\n    report: r.yaml\n    layout: card\n    output: x.png\n    ouput: y\n");
	rc = t_run("batch build/tmp/coll/m2.yaml", &err);
	ck_assert_int_eq(rc, 1);
	ck_assert_msg(strstr(err, "m2.yaml:6:5: error: unknown key 'ouput' in a job"), "%s", err);
	free(err);
}
END_TEST

START_TEST(test_keep_going)
{
	const char *dir = fixture("fail");
	/* The 乙 card fails: its row has no number. */
	t_write("fail/areas.csv", "区域,值,系数\n甲,1.5,1\n乙,2,二\n丙,3.25,1\n丁,4,1\n");
	int st;
	char *out = sh(&st, "./paiban batch '%s/m.yaml' -j 2 --keep-going --progress lines 2>&1; echo rc=$?", dir);
	ck_assert_msg(strstr(out, "rc=4"), "%s", out);
	ck_assert_msg(strstr(out, "paiban: 7 jobs: 6 rendered, 0 up to date, 1 failed, 0 not run"), "%s", out);
	ck_assert_msg(strstr(out, "  failed: c/2025-03/乙/card: build/tmp/fail/card.yaml:9:39: error: '*' needs numbers; this is text '二'"), "%s", out);
	ck_assert_msg(strstr(out, "build/tmp/fail/areas.csv:3:5: note: the value comes from here"), "%s", out);
	char *p = xasprintf("%s/out/cards/甲.trace", dir);
	ck_assert(t_exists(p));
	free(p);
	p = xasprintf("%s/out/cards/乙.trace", dir);
	ck_assert(!t_exists(p));
	free(p);
	free(out);
	/* Without --keep-going, one worker stops after the failure. */
	out = sh(&st, "./paiban batch '%s/m.yaml' -j 1 --force --progress none 2>&1; echo rc=$?", dir);
	ck_assert_msg(strstr(out, "rc=4"), "%s", out);
	ck_assert_msg(strstr(out, "1 failed, 1 not run"), "%s", out);
	free(out);
}
END_TEST

/* NDJSON records: every field, and the hashes are the files'. */
START_TEST(test_cache_and_records)
{
	const char *dir = fixture("cache");
	int st;
	char *out = sh(&st, "./paiban batch '%s/m.yaml' -j 2 --progress json 2>/dev/null", dir);
	ck_assert_int_eq(st, 0);
	ck_assert_int_eq(count(out, "\"status\": \"ok\""), 7);
	/* Each record names its inputs and its output with size and hash. */
	const char *rec = strstr(out, "{\"job\": \"c/2025-03/丙/card\"");
	ck_assert_msg(rec, "%s", out);
	char *line = xstrndup(rec, (size_t)(strchr(rec, '\n') - rec));
	/* Sorted: the layout (in the data folder), the data, the report. */
	ck_assert_msg(strstr(line, "layouts/card.yaml\", \"build/tmp/cache/areas.csv\", \"build/tmp/cache/card.yaml\"]"), "%s", line);
	char *sum = sh(&st, "sha256sum '%s/out/cards/丙.trace' | cut -c1-64 | tr -d '\\n'; printf ' '; wc -c < '%s/out/cards/丙.trace' | tr -d '\\n '", dir, dir);
	char *sp = strchr(sum, ' ');
	*sp = '\0';
	char *want = xasprintf("{\"path\": \"build/tmp/cache/out/cards/丙.trace\", \"sha256\": \"%s\", \"bytes\": %s, \"pages\": 1}", sum, sp + 1);
	ck_assert_msg(strstr(line, want), "%s\nwant %s", line, want);
	ck_assert_msg(strstr(line, "\"ms\": ") && strstr(line, "\"rss_kb\": "), "%s", line);
	free(want);
	free(sum);
	free(line);
	free(out);
	/* Again: everything is up to date. */
	out = sh(&st, "./paiban batch '%s/m.yaml' --progress json 2>/dev/null", dir);
	ck_assert_int_eq(count(out, "\"status\": \"skipped\""), 7);
	free(out);
	/* A change to the card report: only the cards render again. */
	char *cmd = xasprintf("printf '  - text: 新段落\\n' >> '%s/card.yaml'", dir);
	free(t_capture(cmd, &st));
	free(cmd);
	out = sh(&st, "./paiban batch '%s/m.yaml' --progress json 2>/dev/null", dir);
	ck_assert_int_eq(count(out, "\"status\": \"skipped\""), 3);
	ck_assert_int_eq(count(out, "\"status\": \"ok\""), 4);
	free(out);
	/* A changed variable of the plan is a new key. --force renders all. */
	out = sh(&st, "./paiban batch '%s/m.yaml' --force --progress json 2>/dev/null", dir);
	ck_assert_int_eq(count(out, "\"status\": \"ok\""), 7);
	free(out);
	/* A removed output is rendered again. */
	cmd = xasprintf("rm '%s/out/2025-02/b.trace'", dir);
	free(t_capture(cmd, &st));
	free(cmd);
	out = sh(&st, "./paiban batch '%s/m.yaml' --progress json 2>/dev/null", dir);
	ck_assert_int_eq(count(out, "\"status\": \"ok\""), 1);
	free(out);
}
END_TEST

/* A job that falls back to a machine font has that font's bytes in its
 * key: here a font under a family no pinned font has — a copy of a pinned
 * font, renamed when fontconfig scans it — in the machine's fontconfig
 * setup (FONTCONFIG_FILE), named by the job's layout. Touching the file
 * keeps the job up to date; changing its bytes renders it again. */
START_TEST(test_machine_font_in_key)
{
	const char *dir = fixture("mfont");
	char *abs = xasprintf("%s/%s", t_srcdir(), dir);
	int st;
	char *out = sh(&st, "mkdir -p '%s/machine' && cp fonts/NotoSansTC-Regular.otf '%s/machine/hei.otf' && echo ok", dir, dir);
	ck_assert_str_eq(out, "ok\n");
	free(out);
	char *conf = xasprintf("<?xml version=\"1.0\"?>\n<fontconfig>\n<dir>%s/machine</dir>\n<cachedir>%s/fc-cache</cachedir>\n"
			       "<match target=\"scan\"><test name=\"file\" compare=\"contains\"><string>hei.otf</string></test>"
			       "<edit name=\"family\" mode=\"assign_replace\"><string>Paiban Test Hei</string></edit></match>\n"
			       "</fontconfig>\n", abs, abs);
	t_write("mfont/machine.conf", conf);
	free(conf);
	t_write("mfont/lay.yaml", "base: briefing\nfonts:\n  body: {family: Paiban Test Hei}\n");
	t_write("mfont/m.yaml", "jobs:\n  - {name: b, report: r.yaml, layout: lay.yaml, output: out/b.trace}\n");
	char *cmd = xasprintf("FONTCONFIG_FILE=\"$PWD/%s/machine.conf\" XDG_CACHE_HOME=\"$PWD/%s/cache\" "
			      "./paiban batch '%s/m.yaml' --progress json 2>&1", dir, dir, dir);
	out = sh(&st, "%s", cmd);
	ck_assert_msg(st == 0 && count(out, "\"status\": \"ok\"") == 1, "%s", out);
	char *want = xasprintf("\"machine_fonts\": [\"%s/machine/hei.otf\"]", abs);
	ck_assert_msg(strstr(out, want), "%s\nwant %s", out, want);
	free(out);
	/* The body text really is in the machine's font. */
	char *trace = xasprintf("%s/out/b.trace", dir);
	char *t = t_read(t_path(trace), NULL);
	ck_assert_msg(t && strstr(t, "\"Paiban Test Hei "), "%s", t ? t : "(none)");
	free(t);
	free(trace);
	char *key = xasprintf("%s/out/.b.trace.paiban-key", dir);
	t = t_read(t_path(key), NULL);
	char *line = xasprintf("\nfont %s/machine/hei.otf\n", abs);
	ck_assert_msg(t && strstr(t, line), "%s", t ? t : "(none)");
	free(line);
	free(t);
	free(key);
	/* Up to date; still after a touch (the same bytes). */
	out = sh(&st, "%s", cmd);
	ck_assert_msg(count(out, "\"status\": \"skipped\"") == 1, "%s", out);
	ck_assert_msg(strstr(out, want), "%s", out);
	free(out);
	out = sh(&st, "sleep 0.01; touch '%s/machine/hei.otf' && %s", dir, cmd);
	ck_assert_msg(count(out, "\"status\": \"skipped\"") == 1, "%s", out);
	free(out);
	/* New bytes (a font with one byte more at its end still loads). */
	out = sh(&st, "printf '\\0' >> '%s/machine/hei.otf' && %s", dir, cmd);
	ck_assert_msg(count(out, "\"status\": \"ok\"") == 1, "%s", out);
	free(out);
	out = sh(&st, "%s", cmd);
	ck_assert_msg(count(out, "\"status\": \"skipped\"") == 1, "%s", out);
	free(out);
	/* Gone: rendered again (now with a stand-in). */
	out = sh(&st, "rm '%s/machine/hei.otf' && %s", dir, cmd);
	ck_assert_msg(count(out, "\"status\": \"ok\"") == 1 && strstr(out, "\"machine_fonts\": []"), "%s", out);
	free(out);
	free(want);
	free(cmd);
	free(abs);
}
END_TEST

/* Kill a batch mid-way: no partial file; --resume finishes the rest. */
START_TEST(test_resume_after_kill)
{
	const char *dir = fixture("kill");
	/* Sixty months: enough that the kill lands mid-way, however fast a
	 * render is. */
	enum { JOBS = 60 };
	struct buf m;
	buf_init(&m);
	buf_addstr(&m, "jobs:\n  - name: b\n    report: r.yaml\n    vars: {period: [");
	for (int i = 0; i < JOBS; i++)
		buf_addf(&m, "%s%d-%02d", i ? ", " : "", 2021 + i / 12, 1 + i % 12);
	buf_addstr(&m, "]}\n    layouts: [briefing]\n    output: out/${period}.pdf\n");
	t_write("kill/m.yaml", m.data);
	buf_release(&m);
	int st;
	/* Start, wait for the second output, kill the batch at once. */
	char *out = sh(&st, "(./paiban batch '%s/m.yaml' -j 1 --progress none 2>/dev/null & pid=$!; "
			    "for i in $(seq 600); do [ -f '%s/out/2021-02.pdf' ] && break; sleep 0.01; done; "
			    "kill -9 $pid; wait $pid 2>/dev/null); sleep 1; ls '%s/out' | grep -c pdf", dir, dir, dir);
	int done = atoi(out);
	free(out);
	ck_assert_msg(done >= 2 && done < JOBS, "%d done before the kill", done);
	/* Every file there is a complete PDF. */
	out = sh(&st, "for f in '%s'/out/*.pdf; do tail -c 6 \"$f\" | grep -q EOF || echo \"partial $f\"; done; ls -a '%s/out' | grep -c 'XXXX\\|\\.pdf\\.[A-Za-z0-9]\\{6\\}$'", dir, dir);
	ck_assert_msg(!strstr(out, "partial"), "%s", out);
	free(out);
	out = sh(&st, "./paiban batch '%s/m.yaml' -j 2 --resume --progress none 2>&1; echo rc=$?", dir);
	ck_assert_msg(strstr(out, "rc=0"), "%s", out);
	char *want = xasprintf("paiban: %d jobs: %d rendered, %d up to date, 0 failed, 0 not run", JOBS,
			       JOBS - done, done);
	ck_assert_msg(strstr(out, want), "%s\nwant %s", out, want);
	free(want);
	free(out);
	out = sh(&st, "ls '%s/out' | grep -c 'pdf$'", dir);
	ck_assert_int_eq(atoi(out), JOBS);
	free(out);
}
END_TEST

START_TEST(test_shards)
{
	const char *dir = fixture("shard");
	int st;
	/* The shards' plans are a partition of the plan. */
	char *all = sh(&st, "./paiban batch '%s/m.yaml' --plan | cut -f1 | sort", dir);
	char *parts = sh(&st, "for i in 0 1 2 3; do ./paiban batch '%s/m.yaml' --plan --shard $i/4; done | cut -f1 | sort", dir);
	ck_assert_str_eq(all, parts);
	free(parts);
	/* The index from a runner's environment. */
	char *k8s = sh(&st, "JOB_COMPLETION_INDEX=1 ./paiban batch '%s/m.yaml' --plan --shards 4 | cut -f1", dir);
	char *slurm = sh(&st, "SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_MIN=1 ./paiban batch '%s/m.yaml' --plan --shards 4 | cut -f1", dir);
	char *one = sh(&st, "./paiban batch '%s/m.yaml' --plan --shard 1/4 | cut -f1", dir);
	ck_assert_str_eq(k8s, one);
	ck_assert_str_eq(slurm, one);
	ck_assert_str_eq(one, "b/2025-02/briefing\nc/2025-03/乙/card\n");
	free(k8s);
	free(slurm);
	free(one);
	/* GNU parallel, four shards at once, against one unsharded run in a
	 * copy: the same jobs, the same bytes, none twice. */
	char *cmd = xasprintf("rm -rf '%s2' && cp -r '%s' '%s2'", dir, dir, dir);
	free(t_capture(cmd, &st));
	free(cmd);
	char *recs = sh(&st, "parallel -j 4 ./paiban batch '%s/m.yaml' -j 1 --progress json --shard {}/4 ::: 0 1 2 3 2>/dev/null", dir);
	ck_assert_int_eq(st, 0);
	ck_assert_int_eq(count(recs, "\"status\": \"ok\""), 7);
	char *ids = sh(&st, "printf '%%s' '%s' | sed 's/^{\"job\": \"\\([^\"]*\\)\".*/\\1/' | sort", recs);
	ck_assert_str_eq(ids, all);
	free(ids);
	free(recs);
	char *single = sh(&st, "./paiban batch '%s2/m.yaml' -j 2 --progress none 2>&1", dir);
	free(single);
	char *diff = sh(&st, "cd '%s' && for f in $(find out -name '*.trace' | sort); do cmp \"$f\" \"../shard2/$f\" || echo DIFF; done; find out -name '*.trace' | wc -l", dir);
	ck_assert_msg(!strstr(diff, "DIFF") && atoi(strrchr(diff, '\n') ? diff : diff) >= 0, "%s", diff);
	ck_assert_msg(strstr(diff, "7"), "%s", diff);
	free(diff);
	free(all);
}
END_TEST

/* watch: a render, a data change, a broken edit (kept watching, last good
 * output kept), a fix. --exit-after ends it after three renders. */
START_TEST(test_watch)
{
	const char *dir = fixture("watch");
	int st;
	char *out = sh(&st,
		       "d='%s'; (timeout 60 ./paiban watch \"$d/r.yaml\" -l briefing -o \"$d/w.trace\" --debounce 100 --exit-after 4 > \"$d/log\" 2>&1 &) ; "
		       "for i in $(seq 200); do [ -f \"$d/w.trace\" ] && break; sleep 0.05; done; cp \"$d/w.trace\" \"$d/w1\"; sleep 0.3; "
		       "printf '区域,值\\n甲,100\\n' > \"$d/areas.csv.new\" && mv \"$d/areas.csv.new\" \"$d/areas.csv\"; "
		       "for i in $(seq 200); do grep -q '合计100' \"$d/w.trace\" && break; sleep 0.05; done; sleep 0.3; cp \"$d/w.trace\" \"$d/w2\"; "
		       "printf 'body:\\n  - text: \"未闭合\\n' > \"$d/r.yaml\"; "
		       "for i in $(seq 200); do grep -q 'error' \"$d/log\" && break; sleep 0.05; done; sleep 0.3; cp \"$d/w.trace\" \"$d/w3\"; "
		       "printf 'body:\\n  - text: 修好了\\n' > \"$d/r.yaml\"; "
		       "for i in $(seq 200); do grep -q '修好了' \"$d/w.trace\" && break; sleep 0.05; done; "
		       "for i in $(seq 400); do pgrep -f \"watch $d/r.yaml\" > /dev/null || break; sleep 0.05; done; "
		       "cat \"$d/log\"; grep -c 合计100 \"$d/w2\"; cmp \"$d/w2\" \"$d/w3\" && echo KEPT; pgrep -f \"watch $d/r.yaml\" || echo ENDED",
		       dir);
	ck_assert_msg(count(out, " rendered ") == 3, "%s", out); /* and one error */
	ck_assert_msg(strstr(out, "this quoted text is never closed"), "%s", out);
	ck_assert_msg(strstr(out, "error: ") && strstr(out, "not changed (the last good output is kept)"), "%s", out);
	ck_assert_msg(strstr(out, "KEPT"), "%s", out);
	ck_assert_msg(strstr(out, "ENDED"), "%s", out);
	char *w1 = xasprintf("%s/w1", dir);
	char *t1 = t_read(w1, NULL);
	ck_assert_msg(t1 && strstr(t1, "合计10.75"), "%s", t1 ? t1 : "(none)");
	free(t1);
	free(w1);
	free(out);
}
END_TEST

/* watch: files a report names that failed to load are watched too, in
 * folders nothing else is watched in: a data file that is missing (its
 * folder too: its parent is watched for it), then created with a syntax error, then fixed; then a
 * picture that is not an image, then replaced by one. Each change is one
 * render. */
START_TEST(test_watch_failed_inputs)
{
	const char *dir = fixture("watch2");
	t_write("watch2/r2.yaml", "data:\n  areas: {file: data/2025/areas.csv, key: 区域}\n"
				  "body:\n  - text: 合计${sum(areas.值)}\n  - image: {file: pics/p.png}\n");
	int st;
	free(sh(&st, "mkdir -p '%s/pics' '%s/data'", dir, dir));
	t_write("watch2/pics/p.png", "not a picture\n");
	char *out = sh(&st,
		       "d='%s'; "
		       "wait_for() { for i in $(seq 300); do [ \"$(grep -c \"$1\" \"$d/log\")\" -ge \"$2\" ] && return; sleep 0.05; done; }; "
		       "(timeout 60 ./paiban watch \"$d/r2.yaml\" -l briefing -o \"$d/w.trace\" --debounce 100 --exit-after 5 > \"$d/log\" 2>&1 &) ; "
		       "wait_for 'not changed' 1; sleep 0.3; "
		       "mkdir \"$d/data/2025.new\" && printf '区域,值\\n甲,\"100\\n' > \"$d/data/2025.new/areas.csv\" && mv \"$d/data/2025.new\" \"$d/data/2025\"; "
		       "wait_for 'not changed' 2; sleep 0.3; "
		       "printf '区域,值\\n甲,100\\n' > \"$d/data/2025/a.new\" && mv \"$d/data/2025/a.new\" \"$d/data/2025/areas.csv\"; "
		       "wait_for 'not changed' 3; sleep 0.3; "
		       "cp tests/data/logo.png \"$d/pics/p.new\" && mv \"$d/pics/p.new\" \"$d/pics/p.png\"; "
		       "wait_for ' rendered ' 1; sleep 0.3; "
		       "printf '  - text: 又一段\\n' >> \"$d/r2.yaml\"; "
		       "wait_for ' rendered ' 2; "
		       "for i in $(seq 400); do pgrep -f \"watch $d/r2.yaml\" > /dev/null || break; sleep 0.05; done; "
		       "cat \"$d/log\"; pgrep -f \"watch $d/r2.yaml\" || echo ENDED",
		       dir);
	/* In order: missing, broken, fixed (the picture fails), picture, edit. */
	const char *want[] = { "/data/2025/areas.csv: No such file or directory", "not changed",
			       "a quoted field is never closed", "not changed",
			       "pics/p.png: not a PNG, JPEG or SVG file", "not changed",
			       " rendered ", " rendered ", "ENDED" };
	const char *at = out;
	for (size_t i = 0; i < ARRAY_LEN(want); i++) {
		const char *hit = strstr(at, want[i]);
		ck_assert_msg(hit, "no '%s' after:\n%s\nin:\n%s", want[i], at, out);
		at = hit + strlen(want[i]);
	}
	ck_assert_msg(count(out, " rendered ") == 2 && count(out, "not changed") == 3, "%s", out);
	char *w = xasprintf("%s/w.trace", dir);
	char *t = t_read(w, NULL);
	ck_assert_msg(t && strstr(t, "合计100") && strstr(t, "又一段") && strstr(t, "image "), "%s", t ? t : "(none)");
	free(t);
	free(w);
	free(out);
}
END_TEST

START_TEST(test_diagnostics_json)
{
	fixture("dj");
	t_write("dj/bad.yaml", "body:\n  - text: ${nope}\n  - text: \"**半\"\n");
	int st;
	char *out = sh(&st, "./paiban render build/tmp/dj/bad.yaml -l briefing -o build/tmp/dj/x.pdf --diagnostics json 2>&1; echo rc=$?");
	ck_assert_msg(strstr(out, "{\"severity\": \"error\", \"code\": \"input\", \"message\": \"unknown name 'nope'\", "
				  "\"file\": \"build/tmp/dj/bad.yaml\", \"line\": 2, \"col\": 13, \"job\": null}\n"),
		      "%s", out);
	ck_assert_msg(strstr(out, "rc=1"), "%s", out);
	free(out);
	/* In a batch, each record names its job. */
	t_write("dj/m.yaml", "jobs:\n  - {name: x, report: bad.yaml, layout: briefing, output: x.pdf}\n");
	out = sh(&st, "./paiban batch build/tmp/dj/m.yaml --diagnostics json --progress none 2>&1; echo rc=$?");
	ck_assert_msg(strstr(out, "\"message\": \"unknown name 'nope'\", \"file\": \"build/tmp/dj/bad.yaml\", \"line\": 2, \"col\": 13, \"job\": \"x/briefing\"}"), "%s", out);
	ck_assert_msg(strstr(out, "rc=4"), "%s", out);
	free(out);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("batch");
	TCase *tc = tcase_create("plan");
	tcase_add_test(tc, test_plan);
	tcase_add_test(tc, test_collision);
	suite_add_tcase(s, tc);
	tc = tcase_create("run");
	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, test_keep_going);
	tcase_add_test(tc, test_cache_and_records);
	tcase_add_test(tc, test_machine_font_in_key);
	tcase_add_test(tc, test_resume_after_kill);
	tcase_add_test(tc, test_shards);
	tcase_add_test(tc, test_watch);
	tcase_add_test(tc, test_watch_failed_inputs);
	tcase_add_test(tc, test_diagnostics_json);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return t_run_suite(suite()) ? 1 : 0;
}
