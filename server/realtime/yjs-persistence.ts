// Stores live Yjs documents in the database: each applied update as a YUpdate row, folded into
// YDocument.snapshot every `compactEvery` updates and when the document is unloaded.
import * as Y from "yjs";
import type { Db } from "../db/client.js";

/** Transaction origin of updates read back from the database: they are stored already. */
export const PERSISTENCE_ORIGIN = Symbol("yjs-persistence");

export interface LoadedDocument {
  /** Id of the last stored update folded into `doc`; compaction deletes up to it. */
  lastUpdateId: number;
  /** Updates stored since the snapshot. */
  updateCount: number;
  /** Bytes stored: the snapshot plus the updates. */
  storedBytes: number;
}

/** Applies the stored snapshot, then the stored updates in the order they were applied, to `doc`. */
export async function loadDocument(db: Db, name: string, doc: Y.Doc): Promise<LoadedDocument> {
  const row = await db.yDocument.findUnique({
    where: { name },
    select: { snapshot: true, updates: { orderBy: { id: "asc" }, select: { id: true, update: true } } },
  });
  if (!row) return { lastUpdateId: 0, updateCount: 0, storedBytes: 0 };
  Y.transact(
    doc,
    () => {
      if (row.snapshot) Y.applyUpdate(doc, row.snapshot, PERSISTENCE_ORIGIN);
      for (const { update } of row.updates) Y.applyUpdate(doc, update, PERSISTENCE_ORIGIN);
    },
    PERSISTENCE_ORIGIN,
  );
  return {
    lastUpdateId: row.updates.at(-1)?.id ?? 0,
    updateCount: row.updates.length,
    storedBytes: (row.snapshot?.length ?? 0) + row.updates.reduce((sum, u) => sum + u.update.length, 0),
  };
}

const bytes = (update: Uint8Array) => new Uint8Array(update);

/**
 * Writes one document's updates one at a time, in the order they were applied: when `flush()` resolves,
 * every update handed to `store()` before it is in the database (or folded into the snapshot).
 */
export class DocumentWriter {
  private queue: Promise<void> = Promise.resolve();
  private lastUpdateId: number;
  private updateCount: number;
  /** An update could not be stored: only a snapshot of the in-memory state can save it now. */
  private unsaved = false;

  constructor(
    private readonly db: Db,
    readonly name: string,
    private readonly doc: Y.Doc,
    loaded: LoadedDocument,
    private readonly compactEvery: number,
    private readonly log: (message: string, error: unknown) => void,
  ) {
    this.lastUpdateId = loaded.lastUpdateId;
    this.updateCount = loaded.updateCount;
  }

  /** True when the database holds everything applied to the document so far (after `flush()`). */
  get saved(): boolean {
    return !this.unsaved;
  }

  store(update: Uint8Array): void {
    void this.enqueue(async () => {
      try {
        // One transaction: the document row exists before its first update, and `size` stays exact.
        const [, row] = await this.db.$transaction([
          this.db.yDocument.upsert({
            where: { name: this.name },
            create: { name: this.name, size: update.length },
            update: { size: { increment: update.length } },
          }),
          this.db.yUpdate.create({ data: { docName: this.name, update: bytes(update) }, select: { id: true } }),
        ]);
        this.lastUpdateId = row.id;
        this.updateCount += 1;
      } catch (error) {
        this.unsaved = true;
        this.log(`could not store an update of ${this.name}`, error);
      }
      if (this.updateCount >= this.compactEvery) await this.compactNow();
    });
  }

  /** Folds the stored updates into one snapshot (skipped when there is nothing to fold). */
  compact(): Promise<void> {
    return this.enqueue(() => this.compactNow());
  }

  flush(): Promise<void> {
    return this.enqueue(async () => {});
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(job);
    return this.queue;
  }

  private async compactNow() {
    if (this.updateCount === 0 && !this.unsaved) return;
    // The in-memory state contains every stored update (they were applied before being queued), and
    // possibly later ones still queued: storing those again afterwards is harmless, Yjs updates are idempotent.
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    const foldedUpTo = this.lastUpdateId;
    try {
      await this.db.$transaction([
        this.db.yDocument.upsert({
          where: { name: this.name },
          create: { name: this.name, snapshot: bytes(snapshot), size: snapshot.length },
          update: { snapshot: bytes(snapshot), size: snapshot.length },
        }),
        this.db.yUpdate.deleteMany({ where: { docName: this.name, id: { lte: foldedUpTo } } }),
      ]);
      this.updateCount = 0;
      this.unsaved = false;
    } catch (error) {
      this.log(`could not compact ${this.name}`, error);
    }
  }
}
