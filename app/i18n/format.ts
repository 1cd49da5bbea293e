// Numbers, figures and dates in the page's language (Intl), for components: const f = useFormat(); f.pct(85.7).
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { formatChange, formatCoefficient, formatFigure, formatP, formatPct } from "../../shared/export/format";

export function formatsFor(locale: string) {
  const integer = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
  const date = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  const dateTime = new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "UTC",
    timeZoneName: "short",
  });
  const list = new Intl.ListFormat(locale, { type: "conjunction" });
  return {
    locale,
    /** a count, grouped as the locale does ("1,234", "1.234") */
    number: (n: number) => integer.format(n),
    /** a share 0–1 as a whole percentage ("86%", "86 %") */
    share: (x: number) => percent.format(x),
    pct: (p: number | null | undefined) => formatPct(p, locale),
    figure: (x: number | null | undefined) => formatFigure(x, locale),
    coefficient: (x: number | null | undefined) => formatCoefficient(x, locale),
    p: (x: number | null | undefined) => formatP(x, locale),
    change: (x: number | null | undefined) => formatChange(x, locale),
    /** a date in UTC, as the server renders it (the Deadline component localises the zone after hydration) */
    date: (iso: string | Date | null | undefined) => (iso ? date.format(new Date(iso)) : "—"),
    dateTime: (iso: string | Date | null | undefined) => (iso ? dateTime.format(new Date(iso)) : "—"),
    list: (items: string[]) => list.format(items),
  };
}

export type Formats = ReturnType<typeof formatsFor>;

export function useFormat(): Formats {
  const { i18n } = useTranslation();
  return useMemo(() => formatsFor(i18n.language), [i18n.language]);
}
