/* cmd_batch.c — `paiban batch` (a manifest's jobs on worker processes,
 * batch_run.h) and `paiban watch` (render again when an input changes, with
 * inotify), docs/batch.md. Part of the command line: it prints. */
#include "cmd_batch.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#include "batch_run.h"
#include "cmd_data.h"
#include "render.h"

static int usage_err(const char *cmd, const char *msg)
{
	fprintf(stderr, "paiban: error: %s: %s\n(see paiban --help)\n", cmd, msg);
	return EXIT_USAGE;
}

/* --shard I/N, or the index from the environment of the usual runners. */
static int shard_from_env(int *index)
{
	static const char *const vars[] = { "JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX",
					    "SLURM_ARRAY_TASK_ID" };
	for (size_t i = 0; i < ARRAY_LEN(vars); i++) {
		const char *v = getenv(vars[i]);
		if (!v || !*v)
			continue;
		char *end;
		long k = strtol(v, &end, 10);
		if (*end || k < 0)
			return -1;
		/* A Slurm array may start at 1 (--array=1-8). */
		const char *min = i == 2 ? getenv("SLURM_ARRAY_TASK_MIN") : NULL;
		if (min && *min)
			k -= strtol(min, NULL, 10);
		*index = (int)k;
		return 0;
	}
	return -1;
}

int cmd_batch(int argc, char **argv)
{
	enum { O_PLAN = 0x200, O_JSON, O_KEEP, O_FORCE, O_RESUME, O_RETRIES, O_PROGRESS, O_DIAG, O_SHARD,
	       O_SHARDS, O_NOSYS, O_MAXJOBS };
	static const struct option longopts[] = {
		{ "plan", no_argument, NULL, O_PLAN },
		{ "json", no_argument, NULL, O_JSON },
		{ "jobs", required_argument, NULL, 'j' },
		{ "keep-going", no_argument, NULL, O_KEEP },
		{ "force", no_argument, NULL, O_FORCE },
		{ "resume", no_argument, NULL, O_RESUME },
		{ "retries", required_argument, NULL, O_RETRIES },
		{ "progress", required_argument, NULL, O_PROGRESS },
		{ "diagnostics", required_argument, NULL, O_DIAG },
		{ "shard", required_argument, NULL, O_SHARD },
		{ "shards", required_argument, NULL, O_SHARDS },
		{ "no-system-fonts", no_argument, NULL, O_NOSYS },
		{ "max-jobs-per-worker", required_argument, NULL, O_MAXJOBS },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	struct batch_opts o = { .jobs = ncpu > 0 ? (int)ncpu : 1, .retries = 1, .datadir = render_datadir(),
				.system_fonts = true };
	bool plan_only = false, json = false;
	int shard = -1, shards = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "j:qh", longopts, NULL)) != -1) {
		char *end;
		switch (c) {
		case O_PLAN:
			plan_only = true;
			break;
		case O_JSON:
			json = true;
			break;
		case 'j':
			o.jobs = (int)strtol(optarg, &end, 10);
			if (*end || o.jobs < 1 || o.jobs > 256)
				return usage_err("batch", "-j must be a number from 1 to 256");
			break;
		case O_KEEP:
			o.keep_going = true;
			break;
		case O_FORCE:
			o.force = true;
			break;
		case O_RESUME:
			o.resume = true;
			break;
		case O_RETRIES:
			o.retries = (int)strtol(optarg, &end, 10);
			if (*end || o.retries < 0 || o.retries > 10)
				return usage_err("batch", "--retries must be a number from 0 to 10");
			break;
		case O_PROGRESS:
			if (!strcmp(optarg, "auto"))
				o.progress = PROGRESS_AUTO;
			else if (!strcmp(optarg, "lines"))
				o.progress = PROGRESS_LINES;
			else if (!strcmp(optarg, "json"))
				o.progress = PROGRESS_JSON;
			else if (!strcmp(optarg, "none"))
				o.progress = PROGRESS_NONE;
			else
				return usage_err("batch", "--progress is auto, lines, json or none");
			break;
		case O_DIAG:
			if (strcmp(optarg, "json") && strcmp(optarg, "human"))
				return usage_err("batch", "--diagnostics is human or json");
			o.diag_json = !strcmp(optarg, "json");
			break;
		case O_SHARD: {
			int i, n, used = 0;
			if (sscanf(optarg, "%d/%d%n", &i, &n, &used) != 2 || optarg[used] || n < 1 || i < 0 || i >= n)
				return usage_err("batch", "--shard is I/N with 0 <= I < N (for example 0/4)");
			shard = i;
			shards = n;
			break;
		}
		case O_SHARDS:
			shards = (int)strtol(optarg, &end, 10);
			if (*end || shards < 1)
				return usage_err("batch", "--shards must be a number of shards, at least 1");
			break;
		case O_NOSYS:
			o.system_fonts = false;
			break;
		case O_MAXJOBS:
			o.max_jobs_per_worker = strtol(optarg, &end, 10);
			if (*end || o.max_jobs_per_worker < 1)
				return usage_err("batch", "--max-jobs-per-worker must be at least 1");
			break;
		case 'q':
			o.quiet = true;
			break;
		case 'h':
			puts("usage: paiban batch MANIFEST [--plan [--json]] [-j N] [--keep-going] [--force] [--resume]\n"
			     "       [--retries N] [--progress auto|lines|json|none] [--diagnostics human|json]\n"
			     "       [--shard I/N | --shards N] [--no-system-fonts] [-q]\n"
			     "(docs/batch.md)");
			return EXIT_OK;
		default:
			fputs("(see paiban --help)\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return usage_err("batch", "give one MANIFEST");
	if (shards > 0 && shard < 0 && shard_from_env(&shard) < 0)
		return usage_err("batch", "--shards N needs the shard's index: --shard I/N, or JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX or SLURM_ARRAY_TASK_ID");
	if (shards > 0 && (shard < 0 || shard >= shards)) {
		fprintf(stderr, "paiban: error: batch: the shard index %d is not below the number of shards %d\n", shard, shards);
		return EXIT_USAGE;
	}
	struct diag d;
	diag_init(&d);
	struct plan p;
	int code;
	if (plan_load(&p, argv[optind], &d) < 0) {
		if (o.diag_json)
			diag_print_ndjson(&d, stderr, "input", NULL, SEV_NOTE);
		else
			diag_print(&d, stderr);
		code = EXIT_INPUT;
	} else {
		if (shards > 0)
			plan_shard(&p, shard, shards);
		if (plan_only) {
			plan_print(&p, stdout, json);
			code = EXIT_OK;
		} else {
			code = batch_run(&p, &o);
		}
	}
	plan_release(&p);
	diag_release(&d);
	return code;
}

/* ---- watch ---- */

static volatile sig_atomic_t watch_stop;

static void on_stop(int sig)
{
	(void)sig;
	watch_stop = 1;
}

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void add_input(char ***inputs, int *n, const char *path)
{
	for (int i = 0; i < *n; i++)
		if (!strcmp((*inputs)[i], path))
			return;
	*inputs = xreallocarray(*inputs, (size_t)*n + 1, sizeof(char *));
	(*inputs)[(*n)++] = xstrdup(path);
}

/* Render once; returns the inputs (for the next watch list): the files
 * the render read, and those it tried to read and could not — a data file
 * or picture that is missing or failed to load is the next thing the user
 * creates or fixes, maybe in a folder nothing else is watched in. */
static int render_once(struct render_cache *cache, struct render_opts *ro, const char *output,
		       char ***inputs, int *ninputs)
{
	struct diag d;
	diag_init(&d);
	struct render r;
	double t0 = mono_ms();
	int rc = render_layout_cached(&r, ro, cache, &d);
	if (rc == 0)
		rc = render_check_output(&r, output, &d);
	if (rc == 0)
		rc = render_export(&r, output, NULL, &d);
	double ms = mono_ms() - t0;
	diag_print(&d, stderr);
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	char stamp[16];
	strftime(stamp, sizeof(stamp), "%H:%M:%S", &tm);
	if (rc == 0)
		printf("%s rendered %s (%d page%s) in %.0f ms\n", stamp, output, r.frames.npages,
		       r.frames.npages == 1 ? "" : "s", ms);
	else
		printf("%s error: %s not changed (the last good output is kept)\n", stamp, output);
	fflush(stdout);
	for (int i = 0; i < *ninputs; i++)
		free((*inputs)[i]);
	free(*inputs);
	*ninputs = render_inputs(cache, ro->layout, &d, inputs);
	for (int i = 0; i < r.files.nread; i++)
		add_input(inputs, ninputs, r.files.read[i].path);
	for (int i = 0; i < r.files.nmissed; i++)
		add_input(inputs, ninputs, r.files.missed[i]);
	render_release(&r);
	diag_release(&d);
	return rc;
}

/* Whether an event's name is an input's file name, or a folder on the way
 * to one (a folder made for an input that is not there yet). */
static bool names_input(char **inputs, int n, const char *name)
{
	size_t len = strlen(name);
	for (int i = 0; i < n; i++)
		for (const char *p = inputs[i]; *p;) {
			const char *end = strchr(p, '/');
			size_t l = end ? (size_t)(end - p) : strlen(p);
			if (l == len && !memcmp(p, name, len))
				return true;
			if (!end)
				break;
			p = end + 1;
		}
	return false;
}

/* Watch the folders of the inputs (editors replace a file by renaming a
 * new one over it, which a watch on the file itself would lose). */
static int watch_inputs(int fd, char **inputs, int n, const char *fonts_dir, int **wds, int *nwd)
{
	for (int i = 0; i < *nwd; i++)
		inotify_rm_watch(fd, (*wds)[i]);
	free(*wds);
	*wds = xcalloc((size_t)n + 2, sizeof(int));
	*nwd = 0;
	for (int i = 0; i <= n; i++) {
		char *dir;
		if (i == n) {
			dir = xstrdup(fonts_dir);
		} else {
			const char *slash = strrchr(inputs[i], '/');
			dir = slash ? xstrndup(inputs[i], (size_t)(slash - inputs[i])) : xstrdup(".");
		}
		int wd;
		/* A folder that does not exist yet (a data file to come in a new
		 * folder): watch the nearest one that does, for its making. */
		while ((wd = inotify_add_watch(fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE)) < 0 &&
		       errno == ENOENT && i < n) {
			char *slash = strrchr(dir, '/');
			if (!slash || slash == dir)
				break;
			*slash = '\0';
		}
		free(dir);
		if (wd >= 0)
			(*wds)[(*nwd)++] = wd;
	}
	return 0;
}

int cmd_watch(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "layout", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ "debounce", required_argument, NULL, 0x300 },
		{ "exit-after", required_argument, NULL, 0x301 },
		{ "no-system-fonts", no_argument, NULL, 0x302 },
		{ "help", no_argument, NULL, 'h' },
		DATA_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct data_args da;
	data_args_init(&da);
	const char *layout = NULL, *output = NULL;
	long debounce = 150, exit_after = 0;
	bool system_fonts = true;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "l:o:h", longopts, NULL)) != -1) {
		int dc = data_option(c, optarg, &da);
		if (dc < 0)
			return EXIT_USAGE;
		if (dc)
			continue;
		char *end;
		switch (c) {
		case 'l':
			layout = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 0x300:
			debounce = strtol(optarg, &end, 10);
			if (*end || debounce < 0 || debounce > 10000)
				return usage_err("watch", "--debounce is milliseconds, 0 to 10000");
			break;
		case 0x301:
			exit_after = strtol(optarg, &end, 10);
			if (*end || exit_after < 1)
				return usage_err("watch", "--exit-after is a number of renders");
			break;
		case 0x302:
			system_fonts = false;
			break;
		case 'h':
			puts("usage: paiban watch REPORT -l LAYOUT -o OUTPUT [data options] [--debounce MS]");
			return EXIT_OK;
		default:
			fputs("(see paiban --help)\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1 || !layout || !output)
		return usage_err("watch", "give REPORT, -l LAYOUT and -o OUTPUT");
	if (strchr(layout, ','))
		return usage_err("watch", "watch renders one layout");
	if (!export_find(output))
		return usage_err("watch", "the output must end in .pdf, .png or .trace");
	if (data_opts_stdin(&da.o))
		return usage_err("watch", "--data NAME=- cannot be watched");
	struct render_opts ro = { .report = argv[optind], .layout = layout, .datadir = render_datadir(),
				  .system_fonts = system_fonts, .data = &da.o };
	struct diag d;
	diag_init(&d);
	struct render_cache cache;
	if (render_cache_init(&cache, ro.datadir, system_fonts, &d) < 0) {
		diag_print(&d, stderr);
		diag_release(&d);
		render_cache_release(&cache);
		return EXIT_INPUT;
	}
	diag_release(&d);
	int fd = inotify_init1(IN_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "paiban: error: watch: inotify: %s\n", strerror(errno));
		render_cache_release(&cache);
		return EXIT_INPUT;
	}
	struct sigaction sa = { 0 };
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	char *fonts_dir = xasprintf("%s/fonts", ro.datadir);
	char **inputs = NULL;
	int ninputs = 0, *wds = NULL, nwd = 0;
	/* Until the first render reads it, the report's folder is what to watch. */
	inputs = xcalloc(1, sizeof(char *));
	inputs[ninputs++] = xstrdup(ro.report);
	long renders = 0;
	render_once(&cache, &ro, output, &inputs, &ninputs);
	renders++;
	if (ninputs == 0) {
		inputs = xcalloc(1, sizeof(char *));
		inputs[ninputs++] = xstrdup(ro.report);
	}
	watch_inputs(fd, inputs, ninputs, fonts_dir, &wds, &nwd);
	while (!watch_stop && !(exit_after && renders >= exit_after)) {
		struct pollfd pf = { fd, POLLIN, 0 };
		if (poll(&pf, 1, 500) <= 0)
			continue;
		/* Read the events; a change to one of the inputs, then quiet for
		 * the debounce time, makes one render. */
		bool relevant = false;
		double quiet_since = mono_ms();
		for (;;) {
			char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
			ssize_t n = read(fd, buf, sizeof(buf));
			for (char *p = buf; n > 0 && p < buf + n;) {
				struct inotify_event *ev = (struct inotify_event *)p;
				if (ev->len)
					relevant |= names_input(inputs, ninputs, ev->name);
				if (ev->len && !relevant) {
					/* A font file changed. */
					for (int i = 0; i < nwd; i++)
						if (ev->wd == wds[i] && i == nwd - 1)
							relevant = ev->name[0] != '.';
				}
				p += sizeof(struct inotify_event) + ev->len;
			}
			if (n > 0)
				quiet_since = mono_ms();
			struct pollfd q = { fd, POLLIN, 0 };
			int left = (int)(debounce - (mono_ms() - quiet_since));
			if (left <= 0 || poll(&q, 1, left) <= 0)
				break;
		}
		if (!relevant || watch_stop)
			continue;
		render_once(&cache, &ro, output, &inputs, &ninputs);
		renders++;
		if (ninputs == 0) {
			inputs = xreallocarray(inputs, 1, sizeof(char *));
			inputs[ninputs++] = xstrdup(ro.report);
		}
		watch_inputs(fd, inputs, ninputs, fonts_dir, &wds, &nwd);
	}
	for (int i = 0; i < ninputs; i++)
		free(inputs[i]);
	free(inputs);
	free(wds);
	free(fonts_dir);
	close(fd);
	render_cache_release(&cache);
	return EXIT_OK;
}
