// The parts of a long round (shared/delphi/parts.ts) as links, each with how much of it is answered.
import { Button, Group } from "@mantine/core";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { VotingView } from "~/models/voting.server";

export function PartNavigation({ view }: { view: VotingView }) {
  const { t } = useTranslation("voting");
  const { parts, part } = view.outline;
  if (parts.length < 2) return null;
  return (
    <nav aria-label={t("parts.label")}>
      <Group gap="xs" wrap="wrap">
        {parts.map((p, i) => (
          <Button
            key={p.first}
            component={Link}
            to={`?part=${i + 1}`}
            size="compact-sm"
            variant={i === part ? "filled" : "light"}
            aria-current={i === part ? "page" : undefined}
            color={p.answered === p.items ? "green" : undefined}
          >
            {p.first}–{p.last} ({p.answered}/{p.items})
          </Button>
        ))}
      </Group>
    </nav>
  );
}
