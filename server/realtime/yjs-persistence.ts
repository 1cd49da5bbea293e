// Stores live Yjs documents in the database: each update applied by this instance's clients as a YUpdate
// row, folded into YDocument.snapshot every `compactEvery` updates and when the document is unloaded.
// Several instances may store updates of one document at once (multi-instance mode): each stores only its own
// clients' updates, and compaction folds exactly the rows it read, under a lock, so no one's update is lost.
import * as Y from "yjs";
import type { Db } from "../db/client.js";
import { databaseProvider } from "../../app/models/audit.server.js";

/** Transaction origin of updates read back from the database: they are stored already. */
export const PERSISTENCE_ORIGIN = Symbol("yjs-persistence");

// First key of pg_advisory_xact_lock(int, int), the second is hashtext(document name).
const COMPACTION_LOCK_CLASS = 0x59444f43; // "YDOC"

export interface LoadedDocument {
  /** Updates stored since the snapshot (by any instance). */
  updateCount: number;
  /** Bytes stored: the snapshot plus the updates. */
  storedBytes: number;
}

/**
 * Applies the stored snapshot, then the stored updates in the order they were applied, to `doc`. Both are read
 * from one consistent view: another instance compacting in between could otherwise move updates out of the rows
 * into a snapshot this read has already passed.
 */
export async function loadDocument(db: Db, name: string, doc: Y.Doc): Promise<LoadedDocument> {
  const read = async (tx: Pick<Db, "yDocument" | "yUpdate">) => {
    const row = await tx.yDocument.findUnique({ where: { name }, select: { snapshot: true } });
    const updates = row
      ? await tx.yUpdate.findMany({ where: { docName: name }, orderBy: { id: "asc" }, select: { update: true } })
      : [];
    return { snapshot: row?.snapshot ?? null, updates };
  };
  // On PostgreSQL, REPEATABLE READ gives both reads one snapshot (SQLite transactions always do). The app is
  // typed against the SQLite client, which only names Serializable.
  const options =
    databaseProvider(db) === "postgresql"
      ? ({ isolationLevel: "RepeatableRead" } as unknown as { isolationLevel: "Serializable" })
      : undefined;
  const { snapshot, updates } = await db.$transaction(read, options);
  Y.transact(
    doc,
    () => {
      if (snapshot) Y.applyUpdate(doc, snapshot, PERSISTENCE_ORIGIN);
      for (const { update } of updates) Y.applyUpdate(doc, update, PERSISTENCE_ORIGIN);
    },
    PERSISTENCE_ORIGIN,
  );
  return {
    updateCount: updates.length,
    storedBytes: (snapshot?.length ?? 0) + updates.reduce((sum, u) => sum + u.update.length, 0),
  };
}

const bytes = (update: Uint8Array) => new Uint8Array(update);

/**
 * Writes one document's updates one at a time, in the order they were applied: when `flush()` resolves,
 * every update handed to `store()` before it is in the database (or folded into the snapshot).
 */
export class DocumentWriter {
  private queue: Promise<void> = Promise.resolve();
  /** Updates this writer stored since the last compaction. */
  private updateCount: number;
  /** Updates handed to `store()` and not yet written, and whether a write job is queued or running. */
  private pending: Uint8Array[] = [];
  private writing = false;
  /** The batch being gathered is written when this fires (or at once on `flush`/`compact`). */
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** An update could not be stored: only a snapshot of the in-memory state can save it now. */
  private unsaved = false;

  constructor(
    private readonly db: Db,
    readonly name: string,
    private readonly doc: Y.Doc,
    loaded: LoadedDocument,
    private readonly compactEvery: number,
    private readonly log: (message: string, error: unknown) => void,
    /** How long updates are gathered before a batch is written (flush and compaction write at once). */
    private readonly batchMs = 0,
  ) {
    this.updateCount = loaded.updateCount;
  }

  /** True when the database holds everything applied to the document so far (after `flush()`). */
  get saved(): boolean {
    return !this.unsaved;
  }

  store(update: Uint8Array): void {
    this.pending.push(update);
    if (this.writing) return;
    this.writing = true;
    // Updates arriving within `batchMs` of the first go together: one transaction per batch, not per keystroke.
    this.timer = setTimeout(() => this.startWriting(), this.batchMs);
  }

  private startWriting() {
    clearTimeout(this.timer);
    this.timer = undefined;
    void this.enqueue(async () => {
      while (this.pending.length > 0) {
        // A batch never crosses the compaction threshold: compaction folds exactly the first `compactEvery`.
        const batch = this.pending.splice(0, Math.max(1, this.compactEvery - this.updateCount));
        const size = batch.reduce((sum, u) => sum + u.length, 0);
        try {
          await this.append(batch, size);
          this.updateCount += batch.length;
        } catch (error) {
          this.unsaved = true;
          this.log(`could not store an update of ${this.name}`, error);
        }
        if (this.updateCount >= this.compactEvery) await this.compactNow(false);
      }
      this.writing = false;
    });
  }

  /**
   * Stores a batch in one transaction: the document row exists before its first update, and `size` stays
   * exact; one row per update, in the order they were applied. Raw statements: Prisma's query compiler would
   * take milliseconds of the event loop the collaborators' messages wait behind, several times a second.
   */
  private async append(batch: Uint8Array[], size: number) {
    const postgres = databaseProvider(this.db) === "postgresql";
    const statement = () => {
      const params: unknown[] = [];
      const param = (value: unknown) => (params.push(value), postgres ? `$${params.length}` : "?");
      return { params, param };
    };
    const now = new Date();
    const doc = statement();
    const upsert =
      `INSERT INTO "YDocument" ("name", "size", "updatedAt") VALUES (${doc.param(this.name)}, ${doc.param(size)}, ${doc.param(now)}) ` +
      `ON CONFLICT ("name") DO UPDATE SET "size" = "YDocument"."size" + excluded."size", "updatedAt" = excluded."updatedAt"`;
    const rows = statement();
    const insert =
      `INSERT INTO "YUpdate" ("docName", "update", "createdAt") VALUES ` +
      batch.map((u) => `(${rows.param(this.name)}, ${rows.param(bytes(u))}, ${rows.param(now)})`).join(", ");
    await this.db.$transaction([
      this.db.$executeRawUnsafe(upsert, ...doc.params),
      this.db.$executeRawUnsafe(insert, ...rows.params),
    ]);
  }

  /**
   * Folds the stored updates into one snapshot. Skipped when this writer stored nothing since the last one,
   * unless `force`: the document holds updates other instances relayed, which their writers may not have
   * stored (an instance that died before storing them), and only this in-memory copy can save them now.
   */
  compact(force = false): Promise<void> {
    if (this.timer) this.startWriting();
    return this.enqueue(() => this.compactNow(force));
  }

  flush(): Promise<void> {
    if (this.timer) this.startWriting();
    return this.enqueue(async () => {});
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(job);
    return this.queue;
  }

  private async compactNow(force: boolean) {
    if (this.updateCount === 0 && !this.unsaved && !force) return;
    // The in-memory state holds every update this instance stored, and possibly later ones still queued or
    // relayed from other instances: storing those again afterwards is harmless, Yjs updates are idempotent.
    const memory = Y.encodeStateAsUpdate(this.doc);
    const postgres = databaseProvider(this.db) === "postgresql";
    try {
      await this.db.$transaction(
        async (tx) => {
          // One compaction of a document at a time, across instances: two interleaved ones could each write a
          // snapshot lacking the rows the other deleted. Appends do not take the lock and are never blocked.
          if (postgres)
            await tx.$executeRawUnsafe(
              `SELECT pg_advisory_xact_lock(${COMPACTION_LOCK_CLASS}, hashtext($1))`,
              this.name,
            );
          const stored = await tx.yDocument.findUnique({ where: { name: this.name }, select: { snapshot: true } });
          // Another instance may append rows while this runs: only the rows read here are folded and deleted.
          const rows = await tx.yUpdate.findMany({
            where: { docName: this.name },
            orderBy: { id: "asc" },
            select: { id: true, update: true },
          });
          const merged = new Y.Doc();
          try {
            Y.transact(merged, () => {
              if (stored?.snapshot) Y.applyUpdate(merged, stored.snapshot);
              for (const row of rows) Y.applyUpdate(merged, row.update);
              Y.applyUpdate(merged, memory);
            });
            const snapshot = Y.encodeStateAsUpdate(merged);
            // `size` = snapshot + remaining rows; relative, as concurrent appends increment it too.
            const folded = (stored?.snapshot?.length ?? 0) + rows.reduce((sum, r) => sum + r.update.length, 0);
            await tx.yDocument.upsert({
              where: { name: this.name },
              create: { name: this.name, snapshot: bytes(snapshot), size: snapshot.length },
              update: { snapshot: bytes(snapshot), size: { increment: snapshot.length - folded } },
            });
            if (rows.length) await tx.yUpdate.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
          } finally {
            merged.destroy();
          }
        },
        { maxWait: 10_000, timeout: 30_000 },
      );
      this.updateCount = 0;
      this.unsaved = false;
    } catch (error) {
      this.log(`could not compact ${this.name}`, error);
    }
  }
}
