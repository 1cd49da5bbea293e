// One consultation with every role, built through the real API: an anonymous visitor, two panellists of this
// consultation, a panellist of another consultation, a (non-admin) moderator, an observer and the admin.
// Round 1 is rated, commented and closed; round 2 carries every item over and is open.
import { STAKEHOLDER_TYPES } from "../../shared/delphi/schemas.js";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { publishRoundSnapshots } from "../../app/models/live.server.js";
import { api, redeem, syntheticModel, type Caller } from "./api.js";
import type { TestDb } from "./db.js";
import { mailedLinks } from "./mail.js";
import { createTestUser, login } from "./server.js";

export const ROLES = ["visitor", "panellist", "elsewhere", "moderator", "observer", "admin"] as const;
export type RoleName = (typeof ROLES)[number];

export interface Person {
  name: string;
  email: string;
  userId: string;
  memberId: string;
  pseudonym: string;
  cookie: string;
}

export interface RoleWorld {
  consultationId: string;
  otherConsultationId: string;
  modelSlug: string;
  closedRound: { id: string; number: number; itemIds: string[]; keys: string[] };
  openRound: { id: string; number: number; itemIds: string[]; keys: string[] };
  /** With `realtime`: a real-time study of the same panel, its window open, every panellist answered and revised. */
  realtime?: { consultationId: string; roundId: string; number: number; itemIds: string[] };
  /** Panellists of this consultation; `panel[0]` plays the "panellist" role. */
  panel: Person[];
  /** The session cookie of each role (none for the visitor). */
  callers: Record<RoleName, Caller>;
  /** Names, emails and ids of everybody with an identity in the study. */
  people: Record<Exclude<RoleName, "visitor">, { name: string; email: string; userId: string }>;
}

const expect2xx = <T extends { status: number; body: any }>(what: string, res: T): T => {
  if (res.status < 200 || res.status > 299) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
};

let worlds = 0;

export async function buildRoleWorld(
  t: TestDb,
  app: RunningApp,
  options: { panellists?: number; anonymity?: "anonymous" | "quasi-anonymous"; realtime?: boolean } = {},
): Promise<RoleWorld> {
  worlds += 1;
  const tag = `${worlds}${Date.now().toString(36)}`;
  const model = syntheticModel(`Roles model ${tag}`, 1, 1, 2); // 1 domain, 1 subdomain, 2 indicators: 4 + 2 levels
  const { modelSlug } = await importModel(t.db, model);

  const adminUser = await createTestUser(t, { isAdmin: true, name: `Admin Realname ${tag}` });
  const admin: Caller = { cookie: await login(app, adminUser.email, adminUser.password) };

  const created = expect2xx(
    "create consultation",
    await api(app, "POST", "/consultations", admin, {
      title: `Roles study ${tag}`,
      modelSlug,
      items: "everything",
      anonymity: options.anonymity ?? "anonymous",
      // a panel of 2: without this every item would be "insufficient answers" (the presets ask for 3)
      minAnswers: { count: 1 },
    }),
  );
  const consultationId = created.body.id as string;
  const round1 = created.body.roundId as string;

  const panelSize = options.panellists ?? 2;
  const panelInput = Array.from({ length: panelSize }, (_, i) => ({
    name: `Panellist Realname${i + 1}x${tag}`,
    email: `panellist${i + 1}.${tag}@roles.example`,
    stakeholderType: STAKEHOLDER_TYPES[i % STAKEHOLDER_TYPES.length],
    country: "BE",
  }));
  expect2xx("add panel", await api(app, "POST", `/consultations/${consultationId}/panellists`, admin, panelInput));
  const links = await mailedLinks(t.db);
  const panel: Person[] = [];
  for (const p of panelInput) {
    const cookie = await redeem(app, links.get(p.email)!);
    const user = await t.db.user.findUniqueOrThrow({ where: { email: p.email } });
    const member = await t.db.member.findUniqueOrThrow({
      where: { consultationId_userId: { consultationId, userId: user.id } },
    });
    panel.push({ ...p, userId: user.id, memberId: member.id, pseudonym: member.pseudonym, cookie });
  }

  // A moderator and an observer who are members but not admins.
  const staff = async (role: "moderator" | "observer", pseudonym: string) => {
    const user = await createTestUser(t, { name: `${role} Realname ${tag}` });
    await t.db.member.create({ data: { consultationId, userId: user.id, role, pseudonym, joinedAt: new Date() } });
    return { user, caller: { cookie: await login(app, user.email, user.password) } };
  };
  const moderator = await staff("moderator", "Moderator 2");
  const observer = await staff("observer", "Observer 1");

  // Another consultation with its own panellist.
  const other = expect2xx(
    "create other consultation",
    await api(app, "POST", "/consultations", admin, { title: `Other ${tag}`, modelSlug, items: "indicators" }),
  );
  const otherConsultationId = other.body.id as string;
  const elsewhereInput = {
    name: `Elsewhere Realname ${tag}`,
    email: `elsewhere.${tag}@roles.example`,
    stakeholderType: STAKEHOLDER_TYPES[0],
  };
  expect2xx(
    "add elsewhere",
    await api(app, "POST", `/consultations/${otherConsultationId}/panellists`, admin, [elsewhereInput]),
  );
  const elsewhereCookie = await redeem(app, (await mailedLinks(t.db)).get(elsewhereInput.email)!);
  const elsewhereUser = await t.db.user.findUniqueOrThrow({ where: { email: elsewhereInput.email } });

  // Round 1: every panellist rates and comments every item; the round is closed.
  expect2xx("open round 1", await api(app, "POST", `/rounds/${round1}/open`, admin));
  const view1 = (await api(app, "GET", `/rounds/${round1}`, { cookie: panel[0]!.cookie })).body;
  const items1: { id: string; key: string }[] = view1.items;
  for (const [p, person] of panel.entries())
    for (const [k, item] of items1.entries())
      expect2xx(
        "rate round 1",
        await api(app, "PUT", `/rounds/${round1}/items/${item.id}/rating`, person, {
          value: 1 + ((p + k) % 5),
          comment: `comment ${p}-${k}`,
        }),
      );
  for (const person of panel) expect2xx("submit", await api(app, "POST", `/rounds/${round1}/submit`, person));
  expect2xx("close round 1", await api(app, "POST", `/rounds/${round1}/close`, admin));

  // Round 2 carries every item over and is open.
  const next = expect2xx(
    "next round",
    await api(app, "POST", `/consultations/${consultationId}/rounds`, admin, {
      items: items1.map((i) => ({ key: i.key })),
    }),
  );
  const round2 = next.body.id as string;
  expect2xx("open round 2", await api(app, "POST", `/rounds/${round2}/open`, admin));
  const items2: { id: string; key: string }[] = (await api(app, "GET", `/rounds/${round2}`, panel[0]!)).body.items;

  // A real-time study of the same people (and the same moderator and observer), its window open with published
  // group figures: what staff may see of it before close is what the matrix and the crawl check.
  let realtime: RoleWorld["realtime"];
  if (options.realtime) {
    const rt = expect2xx(
      "create real-time consultation",
      await api(app, "POST", "/consultations", admin, {
        title: `Roles real-time ${tag}`,
        modelSlug,
        items: "indicators",
        anonymity: options.anonymity ?? "anonymous",
        design: "realtime",
        deadline: new Date(Date.now() + 86_400_000).toISOString(),
        minGroupSize: Math.min(panelSize, 3),
        minAnswers: { count: 1 },
      }),
    );
    expect2xx("add panel", await api(app, "POST", `/consultations/${rt.body.id}/panellists`, admin, panelInput));
    for (const [role, s] of [
      ["moderator", moderator],
      ["observer", observer],
    ] as const)
      await t.db.member.create({
        data: { consultationId: rt.body.id, userId: s.user.id, role, pseudonym: `${role} rt`, joinedAt: new Date() },
      });
    expect2xx("open window", await api(app, "POST", `/rounds/${rt.body.roundId}/open`, admin));
    const rtItems: { id: string }[] = (await api(app, "GET", `/rounds/${rt.body.roundId}`, panel[0]!)).body.items;
    for (const pass of [0, 1])
      for (const [p, person] of panel.entries())
        for (const [k, item] of rtItems.entries())
          expect2xx(
            "answer in real time",
            await api(app, "PUT", `/rounds/${rt.body.roundId}/items/${item.id}/rating`, person, {
              value: 1 + ((p + k + pass) % 5),
              comment: `real-time reason ${p}-${k}-${pass}`,
            }),
          );
    await publishRoundSnapshots(t.db, rt.body.roundId);
    realtime = { consultationId: rt.body.id, roundId: rt.body.roundId, number: 1, itemIds: rtItems.map((i) => i.id) };
  }

  return {
    consultationId,
    otherConsultationId,
    realtime,
    modelSlug,
    closedRound: { id: round1, number: 1, itemIds: items1.map((i) => i.id), keys: items1.map((i) => i.key) },
    openRound: { id: round2, number: 2, itemIds: items2.map((i) => i.id), keys: items2.map((i) => i.key) },
    panel,
    callers: {
      visitor: {},
      panellist: { cookie: panel[0]!.cookie },
      elsewhere: { cookie: elsewhereCookie },
      moderator: moderator.caller,
      observer: observer.caller,
      admin,
    },
    people: {
      panellist: { name: panel[0]!.name, email: panel[0]!.email, userId: panel[0]!.userId },
      elsewhere: { name: elsewhereInput.name, email: elsewhereInput.email, userId: elsewhereUser.id },
      moderator: { name: moderator.user.name, email: moderator.user.email, userId: moderator.user.id },
      observer: { name: observer.user.name, email: observer.user.email, userId: observer.user.id },
      admin: { name: adminUser.name, email: adminUser.email, userId: adminUser.id },
    },
  };
}
