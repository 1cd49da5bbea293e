// The header's language menu: every interface language named in itself, and "as my browser asks".
import { Menu, UnstyledButton } from "@mantine/core";
import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LANGUAGES, LANGUAGE_NAMES, isLanguage } from "../../shared/i18n/languages";

export function LanguageMenu({ chosen }: { chosen: string | null }) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const current = isLanguage(i18n.language) ? i18n.language : "en";
  const choice = (value: string, label: string) => (
    <Form method="post" action="/language" key={value || "browser"}>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <Menu.Item
        component="button"
        type="submit"
        name="language"
        value={value}
        lang={value || undefined}
        fw={value === (chosen ?? "") ? 700 : undefined}
      >
        {label}
      </Menu.Item>
    </Form>
  );
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t("language.current", { language: LANGUAGE_NAMES[current] })} fz="sm" fw={500}>
          {current.toUpperCase()}
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t("language.label")}</Menu.Label>
        {LANGUAGES.map((l) => choice(l, LANGUAGE_NAMES[l]))}
        {choice("", t("language.browserDefault"))}
      </Menu.Dropdown>
    </Menu>
  );
}
