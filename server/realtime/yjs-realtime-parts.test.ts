// The pure parts of the Yjs server: the presence whitelist, the presence rate, the connection caps and the
// schema check, each on its own (the integration tests drive them over real websockets).
import { afterEach, describe, expect, test, vi } from "vitest";
import fc from "fast-check";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { prosemirrorJSONToYXmlFragment } from "y-prosemirror";
import { MAX_AWARENESS_STATE_BYTES, presenceState, rewriteAwarenessUpdate } from "./yjs-awareness.js";
import { connectionRefusal, PresenceRate } from "./yjs-limits.js";
import { documentProblem, editorSchema, integratedState, UpdateValidator } from "./yjs-schema.js";
import { RATIONALE_FIELD } from "../../shared/delphi/documents.js";

const identity = { name: "Expert 3", colour: "#1d4ed8" };

function encodeAwareness(entries: { clientId: number; clock: number; state: string }[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}

function decodeAwareness(update: Uint8Array) {
  const decoder = decoding.createDecoder(update);
  return Array.from({ length: decoding.readVarUint(decoder) }, () => ({
    clientId: decoding.readVarUint(decoder),
    clock: decoding.readVarUint(decoder),
    state: JSON.parse(decoding.readVarString(decoder)) as unknown,
  }));
}

describe("presence whitelist", () => {
  test("whatever a client announces, others see its server-chosen identity and at most a caret", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (announced) => {
        const state = presenceState(announced, identity);
        expect(Object.keys(state).every((key) => key === "user" || key === "cursor")).toBe(true);
        expect(state.user).toEqual({ name: "Expert 3", colour: "#1d4ed8", color: "#1d4ed8" });
        if ("cursor" in state && state.cursor !== null)
          expect(Object.keys(state.cursor as object).sort()).toEqual(["anchor", "head"]);
      }),
    );
  });

  test("a y-prosemirror caret survives the rewrite; its unknown fields do not", () => {
    const position = { type: { client: 1, clock: 2 }, tname: null, item: { client: 1, clock: 9 }, assoc: -1 };
    expect(presenceState({ cursor: { anchor: position, head: { ...position, evil: 1 } }, x: 1 }, identity)).toEqual({
      user: { name: "Expert 3", colour: "#1d4ed8", color: "#1d4ed8" },
      cursor: {
        anchor: { type: { client: 1, clock: 2 }, item: { client: 1, clock: 9 }, assoc: -1 },
        head: { type: { client: 1, clock: 2 }, item: { client: 1, clock: 9 }, assoc: -1 },
      },
    });
    expect(presenceState({ cursor: { anchor: { item: { client: -1, clock: 0 } }, head: 0 } }, identity)).toEqual({
      user: expect.any(Object),
      cursor: null,
    });
  });

  test("entries for ids the connection may not control, and oversized states, are dropped; leaving stays null", () => {
    const update = encodeAwareness([
      { clientId: 1, clock: 1, state: JSON.stringify({ user: { name: "Dr Real Name" } }) },
      { clientId: 2, clock: 1, state: JSON.stringify({ user: { name: "someone else" } }) },
      { clientId: 3, clock: 1, state: JSON.stringify({ pad: "x".repeat(MAX_AWARENESS_STATE_BYTES) }) },
      { clientId: 4, clock: 2, state: "null" },
    ]);
    const rewritten = decodeAwareness(rewriteAwarenessUpdate(update, identity, (id) => id !== 2));
    expect(rewritten).toEqual([
      { clientId: 1, clock: 1, state: { user: { name: "Expert 3", colour: "#1d4ed8", color: "#1d4ed8" } } },
      { clientId: 4, clock: 2, state: null },
    ]);
  });
});

describe("presence rate", () => {
  afterEach(() => vi.useRealTimers());

  test("a burst beyond the allowance is held, and only the newest held message is applied when it refills", () => {
    vi.useFakeTimers();
    const rate = new PresenceRate(10, 3);
    const applied: number[] = [];
    for (let i = 1; i <= 20; i++) rate.submit(() => applied.push(i));
    expect(applied).toEqual([1, 2, 3]);
    vi.advanceTimersByTime(100);
    expect(applied).toEqual([1, 2, 3, 20]);
    vi.advanceTimersByTime(1_000);
    expect(applied).toEqual([1, 2, 3, 20]);
    rate.submit(() => applied.push(21));
    expect(applied).toEqual([1, 2, 3, 20, 21]);
  });

  test("stop drops what is held", () => {
    vi.useFakeTimers();
    const rate = new PresenceRate(1, 1);
    const applied: number[] = [];
    rate.submit(() => applied.push(1));
    rate.submit(() => applied.push(2));
    rate.stop();
    vi.advanceTimersByTime(5_000);
    expect(applied).toEqual([1]);
  });
});

describe("connection caps", () => {
  const open = (...users: string[]) => users.map((id) => ({ user: { id } }));
  const caps = { perUserPerDocument: 2, perDocument: 4 };

  test("per person first, then per document", () => {
    expect(connectionRefusal(open("a"), "a", caps)).toBeNull();
    expect(connectionRefusal(open("a", "a"), "a", caps)).toBe("at most 2 connections per person to a document");
    expect(connectionRefusal(open("a", "a", "b", "c"), "d", caps)).toBe("at most 4 connections to a document");
    expect(connectionRefusal(open("a", "a", "b"), "c", caps)).toBeNull();
  });
});

describe("editor schema", () => {
  const docFrom = (json: unknown) => {
    const doc = new Y.Doc();
    prosemirrorJSONToYXmlFragment(editorSchema, json, doc.getXmlFragment(RATIONALE_FIELD));
    return doc;
  };

  test("what Tiptap's StarterKit writes is representable, and an empty document is too", () => {
    expect(documentProblem(new Y.Doc())).toBeNull();
    const doc = docFrom({
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: "T" }] },
        { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph" }] }] },
      ],
    });
    expect(documentProblem(doc)).toBeNull();
  });

  test("a refused update leaves the validator usable: the next valid one passes", () => {
    const doc = docFrom({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "a" }] }] });
    const validator = new UpdateValidator(doc);
    const edit = (change: (copy: Y.Doc) => void) => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
      const before = Y.encodeStateVector(copy);
      change(copy);
      return Y.encodeStateAsUpdate(copy, before);
    };
    const bad = edit((copy) => copy.getXmlFragment(RATIONALE_FIELD).insert(1, [new Y.XmlElement("iframe")]));
    expect(validator.check(bad)).toBe('unknown node "iframe"');
    const good = edit((copy) => {
      const text = (copy.getXmlFragment(RATIONALE_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
      text.insert(1, "bc", { bold: {} });
    });
    expect(validator.check(good)).toBeNull();
    Y.applyUpdate(doc, good);
    expect(documentProblem(doc)).toBeNull();
  });

  test("an update that depends on changes the server does not have is refused", () => {
    const doc = new Y.Doc();
    const validator = new UpdateValidator(doc);
    const client = new Y.Doc();
    const updates: Uint8Array[] = [];
    client.on("update", (update: Uint8Array) => updates.push(update));
    const paragraph = new Y.XmlElement("paragraph");
    client.getXmlFragment(RATIONALE_FIELD).insert(0, [paragraph]);
    paragraph.insert(0, [new Y.XmlText("later")]);
    expect(validator.check(updates[1]!)).toBe("update depends on changes the server does not have");
    expect(validator.check(updates[0]!)).toBeNull();
  });
  // The two-instance catch-up failure: a copy holding a relayed update whose predecessor had not reached it
  // yet handed that pending update to a client in its sync answer; the client sent it back, and the check
  // above closed its connection (4400) — and refused every other writer's update while anything was pending.
  test("what a copy holds back as pending neither reaches clients nor blocks other writers' updates", () => {
    const elsewhere = new Y.Doc();
    const relayed: Uint8Array[] = [];
    elsewhere.on("update", (update: Uint8Array) => relayed.push(update));
    for (const text of ["one", "two"]) {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText(text)]);
      elsewhere.getXmlFragment(RATIONALE_FIELD).push([paragraph]);
    }
    const doc = new Y.Doc();
    Y.applyUpdate(doc, relayed[1]!); // the first is still on its way
    expect(doc.store.pendingStructs).not.toBeNull();

    const client = new Y.Doc();
    Y.applyUpdate(client, integratedState(doc));
    expect(client.store.pendingStructs).toBeNull();
    expect(Y.encodeStateAsUpdate(doc).length).toBeGreaterThan(integratedState(doc).length);

    const validator = new UpdateValidator(doc);
    const before = Y.encodeStateVector(client);
    const mine = new Y.XmlElement("paragraph");
    mine.insert(0, [new Y.XmlText("mine")]);
    client.getXmlFragment(RATIONALE_FIELD).push([mine]);
    const update = Y.encodeStateAsUpdate(client, before);
    expect(validator.check(update)).toBeNull();
    Y.applyUpdate(doc, update);

    Y.applyUpdate(doc, relayed[0]!); // arrives: everything integrates
    expect(doc.store.pendingStructs).toBeNull();
    expect(doc.getXmlFragment(RATIONALE_FIELD).length).toBe(3);
  });
});
