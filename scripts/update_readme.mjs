#!/usr/bin/env node
// Regenerates the README's config reference (between the config-reference markers) from the schema.
// Run after `npm run build`: node scripts/update_readme.mjs
import { readFileSync, writeFileSync } from "node:fs";
import { configReference } from "../dist/config/reference.js";

const file = new URL("../README.md", import.meta.url);
const START = "<!-- config-reference:start -->";
const END = "<!-- config-reference:end -->";
const text = readFileSync(file, "utf8");
const a = text.indexOf(START);
const b = text.indexOf(END);
if (a < 0 || b < a) throw new Error("README.md has no config-reference markers");
writeFileSync(file, text.slice(0, a + START.length) + "\n" + configReference() + text.slice(b));
console.log("README.md: config reference updated");
