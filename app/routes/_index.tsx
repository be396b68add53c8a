import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { lazy, Suspense, type ComponentType } from "react";
import { useTranslation } from "react-i18next";
import type { HomeData } from "~/components/home/home-data";
import { homePanels } from "~/components/home/home-panels.server";
import { PageHeader } from "~/components/page-header";
import { requireUser } from "~/lib/auth.server";
import { pageTitle } from "~/lib/meta";
import { homeFor } from "~/modules/home/home.server";
import followupStyles from "~/styles/followup.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: followupStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { user: { name: user.name, role: user.role }, home: homeFor(user) };
}

// Each role's panels are a chunk of their own, so a mentor's phone never downloads the officers'
// queues (issue 10: the mentor home and the visit form within 120 KB of JavaScript). The server
// renders them statically (home-panels.server.ts); in the browser the reader's chunk arrives
// while the page is already shown, and React hydrates it then.
const panelsOnDemand = {
  admin: lazy(() => import("~/components/home/admin-home")),
  officer: lazy(() => import("~/components/home/officer-home")),
  mentor: lazy(() => import("~/components/home/mentor-home")),
  evaluator: lazy(() => import("~/components/home/evaluator-home")),
  reviewer: lazy(() => import("~/components/home/reviewer-home")),
};

function RolePanels({ home }: { home: HomeData }) {
  const panels = typeof document === "undefined" ? homePanels : panelsOnDemand;
  const Panels = panels[home.role] as ComponentType<{ home: HomeData }>;
  return (
    <Suspense fallback={null}>
      <Panels home={home} />
    </Suspense>
  );
}

export default function HomePage() {
  const { t } = useTranslation();
  const { user, home } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={t("home.greeting", { name: user.name })}>
        <p className="lead">{t(`home.intro.${user.role}`)}</p>
      </PageHeader>
      <RolePanels home={home} />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.home");
