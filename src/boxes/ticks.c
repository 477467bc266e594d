/* ticks.c — extended tick search and Chinese number formatting (ticks.h). */
#include "boxes/ticks.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Preferred step bases, best first, and the weights of simplicity, coverage,
 * density and legibility (the paper's defaults; legibility is constant). */
static const double Q[] = { 1, 5, 2, 2.5, 4, 3 };
#define NQ ((int)(sizeof(Q) / sizeof(Q[0])))
static const double W[4] = { 0.25, 0.2, 0.5, 0.05 };
#define EPS 1e-10

static double simplicity(int i, int j, double lmin, double lmax, double step)
{
	double rem = fmod(lmin, step);
	if (rem < 0)
		rem += step;
	bool zero = (rem < EPS * step || step - rem < EPS * step) && lmin <= 0 && lmax >= 0;
	return 1 - (double)i / (NQ - 1) - j + (zero ? 1 : 0);
}

static double simplicity_max(int i, int j)
{
	return 1 - (double)i / (NQ - 1) - j + 1;
}

static double coverage(double dmin, double dmax, double lmin, double lmax)
{
	double r = 0.1 * (dmax - dmin);
	return 1 - 0.5 * ((dmax - lmax) * (dmax - lmax) + (dmin - lmin) * (dmin - lmin)) / (r * r);
}

static double coverage_max(double dmin, double dmax, double span)
{
	double range = dmax - dmin;
	if (span > range) {
		double half = (span - range) / 2, r = 0.1 * range;
		return 1 - half * half / (r * r);
	}
	return 1;
}

static double density(int k, int m, double dmin, double dmax, double lmin, double lmax)
{
	double r = (k - 1) / (lmax - lmin);
	double rt = (m - 1) / (fmax(lmax, dmax) - fmin(dmin, lmin));
	return 2 - fmax(r / rt, rt / r);
}

static double density_max(int k, int m)
{
	return k >= m ? 2 - (double)(k - 1) / (m - 1) : 1;
}

struct ticks ticks_extended(double dmin, double dmax, int m, bool loose)
{
	if (m < 2)
		m = 2;
	if (m > TICKS_MAX)
		m = TICKS_MAX;
	if (dmax < dmin) {
		double t = dmin;
		dmin = dmax, dmax = t;
	}
	/* The parser keeps values within ±LIMIT_CHART_VALUE; a range that is
	 * not a finite number would make every step below infinite. */
	if (!isfinite(dmax - dmin))
		return (struct ticks){ 0, 1, 1, 2 };
	if (dmax - dmin < 1e-12 * fmax(1, fabs(dmax))) {
		/* One value: show it between nice neighbours (0 and 1 for zero
		 * or a value too small to have neighbours). */
		double d = fabs(dmin) * 0.1;
		if (!(d > 1e-200))
			d = 1;
		dmin -= d, dmax += d;
	}
	struct ticks best = { dmin, dmax, (dmax - dmin) / (m - 1), m };
	double best_score = -2;
	bool found = false;
	for (int j = 1; j < 50; j++) {
		for (int i = 0; i < NQ; i++) {
			double q = Q[i];
			double sm = simplicity_max(i, j);
			if (W[0] * sm + W[1] + W[2] + W[3] < best_score)
				goto done;
			for (int k = 2; k <= TICKS_MAX; k++) {
				double dm = density_max(k, m);
				if (W[0] * sm + W[1] + W[2] * dm + W[3] < best_score)
					break;
				double delta = (dmax - dmin) / (k + 1) / j / q;
				for (int z = (int)ceil(log10(delta)); z < 400; z++) {
					double step = j * q * pow(10, z);
					double cm = coverage_max(dmin, dmax, step * (k - 1));
					if (W[0] * sm + W[1] * cm + W[2] * dm + W[3] < best_score)
						break;
					double min_start = floor(dmax / step) * j - (double)(k - 1) * j;
					double max_start = ceil(dmin / step) * j;
					if (min_start > max_start)
						continue;
					/* Counted with an integer: start + 1 == start for
					 * doubles past 2^53, which would never end. */
					double span_starts = max_start - min_start;
					for (long si = 0; si <= span_starts && si < 4096; si++) {
						double start = min_start + (double)si;
						double lmin = start * (step / j), lmax = lmin + step * (k - 1);
						if (loose && (lmin > dmin + EPS * step || lmax < dmax - EPS * step))
							continue;
						double s = simplicity(i, j, lmin, lmax, step);
						double c = coverage(dmin, dmax, lmin, lmax);
						double g = density(k, m, dmin, dmax, lmin, lmax);
						double score = W[0] * s + W[1] * c + W[2] * g + W[3];
						if (score > best_score) {
							best_score = score;
							best = (struct ticks){ lmin, lmax, step, k };
							found = true;
						}
					}
				}
			}
		}
	}
done:
	if (!found) {
		/* Cannot happen for finite data; keep the axis usable anyway. */
		best = (struct ticks){ dmin, dmax, (dmax - dmin) / (m - 1), m };
	}
	if (fabs(best.lo) < 1e-9 * best.step)
		best.lo = 0;
	return best;
}

static struct ticks widened(double dmin, double dmax, int m)
{
	struct ticks t = ticks_extended(dmin, dmax, m, false);
	double tol = 1e-9 * t.step;
	while (t.lo > dmin + tol && t.n < 2 * TICKS_MAX)
		t.lo -= t.step, t.n++;
	while (t.lo + (t.n - 1) * t.step < dmax - tol && t.n < 2 * TICKS_MAX)
		t.n++;
	t.hi = t.lo + (t.n - 1) * t.step;
	if (fabs(t.lo) < 1e-9 * t.step)
		t.lo = 0;
	return t;
}

struct ticks ticks_axis(double dmin, double dmax, int m)
{
	/* Widening can add most of a step of empty axis: of the choices for
	 * one tick fewer, as many and one more, take the shortest axis, but
	 * leave the asked-for count only for one at least 10% shorter and with
	 * no fewer ticks. */
	struct ticks best = widened(dmin, dmax, m);
	double waste = best.hi - best.lo;
	for (int mm = m - 1; mm <= m + 1; mm += 2) {
		if (mm < 2 || mm > TICKS_MAX)
			continue;
		struct ticks t = widened(dmin, dmax, mm);
		if (t.hi - t.lo < 0.9 * waste && t.n >= m && t.n <= m + 2) {
			best = t;
			waste = t.hi - t.lo;
		}
	}
	return best;
}

struct ticks ticks_matching(double dmin, double dmax, const struct ticks *other)
{
	static const double nice[] = { 1, 2, 2.5, 3, 4, 5 };
	int k0 = (int)round(-other->lo / other->step);
	bool zero = other->lo <= 0 && other->hi >= 0 && fabs(other->lo + k0 * other->step) < 1e-9 * other->step;
	if (zero && dmin <= 0 && dmax >= 0 && other->n >= 2) {
		int up = other->n - 1 - k0;
		double need = fmax(up > 0 ? dmax / up : (dmax > 0 ? INFINITY : 0),
				   k0 > 0 ? -dmin / k0 : (dmin < 0 ? INFINITY : 0));
		if (isfinite(need)) {
			if (need <= 0)
				need = 1;
			/* The smallest nice step that covers the data. */
			for (int z = (int)floor(log10(need)) - 1; z < 400; z++)
				for (size_t q = 0; q < sizeof(nice) / sizeof(nice[0]); q++) {
					double step = nice[q] * pow(10, z);
					if (step >= need * (1 - 1e-12))
						return (struct ticks){ -k0 * step, (up) * step, step, other->n };
				}
		}
	}
	return ticks_axis(dmin, dmax, other->n);
}

