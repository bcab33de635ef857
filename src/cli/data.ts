// `mltrain data fetch NAME [--dir DIR] [--base-url URL]` downloads a named dataset into the cache (checksums
// verified, a progress bar on a TTY); `mltrain data list` shows where each named dataset resolves.
// Exit codes: 0 done; 1 download failed or checksum mismatch (fetch.failed); 2 unknown dataset name.
// Heavy modules (zod via config/schema) are imported inside the actions, so --version stays fast.
import type { Command } from "commander";
import type { DatasetName } from "../config/schema.js";
import { MltrainError } from "../errors.js";
import type { CliIo } from "./io.js";

export interface FetchCliOptions {
  dir?: string;
  baseUrl?: string;
}

/** The name as a DatasetName; a usage error (exit 2) listing the known names otherwise. */
async function datasetName(value: string): Promise<DatasetName> {
  const { datasetNames } = await import("../config/schema.js");
  if (!(datasetNames as readonly string[]).includes(value)) {
    throw new MltrainError("usage", `unknown dataset ${JSON.stringify(value)}; expected one of ${datasetNames.join(", ")}`);
  }
  return value as DatasetName;
}

export function registerData(program: Command, io: CliIo): void {
  const data = program.command("data").description("named datasets: download them (fetch) or show where they are (list)");
  data
    .command("fetch")
    .description("download a named dataset's files into the cache, verified against the published checksums")
    .argument("<name>", "dataset name (fashion-mnist; see mltrain data list)")
    .option("--dir <dir>", "data root: files go to DIR/NAME/ (default: $MLTRAIN_DATA, else ~/.cache/mltrain)")
    .option("--base-url <url>", "fetch from this folder URL instead of the published one (also: MLTRAIN_FETCH_BASE)")
    .action(async (name: string, opts: FetchCliOptions) => runFetch(await datasetName(name), opts, io));
  data
    .command("list")
    .description("show each named dataset and the folders searched for it, in order")
    .action(async () => runList(io));
}

async function runFetch(name: DatasetName, opts: FetchCliOptions, io: CliIo): Promise<void> {
  const { fetchDataset } = await import("../data/fetch.js");
  const path = await import("node:path");
  const cliProgress = (await import("cli-progress")).default;
  const out = io.stdout;
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  const tty = out.isTTY === true;
  let bar: InstanceType<typeof cliProgress.SingleBar> | null = null;
  const stopBar = () => {
    bar?.stop();
    bar = null;
  };
  try {
    const result = await fetchDataset(name, {
      root: opts.dir !== undefined ? path.resolve(io.cwd, opts.dir) : undefined,
      baseUrl: opts.baseUrl,
      env: io.env,
      onStart: (file, from) => {
        if (!tty) {
          out.write(`${file}: downloading${from > 0 ? ` (resuming at ${mb(from)})` : ""}\n`);
          return;
        }
        bar = new cliProgress.SingleBar(
          { stream: out as NodeJS.WritableStream, format: `${file} [{bar}] {percentage}% {value}/{total} bytes`, hideCursor: false, barsize: 30 },
          cliProgress.Presets.legacy,
        );
        bar.start(1, from);
      },
      onProgress: (p) => {
        if (p.total !== null) bar?.setTotal(p.total);
        bar?.update(p.received);
      },
      onDone: (file, r) => {
        stopBar();
        out.write(`${file}: ${r.status === "present" ? "already there" : "downloaded"}, ${mb(r.bytes)}, checksum ok\n`);
      },
    });
    out.write(`${name}: ${result.files.length} files in ${result.dir}\n`);
  } finally {
    stopBar();
  }
}

async function runList(io: CliIo): Promise<void> {
  const { datasets, datasetLocations } = await import("../data/datasets.js");
  const { datasetNames } = await import("../config/schema.js");
  for (const name of datasetNames) {
    const d = datasets[name];
    const locations = datasetLocations(name, io.env);
    const used = locations.find((l) => l.complete);
    io.stdout.write(`${name}: ${d.description}\n`);
    for (const l of locations) {
      const mark = l === used ? "used   " : l.complete ? "found  " : "missing";
      const why = l.complete ? "" : ` (${l.missing.length === 4 ? "no files" : `no ${l.missing.join(", ")}`})`;
      io.stdout.write(`  ${mark}  ${l.dir}${why}\n`);
    }
    if (!used) io.stdout.write(`  get it: sudo apt-get install ${d.debian.package}, or mltrain data fetch ${name}\n`);
  }
}
