// Header, navigation by role and the user menu; collapses to a burger menu on phones.
import { AppShell, Badge, Burger, Button, Group, Menu, NavLink, Text, UnstyledButton } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Form, Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { SessionUser } from "~/models/user.server";

interface NavItem {
  to: string;
  label: string;
}

/** Panellists rate in the browser: "API tokens" only for those the API serves (admins, moderators, observers). */
function navFor(user: SessionUser | null, canUseApi: boolean): NavItem[] {
  if (!user) return [];
  return [
    { to: "/consultations", label: "Consultations" },
    { to: "/models", label: "Models" },
    ...(canUseApi ? [{ to: "/account", label: "API tokens" }] : []),
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
  const nav = navFor(user, canUseApi);
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened, desktop: nav.length === 0 } }}
      padding="md"
    >
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            {nav.length > 0 && (
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            )}
            <Text component={Link} to="/" fw={700} size="lg" c="indigo.9" style={{ textDecoration: "none" }}>
              delphi-mlm
            </Text>
          </Group>
          {user ? (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={`Account menu for ${user.name}`}>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={500} truncate maw={160}>
                      {user.name}
                    </Text>
                    {user.isAdmin && (
                      <Badge size="sm" variant="light">
                        admin
                      </Badge>
                    )}
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{user.email}</Menu.Label>
                <Menu.Item component={Link} to="/account/password">
                  Password
                </Menu.Item>
                <Form method="post" action="/logout">
                  <Menu.Item component="button" type="submit">
                    Log out
                  </Menu.Item>
                </Form>
              </Menu.Dropdown>
            </Menu>
          ) : (
            location.pathname !== "/login" && (
              <Button component={Link} to="/login" size="xs" variant="light">
                Log in
              </Button>
            )
          )}
        </Group>
      </AppShell.Header>
      {nav.length > 0 && (
        <AppShell.Navbar p="sm" aria-label="Main navigation">
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
