import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Role } from "../../db/enums";
import type { Locale } from "~/lib/i18n";

type ShellUser = { id: number; name: string; email: string; role: Role; coordinator?: boolean };

// What each role reaches from the navigation; pages still check access on the server.
const navigation: Record<Role, Array<{ to: string; label: string }>> = {
  admin: [
    { to: "/", label: "nav.home" },
    { to: "/cases", label: "nav.cases" },
    { to: "/duplicates", label: "nav.duplicates" },
    { to: "/imports", label: "imports.title" },
    { to: "/training", label: "nav.training" },
    // An admin may sit on a review panel (they may score plans): their queue is one click away.
    { to: "/reviews", label: "nav.reviews" },
    { to: "/committee", label: "nav.committee" },
    { to: "/follow-up", label: "nav.followUp" },
    { to: "/outcomes", label: "outcomes.nav" },
    { to: "/admin/users", label: "nav.users" },
    { to: "/admin/organisations", label: "nav.organisations" },
    { to: "/admin/programmes", label: "nav.programmes" },
    { to: "/grants", label: "grants.nav.register" },
    { to: "/admin/funding", label: "grants.nav.funding" },
    { to: "/admin/audit", label: "nav.audit" },
    { to: "/admin/security", label: "nav.security" },
    { to: "/admin/locations", label: "locations.title" },
  ],
  officer: [
    { to: "/", label: "nav.home" },
    { to: "/cases", label: "nav.cases" },
    { to: "/duplicates", label: "nav.duplicates" },
    { to: "/imports", label: "imports.title" },
    { to: "/training", label: "nav.training" },
    { to: "/reviews", label: "nav.reviews" },
    { to: "/committee", label: "nav.committee" },
    { to: "/follow-up", label: "nav.followUp" },
    { to: "/outcomes", label: "outcomes.nav" },
    { to: "/grants", label: "grants.nav.register" },
    { to: "/grants/rates", label: "grants.nav.rates" },
  ],
  reviewer: [
    { to: "/", label: "nav.home" },
    { to: "/reviews", label: "nav.reviews" },
  ],
  mentor: [
    { to: "/", label: "nav.home" },
    { to: "/cases", label: "nav.myCases" },
  ],
  evaluator: [
    { to: "/", label: "nav.home" },
    { to: "/outcomes", label: "outcomes.nav" },
    { to: "/cases", label: "nav.cases" },
  ],
};

export function AppShell({ user, locale, children }: { user: ShellUser | null; locale: Locale; children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const otherLocale: Locale = locale === "uk" ? "en" : "uk";
  return (
    <>
      <a className="skip-link" href="#main">
        {t("shell.skipToContent")}
      </a>
      <header className="shell-header">
        <Link to="/" className="shell-brand">
          {t("app.name")}
        </Link>
        {user ? (
          <nav aria-label={t("shell.mainNavigation")} className="shell-nav">
            {[...navigation[user.role], ...(user.coordinator ? [{ to: "/follow-up", label: "nav.followUp" }] : [])].map((item) => (
              <NavLink key={item.to} to={item.to} end={item.to === "/"}>
                {t(item.label)}
              </NavLink>
            ))}
          </nav>
        ) : null}
        <div className="shell-tools">
          <Form method="post" action="/locale" className="inline-form">
            <input type="hidden" name="locale" value={otherLocale} />
            <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
            <button type="submit" className="button-link" lang={otherLocale}>
              {t(`shell.switchTo.${otherLocale}`)}
            </button>
          </Form>
          {user ? (
            <>
              <span className="shell-user">
                {user.name} · {t(`roles.${user.role}`)}
              </span>
              <Link to="/account/password" className="button-link">
                {t("shell.changePassword")}
              </Link>
              <Form method="post" action="/logout" className="inline-form">
                <button type="submit" className="button-link">
                  {t("shell.logout")}
                </button>
              </Form>
            </>
          ) : null}
        </div>
      </header>
      <main id="main" className="shell-main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
