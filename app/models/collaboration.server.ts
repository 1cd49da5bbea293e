// Live collaboration documents: their names, who may read or write them, and their state when a round closes.
// Panellists appear in shared documents only by pseudonym: nothing here ever returns a name or an email.
import * as Y from "yjs";
import type { Db } from "../../server/db/client.js";
import { loadDocument } from "../../server/realtime/yjs-persistence.js";
import type { SessionUser } from "./user.server.js";

import { RATIONALE_FIELD, documentName, parseDocumentName } from "../../shared/delphi/documents.js";

export { RATIONALE_FIELD, documentName, parseDocumentName, type DocumentKind } from "../../shared/delphi/documents.js";

export interface DocumentAccess {
  access: "write" | "read";
  /** How others see this user in the document: a pseudonym, "Moderator" or "Observer". */
  displayName: string;
  colour: string;
  consultationId: string;
  roundId: string;
  roundItemId: string;
}

// Each colour has at least 4.5:1 contrast against white (WCAG AA), both as text on white and behind white text.
export const PRESENCE_COLOURS = [
  "#1d4ed8",
  "#b91c1c",
  "#047857",
  "#7e22ce",
  "#a16207",
  "#be185d",
  "#0e7490",
  "#c2410c",
] as const;

/** A colour derived from the display name only, so "Expert 7" keeps it across documents and sessions. */
export function presenceColour(displayName: string): string {
  let hash = 2166136261; // FNV-1a
  for (let i = 0; i < displayName.length; i++) hash = Math.imul(hash ^ displayName.charCodeAt(i), 16777619);
  return PRESENCE_COLOURS[(hash >>> 0) % PRESENCE_COLOURS.length]!;
}

type Role = "moderator" | "panellist" | "observer";

/** What `user` may do with the document `docName`, or null when it is unknown or not theirs to see. */
export async function authorizeDocument(db: Db, user: SessionUser, docName: string): Promise<DocumentAccess | null> {
  const parsed = parseDocumentName(docName);
  if (!parsed) return null;
  const item = await db.roundItem.findUnique({
    where: { id: parsed.roundItemId },
    select: { id: true, round: { select: { id: true, status: true, consultationId: true } } },
  });
  if (!item) return null;
  const { round } = item;
  const member = await db.member.findUnique({
    where: { consultationId_userId: { consultationId: round.consultationId, userId: user.id } },
    select: { role: true, pseudonym: true, withdrawnAt: true },
  });
  // A panellist who withdrew consent is a stranger from then on, as in `membership` (access.server.ts).
  if (member?.withdrawnAt) return null;
  // Global admins moderate every consultation, whatever their membership says.
  const role: Role | null = user.isAdmin ? "moderator" : ((member?.role as Role | undefined) ?? null);
  if (!role) return null;

  let access: DocumentAccess["access"] | null;
  if (parsed.kind === "rationale") {
    // Moderators only read the panel's reasoning: they must not steer it while the round runs.
    access = role === "panellist" && round.status === "open" ? "write" : "read";
  } else {
    // Panellists rate the reformulated wording in the next round; they do not see the moderators' draft.
    if (role === "panellist") access = null;
    else access = role === "moderator" && round.status === "closed" ? "write" : "read";
  }
  if (!access) return null;

  const displayName = role === "panellist" ? member!.pseudonym : role === "moderator" ? "Moderator" : "Observer";
  return {
    access,
    displayName,
    colour: presenceColour(displayName),
    consultationId: round.consultationId,
    roundId: round.id,
    roundItemId: item.id,
  };
}

/** The readable text of an editor's content: one line per block, inline formatting dropped. */
export function plainText(doc: Y.Doc): string {
  return blockText(doc.getXmlFragment(RATIONALE_FIELD));
}

const INLINE_BREAKS = new Set(["hardBreak", "hard_break"]);

function blockText(node: Y.XmlFragment | Y.XmlElement): string {
  const children = node.toArray();
  const hasBlocks = children.some((c) => c instanceof Y.XmlElement && !INLINE_BREAKS.has(c.nodeName));
  const parts = children.map((child) => {
    if (child instanceof Y.XmlText)
      return (child.toDelta() as { insert: unknown }[])
        .map((d) => (typeof d.insert === "string" ? d.insert : ""))
        .join("");
    if (child instanceof Y.XmlElement) return INLINE_BREAKS.has(child.nodeName) ? "\n" : blockText(child);
    return "";
  });
  return parts.join(hasBlocks ? "\n" : "");
}

export interface RoundDocumentSnapshot {
  roundItemId: string;
  text: string;
  /** Y.encodeStateAsUpdate of the rationale document: restores the exact document later. */
  state: Uint8Array;
}

/**
 * The rationale documents of a round's items as persisted. Every applied update is stored as it arrives, so
 * after `YjsServer.refreshAccess({ roundId })` (which also flushes pending writes) this is the final state.
 */
export async function snapshotRoundDocuments(db: Db, roundId: string): Promise<RoundDocumentSnapshot[]> {
  const items = await db.roundItem.findMany({ where: { roundId }, orderBy: { position: "asc" }, select: { id: true } });
  // Only items someone wrote in have a document; skipping the rest keeps closing a large round fast.
  const written = new Set(
    (
      await db.yDocument.findMany({
        where: { name: { in: items.map((i) => documentName("rationale", i.id)) } },
        select: { name: true },
      })
    ).map((d) => d.name),
  );
  const snapshots: RoundDocumentSnapshot[] = [];
  for (const item of items.filter((i) => written.has(documentName("rationale", i.id)))) {
    const doc = new Y.Doc();
    try {
      await loadDocument(db, documentName("rationale", item.id), doc);
      snapshots.push({ roundItemId: item.id, text: plainText(doc), state: Y.encodeStateAsUpdate(doc) });
    } finally {
      doc.destroy();
    }
  }
  return snapshots;
}
