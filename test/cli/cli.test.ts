// The CLI as a user meets it: bin/mltrain.js spawned as a child process (not a TTY). Needs dist/
// (`npm test` builds first; alone: npm run build && npx vitest run test/cli).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = path.join(root, "bin", "mltrain.js");

function mltrain(args: string[], env: Record<string, string> = {}, cwd = root) {
  const base = { ...process.env };
  delete base.FORCE_COLOR;
  delete base.NO_COLOR;
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, env: { ...base, ...env }, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);
const tmp = () => mkdtempSync(path.join(tmpdir(), "mltrain-cli-"));

describe("help and version", () => {
  it("--help lists every SPEC command and exits 0", () => {
    const r = mltrain(["--help"]);
    expect(r.code).toBe(0);
    for (const c of ["fit", "eval", "predict", "validate", "summary", "schema"]) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, "m"));
  });
  it("--version prints package.json's version and exits 0", () => {
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
    const r = mltrain(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
  it.each(["fit", "eval", "predict", "validate", "summary", "schema"])("%s --help exits 0 and shows its usage", (cmd) => {
    const r = mltrain([cmd, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: mltrain ${cmd}`);
  });
  it("fit --help declares SPEC's options", () => {
    const out = mltrain(["fit", "--help"]).stdout;
    for (const o of ["-o, --output", "--set", "--seed", "--verbose", "--json", "--resume", "--dry-run", "--no-color"]) expect(out).toContain(o);
  });
});

describe("usage errors exit 2 (not commander's 1)", () => {
  it("no command: help on stderr, exit 2", () => {
    const r = mltrain([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Usage: mltrain");
  });
  it("an unknown command, with a suggestion", () => {
    const r = mltrain(["fitt", "configs/iris.yaml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: unknown command 'fitt'");
    expect(r.stderr).toContain("(Did you mean fit?)");
  });
  it("an unknown option", () => {
    const r = mltrain(["validate", "configs/iris.yaml", "--sett", "a=1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: unknown option '--sett'");
  });
  it("a missing argument", () => {
    const r = mltrain(["eval", "model.json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: missing required argument 'data'");
  });
  it("an invalid option value (--verbose 3)", () => {
    const r = mltrain(["fit", "configs/iris.yaml", "--verbose", "3"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: option '--verbose <level>' argument '3' is invalid");
  });
  it("a --set without =", () => {
    const r = mltrain(["validate", "configs/iris.yaml", "--set", "training.epochs"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("expected PATH=VALUE");
  });
});

describe("validate", () => {
  it("a good config: the summary on stdout, exit 0", () => {
    const r = mltrain(["validate", "configs/iris.yaml"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("configs/iris.yaml: valid");
    expect(r.stdout).toMatch(/layers\s+dense 16 tanh -> dense 3 softmax/);
    expect(r.stdout).toMatch(/optimizer\s+adam, learning_rate 0.01/);
    expect(r.stdout).toMatch(/split\s+train 0.7 \/ validation 0.15 \/ test 0.15/);
  });
  it("with --set: the override shows in the summary", () => {
    const r = mltrain(["validate", "configs/iris.yaml", "--set", "training.epochs=3", "--set", "optimizer=sgd"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/training\s+3 epochs/);
    expect(r.stdout).toMatch(/optimizer\s+sgd/);
  });
  it("a bad config: every file:line:col line on stderr, no stack, exit 2", () => {
    const dir = tmp();
    writeFileSync(
      path.join(dir, "bad.yaml"),
      "data:\n  path: ../nope.csv\n  target: y\nmodel:\n  layers:\n    - { type: dense, units: 4 }\noptimizer: { type: adam, learning_rate: fast }\n",
    );
    const r = mltrain(["validate", "bad.yaml"], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatchInlineSnapshot(`
      "bad.yaml:2:9: data.path: file not found: "../nope.csv" (looked for ../nope.csv; paths in the file are relative to its folder)
      bad.yaml:7:41: optimizer.learning_rate: expected a positive number, got "fast"
      mltrain: bad.yaml: invalid config (2 problems); nothing was run
      "
    `);
    noStack(r.stderr);
  });
  it("a bad --set names the override", () => {
    const r = mltrain(["validate", "configs/iris.yaml", "--set", "optimizer.learning_rate=fast"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--set optimizer.learning_rate=fast: optimizer.learning_rate: expected a positive number, got "fast"');
    noStack(r.stderr);
  });
  it("YAML syntax errors: same form, exit 2", () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "syn.yaml"), "data:\n  path: x\n  path: y\n");
    const r = mltrain(["validate", "syn.yaml"], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("syn.yaml:3:3: invalid YAML: Map keys must be unique");
    noStack(r.stderr);
  });
  it("a YAML slip: our words at the wrong line, the parser's on the line under it, exit 2", () => {
    const dir = tmp();
    const iris = readFileSync(path.join(root, "configs", "iris.yaml"), "utf8");
    writeFileSync(path.join(dir, "iris.yaml"), iris.replace("  epochs: 100", "  epochs:100"));
    const r = mltrain(["validate", "iris.yaml"], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "iris.yaml:28:9: missing space after the colon: write "epochs: 100" (YAML reads "epochs:100" as one word, not a key and its value)
        the YAML parser says: Implicit keys need to be on a single line (at line 28, column 3)
      mltrain: iris.yaml: invalid YAML (1 problem); nothing was run
      "
    `);
    noStack(r.stderr);
  });
  it("a missing config file: exit 2, no stack", () => {
    const r = mltrain(["validate", "configs/nope.yaml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("configs/nope.yaml: cannot read the config: no such file\n");
  });
});

describe("colour", () => {
  const dir = tmp();
  writeFileSync(path.join(dir, "b.yaml"), "seed: x\n");
  const esc = "\u001b[";
  it("not on a pipe by default", () => {
    expect(mltrain(["validate", "b.yaml"], {}, dir).stderr).not.toContain(esc);
  });
  it("FORCE_COLOR turns it on; NO_COLOR and --no-color turn it off", () => {
    expect(mltrain(["validate", "b.yaml"], { FORCE_COLOR: "1" }, dir).stderr).toContain(esc);
    expect(mltrain(["validate", "b.yaml"], { FORCE_COLOR: "1", NO_COLOR: "1" }, dir).stderr).not.toContain(esc);
    expect(mltrain(["validate", "b.yaml", "--no-color"], { FORCE_COLOR: "1" }, dir).stderr).not.toContain(esc);
  });
});

describe("schema", () => {
  it("prints a JSON Schema with descriptions, exit 0", () => {
    const r = mltrain(["schema"]);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.properties.data.properties.normalize.description).toBe("Feature scaling fitted on the train split only.");
  });
});
