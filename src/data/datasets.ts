// Named datasets (`data: { dataset: fashion-mnist }`): their files, class names, where they are looked
// for on this machine, and where they are published (for `mltrain data fetch`).
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DatasetName } from "../config/schema.js";
import { MltrainError } from "../errors.js";

export interface DatasetFile {
  name: string;
  /** The published checksum of the file as downloaded. */
  checksum: { algorithm: "md5" | "sha256"; hex: string };
}

export interface Dataset {
  name: DatasetName;
  description: string;
  files: { train_images: DatasetFile; train_labels: DatasetFile; test_images: DatasetFile; test_labels: DatasetFile };
  /** Label i is classes[i] (label order, not sorted). */
  classes: string[];
  /** Where the files are published (a folder URL ending in /). */
  url: string;
  /** The Debian package that installs the files, and its folder. */
  debian: { package: string; dir: string };
}

const file = (name: string, md5: string): DatasetFile => ({ name, checksum: { algorithm: "md5", hex: md5 } });

// Files, MD5s and mirror as published in zalandoresearch/fashion-mnist's README (also torchvision's
// FashionMNIST.mirrors/resources). Debian's package recompresses the files: same IDX content, other MD5s.
export const datasets: Record<DatasetName, Dataset> = {
  "fashion-mnist": {
    name: "fashion-mnist",
    description: "Zalando's 28x28 grayscale article images: 60,000 train + 10,000 test, 10 classes",
    files: {
      train_images: file("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
      train_labels: file("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
      test_images: file("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
      test_labels: file("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
    },
    classes: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
    url: "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
    debian: { package: "dataset-fashion-mnist", dir: "/usr/share/datasets/fashion-mnist" },
  },
};

export type Env = Record<string, string | undefined>;

/** The folder `data fetch` writes to: $MLTRAIN_DATA/NAME when set, else ~/.cache/mltrain/NAME. */
export function cacheDir(name: DatasetName, env: Env = process.env): string {
  return env.MLTRAIN_DATA ? path.resolve(env.MLTRAIN_DATA, name) : homeCacheDir(name, env);
}

function homeCacheDir(name: DatasetName, env: Env): string {
  return path.join(env.HOME || os.homedir(), ".cache", "mltrain", name);
}

/**
 * The folders searched, in order: $MLTRAIN_DATA/NAME (when set), ~/.cache/mltrain/NAME, the Debian
 * package's folder (`systemDir`, replaceable for tests).
 */
export function searchDirs(name: DatasetName, env: Env = process.env, systemDir = datasets[name].debian.dir): string[] {
  const dirs = [homeCacheDir(name, env), systemDir];
  return env.MLTRAIN_DATA ? [cacheDir(name, env), ...dirs] : dirs;
}

export interface ResolvedDataset {
  dataset: Dataset;
  dir: string;
  /** Absolute paths of the four files. */
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
}

/** Each search folder and whether it holds all the dataset's files. */
export function datasetLocations(name: DatasetName, env: Env = process.env, systemDir?: string): { dir: string; complete: boolean; missing: string[] }[] {
  const names = Object.values(datasets[name].files).map((f) => f.name);
  return searchDirs(name, env, systemDir).map((dir) => {
    const missing = names.filter((n) => !existsSync(path.join(dir, n)));
    return { dir, complete: missing.length === 0, missing };
  });
}

/** The first search folder that holds all four files; data.io (exit 2) saying how to get them otherwise. */
export function resolveDataset(name: DatasetName, env: Env = process.env, systemDir?: string): ResolvedDataset {
  const d = datasets[name];
  const found = datasetLocations(name, env, systemDir).find((l) => l.complete);
  if (!found) {
    throw new MltrainError(
      "data.io",
      `dataset ${name} not found: looked in ${searchDirs(name, env, systemDir).join(", ")}. ` +
        `Get it with \`sudo apt-get install ${d.debian.package}\` (Debian/Ubuntu) or \`mltrain data fetch ${name}\` ` +
        `(downloads ${Object.keys(d.files).length} files from ${d.url} into ${cacheDir(name, env)})`,
    );
  }
  const at = (f: DatasetFile) => path.join(found.dir, f.name);
  return {
    dataset: d,
    dir: found.dir,
    trainImages: at(d.files.train_images),
    trainLabels: at(d.files.train_labels),
    testImages: at(d.files.test_images),
    testLabels: at(d.files.test_labels),
  };
}
