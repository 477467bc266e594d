/* datafile.c — the one place the data layer opens files (data.h): data
 * files a report names and standard input for `--data NAME=-`. Paths are
 * relative to the report's folder, and a file the report names must lie
 * below it (the file-access policy of base/infile.h, as for CSV files and
 * images); a file named on the command line (--data NAME=FILE) is the
 * user's choice. Either is a regular file, never waited on. */
#include "parse/data.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/input.h"

char *datafile_path(const char *report, const char *s, size_t len)
{
	if (len > 0 && s[0] == '/')
		return xstrndup(s, len);
	const char *slash = report ? strrchr(report, '/') : NULL;
	if (!slash)
		return xstrndup(s, len);
	return xasprintf("%.*s/%.*s", (int)(slash - report), report, (int)len, s);
}

static int read_stream(FILE *f, size_t max, char **data, size_t *len)
{
	struct buf b;
	buf_init(&b);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b.len + n > max) {
			buf_release(&b);
			errno = EFBIG;
			return -1;
		}
		buf_add(&b, chunk, n);
	}
	if (ferror(f)) {
		buf_release(&b);
		errno = EIO;
		return -1;
	}
	*data = buf_detach(&b, len);
	return 0;
}

const struct source *datafile_read(struct dataset *ds, const char *path, bool named, int *err)
{
	char *text;
	size_t len;
	int rc;
	if (!strcmp(path, "-")) {
		if (ds->stdin_taken) {
			*err = EBUSY;
			return NULL;
		}
		ds->stdin_taken = true;
		rc = read_stream(stdin, LIMIT_REPORT_BYTES, &text, &len);
		if (rc < 0) {
			*err = errno == EFBIG ? INFILE_TOO_LARGE : errno;
			return NULL;
		}
	} else {
		rc = infile_load(ds->files, path, named ? ds->root : NULL, LIMIT_REPORT_BYTES, &text, &len);
		if (rc != 0) {
			*err = rc;
			return NULL;
		}
	}
	return diag_add_source(ds->d, strcmp(path, "-") ? path : "<stdin>", text, len);
}
