// Hydration, once the page's catalog is loaded: the server rendered in the language named by <html lang>.
import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { isLanguage, SOURCE_LANGUAGE } from "../shared/i18n/languages";
import { createI18n } from "./i18n/i18n";
import { loadCatalog } from "./locales";

async function hydrate() {
  const lang = document.documentElement.lang;
  const language = isLanguage(lang) ? lang : SOURCE_LANGUAGE;
  const i18n = createI18n(language, await loadCatalog[language]());
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18n}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

void hydrate();
