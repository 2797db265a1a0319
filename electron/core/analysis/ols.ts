import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { CONFIDENCE, finite } from './stats';

/**
 * Ordinary least squares as R's lm() computes it: a Householder QR of the design matrix (no
 * normal equations, which square the condition number and lose the digits the R fixtures hold us
 * to). Small by design: the analysis fits models of a handful of columns, and no npm library of
 * the kind is kept up well enough to trust with the headline estimate.
 */

export interface OlsFit {
  coefficients: number[];
  /** (X'X)^-1, so that var(c'b) = sigma2 c' (X'X)^-1 c. */
  unscaled: number[][];
  /** Residual variance RSS / (n - p). */
  sigma2: number;
  df: number;
}

/**
 * Tolerance below which a column counts as a combination of the others (R's lm uses 1e-7 on its
 * pivoted QR): such a model has no unique estimate, and we give none rather than guess.
 */
const RANK_TOLERANCE = 1e-7;

/** Fits y on the columns of x (rows of p values, an intercept column included by the caller). Null when not identified. */
export function ols(x: readonly (readonly number[])[], y: readonly number[]): OlsFit | null {
  const n = x.length;
  const p = x[0]?.length ?? 0;
  if (p === 0 || n <= p) return null;
  const a = x.map((row) => [...row]);
  const b = [...y];
  const diagonal: number[] = [];
  const norms = Array.from({ length: p }, (_, j) => Math.sqrt(a.reduce((sum, row) => sum + row[j]! ** 2, 0)));
  for (let j = 0; j < p; j++) {
    let norm = 0;
    for (let i = j; i < n; i++) norm += a[i]![j]! ** 2;
    norm = Math.sqrt(norm);
    if (!(norm > RANK_TOLERANCE * Math.max(norms[j]!, 1e-300))) return null;
    const alpha = a[j]![j]! > 0 ? -norm : norm;
    // v = column below the diagonal with v_j = a_jj - alpha; H = I - 2 v v' / v'v.
    const v = new Array<number>(n).fill(0);
    for (let i = j; i < n; i++) v[i] = a[i]![j]!;
    v[j] = v[j]! - alpha;
    let vv = 0;
    for (let i = j; i < n; i++) vv += v[i]! ** 2;
    for (let k = j; k < p; k++) {
      let dot = 0;
      for (let i = j; i < n; i++) dot += v[i]! * a[i]![k]!;
      const factor = (2 * dot) / vv;
      for (let i = j; i < n; i++) a[i]![k] = a[i]![k]! - factor * v[i]!;
    }
    let dot = 0;
    for (let i = j; i < n; i++) dot += v[i]! * b[i]!;
    const factor = (2 * dot) / vv;
    for (let i = j; i < n; i++) b[i] = b[i]! - factor * v[i]!;
    diagonal.push(a[j]![j]!);
  }
  // Back-substitution R beta = Q'y; the rest of Q'y holds the residuals.
  const coefficients = new Array<number>(p).fill(0);
  for (let j = p - 1; j >= 0; j--) {
    let sum = b[j]!;
    for (let k = j + 1; k < p; k++) sum -= a[j]![k]! * coefficients[k]!;
    coefficients[j] = sum / a[j]![j]!;
  }
  let rss = 0;
  for (let i = p; i < n; i++) rss += b[i]! ** 2;
  // R^-1 (upper triangular), then (X'X)^-1 = R^-1 R^-T.
  const inverse = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    inverse[j]![j] = 1 / a[j]![j]!;
    for (let i = j - 1; i >= 0; i--) {
      let sum = 0;
      for (let k = i + 1; k <= j; k++) sum += a[i]![k]! * inverse[k]![j]!;
      inverse[i]![j] = -sum / a[i]![i]!;
    }
  }
  const unscaled = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => {
      let sum = 0;
      for (let k = Math.max(i, j); k < p; k++) sum += inverse[i]![k]! * inverse[j]![k]!;
      return sum;
    }),
  );
  return { coefficients, unscaled, sigma2: rss / (n - p), df: n - p };
}

export interface Contrast {
  estimate: number | null;
  stderr: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  t: number | null;
  df: number | null;
  p: number | null;
}

export const NO_CONTRAST: Contrast = { estimate: null, stderr: null, ciLow: null, ciHigh: null, t: null, df: null, p: null };

/** An estimate's 95 % CI and two-sided p from its standard error, on t with `df` degrees of freedom. */
export function tInference(estimate: number, stderr: number, df: number) {
  const t = estimate / stderr;
  const quantile = tQuantile(1 - (1 - CONFIDENCE) / 2, df);
  return {
    stderr: finite(stderr),
    ciLow: finite(estimate - quantile * stderr),
    ciHigh: finite(estimate + quantile * stderr),
    t: finite(t),
    df,
    p: finite(2 * tCdf(-Math.abs(t), df)),
  };
}

/** c'beta with its standard error, 95 % CI and two-sided t test on the fit's residual df (R: confint, summary). */
export function contrast(fit: OlsFit, weights: readonly number[]): Contrast {
  let estimate = 0;
  let variance = 0;
  for (let i = 0; i < weights.length; i++) {
    estimate += weights[i]! * fit.coefficients[i]!;
    for (let j = 0; j < weights.length; j++) variance += weights[i]! * weights[j]! * fit.unscaled[i]![j]!;
  }
  const stderr = Math.sqrt(fit.sigma2 * variance);
  if (!(stderr > 0)) return { ...NO_CONTRAST, estimate: finite(estimate) };
  return { estimate: finite(estimate), ...tInference(estimate, stderr, fit.df) };
}

/** A contrast's inference with standard errors clustered by site. */
export interface ClusteredContrast {
  stderr: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  t: number | null;
  /** Sites - 1: with few sites the t reference must be that narrow, not n - p. */
  df: number | null;
  p: number | null;
}

/**
 * c'beta with a cluster-robust standard error, as R's sandwich::vcovCL(fit, cluster, type = "HC1"):
 * V = G/(G - 1) (n - 1)/(n - p) (X'X)^-1 [sum over sites of X_g'u_g u_g'X_g] (X'X)^-1. People at one
 * site share its staff and place, so their answers are not independent; this SE allows for that.
 * The t reference has G - 1 degrees of freedom (a common small-sample choice). Null under 2 sites.
 */
export function clusteredContrast(
  x: readonly (readonly number[])[],
  y: readonly number[],
  fit: OlsFit,
  clusters: readonly string[],
  weights: readonly number[],
): ClusteredContrast | null {
  const sites = [...new Set(clusters)];
  const G = sites.length;
  const n = x.length;
  const p = fit.coefficients.length;
  if (G < 2) return null;
  // Per site: the sum of x_i u_i (the score), then the meat as the sum of their outer products.
  const scores = new Map(sites.map((site) => [site, new Array<number>(p).fill(0)]));
  x.forEach((row, i) => {
    let fitted = 0;
    for (let j = 0; j < p; j++) fitted += row[j]! * fit.coefficients[j]!;
    const residual = y[i]! - fitted;
    const score = scores.get(clusters[i]!)!;
    for (let j = 0; j < p; j++) score[j] = score[j]! + row[j]! * residual;
  });
  // w' A meat A w = sum over sites of (w' A s_g)^2, with A = (X'X)^-1 symmetric.
  const aw = fit.unscaled.map((row) => row.reduce((sum, value, j) => sum + value * (weights[j] ?? 0), 0));
  let meat = 0;
  for (const score of scores.values()) meat += score.reduce((sum, value, j) => sum + value * aw[j]!, 0) ** 2;
  const variance = (G / (G - 1)) * ((n - 1) / (n - p)) * meat;
  const stderr = Math.sqrt(variance);
  let estimate = 0;
  for (let j = 0; j < p; j++) estimate += (weights[j] ?? 0) * fit.coefficients[j]!;
  if (!(stderr > 0)) return null;
  return tInference(estimate, stderr, G - 1);
}
