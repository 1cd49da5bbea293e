// The interface languages and how a stated preference (a user's setting, a browser's Accept-Language) picks one.
import Negotiator from "negotiator";

export const LANGUAGES = ["en", "fr", "de", "es", "pt"] as const;
export type Language = (typeof LANGUAGES)[number];
export const SOURCE_LANGUAGE: Language = "en";

/** Each language named in itself, as a language menu shows it. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: "English",
  fr: "Français",
  de: "Deutsch",
  es: "Español",
  pt: "Português",
};

export const isLanguage = (value: unknown): value is Language =>
  typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);

/**
 * The best of `available` for an Accept-Language header, by q-value; a regional tag matches its language
 * ("de-AT" → "de"). Null when nothing offered is acceptable.
 */
export function negotiate<T extends string>(acceptLanguage: string | null, available: readonly T[]): T | null {
  if (!acceptLanguage) return null;
  const preferred = new Negotiator({ headers: { "accept-language": acceptLanguage } }).languages();
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    const exact = available.find((a) => a.toLowerCase() === tag.toLowerCase());
    const match = exact ?? available.find((a) => a.toLowerCase() === base);
    if (match) return match;
  }
  return null;
}

/** The interface language: the user's own setting, else what the browser asks for, else English. */
export function interfaceLanguage(setting: string | null | undefined, acceptLanguage: string | null): Language {
  if (isLanguage(setting)) return setting;
  return negotiate(acceptLanguage, LANGUAGES) ?? SOURCE_LANGUAGE;
}
