/* layout.h — how a report looks on one kind of page or canvas, stage "style".
 * A layout file (docs/layouts.md) is parsed into resolved values in points:
 * page size and margins, columns, font roles with sizes (pt or 号), colours,
 * masthead and footer. Built-in layouts live in layouts/NAME.yaml. */
#ifndef PAIBAN_LAYOUT_H
#define PAIBAN_LAYOUT_H

#include <stdbool.h>

#include "diag.h"

struct color {
	double r, g, b;
};

/* The typographic roles a layout sets a font for. */
enum role {
	ROLE_BODY,
	ROLE_LEAD,
	ROLE_HEADING1,
	ROLE_HEADING2,
	ROLE_HEADING3,
	ROLE_QUOTE,
	ROLE_LIST,
	ROLE_TITLE,
	ROLE_SUBTITLE,
	ROLE_BYLINE,
	ROLE_MASTHEAD,
	ROLE_DATELINE,
	ROLE_KPI_VALUE,
	ROLE_KPI_UNIT,
	ROLE_KPI_LABEL,
	ROLE_FOOTER,
	ROLE_COUNT
};

struct font_role {
	char family[128]; /* family name or alias (宋体, 黑体, 楷体 …) */
	double size;      /* pt */
	int weight;       /* 400 regular, 700 bold */
	struct color color;
	double leading;   /* baseline-to-baseline distance in em of this size */
};

enum masthead_style { MASTHEAD_NONE, MASTHEAD_BANNER, MASTHEAD_LINE };
enum align { ALIGN_LEFT, ALIGN_CENTER };

/* How charts look (the layout's `chart` key). */
#define PALETTE_MAX 8
struct chart_theme {
	struct color palette[PALETTE_MAX]; /* series colours in order */
	int npalette;
	bool accent_first;   /* no palette given: the layout's accent leads */
	struct font_role label; /* ticks, categories, legends, values, notes */
	struct font_role title;
	bool label_color_set, title_color_set; /* else the layout's text colour */
	bool label_size_set, title_size_set;   /* else 0.85 × and 1 × the body size */
	struct color grid, axis;
	bool gridlines;
	struct color up, down; /* rising and falling changes (▲ ▼) */
};

struct layout {
	char name[64];
	char description[256];
	bool canvas;          /* pixel canvas (social image): one page, PNG at 96 dpi */
	double page_w, page_h; /* pt */
	double margin[4];      /* top, right, bottom, left; pt */
	struct color background;
	int columns;
	double gutter;         /* pt */
	struct color accent, text, muted, panel;
	struct font_role roles[ROLE_COUNT];
	double indent_em;      /* first-line indent of body paragraphs */
	double para_space;     /* extra space between paragraphs, in body lines */
	enum masthead_style masthead;
	enum align title_align;
	char page_number[64];  /* format with {page}; "" for none */
	int kpi_per_row;       /* 0: as many as fit */
	double kpi_min_width;  /* pt */
	double png_dpi;        /* PNG resolution when --dpi is not given */
	struct chart_theme chart;
};

/* Find `name_or_path`: a path if it contains '/' or ends in .yaml/.yml/.json,
 * otherwise a built-in layout in datadir/layouts/. Parses it into *out.
 * Returns 0, or -1 after reporting errors (an unknown name lists the built-ins). */
int layout_load(struct layout *out, struct diag *d, const char *datadir, const char *name_or_path);

/* Names and descriptions of the built-in layouts, sorted; returns the count.
 * Caller frees each string and the arrays. */
int layout_list(const char *datadir, char ***names, char ***descriptions);

/* The size in pt of a Chinese 号 size name (五号 → 10.5), or -1. */
double layout_hao_size(const char *name, size_t len);

const char *layout_role_name(enum role r);

#endif
