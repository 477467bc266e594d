/* render.c — runs the stages in order (see render.h) and fills the frames'
 * metadata: title and author for the PDF, and a creation date taken from
 * SOURCE_DATE_EPOCH or the report's date — never the clock, so the same input
 * gives the same bytes. */
#include "render.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "base/limits.h"
#include "compose/fullwidth.h"
#include "compose/lang.h"
#include "export/export.h"
#include "flow/fit.h"
#include "parse/report.h"

const char *render_datadir(void)
{
	const char *env = getenv("PAIBAN_DATADIR");
	return env && env[0] ? env : PAIBAN_DATADIR;
}

/* SOURCE_DATE_EPOCH as reproducible-builds.org defines it: decimal digits
 * only. Dates past year 9999 cannot be written in a PDF and are ignored. */
static bool epoch_to_tm(const char *s, struct tm *tm)
{
	if (!s || !*s || strlen(s) > 12 || strspn(s, "0123456789") != strlen(s))
		return false;
	time_t t = (time_t)strtoll(s, NULL, 10);
	return gmtime_r(&t, tm) && tm->tm_year + 1900 <= 9999;
}

static void set_metadata(struct render *r)
{
	const struct meta *m = &r->doc.meta;
	struct frames *fr = &r->frames;
	struct buf b;
	buf_init(&b);
	if (m->title.len)
		buf_addstr(&b, m->title.s);
	if (m->subtitle.len)
		buf_addf(&b, "%s%s", b.len ? "——" : "", m->subtitle.s);
	fr->title = arena_strdup(&fr->arena, b.data);
	buf_release(&b);
	fr->author = m->byline.len ? m->byline.s : m->publisher.len ? m->publisher.s : "";
	fr->subject = m->masthead.len ? m->masthead.s : "";
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	struct tm tm;
	if (epoch_to_tm(sde, &tm)) {
		strftime(fr->date, sizeof(fr->date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	} else if (m->has_date) {
		/* A report's date is a local calendar day in China (UTC+8). */
		snprintf(fr->date, sizeof(fr->date), "%04d-%02d-%02dT00:00:00+08:00", m->year,
			 m->month, m->day);
	}
}

/* GB/T 9704 asks for 仿宋, which paiban does not ship: say which font
 * stands in when the machine has no FangSong, once per family. */
static void warn_substitutes(struct render *r, struct diag *d)
{
	static const char *const fang[] = { "仿宋", "FangSong", "仿宋_GB2312" };
	for (size_t i = 0; i < ARRAY_LEN(fang); i++) {
		int first = -1, count = 0;
		for (int k = 0; k < ROLE_COUNT; k++)
			if (!strcmp(r->layout.roles[k].family, fang[i]) && count++ == 0)
				first = k;
		if (first < 0)
			continue;
		char *got = fonts_match_family(r->fonts, fang[i]);
		if (got && !strstr(got, "Fang") && !strstr(got, "仿宋"))
			diag_warning_at(d, span_none(),
					"no %s font is installed: %s stands in for it (font role '%s'%s)",
					fang[i], got, layout_role_name((enum role)first),
					count > 1 ? " and others" : "");
		free(got);
	}
}

int render_layout(struct render *r, const struct render_opts *o, struct diag *d)
{
	memset(r, 0, sizeof(*r));
	document_init(&r->doc);
	frames_init(&r->frames);
	infiles_init(&r->files);
	for (int i = 0; o->allow_read && o->allow_read[i]; i++)
		if (infiles_allow(&r->files, o->allow_read[i], d) < 0)
			return -1;
	/* Parse both inputs before stopping, so one run reports the errors of both. */
	int bad = report_parse(&r->doc, d, o->report, &r->files);
	bad |= layout_load(&r->layout, d, o->datadir, o->layout, &r->files);
	if (bad)
		return -1;
	if (r->layout.typo.ascii_punct)
		fullwidth_document(&r->doc, d, o->verbose);
	if (o->fonts) {
		r->fonts = o->fonts;
	} else {
		char *fonts_dir = xasprintf("%s/fonts", o->datadir);
		r->fonts = fonts_new(fonts_dir, o->system_fonts, d);
		free(fonts_dir);
		if (!r->fonts)
			return -1;
		r->own_fonts = true;
	}
	warn_substitutes(r, d);
	r->text = text_new(r->fonts);
	text_set_typography(r->text, &r->layout.typo);
	text_set_language(r->text, lang_of_document(&r->doc));
	char *dict = xasprintf("%s/dict/hyph_en_US.dic", o->datadir);
	int hy = text_load_hyphenation(r->text, dict, d);
	free(dict);
	if (hy < 0)
		return -1;
	if (fit_document(&r->doc, &r->layout, r->text, d, &r->frames, &r->flow, &r->scale) < 0)
		return -1;
	if (r->frames.npages > LIMIT_PAGES) {
		diag_error(d, "the result has %d pages (or images); paiban writes at most %d in one run",
			   r->frames.npages, LIMIT_PAGES);
		return -1;
	}
	set_metadata(r);
	return 0;
}

int render_check_output(const struct render *r, const char *path, struct diag *d)
{
	char **paths;
	int n = export_paths(&r->frames, path, &paths), bad = 0;
	for (int i = 0; i < n; i++) {
		const struct infile_id *in = infiles_find(&r->files, paths[i]);
		if (in && !bad++)
			diag_error(d, "the output '%s' would overwrite '%s', which this run reads; choose another output name",
				   paths[i], in->path);
		free(paths[i]);
	}
	free(paths);
	return bad ? -1 : 0;
}

int render_export(struct render *r, const char *path, const struct export_opts *o,
		  struct diag *d)
{
	struct export_opts eo = o ? *o : (struct export_opts){ 0 };
	const struct exporter *e = export_find(path);
	if (e && e->pixels && r->frames.canvas && eo.dpi > 0) {
		diag_warning_at(d, span_none(),
				"--dpi is ignored: layout '%s' is a pixel canvas and is written at its exact size",
				r->layout.name);
		eo.dpi = 0;
	}
	return export_write(&r->frames, path, &eo, d);
}

void render_release(struct render *r)
{
	/* Frames refer to fonts held by the text context: free them first. */
	frames_release(&r->frames);
	infiles_release(&r->files);
	flow_report_release(&r->flow);
	text_free(r->text);
	if (r->own_fonts)
		fonts_free(r->fonts);
	document_release(&r->doc);
	memset(r, 0, sizeof(*r));
}

/* The file name without folder and extension, in a static-free copy. */
static char *stem(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	return xstrndup(base, n);
}

char *render_output_name(const char *dir, const char *report, const char *layout, bool canvas)
{
	char *rs = stem(report), *ls = stem(layout);
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	char *out = xasprintf("%.*s/%s-%s.%s", (int)n, dir, rs, ls, canvas ? "png" : "pdf");
	free(rs);
	free(ls);
	return out;
}
