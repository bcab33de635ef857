// YAML slips: the indentation and colon mistakes people make in a config, found in the text line by
// line and said in a learner's words at the line that is wrong. The parser's own error often points at
// the line above or at a later line, and one slip can give it several errors; parseYaml keeps its
// wording as a second line under the slip that explains it.

import type { LocatedProblem } from "./problems.js";

export interface Slip {
  /** 1-based line and column of what is wrong. */
  line: number;
  col: number;
  message: string;
}

/** A syntax error of the parser, located. */
export interface ParserError {
  line: number;
  col: number;
  message: string;
  /** yaml's error code (DUPLICATE_KEY, BAD_INDENT, ...). */
  code: string;
}

/**
 * The parser's errors said as slips: each slip that explains an error (one at the slip's line, at the
 * line above it, where the parser often notices, or further on in the same top-level section, where
 * the slip throws the parser off) is one problem at the slip, with the parser's first words as its
 * note; the errors no slip explains stay as they are.
 */
export function slipProblems(source: string, errors: readonly ParserError[]): LocatedProblem[] {
  const slips = findSlips(source);
  const sections = significantLines(source).filter((l) => l.indent === 0).map((l) => l.n);
  const owner = (e: ParserError): Slip | undefined => {
    if (e.code === "DUPLICATE_KEY") return undefined;
    const before = slips.filter((s) => s.line - 1 <= e.line);
    const s = before[before.length - 1];
    if (s === undefined || sections.some((n) => n > s.line && n <= e.line)) return undefined;
    return s;
  };
  const notes = new Map<Slip, ParserError>();
  const rest: LocatedProblem[] = [];
  for (const e of errors) {
    const s = owner(e);
    if (s === undefined) rest.push({ path: [], message: `invalid YAML: ${e.message}`, line: e.line, col: e.col });
    else if (!notes.has(s)) notes.set(s, e);
  }
  const explained = slips.filter((s) => notes.has(s)).map((s): LocatedProblem => {
    const e = notes.get(s)!;
    const where = e.line === s.line && e.col === s.col ? "" : ` (at line ${e.line}, column ${e.col})`;
    return { path: [], message: s.message, line: s.line, col: s.col, note: `the YAML parser says: ${e.message}${where}` };
  });
  return [...explained, ...rest];
}

/** A significant line: not blank, not only a comment, not inside a block scalar or a multi-line flow collection. */
interface Line {
  n: number;
  indent: number;
  /** The content after the indentation, without its comment and trailing spaces. */
  text: string;
  /** Column (1-based) of a tab in the indentation, if any. */
  tab?: number;
}

/** An open block collection: a mapping's key column or a list's dash column. */
interface Frame {
  indent: number;
  kind: "map" | "seq";
  /** The key that owns this collection (for messages), e.g. "data" or "layers". */
  owner?: string;
  /** The line that opened it and how many lines start at its column (to tell which of two disagrees). */
  first?: Line;
  count?: number;
}

// A plain key: a word (quoted keys are rare in configs and are left to the parser).
const keyLine = /^([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+(.*))?$/;
const noSpace = /^([A-Za-z_][\w.-]*):(?![\s/])(.+)$/;

/** The slips in a config's text, in line order (whether or not the parser minded them). */
export function findSlips(source: string): Slip[] {
  const slips: Slip[] = [];
  const stack: Frame[] = [];
  // Set by a line that opens a block: `key:` with no value, `-` alone, `- key:`; the column it owns.
  let opener: { indent: number; owner?: string } | undefined;
  // The list a key line just closed by going back to the list's parent column (see the dash case below).
  let closed: Closed | undefined;
  const lines = significantLines(source);
  for (const [i, line] of lines.entries()) {
    let { indent } = line;
    const dash = /^-(?:[ \t]+|$)/.exec(line.text);
    const item = dash ? line.text.slice(dash[0].length) : line.text;
    const kind: Frame["kind"] = dash ? "seq" : "map";
    const itemCol = indent + (dash ? dash[0].length : 0);

    const closing = closed;
    closed = undefined;
    if (line.tab !== undefined) {
      const want = stack.length > 0 ? expectedIndent(stack, opener) : 0;
      slips.push({ line: line.n, col: line.tab, message: `a tab in the indentation; YAML indents with spaces only: indent this line by ${spaces(want)}, like the lines around it` });
      indent = want;
      if (opener !== undefined) stack.push({ indent, kind, owner: opener.owner });
    } else if (opener !== undefined && indent > opener.indent) {
      stack.push({ indent, kind, owner: opener.owner, first: line, count: 1 });
    } else if (opener !== undefined && dash && indent === opener.indent && stack.at(-1)?.kind === "map") {
      stack.push({ indent, kind, owner: opener.owner }); // `layers:` then `- ...` at the key's column
    } else if (stack.length === 0) {
      stack.push({ indent, kind });
    } else {
      let popped: Frame | undefined;
      const poppedAll: Frame[] = [];
      while (stack.length > 1 && stack[stack.length - 1].indent > indent) poppedAll.push((popped = stack.pop()!));
      const top = stack[stack.length - 1];
      if (dash && closing !== undefined && indent === closing.list.indent && indent > top.indent) {
        // A key at the list's parent column ended the list, and this item has no list left to belong to.
        const want = closing.item?.indent ?? indent + 2;
        const keyOf = closing.list.owner ? `the keys of the ${closing.list.owner} items` : "the keys of the items";
        slips.push({ line: closing.by.n, col: closing.by.indent + 1, message: `the key "${keyLine.exec(closing.by.text)![1]}" is indented by ${spaces(closing.by.indent)}, ${keyOf} around it by ${want}, so it ends the list and the "-" items after it belong to no list: indent it by ${spaces(want)}, like the item's other keys` });
        stack.push(closing.list);
        opener = undefined;
        continue;
      }
      if (!dash && popped !== undefined && keyLine.test(item)) closed = closedList(poppedAll, line);
      if (popped?.first && popped.count === 1 && popped.kind === kind && indent > top.indent && lines[i + 1]?.indent === indent) {
        // Two lines disagree on a block's column and the next agrees with this one: the first was wrong.
        const first = popped.first;
        slips.push({ line: first.n, col: first.indent + 1, message: lineUp(describe(first.text, kind), first.indent, popped.owner, indent, kind) });
        stack.push({ ...popped, indent, count: 2 });
        opener = undefined;
        continue;
      }
      if (indent === top.indent && kind === top.kind && top.count !== undefined) top.count++;
      const slip = indentSlip(line, indent, kind, item, top, popped);
      if (slip) {
        slips.push(slip.slip);
        if (slip.restore) stack.push(slip.restore);
        indent = (slip.restore ?? top).indent;
      }
    }
    // The line's own content.
    const valueSlip = contentSlip(line.n, itemCol + 1, item);
    if (valueSlip) slips.push(valueSlip);
    opener = undefined;
    const key = keyLine.exec(item);
    if (dash) {
      if (item === "") opener = { indent };
      else if (key) {
        stack.push({ indent: itemCol - (line.indent - indent), kind: "map", owner: "list item" }); // `- type: dense`: the item's keys line up with `type`
        if (opensBlock(key[2])) opener = { indent: itemCol - (line.indent - indent), owner: key[1] };
      }
    } else if (key && opensBlock(key[2])) {
      opener = { indent, owner: key[1] };
    }
  }
  return slips;
}

/** A list that a key line closed, with the list's last item mapping (`frames`: popped, innermost first). */
interface Closed {
  list: Frame;
  item?: Frame;
  by: Line;
}
function closedList(frames: Frame[], by: Line): Closed | undefined {
  const at = frames.findIndex((f) => f.kind === "seq");
  return at < 0 ? undefined : { list: frames[at], item: at > 0 ? frames[at - 1] : undefined, by };
}

/** `key:` with nothing after it (or only an anchor or a tag) opens a block below it. */
function opensBlock(value: string | undefined): boolean {
  return value === undefined || value === "" || /^[&!]\S*$/.test(value);
}

/** The indentation a line at this point would have: a child of the opener, else the innermost collection's. */
function expectedIndent(stack: Frame[], opener: { indent: number } | undefined): number {
  return opener !== undefined ? opener.indent + 2 : stack[stack.length - 1].indent;
}

const spaces = (n: number) => `${n} space${n === 1 ? "" : "s"}`;

/** "the key "x"" or "this list item" (undefined for a line that continues a value). */
function describe(item: string, kind: Frame["kind"]): string | undefined {
  if (kind === "seq") return "this list item";
  const name = /^[A-Za-z_][\w.-]*(?=:)/.exec(item)?.[0];
  return name === undefined ? undefined : `the key "${name}"`;
}

/** `what` at `indent` where its siblings (of `owner`) are at `want`. */
function lineUp(what: string | undefined, indent: number, owner: string | undefined, want: number, kind: Frame["kind"]): string {
  const others = kind === "seq" ? "the items above it" : `the other keys${owner ? ` of ${owner === "list item" ? "the list item" : owner}` : ""}`;
  if (want === 0) return `${what} is indented by ${spaces(indent)}, but ${kind === "seq" ? "the items of this list" : "the top-level keys"} start in the first column: remove the space${indent === 1 ? "" : "s"} before it`;
  return `${what} is indented by ${spaces(indent)}, ${others} by ${want}: indent it by ${spaces(want)}, so ${kind === "seq" ? 'the "-" of one list' : "the keys of one mapping"} line up`;
}

/** What is wrong with a line's indentation, given the collection it landed in; `restore` re-opens the one it was meant for. */
function indentSlip(line: Line, indent: number, kind: Frame["kind"], item: string, top: Frame, popped: Frame | undefined): { slip: Slip; restore?: Frame } | undefined {
  const at = { line: line.n, col: indent + 1 };
  const what = describe(item, kind);
  if (what === undefined) return undefined; // a continuation of a value: the parser decides
  if (indent === top.indent) {
    if (kind === top.kind) return undefined;
    if (kind === "map") {
      // A key at the column of a list's dashes: it was meant for the list item above.
      if (popped?.kind !== "map") return undefined;
      return {
        slip: { ...at, message: `${what} lines up with the "-" of the list above; a key of a list item goes under the item's first key (indent it by ${spaces(popped.indent)}), or starts a new item with "- "` },
        restore: popped,
      };
    }
    // A dash at a mapping's key column, after the list has ended: the list's items were deeper.
    return popped?.kind === "seq" ? { slip: { ...at, message: lineUp(what, indent, popped.owner, popped.indent, kind) }, restore: popped } : undefined;
  }
  if (popped !== undefined) {
    // Between two levels: less than its siblings, more than their parent.
    if (popped.kind !== kind) return undefined;
    if (kind === "map" && top.kind === "map" && popped.owner !== undefined) {
      // A key of the block above, or a key beside that block's own key: the text cannot tell.
      const beside = top.indent === 0 ? "not at all" : `by ${spaces(top.indent)}`;
      return {
        slip: { ...at, message: `${what} is indented by ${spaces(indent)}, between the keys of ${popped.owner} (${popped.indent}) and ${popped.owner} itself (${top.indent}): indent it by ${spaces(popped.indent)} if it belongs to ${popped.owner}, else ${beside}` },
        restore: popped,
      };
    }
    return { slip: { ...at, message: lineUp(what, indent, popped.owner, popped.indent, kind) }, restore: popped };
  }
  // Deeper than the collection it is in, but the line above has a value, so nothing opens below it.
  if (kind !== top.kind) return undefined;
  const why = kind === "map" && top.indent > 0 ? " (a key goes deeper only under a key with no value of its own)" : "";
  return { slip: { ...at, message: lineUp(what, indent, top.owner, top.indent, kind) + why } };
}

/** A missing space after a key's colon, or an unquoted value with `: ` in it. */
function contentSlip(n: number, col: number, item: string): Slip | undefined {
  const tight = noSpace.exec(item);
  if (tight && !keyLine.test(item)) {
    return { line: n, col: col + tight[1].length, message: `missing space after the colon: write "${tight[1]}: ${tight[2]}" (YAML reads "${item}" as one word, not a key and its value)` };
  }
  const key = keyLine.exec(item);
  const value = key?.[2];
  if (value !== undefined && !/^["'{[|>&*!]/.test(value) && /:(\s|$)/.test(value)) {
    const valueCol = col + item.length - value.length;
    return { line: n, col: valueCol, message: `the value contains ": ", which YAML reads as the start of another key; put the value in quotes: ${key![1]}: "${value.replace(/"/g, '\\"')}"` };
  }
  return undefined;
}

/** The lines the slips are looked for in (block scalars and multi-line flow collections are skipped). */
function significantLines(source: string): Line[] {
  const out: Line[] = [];
  let depth = 0; // open [ and { of a flow collection spanning lines
  let blockScalar: number | undefined; // indentation of the key of a | or > value
  source.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const lead = /^[ \t]*/.exec(raw)![0];
    const body = stripComment(raw.slice(lead.length));
    if (body === "" || body === "---" || body === "...") return;
    const indent = lead.length;
    if (blockScalar !== undefined) {
      if (indent > blockScalar) return;
      blockScalar = undefined;
    }
    const wasInFlow = depth > 0;
    depth = Math.max(0, depth + flowDepthChange(body));
    if (wasInFlow) return;
    const tab = lead.indexOf("\t");
    out.push({ n: i + 1, indent, text: body, ...(tab >= 0 ? { tab: tab + 1 } : {}) });
    if (/:[ \t]+[|>][-+0-9]*$/.test(body)) blockScalar = indent;
  });
  return out;
}

/** The text before a ` #` comment (outside quotes), without trailing spaces. */
function stripComment(text: string): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      if (i === 0 || /[\s:,[{-]/.test(text[i - 1])) quote = ch;
    } else if (ch === "#" && (i === 0 || /\s/.test(text[i - 1]))) {
      return text.slice(0, i).trimEnd();
    }
  }
  return text.trimEnd();
}

/** Opened minus closed flow brackets outside quotes. */
function flowDepthChange(text: string): number {
  let d = 0;
  let quote: string | undefined;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "[" || ch === "{") d++;
    else if (ch === "]" || ch === "}") d--;
  }
  return d;
}
