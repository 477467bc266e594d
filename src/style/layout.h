/* layout.h — how a report looks on one kind of page or canvas, stage "style".
 * A layout file (docs/layouts.md) is parsed into resolved values in points:
 * page size and margins, columns, font roles with sizes (pt or 号), colours,
 * masthead and footer. Built-in layouts live in layouts/NAME.yaml. */
#ifndef PAIBAN_LAYOUT_H
#define PAIBAN_LAYOUT_H

#include <stdbool.h>

#include "base/color.h"
#include "base/diag.h"
#include "base/infile.h"

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
	ROLE_KICKER,  /* 引题, above the title */
	ROLE_IMPRINT, /* the 版记 or 报尾 */
	ROLE_COUNT
};

struct font_role {
	char family[128]; /* family name or alias (宋体, 黑体, 楷体 …) */
	double size;      /* pt */
	int weight;       /* 400 regular, 700 bold */
	struct color color;
	double leading;   /* baseline-to-baseline distance in em of this size */
};

/* banner: 简报; line: social card; gongwen: GB/T 9704 版头 (发文机关标志 in
 * red 35 mm below the top of the 版心, 发文字号, red rule). */
enum masthead_style { MASTHEAD_NONE, MASTHEAD_BANNER, MASTHEAD_LINE, MASTHEAD_GONGWEN };

/* Punctuation width styles (clreq §3.1, ctex's punct option): 全角 — every
 * mark a full em, adjacent marks compressed to 1.5 em and a line-end mark to
 * ½ em; 开明 — 。？！ full, every other mark ½ em; 半角 — every mark ½ em. */
enum punct_style { PUNCT_FULL, PUNCT_KAIMING, PUNCT_HALF };

/* Line-breaking prohibition levels (clreq §3.1.7, Appendix A): basic keeps
 * clreq's marks off line starts and ends; gb also keeps / and ／ off a line
 * end; strict also keeps —— and …… off a line start (compose/clreq.c has
 * the sets, docs/layouts.md lists them). */
enum kinsoku { KINSOKU_BASIC, KINSOKU_GB, KINSOKU_STRICT };

/* How the composer sets Chinese text; the `typography` key of a layout. */
struct typography {
	enum punct_style punct;
	bool hanging;        /* 、，。 may hang past the measure at line end */
	enum kinsoku kinsoku;
	int grid;            /* characters per line of body text; 0: no grid */
	double latin_space;  /* CJK–Latin gap, em */
	bool ascii_punct;    /* ASCII , ; : ( ) ! ? between Han become full-width */
	bool trim_para_start; /* an opening mark starting an indented paragraph
			       * loses its blank half too (default: full cell) */
};
enum align { ALIGN_LEFT, ALIGN_CENTER };

/* Where a header or footer line sits across the text width. Outside/inside
 * alternate with the page: outside is right on odd pages, left on even ones
 * (GB/T 9704 page numbers). */
enum edge_align { EDGE_CENTER, EDGE_LEFT, EDGE_RIGHT, EDGE_OUTSIDE, EDGE_INSIDE };

/* A header or footer line: a format with {page} and {pages}; "" for none. */
struct page_text {
	char format[64];
	enum edge_align align;
	double inset;     /* pt in from the text area's edge (left/right/outside/inside) */
	double offset;    /* pt from the text area to the top of the line; <0: middle of the margin */
	bool hide_single; /* not drawn when the result is a single page or image */
	bool skip_first;  /* not drawn on page 1 (a running head under a masthead) */
	bool rule;        /* a thin rule across the text width (under a header, over a footer) */
};

/* What closes the last page under rules (the report's meta.imprint):
 * gongwen — the 版记 of GB/T 9704 §7.4 on an even page, its last rule on
 * the 版心's bottom edge; briefing — a 简报's 报尾 (报, 送, 发, copies) at the
 * foot of the last page. */
enum imprint_style { IMPRINT_NONE, IMPRINT_GONGWEN, IMPRINT_BRIEFING };

/* How a pixel canvas copes with a report that does not fit on it. */
enum fit_mode {
	FIT_NONE,   /* continue on more images, split anywhere between lines */
	FIT_SHRINK, /* scale all type down until it fits, to min-size at most */
	FIT_SERIES, /* a numbered series of images, split only between blocks */
};

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
	enum align byline_align;
	double byline_space;   /* blank body lines above the byline */
	double title_space;    /* body lines of space under the title block */
	bool heading_bar;      /* accent bar before level-1 headings */
	double heading_space;  /* air around a heading, in body lines */
	double heading_indent; /* em of the heading's size */
	bool heading_span;     /* level-1 headings span all columns (page layouts) */
	struct page_text footer; /* the page number */
	struct page_text header;
	bool auto_height;      /* page height grows with the content (long image) */
	double max_height;     /* auto height: new image past this, at a block boundary; 0: none */
	double bleed;          /* pt added around the trimmed page for print */
	bool crop_marks;       /* marks at the trim corners, outside the bleed */
	bool show_body;        /* false: masthead and title block only (covers) */
	bool signature;        /* 公文 close: publisher and date under the body */
	enum imprint_style imprint;
	bool number_captions;  /* 图1, 表1 … before chart and table titles and image captions */
	bool jump_lines;       /* （下转第N版） / （上接第N版） where the text goes on to the next page */
	bool pull_together;    /* a nearly empty last page: tighten pictures and air to lose it */
	double figure_scale;   /* pictures' widths times this (pull-together tries less than 1) */
	bool closing_card;     /* a series ends with a card: logo, name, QR code, call to action */
	enum fit_mode fit;
	double fit_min_size;   /* shrink: smallest body size, pt */
	int max_images;        /* series: the most images a post may have; 0: no limit */
	char max_images_name[32]; /* the platform preset that set it, or "" */
	int kpi_per_row;       /* 0: as many as fit */
	double kpi_min_width;  /* pt */
	double png_dpi;        /* PNG resolution when --dpi is not given */
	struct typography typo;
	struct chart_theme chart;
};

/* Find `name_or_path`: a path if it contains '/' or ends in .yaml/.yml/.json,
 * otherwise a built-in layout in datadir/layouts/. Parses it into *out; a
 * `base:` key loads that layout first (a name, or a path relative to the file
 * that names it) and applies the file's other keys on top. Returns 0, or -1
 * after reporting errors (an unknown name lists the built-ins; a cycle of
 * bases or more than LAYOUT_MAX_DEPTH of them is an error). A base named by
 * path must lie below the folder of the file `name_or_path` names (or a
 * folder `files` allows); every file read is recorded in files (NULL: not
 * recorded). */
#define LAYOUT_MAX_DEPTH 8
int layout_load(struct layout *out, struct diag *d, const char *datadir, const char *name_or_path,
		struct infiles *files);

/* Names and descriptions of the built-in layouts, sorted; returns the count.
 * Caller frees each string and the arrays. */
int layout_list(const char *datadir, char ***names, char ***descriptions);

/* The size in pt of a Chinese 号 size name (五号 → 10.5), or -1. */
double layout_hao_size(const char *name, size_t len);

const char *layout_role_name(enum role r);

/* The chart theme's label (or title) font role with the layout's defaults
 * filled in: the text colour, and 0.85 × (title: 1 ×) the body size when
 * the layout gives no size. Tables and captions use it too. */
struct font_role layout_chart_role(const struct layout *l, bool title);

#endif
