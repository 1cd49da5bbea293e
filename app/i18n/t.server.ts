// Messages the server writes outside React — a page's <title> (meta reads it from the loader), a route action's
// own answer — in the language the page is rendered in (app/i18n/language.server.ts).
import type { i18n, TFunction } from "i18next";
import type { Language } from "../../shared/i18n/languages";
import type en from "../locales/en";
import { CATALOGS } from "./catalogs.server";
import { createI18n } from "./i18n";
import { requestLanguage } from "./language.server";

// One instance per language, made on first use: a fixed t never changes its instance's language.
const instances = new Map<Language, i18n>();

export function serverT<N extends keyof typeof en>(
  request: Request,
  user: { language: string | null } | null,
  ns: N,
): TFunction<N> {
  const language = requestLanguage(request, user);
  let instance = instances.get(language);
  if (!instance) instances.set(language, (instance = createI18n(language, CATALOGS[language])));
  return instance.getFixedT(language, ns);
}
