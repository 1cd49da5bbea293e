// The stopping rule's verdict after each closed round (shared/stats/stopping.ts), from the computed statuses
// stored at close and the stability figures of app/models/stability.server.ts; and how the study ended by it.
import type { Db } from "../../server/db/client.js";
import type { ConsensusRule, ConsensusStatus } from "../../shared/stats/consensus.js";
import { type StoppingItem, type StoppingVerdict, evaluateStopping } from "../../shared/stats/stopping.js";
import { type ItemStability, roundStabilityFigures, studyStability } from "./stability.server.js";

const CLOSED = ["closed", "published"];

export interface RoundVerdict extends StoppingVerdict {
  round: number;
}

interface ClosedRound {
  number: number;
  items: { key: string; result: { status: string } | null }[];
}

function verdictOf(rule: ConsensusRule, round: ClosedRound, stability: readonly ItemStability[]): RoundVerdict {
  const byKey = new Map(stability.filter((s) => s.round === round.number).map((s) => [s.key, s]));
  const items: StoppingItem[] = round.items
    .filter((i) => i.result)
    .map((i) => {
      const s = byKey.get(i.key);
      return {
        key: i.key,
        // Computed statuses, as stored when the round closed: the rule was fixed before any decision.
        status: i.result!.status as ConsensusStatus,
        stability: s
          ? {
              nPairs: s.nPairs,
              changedCategoryPct: s.changedCategoryPct,
              wilcoxonP: s.wilcoxon.pValue,
              nNonZero: s.wilcoxon.nNonZero,
            }
          : null,
      };
    });
  return { round: round.number, ...evaluateStopping(rule.stopping, { number: round.number, items }) };
}

const closedRounds = (db: Db, consultationId: string, number?: number) =>
  db.round.findMany({
    where: { consultationId, status: { in: CLOSED }, ...(number === undefined ? {} : { number }) },
    orderBy: { number: "asc" },
    select: { number: true, items: { select: { key: true, result: { select: { status: true } } } } },
  });

/** The verdict after round `number`, or null while that round is not closed (no access check). */
export async function roundStoppingVerdict(
  db: Db,
  consultationId: string,
  number: number,
): Promise<(RoundVerdict & { hasRule: boolean }) | null> {
  const c = await db.consultation.findUniqueOrThrow({ where: { id: consultationId }, select: { consensusRule: true } });
  const [round] = await closedRounds(db, consultationId, number);
  if (!round) return null;
  const rule = JSON.parse(c.consensusRule) as ConsensusRule;
  const { items } = await roundStabilityFigures(db, consultationId, number);
  return { ...verdictOf(rule, round, items), hasRule: rule.stopping !== undefined };
}

export interface StudyEnding {
  verdicts: RoundVerdict[];
  /** First closed round after which the rule said stop; null if none. */
  firstStop: number | null;
  /** True when the study held no round after the one where the rule said stop; null without a rule. */
  endedByRule: boolean | null;
  text: string;
}

/** Every closed round's verdict and a sentence on whether the study ended by the rule (no access check). */
export async function studyEnding(
  db: Db,
  consultationId: string,
  rule: ConsensusRule,
  stability?: { items: readonly ItemStability[] },
): Promise<StudyEnding> {
  const rounds = await closedRounds(db, consultationId);
  const all = await db.round.findMany({ where: { consultationId }, select: { number: true, status: true } });
  const figures = stability ?? (await studyStability(db, consultationId));
  const verdicts = rounds.map((r) => verdictOf(rule, r, figures.items));
  const firstStop = verdicts.find((v) => v.stop)?.round ?? null;
  const lastHeld = Math.max(0, ...all.filter((r) => r.status !== "draft").map((r) => r.number));
  const published = all.some((r) => r.status === "published");
  if (!rule.stopping)
    return { verdicts, firstStop, endedByRule: null, text: "No stopping rule was fixed before round 1." };
  if (firstStop === null) {
    const text = !verdicts.length
      ? "No round has closed yet."
      : published
        ? `The study ended after round ${lastHeld} without meeting its stopping rule.`
        : `No closed round has met the stopping rule yet (last closed: round ${verdicts.at(-1)!.round}).`;
    return { verdicts, firstStop, endedByRule: false, text };
  }
  const met = verdicts
    .find((v) => v.round === firstStop)!
    .reasons.filter((r) => r.startsWith("met: "))
    .map((r) => r.slice(5));
  if (lastHeld <= firstStop)
    return {
      verdicts,
      firstStop,
      endedByRule: true,
      text: `The study ended by its stopping rule after round ${firstStop}: ${met.join("; ")}.`,
    };
  return {
    verdicts,
    firstStop,
    endedByRule: false,
    text: `The stopping rule said stop after round ${firstStop} (${met.join("; ")}), but the study went on to round ${lastHeld}.`,
  };
}
