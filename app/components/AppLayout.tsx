// Header, navigation by role and the user menu; collapses to a burger menu on phones.
import { AppShell, Badge, Burger, Button, Group, Menu, NavLink, Text, UnstyledButton } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Form, Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { SessionUser } from "~/models/user.server";
import { LanguageMenu } from "./LanguageMenu";

interface NavItem {
  to: string;
  label: string;
}

/** Panellists rate in the browser: "API tokens" only for those the API serves (admins, moderators, observers). */
function navFor(user: SessionUser | null, canUseApi: boolean, t: TFunction): NavItem[] {
  if (!user) return [];
  return [
    { to: "/consultations", label: t("nav.consultations") },
    { to: "/models", label: t("nav.models") },
    ...(canUseApi ? [{ to: "/account", label: t("nav.apiTokens") }] : []),
  ];
}

export function AppLayout({
  user,
  canUseApi = false,
  children,
}: {
  user: SessionUser | null;
  canUseApi?: boolean;
  children: ReactNode;
}) {
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const { t } = useTranslation();
  const nav = navFor(user, canUseApi, t);
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened, desktop: nav.length === 0 } }}
      padding="md"
    >
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            {nav.length > 0 && (
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t("toggleNavigation")} />
            )}
            <Text component={Link} to="/" fw={700} size="lg" c="indigo.9" style={{ textDecoration: "none" }}>
              {t("appName")}
            </Text>
          </Group>
          <Group gap="md" wrap="nowrap">
            <LanguageMenu chosen={user?.language ?? null} />
            {user ? (
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <UnstyledButton aria-label={t("accountMenuFor", { name: user.name })}>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" fw={500} truncate maw={160}>
                        {user.name}
                      </Text>
                      {user.isAdmin && (
                        <Badge size="sm" variant="light">
                          {t("nav.admin")}
                        </Badge>
                      )}
                    </Group>
                  </UnstyledButton>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>{user.email}</Menu.Label>
                  <Menu.Item component={Link} to="/account/password">
                    {t("nav.password")}
                  </Menu.Item>
                  <Form method="post" action="/logout">
                    <Menu.Item component="button" type="submit">
                      {t("nav.logOut")}
                    </Menu.Item>
                  </Form>
                </Menu.Dropdown>
              </Menu>
            ) : (
              location.pathname !== "/login" && (
                <Button component={Link} to="/login" size="xs" variant="light">
                  {t("nav.logIn")}
                </Button>
              )
            )}
          </Group>
        </Group>
      </AppShell.Header>
      {nav.length > 0 && (
        <AppShell.Navbar p="sm" aria-label={t("nav.main")}>
          {nav.map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              active={location.pathname.startsWith(item.to)}
              onClick={close}
            />
          ))}
        </AppShell.Navbar>
      )}
      <AppShell.Main id="main">{children}</AppShell.Main>
    </AppShell>
  );
}
