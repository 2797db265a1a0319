import { ols, tInference } from './ols';
import { finite } from './stats';

/**
 * The two fits of inverse-probability weighting, on ols.ts's QR so that they equal R's to the last
 * digits: a logistic regression by iteratively reweighted least squares (R's glm, binomial), and a
 * weighted least-squares fit (R's lm with weights) whose contrast carries the HC1 sandwich standard
 * error (sandwich::vcovHC(type = "HC1")). The model-based SE of a weighted lm would treat 1/p̂ as
 * precision weights, which they are not; the sandwich does not, and ignoring that p̂ is itself
 * estimated makes it, if anything, a little conservative (Lunceford & Davidian 2004).
 */

/** Newton-Raphson stops when no coefficient moves by more than this (relative); R: glm epsilon 1e-15. */
const CONVERGED = 1e-13;
const MAX_ITERATIONS = 100;
/** A fitted probability this close to 0 or 1 means a separated model: its weights would be arbitrary. */
const SEPARATED = 1e-8;

/** Fitted probabilities of y = 1 (R: fitted(glm(y ~ x, binomial))); null when separated or not identified. */
export function logisticFitted(x: readonly (readonly number[])[], y: readonly number[]): number[] | null {
  // R's start: mu = (y + 0.5) / 2, eta = logit(mu).
  let eta = y.map((value) => Math.log((value + 0.5) / 2 / (1 - (value + 0.5) / 2)));
  let previous: number[] | null = null;
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const mu = eta.map((value) => 1 / (1 + Math.exp(-value)));
    const root = mu.map((value) => Math.sqrt(value * (1 - value)));
    // Working response z = eta + (y - mu) / (mu (1 - mu)), weights mu (1 - mu): least squares on rows scaled by their root.
    const fit = ols(
      x.map((row, i) => row.map((value) => value * root[i]!)),
      eta.map((value, i) => (value + (y[i]! - mu[i]!) / (mu[i]! * (1 - mu[i]!))) * root[i]!),
    );
    if (!fit) return null;
    const beta = fit.coefficients;
    eta = x.map((row) => row.reduce((sum, value, j) => sum + value * beta[j]!, 0));
    // A linear predictor this far out is a probability of 1 - 1e-13: the estimates are running off
    // to infinity (separation), as R's glm warns "fitted probabilities numerically 0 or 1".
    if (eta.some((value) => Math.abs(value) > 30)) return null;
    const moved = previous && beta.every((value, j) => Math.abs(value - previous![j]!) <= CONVERGED * (1 + Math.abs(value)));
    previous = beta;
    if (moved) {
      const fitted = eta.map((value) => 1 / (1 + Math.exp(-value)));
      return fitted.every((p) => p > SEPARATED && p < 1 - SEPARATED) ? fitted : null;
    }
  }
  return null;
}

export interface RobustContrast {
  estimate: number | null;
  stderr: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  df: number | null;
  p: number | null;
}

export const NO_ROBUST: RobustContrast = { estimate: null, stderr: null, ciLow: null, ciHigh: null, df: null, p: null };

/**
 * c'b of lm(y ~ x, weights = w) with V = n/(n-p) (X'WX)^-1 [sum of w_i^2 e_i^2 x_i x_i'] (X'WX)^-1,
 * its 95 % CI and p on t with n - p df (lmtest::coefci / coeftest). Null contrast when not identified.
 */
export function weightedContrast(
  x: readonly (readonly number[])[],
  y: readonly number[],
  w: readonly number[],
  c: readonly number[],
): RobustContrast {
  const root = w.map(Math.sqrt);
  const fit = ols(
    x.map((row, i) => row.map((value) => value * root[i]!)),
    y.map((value, i) => value * root[i]!),
  );
  if (!fit) return NO_ROBUST;
  const n = x.length;
  const p = c.length;
  const estimate = c.reduce((sum, value, j) => sum + value * fit.coefficients[j]!, 0);
  // a = (X'WX)^-1 c; then c'Vc = n/(n-p) sum of (w_i e_i a'x_i)^2.
  const a = fit.unscaled.map((row) => row.reduce((sum, value, j) => sum + value * c[j]!, 0));
  let meat = 0;
  x.forEach((row, i) => {
    const residual = y[i]! - row.reduce((sum, value, j) => sum + value * fit.coefficients[j]!, 0);
    const ax = row.reduce((sum, value, j) => sum + value * a[j]!, 0);
    meat += (w[i]! * residual * ax) ** 2;
  });
  const stderr = Math.sqrt((n / (n - p)) * meat);
  if (!(stderr > 0)) return { ...NO_ROBUST, estimate: finite(estimate) };
  const { t: _t, ...inference } = tInference(estimate, stderr, fit.df);
  return { estimate: finite(estimate), ...inference };
}
