// Every catalog has every message of the English one, with the same placeholders, and nothing else;
// every message key the interface uses exists. TypeScript checks the shape too; this names what is missing.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../../shared/i18n/languages";
import { CATALOGS } from "../i18n/catalogs.server";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (message: string) => [...message.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
const english = flatten(CATALOGS.en as unknown as Tree);

describe.each(LANGUAGES.filter((l) => l !== "en"))("the %s catalog", (language) => {
  const messages = flatten(CATALOGS[language] as unknown as Tree);
  it("has every English message and no other", () => {
    expect(
      [...english.keys()].filter((k) => !messages.has(k)),
      "missing",
    ).toEqual([]);
    expect(
      [...messages.keys()].filter((k) => !english.has(k)),
      "not in English",
    ).toEqual([]);
  });
  it("keeps each message's placeholders and leaves none empty", () => {
    const wrong = [...english]
      .filter(([k, en]) => messages.has(k) && placeholders(messages.get(k)!).join() !== placeholders(en).join())
      .map(([k]) => k);
    expect(wrong, "placeholders differ").toEqual([]);
    expect(
      [...messages].filter(([, m]) => m.trim() === "").map(([k]) => k),
      "empty",
    ).toEqual([]);
  });
});

describe("the interface", () => {
  function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === "locales" ? [] : sources(path);
      return /\.tsx?$/.test(name) && !/\.test\./.test(name) ? [path] : [];
    });
  }
  it("uses only messages that exist in the catalogs", () => {
    const missing: string[] = [];
    for (const file of sources("app")) {
      const text = readFileSync(file, "utf8");
      // the namespace of useTranslation("x") or getFixedT(language, "x") in this file, else "common"
      const ns = /(?:useTranslation\(\s*|getFixedT\([^,()]+,\s*)"(\w+)"/.exec(text)?.[1] ?? "common";
      for (const m of text.matchAll(/\bt\(\s*"([\w.:-]+)"/g)) {
        const used = m[1]!;
        const [space, key] = used.includes(":") ? used.split(":") : [ns, used];
        const candidates = [`${space}.${key}`, `${space}.${key}_one`, `${space}.${key}_other`];
        if (!candidates.some((c) => english.has(c))) missing.push(`${file}: ${used}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
