#!/usr/bin/env node
// The README's API reference (between the api-reference markers), generated from the declarations the
// build emits (dist/index.d.ts and what it re-exports), with the TypeScript compiler API: every name
// the package exports, in src/index.ts's order and sections, with its declaration and its doc comment.
// scripts/update_readme.mjs writes it (npm run readme); test/docs/api_reference.test.ts checks that the
// README has what this prints and that it names every runtime export of dist/index.js.
//   node scripts/api_reference.mjs      print it
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** src/index.ts's sections (`// 1. pure code`) and the names each exports, in order. */
function sections() {
  const out = [];
  let current = { title: "Other", names: [] };
  for (const line of readFileSync(path.join(root, "src/index.ts"), "utf8").split("\n")) {
    const head = /^\/\/ (\d\. [^:]+)/.exec(line);
    if (head) out.push((current = { title: head[1], names: [] }));
    const exp = /^export\s+(?:type\s+)?\{([^}]*)\}/.exec(line);
    if (exp) {
      if (!out.includes(current)) out.push(current);
      for (const part of exp[1].split(",")) {
        const name = part.trim().replace(/^type\s+/, "").split(/\s+as\s+/).pop();
        if (name) current.names.push(name);
      }
    }
  }
  return out;
}

/** A declaration's text as the .d.ts has it, without its private members. */
function declarationText(decl) {
  const text = decl.getText();
  return text
    .split("\n")
    .filter((l) => !/^\s*(#private;|private \w+;)$/.test(l))
    .join("\n")
    .replace(/^export declare /, "")
    .replace(/^export /, "")
    .replace(/^declare /, "");
}

export function apiReference() {
  const entry = path.join(root, "dist/index.d.ts");
  const program = ts.createProgram([entry], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, types: [], skipLibCheck: true });
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(entry);
  const exports = new Map(checker.getExportsOfModule(checker.getSymbolAtLocation(file)).map((s) => [s.getName(), s]));
  const lines = [];
  for (const { title, names } of sections()) {
    lines.push(`#### ${title[0]}${title.slice(1).replace(/^\. (.)/, (_, c) => `. ${c.toUpperCase()}`)}`, "");
    for (const name of names) {
      const alias = exports.get(name);
      if (!alias) throw new Error(`src/index.ts exports ${name}, dist/index.d.ts does not (run npm run build)`);
      const sym = alias.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(alias) : alias;
      const decls = (sym.getDeclarations() ?? []).filter((d) => !ts.isSourceFile(d));
      const doc = ts.displayPartsToString(sym.getDocumentationComment(checker)).trim();
      const code = decls.map((d) => (ts.isVariableDeclaration(d) ? `const ${d.getText()}` : declarationText(d))).join("\n");
      const from = path.relative(path.join(root, "dist"), decls[0].getSourceFile().fileName).replace(/\.d\.ts$/, ".ts");
      lines.push(`**\`${name}\`** (src/${from})${doc ? ` — ${doc.replace(/\s*\n\s*/g, " ")}` : ""}`, "", "```ts", code, "```", "");
    }
  }
  return lines.join("\n").trimEnd() + "\n";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(apiReference());
