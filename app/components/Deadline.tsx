// A deadline as its reader expects it: in their own time zone and language, with how far away it is ("in 3 days").
// The server renders it in UTC (it does not know the reader's zone); the browser replaces that after hydration.
import { useEffect, useState } from "react";
import { useFormat } from "../i18n/format";
import { formatDateTime } from "../../shared/export/format";

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** "in 3 days", "tomorrow", "in 5 hours", "2 days ago" — the largest whole unit, rounded to the nearest. */
export function relativeTime(at: Date, now: Date, locale?: string): string {
  const ms = at.getTime() - now.getTime();
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  for (const [unit, size] of UNITS) if (Math.abs(ms) >= size) return format.format(Math.round(ms / size), unit);
  return format.format(0, "minute");
}

/** The date and time in the reader's zone, naming the zone. */
export function localDateTime(at: Date, locale?: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
    timeZone,
  }).format(at);
}

export function Deadline({ at }: { at: string }) {
  const { locale } = useFormat();
  const [local, setLocal] = useState<string | null>(null);
  useEffect(() => {
    const date = new Date(at);
    const update = () => setLocal(`${localDateTime(date, locale)} (${relativeTime(date, new Date(), locale)})`);
    update();
    const timer = setInterval(update, 60_000);
    return () => clearInterval(timer);
  }, [at, locale]);
  return <time dateTime={at}>{local ?? formatDateTime(at)}</time>;
}
