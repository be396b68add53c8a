import { createCookie } from "@remix-run/node";
import { defaultLocale, isLocale, type Locale } from "./i18n";

export const localeCookie = createCookie("lt_locale", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 365 * 24 * 60 * 60,
});

// The explicit choice (cookie) wins, then the signed-in user's saved choice, then Ukrainian.
export async function getLocale(request: Request, user?: { locale: string } | null): Promise<Locale> {
  const chosen = await localeCookie.parse(request.headers.get("Cookie"));
  if (isLocale(chosen)) return chosen;
  if (user && isLocale(user.locale)) return user.locale;
  return defaultLocale;
}
