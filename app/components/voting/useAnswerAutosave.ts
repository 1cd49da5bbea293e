// Nothing a panellist types is lost: one item's answer (rating, comment, suggested rewording) is saved while
// typing (debounced), when the page is left (keepalive), and kept in localStorage until the server has it, so a
// reload or a lost connection restores the draft and saves it. Lengths are checked before sending, in words.
import type { TFunction } from "i18next";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { RatingValue } from "~/components/RatingScale";
import { useFormat, type Formats } from "../../i18n/format";
import { ApiError, callApi } from "./api";

export const TEXT_LIMIT = 5000;
const DEBOUNCE_MS = 800;

export interface Answer {
  value: RatingValue | undefined;
  comment: string;
  suggestion: string;
}
export type TextField = "comment" | "suggestion";
export type SaveState =
  | { state: "idle" }
  | { state: "saving" }
  | { state: "saved"; savedAt?: string }
  | { state: "error"; message: string; offline: boolean };

const tooLong = (text: string) => text.length > TEXT_LIMIT;

/** "Your comment is 7,290 characters; the limit is 5,000", or null; in the language of `t`. */
export function lengthError(
  field: TextField,
  text: string,
  t: TFunction<"voting">,
  f: Pick<Formats, "number">,
): string | null {
  return tooLong(text)
    ? t(`answer.tooLong.${field}`, { length: f.number(text.length), limit: f.number(TEXT_LIMIT) })
    : null;
}

interface Draft extends Answer {
  /** When it was typed (ms): a draft older than the server's answer is dropped. */
  at: number;
}

const draftKey = (roundId: string, itemId: string) => `delphi-mlm:draft:${roundId}:${itemId}`;
function readDraft(key: string): Draft | null {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}
function writeDraft(key: string, answer: Answer) {
  try {
    window.localStorage.setItem(key, JSON.stringify({ ...answer, at: Date.now() } satisfies Draft));
  } catch {
    // Storage full or disabled: the debounced save still runs.
  }
}
function dropDraft(key: string) {
  try {
    window.localStorage.removeItem(key);
  } catch {
    /* nothing to drop */
  }
}
const same = (a: Answer, b: Answer) => a.value === b.value && a.comment === b.comment && a.suggestion === b.suggestion;

export function useAnswerAutosave(options: {
  roundId: string;
  itemId: string;
  initial: Answer;
  savedAt: string | null;
  enabled: boolean;
  onSaved(): void;
}) {
  const { roundId, itemId, enabled } = options;
  const { t } = useTranslation("voting");
  const f = useFormat();
  const url = `/rounds/${roundId}/items/${itemId}/rating`;
  const key = draftKey(roundId, itemId);
  const [answer, setAnswer] = useState<Answer>(options.initial);
  const [save, setSave] = useState<SaveState>(
    options.savedAt ? { state: "saved", savedAt: options.savedAt } : { state: "idle" },
  );
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<TextField | "value", string>>>({});
  const latest = useRef(answer);
  const dirty = useRef(false);
  const inFlight = useRef(false);
  const again = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const onSaved = useRef(options.onSaved);
  onSaved.current = options.onSaved;

  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    const sent = latest.current;
    if (!enabled || sent.value === undefined || !dirty.current) return;
    const tooLong = {
      comment: lengthError("comment", sent.comment, t, f),
      suggestion: lengthError("suggestion", sent.suggestion, t, f),
    };
    if (tooLong.comment || tooLong.suggestion) {
      setFieldErrors({ comment: tooLong.comment ?? undefined, suggestion: tooLong.suggestion ?? undefined });
      setSave({ state: "error", message: t("answer.tooLongSave"), offline: false });
      return;
    }
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    setSave({ state: "saving" });
    try {
      const saved = await callApi(url, "PUT", sent);
      if (same(latest.current, sent)) {
        dirty.current = false;
        dropDraft(key);
      }
      setFieldErrors({});
      setSave({ state: "saved", savedAt: saved.savedAt });
      onSaved.current();
    } catch (error) {
      const e = error as ApiError;
      const offline = !(e instanceof ApiError);
      const byField: Partial<Record<TextField | "value", string>> = {};
      for (const d of e instanceof ApiError ? e.details : [])
        if (d.path === "comment" || d.path === "suggestion" || d.path === "value") byField[d.path] = e.message;
      setFieldErrors(byField);
      setSave({
        state: "error",
        offline,
        message: offline ? t("answer.offline") : e.message || t("answer.failed", { status: e.status }),
      });
    } finally {
      inFlight.current = false;
      if (again.current) {
        again.current = false;
        void flush();
      }
    }
  }, [enabled, key, url, t, f]);

  const update = (next: Partial<Answer>, now: boolean) => {
    const merged = { ...latest.current, ...next };
    latest.current = merged;
    dirty.current = true;
    setAnswer(merged);
    writeDraft(key, merged);
    clearTimeout(timer.current);
    if (now) void flush();
    else timer.current = setTimeout(() => void flush(), DEBOUNCE_MS);
  };

  // A draft the server never acknowledged (reload, closed tab, lost connection): restore it and save it.
  useEffect(() => {
    if (!enabled) return;
    const draft = readDraft(key);
    if (!draft) return;
    const server = options.savedAt ? Date.parse(options.savedAt) : 0;
    if (draft.at < server || same(draft, options.initial) || draft.value === undefined) {
      dropDraft(key);
      return;
    }
    const restored = { value: draft.value, comment: draft.comment ?? "", suggestion: draft.suggestion ?? "" };
    latest.current = restored;
    dirty.current = true;
    setAnswer(restored);
    void flush();
    // Once, on mount: later changes come through update().
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Leaving the page (tab closed, app switched, navigation): send what is pending with keepalive, which
  // outlives the page; the draft stays until a later load sees the server has it.
  useEffect(() => {
    if (!enabled) return;
    const leave = () => {
      const pending = latest.current;
      if (!dirty.current || pending.value === undefined) return;
      if (tooLong(pending.comment) || tooLong(pending.suggestion)) return;
      clearTimeout(timer.current);
      void fetch(`/api/v1${url}`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(pending),
        credentials: "same-origin",
        keepalive: true,
      }).catch(() => undefined);
    };
    const hidden = () => document.visibilityState === "hidden" && leave();
    const online = () => void flush();
    window.addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", hidden);
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("pagehide", leave);
      document.removeEventListener("visibilitychange", hidden);
      window.removeEventListener("online", online);
      // A navigation inside the app unmounts the card: what is pending goes now.
      leave();
    };
  }, [enabled, flush, url]);

  return {
    answer,
    save,
    fieldErrors,
    setValue: (value: RatingValue) => update({ value }, true),
    setText: (field: TextField, text: string) => update({ [field]: text }, false),
    /** Saves what is pending now (a field left). */
    flush: () => void flush(),
    retry: () => {
      dirty.current = true;
      void flush();
    },
  };
}
