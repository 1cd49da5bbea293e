// The document and app shell: Mantine theme, header with navigation by role and the user menu.
import {
  ColorSchemeScript,
  MantineProvider,
  TableScrollContainer,
  createTheme,
  darken,
  type CSSVariablesResolver,
} from "@mantine/core";
import mantineStyles from "@mantine/core/styles.css";
import mantineChartStyles from "@mantine/charts/styles.css";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useRouteError,
} from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { AppLayout } from "./components/AppLayout";
import appStyles from "./styles/app.css";
import votingStyles from "./styles/voting.css";
import { useNonce } from "./nonce";
import { currentUser } from "./session.server";
import { canUseApi } from "./models/api-token.server";
import { requestLanguage } from "./i18n/language.server";
import { switchLanguage } from "./i18n/i18n";
import { loadCatalog } from "./locales";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: mantineStyles },
  { rel: "stylesheet", href: mantineChartStyles },
  { rel: "stylesheet", href: appStyles },
  { rel: "stylesheet", href: votingStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "delphi-mlm" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = currentUser(context);
  return {
    user,
    canUseApi: user ? await canUseApi(context.db, user) : false,
    language: requestLanguage(request, user),
  };
}

// Default Mantine blue fails AA for small text on white; a darker primary shade passes. Filled colours pick
// black or white text by luminance, with the threshold where either reaches 4.5:1 (WCAG AA).
const theme = createTheme({
  primaryColor: "indigo",
  primaryShade: 8,
  defaultRadius: "md",
  autoContrast: true,
  luminanceThreshold: 0.18,
  components: {
    // A table wider than the screen scrolls sideways: its scroll area takes focus so keyboards can scroll it.
    TableScrollContainer: TableScrollContainer.extend({
      defaultProps: { scrollAreaProps: { viewportProps: { tabIndex: 0 } } },
    }),
  },
});
// The "light" variant (badges, light buttons, alerts) draws shade 6 on a pale tint: 3:1 at best. Its text
// colour darkened from shade 9 reaches 4.5:1 on every tint; placeholders get a readable grey too.
const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    ...Object.fromEntries(
      Object.entries(t.colors).map(([name, shades]) => [
        `--mantine-color-${name}-light-color`,
        darken(shades[9], 0.35),
      ]),
    ),
    "--mantine-color-placeholder": t.colors.gray[7],
  },
  dark: {},
});

function Document({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const { i18n } = useTranslation();
  return (
    <html lang={i18n.language} dir={i18n.dir()}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        <ColorSchemeScript defaultColorScheme="light" nonce={nonce} />
      </head>
      <body>
        <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
          {children}
        </MantineProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { user, canUseApi, language } = useLoaderData<typeof loader>();
  const { i18n } = useTranslation();
  // After the user changes their language the next page load says so; the browser fetches that catalog.
  useEffect(() => {
    if (i18n.language !== language) void loadCatalog[language]().then((c) => switchLanguage(i18n, language, c));
  }, [i18n, language]);
  return (
    <Document>
      <AppLayout user={user} canUseApi={canUseApi}>
        <Outlet />
      </AppLayout>
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const title = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : t("error.somethingWrong");
  const detail = isRouteErrorResponse(error) && typeof error.data === "string" ? error.data : t("error.tryAgain");
  return (
    <Document>
      <AppLayout user={null}>
        <h1>{title}</h1>
        <p>{detail}</p>
        <a href="/models">{t("error.backToModels")}</a>
      </AppLayout>
    </Document>
  );
}
