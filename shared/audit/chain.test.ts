import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { canonicalJson, type JsonValue } from "./canonical-json.js";
import {
  AuditChainVerifier,
  auditEventHash,
  auditHashInput,
  auditLinkError,
  GENESIS_HASH,
  type AuditEventContent,
  type StoredAuditEvent,
} from "./chain.js";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

const payloadArb = fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 6 }) as fc.Arbitrary<{
  [key: string]: JsonValue;
}>;
const contentArb: fc.Arbitrary<AuditEventContent> = fc.record({
  consultationId: fc.string({ minLength: 1 }),
  seq: fc.integer({ min: 1, max: 1_000_000 }),
  at: fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2999-12-31T23:59:59Z"), noInvalidDate: true }),
  actor: fc.oneof(
    fc.constant("system"),
    fc.string({ minLength: 1 }).map((id) => `user:${id}`),
    fc.nat(99).map((n) => `pseudonym:Expert ${n}`),
  ),
  type: fc.string({ minLength: 1 }),
  payload: payloadArb,
  prevHash: fc.stringMatching(/^[0-9a-f]{64}$/),
});
const FIELDS = ["consultationId", "seq", "at", "actor", "type", "payload", "prevHash"] as const;

/** A well-formed chain of `contents.length` events for one consultation. */
function buildChain(consultationId: string, contents: { actor: string; type: string; payload: JsonValue }[]) {
  const events: StoredAuditEvent[] = [];
  let prevHash = GENESIS_HASH;
  contents.forEach((c, i) => {
    const content = { consultationId, seq: i + 1, at: new Date(1_700_000_000_000 + i * 1001), prevHash, ...c };
    const hash = auditEventHash(content, sha256);
    events.push({ ...content, id: 100 + i, payload: canonicalJson(c.payload), hash });
    prevHash = hash;
  });
  return events;
}

function verify(events: StoredAuditEvent[], notarised?: { seq: number; hash: string }) {
  const verifier = new AuditChainVerifier(sha256, notarised);
  verifier.add(events);
  return verifier.verdict();
}

const chainArb = fc.array(
  fc.record({
    actor: fc.constantFrom("system", "user:u1", "pseudonym:Expert 3"),
    type: fc.string({ minLength: 1 }),
    payload: payloadArb,
  }),
  {
    minLength: 2,
    maxLength: 25,
  },
);

describe("event hash", () => {
  test("is SHA-256 of the canonical event, as documented in docs/audit.md", () => {
    const first: AuditEventContent = {
      consultationId: "c-demo",
      seq: 1,
      at: new Date("2025-01-31T09:05:00.000Z"),
      actor: "pseudonym:Expert 7",
      type: "rating.submitted",
      payload: { round: 2, item: "I.1.1", score: 7, comment: "Zürich – ok" },
      prevHash: GENESIS_HASH,
    };
    expect(auditHashInput(first)).toBe(
      '{"actor":"pseudonym:Expert 7","at":"2025-01-31T09:05:00.000Z","consultationId":"c-demo",' +
        '"payload":{"comment":"Zürich – ok","item":"I.1.1","round":2,"score":7},' +
        `"prevHash":"${"0".repeat(64)}","seq":1,"type":"rating.submitted"}`,
    );
    // Cross-checked with Python: hashlib.sha256(json.dumps(event, sort_keys=True, separators=(",", ":"),
    // ensure_ascii=False).encode()).hexdigest()
    expect(auditEventHash(first, sha256)).toBe("84c389cdba61eb7f7381d1e0bbdc349139b9f418d8388d9422bd3712c8684dd1");
    const second = {
      ...first,
      seq: 2,
      at: new Date("2025-01-31T09:06:30.250Z"),
      actor: "user:u-42",
      type: "round.closed",
      payload: { round: 2 },
      prevHash: "84c389cdba61eb7f7381d1e0bbdc349139b9f418d8388d9422bd3712c8684dd1",
    };
    expect(auditEventHash(second, sha256)).toBe("b9dae7ce3581d65e82d1d178892a02501669d74425e7cf65fad3b50b5146ae53");
  });

  test("does not depend on the payload's key order", () => {
    fc.assert(
      fc.property(contentArb, (content) => {
        const reversed = Object.fromEntries(Object.entries(content.payload as object).reverse());
        expect(auditEventHash({ ...content, payload: reversed }, sha256)).toBe(auditEventHash(content, sha256));
      }),
    );
  });

  test("changes when any single field changes", () => {
    fc.assert(
      fc.property(contentArb, contentArb, fc.constantFrom(...FIELDS), (event, other, field) => {
        const changed = { ...event, [field]: other[field] };
        fc.pre(auditHashInput(changed) !== auditHashInput(event)); // the field really differs
        expect(auditEventHash(changed, sha256)).not.toBe(auditEventHash(event, sha256));
      }),
    );
  });

  test("at is hashed with millisecond precision in UTC", () => {
    const event = {
      ...fc.sample(contentArb, { seed: 1, numRuns: 1 })[0]!,
      at: new Date(Date.UTC(2025, 5, 1, 8, 0, 0, 7)),
    };
    expect(auditHashInput(event)).toContain('"at":"2025-06-01T08:00:00.007Z"');
  });
});

describe("chain verification", () => {
  test("an untouched chain verifies, in one batch or in pages of any size", () => {
    fc.assert(
      fc.property(chainArb, fc.integer({ min: 1, max: 7 }), (contents, page) => {
        const events = buildChain("c1", contents);
        const verifier = new AuditChainVerifier(sha256);
        for (let i = 0; i < events.length; i += page) expect(verifier.add(events.slice(i, i + page))).toBe(true);
        expect(verifier.verdict()).toEqual({ ok: true, events: events.length, head: events.at(-1)!.hash });
      }),
    );
  });

  test("an empty chain is intact with the genesis hash as head", () => {
    expect(verify([])).toEqual({ ok: true, events: 0, head: GENESIS_HASH });
  });

  test("changing any stored field of one event breaks the chain exactly there", () => {
    const fieldArb = fc.constantFrom("consultationId", "at", "actor", "type", "payload", "hash");
    fc.assert(
      fc.property(chainArb, fc.nat(), fieldArb, (contents, n, field) => {
        const events = buildChain("c1", contents);
        const k = n % events.length;
        const e = events[k]!;
        const tampered = {
          consultationId: "c2",
          at: new Date(e.at.getTime() + 1),
          actor: e.actor === "system" ? "user:mallory" : "system",
          type: `${e.type}!`,
          payload: canonicalJson({ ...(JSON.parse(e.payload) as object), tampered: e.payload }), // cannot equal itself
          hash: sha256("forged"),
        }[field];
        events[k] = { ...e, [field]: tampered };
        expect(verify(events)).toEqual({
          ok: false,
          events: k,
          brokenAt: { seq: k + 1, id: e.id, reason: "hash does not match the event's contents" },
        });
      }),
    );
  });

  test("a deleted event is reported at the next one", () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), (contents, n) => {
        const events = buildChain("c1", contents);
        const k = n % (events.length - 1); // not the last one: see the notarised head test
        const [removed] = events.splice(k, 1);
        expect(verify(events)).toEqual({
          ok: false,
          events: k,
          brokenAt: { seq: removed!.seq + 1, id: removed!.id + 1, reason: `event seq ${removed!.seq} is missing` },
        });
      }),
    );
  });

  test("a changed event with a recomputed hash breaks the next link", () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), (contents, n) => {
        const events = buildChain("c1", contents);
        const k = n % (events.length - 1);
        const e = events[k]!;
        const payload = { forged: true };
        events[k] = { ...e, payload: canonicalJson(payload), hash: auditEventHash({ ...e, payload }, sha256) };
        const reason = `prevHash does not match the hash of event seq ${e.seq}`;
        expect(verify(events)).toEqual({
          ok: false,
          events: k + 1,
          brokenAt: { seq: e.seq + 1, id: e.id + 1, reason },
        });
      }),
    );
  });

  test.each([
    ["a first event that is not seq 1", (es: StoredAuditEvent[]) => es.shift(), 2, "event seq 1 is missing"],
    ["a gap of several events", (es: StoredAuditEvent[]) => es.splice(1, 2), 4, "events seq 2–3 are missing"],
    [
      "a first event not linked to genesis",
      (es: StoredAuditEvent[]) => (es[0] = { ...es[0]!, prevHash: "f".repeat(64) }),
      1,
      "prevHash does not match the genesis hash",
    ],
    [
      "a payload that is not canonical",
      (es: StoredAuditEvent[]) => (es[0] = { ...es[0]!, payload: ` ${es[0]!.payload}` }),
      1,
      "payload is not in canonical form",
    ],
    [
      "a payload that is not JSON",
      (es: StoredAuditEvent[]) => (es[0] = { ...es[0]!, payload: "{" }),
      1,
      "payload is not valid JSON",
    ],
  ])("reports %s", (_what, tamper, seq, reason) => {
    const events = buildChain(
      "c1",
      [1, 2, 3, 4, 5].map((i) => ({ actor: "system", type: "t", payload: { i } })),
    );
    tamper(events);
    const verdict = verify(events);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.brokenAt).toMatchObject({ seq, reason });
  });

  test("a notarised head catches a cut tail and a chain rewritten with fresh hashes", () => {
    const contents = [1, 2, 3, 4, 5].map((i) => ({ actor: "system", type: "t", payload: { i } }));
    const events = buildChain("c1", contents);
    const head = { seq: 4, hash: events[3]!.hash };
    expect(verify(events, head)).toEqual({ ok: true, events: 5, head: events[4]!.hash });

    const cut = events.slice(0, 3);
    expect(verify(cut)).toMatchObject({ ok: true }); // the links alone cannot tell
    expect(verify(cut, head)).toEqual({
      ok: false,
      events: 3,
      brokenAt: { seq: 4, id: null, reason: "the notarised head's event is missing: the chain ends at seq 3" },
    });

    const rewritten = buildChain("c1", contents.with(1, { actor: "system", type: "t", payload: { i: 99 } }));
    expect(verify(rewritten)).toMatchObject({ ok: true });
    const verdict = verify(rewritten, head);
    expect(verdict).toMatchObject({ ok: false, events: 3, brokenAt: { seq: 4, id: 103 } });
    expect(!verdict.ok && verdict.brokenAt.reason).toContain("differs from the notarised head");
  });

  test("auditLinkError accepts the next event and refuses a replayed one", () => {
    const [first, second] = buildChain("c1", [
      { actor: "system", type: "a", payload: {} },
      { actor: "system", type: "b", payload: {} },
    ]);
    expect(auditLinkError({ seq: 1, hash: first!.hash }, second!, sha256)).toBeNull();
    expect(auditLinkError({ seq: 2, hash: second!.hash }, second!, sha256)).toBe(
      "seq 2 is out of order (expected seq 3)",
    );
  });
});
