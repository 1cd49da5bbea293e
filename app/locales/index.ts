// The catalogs by language. The server holds them all; a browser loads only its own (each is its own chunk).
import type { Language } from "../../shared/i18n/languages";
import type en from "./en";
import type { Messages } from "./types";

export type Catalog = Messages<typeof en>;

export const loadCatalog: Record<Language, () => Promise<Catalog>> = {
  en: () => import("./en").then((m) => m.default),
  fr: () => import("./fr").then((m) => m.default),
  de: () => import("./de").then((m) => m.default),
  es: () => import("./es").then((m) => m.default),
  pt: () => import("./pt").then((m) => m.default),
};
