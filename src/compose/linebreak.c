/* linebreak.c — paiban's paragraph composer. Given a shaped paragraph
 * (shape.h) it
 *   1. sets the widths clreq asks for before any breaking: adjacent marks
 *      compressed (2 em → 1.5 em), marks halved in the 开明 and 半角 styles,
 *      ¼ em between Han and Western text, character-grid cells;
 *   2. chooses all line breaks of the paragraph together (total fit, in the
 *      manner of Knuth and Plass) so the sum of line costs is least; a line's
 *      cost follows clreq's order of adjustment: first the cheap sources
 *      (Western spaces, the CJK–Latin gap, a second squeeze of adjacent
 *      marks), then single marks — lightly, then to half width: brackets,
 *      quotes and interpuncts at a price, a typed space's CJK–Latin gap
 *      below its cheap range at a higher one, ，、；：。？！ at a high one —
 *      and last an inserted CJK–Latin gap below its cheap range; on the
 *      stretch side typed spaces (to ½ em), then equal inter-character
 *      space, which typed spaces share at three times a Han gap's part;
 *      its cost rises steeply past 0.05 em a gap, where a line starts to
 *      look letter-spaced; a paragraph never ends on a line of one Han
 *      character (孤字);
 *   3. trims a line-end mark to ½ em and an opening mark at a line start by
 *      its blank half, distributes each line's slack by the same order, and
 *      positions every glyph.
 * Lengths are in points; "em" is the size of the atom's font. */
#include <math.h>
#include <pango/pango.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "compose/shape.h"
#include "compose/text.h"

#define INF 1e30
#define EPS 1e-6

/* Prices of the adjustments, per em of space (or per em of mean stretch).
 * They decide between pushing a character to the next line and pulling the
 * next one in. */
#define COST_CHEAP 10.0     /* Western spaces, CJK–Latin gaps, adjacent marks */
#define COST_SOFT 200.0     /* a single mark squeezed by less than ¼ em */
#define COST_MID 8000.0     /* a bracket, quote or interpunct squeezed below ¾ em */
#define COST_HARD 50000.0   /* a single ，、；：。？！ squeezed below ¾ em, to half width */
#define COST_TYPED 20000.0  /* a typed space's CJK–Latin gap closed below its cheap range */
#define COST_GAP 100000.0   /* ... an inserted one (after ，、；：, clreq's order) */
#define COST_LOOSE 500.0    /* mean inter-character stretch of LOOSE_REF */
#define LOOSE_REF 0.05
#define COST_OPEN 30000.0   /* each further LOOSE_REF past the first */
#define COST_LINE 30.0      /* every line: fewer lines are better */
#define COST_EMERGENCY 1e7  /* a break inside a Western word or number */
#define COST_LONG_WORD 1e4  /* ... that is longer than the measure anyway */
#define COST_ORPHAN 1e6     /* a last line of one Han character */
#define COST_RAGGED 1e5     /* a justified line with nowhere to put its slack */
#define SOFT_SQUEEZE 0.24   /* em: a mark keeps more than ¾ of its width */
#define TYPED_GAP_MAX 0.5   /* em: a typed space at a CJK–Latin boundary opens cheaply to */
#define SPACE_SHARE 3.0     /* a typed space's part of the even stretch, in Han gaps */
#define SPACE_MORE 0.25     /* em: ... up to this much past its cheap range */
#define MAX_LINE_ATOMS 4000 /* no line is tried longer than this */

struct lb {
	const struct shaped *sh;
	const struct text_opts *o;
	const struct atom *at;
	int n;
	double pitch;    /* grid cell, pt; 0 without a grid */
	bool hang;       /* 、，。 hang at line end */
	/* Per atom: blank already trimmed by the style and pair rules, the
	 * final cell width in a grid (0 otherwise), and shrink it can give
	 * inside a line when it stands alone: soft, then below ¾ em a
	 * bracket's, quote's or interpunct's (mid) or another mark's (hard). */
	double *trim_l, *trim_r, *cell, *soft, *mid, *hard;
	/* Per gap (after atom i): natural width, shrink and stretch of the
	 * cheap kind, and whether inter-character justification may use it. */
	double *gap, *gshr, *gstr;
	/* A CJK–Latin gap's further shrink, below its cheap range to ⅛ em:
	 * of a gap the composer inserted, of one where a space was typed. */
	double *gsoft, *tsoft;
	bool *opp;
	bool *wsp; /* a typed space (between words, or Han and Western text),
		    * which shares the equal stretch */
	/* Prefix sums over atoms [0, i); pspc counts the gaps that stretch
	 * (spaces, CJK–Latin gaps). */
	double *pw, *pgshr, *pgstr, *pgsoft, *ptsoft, *psoft, *pmid, *phard;
	double *pcan; /* all the shrink of the five kinds, for the breaker's bound */
	int *popp, *pspc, *pwsp;
	/* Per atom: inside a word (or URL, or number) wider than the measure,
	 * which must be broken somewhere. */
	bool *long_word;
	/* Per atom, for the breaker's inner loop: what a line starting here
	 * trims (start_trim), what one ending here trims when it cannot hang
	 * (end_half) and whether it might hang, the hyphen and the kerning
	 * it adds (hyphen_w, end_unkern); prefix
	 * counts of Han and of Han-or-Latin atoms (孤字). */
	double *st, *et, *hy;
	bool *mayhang;
	int *phan, *plet;
};

static inline double lesser(double x, double y)
{
	return x < y ? x : y;
}

static bool cjkish(enum cclass k)
{
	return k == CC_HAN || clreq_is_adjustable(k) || k == CC_DASH || k == CC_ELLIPSIS;
}

static double adv(const struct lb *b, int i)
{
	if (b->cell[i] > 0)
		return b->cell[i];
	return b->at[i].w - b->trim_l[i] - b->trim_r[i];
}

static double rem_l(const struct lb *b, int i)
{
	return b->cell[i] > 0 ? 0 : b->at[i].tl - b->trim_l[i];
}

static double rem_r(const struct lb *b, int i)
{
	return b->cell[i] > 0 ? 0 : b->at[i].tr - b->trim_r[i];
}

/* Nearest visible (non-space) atom from i in direction dir, or -1. */
static int visible(const struct lb *b, int i, int dir)
{
	while (i >= 0 && i < b->n && b->at[i].k == CC_SPACE)
		i += dir;
	return i >= 0 && i < b->n ? i : -1;
}

/* A CJK–Latin gap of ls em stays within 0.045 em of it at little cost (a
 * little inside ±0.05 em, so positions rounded in the PDF stay inside too),
 * may close to ⅛ em at the price of a squeezed mark, and opens to ⅓ em at
 * most (clreq's limits) — or, where the text has a space typed there, to
 * ½ em like a word space (clreq's first step of expansion), and then takes
 * its part of the even stretch; in a grid it is fixed. */
static void latin_gap_flex(struct lb *b, int i, double ls, double em, bool typed)
{
	if (ls <= 0 || b->pitch > 0)
		return;
	double lo = fmin(ls, fmax(0.125, ls - 0.045)), hi = fmax(ls, fmin(1.0 / 3, ls + 0.045));
	if (typed) {
		hi = fmax(hi, TYPED_GAP_MAX);
		b->wsp[i] = true;
	}
	b->gshr[i] = (ls - lo) * em;
	(typed ? b->tsoft : b->gsoft)[i] = (lo - fmin(lo, 0.125)) * em;
	b->gstr[i] = (hi - ls) * em;
}

static void set_widths(struct lb *b)
{
	const struct atom *at = b->at;
	const struct typography *ty = b->o->typo;
	enum punct_style style = ty ? ty->punct : PUNCT_FULL;
	double ls = ty ? ty->latin_space : 0.25;
	int n = b->n;

	/* Character grid: every full-width character takes one cell. A
	 * cluster of two (the font's one-glyph ——, ……) takes two, so the
	 * dash spans two cells as its two characters do (GB/T 9704 sets it
	 * on the grid as two characters). */
	if (b->pitch > 0)
		for (int i = 0; i < n; i++)
			if (cjkish(at[i].k) || ((at[i].k == CC_CONNECTOR || at[i].k == CC_SOLIDUS) &&
						at[i].w > 0.7 * at[i].em))
				b->cell[i] = b->pitch * fmax(1, round(at[i].w / at[i].em));

	/* Punctuation styles, then adjacent marks: of two marks in a row the
	 * blank between their inks is halved (2 em → 1.5 em). */
	if (b->pitch == 0) {
		for (int i = 0; i < n; i++) {
			if (!clreq_is_adjustable(at[i].k))
				continue;
			bool half = style == PUNCT_HALF ||
				    (style == PUNCT_KAIMING && at[i].k != CC_STOP);
			if (half)
				b->trim_l[i] = at[i].tl, b->trim_r[i] = at[i].tr;
		}
		for (int i = 0; i + 1 < n; i++) {
			if (!clreq_is_adjustable(at[i].k) || !clreq_is_adjustable(at[i + 1].k))
				continue;
			double have = at[i].em / 2 - (b->trim_r[i] + b->trim_l[i + 1]);
			if (have <= EPS)
				continue;
			double r = fmin(have, rem_r(b, i));
			b->trim_r[i] += r;
			b->trim_l[i + 1] += fmin(have - r, rem_l(b, i + 1));
		}
	}

	/* Gaps, and what single marks may give. */
	for (int i = 0; i < n; i++) {
		double em = at[i].em;
		bool single = clreq_is_adjustable(at[i].k) &&
			      (i == 0 || !clreq_is_adjustable(at[i - 1].k)) &&
			      (i + 1 == n || !clreq_is_adjustable(at[i + 1].k));
		double rem = rem_l(b, i) + rem_r(b, i);
		if (single && b->pitch == 0 && rem > EPS) {
			b->soft[i] = at[i].k == CC_STOP ? 0 : fmin(rem, SOFT_SQUEEZE * em);
			/* clreq's order of reduction: brackets (their outer
			 * side) and interpuncts before ，、；： (and 。？！). */
			bool bracket = at[i].k == CC_OPEN || at[i].k == CC_CLOSE || at[i].k == CC_MIDDLE;
			(bracket ? b->mid : b->hard)[i] = rem - b->soft[i];
		}
		if (i + 1 == n)
			break;
		const struct atom *x = &at[i], *y = &at[i + 1];
		if (x->k == CC_SPACE) {
			/* A typed space takes the role of the gap around it. */
			int p = visible(b, i, -1), q = visible(b, i, +1);
			enum cclass kp = p >= 0 ? at[p].k : CC_OTHER, kq = q >= 0 ? at[q].k : CC_OTHER;
			if (p < 0) {
				/* Spaces opening the paragraph (a typed indent 　　)
				 * are no gap to anything: kept at their width, or
				 * none where the layout indents the first line. */
				b->gap[i] = b->o->indent > 0 ? -x->w : 0;
			} else if (clreq_is_adjustable(kp) || clreq_is_adjustable(kq)) {
				b->gap[i] = -x->w; /* no space next to a Chinese mark */
			} else if ((kp == CC_HAN && kq != CC_HAN) || (kq == CC_HAN && kp != CC_HAN)) {
				b->gap[i] = ls * em - x->w;
				latin_gap_flex(b, i, ls, em, true);
			} else {
				b->gshr[i] = fmax(0, x->w - 0.25 * em);
				b->gstr[i] = fmax(0, 0.5 * em - x->w);
				b->wsp[i] = true;
			}
			continue;
		}
		if ((x->k == CC_HAN && y->k == CC_LATIN) || (x->k == CC_LATIN && y->k == CC_HAN)) {
			double hem = x->k == CC_HAN ? x->em : y->em;
			b->gap[i] = ls * hem;
			latin_gap_flex(b, i, ls, hem, false);
			continue;
		}
		bool pair = x->c == y->c && (x->k == CC_DASH || x->k == CC_ELLIPSIS);
		b->opp[i] = cjkish(x->k) && cjkish(y->k) && !pair;
		/* Adjacent marks may close up further, to 1 em. */
		if (b->pitch == 0 && clreq_is_adjustable(x->k) && clreq_is_adjustable(y->k))
			b->gshr[i] = rem_r(b, i) + rem_l(b, i + 1);
	}

	/* In a grid, a Western run is padded to whole cells, half on each
	 * side — but never inside brackets or quotes or before ，。 (clreq:
	 * mixed text), and rather not after them, whose blank half is there
	 * already: the pad goes to the other side, or, with marks on both
	 * (“5G”), past them, which puts what follows back on the grid. */
	if (b->pitch > 0) {
		for (int i = 0; i < n;) {
			if (b->cell[i] > 0) {
				i++;
				continue;
			}
			int j = i;
			double w = 0;
			while (j < n && b->cell[j] == 0)
				w += at[j].w + b->gap[j], j++;
			w -= b->gap[j - 1];
			double cells = ceil((w + 0.25 * b->pitch) / b->pitch - EPS);
			double pad = cells * b->pitch - w;
			/* Each side: 0 free, 1 after “ or before ，。”）'s blank
			 * half, 2 inside a bracket or before a mark, 3 none. */
			int rl = i == 0 ? 3 : at[i - 1].k == CC_OPEN ? 2 : clreq_is_adjustable(at[i - 1].k) ? 1 : 0;
			int rr = j == n ? 3
				 : at[j].k == CC_CLOSE || at[j].k == CC_PAUSE || at[j].k == CC_STOP ? 2
				 : clreq_is_adjustable(at[j].k) ? 1 : 0;
			double left = rl == rr ? pad / 2 : rl < rr ? pad : 0, right = pad - left;
			if (rl == 3)
				left = 0;
			if (rr == 3)
				right = 0;
			if (i > 0) {
				int k = i - 1; /* past the opening marks before the run */
				while (rl == 2 && k >= 0 && at[k].k == CC_OPEN)
					k--;
				/* A pad an earlier run moved past the marks
				 * here ((AB)CD) stays; a CJK–Latin gap gives way. */
				double kept = clreq_is_adjustable(at[i - 1].k) ? b->gap[i - 1] : 0;
				if (k == i - 1) {
					b->gap[i - 1] = kept + left;
				} else {
					b->gap[i - 1] = 0;
					if (k >= 0)
						b->gap[k] += kept + left;
				}
			}
			if (j < n) {
				int k = j; /* past the closing marks after the run */
				while (rr == 2 && k < n &&
				       (at[k].k == CC_CLOSE || at[k].k == CC_PAUSE || at[k].k == CC_STOP))
					k++;
				b->gap[j - 1] = k == j ? right : 0;
				if (k > j && k < n)
					b->gap[k - 1] += right;
			}
			i = j;
		}
	}

	/* Words between ordinary break opportunities: a word longer than the
	 * measure is cut where the lines need it; a shorter one only if
	 * nothing else will do. */
	for (int i = 0, w0 = 0; i <= n; i++) {
		if (i < n && (i == 0 || !at[i].brk || at[i].emergency))
			continue;
		double w = 0;
		for (int k = w0; k < i; k++)
			w += adv(b, k) + (k + 1 < i ? b->gap[k] : 0);
		for (int k = w0; k < i; k++)
			b->long_word[k] = w > b->o->width + EPS;
		w0 = i;
	}

	b->pw[0] = b->pgshr[0] = b->pgstr[0] = b->pgsoft[0] = b->ptsoft[0] = b->psoft[0] = 0;
	b->pmid[0] = 0;
	b->phard[0] = b->pcan[0] = 0;
	b->popp[0] = b->pspc[0] = b->pwsp[0] = 0;
	for (int i = 0; i < n; i++) {
		b->pw[i + 1] = b->pw[i] + adv(b, i) + b->gap[i];
		b->pgshr[i + 1] = b->pgshr[i] + b->gshr[i];
		b->pgstr[i + 1] = b->pgstr[i] + b->gstr[i];
		b->pgsoft[i + 1] = b->pgsoft[i] + b->gsoft[i];
		b->ptsoft[i + 1] = b->ptsoft[i] + b->tsoft[i];
		b->psoft[i + 1] = b->psoft[i] + b->soft[i];
		b->pmid[i + 1] = b->pmid[i] + b->mid[i];
		b->phard[i + 1] = b->phard[i] + b->hard[i];
		b->pcan[i + 1] = b->pcan[i] + b->gshr[i] + b->gsoft[i] + b->tsoft[i] + b->soft[i] +
				 b->mid[i] + b->hard[i];
		b->popp[i + 1] = b->popp[i] + b->opp[i];
		b->pspc[i + 1] = b->pspc[i] + (b->gstr[i] > EPS);
		b->pwsp[i + 1] = b->pwsp[i] + b->wsp[i];
	}
}

/* The measure of a line starting at atom a. */
static double measure(const struct lb *b, int a)
{
	return b->o->width - (a == 0 ? b->o->indent : 0);
}

/* What a line of atoms [a, e] gives up at its start: an opening mark's
 * blank half (clreq: an opening bracket at a line start may lose it). At
 * the start of an indented paragraph the mark keeps its full cell after
 * the two-character indent, as Chinese books, newspapers and 公文 set it
 * (标点占一格), unless the layout asks for trimming there too. */
static double start_trim(const struct lb *b, int a)
{
	if (b->at[a].k != CC_OPEN)
		return 0;
	if (a == 0 && b->o->indent > 0 && !(b->o->typo && b->o->typo->trim_para_start))
		return 0;
	return rem_l(b, a);
}

/* A line ending at atom e with a hyphenated word adds the hyphen. */
static double hyphen_w(const struct lb *b, int e)
{
	return e + 1 < b->n && b->at[e + 1].hyphen ? b->sh->items[b->at[e].item].hyphen_w : 0;
}

/* ... and a Western glyph at its end loses its kerning against the next
 * line's first glyph (shape.h). */
static double end_unkern(const struct lb *b, int e)
{
	return b->at[e].wend - b->at[e].w;
}

/* ... and at its end: a closing or pause mark's blank half (GB/T 15834: a
 * full-width mark at line end takes ½ em). A centred mark (the 。，、 of a
 * Traditional Chinese face) has a quarter on each side: it loses both, so
 * every line-end mark takes ½ em and the column's edge stays one line. */
static double end_cut_l(const struct lb *b, int e)
{
	enum cclass k = b->at[e].k;
	bool centred = b->at[e].tl > EPS && b->at[e].tr > EPS;
	return centred && (k == CC_PAUSE || k == CC_STOP || k == CC_MIDDLE) ? rem_l(b, e) : 0;
}

static double end_half(const struct lb *b, int e)
{
	enum cclass k = b->at[e].k;
	return k == CC_CLOSE || k == CC_PAUSE || k == CC_STOP || k == CC_MIDDLE
		       ? rem_r(b, e) + end_cut_l(b, e)
		       : 0;
}

/* A mark at the end of a line that would not fit hangs past the measure:
 * on a character grid any closing or pause mark (the line keeps its
 * cells), otherwise 、，。 when the layout asks for hanging punctuation. */
static bool hangs(const struct lb *b, int a, int e)
{
	if (!b->mayhang[e] || e == a)
		return false;
	double w = b->pw[e + 1] - b->pw[a] - b->gap[e] - start_trim(b, a) - end_half(b, e);
	return w > measure(b, a) + EPS;
}

static double end_trim(const struct lb *b, int a, int e)
{
	return hangs(b, a, e) ? adv(b, e) : end_half(b, e);
}

static inline double line_width(const struct lb *b, int a, int e)
{
	return b->pw[e + 1] - b->pw[a] - b->gap[e] - b->st[a] -
	       (b->mayhang[e] ? end_trim(b, a, e) : b->et[e]) + b->hy[e];
}

/* How a line's slack or excess is taken up, by source. */
struct fit {
	double cheap, soft, mid, tgap, hard, gap; /* shrink taken from each tier, pt */
	double stretch_cheap;     /* stretch of spaces and CJK–Latin gaps, pt */
	double stretch_even;      /* inter-character stretch per opportunity, pt */
	double stretch_typed;     /* ... and per typed space, pt */
	double stretch_space;     /* ... or, with none, per space or gap, pt */
	int nopp;
	double cost;
};

/* Inlined into the breaker's inner loop, where only the cost is used. */
static inline __attribute__((always_inline)) struct fit fit_line(const struct lb *b, int a, int e,
								 bool last, double width)
{
	struct fit f = { 0 };
	double em = b->o->role->size;
	double delta = measure(b, a) - width;
	bool justify = b->o->justify;
	if (delta >= -EPS) {
		if (last || !justify) {
			f.cost = justify || last ? 0 : (delta / em) * (delta / em);
			return f;
		}
		double e1 = b->pgstr[e] - b->pgstr[a];
		f.stretch_cheap = lesser(delta, e1);
		f.cost = COST_CHEAP * f.stretch_cheap / em;
		double rest = delta - f.stretch_cheap;
		f.nopp = b->popp[e] - b->popp[a];
		if (rest > EPS && f.nopp) {
			/* Equal space between the Chinese characters; the typed
			 * spaces of a mixed line take their share too, three
			 * times a Han gap's (spaces are the natural stretch of
			 * Western text, and a line of a few Han and many words
			 * would otherwise set its Han wide apart), until they
			 * are SPACE_MORE wider than their cheap range. However
			 * loose, cheaper than cutting a word that fits a line. */
			int nsp = b->pwsp[e] - b->pwsp[a];
			f.stretch_even = rest / (f.nopp + SPACE_SHARE * nsp);
			f.stretch_typed = SPACE_SHARE * f.stretch_even;
			if (f.stretch_typed > SPACE_MORE * em) {
				f.stretch_typed = SPACE_MORE * em;
				f.stretch_even = (rest - nsp * f.stretch_typed) / f.nopp;
			}
			double x = f.stretch_even / em / LOOSE_REF;
			/* Past LOOSE_REF a gap, where a line starts to look
			 * letter-spaced, the cost rises steeply (0.06 em costs
			 * as much as three brackets squeezed to ½ em): the
			 * paragraph breaks elsewhere or squeezes first. Past
			 * half the price of a cut, the cost grows only
			 * linearly: still more for a looser line, never tied. */
			double open = x > 1 ? COST_OPEN * (x - 1) : 0;
			f.cost += lesser(COST_LOOSE * x * x * x + open,
					 COST_EMERGENCY / 2 + 10 * COST_LOOSE * x);
		} else if (rest > EPS) {
			/* A line of Western words: its spaces open further; one
			 * with no space at all stays ragged. Either costs more
			 * than a Chinese line, but (unless ems of the line are
			 * left empty) less than a break inside a word: a cubic
			 * cost like the one above, uncapped, would break words
			 * rather than open spaces. */
			int nspc = b->pspc[e] - b->pspc[a];
			f.stretch_space = nspc ? rest / nspc : 0;
			double x = rest / (nspc ? nspc : 1) / em;
			f.cost += lesser(COST_RAGGED * (1 + x * x), COST_EMERGENCY / 2 + COST_RAGGED * x);
		}
		return f;
	}
	double need = -delta;
	double s1 = b->pgshr[e] - b->pgshr[a];
	f.cheap = lesser(need, s1);
	need -= f.cheap;
	f.cost = COST_CHEAP * f.cheap / em;
	/* Single marks inside the line, not those at its edges. */
	double s2 = a + 1 <= e ? b->psoft[e] - b->psoft[a + 1] : 0;
	f.soft = lesser(need, s2);
	need -= f.soft;
	f.cost += COST_SOFT * f.soft / em;
	double sm = a + 1 <= e ? b->pmid[e] - b->pmid[a + 1] : 0;
	f.mid = lesser(need, sm);
	need -= f.mid;
	f.cost += COST_MID * f.mid / em;
	f.tgap = lesser(need, b->ptsoft[e] - b->ptsoft[a]);
	need -= f.tgap;
	f.cost += COST_TYPED * f.tgap / em;
	double s3 = a + 1 <= e ? b->phard[e] - b->phard[a + 1] : 0;
	f.hard = lesser(need, s3);
	need -= f.hard;
	f.cost += COST_HARD * f.hard / em;
	f.gap = lesser(need, b->pgsoft[e] - b->pgsoft[a]);
	need -= f.gap;
	f.cost += COST_GAP * f.gap / em;
	if (need > 0.01)
		f.cost = INF;
	return f;
}

/* The cost of the line of atoms [a, e] ending at the break before brk,
 * `width` its natural width (line_width). */
static inline double line_cost(const struct lb *b, int a, int e, int brk, bool last, double width)
{
	struct fit f = fit_line(b, a, e, last, width);
	if (f.cost >= INF)
		return INF;
	double c = f.cost + COST_LINE;
	if (!last && b->at[brk].emergency)
		c += b->long_word[brk] ? COST_LONG_WORD : COST_EMERGENCY;
	if (!last)
		c += b->at[brk].penalty; /* a URL's separator, a hyphen, a phrase edge */
	/* No 孤字: a last line of one character, Han (not a mark or a space).
	 * On a character grid the cells win (GB/T 9704 practice): a line
	 * spaced out to save the last one would leave the grid. */
	if (last && a > 0 && b->o->justify && b->pitch == 0 &&
	    b->plet[e + 1] - b->plet[a] == 1 && b->phan[e + 1] - b->phan[a] == 1)
		c += COST_ORPHAN;
	return c;
}

/* Total fit: best[j] is the least cost of setting atoms [0, j) with a break
 * before j. Returns the break positions (ends of lines), count in *nlines.
 *
 * The candidates for the start of a line ending at j are kept in an active
 * list: the feasible break positions so far, oldest first. A line that is
 * too long to fit however much it shrinks only gets longer as j moves on,
 * so its start leaves the list for good; a forced break empties it. Each
 * candidate costs a constant amount of work (prefix sums over the atoms),
 * so for a given measure the time is linear in the paragraph's length, and
 * nothing is allocated per candidate. Candidates are tried from the
 * latest, so among lines of equal cost the shortest wins. */
static int *choose_breaks(const struct lb *b, int *nlines)
{
	int n = b->n;
	double *best = xmalloc((size_t)(n + 1) * sizeof(*best));
	int *from = xmalloc((size_t)(n + 1) * sizeof(*from));
	int *act = xmalloc((size_t)(n + 1) * sizeof(*act));
	int head = 0, tail = 0;
	double em = b->o->role->size;
	best[0] = 0;
	from[0] = -1;
	act[tail++] = 0;
	int prev_bp = 0; /* the latest feasible break position so far */
	for (int j = 1; j <= n; j++) {
		best[j] = INF;
		from[j] = -1;
		if (j < n && !b->at[j].brk)
			continue;
		/* A line holds at most MAX_LINE_ATOMS atoms. */
		while (head < tail && act[head] < j - MAX_LINE_ATOMS)
			head++;
		int e = visible(b, j - 1, -1);
		bool last = j == n || b->at[j].forced;
		for (int k = tail - 1; k >= head; k--) {
			int a = act[k];
			if (e < a)
				continue;
			double w = line_width(b, a, e);
			double can = b->pcan[e] - b->pcan[a];
			if (w - can > measure(b, a) + 2 * em) {
				head = k + 1; /* longer lines only get worse */
				break;
			}
			double c = line_cost(b, a, e, j, last, w);
			if (c < INF && best[a] + c < best[j]) {
				best[j] = best[a] + c;
				from[j] = a;
			}
		}
		if (best[j] >= INF && best[prev_bp] < INF) {
			/* Nothing fits: an overfull line from the last break. */
			best[j] = best[prev_bp] + 1e6;
			from[j] = prev_bp;
		}
		if (j < n && b->at[j].forced)
			head = tail; /* no line runs across a forced break */
		if (best[j] < INF) {
			prev_bp = j;
			act[tail++] = j;
		}
	}
	int count = 0;
	for (int j = n; j > 0; j = from[j])
		count++;
	int *ends = xmalloc((size_t)(count + 1) * sizeof(*ends));
	int k = count;
	for (int j = n; j > 0; j = from[j])
		ends[--k] = j;
	free(best);
	free(from);
	free(act);
	*nlines = count;
	return ends;
}

static void report_tofu(const struct text *t, size_t at, struct diag *d)
{
	size_t i = at;
	int c = utf8_next(t->s, t->len, &i);
	/* Finding the place walks the text: not for warnings past the cap. */
	struct span where = diag_warnings_full(d, SEV_WARNING) ? span_none() : text_span_at(t, at);
	diag_warning_at(d, where, "no font can draw '%.*s' (U+%04X); it is left blank",
			(int)(i - at), t->s + at, (unsigned)c);
}

/* Where each atom of a line goes: its pen position and how much of its
 * left blank is cut (the glyph moves left by that much). */
struct placed {
	double x, cut_l, adv;
};

/* Spread a line's slack over its sources and place its atoms. Returns the
 * advance of the line's content. */
static double place_line(const struct lb *b, int a, int e, bool last, struct placed *pl)
{
	struct fit f = fit_line(b, a, e, last, line_width(b, a, e));
	bool stretch = b->o->justify && !last;
	double e1 = b->pgstr[e] - b->pgstr[a], s1 = b->pgshr[e] - b->pgshr[a];
	double s2 = a + 1 <= e ? b->psoft[e] - b->psoft[a + 1] : 0;
	double sm = a + 1 <= e ? b->pmid[e] - b->pmid[a + 1] : 0;
	double s3 = a + 1 <= e ? b->phard[e] - b->phard[a + 1] : 0;
	double sg = b->pgsoft[e] - b->pgsoft[a], st = b->ptsoft[e] - b->ptsoft[a];
	double k_gap = sg > EPS ? f.gap / sg : 0, k_tgap = st > EPS ? f.tgap / st : 0;
	double k_str = stretch && e1 > EPS ? f.stretch_cheap / e1 : 0;
	double k_shr = s1 > EPS ? f.cheap / s1 : 0;
	double k_soft = s2 > EPS ? f.soft / s2 : 0, k_hard = s3 > EPS ? f.hard / s3 : 0;
	double k_mid = sm > EPS ? f.mid / sm : 0;
	double even = stretch ? f.stretch_even : 0, spc = stretch ? f.stretch_space : 0;
	double typed = stretch ? f.stretch_typed : 0;
	double pen = 0;
	for (int i = a; i <= e; i++) {
		struct placed *p = &pl[i - a];
		double cut_l = b->trim_l[i], cut_r = b->trim_r[i];
		if (b->cell[i] > 0) {
			cut_l = -(b->cell[i] - b->at[i].w) / 2;
			cut_r = -(b->cell[i] - b->at[i].w) / 2;
		}
		if (i == a)
			cut_l += start_trim(b, a);
		if (i == e && !hangs(b, a, e)) {
			cut_l += end_cut_l(b, e);
			cut_r += end_half(b, e) - end_cut_l(b, e);
		}
		if (i > a && i < e) {
			/* A single mark gives from its blank side. */
			double sq = b->soft[i] * k_soft + b->mid[i] * k_mid + b->hard[i] * k_hard;
			double r = fmin(sq, rem_r(b, i));
			cut_r += r;
			cut_l += sq - r;
		}
		p->x = pen;
		p->cut_l = cut_l;
		p->adv = b->at[i].w - cut_l - cut_r;
		pen += p->adv;
		if (i == e)
			break;
		double g = b->gap[i] + b->gstr[i] * k_str - b->gshr[i] * k_shr - b->gsoft[i] * k_gap -
			   b->tsoft[i] * k_tgap;
		if (b->opp[i])
			g += even;
		if (b->wsp[i])
			g += typed;
		if (b->gstr[i] > EPS)
			g += spc;
		pen += g;
	}
	/* A hanging mark stands past the measure: the line ends before it. */
	return hangs(b, a, e) ? pl[e - a].x : pen + end_unkern(b, e) + hyphen_w(b, e);
}

/* 着重号 go under emphasised characters, never under punctuation. */
static bool has_dot(const struct atom *at)
{
	return at->emph && (at->k == CC_HAN || at->k == CC_LATIN);
}

static void make_runs(struct text_ctx *tc, const struct lb *b, int a, int e,
		      const struct placed *pl, struct arena *ar, struct diag *d, struct line *ln)
{
	const struct text *t = b->sh->t;
	int nruns = 0;
	for (int i = a; i <= e; i++)
		if (i == a || b->at[i].item != b->at[i - 1].item)
			nruns++;
	ln->runs = arena_array(ar, (size_t)nruns, sizeof(*ln->runs));
	ln->nruns = 0;
	for (int i = a; i <= e;) {
		int j = i, ng = 0, nd = 0;
		while (j <= e && b->at[j].item == b->at[i].item) {
			ng += b->at[j].g1 - b->at[j].g0;
			nd += has_dot(&b->at[j]);
			j++;
		}
		const struct shaped_item *si = &b->sh->items[b->at[i].item];
		struct glyph_run *run = &ln->runs[ln->nruns++];
		memset(run, 0, sizeof(*run));
		run->font = text_intern_font(tc, si->item->analysis.font);
		run->size = si->size;
		double above, below;
		text_font_em_box(tc, run->font, &above, &below);
		run->ascent = above * run->size;
		run->descent = below * run->size;
		run->color = b->o->role->color;
		run->text = t->s + b->at[i].start;
		run->text_len = (int)(b->at[j - 1].end - b->at[i].start);
		run->span = t->span;
		/* A hyphenated word's hyphen goes after the line's last glyph,
		 * in that character's cluster (the text stays as written). */
		bool hyph = j > e && hyphen_w(b, e) > 0;
		struct glyph *g = arena_array(ar, (size_t)(ng + hyph ? ng + hyph : 1), sizeof(*g));
		double *dots = nd ? arena_array(ar, (size_t)nd, sizeof(*dots)) : NULL;
		run->glyphs = g;
		run->dots = dots;
		for (int k = i; k < j; k++) {
			const struct atom *at = &b->at[k];
			const struct placed *p = &pl[k - a];
			double x = p->x - p->cut_l;
			for (int gi = at->g0; gi < at->g1; gi++) {
				PangoGlyphInfo *pg = &si->gs->glyphs[gi];
				struct glyph *out = &g[run->nglyphs++];
				out->x = x + pg->geometry.x_offset / (double)PANGO_SCALE;
				out->y = pg->geometry.y_offset / (double)PANGO_SCALE;
				out->cluster = (int)(at->start - b->at[i].start);
				if (pg->glyph == PANGO_GLYPH_EMPTY) {
					out->id = GLYPH_NONE;
				} else if (pg->glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
					/* .notdef keeps the character in the PDF's text. */
					out->id = 0;
					if (d)
						report_tofu(t, at->start, d);
				} else {
					out->id = pg->glyph;
				}
				x += pg->geometry.width / (double)PANGO_SCALE;
			}
			if (has_dot(at))
				dots[run->ndots++] = p->x + p->adv / 2;
		}
		run->width = pl[j - 1 - a].x + pl[j - 1 - a].adv - pl[i - a].x;
		if (j > e)
			run->width += end_unkern(b, e);
		if (hyph) {
			struct glyph *out = &g[run->nglyphs++];
			out->x = pl[e - a].x + pl[e - a].adv + end_unkern(b, e);
			out->y = 0;
			out->cluster = (int)(b->at[e].start - b->at[i].start);
			out->id = si->hyphen;
			run->width += si->hyphen_w;
		}
		i = j;
	}
}

static void lb_init(struct lb *b, const struct shaped *sh, const struct text_opts *o)
{
	memset(b, 0, sizeof(*b));
	b->sh = sh;
	b->o = o;
	b->at = sh->atoms;
	b->n = sh->n;
	b->pitch = o->grid > 0 ? o->width / o->grid : 0;
	b->hang = o->typo && o->typo->hanging;
	size_t n = (size_t)sh->n + 1;
	double **d[] = { &b->trim_l, &b->trim_r, &b->cell, &b->soft, &b->mid, &b->hard,
			 &b->gap, &b->gshr, &b->gstr, &b->gsoft, &b->tsoft, &b->pw, &b->pgshr,
			 &b->pgstr, &b->pgsoft, &b->ptsoft, &b->psoft, &b->pmid, &b->phard,
			 &b->pcan };
	for (size_t i = 0; i < ARRAY_LEN(d); i++)
		*d[i] = xcalloc(n, sizeof(double));
	b->opp = xcalloc(n, sizeof(bool));
	b->wsp = xcalloc(n, sizeof(bool));
	b->pwsp = xcalloc(n, sizeof(int));
	b->popp = xcalloc(n, sizeof(int));
	b->pspc = xcalloc(n, sizeof(int));
	b->long_word = xcalloc(n, sizeof(bool));
	b->st = xcalloc(n, sizeof(double));
	b->et = xcalloc(n, sizeof(double));
	b->hy = xcalloc(n, sizeof(double));
	b->mayhang = xcalloc(n, sizeof(bool));
	b->phan = xcalloc(n, sizeof(int));
	b->plet = xcalloc(n, sizeof(int));
	set_widths(b);
	for (int i = 0; i < b->n; i++) {
		const struct atom *x = &b->at[i];
		b->st[i] = start_trim(b, i);
		b->et[i] = end_half(b, i);
		b->hy[i] = hyphen_w(b, i) + end_unkern(b, i);
		b->mayhang[i] = b->pitch > 0 ? x->k == CC_CLOSE || x->k == CC_PAUSE || x->k == CC_STOP
					     : b->hang && (x->c == 0x3001 || x->c == 0xFF0C || x->c == 0x3002);
		b->phan[i + 1] = b->phan[i] + (x->k == CC_HAN);
		b->plet[i + 1] = b->plet[i] + (x->k == CC_HAN || x->k == CC_LATIN);
	}
}

static void lb_release(struct lb *b)
{
	double *d[] = { b->trim_l, b->trim_r, b->cell, b->soft, b->mid, b->hard, b->gap,
			b->gshr, b->gstr, b->gsoft, b->tsoft, b->pw, b->pgshr, b->pgstr, b->pgsoft,
			b->ptsoft, b->psoft, b->pmid, b->phard, b->pcan };
	for (size_t i = 0; i < ARRAY_LEN(d); i++)
		free(d[i]);
	free(b->opp);
	free(b->wsp);
	free(b->pwsp);
	free(b->popp);
	free(b->pspc);
	free(b->long_word);
	free(b->st);
	free(b->et);
	free(b->hy);
	free(b->mayhang);
	free(b->phan);
	free(b->plet);
}

int linebreak_compose(struct text_ctx *tc, const struct shaped *sh, const struct text_opts *o,
		      struct arena *ar, struct diag *d, struct line **out)
{
	*out = NULL;
	if (sh->n == 0)
		return 0;
	struct lb b;
	lb_init(&b, sh, o);
	int nlines;
	int *ends = choose_breaks(&b, &nlines);
	struct line *lines = arena_array(ar, (size_t)nlines, sizeof(*lines));
	struct placed *pl = xmalloc((size_t)sh->n * sizeof(*pl));
	int kept = 0;
	for (int li = 0, a = 0; li < nlines; a = ends[li], li++) {
		int e = visible(&b, ends[li] - 1, -1);
		if (e < a)
			continue; /* a line of spaces only */
		bool last = li == nlines - 1 || b.at[ends[li]].forced;
		struct line *ln = &lines[kept++];
		ln->width = place_line(&b, a, e, last, pl);
		ln->x = a == 0 ? o->indent : 0;
		if (o->align == ALIGN_CENTER)
			ln->x = (o->width - ln->width) / 2;
		ln->last = last;
		make_runs(tc, &b, a, e, pl, ar, d, ln);
	}
	free(pl);
	free(ends);
	lb_release(&b);
	*out = lines;
	return kept;
}

double linebreak_natural_width(const struct shaped *sh, const struct text_opts *o)
{
	if (sh->n == 0)
		return 0;
	struct lb b;
	lb_init(&b, sh, o);
	int e = visible(&b, sh->n - 1, -1), a = visible(&b, 0, +1);
	double w = e >= a && a >= 0 ? b.pw[e + 1] - b.pw[a] - b.gap[e] - start_trim(&b, a) -
					      end_half(&b, e)
				    : 0;
	lb_release(&b);
	return w;
}
