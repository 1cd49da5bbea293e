// Commit now, reveal after close: while a round is open the audit trail holds only a salted hash of each
// answer, sealed into the hash chain in batches; when the round closes, the answers and their salts are
// revealed and anyone can check them against what was committed. Pure (SHA-256 is passed in). docs/audit.md.
import { canonicalJson } from "./canonical-json.js";
import type { Sha256Hex } from "./chain.js";

/** One answer as committed to: which round, item and (pseudonymous) respondent, and what was answered. */
export interface CommittedAnswer {
  /** 32 random bytes as hex, one per write: the same answer given twice commits to different hashes. */
  salt: string;
  round: number;
  item: string;
  respondent: string;
  value: number | null;
  comment: string;
  suggestion: string;
}

/** SHA-256 of the canonical JSON of the answer, salt included: without the salt it reveals nothing. */
export function answerCommitment(answer: CommittedAnswer, sha256: Sha256Hex): string {
  const { salt, round, item, respondent, value, comment, suggestion } = answer;
  return sha256(canonicalJson({ salt, round, item, respondent, value, comment, suggestion }));
}

/** A rating-log row as sealed: its id (the log's order) and its commitment. */
export interface LogEntry {
  id: number;
  commitment: string;
}

/**
 * The root a `ratings.sealed` event records for a batch of log rows (in id order): the SHA-256 of one line
 * `<id>:<commitment>\n` per row. A changed byte, a removed, added or reordered row gives another root.
 */
export function sealRoot(entries: readonly LogEntry[], sha256: Sha256Hex): string {
  let text = "";
  for (const e of entries) text += `${e.id}:${e.commitment}\n`;
  return sha256(text);
}

/**
 * The digest a `round.closed` event records over the round's final answers: the SHA-256 of their
 * commitments, sorted, one per line. Fixes the set of answers the results were computed from.
 */
export function answersDigest(commitments: readonly string[], sha256: Sha256Hex): string {
  return sha256([...commitments].sort().join("\n"));
}

/** A panel proposal as committed to while its round is open: revealed, with its salt, when it is triaged. */
export interface CommittedProposal {
  salt: string;
  round: number;
  /** P-<number> */
  proposal: number;
  respondent: string;
  kind: string;
  target: string;
  statement: string;
  levels: string[] | null;
  change: string;
  reason: string;
  withdrawn: boolean;
}

/** SHA-256 of the canonical JSON of the proposal, salt included; typed so it never equals an answer's. */
export function proposalCommitment(p: CommittedProposal, sha256: Sha256Hex): string {
  const { salt, round, proposal, respondent, kind, target, statement, levels, change, reason, withdrawn } = p;
  return sha256(
    canonicalJson({
      type: "proposal",
      salt,
      round,
      proposal,
      respondent,
      kind,
      target,
      statement,
      levels,
      change,
      reason,
      withdrawn,
    }),
  );
}
