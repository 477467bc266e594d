/* vlist.h — flow's inner workings, shared by its files and internal to
 * stage "flow": the vertical list (collect.c fills it from the blocks,
 * pour.c places it into columns and pages) and the state of a flow in
 * progress (flow.c starts and ends it). Not for other stages. */
#ifndef PAIBAN_VLIST_H
#define PAIBAN_VLIST_H

#include <stdbool.h>

#include "boxes/setter.h"
#include "compose/text.h"
#include "flow/report.h"
#include "frame/frame.h"
#include "model/document.h"
#include "style/layout.h"

enum vkind { V_LINE, V_BOX, V_SPACE, V_BREAK };

/* The height an auto-height page is flowed in before it is cut to its
 * content: 500,000 pt is 666,666 px, far past any real long image. */
#define FLOW_AUTO_HEIGHT 500000.0

struct vitem {
	enum vkind kind;
	double h;
	/* V_LINE */
	const struct line *line;
	double x, base;
	/* V_BOX: items relative to the box's top-left corner */
	struct group *box;
	/* Lines of one paragraph share a group id (>= 0); gline counts from 0.
	 * The last gtail of the glines are a quote's source: a column break
	 * leaves two of the paragraph's own lines above them. */
	int group, gline, glines, gtail;
	bool keep_next;
	double air;     /* a heading: how much shorter it is with no air around it */
	bool justified;
	double measure; /* width the line was set to */
	const struct text *mark;
	int mark_level;
	struct span span; /* boxes: the block that made them, for warnings */
	int block;        /* index of the report block that made it */
	int unit;         /* what whole-block mode keeps together: a block, or
			   * one paragraph of a text or lead block */
	bool spanning;    /* a heading across all columns: closes a section */
	struct group *col_box; /* a spanning heading set in one column, col_h tall */
	double col_h, col_air;
	/* Table rows: never float past what follows, and a row that starts a
	 * column brings the table's header (repeat, repeat_h tall) with it. */
	bool in_order;
	const struct group *repeat;
	double repeat_h;
	/* A box as wide as the text area (a chart or image with `span: page`):
	 * the columns above it are evened out and new ones start below it. */
	bool across;
	/* The close of the body (附件说明, 发文机关署名 and 成文日期): never alone
	 * at the top of a column or page; it takes the last lines of the text
	 * before it along (GB/T 9704 §7.3.5). */
	bool close;
	/* A chart, an image or (in a series or one column) a block of key
	 * figures, one box: it may wait for the next image of a series, or
	 * (in one column) float to the next page's top. */
	bool figure;
};

/* Where a page started: the next item and what the frames held then. */
struct page_start {
	int page; /* index in the frames */
	int item, nitems, nlines, nmarks, ndiag, ndropped;
	double top;
};

struct flow {
	struct setter set;
	const struct document *doc;
	const struct layout *l; /* set.l and set.fr, for brevity */
	struct frames *fr;
	double pitch;            /* body line pitch */
	double page_h;           /* the layout's, or the flow height of an auto-height page */
	bool whole_blocks;       /* split only between blocks (series, long images) */
	int cur_block;           /* the block add_block is adding */
	int cur_unit;            /* and the unit (see vitem.unit) */
	double x0, x1, y0, y1;   /* text area of a page */
	double colw;
	struct vitem *v;
	int nv, valloc;
	int ngroups;
	/* placement state */
	struct page *page;
	int col;
	double top, y;
	bool col_empty;
	/* Where the content of each column of the page (or section) ends
	 * (pour_to_foot compares its trials by them); columns past the
	 * array's size are not tracked. */
	double col_end[8];
	/* While pour_to_foot tries them: where each column ends (f->y1
	 * changes with the column); NULL otherwise. */
	const double *col_bottoms;
	int deferred; /* index of a box waiting for the next column, or -1 */
	int deferred_across; /* a box across the page waiting for the next page's top, or -1 */
	int held;     /* a series of images: a figure waiting for the next image, or -1 */
	int next;     /* the next item of the list to place */
	int stop;     /* pouring stops before this item (-1: at the list's end) */
	/* While balancing: a rule that an empty column would have to bend
	 * (orphan, widow, keep-with-next, a box too tall) fails the trial. */
	bool strict, failed;
	struct page_start page_start; /* to pour the current page again */
	/* Where each page started (its first page_start), to pour the last
	 * two pages again (pull-together); a page poured again rewrites its
	 * entry. */
	struct flow_report *rep;      /* overflow and line marks */
	int unnumbered_from;          /* pages from here on get no page number (-1: none) */
	int nfigures, ntables;        /* numbered captions so far (图N, 表N) */
};

/* Shared by the flow files (vlist.c). */
const struct font_role *flow_role(struct flow *f, enum role r);
/* A new item at the end of the list, of the block and unit being added. */
struct vitem *flow_add_item(struct flow *f, enum vkind kind, double h);
/* A height rounded up to whole body lines, so what follows stays on the grid. */
double flow_on_grid(struct flow *f, double h);
int flow_compose(struct flow *f, const struct text *t, const struct font_role *r, double width,
		 double indent, bool justify, enum align align, struct line **lines);
/* Remember where the current page starts, to pour it again (pour.c). */
void flow_mark_page_start(struct flow *f);
struct page *flow_new_page(struct flow *f);

/* collect.c: a block's lines and boxes onto the list; the close (附件说明,
 * and the 公文's 署名 and date). */
void collect_block(struct flow *f, const struct block *b);
void collect_signature(struct flow *f);

/* pour.c: place the list from f->next on into columns and pages; even
 * out the columns of the last page (or section) and return where they end;
 * warn of blocks too tall to move whole. */
void pour(struct flow *f);
double pour_balance(struct flow *f);
void pour_warn_tall_blocks(struct flow *f);
/* Pour the last page again with its columns ending at `bottom` (room for
 * what goes under them); what no longer fits goes on a new page, whose
 * columns are evened out. Returns where the last page's columns end. */
double pour_last_page_above(struct flow *f, double bottom);
/* Pull-together (layout `pull-together`) acts when the last page's
 * columns reach less than this share of the way down its text area. */
#define PULL_TOGETHER_BELOW 0.35
/* The smallest share of their width pictures and charts are tried at. */
#define PULL_TOGETHER_FIGURES 0.55

/* Whether no pull-together try could lose the last page: what the list
 * holds, with every picture and chart at PULL_TOGETHER_FIGURES and no air
 * around headings, is still more than the pages before the last hold, by
 * the heights of the items (a bound: it needs no flow). */
bool pour_pull_hopeless(struct flow *f, double body_top, double imprint);

/* imprint.c: the 版记 or 报尾 under the last page's body, which ends at
 * `end`; may add pages (a 公文's 版记 goes on an even page). */
void imprint_place(struct flow *f, double end);
/* The height a 报尾 takes at the foot of the last page with the air over
 * it: the last page's columns end that far above the foot (0 without one;
 * a 版记 goes where it fits and takes none). */
double imprint_room(struct flow *f);

#endif
