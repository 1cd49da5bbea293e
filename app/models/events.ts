// Live events pushed to the browsers of a consultation (socket.io rooms, server/realtime/socket.ts).
// Payloads carry counts and states only — never who rated or what.

export type LiveEvent =
  | { type: "rating:saved"; roundId: string; itemId: string; ratedCount: number }
  | { type: "round:progress"; roundId: string; finished: number; panel: number }
  | { type: "round:status"; roundId: string; number: number; status: string }
  | { type: "decision:recorded"; roundId: string; itemId: string }
  // A real-time round published new group figures for `items` items (aggregates, batched: app/models/live.server.ts).
  | { type: "live:figures"; roundId: string; items: number };

/** What clients receive: the event and when the server sent it (ms since the epoch, sub-millisecond). */
export type LiveMessage = LiveEvent & { at: number };

export interface LiveEvents {
  emit(consultationId: string, event: LiveEvent, audience?: "all" | "moderators"): void;
  /**
   * Called after a round changes status: the collaboration server re-checks who may still write
   * the round's shared documents and flushes them to the database (server/realtime/yjs.ts).
   */
  roundStatusChanged?(roundId: string): Promise<void>;
  /**
   * Called after someone lost access — a session ended (logout, expiry), a role was removed, a panellist
   * withdrew: every socket.io and Yjs connection of that session or user re-checks and closes if refused.
   */
  accessRevoked?(who: { userId?: string; sessionId?: string }): Promise<void>;
}

export const noLiveEvents: LiveEvents = { emit: () => {} };
