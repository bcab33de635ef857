// Undefined values: a ratio with a zero denominator (a class never predicted, a class absent from
// y_true) or a score that needs two classes. scikit-learn's zero_division=0 convention sets the ratios
// to 0; scores that cannot exist (ROC AUC with one class, R² with one row) are null. Every such value is
// listed in the report's `undefined` array, so a 0 that means "undefined" is never mistaken for a score.

/** One value that was undefined and what was put in its place. */
export interface UndefinedValue {
  /** Dotted path of the value in the metrics object, e.g. `per_class.setosa.precision`. */
  path: string;
  /** What the report holds instead: 0 (scikit-learn's zero_division=0), null, or a convention's value. */
  value: number | null;
  reason: string;
}

/** Collects UndefinedValue entries while a metrics object is built. */
export class UndefinedLog {
  readonly items: UndefinedValue[] = [];

  zero(path: string, reason: string): 0 {
    this.items.push({ path, value: 0, reason });
    return 0;
  }

  set<T extends number | null>(path: string, value: T, reason: string): T {
    this.items.push({ path, value, reason });
    return value;
  }

  null(path: string, reason: string): null {
    this.items.push({ path, value: null, reason });
    return null;
  }
}

/** a / b, or 0 when b is 0 (scikit-learn's zero_division=0). */
export function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** F1 from precision and recall as scikit-learn computes it: 2PR / (P + R), 0 when P + R = 0. */
export function f1From(p: number, r: number): number {
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}
