/* outfile.c — temporary file + rename, and the list of temporary files a
 * signal removes (see outfile.h). */
#include "base/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"

/* The temporary files open now. The lock is held while a file is created,
 * renamed or removed, so the signal thread never removes a file that is
 * being renamed into place, nor misses one being created. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char **open_tmps;
static int nopen, open_alloc;
/* Folders already cleaned of stale temporary files by this process. */
static char **cleaned;
static int ncleaned, cleaned_alloc;

static void forget(const char *tmp)
{
	for (int i = 0; i < nopen; i++)
		if (open_tmps[i] == tmp) {
			open_tmps[i] = open_tmps[--nopen];
			return;
		}
}

int outfile_is_temp(const char *name)
{
	/* .NAME.paiban-XXXXXX: a dot, a name, the tag, six characters. */
	size_t n = strlen(name), t = strlen(OUTFILE_TAG);
	return name[0] == '.' && n >= 1 + 1 + t + 6 &&
	       !strncmp(name + n - 6 - t, OUTFILE_TAG, t) && !strchr(name + n - 6, '/');
}

int outfile_clean(const char *dir, long max_age, char ***removed)
{
	DIR *dp = opendir(dir);
	if (removed)
		*removed = NULL;
	if (!dp)
		return -1;
	int n = 0, alloc = 0;
	time_t now = time(NULL);
	struct dirent *e;
	while ((e = readdir(dp)) != NULL) {
		if (!outfile_is_temp(e->d_name))
			continue;
		char *p = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		/* lstat: a link is not followed, and never removed unless it is
		 * itself old and ours. */
		if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
		    now - st.st_mtime >= max_age && unlink(p) == 0) {
			if (removed) {
				GROW(*removed, n, alloc);
				(*removed)[n] = p;
				p = NULL;
			}
			n++;
		}
		free(p);
	}
	closedir(dp);
	return n;
}

/* Once per folder per run: the temporary files a killed run left there. */
static void clean_once(const char *dir)
{
	for (int i = 0; i < ncleaned; i++)
		if (!strcmp(cleaned[i], dir))
			return;
	GROW(cleaned, ncleaned, cleaned_alloc);
	cleaned[ncleaned++] = xstrdup(dir);
	outfile_clean(dir, OUTFILE_STALE_SECONDS, NULL);
}

int outfile_open(struct outfile *o, const char *path, struct diag *d)
{
	memset(o, 0, sizeof(*o));
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path + (slash == path))) : xstrdup(".");
	if (slash)
		o->tmp = xasprintf("%.*s/.%s" OUTFILE_TAG "XXXXXX", (int)(slash - path), path, slash + 1);
	else
		o->tmp = xasprintf(".%s" OUTFILE_TAG "XXXXXX", path);
	pthread_mutex_lock(&lock);
	clean_once(dir);
	free(dir);
	int fd = mkstemp(o->tmp);
	int err = errno;
	if (fd >= 0) {
		GROW(open_tmps, nopen, open_alloc);
		open_tmps[nopen++] = o->tmp;
	}
	pthread_mutex_unlock(&lock);
	if (fd < 0) {
		diag_error_file(d, path, "cannot create output file: %s", strerror(err));
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	/* mkstemp makes the file private; give it the mode a new file would get. */
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	o->fp = fdopen(fd, "wb");
	if (!o->fp) {
		err = errno;
		close(fd);
		outfile_abort(o);
		diag_error_file(d, path, "cannot open output file: %s", strerror(err));
		return -1;
	}
	o->path = xstrdup(path);
	return 0;
}

int outfile_commit(struct outfile *o, struct diag *d)
{
	int err = 0;
	errno = 0;
	if (fflush(o->fp) != 0 || ferror(o->fp))
		err = errno ? errno : EIO;
	if (fclose(o->fp) != 0 && !err)
		err = errno;
	o->fp = NULL;
	pthread_mutex_lock(&lock);
	if (!err && rename(o->tmp, o->path) != 0)
		err = errno;
	if (err)
		unlink(o->tmp);
	forget(o->tmp);
	pthread_mutex_unlock(&lock);
	if (err)
		diag_error_file(d, o->path, "cannot write output file: %s", strerror(err));
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return err ? -1 : 0;
}

void outfile_abort(struct outfile *o)
{
	if (o->fp)
		fclose(o->fp);
	if (o->tmp) {
		pthread_mutex_lock(&lock);
		unlink(o->tmp);
		forget(o->tmp);
		pthread_mutex_unlock(&lock);
	}
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
}

static sigset_t caught;

static void *watch_signals(void *arg)
{
	(void)arg;
	int sig;
	while (sigwait(&caught, &sig) != 0)
		;
	/* Hold the lock to the end: no file is created or renamed after this. */
	pthread_mutex_lock(&lock);
	int removed = 0;
	for (int i = 0; i < nopen; i++)
		removed += unlink(open_tmps[i]) == 0;
	const char *name = sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP";
	char msg[160];
	int n = snprintf(msg, sizeof(msg),
			 "paiban: stopped by %s; %d temporary file%s removed\n", name,
			 removed, removed == 1 ? "" : "s");
	if (n > 0 && write(STDERR_FILENO, msg, (size_t)n) < 0)
		n = 0;
	_exit(128 + sig);
}

void outfile_catch_signals(void)
{
	sigemptyset(&caught);
	sigaddset(&caught, SIGINT);
	sigaddset(&caught, SIGTERM);
	sigaddset(&caught, SIGHUP);
	/* Blocked here, so in every thread started later (PNG workers, the
	 * threads of the libraries); only the watcher takes them. */
	pthread_sigmask(SIG_BLOCK, &caught, NULL);
	pthread_t th;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&th, &attr, watch_signals, NULL) != 0)
		pthread_sigmask(SIG_UNBLOCK, &caught, NULL); /* the default action, then */
	pthread_attr_destroy(&attr);
}
