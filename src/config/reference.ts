// The config reference in Markdown, generated from the JSON Schema of the zod schema, so the README's
// key tables cannot drift from what `mltrain validate` accepts (`mltrain schema --markdown`; a test
// compares the README section with this output).
import { configJsonSchema } from "./json_schema.js";

type Json = { [k: string]: unknown };

export function configReference(): string {
  const root = configJsonSchema() as Json;
  const out: string[] = [];
  section(out, "top level", root, "");
  return out.join("\n") + "\n";
}

/** One table for the scalar keys of an object, then a section per nested object or `type:` variant. */
function section(out: string[], title: string, obj: Json, prefix: string): void {
  const props = (obj.properties ?? {}) as Record<string, Json>;
  const required = new Set((obj.required ?? []) as string[]);
  const rows: string[] = [];
  const nested: Array<() => void> = [];
  for (const [key, raw] of Object.entries(props)) {
    const path = prefix + key;
    const s = unwrapNullable(raw);
    const variants = variantsOf(s) ?? variantsOf((s.items ?? {}) as Json);
    if (key === "type" && s.const !== undefined) continue; // shown in the section title
    if (variants) {
      const isList = s.type === "array";
      rows.push(row(path, isList ? "list of objects" : "object", raw, required.has(key), "See the `type:` sections below."));
      for (const v of variants) {
        const name = ((v.properties as Record<string, Json>).type.const as string) ?? "?";
        nested.push(() => section(out, `${path}${isList ? "[]" : ""} — \`type: ${name}\``, v, `${path}${isList ? "[]" : ""}.`));
      }
    } else if (s.type === "object" && s.properties) {
      rows.push(row(path, "object", raw, required.has(key), "See below."));
      nested.push(() => section(out, path, s, path + "."));
    } else {
      rows.push(row(path, typeOf(s), raw, required.has(key), ""));
    }
  }
  const description = typeof obj.description === "string" ? obj.description : "";
  out.push(`#### ${title}`, "");
  if (description) out.push(description, "");
  if (rows.length) {
    out.push("| key | type | default | meaning |", "|---|---|---|---|", ...rows, "");
  } else {
    out.push("No other keys.", "");
  }
  for (const n of nested) n();
}

function row(path: string, type: string, raw: Json, isRequired: boolean, extra: string): string {
  const s = unwrapNullable(raw);
  const desc = [s.description ?? raw.description ?? "", extra].filter(Boolean).join(" ");
  const def = "default" in raw ? "`" + JSON.stringify(raw.default) + "`" : isRequired ? "**required**" : "optional";
  return `| \`${path}\` | ${type} | ${def} | ${String(desc).replace(/\|/g, "\\|")} |`;
}

function unwrapNullable(s: Json): Json {
  const any = s.anyOf as Json[] | undefined;
  if (any && any.length === 2 && any.some((a) => a.type === "null")) {
    const inner = any.find((a) => a.type !== "null")!;
    return { ...inner, description: s.description ?? inner.description, nullable: true };
  }
  return s;
}

function variantsOf(s: Json): Json[] | null {
  const list = (s.oneOf ?? s.anyOf) as Json[] | undefined;
  if (!list || !list.every((v) => v.type === "object" && (v.properties as Json | undefined)?.type)) return null;
  return list;
}

function typeOf(s: Json): string {
  const nullable = s.nullable ? " or null" : "";
  if (s.enum) return (s.enum as unknown[]).map((e) => `\`${e}\``).join(" \\| ") + nullable;
  if (s.const !== undefined) return "`" + String(s.const) + "`" + nullable;
  if (s.anyOf || s.oneOf) return ((s.anyOf ?? s.oneOf) as Json[]).map(typeOf).join(" or ") + nullable;
  if (s.type === "array") return `list of ${typeOf((s.items ?? {}) as Json)}` + nullable;
  if (s.type === "integer") return "integer" + nullable;
  if (Array.isArray(s.type)) return (s.type as string[]).join(" or ") + nullable;
  return String(s.type ?? "any") + nullable;
}
