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

/* The 公文 fonts of GB/T 9704 §7 — 小标宋 titles, 仿宋 text, 楷体 and 黑体
 * headings — which paiban does not ship. fonts.conf puts the machine's own
 * font first and a stand-in after it; when the stand-in is what fontconfig
 * picks, say so, once for the whole layout, naming each stand-in and the
 * roles it sets. 小标宋 is a heavy face: its stand-in, the serif, is set
 * bold. */
static const struct standin {
	const char *family;       /* as a layout names it */
	const char *marks[4];     /* in the name of the real thing */
	bool bold;                /* the stand-in is set bold */
} standins[] = {
	{ "方正小标宋简体", { "小标宋", "XiaoBiaoSong" }, true },
	{ "仿宋_GB2312", { "仿宋", "FangSong", "Fangsong" }, false },
	{ "仿宋", { "仿宋", "FangSong", "Fangsong" }, false },
	{ "FangSong", { "仿宋", "FangSong", "Fangsong" }, false },
	{ "楷体_GB2312", { "楷体", "KaiTi", "Kaiti" }, false },
	{ "SimHei", { "黑体", "SimHei" }, false },
};

static void resolve_standins(struct render *r, struct diag *d)
{
	struct buf msg;
	buf_init(&msg);
	for (size_t i = 0; i < ARRAY_LEN(standins); i++) {
		const struct standin *st = &standins[i];
		int first = -1, count = 0;
		for (int k = 0; k < ROLE_COUNT; k++)
			if (!strcmp(r->layout.roles[k].family, st->family) && count++ == 0)
				first = k;
		if (first < 0)
			continue;
		char *got = fonts_match_family(r->fonts, st->family);
		bool real = false;
		for (int m = 0; got && m < 4 && st->marks[m]; m++)
			real |= strstr(got, st->marks[m]) != NULL;
		if (got && !real) {
			if (st->bold)
				for (int k = 0; k < ROLE_COUNT; k++)
					if (!strcmp(r->layout.roles[k].family, st->family))
						r->layout.roles[k].weight = 700;
			buf_addf(&msg, "%s%s → %s%s (font role '%s'%s)", msg.len ? "; " : "", st->family, got,
				 st->bold ? " Bold" : "", layout_role_name((enum role)first),
				 count > 1 ? " and others" : "");
		}
		free(got);
	}
	if (msg.len)
		diag_warning_at(d, span_none(), "fonts not installed, stand-ins used: %s", msg.data);
	buf_release(&msg);
}

/* The file policy of a run (--allow-read). Returns 0 or -1. */
static int render_begin(struct render *r, const struct render_opts *o, struct diag *d)
{
	infiles_init(&r->files);
	for (int i = 0; o->allow_read && o->allow_read[i]; i++)
		if (infiles_allow(&r->files, o->allow_read[i], d) < 0)
			return -1;
	return 0;
}

/* At most LIMIT_PAGES pages: past that, writing them would take the time
 * a report of a thousand pages takes, for what is most likely a mistake. */
static int check_pages(const struct render *r, struct diag *d)
{
	if (r->frames.npages <= LIMIT_PAGES)
		return 0;
	diag_error(d, "the result has %d pages (or images); paiban writes at most %d in one run",
		   r->frames.npages, LIMIT_PAGES);
	return -1;
}

static struct cached_layout *cached_layout(struct render_cache *c, const char *name,
					   struct diag *d)
{
	for (int i = 0; i < c->nlayouts; i++)
		if (!strcmp(c->layouts[i].name, name))
			return &c->layouts[i];
	struct layout l;
	int before = d->nsources;
	if (layout_load(&l, d, c->datadir, name, NULL) < 0)
		return NULL;
	GROW(c->layouts, c->nlayouts, c->layouts_alloc);
	struct cached_layout *cl = &c->layouts[c->nlayouts++];
	cl->name = xstrdup(name);
	cl->layout = l;
	cl->nfiles = d->nsources - before;
	cl->files = xcalloc((size_t)cl->nfiles + 1, sizeof(char *));
	for (int i = 0; i < cl->nfiles; i++)
		cl->files[i] = xstrdup(d->sources[before + i]->path);
	return cl;
}

int render_cache_init(struct render_cache *c, const char *datadir, bool system_fonts,
		      struct diag *d)
{
	memset(c, 0, sizeof(*c));
	c->datadir = datadir;
	c->system_fonts = system_fonts;
	char *fonts_dir = xasprintf("%s/fonts", datadir);
	c->fonts = fonts_new(fonts_dir, system_fonts, d);
	free(fonts_dir);
	if (!c->fonts)
		return -1;
	c->text = text_new(c->fonts);
	return 0;
}

void render_cache_release(struct render_cache *c)
{
	text_free(c->text);
	fonts_free(c->fonts);
	for (int i = 0; i < c->nlayouts; i++) {
		free(c->layouts[i].name);
		for (int k = 0; k < c->layouts[i].nfiles; k++)
			free(c->layouts[i].files[k]);
		free(c->layouts[i].files);
	}
	free(c->layouts);
	memset(c, 0, sizeof(*c));
}

int render_layout_cached(struct render *r, const struct render_opts *o, struct render_cache *c,
			 struct diag *d)
{
	memset(r, 0, sizeof(*r));
	r->shared = true;
	document_init(&r->doc);
	frames_init(&r->frames);
	if (render_begin(r, o, d) < 0)
		return -1;
	int bad = report_parse_data(&r->doc, d, o->report, o->data, &r->files, &r->usage_error);
	struct cached_layout *cl = cached_layout(c, o->layout, d);
	if (bad || !cl)
		return -1;
	for (int i = 0; i < cl->nfiles; i++)
		infiles_note(&r->files, cl->files[i]);
	r->layout = cl->layout;
	if (r->layout.typo.ascii_punct)
		fullwidth_document(&r->doc, d, o->verbose);
	r->fonts = c->fonts;
	r->text = c->text;
	resolve_standins(r, d);
	text_set_typography(r->text, &r->layout.typo);
	if (fit_document(&r->doc, &r->layout, r->text, d, &r->frames, &r->flow, &r->scale) < 0)
		return -1;
	if (check_pages(r, d) < 0)
		return -1;
	set_metadata(r);
	return 0;
}

int render_inputs(const struct render_cache *c, const char *layout, const struct diag *d,
		  char ***paths)
{
	int n = 0, alloc = 0;
	*paths = NULL;
	for (int i = 0; i < d->nsources; i++) {
		const char *p = d->sources[i]->path;
		if (p[0] == '<')
			continue; /* <expression>, <stdin>: not files */
		bool dup = false;
		for (int k = 0; k < n && !dup; k++)
			dup = !strcmp((*paths)[k], p);
		if (dup)
			continue;
		GROW(*paths, n, alloc);
		(*paths)[n++] = xstrdup(p);
	}
	for (int i = 0; c && i < c->nlayouts; i++)
		if (!strcmp(c->layouts[i].name, layout))
			for (int k = 0; k < c->layouts[i].nfiles; k++) {
				bool dup = false;
				for (int j = 0; j < n && !dup; j++)
					dup = !strcmp((*paths)[j], c->layouts[i].files[k]);
				if (!dup) {
					GROW(*paths, n, alloc);
					(*paths)[n++] = xstrdup(c->layouts[i].files[k]);
				}
			}
	return n;
}

/* The fonts of the glyph runs met so far, each once. */
struct font_set {
	PangoFont **fonts;
	int n, alloc;
};

static void note_font(const struct frame_item *it, void *arg)
{
	struct font_set *s = arg;
	if (it->kind != ITEM_GLYPHS)
		return;
	for (int i = 0; i < s->n; i++)
		if (s->fonts[i] == it->u.run->font)
			return;
	GROW(s->fonts, s->n, s->alloc);
	s->fonts[s->n++] = it->u.run->font;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int render_font_files(const struct render *r, char ***paths)
{
	struct font_set s = { 0 };
	for (int i = 0; i < r->frames.npages; i++)
		group_walk(&r->frames.pages[i].content, 0, 0, note_font, &s);
	int n = 0, alloc = 0;
	*paths = NULL;
	for (int i = 0; i < s.n; i++) {
		char *file = fonts_file(s.fonts[i]);
		bool dup = !file;
		for (int k = 0; k < n && !dup; k++)
			dup = !strcmp((*paths)[k], file);
		if (dup) {
			free(file);
			continue;
		}
		GROW(*paths, n, alloc);
		(*paths)[n++] = file;
	}
	free(s.fonts);
	if (n > 1)
		qsort(*paths, (size_t)n, sizeof(**paths), cmp_path);
	return n;
}

int render_layout(struct render *r, const struct render_opts *o, struct diag *d)
{
	memset(r, 0, sizeof(*r));
	document_init(&r->doc);
	frames_init(&r->frames);
	if (render_begin(r, o, d) < 0)
		return -1;
	/* Parse both inputs before stopping, so one run reports the errors of both. */
	int bad = report_parse_data(&r->doc, d, o->report, o->data, &r->files, &r->usage_error);
	bad |= layout_load(&r->layout, d, o->datadir, o->layout, &r->files);
	if (bad)
		return -1;
	if (r->layout.typo.ascii_punct)
		fullwidth_document(&r->doc, d, o->verbose);
	char *fonts_dir = xasprintf("%s/fonts", o->datadir);
	r->fonts = fonts_new(fonts_dir, o->system_fonts, d);
	free(fonts_dir);
	if (!r->fonts)
		return -1;
	resolve_standins(r, d);
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
	if (check_pages(r, d) < 0)
		return -1;
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
	flow_report_release(&r->flow);
	infiles_release(&r->files);
	if (!r->shared) {
		text_free(r->text);
		fonts_free(r->fonts);
	}
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
