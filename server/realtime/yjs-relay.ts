// Relays live documents between instances through Redis pub/sub, one channel per document
// (`<prefix>:yjs:<docName>`): Yjs updates, awareness, and the state-vector requests a newly loaded copy sends
// to catch up. Each message names the instance that sent it, so an instance ignores its own.
// A control channel relays access re-checks (a round changed status) to every instance and waits for them.
import { randomUUID } from "node:crypto";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import type { RedisLink } from "./redis.js";

export type RelayMessage =
  /** A document update one of the sender's clients made (stored by the sender). */
  | { kind: "update"; update: Uint8Array }
  /** Presence of the sender's clients. */
  | { kind: "awareness"; update: Uint8Array }
  /** "Send me what I lack": instances holding the document answer with an update (and their presence). */
  | { kind: "sync-request"; stateVector: Uint8Array };

const KINDS = ["update", "awareness", "sync-request"] as const;

/** Which connections an access re-check concerns (see YjsServer.refreshAccess). */
export interface RelayedScope {
  roundId?: string;
  consultationId?: string;
  docName?: string;
}

export interface YjsRelay {
  readonly instanceId: string;
  /**
   * Listens to a document's channel. Resolves once subscribed: everything published after that reaches
   * `receive`, so a copy that subscribes, then loads from the database, misses nothing.
   */
  join(docName: string, receive: (message: RelayMessage) => void): Promise<void>;
  leave(docName: string, receive: (message: RelayMessage) => void): Promise<void>;
  publish(docName: string, message: RelayMessage): void;
  /** Runs `refresh` on every other instance; resolves when all answered, or after `timeoutMs`. */
  refreshElsewhere(scope: RelayedScope): Promise<void>;
  /** What this instance does when another asks it to re-check access. */
  onRefresh(refresh: (scope: RelayedScope) => Promise<void>): void;
  /** Called when messages may have been missed (Redis connection lost and back). */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}

export function encodeRelayMessage(instanceId: string, message: RelayMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, instanceId);
  encoding.writeVarUint(encoder, KINDS.indexOf(message.kind));
  encoding.writeVarUint8Array(encoder, message.kind === "sync-request" ? message.stateVector : message.update);
  return encoding.toUint8Array(encoder);
}

export function decodeRelayMessage(bytes: Uint8Array): { from: string; message: RelayMessage } {
  const decoder = decoding.createDecoder(bytes);
  const from = decoding.readVarString(decoder);
  const kind = KINDS[decoding.readVarUint(decoder)];
  const payload = decoding.readVarUint8Array(decoder);
  if (kind === undefined) throw new Error("unknown relay message kind");
  return { from, message: kind === "sync-request" ? { kind, stateVector: payload } : { kind, update: payload } };
}

export function createYjsRelay(
  redis: RedisLink,
  options: { refreshTimeoutMs?: number; log?: (message: string, error?: unknown) => void } = {},
): YjsRelay {
  const { refreshTimeoutMs = 5_000, log = (message, error) => console.error(`yjs relay: ${message}`, error ?? "") } =
    options;
  const { pub, sub, prefix, instanceId } = redis;
  const docChannel = (docName: string) => `${prefix}:yjs:${docName}`;
  const controlChannel = `${prefix}:yjs-control`;
  const answerChannel = `${controlChannel}:${instanceId}`;
  /** Redis listeners by our document listeners, to unsubscribe exactly the one given to `leave`. */
  const listeners = new Map<(message: RelayMessage) => void, (raw: Buffer) => void>();
  const pendingRefreshes = new Map<string, { remaining: number; done: () => void }>();
  let refresh: (scope: RelayedScope) => Promise<void> = async () => {};

  const controlListener = (raw: string) => {
    let request: { from: string; id: string; scope: RelayedScope };
    try {
      request = JSON.parse(raw);
    } catch (error) {
      return log("malformed control message", error);
    }
    if (request.from === instanceId) return;
    refresh(request.scope)
      .catch((error) => log("access re-check failed", error))
      .finally(() => void pub.publish(`${controlChannel}:${request.from}`, request.id).catch(() => {}));
  };
  const answerListener = (id: string) => {
    const pending = pendingRefreshes.get(id);
    if (pending && --pending.remaining <= 0) pending.done();
  };
  const subscribed = Promise.all([
    sub.subscribe(controlChannel, controlListener),
    sub.subscribe(answerChannel, answerListener),
  ]);
  subscribed.catch((error) => log("could not subscribe to the control channel", error));

  return {
    instanceId,

    async join(docName, receive) {
      await subscribed;
      const listener = (raw: Buffer) => {
        let decoded: ReturnType<typeof decodeRelayMessage>;
        try {
          decoded = decodeRelayMessage(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
        } catch (error) {
          return log(`malformed message on ${docName}`, error);
        }
        if (decoded.from !== instanceId) receive(decoded.message);
      };
      listeners.set(receive, listener);
      await sub.subscribe(docChannel(docName), listener, true);
    },

    async leave(docName, receive) {
      const listener = listeners.get(receive);
      if (!listener) return;
      listeners.delete(receive);
      // Only the last listener of a channel unsubscribes it (another copy of the document may be loading).
      if (sub.isOpen) await sub.unsubscribe(docChannel(docName), listener, true);
    },

    publish(docName, message) {
      pub
        .publish(docChannel(docName), Buffer.from(encodeRelayMessage(instanceId, message)))
        .catch((error) => log(`could not relay ${message.kind} of ${docName}`, error));
    },

    async refreshElsewhere(scope) {
      const id = randomUUID();
      const subscribers = await pub.pubSubNumSub(controlChannel).catch(() => ({}) as Record<string, number>);
      const others = Number(subscribers[controlChannel] ?? 0) - 1;
      if (others <= 0) return;
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        pendingRefreshes.set(id, { remaining: others, done: resolve });
        timer = setTimeout(() => {
          log(`${pendingRefreshes.get(id)?.remaining} instance(s) did not confirm an access re-check in time`);
          resolve();
        }, refreshTimeoutMs);
        pub.publish(controlChannel, JSON.stringify({ from: instanceId, id, scope })).catch((error) => {
          log("could not relay an access re-check", error);
          resolve();
        });
      });
      clearTimeout(timer);
      pendingRefreshes.delete(id);
    },

    onRefresh(handler) {
      refresh = handler;
    },

    onReconnect: (listener) => redis.onReconnect(listener),

    async close() {
      for (const pending of pendingRefreshes.values()) pending.done();
      listeners.clear();
      if (sub.isOpen)
        await Promise.all([
          sub.unsubscribe(controlChannel, controlListener),
          sub.unsubscribe(answerChannel, answerListener),
        ]).catch(() => {});
    },
  };
}
