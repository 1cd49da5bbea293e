// The language a comment was written in ("DE"), shown only where the server allowed it (enough answers in that
// language on the item: shared/delphi/comment-languages.ts). Plain markup: it also renders inside the voting page.
export function LanguageBadge({ language }: { language: string | null | undefined }) {
  if (!language) return null;
  return (
    <span className="language-badge" lang="en" title={`Written in ${language}`} data-testid="language-badge">
      {language.toUpperCase()}
    </span>
  );
}
