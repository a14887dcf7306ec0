/* Host-side connection generation for the projections spynn makes at mapping time, core by
 * core, instead of when the script makes them (spynn/pynn/deferred.py): a large network
 * then never holds all its connections at once, only the chips' synaptic matrices.
 *
 * Every random number belongs to one postsynaptic neuron (a column of the connection
 * matrix): column j draws from its own stream, seeded from (seed, j), so what a column gets
 * does not depend on which columns are generated together, on how the population is split
 * over cores, or on the threads.  A stream is SplitMix64 (Steele, Lea & Flood 2014) started
 * from the column's seed; a uniform number in [0, 1) is the top 53 bits of one output. */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#define GOLDEN_GAMMA 0x9E3779B97F4A7C15ULL

static inline uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* The stream of column j under `seed` (its state before the first draw). */
static inline uint64_t column_stream(uint64_t seed, uint64_t j) { return mix64(seed ^ mix64(j + GOLDEN_GAMMA)); }

static inline double next_uniform(uint64_t *state) {
    *state += GOLDEN_GAMMA;
    return (double)(mix64(*state) >> 11) * 0x1.0p-53;
}

/* A uniform number in (0, 1]: 1 - next_uniform, exactly (its logarithm is never -inf). */
static inline double next_open_uniform(uint64_t *state) {
    *state += GOLDEN_GAMMA;
    return (double)((mix64(*state) >> 11) + 1u) * 0x1.0p-53;
}

/* Connections of columns [col_lo, col_hi) of an n_pre x n_post matrix, each pair kept
 * independently with probability p (0 < p): the gap to the next kept row of a column is
 * geometric, floor(log(v) / log(1 - p)) for v uniform in (0, 1], one uniform number per
 * connection.  Row j of
 * column j is left out when no_self is set (a population onto itself).  Writes the rows
 * and columns of at most `capacity` connections, column by column, rows ascending, and
 * each column's count; returns the number of connections (more than capacity: call again
 * with room for them). */
uint64_t fixed_probability_columns(uint64_t seed, uint32_t n_pre, double p, uint32_t no_self, uint32_t col_lo,
                                   uint32_t col_hi, uint64_t capacity, uint32_t *pre, uint32_t *post,
                                   uint64_t *counts) {
    const double per_log_q = p < 1.0 ? 1.0 / log1p(-p) : 0.0;
    uint64_t n = 0;
    for (uint32_t j = col_lo; j < col_hi; j++) {
        uint64_t state = column_stream(seed, j), first = n;
        for (double row = -1.0;;) {
            if (p < 1.0) {
                row += floor(log(next_open_uniform(&state)) * per_log_q) + 1.0;
            } else {
                row += 1.0;
            }
            if (row >= (double)n_pre) break;
            if (no_self && row == (double)j) continue;
            if (n < capacity) {
                pre[n] = (uint32_t)row;
                post[n] = j;
            }
            n++;
        }
        counts[j - col_lo] = n - first;
    }
    return n;
}

static int ascending(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Connections of columns [col_lo, col_hi): n rows per column (column j: col_n[j] if col_n is
 * not NULL), drawn uniformly from the n_pre rows (from the n_pre - 1 other than the column's
 * own with no_self), distinct ones (Floyd's algorithm: every subset equally likely) unless
 * with_replacement; rows ascending.  Writes and returns as fixed_probability_columns; seen:
 * n_pre zeroed bits of scratch, left zeroed. */
uint64_t fixed_number_columns(uint64_t seed, uint32_t n_pre, uint32_t n_each, const uint32_t *col_n,
                              uint32_t with_replacement, uint32_t no_self, uint32_t col_lo, uint32_t col_hi,
                              uint64_t capacity, uint32_t *pre, uint32_t *post, uint64_t *counts, uint32_t *seen) {
    uint64_t total = 0;
    for (uint32_t j = col_lo; j < col_hi; j++) {
        const uint32_t n = col_n ? col_n[j] : n_each;
        counts[j - col_lo] = n;
        if (total + n > capacity) { /* counting only: no room for this column's rows */
            total += n;
            continue;
        }
        uint64_t state = column_stream(seed, j);
        uint32_t span = n_pre - (no_self && j < n_pre ? 1u : 0u), *rows = pre + total;
        if (with_replacement) {
            for (uint32_t k = 0; k < n; k++) rows[k] = (uint32_t)(next_uniform(&state) * span);
        } else {
            for (uint32_t k = 0, top = span - n; k < n; k++, top++) {
                uint32_t t = (uint32_t)(next_uniform(&state) * (top + 1u));
                if (seen[t >> 5] & (1u << (t & 31u))) t = top;
                seen[t >> 5] |= 1u << (t & 31u);
                rows[k] = t;
            }
            for (uint32_t k = 0; k < n; k++) seen[rows[k] >> 5] &= ~(1u << (rows[k] & 31u));
        }
        qsort(rows, n, sizeof(uint32_t), ascending);
        for (uint32_t k = 0; k < n; k++) {
            if (no_self && j < n_pre && rows[k] >= j) rows[k]++; /* skip the column's own row */
            post[total + k] = j;
        }
        total += n;
    }
    return total;
}

/* RandomDistribution kinds drawn here (pyNN's names and parameters). */
enum { DRAW_UNIFORM, DRAW_NORMAL, DRAW_NORMAL_CLIPPED, DRAW_NORMAL_CLIPPED_TO_BOUNDARY, DRAW_EXPONENTIAL, DRAW_LOGNORMAL };

/* Standard normal numbers by the ziggurat method (Marsaglia & Tsang 2000, 128 layers), with
 * the layer and the abscissa taken from separate bits of one 64-bit draw (Doornik 2005): one
 * draw and one multiplication for 98.8 % of the numbers.  The tables are made once, by
 * ziggurat_tables (column_values calls it; pthread_once). */
#define ZIG_LAYERS 128
#define ZIG_R 3.442619855899           /* the base layer's right edge */
#define ZIG_AREA 9.91256303526217e-3   /* the area of each layer */
static uint32_t zig_k[ZIG_LAYERS];     /* |hz| below this: inside the layer's rectangle */
static double zig_w[ZIG_LAYERS], zig_f[ZIG_LAYERS];
static pthread_once_t zig_once = PTHREAD_ONCE_INIT;

static void ziggurat_tables(void) {
    const double m = 2147483648.0; /* 2^31 */
    double d = ZIG_R, t = ZIG_R, q = ZIG_AREA / exp(-0.5 * d * d);
    zig_k[0] = (uint32_t)((d / q) * m);
    zig_k[1] = 0;
    zig_w[0] = q / m;
    zig_w[ZIG_LAYERS - 1] = d / m;
    zig_f[0] = 1.0;
    zig_f[ZIG_LAYERS - 1] = exp(-0.5 * d * d);
    for (int i = ZIG_LAYERS - 2; i >= 1; i--) {
        d = sqrt(-2.0 * log(ZIG_AREA / d + exp(-0.5 * d * d)));
        zig_k[i + 1] = (uint32_t)((d / t) * m);
        t = d;
        zig_f[i] = exp(-0.5 * d * d);
        zig_w[i] = d / m;
    }
}

typedef struct {
    uint64_t state;
} normal_stream_t;

static inline double next_normal(normal_stream_t *s) {
    for (;;) {
        s->state += GOLDEN_GAMMA;
        uint64_t z = mix64(s->state);
        int32_t hz = (int32_t)(uint32_t)(z >> 32);
        uint32_t iz = (uint32_t)z & (ZIG_LAYERS - 1u), mag = hz < 0 ? (uint32_t)(-(int64_t)hz) : (uint32_t)hz;
        double x = hz * zig_w[iz];
        if (mag < zig_k[iz]) return x; /* inside the layer's rectangle */
        if (iz == 0) {                 /* the tail beyond ZIG_R */
            double a, b;
            do {
                a = -log(next_open_uniform(&s->state)) / ZIG_R;
                b = -log(next_open_uniform(&s->state));
            } while (b + b < a * a);
            return hz > 0 ? ZIG_R + a : -ZIG_R - a;
        }
        if (zig_f[iz] + next_uniform(&s->state) * (zig_f[iz - 1] - zig_f[iz]) < exp(-0.5 * x * x)) return x;
    }
}

/* A value of the distribution `kind` with parameters `a` (uniform: low, high; normal: mu,
 * sigma; normal_clipped and normal_clipped_to_boundary: mu, sigma, low, high; exponential:
 * beta; lognormal: mu, sigma of its logarithm).  normal_clipped draws again until the value is within [low, high], as pyNN does,
 * giving the truncated normal distribution. */
static inline double draw(normal_stream_t *s, uint32_t kind, const double *a) {
    switch (kind) {
    case DRAW_UNIFORM:
        return a[0] + (a[1] - a[0]) * next_uniform(&s->state);
    case DRAW_NORMAL:
        return a[0] + a[1] * next_normal(s);
    case DRAW_NORMAL_CLIPPED:
        for (;;) {
            double x = a[0] + a[1] * next_normal(s);
            if (x >= a[2] && x <= a[3]) return x;
        }
    case DRAW_NORMAL_CLIPPED_TO_BOUNDARY: {
        double x = a[0] + a[1] * next_normal(s);
        return x < a[2] ? a[2] : x > a[3] ? a[3] : x;
    }
    case DRAW_EXPONENTIAL:
        return -a[0] * log(next_open_uniform(&s->state));
    default: /* DRAW_LOGNORMAL */
        return exp(a[0] + a[1] * next_normal(s));
    }
}

/* Values of the connections of columns [col_lo, col_hi), counts[k] of them in column
 * col_lo + k, in order: column j's values come from its own stream under `seed`. */
void column_values(uint64_t seed, uint32_t kind, const double *params, uint32_t col_lo, uint32_t col_hi,
                   const uint64_t *counts, double *out) {
    pthread_once(&zig_once, ziggurat_tables);
    for (uint32_t j = col_lo; j < col_hi; j++) {
        normal_stream_t s = {column_stream(seed, j)};
        for (uint64_t k = counts[j - col_lo]; k; k--) *out++ = draw(&s, kind, params);
    }
}
