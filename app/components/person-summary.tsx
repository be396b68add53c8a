import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PhoneLink } from "~/components/phone-link";
import { formatDate } from "~/lib/format";
import type { Locale } from "~/lib/i18n";

type Summary = {
  surname: string;
  firstName: string;
  patronymic: string | null;
  latinName: string | null;
  // Null when an imported form gave neither (and no RNOKPP encodes them).
  sex: "female" | "male" | null;
  birthDate: string | null;
  phone: string | null;
  hasRnokpp: boolean;
  hasPassport: boolean;
  cases: Array<{ id: number; caseCode: string; stage: string; programmeCode: string; applicationDate: string }>;
};

// One side of a possible-duplicate pair, laid out the same way on both sides for comparison.
export function PersonSummary({ heading, person }: { heading: string; person: Summary }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <section className="panel" aria-label={heading}>
      <h2>{heading}</h2>
      <dl className="facts">
        <div>
          <dt>{t("cases.applicant")}</dt>
          <dd>
            {person.surname} {person.firstName} {person.patronymic ?? ""}
          </dd>
        </div>
        <div>
          <dt>{t("cases.form.latinName")}</dt>
          <dd>{person.latinName ?? "—"}</dd>
        </div>
        <div>
          <dt>{t("cases.form.birthDate")}</dt>
          <dd>{person.birthDate ? formatDate(person.birthDate, locale) : "—"}</dd>
        </div>
        <div>
          <dt>{t("cases.sex")}</dt>
          <dd>{person.sex ? t(`cases.sexes.${person.sex}`) : "—"}</dd>
        </div>
        <div>
          <dt>{t("cases.form.phone")}</dt>
          <dd>{person.phone ? <PhoneLink phone={person.phone} /> : "—"}</dd>
        </div>
        <div>
          <dt>{t("cases.form.rnokpp")}</dt>
          <dd>{person.hasRnokpp ? t("duplicates.recorded") : t("duplicates.notRecorded")}</dd>
        </div>
        <div>
          <dt>{t("cases.form.passportNumber")}</dt>
          <dd>{person.hasPassport ? t("duplicates.recorded") : t("duplicates.notRecorded")}</dd>
        </div>
      </dl>
      <ul className="plain-list">
        {person.cases.map((caseRow) => (
          <li key={caseRow.id}>
            <Link to={`/cases/${caseRow.id}`}>{caseRow.caseCode}</Link> · {caseRow.programmeCode} · {t(`stages.${caseRow.stage}`)} ·{" "}
            {formatDate(caseRow.applicationDate, locale)}
          </li>
        ))}
      </ul>
    </section>
  );
}
