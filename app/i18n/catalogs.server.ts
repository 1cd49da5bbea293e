// Every catalog in memory, for server rendering (mails and the PDF report use them too).
import type { Language } from "../../shared/i18n/languages";
import type { Catalog } from "../locales";
import de from "../locales/de";
import en from "../locales/en";
import es from "../locales/es";
import fr from "../locales/fr";
import pt from "../locales/pt";

export const CATALOGS: Record<Language, Catalog> = { en, fr, de, es, pt };
