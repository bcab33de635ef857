// `mltrain data fetch` (fetchDataset in-process, and the CLI) and `data list` against a local HTTP server
// on 127.0.0.1 serving generated files: the real URL is never contacted. In-process, the registry's
// published MD5s are replaced by the generated files' (good checksums); the spawned CLI keeps the real
// ones, so there every download is a checksum mismatch. Needs dist/ (`npm test` builds first; alone: npm run build && npx vitest run test/cli/data_fetch.test.ts).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasets } from "../../src/data/datasets.js";
import { fetchDataset } from "../../src/data/fetch.js";
import { MltrainError } from "../../src/errors.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = path.join(root, "bin", "mltrain.js");
const tmp = () => mkdtempSync(path.join(tmpdir(), "mltrain-fetch-"));
const files = Object.values(datasets["fashion-mnist"].files);

/** What the server sends for each file name. */
const body = new Map(files.map((f, i) => [f.name, Buffer.from(`fake ${f.name} `.repeat(2000 + 500 * i))]));
const md5 = (b: Buffer) => createHash("md5").update(b).digest("hex");

interface Behaviour {
  /** Serve other bytes for this file (checksum mismatch). */
  corrupt?: string;
  /** Close the connection after half of this file. */
  cutOff?: string;
  /** Honour Range requests (resume). */
  ranges?: boolean;
}
let behaviour: Behaviour = {};
const requests: { url: string; range?: string }[] = [];
let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    const name = path.basename(req.url ?? "");
    requests.push({ url: req.url ?? "", range: req.headers.range });
    let b = body.get(name);
    if (!b || req.url?.includes("/missing/")) {
      res.writeHead(404).end("not found");
      return;
    }
    if (behaviour.corrupt === name) b = Buffer.concat([b.subarray(0, b.length - 1), Buffer.from("!")]);
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
    if (m && behaviour.ranges) {
      const from = Number(m[1]);
      res.writeHead(206, { "content-length": b.length - from, "content-range": `bytes ${from}-${b.length - 1}/${b.length}` });
      res.end(b.subarray(from));
      return;
    }
    res.writeHead(200, { "content-length": b.length });
    if (behaviour.cutOff === name) {
      res.write(b.subarray(0, b.length >> 1), () => setTimeout(() => res.destroy(), 100)); // the client reads the half first
      return;
    }
    res.end(b);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fm/`;
  // The registry's published MD5s are those of the real files; point them at the generated ones here.
  for (const f of files) f.checksum.hex = md5(body.get(f.name)!);
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** The CLI in a child process. The child reads the real registry, so it is only used for paths where checksums do not matter. */
function mltrain(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const e = { ...process.env, ...env };
  delete e.FORCE_COLOR;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: e });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("fetchDataset against 127.0.0.1", () => {
  it("downloads the four files into ROOT/fashion-mnist/, verified; a second fetch finds them present", async () => {
    behaviour = {};
    const dir = tmp();
    const seen: string[] = [];
    const r = await fetchDataset("fashion-mnist", { root: dir, baseUrl: base, env: {}, onDone: (f, o) => seen.push(`${f} ${o.status}`) });
    expect(r.dir).toBe(path.join(dir, "fashion-mnist"));
    expect(readdirSync(r.dir).sort()).toEqual(files.map((f) => f.name).sort());
    for (const f of files) expect(readFileSync(path.join(r.dir, f.name))).toEqual(body.get(f.name));
    expect(seen).toEqual(files.map((f) => `${f.name} downloaded`));
    const again = await fetchDataset("fashion-mnist", { root: dir, baseUrl: base, env: {} });
    expect(again.files.map((f) => f.status)).toEqual(["present", "present", "present", "present"]);
  });

  it("MLTRAIN_FETCH_BASE sets the URL and MLTRAIN_DATA the root", async () => {
    behaviour = {};
    const dir = tmp();
    requests.length = 0;
    const r = await fetchDataset("fashion-mnist", { env: { MLTRAIN_FETCH_BASE: base, MLTRAIN_DATA: dir } });
    expect(r.dir).toBe(path.join(dir, "fashion-mnist"));
    expect(requests.map((q) => q.url)).toEqual(files.map((f) => `/fm/${f.name}`));
  });

  it("a checksum mismatch is fetch.failed (exit 1), naming both digests, and leaves no file (not even .part)", async () => {
    behaviour = { corrupt: files[1].name };
    const dir = tmp();
    const err = await fetchDataset("fashion-mnist", { root: dir, baseUrl: base, env: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MltrainError);
    const e = err as MltrainError;
    expect(e.code).toBe("fetch.failed");
    expect(e.message).toMatch(/^checksum mismatch: md5 [0-9a-f]{32}, expected [0-9a-f]{32} \(as published\); the download was deleted, nothing was kept \(http:\/\/127\.0\.0\.1:\d+\/fm\/train-labels-idx1-ubyte\.gz\)$/);
    expect(readdirSync(path.join(dir, "fashion-mnist"))).toEqual([files[0].name]); // the good first file only
  });

  it("an interrupted download leaves no file under the final name; its .part resumes with a Range request", async () => {
    behaviour = { cutOff: files[0].name };
    const dir = tmp();
    const target = path.join(dir, "fashion-mnist", files[0].name);
    const err = await fetchDataset("fashion-mnist", { root: dir, baseUrl: base, env: {} }).catch((e: unknown) => e);
    expect((err as MltrainError).code).toBe("fetch.failed");
    expect((err as MltrainError).message).toMatch(/^download interrupted after \d+ of \d+ bytes/);
    expect(existsSync(target)).toBe(false);
    const partSize = readFileSync(`${target}.part`).length;
    expect(partSize).toBeGreaterThan(0);
    expect(partSize).toBeLessThan(body.get(files[0].name)!.length);
    behaviour = { ranges: true };
    requests.length = 0;
    await fetchDataset("fashion-mnist", { root: dir, baseUrl: base, env: {} });
    expect(requests[0].range).toBe(`bytes=${partSize}-`);
    expect(readFileSync(target)).toEqual(body.get(files[0].name));
    expect(existsSync(`${target}.part`)).toBe(false);
  });

  it("an HTTP error (404) is fetch.failed and leaves no file", async () => {
    behaviour = {};
    const dir = tmp();
    const err = await fetchDataset("fashion-mnist", { root: dir, baseUrl: `${base}missing`, env: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MltrainError);
    expect((err as MltrainError).code).toBe("fetch.failed");
    expect((err as MltrainError).message).toMatch(/^the server answered HTTP 404 Not Found \(http:\/\/127\.0\.0\.1:\d+\/fm\/missing\/train-images-idx3-ubyte\.gz\)$/);
    expect(readdirSync(path.join(dir, "fashion-mnist"))).toEqual([]);
  });
});

describe("mltrain data fetch / data list (CLI, not a TTY)", () => {
  it("fetch with --base-url and --dir: one line per file; a checksum mismatch (the real MD5s) exits 1 with no file left", async () => {
    behaviour = {};
    const dir = tmp();
    // The child process has the real published MD5s, which the generated files cannot match.
    const r = await mltrain(["data", "fetch", "fashion-mnist", "--dir", dir, "--base-url", base], {});
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("train-images-idx3-ubyte.gz: downloading\n");
    expect(r.stderr.replace(/md5 [0-9a-f]{32}/, "md5 GOT").replace(/:\d+\//, ":PORT/")).toMatchInlineSnapshot(`
      "train-images-idx3-ubyte.gz: checksum mismatch: md5 GOT, expected 8d4fb7e6c68d591d4c3dfef9ec88bf0d (as published); the download was deleted, nothing was kept (http://127.0.0.1:PORT/fm/train-images-idx3-ubyte.gz)
      "
    `);
    expect(readdirSync(path.join(dir, "fashion-mnist"))).toEqual([]);
  });

  it("an unknown dataset name is a usage error (exit 2)", async () => {
    const r = await mltrain(["data", "fetch", "mnist-nope"], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "mltrain: unknown dataset "mnist-nope"; expected one of fashion-mnist
      "
    `);
  });

  it("list shows the folders in search order and the one used", async () => {
    const dir = tmp();
    const home = tmp();
    const r0 = await mltrain(["data", "list"], { MLTRAIN_DATA: dir, HOME: home });
    expect(r0.code).toBe(0);
    const lines = r0.stdout.replaceAll(dir, "DATA").replaceAll(home, "HOME").split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "fashion-mnist: Zalando's 28x28 grayscale article images: 60,000 train + 10,000 test, 10 classes",
      "  missing  DATA/fashion-mnist (no files)",
      "  missing  HOME/.cache/mltrain/fashion-mnist (no files)",
    ]);
    for (const f of files) {
      const folder = path.join(dir, "fashion-mnist");
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, f.name), "x");
    }
    const r1 = await mltrain(["data", "list"], { MLTRAIN_DATA: dir, HOME: home });
    expect(r1.stdout.replaceAll(dir, "DATA").split("\n")[1]).toBe("  used     DATA/fashion-mnist");
  });
});
