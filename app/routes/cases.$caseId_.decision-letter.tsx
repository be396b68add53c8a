import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/lib/auth.server";
import { formatDate, formatMoney } from "~/lib/format";
import { isLocale, locales, type Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requireCase } from "~/modules/cases/case-file.server";
import { decisionLetter } from "~/modules/review/committee.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "decideGrants" });
  const caseId = requireCase(user, params.caseId);
  const letter = decisionLetter(caseId);
  if (!letter) throw new Response("Not found", { status: 404 });
  const { decision } = letter;
  // The letter goes to the applicant in Ukrainian and, for donors, in English, whatever
  // language the officer works in.
  const wanted = new URL(request.url).searchParams.get("lang");
  return {
    letterLocale: isLocale(wanted) ? wanted : null,
    caseId,
    caseCode: letter.caseCode,
    applicant: [letter.person.surname, letter.person.firstName, letter.person.patronymic].filter(Boolean).join(" "),
    programme: letter.programme,
    decision: {
      decision: decision.decision,
      amountMinor: decision.amountMinor,
      modality: decision.modality,
      conditions: decision.conditions,
      reason: decision.reason,
      committeeDate: decision.committeeDate,
      members: decision.members,
    },
  };
}

function Line({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export default function DecisionLetterPage() {
  const { t: uiT, i18n } = useTranslation();
  const { letterLocale, caseId, caseCode, applicant, programme, decision } = useLoaderData<typeof loader>();
  const locale = letterLocale ?? (i18n.language as Locale);
  const t = i18n.getFixedT(locale);
  const amount = decision.amountMinor !== null ? formatMoney(decision.amountMinor, programme.currency, locale) : null;
  const modality = decision.modality ? t(`cases.modalities.${decision.modality}`) : null;
  const outcome =
    decision.decision === "approved"
      ? t("review.letter.approvedText", { amount: amount ?? "—", modality: modality ?? "—" })
      : t(`review.letter.${decision.decision}Text`);
  return (
    <>
      <div className="no-print letter-tools">
        <Link to={`/committee/${caseId}`}>{uiT("review.letter.back")}</Link>
        <p className="link-row" aria-label={uiT("review.letter.language")}>
          {locales.map((option) =>
            option === locale ? (
              <strong key={option} lang={option}>
                {uiT(`shell.switchTo.${option}`)}
              </strong>
            ) : (
              <Link key={option} to={`?lang=${option}`} lang={option}>
                {uiT(`shell.switchTo.${option}`)}
              </Link>
            ),
          )}
        </p>
        <button type="button" className="button-primary" onClick={() => window.print()}>
          {uiT("review.letter.print")}
        </button>
      </div>
      <article className="letter" aria-labelledby="letter-heading" lang={locale}>
        <header>
          <p className="letter-programme">{locale === "uk" ? programme.nameUk : programme.name}</p>
          <h1 id="letter-heading">{t("review.letter.heading")}</h1>
        </header>
        <dl className="letter-facts">
          <Line label={t("review.letter.programme")}>
            {programme.code} · {locale === "uk" ? programme.nameUk : programme.name}
          </Line>
          <Line label={t("review.letter.donor")}>{programme.donor}</Line>
          <Line label={t("review.letter.caseCode")}>{caseCode}</Line>
          <Line label={t("review.letter.applicant")}>{applicant}</Line>
          <Line label={t("review.letter.committeeDate")}>{formatDate(decision.committeeDate, locale)}</Line>
          <Line label={t("review.letter.decision")}>{t(`review.decided.${decision.decision}`)}</Line>
          {decision.decision === "approved" ? (
            <>
              <Line label={t("review.letter.amount")}>{amount}</Line>
              <Line label={t("review.letter.modality")}>{modality}</Line>
            </>
          ) : null}
        </dl>
        <p className="letter-outcome">{outcome}</p>
        {decision.reason ? (
          <section>
            <h2>{t("review.letter.reason")}</h2>
            <p className="prose">{decision.reason}</p>
          </section>
        ) : null}
        {decision.conditions ? (
          <section>
            <h2>{t("review.letter.conditions")}</h2>
            <p className="prose">{decision.conditions}</p>
          </section>
        ) : null}
        <section>
          <h2>{t("review.letter.members")}</h2>
          <ul>
            {decision.members.map((member) => (
              <li key={member}>{member}</li>
            ))}
          </ul>
        </section>
        <p className="letter-signature">{t("review.letter.signature")}: ____________________</p>
      </article>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const base = pageTitle(matches, "review.letter.title");
  return data ? [{ title: `${data.caseCode} · ${base[0].title}` }] : base;
};
