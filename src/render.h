/* render.h — the whole pipeline behind `paiban render`: parse the report, load
 * the layout and fonts, compose and flow into frames, export. main.c and the
 * tests both drive it through this interface. */
#ifndef PAIBAN_RENDER_H
#define PAIBAN_RENDER_H

#include <stdbool.h>

#include "base/diag.h"
#include "base/infile.h"
#include "compose/fonts.h"
#include "compose/text.h"
#include "export/export.h"
#include "flow/flow.h"
#include "frame/frame.h"
#include "model/document.h"
#include "style/layout.h"

struct data_opts;

struct render_opts {
	const char *report;   /* path */
	const char *layout;   /* built-in name or path */
	const char *datadir;  /* holds layouts/ and fonts/ */
	bool system_fonts;    /* fall back to the machine's fonts */
	bool verbose;         /* notes on what paiban changed in the text */
	/* Variables, data files and --strict from the command line
	 * (parse/data.h); NULL for none. */
	const struct data_opts *data;
	/* Folders files named in the report or layout may come from besides
	 * their own (--allow-read), NULL-terminated; NULL: none. */
	const char *const *allow_read;
};

struct render {
	struct document doc;
	struct layout layout;
	struct fonts *fonts;
	struct text_ctx *text;
	struct frames frames;
	struct flow_report flow; /* where flow put each line (for tests) */
	double scale;         /* shrink-to-fit: the factor applied to the type sizes */
	bool usage_error;     /* a --var or --data was at fault (exit code 2) */
	bool shared;          /* fonts and text context belong to a render_cache */
	struct infiles files; /* the file policy, and every file the run read */
};

/* What a process that renders many reports keeps between them (paiban
 * batch, paiban watch): the fonts, the text context, and each layout
 * loaded once with the files it was read from. */
struct render_cache {
	const char *datadir;
	bool system_fonts;
	struct fonts *fonts;
	struct text_ctx *text;
	struct cached_layout {
		char *name;
		struct layout layout;
		char **files;     /* the layout's files (with its bases), for cache keys */
		int nfiles;
	} *layouts;
	int nlayouts, layouts_alloc;
};

/* Load the fonts. Returns 0, or -1 after reporting an error; release
 * either way. */
int render_cache_init(struct render_cache *c, const char *datadir, bool system_fonts,
		      struct diag *d);
void render_cache_release(struct render_cache *c);

/* render_layout with the fonts and text context of c, and o->layout loaded
 * once per cache. The files the render read (report, data, CSV, images,
 * layouts) are the paths of d's sources plus the layout's files
 * (render_inputs). */
int render_layout_cached(struct render *r, const struct render_opts *o, struct render_cache *c,
			 struct diag *d);
/* The files a render with c and diagnostics d read: a list of paths
 * (caller frees each and the array); the layout's own files included. */
int render_inputs(const struct render_cache *c, const char *layout, const struct diag *d,
		  char ***paths);

/* The font files whose faces shaped the glyph runs of r's frames: sorted,
 * each once (caller frees each and the array). Pinned fonts and the
 * machine's alike. Returns how many. */
int render_font_files(const struct render *r, char ***paths);

/* Exit codes of `paiban`, documented in docs/cli.md. */
enum {
	EXIT_OK = 0,
	EXIT_INPUT = 1,  /* the report, the layout or a font is invalid or missing */
	EXIT_USAGE = 2,  /* bad command line */
	EXIT_OUTPUT = 3, /* the output could not be written */
	EXIT_JOBS = 4,   /* paiban batch finished, and some jobs failed */
};

/* Everything up to frames. Returns 0, or -1 after reporting errors. The
 * render must be released with render_release either way. A result of more
 * than LIMIT_PAGES pages is an error. */
int render_layout(struct render *r, const struct render_opts *o, struct diag *d);

/* Before render_export: refuse to write `path` (or, for a series of PNG
 * pages, any of its page files) when it is a file the run read — the
 * report, a layout, a data file, a CSV file or an image — through any name
 * or link. Returns 0, or -1 after reporting which input it would overwrite
 * (exit code 2: a bad command line). */
int render_check_output(const struct render *r, const char *path, struct diag *d);

/* Write the frames to path in the format its extension names (.pdf, .png,
 * .trace; export.h). On a pixel canvas a --dpi is ignored with a warning:
 * the canvas is written at its exact size. Returns 0 or -1. */
int render_export(struct render *r, const char *path, const struct export_opts *o,
		  struct diag *d);

/* In an output folder, the file a layout's result goes to:
 * DIR/REPORT-LAYOUT.png for a pixel canvas, DIR/REPORT-LAYOUT.pdf for a
 * page layout, where REPORT is the report's file name without its extension
 * and LAYOUT the -l name (a layout file: its name without extension).
 * Caller frees. */
char *render_output_name(const char *dir, const char *report, const char *layout, bool canvas);

void render_release(struct render *r);

/* The default data folder: $PAIBAN_DATADIR, else the one built in. */
const char *render_datadir(void);

#endif
