/* batch_run.c — the parent of a batch run (batch_run.h, docs/batch.md):
 * it hashes the pinned fonts once, forks the workers (batch_worker.h) and
 * hands each one job at a time over a pipe, starts another worker when one
 * dies, stops on the first failure unless told to keep going, finishes the
 * jobs in hand on Ctrl-C, removes what a killed worker left half-written,
 * and prints progress (a bar, lines or NDJSON records) and the summary. */
#include "batch_run.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/outfile.h"
#include "batch_key.h"
#include "batch_worker.h"
#include "render.h"

/* ---- the parent ---- */

struct worker {
	pid_t pid;
	int to, from;   /* job pipe (write end), result pipe (read end) */
	int job;        /* index in hand, -1 when idle */
	struct buf in;  /* partial result text */
	bool alive;
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = interrupted ? 2 : (sig == SIGINT ? 1 : 2);
}

static int spawn(struct worker *w, const struct plan *p, const struct batch_opts *o, const char *fonts,
		 struct worker *all, int nall)
{
	int a[2], b[2];
	if (pipe(a) < 0 || pipe(b) < 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(a[1]);
		close(b[0]);
		/* Not the other workers' pipes: their ends of file must come. */
		for (int i = 0; i < nall; i++)
			if (all[i].alive && &all[i] != w) {
				close(all[i].to);
				close(all[i].from);
			}
		batch_worker_main(p, o, fonts, a[0], b[1]);
	}
	close(a[0]);
	close(b[1]);
	w->pid = pid;
	w->to = a[1];
	w->from = b[0];
	w->job = -1;
	w->alive = true;
	buf_init(&w->in);
	return 0;
}

/* Temporary files of an output a killed worker may have left:
 * .NAME.paiban-XXXXXX (and .NAME-N.png.paiban-XXXXXX for a PNG series;
 * outfile.h). */
static void remove_temps(const char *output)
{
	const char *slash = strrchr(output, '/');
	char *dir = slash ? xstrndup(output, (size_t)(slash - output)) : xstrdup(".");
	const char *base = slash ? slash + 1 : output;
	size_t bl = strlen(base);
	const char *dot = strrchr(base, '.');
	size_t stem = dot ? (size_t)(dot - base) : bl;
	DIR *dp = opendir(dir);
	struct dirent *e;
	while (dp && (e = readdir(dp)) != NULL) {
		const char *n = e->d_name;
		size_t nl = strlen(n);
		if (!outfile_is_temp(n) || nl < stem + 1 || strncmp(n + 1, base, stem))
			continue;
		char *path = xasprintf("%s/%s", dir, n);
		unlink(path);
		free(path);
	}
	if (dp)
		closedir(dp);
	free(dir);
}

struct stats {
	int done, ok, skipped, failed, total;
	double t0;
	bool tty;
	char **failures; /* "id: first error" */
	int nfail;
};

static void progress(struct stats *s, const struct bjob *j, const char *status, double ms,
		     const struct batch_opts *o)
{
	if (o->progress == PROGRESS_NONE)
		return;
	double el = (batch_now_ms() - s->t0) / 1000;
	double rate = el > 0 ? s->done / el : 0;
	if (s->tty) {
		int width = 30, fill = s->total ? s->done * width / s->total : width;
		double eta = rate > 0 ? (s->total - s->done) / rate : 0;
		fprintf(stderr, "\r\033[K[%.*s%*s] %d/%d  %.1f jobs/s  ETA %d:%02d  %d failed", fill,
			"##############################", width - fill, "", s->done, s->total, rate,
			(int)eta / 60, (int)eta % 60, s->failed);
		if (s->done == s->total)
			fputc('\n', stderr);
	} else {
		fprintf(stderr, "[%*d/%d] %-7s %s (%.0f ms)\n", (int)snprintf(NULL, 0, "%d", s->total), s->done,
			s->total, status, j->id, ms);
	}
}

static void clear_bar(const struct stats *s)
{
	if (s->tty)
		fputs("\r\033[K", stderr);
}

/* One line from a worker. Returns the job index finished, or -1. */
static int handle_line(struct worker *w, char *line, const struct plan *p, const struct batch_opts *o,
		       struct stats *s)
{
	if (line[0] == 'D' && line[1] == ' ') {
		batch_unescape(line + 2);
		clear_bar(s);
		fputs(line + 2, stderr);
		if (o->diag_json)
			fputc('\n', stderr);
		return -1;
	}
	if (line[0] != 'R')
		return -1;
	int idx, code, skipped;
	double ms;
	long rss;
	if (sscanf(line, "R %d %d %d %lf %ld", &idx, &code, &skipped, &ms, &rss) != 5 || idx < 0 ||
	    idx >= p->n)
		return -1;
	char *rec = strchr(line, '\t');
	char *first = rec ? strchr(rec + 1, '\t') : NULL;
	if (first)
		*first++ = '\0';
	const struct bjob *j = &p->jobs[idx];
	s->done++;
	if (code) {
		s->failed++;
		if (first)
			batch_unescape(first);
		s->failures = xreallocarray(s->failures, (size_t)s->nfail + 1, sizeof(char *));
		s->failures[s->nfail++] = xasprintf("%s: %s", j->id, first && *first ? first : "failed");
	} else if (skipped) {
		s->skipped++;
	} else {
		s->ok++;
	}
	if (o->progress == PROGRESS_JSON && rec) {
		fputs(rec + 1, stdout);
		fputc('\n', stdout);
		fflush(stdout);
	}
	progress(s, j, code ? "FAILED" : skipped ? "skipped" : "ok", ms, o);
	w->job = -1;
	(void)rss;
	return idx;
}

int batch_run(const struct plan *p, const struct batch_opts *o)
{
	char fonts[65];
	batch_fonts_digest(o->datadir, fonts);
	int nw = o->jobs < 1 ? 1 : o->jobs;
	if (nw > p->n && p->n > 0)
		nw = p->n;
	struct stats s = { .total = p->n, .t0 = batch_now_ms() };
	s.tty = o->progress == PROGRESS_AUTO && isatty(2);
	if (o->resume)
		fprintf(stderr, "paiban: resuming: jobs whose outputs are up to date are skipped\n");
	/* What an earlier, killed run may have left half-written. */
	for (int i = 0; i < p->n; i++)
		remove_temps(p->jobs[i].output);
	struct sigaction sa = { 0 }, old_int, old_term, old_pipe;
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	interrupted = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	struct sigaction ign = { 0 };
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old_pipe);
	struct worker *w = xcalloc((size_t)nw + 1, sizeof(*w));
	int next = 0, busy = 0;
	bool stop = false, said = false;
	for (int i = 0; i < nw && p->n > 0; i++)
		if (spawn(&w[i], p, o, fonts, w, nw) < 0) {
			fprintf(stderr, "paiban: error: cannot start a worker: %s\n", strerror(errno));
			stop = true;
			break;
		}
	for (;;) {
		if (interrupted && !said) {
			clear_bar(&s);
			fprintf(stderr, interrupted == 1 ? "paiban: interrupted: finishing the %d running job%s (Ctrl-C again stops at once)\n"
							 : "paiban: stopping\n", busy, busy == 1 ? "" : "s");
			said = true;
			stop = true;
		}
		if (interrupted == 2)
			break;
		/* Hand out jobs to idle workers. */
		for (int i = 0; i < nw && !stop; i++) {
			if (!w[i].alive || w[i].job >= 0 || next >= p->n)
				continue;
			int32_t idx = next;
			if (batch_write_all(w[i].to, (const char *)&idx, sizeof(idx)) < 0)
				continue;
			w[i].job = next++;
			busy++;
		}
		if (busy == 0 && (stop || next >= p->n))
			break;
		struct pollfd *pf = xcalloc((size_t)nw, sizeof(*pf));
		for (int i = 0; i < nw; i++) {
			pf[i].fd = w[i].alive ? w[i].from : -1;
			pf[i].events = POLLIN;
		}
		int pr = poll(pf, (nfds_t)nw, 1000);
		if (pr < 0 && errno != EINTR) {
			free(pf);
			break;
		}
		for (int i = 0; i < nw && pr > 0; i++) {
			if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			char buf[65536];
			ssize_t n = read(w[i].from, buf, sizeof(buf));
			if (n > 0) {
				buf_add(&w[i].in, buf, (size_t)n);
				char *nl;
				while ((nl = memchr(w[i].in.data, '\n', w[i].in.len)) != NULL) {
					*nl = '\0';
					int was = w[i].job;
					int fin = handle_line(&w[i], w[i].in.data, p, o, &s);
					if (fin >= 0 && was >= 0) {
						busy--;
						if (s.failed && !o->keep_going)
							stop = true;
					}
					size_t used = (size_t)(nl - w[i].in.data) + 1;
					memmove(w[i].in.data, nl + 1, w[i].in.len - used + 1);
					w[i].in.len -= used;
				}
				continue;
			}
			if (n < 0 && errno == EINTR)
				continue;
			/* The worker is gone: its job (if any) failed; start another. */
			int status = 0;
			close(w[i].from);
			close(w[i].to);
			waitpid(w[i].pid, &status, 0);
			w[i].alive = false;
			buf_release(&w[i].in);
			if (w[i].job >= 0) {
				const struct bjob *j = &p->jobs[w[i].job];
				clear_bar(&s);
				s.done++;
				s.failed++;
				s.failures = xreallocarray(s.failures, (size_t)s.nfail + 1, sizeof(char *));
				s.failures[s.nfail++] = WIFSIGNALED(status)
					? xasprintf("%s: the worker died (signal %d)", j->id, WTERMSIG(status))
					: xasprintf("%s: the worker stopped (exit %d)", j->id, WEXITSTATUS(status));
				remove_temps(j->output);
				busy--;
				w[i].job = -1;
				if (!o->keep_going)
					stop = true;
			}
			if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_INPUT && s.done == 0) {
				stop = true; /* the fonts do not load: no worker can run */
				s.failed++;
			}
			if (!stop && next < p->n && spawn(&w[i], p, o, fonts, w, nw) < 0)
				stop = true;
		}
		free(pf);
	}
	/* Done, stopped or interrupted: close the job pipes (workers exit). */
	for (int i = 0; i < nw; i++) {
		if (!w[i].alive)
			continue;
		if (interrupted == 2) {
			kill(w[i].pid, SIGKILL);
			if (w[i].job >= 0)
				remove_temps(p->jobs[w[i].job].output);
		}
		close(w[i].to);
	}
	for (int i = 0; i < nw; i++) {
		if (!w[i].alive)
			continue;
		char buf[4096];
		while (interrupted != 2 && read(w[i].from, buf, sizeof(buf)) > 0)
			;
		close(w[i].from);
		waitpid(w[i].pid, NULL, 0);
		buf_release(&w[i].in);
	}
	free(w);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGPIPE, &old_pipe, NULL);
	clear_bar(&s);
	double el = (batch_now_ms() - s.t0) / 1000;
	fprintf(stderr, "paiban: %d job%s: %d rendered, %d up to date, %d failed, %d not run (%.1f s, %.2f jobs/s)\n",
		p->n, p->n == 1 ? "" : "s", s.ok, s.skipped, s.failed, p->n - s.done, el,
		el > 0 ? s.done / el : 0.0);
	for (int i = 0; i < s.nfail; i++) {
		fprintf(stderr, "  failed: %s\n", s.failures[i]);
		free(s.failures[i]);
	}
	free(s.failures);
	if (interrupted)
		return 130;
	return s.failed || s.done < p->n ? EXIT_JOBS : EXIT_OK;
}
