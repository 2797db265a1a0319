import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/**
 * The statistics of the analysis, written to give R's numbers: mean(), sd(), var(), t.test()
 * (one-sample, paired and Welch) and psych::alpha(). The t distribution comes from stdlib (ports of
 * Boost/Cephes, accurate to double precision): jStat's incomplete beta stops at a relative error of
 * 3e-7, far from the 1e-9 the R fixtures hold us to. Anything undefined (too few values, no
 * variance) is null, never NaN, because NaN does not survive JSON.
 */

/** Two-sided 95 %: R's t.test() default. */
export const CONFIDENCE = 0.95;

/**
 * R's mean(): the sum divided by n, then corrected by the mean of the residuals. The second pass
 * removes most of the rounding error of the first, which is how R gets its last digits.
 */
export function mean(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  // Indexed loops: for...of over an array runs several times slower here, and these run millions of times.
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const first = sum / n;
  let residual = 0;
  for (let i = 0; i < n; i++) residual += values[i]! - first;
  return first + residual / n;
}

/** Sample variance with n - 1 (R's var()), two-pass. */
export function variance(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  const centre = mean(values);
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i]! - centre) ** 2;
  return squares / (n - 1);
}

export const sd = (values: readonly number[]) => Math.sqrt(variance(values));

/** Finite numbers pass, everything else (NaN, ±Infinity) becomes null. */
export function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export interface TTest {
  /** The estimate: the mean (one-sample), mean difference (paired) or difference of means (Welch). */
  estimate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  t: number | null;
  df: number | null;
  /** Two-sided p-value. */
  p: number | null;
  stderr: number | null;
}

const EMPTY: TTest = { estimate: null, ciLow: null, ciHigh: null, t: null, df: null, p: null, stderr: null };

function fromStderr(estimate: number, stderr: number, df: number): TTest {
  const quantile = tQuantile(1 - (1 - CONFIDENCE) / 2, df);
  const t = estimate / stderr;
  return {
    estimate,
    ciLow: finite(estimate - quantile * stderr),
    ciHigh: finite(estimate + quantile * stderr),
    t: finite(t),
    df: finite(df),
    p: finite(2 * tCdf(-Math.abs(t), df)),
    stderr: finite(stderr),
  };
}

/**
 * R refuses a t-test on "essentially constant" data (stderr below 10 machine epsilons of the
 * estimate's size); so do we, with nulls instead of an error.
 */
function constant(stderr: number, scale: number): boolean {
  return !(stderr > 10 * Number.EPSILON * Math.abs(scale));
}

/** t.test(x): the mean with its confidence interval. Needs 2 values. */
export function oneSampleT(values: readonly number[]): TTest {
  const n = values.length;
  if (n < 2) return { ...EMPTY, estimate: n === 1 ? values[0]! : null };
  const estimate = mean(values);
  const stderr = Math.sqrt(variance(values) / n);
  if (constant(stderr, estimate)) return { ...EMPTY, estimate };
  return fromStderr(estimate, stderr, n - 1);
}

/** t.test(after, before, paired = TRUE): the estimate is mean(after - before). */
export function pairedT(after: readonly number[], before: readonly number[]): TTest {
  if (after.length !== before.length) throw new Error('Paired samples differ in length');
  return oneSampleT(after.map((value, index) => value - before[index]!));
}

/** t.test(x, y) with R's default var.equal = FALSE (Welch): the estimate is mean(x) - mean(y). */
export function welchT(x: readonly number[], y: readonly number[]): TTest {
  const nx = x.length;
  const ny = y.length;
  if (nx < 2 || ny < 2) return nx > 0 && ny > 0 ? { ...EMPTY, estimate: mean(x) - mean(y) } : EMPTY;
  const mx = mean(x);
  const my = mean(y);
  const sx = variance(x) / nx;
  const sy = variance(y) / ny;
  const stderr = Math.sqrt(sx + sy);
  const estimate = mx - my;
  if (constant(stderr, Math.max(Math.abs(mx), Math.abs(my)))) return { ...EMPTY, estimate };
  const df = (sx + sy) ** 2 / (sx ** 2 / (nx - 1) + sy ** 2 / (ny - 1));
  return fromStderr(estimate, stderr, df);
}

/**
 * Cohen's d for two independent groups: difference of means over the pooled SD,
 * sqrt(((nx - 1) var(x) + (ny - 1) var(y)) / (nx + ny - 2)).
 */
export function cohensD(x: readonly number[], y: readonly number[]): number | null {
  if (x.length < 2 || y.length < 2) return null;
  const pooled = Math.sqrt(((x.length - 1) * variance(x) + (y.length - 1) * variance(y)) / (x.length + y.length - 2));
  return pooled > 0 ? finite((mean(x) - mean(y)) / pooled) : null;
}

/** Hedges' g: Cohen's d with the small-sample correction 1 - 3 / (4 (nx + ny) - 9). */
export function hedgesG(d: number | null, nx: number, ny: number): number | null {
  if (d === null || nx + ny < 4) return null;
  return d * (1 - 3 / (4 * (nx + ny) - 9));
}

/** d_z for paired data: mean of the differences over their SD (Cohen 1988, eq. 2.3.5). */
export function cohensDz(differences: readonly number[]): number | null {
  if (differences.length < 2) return null;
  const spread = sd(differences);
  return spread > 0 ? finite(mean(differences) / spread) : null;
}

/** The sample covariance matrix (n - 1) of complete rows, as R's cov(). */
export function covariance(rows: readonly (readonly number[])[]): number[][] {
  const k = rows[0]?.length ?? 0;
  const flat = new Float64Array(rows.length * k);
  rows.forEach((row, r) => flat.set(row, r * k));
  return covarianceOfFlat(flat, rows.length, k);
}

/**
 * covariance() of n rows of k values laid out row after row in one array: the analysis gathers a
 * scale's complete questionnaires this way instead of as thousands of small arrays. The same
 * arithmetic in the same order (two-pass column means as mean(), then sums of products by row).
 */
export function covarianceOfFlat(flat: Float64Array, n: number, k: number): number[][] {
  const centres = new Float64Array(k);
  for (let column = 0; column < k; column++) {
    let sum = 0;
    for (let r = 0; r < n; r++) sum += flat[r * k + column]!;
    const first = sum / n;
    let residual = 0;
    for (let r = 0; r < n; r++) residual += flat[r * k + column]! - first;
    centres[column] = n === 0 ? Number.NaN : first + residual / n;
  }
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      let sum = 0;
      for (let r = 0; r < n; r++) sum += (flat[r * k + i]! - centres[i]!) * (flat[r * k + j]! - centres[j]!);
      matrix[i]![j] = matrix[j]![i] = sum / (n - 1);
    }
  }
  return matrix;
}

function rawAlpha(matrix: readonly (readonly number[])[], keep: readonly number[]): number | null {
  const k = keep.length;
  if (k < 2) return null;
  let total = 0;
  let trace = 0;
  for (const i of keep) {
    trace += matrix[i]![i]!;
    for (const j of keep) total += matrix[i]![j]!;
  }
  return total > 0 ? finite((1 - trace / total) * (k / (k - 1))) : null;
}

export interface Reliability {
  /** Complete rows used. */
  n: number;
  /** psych::alpha()$total$raw_alpha. */
  alpha: number | null;
  /** Per item: psych's r.drop (correlation with the sum of the other items) and raw alpha without it. */
  items: { rDrop: number | null; alphaIfDropped: number | null }[];
}

/**
 * Cronbach's alpha and corrected item-total correlations on complete rows (listwise), from the
 * covariance matrix as psych::alpha() computes them. psych's own default is pairwise covariances;
 * the R fixtures pass it na.omit(x), and a person checking in SPSS gets the same numbers.
 */
export function cronbach(rows: readonly (readonly number[])[], k: number): Reliability {
  const flat = new Float64Array(rows.length * k);
  rows.forEach((row, r) => flat.set(row, r * k));
  return cronbachOfFlat(flat, rows.length, k);
}

/** cronbach() of n complete rows of k values laid out row after row (see covarianceOfFlat). */
export function cronbachOfFlat(flat: Float64Array, n: number, k: number): Reliability {
  const empty = { n, alpha: null, items: Array.from({ length: k }, () => ({ rDrop: null, alphaIfDropped: null })) };
  if (n < 2 || k < 2) return empty;
  const matrix = covarianceOfFlat(flat, n, k);
  const all = Array.from({ length: k }, (_, index) => index);
  let total = 0;
  for (const i of all) for (const j of all) total += matrix[i]![j]!;
  return {
    n,
    alpha: rawAlpha(matrix, all),
    items: all.map((i) => {
      const own = matrix[i]![i]!;
      const withOthers = matrix[i]!.reduce((sum, value) => sum + value, 0) - own;
      // Variance of the other items' sum: the whole sum's minus this item's row and column.
      const restVariance = total - 2 * (withOthers + own) + own;
      const rDrop = own > 0 && restVariance > 0 ? finite(withOthers / Math.sqrt(own * restVariance)) : null;
      return { rDrop, alphaIfDropped: k > 2 ? rawAlpha(matrix, all.filter((j) => j !== i)) : null };
    }),
  };
}
