// The report's pictures of an image run (from images.csv): a grid of sample images per class (train
// split) and, for the largest off-diagonal cells of the confusion matrix of the split the report shows,
// the images misclassified there. Each thumbnail is a PNG embedded as a data: URI, so report.html stays
// one self-contained file. Images no longer at their paths are counted, not shown.
import { existsSync } from "node:fs";
import type { ImageRow } from "./image_rows.js";
import { esc } from "./svg.js";

/** Thumbnail edge in pixels; images keep their aspect ratio inside it. */
const THUMB = 64;
const SAMPLES_PER_CLASS = 8;
const CELLS = 3;
const PER_CELL = 8;

export interface Thumb {
  uri: string;
  title: string;
}

export interface Gallery {
  samples: { label: string; thumbs: Thumb[] }[];
  split: string;
  confused: { label: string; predicted: string; count: number; thumbs: Thumb[] }[];
  /** Images of the chosen rows that are no longer at their paths. */
  missing: number;
}

async function thumb(file: string, title: string): Promise<Thumb | null> {
  if (!existsSync(file)) return null;
  // loaded here, not at import: reports of CSV runs never load the native addon
  const { default: sharp } = await import("sharp");
  try {
    const png = await sharp(file).resize(THUMB, THUMB, { fit: "inside", withoutEnlargement: true }).png().toBuffer();
    return { uri: `data:image/png;base64,${png.toString("base64")}`, title };
  } catch {
    return null;
  }
}

/** The gallery of an image run: `split` is the split the report evaluates (test, else validation). */
export async function buildGallery(rows: readonly ImageRow[], classes: readonly string[], split: string | null): Promise<Gallery> {
  let missing = 0;
  const thumbs = async (chosen: readonly ImageRow[], title: (r: ImageRow) => string): Promise<Thumb[]> => {
    const made = await Promise.all(chosen.map((r) => thumb(r.path, title(r))));
    missing += made.filter((t) => t === null).length;
    return made.filter((t): t is Thumb => t !== null);
  };
  const samples = await Promise.all(
    classes.map(async (label) => ({
      label,
      thumbs: await thumbs(rows.filter((r) => r.split === "train" && r.label === label).slice(0, SAMPLES_PER_CLASS), (r) => `row ${r.row}: ${r.path}`),
    })),
  );
  const cells = new Map<string, ImageRow[]>();
  for (const r of rows) {
    if (r.split !== split || r.prediction === "" || r.prediction === r.label) continue;
    const key = JSON.stringify([r.label, r.prediction]);
    cells.set(key, [...(cells.get(key) ?? []), r]);
  }
  const largest = [...cells.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1)).slice(0, CELLS);
  const confused = await Promise.all(
    largest.map(async ([key, rs]) => {
      const [label, predicted] = JSON.parse(key) as [string, string];
      return { label, predicted, count: rs.length, thumbs: await thumbs(rs.slice(0, PER_CELL), (r) => `row ${r.row}: ${r.path}`) };
    }),
  );
  return { samples, split: split ?? "", confused, missing };
}

function strip(thumbs: readonly Thumb[]): string {
  return `<div class="thumbs">${thumbs.map((t) => `<img src="${t.uri}" alt="${esc(t.title)}" title="${esc(t.title)}">`).join("")}</div>`;
}

/** The sample grid (top of the report). */
export function samplesHtml(g: Gallery): string {
  const rows = g.samples.map((s) => `<tr><th>${esc(s.label)}</th><td>${strip(s.thumbs)}</td></tr>`).join("");
  return `<h2>Sample images per class (train split)</h2><table class="gallery"><tbody>${rows}</tbody></table>`;
}

/** The misclassified images of the largest off-diagonal cells (evaluation section). */
export function confusedHtml(g: Gallery): string {
  const missing = g.missing > 0 ? `<p class="note">${g.missing} image${g.missing === 1 ? " is" : "s are"} no longer at ${g.missing === 1 ? "its path" : "their paths"} and not shown.</p>` : "";
  if (g.split === "") return missing; // no validation or test split: nothing was predicted
  if (g.confused.length === 0) return `<h3>Misclassified images (${esc(g.split)} split)</h3><p class="note">None: every image of the ${esc(g.split)} split is classified correctly.</p>${missing}`;
  const rows = g.confused
    .map((c) => `<tr><th>true ${esc(c.label)} → predicted ${esc(c.predicted)} (${c.count})</th><td>${strip(c.thumbs)}</td></tr>`)
    .join("");
  return `<h3>Misclassified images: the ${g.confused.length} largest off-diagonal cell${g.confused.length === 1 ? "" : "s"} (${esc(g.split)} split)</h3><table class="gallery"><tbody>${rows}</tbody></table>${missing}`;
}
