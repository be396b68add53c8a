import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useMemo, useReducer, type ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
import { AppShell } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getUser } from "~/lib/auth.server";
import { i18nFor, defaultLocale, hasDictionary, loadDictionary } from "~/lib/i18n";
import { dictionaryUrl } from "~/lib/i18n-dictionaries.server";
import { getLocale } from "~/lib/locale.server";
import { useNonce } from "~/lib/nonce";
import appStyles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const locale = await getLocale(request, user);
  return {
    locale,
    dictionaryUrl: dictionaryUrl(locale),
    // A partner NGO's coordinator (a mentor) also reaches the follow-up page.
    user: user && { id: user.id, name: user.name, email: user.email, role: user.role, ...(user.role === "mentor" && user.coordinator ? { coordinator: true } : {}) },
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

// Shared by the app and the error boundary, so error pages keep the language and navigation.
export function Layout({ children }: { children: ReactNode }) {
  const data = useRootData();
  const locale = data?.locale ?? defaultLocale;
  // After a switch of language the browser fetches the new dictionary; the page re-renders once
  // it arrives (i18nFor shows the loaded language meanwhile).
  const [dictionariesLoaded, dictionaryArrived] = useReducer((count: number) => count + 1, 0);
  const ready = hasDictionary(locale);
  useEffect(() => {
    if (!ready && data?.dictionaryUrl) void loadDictionary(locale, data.dictionaryUrl).then(dictionaryArrived);
  }, [locale, ready, data?.dictionaryUrl]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- made again once the dictionary arrives
  const i18n = useMemo(() => i18nFor(locale), [locale, dictionariesLoaded]);
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {/* The reader's dictionary, fetched by entry.client.tsx before hydration. */}
        {data?.dictionaryUrl ? <link rel="preload" as="fetch" href={data.dictionaryUrl} crossOrigin="anonymous" data-dictionary="" /> : null}
      </head>
      <body>
        <I18nextProvider i18n={i18n}>
          <AppShell user={data?.user ?? null} locale={locale}>
            {children}
          </AppShell>
        </I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
