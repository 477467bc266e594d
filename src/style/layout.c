/* layout.c — parses layout files into resolved styles (stage "style"): lengths
 * with units, Chinese 号 font sizes, colours, font roles. Every key is checked,
 * so a misspelt key is an error, not a silently ignored setting. */
#include "style/layout.h"

#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/infile.h"
#include "base/input.h"
#include "base/limits.h"
#include "base/util.h"

#define MM (72.0 / 25.4)
#define PX 0.75 /* CSS pixel: 1/96 in */

/* Indexed by enum role; the NULL after the last makes it a key list. */
static const char *const role_names[ROLE_COUNT + 1] = {
	[ROLE_BODY] = "body",           [ROLE_LEAD] = "lead",
	[ROLE_HEADING1] = "heading1",   [ROLE_HEADING2] = "heading2",
	[ROLE_HEADING3] = "heading3",   [ROLE_QUOTE] = "quote",
	[ROLE_LIST] = "list",           [ROLE_TITLE] = "title",
	[ROLE_SUBTITLE] = "subtitle",   [ROLE_BYLINE] = "byline",
	[ROLE_MASTHEAD] = "masthead",   [ROLE_DATELINE] = "dateline",
	[ROLE_KPI_VALUE] = "kpi-value", [ROLE_KPI_UNIT] = "kpi-unit",
	[ROLE_KPI_LABEL] = "kpi-label", [ROLE_FOOTER] = "footer",
	[ROLE_KICKER] = "kicker",       [ROLE_IMPRINT] = "imprint",
};

const char *layout_role_name(enum role r)
{
	return role_names[r];
}

/* Chinese type sizes (字号), in points, as used in GB/T 9704 and Chinese
 * typesetting software. */
static const struct {
	const char *name;
	double pt;
} hao_sizes[] = {
	{ "初号", 42 }, { "小初", 36 }, { "一号", 26 }, { "小一", 24 }, { "二号", 22 },
	{ "小二", 18 }, { "三号", 16 }, { "小三", 15 }, { "四号", 14 }, { "小四", 12 },
	{ "五号", 10.5 }, { "小五", 9 }, { "六号", 7.5 }, { "小六", 6.5 }, { "七号", 5.5 },
	{ "八号", 5 },
};

double layout_hao_size(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_LEN(hao_sizes); i++)
		if (strlen(hao_sizes[i].name) == len && memcmp(hao_sizes[i].name, name, len) == 0)
			return hao_sizes[i].pt;
	return -1;
}

static const struct {
	const char *name;
	double w, h; /* mm */
} paper_sizes[] = {
	{ "A3", 297, 420 }, { "A4", 210, 297 }, { "A5", 148, 210 },
	{ "B5", 176, 250 }, { "16K", 184, 260 }, { "16开", 184, 260 }, { "Letter", 215.9, 279.4 },
};
#define PAPER_NAMES "A3, A4, A5, B5, 16K (16开), Letter"


struct lparser {
	struct input in;
	struct layout *l;
	int bad;
};

__attribute__((format(printf, 3, 4))) static void err(struct lparser *p, struct node *n,
							 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_verror_at(p->in.diag, input_span(&p->in, n), fmt, ap);
	va_end(ap);
	p->bad++;
}

/* A length: "25mm", "2cm", "10.5pt", "1080px", "1in" or a bare number (pt). */
static bool read_length(struct lparser *p, struct node *n, const char *what, double *out)
{
	const char *s;
	size_t len;
	if (input_string(&p->in, n, what, &s, &len) < 0) {
		p->bad++;
		return false;
	}
	char tmp[64];
	if (len >= sizeof(tmp))
		goto bad;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	char *end;
	double v = strtod(tmp, &end);
	if (end == tmp || !(v >= 0) || v > 100000)
		goto bad;
	double unit;
	if (!strcmp(end, "") || !strcmp(end, "pt"))
		unit = 1;
	else if (!strcmp(end, "mm"))
		unit = MM;
	else if (!strcmp(end, "cm"))
		unit = 10 * MM;
	else if (!strcmp(end, "in"))
		unit = 72;
	else if (!strcmp(end, "px"))
		unit = PX;
	else
		goto bad;
	*out = v * unit;
	return true;
bad:
	err(p, n, "%s must be a length such as 20mm, 10.5pt or 1080px", what);
	return false;
}

static bool read_font_size(struct lparser *p, struct node *n, double *out)
{
	const char *s;
	size_t len;
	if (input_is_scalar(n)) {
		s = input_scalar(n, &len);
		double hao = layout_hao_size(s, len);
		if (hao > 0) {
			*out = hao;
			return true;
		}
	}
	if (!read_length(p, n, "a font size (pt, px or a 号 size such as 五号)", out))
		return false;
	if (*out < 1 || *out > 1000) {
		err(p, n, "%s is out of range (1 to 1000 pt)", "a font size");
		return false;
	}
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "#rrggbb", or the name of a palette colour (accent, text, muted, panel)
 * when names are allowed (not inside 'colors' itself, which defines them). */
static bool read_color_or_name(struct lparser *p, struct node *n, const char *what,
			       struct color *out, bool names_ok)
{
	const char *s;
	size_t len;
	if (input_string(&p->in, n, what, &s, &len) < 0) {
		p->bad++;
		return false;
	}
	static const char *const names[] = { "accent", "text", "muted", "panel" };
	const struct color *pal[] = { &p->l->accent, &p->l->text, &p->l->muted, &p->l->panel };
	for (size_t i = 0; names_ok && i < ARRAY_LEN(names); i++)
		if (len == strlen(names[i]) && !memcmp(s, names[i], len)) {
			*out = *pal[i];
			return true;
		}
	if (len == 7 && s[0] == '#') {
		int v[6];
		bool ok = true;
		for (int i = 0; i < 6; i++)
			ok &= (v[i] = hexval(s[i + 1])) >= 0;
		if (ok) {
			out->r = (v[0] * 16 + v[1]) / 255.0;
			out->g = (v[2] * 16 + v[3]) / 255.0;
			out->b = (v[4] * 16 + v[5]) / 255.0;
			return true;
		}
	}
	if (names_ok)
		err(p, n, "%s must be a colour written #rrggbb or one of accent, text, muted, panel", what);
	else
		err(p, n, "%s must be a colour written #rrggbb", what);
	return false;
}

static bool read_color(struct lparser *p, struct node *n, const char *what, struct color *out)
{
	return read_color_or_name(p, n, what, out, true);
}

static void read_string(struct lparser *p, struct node *n, const char *what, char *out,
			size_t cap)
{
	const char *s;
	size_t len;
	if (input_string(&p->in, n, what, &s, &len) < 0) {
		p->bad++;
		return;
	}
	if (len >= cap) {
		err(p, n, "%s is too long", what);
		return;
	}
	memcpy(out, s, len);
	out[len] = '\0';
}

static bool is_px(struct node *n)
{
	size_t len;
	const char *s = input_is_scalar(n) ? input_scalar(n, &len) : NULL;
	return s && len > 2 && !memcmp(s + len - 2, "px", 2);
}

/* A number in [lo, hi] (whole when `whole`): one error when it is not. */
static bool read_number(struct lparser *p, struct node *n, const char *what, double lo,
			double hi, bool whole, double *out)
{
	double v;
	if (input_number(&p->in, n, what, &v) < 0) {
		p->bad++;
		return false;
	}
	if (v < lo || v > hi || (whole && v != floor(v))) {
		err(p, n, "%s must be %s from %g to %g", what, whole ? "a whole number" : "a number", lo, hi);
		return false;
	}
	*out = v;
	return true;
}

/* One of `names` (NULL-terminated); an error listing them otherwise. */
static int read_choice(struct lparser *p, struct node *n, const char *what,
		       const char *const *names, const char *expected)
{
	char s[32] = "";
	read_string(p, n, what, s, sizeof(s));
	for (int i = 0; names[i]; i++)
		if (!strcmp(s, names[i]))
			return i;
	if (input_is_scalar(n))
		err(p, n, "%s must be %s", what, expected);
	return -1;
}

static void read_bool(struct lparser *p, struct node *n, const char *what, bool *out)
{
	static const char *const tf[] = { "false", "true", NULL };
	int i = read_choice(p, n, what, tf, "true or false");
	if (i >= 0)
		*out = i;
}

static bool is_auto(struct node *n)
{
	size_t len;
	const char *s = input_is_scalar(n) ? input_scalar(n, &len) : NULL;
	return s && len == 4 && !memcmp(s, "auto", 4);
}

static void read_page(struct lparser *p, struct node *n)
{
	static const char *const keys[] = { "size", "margins", "background", "max-height",
					    "bleed", "crop-marks", NULL };
	struct layout *l = p->l;
	if (input_want_map(&p->in, n, "'page'") < 0) {
		p->bad++;
		return;
	}
	p->bad += input_check_keys(&p->in, n, keys, "'page'");
	struct node *sz = input_get(&p->in, n, "size");
	if (input_is_seq(sz) && input_seq_len(sz) == 2) {
		void *it = NULL;
		struct node *w = input_seq_next(sz, &it), *h = input_seq_next(sz, &it);
		read_length(p, w, "the page width", &l->page_w);
		/* Both sides in px make a pixel canvas (a social image); a px
		 * width with `auto` height is a long image as tall as its content. */
		bool wpx = is_px(w), hpx = is_px(h);
		l->auto_height = is_auto(h);
		if (l->auto_height) {
			if (!wpx)
				err(p, w, "%s", "a page with auto height needs its width in px");
			hpx = wpx;
			l->page_h = l->page_w > 72 ? l->page_w : 72; /* checked as a square below */
		} else {
			read_length(p, h, "the page height", &l->page_h);
		}
		if (wpx != hpx)
			err(p, wpx ? h : w, "%s", "give both sides of a pixel canvas in px");
		l->canvas = wpx && hpx;
	} else if (input_is_scalar(sz)) {
		size_t len;
		const char *s = input_scalar(sz, &len);
		bool found = false;
		for (size_t i = 0; i < ARRAY_LEN(paper_sizes); i++)
			if (len == strlen(paper_sizes[i].name) && !memcmp(s, paper_sizes[i].name, len)) {
				l->page_w = paper_sizes[i].w * MM;
				l->page_h = paper_sizes[i].h * MM;
				found = true;
			}
		if (!found)
			err(p, sz, "%s must be " PAPER_NAMES " or [width, height]", "the page size");
		l->canvas = l->auto_height = false;
	} else if (sz)
		err(p, sz, "%s must be " PAPER_NAMES " or [width, height]", "the page size");
	struct node *m = input_get(&p->in, n, "margins");
	if (m) {
		if (!input_is_seq(m) || input_seq_len(m) != 4) {
			err(p, m, "%s must be a list of four lengths: [top, right, bottom, left]", "'margins'");
		} else {
			void *it = NULL;
			for (int i = 0; i < 4; i++)
				read_length(p, input_seq_next(m, &it), "a margin", &l->margin[i]);
		}
	}
	struct node *v;
	if ((v = input_get(&p->in, n, "background")))
		read_color(p, v, "'background'", &l->background);
	if ((v = input_get(&p->in, n, "max-height")) &&
	    read_length(p, v, "'max-height'", &l->max_height) && l->max_height < 72) {
		if (l->max_height > 0)
			err(p, v, "%s must be 0 (no limit) or at least 1 inch", "'max-height'");
	}
	if ((v = input_get(&p->in, n, "bleed")) && read_length(p, v, "'bleed'", &l->bleed) &&
	    l->bleed > 20 * MM)
		err(p, v, "%s must be at most 20mm", "'bleed'");
	if ((v = input_get(&p->in, n, "crop-marks")))
		read_bool(p, v, "'crop-marks'", &l->crop_marks);
	if (l->page_w < 72 || l->page_h < 72 || l->page_w > 14400 || l->page_h > 14400)
		err(p, sz ? sz : n, "%s must be between 1 inch and 200 inches on each side", "the page");
	else if (l->margin[1] + l->margin[3] > l->page_w - 72 ||
		 (!l->auto_height && l->margin[0] + l->margin[2] > l->page_h - 72))
		err(p, m ? m : n, "%s leave less than 1 inch for the text", "the margins");
}

static void read_role(struct lparser *p, struct node *n, struct font_role *r, const char *what)
{
	static const char *const keys[] = { "family", "size", "weight", "color", "leading", NULL };
	if (input_want_map(&p->in, n, what) < 0) {
		p->bad++;
		return;
	}
	p->bad += input_check_keys(&p->in, n, keys, what);
	struct node *v;
	if ((v = input_get(&p->in, n, "family")))
		read_string(p, v, "a font family", r->family, sizeof(r->family));
	if ((v = input_get(&p->in, n, "size")))
		read_font_size(p, v, &r->size);
	if ((v = input_get(&p->in, n, "weight"))) {
		char w[16] = "";
		read_string(p, v, "a font weight", w, sizeof(w));
		if (!strcmp(w, "bold"))
			r->weight = 700;
		else if (!strcmp(w, "regular"))
			r->weight = 400;
		else if (input_is_scalar(v))
			err(p, v, "%s must be regular or bold", "a font weight");
	}
	if ((v = input_get(&p->in, n, "color")))
		read_color(p, v, "a font colour", &r->color);
	if ((v = input_get(&p->in, n, "leading")))
		read_number(p, v, "'leading' (line distance in em)", 0.8, 4, false, &r->leading);
}

static void read_fonts(struct lparser *p, struct node *n)
{
	if (input_want_map(&p->in, n, "'fonts'") < 0) {
		p->bad++;
		return;
	}
	p->bad += input_check_keys(&p->in, n, role_names, "'fonts'");
	for (int r = 0; r < ROLE_COUNT; r++) {
		struct node *v = input_get(&p->in, n, role_names[r]);
		if (v) {
			char what[64];
			snprintf(what, sizeof(what), "font role '%s'", role_names[r]);
			read_role(p, v, &p->l->roles[r], what);
		}
	}
}

static void read_colors(struct lparser *p, struct node *n)
{
	static const char *const keys[] = { "accent", "text", "muted", "panel", NULL };
	if (input_want_map(&p->in, n, "'colors'") < 0) {
		p->bad++;
		return;
	}
	p->bad += input_check_keys(&p->in, n, keys, "'colors'");
	struct color *c[] = { &p->l->accent, &p->l->text, &p->l->muted, &p->l->panel };
	for (int i = 0; i < 4; i++) {
		struct node *v = input_get(&p->in, n, keys[i]);
		if (v)
			read_color_or_name(p, v, "a colour in 'colors'", c[i], false);
	}
}

static void set_defaults(struct layout *l)
{
	memset(l, 0, sizeof(*l));
	l->page_w = 210 * MM, l->page_h = 297 * MM;
	for (int i = 0; i < 4; i++)
		l->margin[i] = 20 * MM;
	l->background = (struct color){ 1, 1, 1 };
	l->columns = 1;
	l->gutter = 7 * MM;
	l->accent = (struct color){ 0.78, 0.06, 0.09 };
	l->text = (struct color){ 0.1, 0.1, 0.1 };
	l->muted = (struct color){ 0.4, 0.4, 0.4 };
	l->panel = (struct color){ 0.96, 0.94, 0.91 };
	for (int r = 0; r < ROLE_COUNT; r++) {
		struct font_role *fr = &l->roles[r];
		strcpy(fr->family, "宋体");
		fr->size = 10.5;
		fr->weight = 400;
		fr->color = l->text;
		fr->leading = 1.6;
	}
	l->indent_em = 2;
	l->figure_scale = 1;
	l->masthead = MASTHEAD_NONE;
	l->title_align = ALIGN_CENTER;
	l->byline_align = ALIGN_CENTER;
	l->title_space = 0.5;
	l->heading_bar = true;
	l->show_body = true;
	l->heading_space = 0.5;
	strcpy(l->footer.format, "— {page} —");
	l->footer.offset = -1;
	l->header.offset = -1;
	l->fit_min_size = 0;
	l->kpi_min_width = 30 * MM;
	l->png_dpi = 150;
	l->typo = (struct typography){ PUNCT_FULL, false, KINSOKU_BASIC, 0, 0.25, true, false };
	/* Okabe–Ito hues reordered so neighbours differ in lightness too
	 * (grayscale print): after the accent, navy, orange, green, sky blue… */
	static const struct color pal[PALETTE_MAX] = {
		{ 0.784, 0.086, 0.114 }, { 0.122, 0.227, 0.373 }, { 0.902, 0.624, 0.0 },
		{ 0.0, 0.620, 0.451 },   { 0.337, 0.706, 0.914 }, { 0.800, 0.475, 0.655 },
		{ 0.835, 0.369, 0.0 },   { 0.478, 0.478, 0.478 },
	};
	memcpy(l->chart.palette, pal, sizeof(pal));
	l->chart.npalette = PALETTE_MAX;
	l->chart.accent_first = true;
	/* Sizes and colours follow the body and text unless given (layout_chart_role). */
	l->chart.label = (struct font_role){ "黑体", 9, 400, { 0.1, 0.1, 0.1 }, 1.35 };
	l->chart.title = (struct font_role){ "黑体", 10.5, 700, { 0.1, 0.1, 0.1 }, 1.4 };
	l->chart.grid = (struct color){ 0.88, 0.88, 0.88 };
	l->chart.axis = (struct color){ 0.35, 0.35, 0.35 };
	l->chart.gridlines = true;
	l->chart.up = (struct color){ 0.784, 0.086, 0.114 };
	l->chart.down = (struct color){ 0.180, 0.490, 0.196 };
}

static void read_typography(struct lparser *p, struct node *n)
{
	static const char *const keys[] = { "punctuation", "hanging", "kinsoku", "grid",
					    "latin-space", "ascii-punctuation", "paragraph-start", NULL };
	static const char *const punct[] = { "full", "kaiming", "half", NULL };
	static const char *const starts[] = { "full", "trim", NULL };
	static const char *const kin[] = { "basic", "gb", "strict", NULL };
	struct typography *t = &p->l->typo;
	if (input_want_map(&p->in, n, "'typography'") < 0) {
		p->bad++;
		return;
	}
	p->bad += input_check_keys(&p->in, n, keys, "'typography'");
	struct node *x;
	int i;
	double num;
	if ((x = input_get(&p->in, n, "punctuation")) &&
	    (i = read_choice(p, x, "'punctuation'", punct, "full, kaiming or half")) >= 0)
		t->punct = (enum punct_style)i;
	if ((x = input_get(&p->in, n, "hanging")))
		read_bool(p, x, "'hanging'", &t->hanging);
	if ((x = input_get(&p->in, n, "kinsoku")) &&
	    (i = read_choice(p, x, "'kinsoku'", kin, "basic, gb or strict")) >= 0)
		t->kinsoku = (enum kinsoku)i;
	if ((x = input_get(&p->in, n, "grid")) &&
	    read_number(p, x, "'grid' (characters per line)", 0, 100, true, &num))
		t->grid = (int)num;
	if ((x = input_get(&p->in, n, "latin-space")))
		read_number(p, x, "'latin-space' (in em)", 0, 1, false, &t->latin_space);
	if ((x = input_get(&p->in, n, "ascii-punctuation")))
		read_bool(p, x, "'ascii-punctuation'", &t->ascii_punct);
	if ((x = input_get(&p->in, n, "paragraph-start")) &&
	    (i = read_choice(p, x, "'paragraph-start'", starts, "full or trim")) >= 0)
		t->trim_para_start = i == 1;
}

/* A header or footer: a format string alone, or a mapping. */
static void read_page_text(struct lparser *p, struct node *n, const char *what,
			   struct page_text *t)
{
	static const char *const keys[] = { "format", "align", "inset", "offset", "hide-single",
					    "first-page", "rule", NULL };
	static const char *const aligns[] = { "center", "left", "right", "outside", "inside", NULL };
	if (input_is_scalar(n)) {
		read_string(p, n, what, t->format, sizeof(t->format));
		return;
	}
	if (input_want_map(&p->in, n, what) < 0) {
		p->bad++;
		return;
	}
	p->bad += input_check_keys(&p->in, n, keys, what);
	struct node *x;
	int i;
	if ((x = input_get(&p->in, n, "format")))
		read_string(p, x, "'format'", t->format, sizeof(t->format));
	if ((x = input_get(&p->in, n, "align")) &&
	    (i = read_choice(p, x, "'align'", aligns, "center, left, right, outside or inside")) >= 0)
		t->align = (enum edge_align)i;
	if ((x = input_get(&p->in, n, "inset")))
		read_length(p, x, "'inset'", &t->inset);
	if ((x = input_get(&p->in, n, "offset")))
		read_length(p, x, "'offset'", &t->offset);
	if ((x = input_get(&p->in, n, "hide-single")))
		read_bool(p, x, "'hide-single'", &t->hide_single);
	if ((x = input_get(&p->in, n, "rule")))
		read_bool(p, x, "'rule'", &t->rule);
	bool first = !t->skip_first;
	if ((x = input_get(&p->in, n, "first-page"))) {
		read_bool(p, x, "'first-page'", &first);
		t->skip_first = !first;
	}
}

/* Platforms' limits on the images of one post: 小红书 takes 18 images a
 * note, a WeChat 图片消息 (and a 朋友圈 post) 9. */
static const struct {
	const char *name;
	int images;
} platforms[] = { { "xiaohongshu", 18 }, { "wechat", 9 } };

static void read_max_images(struct lparser *p, struct node *x)
{
	struct layout *l = p->l;
	size_t len;
	const char *s = input_is_scalar(x) ? input_scalar(x, &len) : NULL;
	for (size_t i = 0; s && i < ARRAY_LEN(platforms); i++)
		if (len == strlen(platforms[i].name) && !memcmp(s, platforms[i].name, len)) {
			l->max_images = platforms[i].images;
			snprintf(l->max_images_name, sizeof(l->max_images_name), "%s", platforms[i].name);
			return;
		}
	double num;
	if (s && (s[0] < '0' || s[0] > '9')) {
		err(p, x, "%s must be a number of images or xiaohongshu (18) or wechat (9)", "'max-images'");
		return;
	}
	if (read_number(p, x, "'max-images'", 0, 1000, true, &num)) {
		l->max_images = (int)num;
		l->max_images_name[0] = '\0';
	}
}

static void read_fit(struct lparser *p, struct node *n)
{
	static const char *const keys[] = { "mode", "min-size", "max-images", NULL };
	static const char *const modes[] = { "none", "shrink", "series", NULL };
	struct layout *l = p->l;
	if (input_want_map(&p->in, n, "'fit'") < 0) {
		p->bad++;
		return;
	}
	p->bad += input_check_keys(&p->in, n, keys, "'fit'");
	struct node *x;
	int i;
	if ((x = input_get(&p->in, n, "mode")) &&
	    (i = read_choice(p, x, "'mode'", modes, "none, shrink or series")) >= 0)
		l->fit = (enum fit_mode)i;
	if ((x = input_get(&p->in, n, "min-size")))
		read_font_size(p, x, &l->fit_min_size);
	if ((x = input_get(&p->in, n, "max-images")))
		read_max_images(p, x);
}

static enum align read_align(struct lparser *p, struct node *v, const char *what, enum align dflt)
{
	static const char *const names[] = { "left", "center", NULL };
	int i = read_choice(p, v, what, names, "left or center");
	return i < 0 ? dflt : (enum align)i;
}

/* The `chart` key: palette, font roles for labels and titles, gridlines. */
static void read_chart_theme(struct lparser *p, struct node *n)
{
	static const char *const keys[] = { "palette", "label", "title", "grid", "gridlines",
					    "axis", "up", "down", NULL };
	struct chart_theme *t = &p->l->chart;
	if (input_want_map(&p->in, n, "'chart'") < 0) {
		p->bad++;
		return;
	}
	p->bad += input_check_keys(&p->in, n, keys, "'chart'");
	struct node *v;
	if ((v = input_get(&p->in, n, "palette"))) {
		if (input_want_seq(&p->in, v, "'palette'") < 0) {
			p->bad++;
		} else if (input_seq_len(v) < 1 || input_seq_len(v) > PALETTE_MAX) {
			err(p, v, "'palette' must list from 1 to %d colours", PALETTE_MAX);
		} else {
			void *it = NULL;
			struct node *c;
			int i = 0;
			while ((c = input_seq_next(v, &it)) != NULL)
				read_color(p, c, "a palette colour", &t->palette[i++]);
			t->npalette = i;
			t->accent_first = false;
		}
	}
	if ((v = input_get(&p->in, n, "label"))) {
		read_role(p, v, &t->label, "'label'");
		t->label_color_set = input_get(&p->in, v, "color") != NULL;
		t->label_size_set = input_get(&p->in, v, "size") != NULL;
	}
	if ((v = input_get(&p->in, n, "title"))) {
		read_role(p, v, &t->title, "'title'");
		t->title_color_set = input_get(&p->in, v, "color") != NULL;
		t->title_size_set = input_get(&p->in, v, "size") != NULL;
	}
	if ((v = input_get(&p->in, n, "grid")))
		read_color(p, v, "'grid'", &t->grid);
	if ((v = input_get(&p->in, n, "gridlines")) && input_bool(&p->in, v, "'gridlines'", &t->gridlines) < 0)
		p->bad++;
	if ((v = input_get(&p->in, n, "axis")))
		read_color(p, v, "'axis'", &t->axis);
	if ((v = input_get(&p->in, n, "up")))
		read_color(p, v, "'up'", &t->up);
	if ((v = input_get(&p->in, n, "down")))
		read_color(p, v, "'down'", &t->down);
}

static void read_name(struct lparser *p, struct node *v)
{
	read_string(p, v, "'name'", p->l->name, sizeof(p->l->name));
}

static void read_description(struct lparser *p, struct node *v)
{
	read_string(p, v, "'description'", p->l->description, sizeof(p->l->description));
}

/* A role that had the text colour (its default, or its base's) follows a
 * new text colour. */
static void read_colors_key(struct lparser *p, struct node *v)
{
	struct layout *l = p->l;
	struct color old_text = l->text;
	read_colors(p, v);
	for (int r = 0; r < ROLE_COUNT; r++)
		if (!memcmp(&l->roles[r].color, &old_text, sizeof(old_text)))
			l->roles[r].color = l->text;
}

static void read_columns(struct lparser *p, struct node *v)
{
	double num;
	if (read_number(p, v, "'columns'", 1, 4, true, &num))
		p->l->columns = (int)num;
}

static void read_gutter(struct lparser *p, struct node *v)
{
	read_length(p, v, "'gutter'", &p->l->gutter);
}

static void read_paragraph(struct lparser *p, struct node *v)
{
	static const char *const pk[] = { "indent", "spacing", NULL };
	if (input_want_map(&p->in, v, "'paragraph'") < 0) {
		p->bad++;
		return;
	}
	p->bad += input_check_keys(&p->in, v, pk, "'paragraph'");
	struct node *x;
	if ((x = input_get(&p->in, v, "indent")))
		read_number(p, x, "'indent' (in em)", 0, 10, false, &p->l->indent_em);
	if ((x = input_get(&p->in, v, "spacing")))
		read_number(p, x, "'spacing' (in lines)", 0, 5, false, &p->l->para_space);
}

static void read_masthead(struct lparser *p, struct node *v)
{
	static const char *const names[] = { "none", "banner", "line", "gongwen", NULL };
	int i = read_choice(p, v, "'masthead'", names, "banner, line, gongwen or none");
	if (i >= 0)
		p->l->masthead = (enum masthead_style)i;
}

/* The byline follows the title's alignment unless it has its own. */
static void read_title_align(struct lparser *p, struct node *v)
{
	p->l->title_align = read_align(p, v, "'title-align'", p->l->title_align);
	p->l->byline_align = p->l->title_align;
}

static void read_byline_align(struct lparser *p, struct node *v)
{
	p->l->byline_align = read_align(p, v, "'byline-align'", p->l->byline_align);
}

static void read_byline_space(struct lparser *p, struct node *v)
{
	read_number(p, v, "'byline-space' (in body lines)", 0, 5, false, &p->l->byline_space);
}

static void read_title_space(struct lparser *p, struct node *v)
{
	read_number(p, v, "'title-space' (in body lines)", 0, 5, false, &p->l->title_space);
}

static void read_headings(struct lparser *p, struct node *v)
{
	static const char *const hk[] = { "bar", "space", "indent", "span", NULL };
	struct layout *l = p->l;
	if (input_want_map(&p->in, v, "'headings'") < 0) {
		p->bad++;
		return;
	}
	p->bad += input_check_keys(&p->in, v, hk, "'headings'");
	struct node *x;
	if ((x = input_get(&p->in, v, "bar")))
		read_bool(p, x, "'bar'", &l->heading_bar);
	if ((x = input_get(&p->in, v, "space")))
		read_number(p, x, "'space' (in body lines)", 0, 5, false, &l->heading_space);
	if ((x = input_get(&p->in, v, "indent")))
		read_number(p, x, "'indent' (in em)", 0, 10, false, &l->heading_indent);
	if ((x = input_get(&p->in, v, "span")))
		read_bool(p, x, "'span'", &l->heading_span);
}

static void read_page_number(struct lparser *p, struct node *v)
{
	read_page_text(p, v, "'page-number'", &p->l->footer);
}

static void read_header(struct lparser *p, struct node *v)
{
	read_page_text(p, v, "'header'", &p->l->header);
}

static void read_body(struct lparser *p, struct node *v)
{
	read_bool(p, v, "'body'", &p->l->show_body);
}

static void read_signature(struct lparser *p, struct node *v)
{
	read_bool(p, v, "'signature'", &p->l->signature);
}

static void read_captions(struct lparser *p, struct node *v)
{
	static const char *const names[] = { "plain", "numbered", NULL };
	int i = read_choice(p, v, "'captions'", names, "plain or numbered");
	if (i >= 0)
		p->l->number_captions = i == 1;
}

static void read_jump_lines(struct lparser *p, struct node *v)
{
	read_bool(p, v, "'jump-lines'", &p->l->jump_lines);
}

static void read_pull_together(struct lparser *p, struct node *v)
{
	read_bool(p, v, "'pull-together'", &p->l->pull_together);
}

static void read_imprint(struct lparser *p, struct node *v)
{
	static const char *const names[] = { "none", "gongwen", "briefing", NULL };
	int i = read_choice(p, v, "'imprint'", names, "gongwen, briefing or none");
	if (i >= 0)
		p->l->imprint = (enum imprint_style)i;
}

static void read_closing_card(struct lparser *p, struct node *v)
{
	read_bool(p, v, "'closing-card'", &p->l->closing_card);
}

static void read_kpis(struct lparser *p, struct node *v)
{
	static const char *const kk[] = { "per-row", "min-width", NULL };
	if (input_want_map(&p->in, v, "'kpis'") < 0) {
		p->bad++;
		return;
	}
	p->bad += input_check_keys(&p->in, v, kk, "'kpis'");
	struct node *x;
	double num;
	if ((x = input_get(&p->in, v, "per-row")) && read_number(p, x, "'per-row'", 1, 8, true, &num))
		p->l->kpi_per_row = (int)num;
	if ((x = input_get(&p->in, v, "min-width")))
		read_length(p, x, "'min-width'", &p->l->kpi_min_width);
}

static void read_png_dpi(struct lparser *p, struct node *v)
{
	read_number(p, v, "'png-dpi'", 36, 1200, false, &p->l->png_dpi);
}

/* The keys of a layout file and their readers, in the order they are
 * applied: colours first, since font roles may name them. `base` is read
 * before all of them (load_base). */
static const struct {
	const char *key;
	void (*read)(struct lparser *p, struct node *v);
} layout_keys[] = {
	{ "base", NULL },
	{ "name", read_name },
	{ "description", read_description },
	{ "colors", read_colors_key },
	{ "page", read_page },
	{ "columns", read_columns },
	{ "gutter", read_gutter },
	{ "fonts", read_fonts },
	{ "paragraph", read_paragraph },
	{ "masthead", read_masthead },
	{ "title-align", read_title_align },
	{ "byline-align", read_byline_align },
	{ "byline-space", read_byline_space },
	{ "title-space", read_title_space },
	{ "headings", read_headings },
	{ "page-number", read_page_number },
	{ "header", read_header },
	{ "fit", read_fit },
	{ "body", read_body },
	{ "signature", read_signature },
	{ "imprint", read_imprint },
	{ "captions", read_captions },
	{ "jump-lines", read_jump_lines },
	{ "pull-together", read_pull_together },
	{ "closing-card", read_closing_card },
	{ "kpis", read_kpis },
	{ "png-dpi", read_png_dpi },
	{ "typography", read_typography },
	{ "chart", read_chart_theme },
};

/* What no single key can check: the page as a whole. */
static void check_layout(struct lparser *p)
{
	struct layout *l = p->l;
	struct node *root = p->in.root;
	if (l->canvas)
		l->png_dpi = 96; /* 1 px = 0.75 pt exactly */
	if (p->bad)
		return;
	/* An auto-height page is one column: a column would hold it all. */
	struct node *columns = input_get(&p->in, root, "columns");
	struct node *page = input_get(&p->in, root, "page");
	if (l->auto_height && l->columns > 1)
		err(p, columns ? columns : root, "%s", "a page with auto height has one column");
	else if (l->auto_height && l->max_height > 0 &&
		 l->max_height < l->margin[0] + l->margin[2] + 72)
		err(p, page ? page : root, "%s leave less than 1 inch for the text",
		    "'max-height' and the margins");
	double text_w = l->page_w - l->margin[1] - l->margin[3];
	if (!p->bad && (text_w - (l->columns - 1) * l->gutter) / l->columns < 72)
		err(p, columns ? columns : input_get(&p->in, root, "gutter"),
		    "%s leave columns narrower than 1 inch", "the columns and gutter");
}

static void read_layout(struct lparser *p)
{
	const char *keys[ARRAY_LEN(layout_keys) + 1];
	for (size_t i = 0; i < ARRAY_LEN(layout_keys); i++)
		keys[i] = layout_keys[i].key;
	keys[ARRAY_LEN(layout_keys)] = NULL;
	struct node *root = p->in.root, *v;
	if (input_want_map(&p->in, root, "a layout") < 0) {
		p->bad++;
		return;
	}
	p->bad += input_check_keys(&p->in, root, keys, "the layout");
	for (size_t i = 0; i < ARRAY_LEN(layout_keys); i++)
		if (layout_keys[i].read && (v = input_get(&p->in, root, layout_keys[i].key)))
			layout_keys[i].read(p, v);
	check_layout(p);
}

static bool is_path(const char *s)
{
	size_t n = strlen(s);
	return strchr(s, '/') || (n > 5 && !strcmp(s + n - 5, ".yaml")) ||
	       (n > 4 && !strcmp(s + n - 4, ".yml")) || (n > 5 && !strcmp(s + n - 5, ".json"));
}

/* The file a built-in name stands for; NULL (after an error listing the
 * built-ins) when there is none. `at` is the `base:` node that named it, or
 * NULL for -l. Caller frees. */
static char *builtin_path(struct diag *d, const char *datadir, const char *name,
			  struct input *from, struct node *at)
{
	char *path = xasprintf("%s/layouts/%s.yaml", datadir, name);
	FILE *f = fopen(path, "r");
	if (f) {
		fclose(f);
		return path;
	}
	free(path);
	char **names, **descs;
	int n = layout_list(datadir, &names, &descs);
	struct buf b;
	buf_init(&b);
	for (int i = 0; i < n; i++) {
		buf_addf(&b, "%s%s", i ? ", " : "", names[i]);
		free(names[i]);
		free(descs[i]);
	}
	free(names);
	free(descs);
#define UNKNOWN "unknown layout '%s' (built-in layouts: %s; or give a path to a layout file)"
	if (at)
		diag_error_at(d, input_span(from, at), UNKNOWN, name, n ? b.data : "none found");
	else
		diag_error(d, UNKNOWN, name, n ? b.data : "none found");
#undef UNKNOWN
	buf_release(&b);
	return NULL;
}

/* The chain of files being loaded, outermost first, to catch a cycle. */
struct chain {
	char *real[LAYOUT_MAX_DEPTH + 1];
	int n;
	struct infiles *files; /* the file policy and record (infile.h); may be NULL */
	char *root;            /* the -l file's folder: a base named by path lies below it */
};

static int load_file(struct layout *out, struct diag *d, const char *datadir, char *path,
		     struct chain *ch, char *text, size_t len);

/* `base:` — load the base into p->l before the file's own keys are read. */
static int load_base(struct lparser *p, const char *datadir, const char *path, struct chain *ch)
{
	struct node *v = input_get(&p->in, p->in.root, "base");
	if (!v)
		return 0;
	char name[512] = "";
	const char *s;
	size_t len;
	if (input_string(&p->in, v, "'base'", &s, &len) < 0)
		return -1;
	if (len == 0 || len >= sizeof(name)) {
		diag_error_at(p->in.diag, input_span(&p->in, v), "%s must name a layout or a layout file",
			      "'base'");
		return -1;
	}
	memcpy(name, s, len);
	if (ch->n >= LAYOUT_MAX_DEPTH) {
		diag_error_at(p->in.diag, input_span(&p->in, v),
			      "layouts inherit more than %d levels deep (base: %s)", LAYOUT_MAX_DEPTH, name);
		return -1;
	}
	char *bpath, *text = NULL;
	size_t tlen = 0;
	if (is_path(name)) {
		/* Relative to the folder of the file that names it, and below
		 * the folder of the layout given with -l (infile.h). */
		if (!ch->root) {
			diag_error_at(p->in.diag, input_span(&p->in, v),
				      "cannot find the layout's folder to read %s from", name);
			return -1;
		}
		if (infile_read_named(ch->files, ch->root, "the layout's", path, name, len,
				      LIMIT_REPORT_BYTES, input_span(&p->in, v), p->in.diag, &bpath,
				      &text, &tlen) < 0)
			return -1;
	} else if (!(bpath = builtin_path(p->in.diag, datadir, name, &p->in, v))) {
		return -1;
	}
	char *real = realpath(bpath, NULL);
	for (int i = 0; real && i < ch->n; i++)
		if (!strcmp(ch->real[i], real)) {
			diag_error_at(p->in.diag, input_span(&p->in, v),
				      "'base' makes a cycle: %s inherits from itself", name);
			free(real);
			free(bpath);
			free(text);
			return -1;
		}
	free(real);
	return load_file(p->l, p->in.diag, datadir, bpath, ch, text, tlen);
}

/* Load path (taking it) on top of *out: its text when given (taken),
 * else read from the file. */
static int load_file(struct layout *out, struct diag *d, const char *datadir, char *path,
		     struct chain *ch, char *text, size_t len)
{
	struct lparser p = { .l = out };
	if ((text ? input_parse(&p.in, d, path, text, len) : input_load(&p.in, d, path, ch->files)) < 0) {
		input_release(&p.in);
		free(path);
		return -1;
	}
	char *real = realpath(path, NULL);
	ch->real[ch->n++] = real ? real : xstrdup(path);
	int rc = load_base(&p, datadir, path, ch);
	if (rc == 0) {
		read_layout(&p);
		rc = p.bad ? -1 : 0;
	}
	free(ch->real[--ch->n]);
	input_release(&p.in);
	free(path);
	return rc;
}

int layout_load(struct layout *out, struct diag *d, const char *datadir, const char *name,
		struct infiles *files)
{
	set_defaults(out);
	char *path = is_path(name) ? xstrdup(name) : builtin_path(d, datadir, name, NULL, NULL);
	if (!path)
		return -1;
	struct chain ch = { .n = 0, .files = files, .root = infile_root(path) };
	/* The -l value, unless a `name:` key in the file (or a base) sets one. */
	snprintf(out->name, sizeof(out->name), "%s", name);
	int rc = load_file(out, d, datadir, path, &ch, NULL, 0);
	free(ch.root);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int layout_list(const char *datadir, char ***names, char ***descs)
{
	char *dir = xasprintf("%s/layouts", datadir);
	DIR *dp = opendir(dir);
	char **list = NULL;
	int n = 0, alloc = 0;
	if (dp) {
		struct dirent *e;
		while ((e = readdir(dp)) != NULL) {
			size_t len = strlen(e->d_name);
			if (len > 5 && !strcmp(e->d_name + len - 5, ".yaml")) {
				GROW(list, n, alloc);
				list[n++] = xstrndup(e->d_name, len - 5);
			}
		}
		closedir(dp);
	}
	free(dir);
	if (n)
		qsort(list, (size_t)n, sizeof(*list), cmp_str);
	char **d = xcalloc((size_t)(n ? n : 1), sizeof(*d));
	for (int i = 0; i < n; i++) {
		struct diag tmp;
		struct layout l;
		diag_init(&tmp);
		d[i] = layout_load(&l, &tmp, datadir, list[i], NULL) == 0 ? xstrdup(l.description)
								   : xstrdup("(invalid layout file)");
		diag_release(&tmp);
	}
	*names = list;
	*descs = d;
	return n;
}

struct font_role layout_chart_role(const struct layout *l, bool title)
{
	const struct chart_theme *th = &l->chart;
	struct font_role r = title ? th->title : th->label;
	if (!(title ? th->title_color_set : th->label_color_set))
		r.color = l->text;
	if (!(title ? th->title_size_set : th->label_size_set))
		r.size = (title ? 1 : 0.85) * l->roles[ROLE_BODY].size;
	return r;
}
