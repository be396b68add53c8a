import type { MetaArgs } from "@remix-run/node";
import { defaultLocale, isLocale, translator } from "./i18n";

// A localised <title>: "Page · Livelihoods Tracker".
export function pageTitle(matches: MetaArgs["matches"], key: string) {
  const rootData = matches.find((match) => match.id === "root")?.data as { locale?: unknown } | undefined;
  const t = translator(isLocale(rootData?.locale) ? rootData.locale : defaultLocale);
  return [{ title: `${t(key)} · ${t("app.name")}` }];
}
