// Demo content for a fresh installation: a small model written in our own words and a few
// accounts, so `npm start` on a fresh clone shows something to browse. Runs only on an empty database.
import { readFileSync } from "node:fs";
import type { Db } from "./db/client.js";
import { importModel } from "../app/models/model.server.js";
import { createUser } from "../app/models/user.server.js";

export const DEMO_PASSWORD = "delphi-demo";

export const DEMO_ACCOUNTS = [
  { email: "moderator@example.org", name: "Morgan Moderator", isAdmin: true, role: "admin / moderator" },
  { email: "panellist1@example.org", name: "Ada Panellist", isAdmin: false, role: "panellist" },
  { email: "panellist2@example.org", name: "Bram Panellist", isAdmin: false, role: "panellist" },
  { email: "panellist3@example.org", name: "Chiara Panellist", isAdmin: false, role: "panellist" },
  { email: "methods@example.org", name: "Mette Methods", isAdmin: false, role: "method team (observer)" },
] as const;

/** Seeds the demo when the database has no user yet. Returns whether it seeded. */
export async function seedDemo(db: Db, modelFile = "prisma/demo-model.json"): Promise<boolean> {
  if ((await db.user.count()) > 0) return false;
  await importModel(db, JSON.parse(readFileSync(modelFile, "utf8")));
  for (const account of DEMO_ACCOUNTS)
    await createUser(db, {
      email: account.email,
      name: account.name,
      isAdmin: account.isAdmin,
      password: DEMO_PASSWORD,
    });
  return true;
}
