import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { can, requireCase } from "~/lib/auth.server";
import { notFound } from "~/lib/not-found.server";
import { formatMoney, formatNumber } from "~/lib/format";
import { isLocale, locales, type Locale } from "~/lib/i18n";
import { serverDictionaries } from "~/lib/i18n-dictionaries.server";
import { addDays } from "~/lib/kyiv-date";
import { pageTitle } from "~/lib/meta";

import { decisionLetter } from "~/modules/review/committee.server";
import { approvalSplit } from "~/modules/review/committee-rules";
import { letterDate, letterGreeting, letterName, staffName } from "~/modules/review/decision-letter";
import letterStyles from "~/styles/decision-letter.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: letterStyles }];

// The programme settings a complete letter needs; the page tells staff which are still empty.
const letterheadSettings = [
  "agencyNameUk",
  "agencyName",
  "agencyAddressUk",
  "agencyAddress",
  "agencyPhone",
  "complaintsChannelUk",
  "complaintsChannel",
  "signatoryNameUk",
  "signatoryName",
  "signatoryPositionUk",
  "signatoryPosition",
  "donorUk",
] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, caseId } = await requireCase(request, params.caseId, { permission: "decideGrants" });
  const letter = decisionLetter(caseId);
  if (!letter) notFound();
  const { decision, programme, person } = letter;
  // The letter goes to the applicant in Ukrainian and, for donors, in English, whatever
  // language the officer works in; both versions are prepared here.
  const wanted = new URL(request.url).searchParams.get("lang");
  const bothLanguages = <T,>(make: (locale: Locale) => T) => ({ uk: make("uk"), en: make("en") });
  const split = decision.decision === "approved" ? approvalSplit(decision) : null;
  return {
    letterLocale: isLocale(wanted) ? wanted : null,
    // The letter's own wording in both languages: the browser holds only its reader's dictionary,
    // and the letter may be printed in the other one.
    letterText: { uk: serverDictionaries.uk.review.letter, en: serverDictionaries.en.review.letter },
    caseId,
    programmeId: programme.id,
    mayEditProgramme: can(user, "editProgrammeSettings"),
    reference: letter.reference,
    issuedOn: letter.issuedOn,
    // In the letter's language: the passport's Latin name in English when it is stored.
    addressee: bothLanguages((locale) => ({ ...letterName(person, locale), greeting: letterGreeting(person, locale) })),
    officer: letter.officerName ? bothLanguages((locale) => staffName(letter.officerName!, locale)) : null,
    mentor: letter.mentorName ? bothLanguages((locale) => staffName(letter.mentorName!, locale)) : null,
    programme: {
      code: programme.code,
      name: { uk: programme.nameUk, en: programme.name },
      donor: { uk: programme.donorUk || programme.donor, en: programme.donor },
      currency: programme.currency,
      endDate: programme.endDate,
      agency: { uk: programme.agencyNameUk, en: programme.agencyName },
      address: { uk: programme.agencyAddressUk, en: programme.agencyAddress },
      phone: programme.agencyPhone,
      email: programme.agencyEmail,
      complaints: { uk: programme.complaintsChannelUk, en: programme.complaintsChannel },
      signatory: { uk: programme.signatoryNameUk, en: programme.signatoryName },
      position: { uk: programme.signatoryPositionUk, en: programme.signatoryPosition },
    },
    missingSettings: letterheadSettings.filter((setting) => !programme[setting]?.trim()),
    // Who calls the applicant by when: the programme's days after the letter's date.
    callBy: addDays(letter.issuedOn, programme.agreementCallDays),
    decision: {
      decision: decision.decision,
      committeeDate: decision.committeeDate,
      split,
      conditions: { uk: decision.conditions, en: decision.conditionsEn },
      reason: { uk: decision.reason, en: decision.reasonEn },
    },
    items: split && split.inKindMinor > 0 ? letter.items : [],
  };
}

type LetterText = { [key: string]: string | LetterText };

// Reads "review.letter.<path>" from the letter's wording and fills in its {{values}}.
function letterTranslator(text: LetterText) {
  return (key: string, values: Record<string, string | number | null | undefined> = {}) => {
    const found = key
      .replace(/^review\.letter\./, "")
      .split(".")
      .reduce<string | LetterText | undefined>((node, part) => (typeof node === "object" ? node[part] : undefined), text);
    return typeof found === "string" ? found.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? "")) : key;
  };
}

export default function DecisionLetterPage() {
  const { t: uiT, i18n } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const locale = data.letterLocale ?? (i18n.language as Locale);
  const t = letterTranslator(data.letterText[locale]);
  const { programme, decision } = data;
  const money = (minor: number) => formatMoney(minor, programme.currency, locale);
  const addressee = data.addressee[locale];
  const agency = programme.agency[locale] || programme.agency.uk || programme.agency.en;
  const values = {
    date: letterDate(decision.committeeDate, locale),
    programme: programme.name[locale],
    donor: programme.donor[locale],
    agency: agency ?? t("review.letter.theAgency"),
    officer: data.officer?.[locale] ?? t("review.letter.anOfficer"),
    helper: data.mentor?.[locale] ?? data.officer?.[locale] ?? t("review.letter.anOfficer"),
    callBy: letterDate(data.callBy, locale),
    phone: programme.phone ?? "—",
    endDate: programme.endDate ? letterDate(programme.endDate, locale) : null,
  };
  // Text kept in one language only (a reason without its English version) is quoted as written.
  const inLetterLanguage = (text: { uk: string | null; en: string | null }) =>
    locale === "en" ? (text.en ? { text: text.en, original: false } : text.uk ? { text: text.uk, original: true } : null) : text.uk ? { text: text.uk, original: false } : null;
  const conditions = inLetterLanguage(decision.conditions);
  const reason = inLetterLanguage(decision.reason);
  const split = decision.split;
  return (
    <>
      <div className="no-print letter-tools">
        <Link to={`/committee/${data.caseId}`}>{uiT("review.letter.back")}</Link>
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
      {data.missingSettings.length > 0 ? (
        <div className="no-print notice letter-missing" role="note">
          <p>{uiT("review.letter.missingSettings", { settings: data.missingSettings.map((setting) => uiT(`programmes.letter.${setting}`)).join(", ") })}</p>
          {data.mayEditProgramme ? <Link to={`/admin/programmes/${data.programmeId}`}>{uiT("review.letter.editSettings")}</Link> : <p>{uiT("review.letter.askAdmin")}</p>}
        </div>
      ) : null}
      <article className="letter" aria-labelledby="letter-heading" lang={locale}>
        <header className="letter-head">
          <div>
            {agency ? <p className="letter-agency">{agency}</p> : null}
            <p className="letter-contacts">{[programme.address[locale], programme.phone, programme.email].filter(Boolean).join(" · ")}</p>
          </div>
          <p className="letter-programme">
            {programme.name[locale]} · {t("review.letter.fundedBy", { donor: programme.donor[locale] })}
          </p>
        </header>
        <p className="letter-reference">{t("review.letter.reference", { number: data.reference, date: letterDate(data.issuedOn, locale) })}</p>
        <p className="letter-addressee">
          {t("review.letter.to")}: <strong>{addressee.fullName}</strong>
        </p>
        <h1 id="letter-heading">{t("review.letter.heading")}</h1>
        <p>{addressee.greeting}</p>
        <p>{t(`review.letter.body.${decision.decision}`, values)}</p>
        {split ? (
          <>
            <p className="letter-outcome">
              {t("review.letter.granted", { amount: money(split.amountMinor) })}{" "}
              {split.inKindMinor > 0 && split.cashMinor > 0
                ? t("review.letter.grantedMixed", { inKind: money(split.inKindMinor), cash: money(split.cashMinor), agency: values.agency })
                : split.inKindMinor > 0
                  ? t("review.letter.grantedInKind", { agency: values.agency })
                  : t("review.letter.grantedCash")}
            </p>
            {data.items.length > 0 ? (
              <>
                <p className="letter-items-intro">{t("review.letter.items")}</p>
                <ul className="letter-items">
                  {data.items.map((item, index) => (
                    <li key={index}>{t("review.letter.item", { item: item.item, quantity: formatNumber(item.quantity, locale) })}</li>
                  ))}
                </ul>
              </>
            ) : null}
          </>
        ) : null}
        {conditions ? (
          <section>
            <h2>{t("review.letter.conditions")}</h2>
            <p className="prose">{conditions.text}</p>
            {conditions.original ? <p className="note">{t("review.letter.originalUk")}</p> : null}
          </section>
        ) : null}
        {reason ? (
          <section>
            <h2>{t(decision.decision === "revise" ? "review.letter.toImprove" : "review.letter.reason")}</h2>
            <p className="prose">{reason.text}</p>
            {reason.original ? <p className="note">{t("review.letter.originalUk")}</p> : null}
          </section>
        ) : null}
        <section>
          <h2>{t("review.letter.nextSteps")}</h2>
          {decision.decision === "approved" ? (
            <ol className="letter-steps">
              <li>{t("review.letter.steps.approvedCall", values)}</li>
              <li>{t("review.letter.steps.approvedAgreement")}</li>
              <li>{t("review.letter.steps.approvedNoCall", values)}</li>
            </ol>
          ) : (
            <p>{t(`review.letter.steps.${decision.decision === "waitlisted" && !values.endDate ? "waitlistedOpen" : decision.decision}`, values)}</p>
          )}
        </section>
        <section>
          <h2>{t("review.letter.feedback")}</h2>
          <p>
            {programme.complaints[locale] ? `${programme.complaints[locale]} ` : null}
            {t("review.letter.feedbackPromise")}
          </p>
        </section>
        <footer className="letter-signature">
          <div>
            <p>{programme.position[locale] ?? ""}</p>
            {agency ? <p>{agency}</p> : null}
          </div>
          <p className="letter-sign-line">{t("review.letter.signature")}</p>
          <p className="letter-signatory">{programme.signatory[locale] ?? ""}</p>
        </footer>
      </article>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const base = pageTitle(matches, "review.letter.title");
  return data ? [{ title: `${data.reference} · ${base[0].title}` }] : base;
};
