// A config problem as data: the key path it concerns and a human message. The loader locates each one
// (file line:col, or the --set override it came from) and renders `file:line:col: path: message`.

export type Path = readonly (string | number)[];

export interface Problem {
  path: Path;
  message: string;
  /** Point at the key itself (unknown keys) rather than at its value. */
  at?: "key" | "value";
  /** A root cause (the task the rules follow): listed before the problems that follow from it. */
  root?: boolean;
}

export interface LocatedProblem extends Problem {
  line?: number;
  col?: number;
  /** The `--set PATH=VALUE` text when the problem comes from an override. */
  override?: string;
  /** A second line, e.g. the YAML parser's own words under a slip said in ours. */
  note?: string;
}

/** `model.layers[1].units` */
export function formatPath(path: Path): string {
  let s = "";
  for (const seg of path) {
    if (typeof seg === "number") s += `[${seg}]`;
    else s += s === "" ? seg : `.${seg}`;
  }
  return s;
}

/** One line: `file:line:col: path: message` or `--set a.b=V: path: message` (and its note on a second line). */
export function formatProblem(p: LocatedProblem, file: string): string {
  const path = p.path.length > 0 ? `${formatPath(p.path)}: ` : "";
  if (p.override !== undefined) return `--set ${p.override}: ${path}${p.message}`;
  const where = p.line === undefined ? `${file}: ` : `${file}:${p.line}:${p.col ?? 1}: `;
  return where + path + p.message + (p.note !== undefined ? `\n  ${p.note}` : "");
}

/** Root causes first; then file problems by position, then override problems in command-line order. */
export function sortProblems(problems: LocatedProblem[], overrides: readonly string[] = []): LocatedProblem[] {
  const rank = (p: LocatedProblem) => (p.override === undefined ? 0 : 1 + overrides.indexOf(p.override));
  return [...problems].sort(
    (a, b) => Number(b.root ?? false) - Number(a.root ?? false) || rank(a) - rank(b) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0),
  );
}
