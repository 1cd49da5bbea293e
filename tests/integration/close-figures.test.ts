// Round close computes every item's figures from counts the database makes (app/models/round.server.ts): on a
// seeded random round — ties, "no opinion", missing attributes, withdrawn panellists, items nobody rated — the
// stored figures, statuses and reasons are exactly those recomputed here from the raw ratings with the
// row-based statistics, and the recorded answers digest is that of every final answer's commitment.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createConsultation } from "../../app/models/consultation.server.js";
import { importModel } from "../../app/models/model.server.js";
import { closeRound, type StoredFigures } from "../../app/models/round.server.js";
import { sha256Hex } from "../../app/models/audit.server.js";
import { answersDigest } from "../../shared/audit/commitment.js";
import { evaluateItem, type ConsensusRule } from "../../shared/stats/consensus.js";
import { itemFigures } from "../../shared/stats/descriptive.js";
import { randDisagreement } from "../../shared/stats/rand-ucla.js";
import { defaultScale, type Answer, type ScalePoints } from "../../shared/stats/scale.js";
import { itemFiguresByGroup } from "../../shared/stats/subgroups.js";
import { syntheticModel } from "../support/api.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";

/** mulberry32: a seeded generator, so a failure can be replayed with its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CASES: { seed: number; scalePoints: ScalePoints; panelPct?: number }[] = [
  { seed: 13, scalePoints: 9 },
  { seed: 2026, scalePoints: 5, panelPct: 60 },
];

describe.each(providers)("round close figures on %s", (provider) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(provider);
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
  });

  test.each(CASES)(
    "seed $seed, $scalePoints points: stored figures equal a recomputation from the raw ratings",
    async ({ seed, scalePoints, panelPct }) => {
      const rand = random(seed);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
      const tag = `${seed}-${randomBytes(3).toString("hex")}`;
      await importModel(t.db, syntheticModel(`Close model ${tag}`, 2, 2, 2));
      const admin = {
        id: randomUUID(),
        email: `admin-${tag}@close.example`,
        name: "Admin",
        isAdmin: true,
        language: null,
      };
      await t.db.user.create({ data: { ...admin, passwordHash: "!" } });
      const created = (await createConsultation(t.db, admin, {
        title: `Close ${tag}`,
        modelSlug: `close-model-${tag}`,
        items: "everything",
        scalePoints,
        ...(panelPct ? { minAnswers: { panelPct } } : {}),
      })) as { id: string; roundId: string };
      await t.db.round.update({ where: { id: created.roundId }, data: { status: "open", openedAt: new Date() } });
      const items = await t.db.roundItem.findMany({ where: { roundId: created.roundId }, select: { id: true } });
      const rated = items.slice(1); // the first item gets no answer at all

      const panel = Array.from({ length: 40 + Math.floor(rand() * 30) }, (_, i) => {
        const withdrawn = rand() < 0.1;
        return {
          id: randomUUID(),
          consultationId: created.id,
          userId: randomUUID(),
          role: "panellist",
          pseudonym: `Expert ${i + 1}`,
          stakeholderType: pick(["ELSI", "Patient organisations", "Research/University", null]),
          country: pick(["BE", "DK", "IT", null]),
          gender: pick(["female", "male", null]),
          withdrawnAt: withdrawn ? new Date() : null,
          withdrawnAnswers: withdrawn ? pick(["exclude", "keep"]) : null,
        };
      });
      await t.db.user.createMany({
        data: panel.map((m) => ({
          id: m.userId,
          email: `${m.userId}@close.example`,
          name: m.pseudonym,
          passwordHash: "!",
        })),
      });
      await t.db.member.createMany({ data: panel });
      // Answers crowd around a per-item centre, so some items reach consensus and others not.
      const ratings = rated.flatMap((item) => {
        const centre = 1 + Math.floor(rand() * scalePoints);
        return panel
          .filter(() => rand() < 0.85)
          .map((m) => ({
            roundItemId: item.id,
            memberId: m.id,
            value:
              rand() < 0.08
                ? null
                : Math.min(scalePoints, Math.max(1, centre + Math.round((rand() - 0.5) * 4 * rand()))),
            salt: randomBytes(32).toString("hex"),
            commitment: randomBytes(32).toString("hex"),
          }));
      });
      await t.db.rating.createMany({ data: ratings });

      await closeRound(t.db, null, created.roundId);

      const consultation = await t.db.consultation.findUniqueOrThrow({ where: { id: created.id } });
      const rule = JSON.parse(consultation.consensusRule) as ConsensusRule;
      const scale = defaultScale(scalePoints);
      const panelSize =
        rule.minAnswers?.panelPct === undefined ? undefined : panel.filter((m) => !m.withdrawnAt).length;
      const counted = new Set(panel.filter((m) => m.withdrawnAnswers !== "exclude").map((m) => m.id));
      const byId = new Map(panel.map((m) => [m.id, m]));
      const stored = await t.db.itemResult.findMany({ where: { item: { roundId: created.roundId } } });
      expect(stored).toHaveLength(items.length);
      const statuses = new Set<string>();
      for (const result of stored) {
        const tagged = ratings
          .filter((r) => r.roundItemId === result.roundItemId && counted.has(r.memberId))
          .map((r) => {
            const m = byId.get(r.memberId)!;
            return {
              value: r.value as Answer,
              stakeholderType: m.stakeholderType,
              country: m.country,
              gender: m.gender,
            };
          });
        const answers = tagged.map((r) => r.value);
        const expected: StoredFigures = {
          overall: itemFigures(answers, scale),
          rand: randDisagreement(answers, scale),
          byStakeholderType: itemFiguresByGroup(tagged, "stakeholderType", scale),
          byCountry: itemFiguresByGroup(tagged, "country", scale),
          byGender: itemFiguresByGroup(tagged, "gender", scale),
        };
        const evaluation = evaluateItem(rule, answers, scale, { panelSize });
        expect(result.figures).toBe(JSON.stringify(expected));
        expect({ status: result.status, reason: result.reason }).toEqual({
          status: evaluation.status,
          reason: evaluation.reason,
        });
        statuses.add(result.status);
      }
      // The seed gives a round where the rule reaches more than one verdict.
      expect(statuses.size).toBeGreaterThan(1);

      const closed = await t.db.auditEvent.findFirstOrThrow({
        where: { consultationId: created.id, type: "round.closed" },
      });
      const payload = JSON.parse(closed.payload) as { ratings: number; answersDigest: string };
      expect(payload.ratings).toBe(ratings.filter((r) => counted.has(r.memberId)).length);
      expect(payload.answersDigest).toBe(
        answersDigest(
          ratings.map((r) => r.commitment),
          sha256Hex,
        ),
      );
    },
    120_000,
  );
});
