// Keeps live documents representable by the browser editor. A y-prosemirror client that receives content its
// schema cannot build (an unknown node or mark, a bad attribute) deletes it, i.e. writes back: a reader
// (moderator, observer) is then closed as read-only and loses the live view. So every incoming update is first
// applied to a shadow copy of the document and checked against the editor's ProseMirror schema.
import { getSchema } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import type { Node as ProseMirrorNode, NodeType, MarkType } from "@tiptap/pm/model";
import { yXmlFragmentToProsemirrorJSON } from "y-prosemirror";
import * as Y from "yjs";
import { RATIONALE_FIELD } from "../../shared/delphi/documents.js";

/** The schema of app/components/RationaleEditor.tsx (Tiptap StarterKit): change both together. */
export const editorSchema = getSchema([StarterKit.configure({ history: false })]);

const MAX_ATTRIBUTE_LENGTH = 200;

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
function elementProblem(node: Y.XmlElement | Y.XmlText | Y.AbstractType<unknown>, topLevel: boolean): string | null {
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

/**
 * Why this document's content cannot be shown by the editor, or null when it can: only the editor's shared
 * type, only the schema's nodes, marks and attributes, and content the schema's rules accept.
 */
export function documentProblem(doc: Y.Doc): string | null {
  const structural = structuralProblem(doc);
  if (structural) return structural;
  const fragment = doc.getXmlFragment(RATIONALE_FIELD);
  if (fragment.length === 0) return null; // a new document: the editor shows an empty paragraph
  try {
    const root: ProseMirrorNode = editorSchema.nodeFromJSON(yXmlFragmentToProsemirrorJSON(fragment));
    root.check();
  } catch (error) {
    return error instanceof Error ? error.message : "content the editor's schema does not accept";
  }
  return null;
}

/** The problems y-prosemirror cannot get past: unknown shared types, nodes, marks and attributes. */
function structuralProblem(doc: Y.Doc): string | null {
  for (const name of doc.share.keys()) if (name !== RATIONALE_FIELD) return `unknown shared type "${name}"`;
  // Strings or embeds straight in the fragment are not shared types: toArray shows them as plain values.
  for (const child of doc.getXmlFragment(RATIONALE_FIELD).toArray()) {
    const problem = elementProblem(child as Y.XmlElement, true);
    if (problem) return problem;
  }
  return null;
}

/**
 * A shadow copy of a live document on which incoming updates are tried before they reach the real one.
 * `mirror` keeps it in step with updates from elsewhere (storage, other instances) that were not tried.
 */
export class UpdateValidator {
  private shadow: Y.Doc | null = null;
  /** Whether the shadow's content passed `documentProblem` (null: not checked since it last changed). */
  private valid: boolean | null = null;

  constructor(private readonly doc: Y.Doc) {}

  private copy(): Y.Doc {
    if (!this.shadow) {
      this.shadow = new Y.Doc({ gc: true });
      Y.applyUpdate(this.shadow, Y.encodeStateAsUpdate(this.doc));
      this.valid = null;
    }
    return this.shadow;
  }

  /** Applies an update the real document received without `check` (storage, another instance). */
  mirror(update: Uint8Array) {
    if (!this.shadow) return;
    Y.applyUpdate(this.shadow, update);
    this.valid = null;
  }

  /**
   * Why `update` must not be applied, or null. A document that was already not representable (content stored
   * before this check, or two valid concurrent edits merging into a shape the schema rejects) does not block
   * every later edit: then only updates adding unknown nodes, marks or attributes are refused.
   */
  check(update: Uint8Array): string | null {
    const shadow = this.copy();
    const validBefore = this.valid ?? documentProblem(shadow) === null;
    try {
      Y.applyUpdate(shadow, update);
    } catch {
      this.discard();
      return "malformed update";
    }
    // Content depending on changes the server does not have would stay invisible, then appear unchecked.
    if (shadow.store.pendingStructs || shadow.store.pendingDs) {
      this.discard();
      return "update depends on changes the server does not have";
    }
    const problem = documentProblem(shadow);
    const structural = problem !== null && !validBefore ? structuralProblem(shadow) : problem;
    if (structural) {
      this.discard();
      return structural;
    }
    this.valid = problem === null;
    return null;
  }

  /** The shadow holds a refused update: rebuilt from the real document when next needed. */
  private discard() {
    this.shadow?.destroy();
    this.shadow = null;
    this.valid = null;
  }

  destroy() {
    this.discard();
  }
}
