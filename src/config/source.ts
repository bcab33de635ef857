// The YAML side of the config: parse keeping node positions, turn syntax errors into located problems,
// expand shorthands (`optimizer: adam`), apply --set overrides, and find the node at a key path.
import { Alias, Document, isAlias, isMap, isScalar, isSeq, LineCounter, Pair, parseDocument, Scalar, visit, YAMLMap, YAMLSeq, type Node } from "yaml";
import type { LocatedProblem, Path } from "./problems.js";
import { slipProblems, type ParserError } from "./slips.js";

export interface ConfigSource {
  doc: Document;
  lines: LineCounter;
}

/**
 * Parse YAML text; syntax errors (and duplicate keys) come back as located problems, said as the
 * indentation or colon slip that caused them where one is recognised (slips.ts).
 */
export function parseYaml(source: string): { src: ConfigSource; problems: LocatedProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const errors = doc.errors.map((e): ParserError => {
    const pos = e.linePos?.[0];
    return { line: pos?.line ?? 1, col: pos?.col ?? 1, message: yamlMessage(e.message), code: e.code };
  });
  const problems = errors.length > 0 ? slipProblems(source, errors) : [];
  for (const alias of unresolvedAliases(doc)) {
    const pos = alias.range ? lines.linePos(alias.range[0]) : { line: 1, col: 1 };
    problems.push({ path: [], message: `invalid YAML: ${unresolvedMessage(alias)}`, ...pos });
  }
  return { src: { doc, lines }, problems };
}

/** Aliases (`*name`) with no anchor (`&name`) before them: yaml reports them only in toJS, as a ReferenceError. */
function unresolvedAliases(doc: Document): Alias[] {
  const found: Alias[] = [];
  visit(doc, { Alias: (_, alias) => void (alias.resolve(doc) === undefined && found.push(alias)) });
  return found;
}

function unresolvedMessage(alias: Alias): string {
  return `the alias *${alias.source} has no anchor &${alias.source} before it (a value starting with * is an alias; quote it for a string)`;
}

/**
 * The document as plain values, or the reason it cannot be: aliases that expand to more than
 * `maxAliasCount` values (yaml's guard against exponential expansion throws a ReferenceError).
 */
export function documentValue(doc: Document, maxAliasCount: number): { value?: unknown; error?: string } {
  try {
    return { value: doc.toJS({ maxAliasCount }) };
  } catch (err) {
    if (err instanceof ReferenceError) return { error: `the aliases (*name) expand to more than ${maxAliasCount} values; write the values out instead` };
    throw err;
  }
}

/** yaml's message without its "at line L, column C:" tail and source excerpt (we print our own position). */
function yamlMessage(message: string): string {
  const first = message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "").trim();
  return first.replace(/\.$/, "");
}

const keyOf = (key: unknown): unknown => (isScalar(key) ? key.value : key);

function deref(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

export interface Located {
  /** The deepest node reached along the path. */
  node: Node | null;
  /** The key node of the last map entry walked through. */
  key: Node | null;
  /** How many path segments were found (path.length when the whole path exists). */
  found: number;
}

/** Walk `path` from the document root. */
export function locate(doc: Document, path: Path): Located {
  let node = deref(doc, doc.contents) as Node | null;
  let key: Node | null = null;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => String(keyOf(p.key)) === String(seg));
      if (!pair) return { node, key, found: i };
      key = (pair.key as Node) ?? null;
      const value = deref(doc, pair.value) as Node | null;
      if (value === null || value === undefined) return { node: null, key, found: i + 1 };
      node = value;
    } else if (isSeq(node) && typeof seg === "number" && seg < node.items.length) {
      node = deref(doc, node.items[seg]) as Node;
      key = null;
    } else {
      return { node, key, found: i };
    }
  }
  return { node, key, found: path.length };
}

/** 1-based line and column of the node a problem concerns (its key for unknown keys and missing values). */
export function position(src: ConfigSource, path: Path, at: "key" | "value" = "value"): { line: number; col: number } {
  const { node, key, found } = locate(src.doc, path);
  const whole = found === path.length;
  let offset: number | undefined;
  if (at === "key" && whole && key?.range) offset = key.range[0];
  else if (whole && node?.range && !(isScalar(node) && node.value === null && key?.range)) offset = node.range[0];
  else if (key?.range) offset = key.range[0];
  else if (node?.range) offset = node.range[0];
  if (offset === undefined) return { line: 1, col: 1 };
  return src.lines.linePos(offset);
}

/** Keys whose scalar value is shorthand for `{type: VALUE}` (Keras: `optimizer="adam"`). */
const typeShorthands = ["optimizer", "schedule"];

/** `optimizer: adam` → `optimizer: {type: adam}`, keeping the scalar (and its position) as the type. */
export function expandShorthands(doc: Document): void {
  const root = doc.contents;
  if (!isMap(root)) return;
  for (const pair of root.items) {
    const k = keyOf(pair.key);
    if (typeof k !== "string" || !typeShorthands.includes(k)) continue;
    const value = pair.value;
    if (isScalar(value) && typeof value.value === "string") {
      const map = new YAMLMap(doc.schema);
      map.items.push(new Pair(new Scalar("type"), value));
      map.range = value.range;
      pair.value = map;
    }
  }
}

/** Parse `a.b[1].c` or `a.b.1.c` into a path; undefined when malformed. */
export function parseKeyPath(text: string): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  for (const part of text.split(".")) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return undefined;
    if (m[1] !== "") out.push(/^\d+$/.test(m[1]) ? Number(m[1]) : m[1]);
    else if (m[2] === "") return undefined;
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out.length > 0 && typeof out[0] === "string" ? out : undefined;
}

export interface Override {
  text: string;
  path: (string | number)[];
}

/**
 * Apply one `--set PATH=VALUE` (VALUE parsed as YAML; an empty VALUE or null removes the key, so its
 * default applies). A path into a key of `typeDefaults` (optimizer, schedule) that the document omits
 * starts from `{type: DEFAULT}`. Returns an error message, or undefined when applied.
 */
export function applyOverride(doc: Document, text: string, typeDefaults: Readonly<Record<string, string>> = {}): { override?: Override; error?: string } {
  const eq = text.indexOf("=");
  if (eq <= 0) return { error: "expected PATH=VALUE, e.g. --set training.epochs=5" };
  const keyText = text.slice(0, eq).trim();
  const path = parseKeyPath(keyText);
  if (!path) return { error: `"${keyText}" is not a key path; write keys separated by dots, e.g. optimizer.learning_rate or model.layers[0].units` };
  const valueDoc = parseDocument(text.slice(eq + 1));
  if (valueDoc.errors.length > 0) return { error: `VALUE is not valid YAML: ${yamlMessage(valueDoc.errors[0].message)}` };
  const unresolved = unresolvedAliases(valueDoc);
  if (unresolved.length > 0) return { error: `VALUE is not valid YAML: ${unresolvedMessage(unresolved[0])}` };
  const { value, error } = documentValue(valueDoc, 100);
  if (error !== undefined) return { error: `VALUE is not valid YAML: ${error}` };
  // Every parent on the path must be a mapping (or a list with that index) or missing.
  if (doc.contents === null || doc.contents === undefined) doc.contents = doc.createNode({}) as never;
  // `--set optimizer.learning_rate=0.1` on a file without `optimizer:` changes the default optimizer.
  const head = path[0] as string;
  const root = deref(doc, doc.contents);
  if (path.length > 1 && path[1] !== "type" && typeDefaults[head] !== undefined && isMap(root)) {
    const current = deref(doc, root.get(head, true));
    if (current === undefined || current === null) root.set(head, doc.createNode({ type: typeDefaults[head] }));
  }
  let node: unknown = deref(doc, doc.contents);
  let parentMissing = false;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i];
    const here = formatKeyPath(path.slice(0, i));
    if (isMap(node)) {
      node = ownChild(doc, node, seg);
      if (node === undefined || node === null) {
        parentMissing = true; // setIn creates the missing mappings
        break;
      }
    } else if (isSeq(node)) {
      if (typeof seg !== "number") return { error: `${here} is a list; index it with a number, e.g. ${here}[0]` };
      if (seg >= node.items.length) return { error: `${here} has ${node.items.length} item(s) (indices 0 to ${node.items.length - 1})` };
      node = ownChild(doc, node, seg);
    } else {
      return { error: `${here} is ${describeNode(node)}, not a mapping, so it has no key "${seg}"` };
    }
  }
  if (isScalar(node) || isAlias(node)) {
    return { error: `${formatKeyPath(path.slice(0, -1))} is ${describeNode(node)}, not a mapping, so it has no key "${path[path.length - 1]}"` };
  }
  const last = path[path.length - 1];
  if (isSeq(node) && (typeof last !== "number" || last >= node.items.length)) {
    const here = formatKeyPath(path.slice(0, -1));
    return { error: typeof last !== "number" ? `${here} is a list; index it with a number` : `${here} has ${node.items.length} item(s) (indices 0 to ${node.items.length - 1})` };
  }
  if (value !== null && value !== undefined) doc.setIn(path, doc.createNode(value));
  else if (!parentMissing) doc.deleteIn(path); // removing a key below a missing mapping changes nothing
  return { override: { text, path } };
}

/**
 * The child at `key`; an alias (`*name`) there is first replaced by a copy of its anchored node, so an
 * override below it changes this path only (and doc.setIn, which does not follow aliases, can walk it).
 */
function ownChild(doc: Document, parent: YAMLMap | YAMLSeq, key: string | number): unknown {
  const child = parent.get(key, true);
  if (!isAlias(child)) return child;
  const copy = child.resolve(doc)!.clone() as Scalar | YAMLMap | YAMLSeq;
  copy.anchor = undefined;
  parent.set(key, copy);
  return copy;
}

function formatKeyPath(path: Path): string {
  return path.length === 0 ? "the config" : path.map((s) => (typeof s === "number" ? `[${s}]` : s)).join(".").replace(/\.\[/g, "[");
}

function describeNode(node: unknown): string {
  if (isScalar(node)) return JSON.stringify(node.value);
  if (isSeq(node)) return "a list";
  return "a value";
}
