// One i18next instance per render (server) or page load (browser), holding the one catalog it shows.
import { createInstance, type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import type { Language } from "../../shared/i18n/languages";
import type { Catalog } from "../locales";
import type en from "../locales/en";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "common";
    resources: typeof en;
  }
}

/**
 * No fallback language: a message missing from a catalog would show English in the middle of German, so
 * catalogs are complete instead (TypeScript and app/locales/catalogs.test.ts). React escapes, so i18next doesn't.
 */
export function createI18n(language: Language, catalog: Catalog): i18n {
  const instance = createInstance();
  void instance.use(initReactI18next).init({
    lng: language,
    resources: { [language]: catalog },
    ns: Object.keys(catalog),
    defaultNS: "common",
    fallbackLng: false,
    interpolation: { escapeValue: false },
    initImmediate: false,
    returnNull: false,
  });
  return instance;
}

/** Switch a live instance to another language (after the user changes their setting). */
export async function switchLanguage(instance: i18n, language: Language, catalog: Catalog) {
  for (const [ns, messages] of Object.entries(catalog)) instance.addResourceBundle(language, ns, messages, true, true);
  await instance.changeLanguage(language);
}
