// Deep comparison of a metrics object against a scikit-learn fixture: every number within a relative
// tolerance (absolute near zero), nulls where the fixture has nulls, and no NaN / Infinity anywhere.
import { expect } from "vitest";

/** Paths where actual and expected differ by more than rel·max(1, |expected|) (or in kind). */
export function differences(actual: unknown, expected: unknown, rel: number, path = "$"): string[] {
  if (typeof expected === "number") {
    if (typeof actual !== "number" || !Number.isFinite(actual)) return [`${path}: ${String(actual)} vs ${expected}`];
    const tol = rel * Math.max(1, Math.abs(expected));
    return Math.abs(actual - expected) <= tol ? [] : [`${path}: ${actual} vs ${expected}`];
  }
  if (expected === null) return actual === null ? [] : [`${path}: ${JSON.stringify(actual)} vs null`];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      return [`${path}: length ${Array.isArray(actual) ? actual.length : typeof actual} vs ${expected.length}`];
    return expected.flatMap((e, i) => differences(actual[i], e, rel, `${path}[${i}]`));
  }
  if (typeof expected === "object") {
    if (typeof actual !== "object" || actual === null) return [`${path}: ${String(actual)} vs object`];
    return Object.entries(expected as Record<string, unknown>).flatMap(([key, e]) =>
      differences((actual as Record<string, unknown>)[key], e, rel, `${path}.${key}`),
    );
  }
  return actual === expected ? [] : [`${path}: ${String(actual)} vs ${String(expected)}`];
}

/** Asserts no differences (the first ten are shown on failure). */
export function expectClose(actual: unknown, expected: unknown, rel: number): void {
  expect(differences(actual, expected, rel).slice(0, 10)).toEqual([]);
}

/** Asserts that JSON.stringify keeps every value: no NaN, no ±Infinity, no undefined numbers. */
export function expectJsonSafe(value: unknown): void {
  const bad: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (typeof v === "number" && !Number.isFinite(v)) bad.push(path);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  walk(value, "$");
  expect(bad).toEqual([]);
}
