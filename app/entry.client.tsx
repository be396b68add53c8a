import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { defaultLocale, isLocale, loadDictionary } from "~/lib/i18n";

// The page was rendered in its reader's language (<html lang>); its dictionary is preloaded by a
// <link data-dictionary>. Fetch that one dictionary, then hydrate with exactly the text the
// server wrote. Until then (or if it never arrives) the page works as plain HTML.
const lang = document.documentElement.lang;
const url = document.querySelector<HTMLLinkElement>("link[data-dictionary]")?.href;
if (url) {
  void loadDictionary(isLocale(lang) ? lang : defaultLocale, url).then(() => {
    startTransition(() => {
      hydrateRoot(
        document,
        <StrictMode>
          <RemixBrowser />
        </StrictMode>,
      );
    });
  });
}
