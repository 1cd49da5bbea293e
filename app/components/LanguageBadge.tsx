// The language a comment was written in ("DE"), shown only where the server allowed it (enough answers in that
// language on the item: shared/delphi/comment-languages.ts). Plain markup: it also renders inside the voting page.
import { useTranslation } from "react-i18next";

export function LanguageBadge({ language }: { language: string | null | undefined }) {
  const { t } = useTranslation("voting");
  if (!language) return null;
  return (
    <span className="language-badge" title={t("item.writtenIn", { language })} data-testid="language-badge">
      {language.toUpperCase()}
    </span>
  );
}
