// Subscribes the page to a consultation's live events (socket.io, same session cookie) and
// revalidates the loaders when something changes, so every screen of a round updates without reload.
// socket.io reconnects on its own with backoff; the server's connection state recovery replays what was missed
// during a short outage, and after a longer one (not recovered) the page re-fetches its data.
import { useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { LiveEvent } from "~/models/events";

const EVENT_TYPES: LiveEvent["type"][] = [
  "rating:saved",
  "round:progress",
  "round:status",
  "decision:recorded",
  "live:figures",
];

export function useLiveEvents(consultationId: string, onEvent?: (event: LiveEvent) => void): boolean {
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const [connected, setConnected] = useState(false);
  const latest = useRef({ revalidator, navigation, onEvent });
  latest.current = { revalidator, navigation, onEvent };

  useEffect(() => {
    const socket: Socket = io({ path: "/socket.io", transports: ["websocket"], withCredentials: true });
    let pending: ReturnType<typeof setTimeout> | undefined;
    // Bursts (a panel rating quickly) coalesce into one reload.
    // A form submission in flight revalidates anyway; reloading under it would race with it.
    const reload = () => {
      const { navigation, revalidator } = latest.current;
      if (navigation.state !== "idle" || revalidator.state !== "idle") pending = setTimeout(reload, 300);
      else revalidator.revalidate();
    };
    const reloadSoon = () => {
      clearTimeout(pending);
      pending = setTimeout(reload, 250);
    };
    let connectedBefore = false;
    socket.on("connect", () => {
      // Recovered: the server kept our rooms and replays the events we missed.
      if (socket.recovered) return setConnected(true);
      socket.emit("consultation:join", { consultationId }, (reply: { ok: boolean }) => setConnected(reply.ok));
      // Events sent while we were away are lost: what the page shows may be stale.
      if (connectedBefore) reloadSoon();
      connectedBefore = true;
    });
    socket.on("disconnect", () => setConnected(false));
    for (const type of EVENT_TYPES)
      socket.on(type, (event: LiveEvent) => {
        latest.current.onEvent?.(event);
        reloadSoon();
      });
    return () => {
      clearTimeout(pending);
      socket.close();
    };
  }, [consultationId]);
  return connected;
}
