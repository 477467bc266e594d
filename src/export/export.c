/* export.c — the table of output formats (export.h): the one place that
 * knows which extensions paiban writes. */
#include "export/export.h"

#include <string.h>
#include <strings.h>

#include "base/util.h"

static const struct exporter exporters[] = {
	{ ".pdf", "PDF", false, export_pdf },
	{ ".png", "PNG", true, export_png },
	{ ".trace", "trace", false, export_trace },
};

const struct exporter *export_find(const char *path)
{
	size_t n = strlen(path);
	for (size_t i = 0; i < ARRAY_LEN(exporters); i++) {
		size_t m = strlen(exporters[i].ext);
		if (n > m && !strcasecmp(path + n - m, exporters[i].ext))
			return &exporters[i];
	}
	return NULL;
}

const char *export_extensions(void)
{
	return ".pdf, .png or .trace";
}

char *export_page_path(const char *path, int page, int npages)
{
	if (npages == 1)
		return xstrdup(path);
	size_t n = strlen(path);
	if (n > 4 && !strcasecmp(path + n - 4, ".png"))
		n -= 4;
	return xasprintf("%.*s-%d.png", (int)n, path, page + 1);
}

int export_paths(const struct frames *fr, const char *path, char ***paths)
{
	const struct exporter *e = export_find(path);
	int n = e && e->pixels && fr->npages > 1 ? fr->npages : 1;
	*paths = xcalloc((size_t)n, sizeof(**paths));
	for (int i = 0; i < n; i++)
		(*paths)[i] = export_page_path(path, i, n);
	return n;
}

int export_write(const struct frames *fr, const char *path, const struct export_opts *o,
		 struct diag *d)
{
	const struct exporter *e = export_find(path);
	if (!e) {
		diag_error(d, "cannot tell the output format of '%s': use a name ending in %s", path,
			   export_extensions());
		return -1;
	}
	return e->write(fr, path, o, d);
}
