/* infile.c — the file-access policy and non-blocking reads of regular files
 * (infile.h). */
#include "base/infile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

void infiles_init(struct infiles *f)
{
	memset(f, 0, sizeof(*f));
}

void infiles_release(struct infiles *f)
{
	for (int i = 0; i < f->nallowed; i++)
		free(f->allowed[i]);
	free(f->allowed);
	for (int i = 0; i < f->nread; i++)
		free(f->read[i].path);
	free(f->read);
	for (int i = 0; i < f->nmissed; i++)
		free(f->missed[i]);
	free(f->missed);
	memset(f, 0, sizeof(*f));
}

int infiles_allow(struct infiles *f, const char *dir, struct diag *d)
{
	char *real = realpath(dir, NULL);
	struct stat st;
	if (!real || stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
		diag_error(d, "--allow-read needs a folder; '%s' is %s", dir,
			   real ? "not a folder" : strerror(errno));
		free(real);
		return -1;
	}
	GROW(f->allowed, f->nallowed, f->allowed_alloc);
	f->allowed[f->nallowed++] = real;
	return 0;
}

/* Is the absolute, normalised path p at or below folder dir? */
static bool below(const char *p, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return true;
	return strncmp(p, dir, n) == 0 && (p[n] == '\0' || p[n] == '/');
}

static bool permitted(const struct infiles *f, const char *root, const char *p)
{
	if (root && below(p, root))
		return true;
	for (int i = 0; f && i < f->nallowed; i++)
		if (below(p, f->allowed[i]))
			return true;
	return false;
}

/* The folder part of a path ("." for a bare name). Caller frees. */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

char *infile_root(const char *path)
{
	char *dir = folder_of(path);
	char *real = realpath(dir, NULL);
	free(dir);
	return real;
}

/* Remove ".", ".." and repeated slashes from an absolute path, without
 * asking the file system (for names that do not exist). */
static char *normalise(const char *p)
{
	size_t n = strlen(p);
	char *out = xmalloc(n + 2);
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		while (i < n && p[i] == '/')
			i++;
		size_t s = i;
		while (i < n && p[i] != '/')
			i++;
		size_t len = i - s;
		if (len == 0 || (len == 1 && p[s] == '.'))
			continue;
		if (len == 2 && p[s] == '.' && p[s + 1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--; /* the slash before the dropped part */
			continue;
		}
		out[o++] = '/';
		memcpy(out + o, p + s, len);
		o += len;
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	return out;
}

static void outside(struct diag *d, struct span at, const char *path, const char *shown,
		    size_t len, const char *whose)
{
#define OUTSIDE "'%.*s' is outside %s folder; paiban reads only files below it " \
		"(--allow-read DIR allows more)"
	if (at.src)
		diag_error_at(d, at, OUTSIDE, (int)len, shown, whose);
	else
		diag_error_file(d, path, OUTSIDE, (int)len, shown, whose);
#undef OUTSIDE
}

char *infile_resolve(const struct infiles *f, const char *root, const char *whose,
		     const char *from, const char *name, size_t len, struct span at,
		     struct diag *d)
{
	char *dir = folder_of(from);
	/* The name as the report's reader would write it: relative to the
	 * current folder when the report is in it. */
	char *path = (len > 0 && name[0] == '/') || !strchr(from, '/')
			     ? xstrndup(name, len)
			     : xasprintf("%s/%.*s", dir, (int)len, name);
	/* The check is made on the real path, links resolved; a name that does
	 * not resolve is checked as written, so a report cannot learn whether
	 * a file outside its folder exists. */
	char *real = realpath(path, NULL);
	if (!real) {
		/* The longest part that exists, links resolved, then the rest
		 * as written: "up/x.csv" with up a link to ".." is outside. */
		char *rdir = realpath(dir, NULL);
		char *abs = name[0] == '/' ? xstrndup(name, len)
					   : xasprintf("%s/%.*s", rdir ? rdir : dir, (int)len, name);
		char *norm = normalise(abs);
		size_t cut = strlen(norm);
		while (!real && cut > 1) {
			while (cut > 1 && norm[cut - 1] != '/')
				cut--;
			if (cut > 1)
				cut--; /* the slash */
			char *prefix = xstrndup(norm, cut ? cut : 1);
			char *rp = realpath(prefix, NULL);
			if (rp) {
				char *joined = xasprintf("%s%s", rp, norm + cut);
				real = normalise(joined);
				free(joined);
				free(rp);
			}
			free(prefix);
		}
		if (!real)
			real = xstrdup(norm);
		free(norm);
		free(abs);
		free(rdir);
	}
	free(dir);
	bool ok = permitted(f, root, real);
	free(real);
	if (!ok) {
		outside(d, at, path, name, len, whose);
		free(path);
		return NULL;
	}
	return path;
}

static void read_error(struct diag *d, struct span at, const char *path, const char *fmt,
		       const char *what)
{
	if (at.src)
		diag_error_at(d, at, "%s: %s%s", path, fmt, what);
	else
		diag_error_file(d, path, "%s%s", fmt, what);
}

/* The real path of an open file: where the bytes come from, whatever
 * links were changed since the name was checked. Caller frees. */
static char *real_of_fd(int fd, const char *path)
{
	char link[64], target[PATH_MAX];
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, target, sizeof(target) - 1);
	if (n > 0 && target[0] == '/') {
		target[n] = '\0';
		return xstrdup(target);
	}
	return realpath(path, NULL);
}

static int missed(struct infiles *f, const char *path, int err)
{
	if (!f)
		return err;
	for (int i = 0; i < f->nmissed; i++)
		if (!strcmp(f->missed[i], path))
			return err;
	GROW(f->missed, f->nmissed, f->missed_alloc);
	f->missed[f->nmissed++] = xstrdup(path);
	return err;
}

int infile_load(struct infiles *f, const char *path, const char *root, size_t max_bytes,
		char **data, size_t *len)
{
	/* Non-blocking: opening a FIFO with no writer returns at once instead
	 * of waiting; fstat then refuses it. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return missed(f, path, errno);
	struct stat st;
	int err = 0;
	if (fstat(fd, &st) != 0)
		err = errno;
	else if (S_ISDIR(st.st_mode))
		err = INFILE_FOLDER;
	else if (S_ISFIFO(st.st_mode))
		err = INFILE_FIFO;
	else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		err = INFILE_DEVICE;
	else if (!S_ISREG(st.st_mode))
		err = INFILE_SPECIAL;
	else if (st.st_size > 0 && (unsigned long long)st.st_size > max_bytes)
		err = INFILE_TOO_LARGE;
	if (!err && root) {
		char *real = real_of_fd(fd, path);
		if (!real || !permitted(f, root, real))
			err = INFILE_OUTSIDE;
		free(real);
	}
	struct buf b;
	buf_init(&b);
	char chunk[65536];
	while (!err) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err = errno;
		else if (n == 0)
			break;
		else if (b.len + (size_t)n > max_bytes)
			err = INFILE_TOO_LARGE;
		else
			buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	if (err) {
		buf_release(&b);
		return missed(f, path, err);
	}
	if (f) {
		GROW(f->read, f->nread, f->read_alloc);
		f->read[f->nread++] = (struct infile_id){ st.st_dev, st.st_ino, xstrdup(path) };
	}
	*data = buf_detach(&b, len);
	return 0;
}

const char *infile_why(int err, size_t max_bytes, const char *whose, char *buf, size_t n)
{
	switch (err) {
	case INFILE_FOLDER:
		return "it is a folder, not a file";
	case INFILE_FIFO:
		return "it is a FIFO (named pipe); paiban reads only regular files";
	case INFILE_DEVICE:
		return "it is a device; paiban reads only regular files";
	case INFILE_SPECIAL:
		return "it is not a regular file (a socket?); paiban reads only regular files";
	case INFILE_TOO_LARGE:
		snprintf(buf, n, "the file is larger than %zu MiB", max_bytes >> 20);
		return buf;
	case INFILE_OUTSIDE:
		snprintf(buf, n, "it is outside %s folder; paiban reads only files below it "
			 "(--allow-read DIR allows more)", whose ? whose : "the report's");
		return buf;
	default:
		return strerror(err);
	}
}

/* Read path, reporting what went wrong; when root is not NULL the file
 * opened must be below it (or an allowed folder). */
static int read_checked(struct infiles *f, const char *path, const char *root, const char *whose,
			size_t max_bytes, struct span at, struct diag *d, char **data, size_t *len)
{
	int err = infile_load(f, path, root, max_bytes, data, len);
	if (!err)
		return 0;
	char m[160];
	if (err == INFILE_OUTSIDE)
		outside(d, at, path, path, strlen(path), whose);
	else if (err == INFILE_TOO_LARGE) {
		snprintf(m, sizeof(m), "%zu MiB", max_bytes >> 20);
		read_error(d, at, path, "file is larger than ", m);
	} else {
		read_error(d, at, path, "cannot read: ", infile_why(err, max_bytes, whose, m, sizeof(m)));
	}
	return -1;
}

int infile_read(struct infiles *f, const char *path, size_t max_bytes, struct span at,
		struct diag *d, char **data, size_t *len)
{
	return read_checked(f, path, NULL, NULL, max_bytes, at, d, data, len);
}

int infile_read_named(struct infiles *f, const char *root, const char *whose, const char *from,
		      const char *name, size_t name_len, size_t max_bytes, struct span at,
		      struct diag *d, char **path, char **data, size_t *len)
{
	*path = infile_resolve(f, root, whose, from, name, name_len, at, d);
	if (!*path)
		return -1;
	if (read_checked(f, *path, root, whose, max_bytes, at, d, data, len) < 0) {
		free(*path);
		*path = NULL;
		return -1;
	}
	return 0;
}

void infiles_note(struct infiles *f, const char *path)
{
	struct stat st;
	if (!f || stat(path, &st) != 0)
		return;
	GROW(f->read, f->nread, f->read_alloc);
	f->read[f->nread++] = (struct infile_id){ st.st_dev, st.st_ino, xstrdup(path) };
}

const struct infile_id *infiles_find(const struct infiles *f, const char *path)
{
	struct stat st;
	if (!f || stat(path, &st) != 0)
		return NULL;
	for (int i = 0; i < f->nread; i++)
		if (f->read[i].dev == st.st_dev && f->read[i].ino == st.st_ino)
			return &f->read[i];
	return NULL;
}
