/* batch_key.c — cache keys and key files (batch_key.h, docs/batch.md).
 *
 * A job's key is a SHA-256 over a text that names paiban's version, the
 * job, the fonts' digest and the hash of every input's bytes; the key file
 * beside the output keeps the key, the inputs' paths (so the next run can
 * hash them again without rendering) and each output's hash, size and
 * pages (what a skipped job reports). */
#include "batch_key.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "base/outfile.h"
#include "base/sha256.h"
#include "base/util.h"

static char *key_path(const char *output)
{
	const char *slash = strrchr(output, '/');
	if (!slash)
		return xasprintf(".%s.paiban-key", output);
	return xasprintf("%.*s/.%s.paiban-key", (int)(slash - output), output, slash + 1);
}

static int hash_file(const char *path, unsigned char out[32], long long *bytes)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	struct sha256 s;
	sha256_init(&s);
	char buf[65536];
	size_t n;
	long long total = 0;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		sha256_update(&s, buf, n);
		total += (long long)n;
	}
	int err = ferror(f);
	fclose(f);
	if (err)
		return -1;
	sha256_final(&s, out);
	if (bytes)
		*bytes = total;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int font_file_digest(const char *path, char hex[65]);

/* SHA-256 over paiban's version, the job, the bytes of every input and of
 * every machine font it used (a job that used only the pinned fonts has no
 * font line: its key is what it was before machine fonts were counted).
 * Returns 0, or -1 when an input or font cannot be read (then there is no
 * key). */
static int job_key(const struct bjob *j, const char *fonts_digest, char **inputs, int n,
		   char **fonts, int nfonts, char hex[65])
{
	struct sha256 s;
	sha256_init(&s);
	struct buf b;
	buf_init(&b);
	buf_addf(&b, "paiban-cache 1\npaiban %s\njob %s\nreport %s\nlayout %s\noutput %s\nfonts %s\n",
		 PAIBAN_VERSION, j->id, j->report, j->layout, j->output, fonts_digest);
	for (int i = 0; i < j->nvars; i++)
		buf_addf(&b, "var %s\n", j->vars[i]);
	qsort(inputs, (size_t)n, sizeof(*inputs), cmp_str);
	for (int i = 0; i < n; i++) {
		unsigned char d[32];
		char h[65];
		if (hash_file(inputs[i], d, NULL) < 0) {
			buf_release(&b);
			return -1;
		}
		buf_addf(&b, "input %s %s\n", inputs[i], sha256_hex(d, h));
	}
	if (nfonts > 1)
		qsort(fonts, (size_t)nfonts, sizeof(*fonts), cmp_str);
	for (int i = 0; i < nfonts; i++) {
		char h[65];
		if (font_file_digest(fonts[i], h) < 0) {
			buf_release(&b);
			return -1;
		}
		buf_addf(&b, "font %s %s\n", fonts[i], h);
	}
	sha256_update(&s, b.data, b.len);
	buf_release(&b);
	unsigned char d[32];
	sha256_final(&s, d);
	sha256_hex(d, hex);
	return 0;
}

/* paiban's folder in the user's cache folder ($XDG_CACHE_HOME/paiban or
 * ~/.cache/paiban), or NULL. Caller frees. */
static char *cache_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	return xdg && *xdg ? xasprintf("%s/paiban", xdg) : home && *home ? xasprintf("%s/.cache/paiban", home) : NULL;
}

/* A digest remembered in the file memo: true and hex when it is there. */
static bool memo_read(const char *memo, char hex[65])
{
	char *text;
	size_t len;
	if (read_file(memo, 100, &text, &len) < 0)
		return false;
	bool ok = len == 64 && strspn(text, "0123456789abcdef") == 64;
	if (ok)
		memcpy(hex, text, 65);
	free(text);
	return ok;
}

static void memo_write(const char *memo, const char *hex)
{
	if (batch_make_dirs(memo) < 0)
		return;
	/* Best effort: a cache folder that cannot be written costs time only. */
	struct diag q;
	diag_init(&q);
	struct outfile of;
	if (outfile_open(&of, memo, &q) == 0) {
		fputs(hex, of.fp);
		outfile_commit(&of, &q);
	}
	diag_release(&q);
}

/* What names a file's bytes without reading them: its path, size, time
 * and inode, hashed (hex). Returns -1 when it cannot be found. */
static int file_stamp(const char *path, const char *name, char hex[65])
{
	struct stat st;
	if (stat(path, &st) != 0)
		return -1;
	char *id = xasprintf("%s %lld %lld.%09ld %llu\n", name, (long long)st.st_size,
			     (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, (unsigned long long)st.st_ino);
	unsigned char d[32];
	sha256_bytes(id, strlen(id), d);
	sha256_hex(d, hex);
	free(id);
	return 0;
}

/* A machine font's digest: the hash of its bytes (a CJK font is tens of
 * MB), remembered in the user's cache folder under its stamp (file_stamp),
 * as the pinned fonts' is. Returns 0, or -1 when it cannot be read. */
static int font_file_digest(const char *path, char hex[65])
{
	char stamp[65], after[65];
	if (file_stamp(path, path, stamp) < 0)
		return -1;
	char *cdir = cache_dir();
	char *memo = cdir ? xasprintf("%s/font-%.32s", cdir, stamp) : NULL;
	int rc = 0;
	if (!memo || !memo_read(memo, hex)) {
		unsigned char d[32];
		if (hash_file(path, d, NULL) < 0) {
			rc = -1;
		} else {
			sha256_hex(d, hex);
			/* Not remembered if the file changed while it was read. */
			if (memo && file_stamp(path, path, after) == 0 && !strcmp(stamp, after))
				memo_write(memo, hex);
		}
	}
	free(memo);
	free(cdir);
	return rc;
}

/* The pinned fonts' digest: their names and bytes. Hashing 45 MB costs
 * about 0.2 s, so it is remembered in the user's cache folder under a name
 * made from the files' names, sizes, times and inodes: a changed font file
 * is hashed again, an unchanged one never. */
void batch_fonts_digest(const char *datadir, char hex[65])
{
	char *dir = xasprintf("%s/fonts", datadir);
	DIR *dp = opendir(dir);
	char **names = NULL;
	int n = 0, alloc = 0;
	struct dirent *e;
	while (dp && (e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		GROW(names, n, alloc);
		names[n++] = xstrdup(e->d_name);
	}
	if (dp)
		closedir(dp);
	qsort(names, (size_t)n, sizeof(*names), cmp_str);
	struct buf id;
	buf_init(&id);
	for (int i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);
		struct stat st;
		if (stat(path, &st) == 0)
			buf_addf(&id, "%s %lld %lld.%09ld %llu\n", names[i], (long long)st.st_size,
				 (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, (unsigned long long)st.st_ino);
		free(path);
	}
	unsigned char d[32];
	char idhex[65];
	sha256_bytes(id.data, id.len, d);
	sha256_hex(d, idhex);
	buf_release(&id);
	char *cdir = cache_dir();
	char *memo = cdir ? xasprintf("%s/fonts-%.32s", cdir, idhex) : NULL;
	if (memo && memo_read(memo, hex)) {
		for (int i = 0; i < n; i++)
			free(names[i]);
		free(names);
		free(dir);
		free(memo);
		free(cdir);
		return;
	}
	struct sha256 s;
	sha256_init(&s);
	for (int i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);
		char h[65];
		if (hash_file(path, d, NULL) == 0) {
			char *line = xasprintf("%s %s\n", names[i], sha256_hex(d, h));
			sha256_update(&s, line, strlen(line));
			free(line);
		}
		free(path);
		free(names[i]);
	}
	free(names);
	free(dir);
	sha256_final(&s, d);
	sha256_hex(d, hex);
	if (memo)
		memo_write(memo, hex);
	free(memo);
	free(cdir);
}

/* ---- a job's result ---- */

void job_result_release(struct job_result *r)
{
	for (int i = 0; i < r->nouts; i++)
		free(r->outs[i].path);
	free(r->outs);
	for (int i = 0; i < r->ninputs; i++)
		free(r->inputs[i]);
	free(r->inputs);
	for (int i = 0; i < r->nfonts; i++)
		free(r->fonts[i]);
	free(r->fonts);
	diag_release(&r->d);
}

void job_result_set_fonts(struct job_result *r, const char *datadir, char **paths, int n)
{
	char *dir = xasprintf("%s/fonts", datadir);
	char *pinned = realpath(dir, NULL);
	free(dir);
	int k = 0;
	for (int i = 0; i < n; i++) {
		const char *slash = strrchr(paths[i], '/');
		char *folder = slash ? xstrndup(paths[i], (size_t)(slash - paths[i])) : xstrdup(".");
		char *real = realpath(folder, NULL);
		bool is_pinned = pinned && real && !strcmp(real, pinned);
		free(real);
		free(folder);
		if (is_pinned)
			free(paths[i]);
		else
			paths[k++] = paths[i];
	}
	free(pinned);
	r->fonts = paths;
	r->nfonts = k;
}

void job_result_add_output(struct job_result *r, const char *path, int pages)
{
	r->outs = xreallocarray(r->outs, (size_t)r->nouts + 1, sizeof(*r->outs));
	struct output_rec *o = &r->outs[r->nouts++];
	memset(o, 0, sizeof(*o));
	o->path = xstrdup(path);
	o->pages = pages;
	unsigned char d[32];
	if (hash_file(path, d, &o->bytes) == 0)
		sha256_hex(d, o->sha);
}

/* The key file: "key HEX", then "input PATH", "font PATH" (a machine
 * font used) and "output SHA BYTES PAGES PATH". */
bool batch_key_hit(const struct bjob *j, const char *fonts_digest, struct job_result *r)
{
	char *kp = key_path(j->output);
	char *text;
	size_t len;
	int rc = read_file(kp, (size_t)16 << 20, &text, &len);
	free(kp);
	if (rc < 0)
		return false;
	char want[65] = "";
	char **inputs = NULL, **fonts = NULL;
	int n = 0, alloc = 0, nf = 0, falloc = 0;
	struct job_result tmp = { 0 };
	bool ok = true;
	for (char *save = NULL, *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "key ", 4) && strlen(line + 4) == 64) {
			memcpy(want, line + 4, 65);
		} else if (!strncmp(line, "input ", 6)) {
			GROW(inputs, n, alloc);
			inputs[n++] = xstrdup(line + 6);
		} else if (!strncmp(line, "font ", 5)) {
			GROW(fonts, nf, falloc);
			fonts[nf++] = xstrdup(line + 5);
		} else if (!strncmp(line, "output ", 7)) {
			char sha[65];
			long long bytes;
			int pages, used = 0;
			if (sscanf(line + 7, "%64s %lld %d %n", sha, &bytes, &pages, &used) < 3 || !used) {
				ok = false;
				continue;
			}
			struct stat st;
			const char *path = line + 7 + used;
			/* The output must still be there, as it was written. */
			if (stat(path, &st) != 0 || st.st_size != bytes)
				ok = false;
			tmp.outs = xreallocarray(tmp.outs, (size_t)tmp.nouts + 1, sizeof(*tmp.outs));
			struct output_rec *o = &tmp.outs[tmp.nouts++];
			o->path = xstrdup(path);
			memcpy(o->sha, sha, 65);
			o->bytes = bytes;
			o->pages = pages;
		}
	}
	free(text);
	char have[65];
	if (ok && want[0] && tmp.nouts > 0 && job_key(j, fonts_digest, inputs, n, fonts, nf, have) == 0 &&
	    !strcmp(have, want)) {
		r->outs = tmp.outs;
		r->nouts = tmp.nouts;
		r->inputs = inputs;
		r->ninputs = n;
		r->fonts = fonts;
		r->nfonts = nf;
		r->skipped = true;
		return true;
	}
	for (int i = 0; i < tmp.nouts; i++)
		free(tmp.outs[i].path);
	free(tmp.outs);
	for (int i = 0; i < n; i++)
		free(inputs[i]);
	free(inputs);
	for (int i = 0; i < nf; i++)
		free(fonts[i]);
	free(fonts);
	return false;
}

void batch_key_write(const struct bjob *j, const char *fonts, struct job_result *r, struct diag *d)
{
	char hex[65];
	if (job_key(j, fonts, r->inputs, r->ninputs, r->fonts, r->nfonts, hex) < 0)
		return; /* an input went away: no key, the next run renders again */
	char *kp = key_path(j->output);
	struct outfile of;
	if (outfile_open(&of, kp, d) == 0) {
		fprintf(of.fp, "key %s\n", hex);
		for (int i = 0; i < r->ninputs; i++)
			fprintf(of.fp, "input %s\n", r->inputs[i]);
		for (int i = 0; i < r->nfonts; i++)
			fprintf(of.fp, "font %s\n", r->fonts[i]);
		for (int i = 0; i < r->nouts; i++)
			fprintf(of.fp, "output %s %lld %d %s\n", r->outs[i].sha, r->outs[i].bytes, r->outs[i].pages,
				r->outs[i].path);
		outfile_commit(&of, d);
	}
	free(kp);
}

/* Make the folders of path (like mkdir -p of its dirname). */
int batch_make_dirs(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

