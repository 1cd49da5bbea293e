// Names of the live collaboration documents, shared by the browser editor and the Yjs server.

/**
 * The shared type holding an editor's content: a Y.XmlFragment, as y-prosemirror and Tiptap's Collaboration
 * extension use by default. The browser editor and the round-close snapshot must agree on it.
 */
export const RATIONALE_FIELD = "prosemirror";

/**
 * - `rationale.<roundItemId>`: the panel's rationale and proposed wording for an item, written by panellists
 *   while the round is open.
 * - `wording.<roundItemId>`: the moderators' reformulated wording, written while the round is under review (closed).
 */
export type DocumentKind = "rationale" | "wording";

export const documentName = (kind: DocumentKind, roundItemId: string) => `${kind}.${roundItemId}`;

export function parseDocumentName(name: string): { kind: DocumentKind; roundItemId: string } | null {
  const match = /^(rationale|wording)\.([A-Za-z0-9_-]{1,100})$/.exec(name);
  return match ? { kind: match[1] as DocumentKind, roundItemId: match[2]! } : null;
}
