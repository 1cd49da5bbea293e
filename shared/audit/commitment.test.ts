import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import {
  answerCommitment,
  answersDigest,
  proposalCommitment,
  sealRoot,
  type CommittedAnswer,
  type CommittedProposal,
} from "./commitment.js";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

// Reference values computed with Python's hashlib and json.dumps(sort_keys=True, separators=(",", ":"),
// ensure_ascii=False) — the verifier docs/audit.md gives method teams.
const answer: CommittedAnswer = {
  salt: "00".repeat(32),
  round: 2,
  item: "I.1.1",
  respondent: "Expert 418",
  value: 4,
  comment: "Zürich – ok",
  suggestion: "",
};
const COMMITMENT = "b216a1230c72e3b865ab0d22fda91db0ba2e50c5f99e184241fcd714e5bae6da";

describe("answer commitments", () => {
  test("match the reference vector", () => {
    expect(answerCommitment(answer, sha256)).toBe(COMMITMENT);
  });

  test("any change of the answer, the salt or whose it is changes the commitment", () => {
    const changes: Partial<CommittedAnswer>[] = [
      { value: 5 },
      { value: null },
      { comment: "Zürich – ok." },
      { suggestion: " " },
      { salt: "01" + "00".repeat(31) },
      { respondent: "Expert 419" },
      { item: "I.1.2" },
      { round: 1 },
    ];
    for (const change of changes) expect(answerCommitment({ ...answer, ...change }, sha256)).not.toBe(COMMITMENT);
  });

  test("a seal root covers ids and order; the answers digest does not depend on order", () => {
    const rows = [
      { id: 7, commitment: COMMITMENT },
      { id: 9, commitment: "ab".repeat(32) },
    ];
    expect(sealRoot(rows, sha256)).toBe("452107e72dad15cac24ddfeee920a5ffe4caf06fcff7034c0b260ee816b6e194");
    expect(sealRoot([...rows].reverse(), sha256)).not.toBe(sealRoot(rows, sha256));
    expect(sealRoot([{ ...rows[0]!, id: 8 }, rows[1]!], sha256)).not.toBe(sealRoot(rows, sha256));
    const digest = "bbd03992095f7547949ba3907708a85e4851f4b5d13273f5d6cc09089be88ee8";
    expect(answersDigest([COMMITMENT, "ab".repeat(32), "01".repeat(32)], sha256)).toBe(digest);
    expect(answersDigest(["01".repeat(32), COMMITMENT, "ab".repeat(32)], sha256)).toBe(digest);
  });
});

describe("proposal commitments", () => {
  const proposal: CommittedProposal = {
    salt: "00".repeat(32),
    round: 1,
    proposal: 3,
    respondent: "Expert 7",
    kind: "indicator",
    target: "I.2",
    statement: "Data stewards – named",
    levels: null,
    change: "",
    reason: "A gap",
    withdrawn: false,
  };
  // Python: json.dumps({"type": "proposal", **p}, sort_keys=True, separators=(",", ":"), ensure_ascii=False).
  const PROPOSAL = "18de3c47299f40ff6c5eb224aa7d906ec2318a3780f33669e8ebb06a92847414";

  test("match the reference vector", () => {
    expect(proposalCommitment(proposal, sha256)).toBe(PROPOSAL);
  });

  test("any change of the proposal, its salt, its author or its withdrawal changes the commitment", () => {
    const changes: Partial<CommittedProposal>[] = [
      { statement: "Data stewards – named." },
      { levels: ["1", "2", "3", "4", "5"] },
      { reason: "A gap!" },
      { target: "I.1" },
      { kind: "restructuring" },
      { change: "merge" },
      { withdrawn: true },
      { respondent: "Expert 8" },
      { salt: "01" + "00".repeat(31) },
      { proposal: 4 },
      { round: 2 },
    ];
    for (const change of changes) expect(proposalCommitment({ ...proposal, ...change }, sha256)).not.toBe(PROPOSAL);
  });
});
