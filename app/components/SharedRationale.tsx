// The panel's shared rationale of an item as it stood when its round closed: read-only, never live.
// Plain elements (app/styles/voting.css): shown on round pages beside every carried-over item.
import { useTranslation } from "react-i18next";

export function SharedRationale({ round, text }: { round: number; text: string }) {
  const { t } = useTranslation("voting");
  return (
    <blockquote className="shared-rationale" data-testid="shared-rationale">
      <p className="vote-kind">{t("feedback.sharedRationale", { round })}</p>
      <p className="shared-rationale-text" dir="auto">
        {text}
      </p>
    </blockquote>
  );
}
