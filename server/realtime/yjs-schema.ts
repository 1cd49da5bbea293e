// Keeps live documents representable by the browser editor. A y-prosemirror client that receives content its
// schema cannot build (an unknown node or mark, a bad attribute) deletes it, i.e. writes back: a reader
// (moderator, observer) is then closed as read-only and loses the live view. So every incoming update is first
// applied to a shadow copy of the document, and the blocks it touches are converted as y-prosemirror does and
// checked against the editor's ProseMirror schema.
import { getSchema } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import type { Node as ProseMirrorNode, NodeType, MarkType } from "@tiptap/pm/model";
import * as Y from "yjs";
import { RATIONALE_FIELD } from "../../shared/delphi/documents.js";

/** The schema of app/components/RationaleEditor.tsx (Tiptap StarterKit): change both together. */
export const editorSchema = getSchema([StarterKit.configure({ history: false })]);

const MAX_ATTRIBUTE_LENGTH = 200;

/** Any of Yjs' shared types (they differ only in their events). */
type Shared = Y.AbstractType<any>;

/** Values a node or mark attribute may take, beyond the schema's own attribute list. */
const ATTRIBUTE_RULES: Record<string, (value: unknown) => boolean> = {
  level: (value) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 6,
  start: (value) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 1_000_000,
};

function attributeProblem(owner: string, attrs: Record<string, unknown>, allowed: NodeType | MarkType) {
  const spec = allowed.spec.attrs ?? {};
  for (const [key, value] of Object.entries(attrs)) {
    if (!Object.hasOwn(spec, key)) return `${owner} has no attribute "${key}"`;
    const primitive =
      value === null ||
      typeof value === "boolean" ||
      (typeof value === "number" && Number.isFinite(value)) ||
      (typeof value === "string" && value.length <= MAX_ATTRIBUTE_LENGTH);
    if (!primitive || (ATTRIBUTE_RULES[key] && value !== null && !ATTRIBUTE_RULES[key](value)))
      return `${owner} attribute "${key}" has an invalid value`;
  }
  return null;
}

/** Why the shared type cannot be shown by the editor, or null when it can. */
function elementProblem(node: Y.XmlElement | Y.XmlText | Shared, topLevel: boolean): string | null {
  if (node instanceof Y.XmlText) {
    if (topLevel) return "text outside a block";
    for (const op of node.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
      if (typeof op.insert !== "string") return "an embedded object in text";
      for (const [name, attrs] of Object.entries(op.attributes ?? {})) {
        // y-prosemirror encodes overlapping marks of one type as `name--<hash>`.
        const mark = editorSchema.marks[name.replace(/--[a-zA-Z0-9+/=]{8}$/, "")];
        if (!mark) return `unknown mark "${name}"`;
        if (attrs !== null && typeof attrs === "object") {
          const problem = attributeProblem(`mark "${mark.name}"`, attrs as Record<string, unknown>, mark);
          if (problem) return problem;
        } else if (attrs !== true && attrs !== null) return `mark "${mark.name}" has invalid attributes`;
      }
    }
    return null;
  }
  if (!(node instanceof Y.XmlElement)) return "content that is not an element or text";
  const type = editorSchema.nodes[node.nodeName];
  if (!type || type.isText || type === editorSchema.topNodeType) return `unknown node "${node.nodeName}"`;
  const problem = attributeProblem(`node "${node.nodeName}"`, node.getAttributes(), type);
  if (problem) return problem;
  for (const child of node.toArray()) {
    const childProblem = elementProblem(child as Y.XmlElement | Y.XmlText, false);
    if (childProblem) return childProblem;
  }
  return null;
}

/** The ProseMirror JSON of one shared type, as y-prosemirror builds the editor's nodes from it. */
function nodeJSON(node: Y.XmlElement | Y.XmlText): Record<string, unknown> | Record<string, unknown>[] {
  if (node instanceof Y.XmlText)
    return (node.toDelta() as { insert: string; attributes?: Record<string, unknown> }[]).map((op) => ({
      type: "text",
      text: op.insert,
      ...(op.attributes && {
        marks: Object.entries(op.attributes).map(([name, attrs]) => ({
          type: name.replace(/--[a-zA-Z0-9+/=]{8}$/, ""),
          ...(attrs !== null && typeof attrs === "object" && { attrs }),
        })),
      }),
    }));
  const content = node.toArray().flatMap((child) => nodeJSON(child as Y.XmlElement | Y.XmlText));
  return { type: node.nodeName, attrs: node.getAttributes(), ...(content.length > 0 && { content }) };
}

/** Why a top-level block of the document cannot be shown by the editor, or null when it can. */
function blockProblem(block: Shared): string | null {
  const structural = elementProblem(block, true);
  if (structural) return structural;
  try {
    const node: ProseMirrorNode = editorSchema.nodeFromJSON(nodeJSON(block as Y.XmlElement));
    if (!editorSchema.topNodeType.contentMatch.matchType(node.type)) return `"${node.type.name}" is not a block`;
    node.check();
  } catch (error) {
    return error instanceof Error ? error.message : "content the editor's schema does not accept";
  }
  return null;
}

/**
 * Why this document's content cannot be shown by the editor, or null when it can: only the editor's shared
 * type, holding only blocks of the schema's nodes, marks and attributes, as the schema's rules allow them.
 */
export function documentProblem(doc: Y.Doc): string | null {
  for (const name of doc.share.keys()) if (name !== RATIONALE_FIELD) return `unknown shared type "${name}"`;
  const fragment = doc.getXmlFragment(RATIONALE_FIELD);
  // Strings or embeds straight in the fragment are not shared types (toArray shows them as plain values).
  for (const child of fragment.toArray()) {
    const problem = child instanceof Y.AbstractType ? blockProblem(child) : "content that is not an element";
    if (problem) return problem;
  }
  return null;
}

/**
 * A shadow copy of a live document on which incoming updates are tried before they reach the real one. Only
 * the top-level blocks an update touches are checked, so a check costs what the edit changed, not the
 * document's size. `mirror` keeps the copy in step with updates from elsewhere (storage, other instances).
 */
/**
 * The document's state as an update, without what Yjs holds back as pending: structs (and deletions) relayed
 * from another instance that wait for a change this copy does not have yet. `Y.encodeStateAsUpdate` includes
 * them; a client given them would send them back in its own updates, which `UpdateValidator` must refuse
 * (content depending on changes the server lacks), and a copy seeded with them would refuse every update.
 * They reach clients, integrated, once what they wait for arrives.
 */
export function integratedState(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const { store } = doc;
  const { pendingStructs, pendingDs } = store;
  if (!pendingStructs && !pendingDs) return Y.encodeStateAsUpdate(doc, stateVector);
  store.pendingStructs = null;
  store.pendingDs = null;
  try {
    return Y.encodeStateAsUpdate(doc, stateVector);
  } finally {
    store.pendingStructs = pendingStructs;
    store.pendingDs = pendingDs;
  }
}

export class UpdateValidator {
  private shadow: Y.Doc | null = null;

  constructor(private readonly doc: Y.Doc) {}

  private copy(): Y.Doc {
    if (!this.shadow) {
      this.shadow = new Y.Doc({ gc: true });
      // Typed before any update arrives: a root first seen in an update is a plain AbstractType, and typing it
      // later replaces the instance, which the transactions' `changed` maps would then not name.
      this.shadow.getXmlFragment(RATIONALE_FIELD);
      Y.applyUpdate(this.shadow, integratedState(this.doc));
    }
    return this.shadow;
  }

  /** Applies an update the real document received without `check`. */
  mirror(update: Uint8Array) {
    if (this.shadow) Y.applyUpdate(this.shadow, update);
  }

  /** Why `update` must not be applied to the document, or null. */
  check(update: Uint8Array): string | null {
    const shadow = this.copy();
    let transaction: Y.Transaction | null = null;
    const capture = (tr: Y.Transaction) => (transaction = tr);
    shadow.on("afterTransaction", capture);
    try {
      Y.applyUpdate(shadow, update);
    } catch {
      this.discard();
      return "malformed update";
    } finally {
      shadow.off("afterTransaction", capture);
    }
    const problem = transaction ? changeProblem(shadow, transaction) : null;
    if (problem) this.discard();
    return problem;
  }

  /** The copy holds a refused update: rebuilt from the real document when next needed. */
  private discard() {
    this.shadow?.destroy();
    this.shadow = null;
  }

  destroy() {
    this.discard();
  }
}

/** Why the content one transaction added or changed cannot be shown by the editor, or null. */
function changeProblem(doc: Y.Doc, tr: Y.Transaction): string | null {
  for (const name of doc.share.keys()) if (name !== RATIONALE_FIELD) return `unknown shared type "${name}"`;
  // Content depending on changes the server does not have would stay invisible, then appear unchecked.
  if (doc.store.pendingStructs || doc.store.pendingDs) return "update depends on changes the server does not have";
  const fragment: Shared = doc.getXmlFragment(RATIONALE_FIELD);
  const blocks = new Set<Shared>();
  for (const type of tr.changed.keys()) {
    if (type === fragment) {
      // Blocks inserted by this transaction: their ids are past the state the transaction started from.
      for (let item = fragment._start; item; item = item.right) {
        if (item.deleted || item.id.clock < (tr.beforeState.get(item.id.client) ?? 0)) continue;
        if (!(item.content instanceof Y.ContentType)) return "content that is not an element";
        blocks.add(item.content.type);
      }
      continue;
    }
    let block: Shared = type;
    while (block._item && block._item.parent !== fragment) block = block._item.parent as Shared;
    if (block._item && !block._item.deleted) blocks.add(block);
  }
  for (const block of blocks) {
    const problem = blockProblem(block);
    if (problem) return problem;
  }
  return null;
}
