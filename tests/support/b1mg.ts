// The real 1+MG/B1MG model lives beside the repository (../shared/data), never inside it.
// A clone elsewhere (CI in /tmp) finds it through B1MG_MODEL_PATH or the workplace's fixed path.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

const CANDIDATES = [
  process.env.B1MG_MODEL_PATH,
  resolve("../shared/data/b1mg-mlm.json"),
  "/work/shared/data/b1mg-mlm.json",
];

export function b1mgModelPath(): string {
  const found = CANDIDATES.find((p): p is string => Boolean(p) && existsSync(p!));
  if (!found)
    throw new Error(
      `b1mg-mlm.json not found; set B1MG_MODEL_PATH (looked in ${CANDIDATES.filter(Boolean).join(", ")})`,
    );
  return found;
}

export const readB1mg = () => JSON.parse(readFileSync(b1mgModelPath(), "utf8"));
