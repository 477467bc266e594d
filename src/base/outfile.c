/* outfile.c — temporary file + rename (see outfile.h). */
#include "base/outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

int outfile_open(struct outfile *o, const char *path, struct diag *d)
{
	memset(o, 0, sizeof(*o));
	const char *slash = strrchr(path, '/');
	if (slash)
		o->tmp = xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1);
	else
		o->tmp = xasprintf(".%s.XXXXXX", path);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		diag_error_file(d, path, "cannot create output file: %s", strerror(errno));
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
		close(fd);
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		diag_error_file(d, path, "cannot open output file: %s", strerror(errno));
		return -1;
	}
	o->path = xstrdup(path);
	return 0;
}

int outfile_commit(struct outfile *o, struct diag *d)
{
	int err = 0;
	if (fflush(o->fp) != 0 || ferror(o->fp))
		err = errno ? errno : EIO;
	if (fclose(o->fp) != 0 && !err)
		err = errno;
	o->fp = NULL;
	if (!err && rename(o->tmp, o->path) != 0)
		err = errno;
	if (err) {
		diag_error_file(d, o->path, "cannot write output file: %s", strerror(err));
		unlink(o->tmp);
	}
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return err ? -1 : 0;
}

void outfile_abort(struct outfile *o)
{
	if (o->fp)
		fclose(o->fp);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
}
