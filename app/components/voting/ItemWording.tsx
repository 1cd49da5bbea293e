// An item's wording in the panellist's language, with "Show original wording" to read the model's own text; an
// item reworded without a translation shows its source wording and says so.
import { useState } from "react";
import { useTranslation } from "react-i18next";

type Wording = string | string[];

function WordingText({ wording, lang }: { wording: Wording; lang: string }) {
  return Array.isArray(wording) ? (
    <ol className="vote-levels" lang={lang}>
      {wording.map((l, i) => (
        <li key={i} dir="auto">
          {l}
        </li>
      ))}
    </ol>
  ) : (
    <p className="vote-wording" lang={lang} dir="auto">
      {wording}
    </p>
  );
}

export function ItemWording({
  item,
  language,
  sourceLanguage,
}: {
  item: { key: string; wording: Wording; language: string; sourceWording: Wording };
  /** The language the panellist reads the items in. */
  language: string;
  sourceLanguage: string;
}) {
  const { t } = useTranslation("voting");
  const [original, setOriginal] = useState(false);
  const translated = item.language !== sourceLanguage;
  return (
    <>
      <WordingText
        wording={original ? item.sourceWording : item.wording}
        lang={original ? sourceLanguage : item.language}
      />
      {translated && (
        <button
          type="button"
          className="vote-link-button"
          aria-pressed={original}
          data-testid={`original-${item.key}`}
          onClick={() => setOriginal((o) => !o)}
        >
          {original
            ? t("item.showTranslated", { language: item.language.toUpperCase() })
            : t("item.showOriginal", { language: sourceLanguage.toUpperCase() })}
        </button>
      )}
      {!translated && language !== sourceLanguage && (
        <p className="vote-note" data-testid={`untranslated-${item.key}`}>
          {t("item.untranslated", { language: language.toUpperCase(), source: sourceLanguage.toUpperCase() })}
        </p>
      )}
    </>
  );
}
