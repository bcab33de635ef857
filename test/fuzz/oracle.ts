// What the property-based ("parsers never crash") tests share: the run settings and the oracle. The
// oracle is the CLI's own error rendering (src/cli/errors.ts): an input may succeed or fail with exit 2
// and a message, never render as "internal error" with a stack (exit 1).
//
// Settings: a fixed seed and few cases, so `npm test` stays fast and repeatable; scripts/fuzz.mjs sets
// MLTRAIN_FUZZ_SEED (random, printed) and MLTRAIN_FUZZ_TIMES (every property runs that many times its
// cases) for a longer run.
import fc from "fast-check";
import { afterAll } from "vitest";
import { renderError } from "../../src/cli/errors.js";
import { MltrainError } from "../../src/errors.js";
import { Chalk } from "chalk";

const envSeed = Number(process.env.MLTRAIN_FUZZ_SEED);
const envTimes = Number(process.env.MLTRAIN_FUZZ_TIMES);
const times = Number.isFinite(envTimes) && envTimes > 0 ? envTimes : 1;

/** fc.assert parameters for a property of `runs` cases (times MLTRAIN_FUZZ_TIMES). */
export function fuzzParams(runs: number): fc.Parameters<unknown> {
  return { seed: Number.isInteger(envSeed) ? envSeed : 20261202, numRuns: Math.max(1, Math.round(runs * times)) };
}

/** A test timeout for `runs` cases of about `msPerRun` each, with room for a loaded machine (at least vitest's 60 s). */
export function fuzzTimeout(runs: number, msPerRun: number): number {
  return Math.max(60_000, runs * times * msPerRun * 3);
}

const plain = new Chalk({ level: 0 });

/** Cases per outcome (ok, or the error code), printed after the file when MLTRAIN_FUZZ_STATS is set. */
const tally = new Map<string, number>();
const count = (key: string) => void tally.set(key, (tally.get(key) ?? 0) + 1);
if (process.env.MLTRAIN_FUZZ_STATS) {
  afterAll(() => console.log([...tally].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}: ${n}`).join("\n")));
}

/** How `mltrain` would render what `f` threw: its exit code and stderr text (exit 0 when it returned). */
export async function outcome(f: () => unknown): Promise<{ code: number; stderr: string }> {
  try {
    await f();
    count("ok");
    return { code: 0, stderr: "" };
  } catch (err) {
    count(err instanceof MltrainError ? err.code : "unexpected");
    let stderr = "";
    const code = renderError(err, { write: (s) => void (stderr += s) }, plain);
    return { code, stderr };
  }
}

/** The oracle: `f` returns, or throws an error the CLI renders as exit 2 with a message and no stack. */
export async function expectCleanOutcome(f: () => unknown): Promise<void> {
  const r = await outcome(f);
  checkRendered(r.code, r.stderr);
}

/** checkRendered for a CLI run (counted by exit code in the MLTRAIN_FUZZ_STATS tally). */
export function expectCleanExit(code: number | null, stderr: string): void {
  count(`exit ${code}`);
  checkRendered(code, stderr);
}

/** Exit 0, or exit 2 with a message on stderr; never "internal error", never a stack trace line. */
export function checkRendered(code: number | null, stderr: string): void {
  const clean = (code === 0 || (code === 2 && stderr.trim() !== "")) && !/internal error/.test(stderr) && !/^\s+at /m.test(stderr);
  if (!clean) throw new Error(`not a clean outcome (exit ${code}):\n${stderr}`);
}

