// The grant agreement as a document (domain.md §9): its number, the parties, the amount in
// figures and in words with the modality split, the funding source and budget line, the tranche
// plan, the conditions, the grantee's obligations, two copies and both signatures. One model in
// one language, laid out by the A4 print page and by the PDF writer alike, so they never differ.
// The grantee's identity document is left as a line to fill in by hand: identity numbers never
// leave the server on a page anyone may print (domain.md §8).
import type { Currency } from "../../../db/enums";
import type { Locale } from "~/lib/i18n";
import { grantsMessages } from "~/locales/grants";
import { amountInWords } from "./amount-in-words";
import { documentAmount, documentDate } from "./handover-act";

type Bilingual = { uk: string | null; en: string | null };

export type AgreementDocumentInput = {
  number: string;
  status: "draft" | "signed" | "completed" | "withdrawn" | "cancelled";
  signedOn: string | null;
  currency: Currency;
  amountMinor: number;
  inKindMinor: number;
  cashMinor: number;
  conditions: string | null;
  caseCode: string;
  committeeDate: string;
  beneficiary: { uk: string; en: string };
  programme: { name: Bilingual; donor: Bilingual; agency: Bilingual; address: Bilingual; phone: string | null; email: string | null; signatory: Bilingual; position: Bilingual };
  source: { name: string; donor: string; reference: string };
  line: { code: string; name: string };
  tranches: Array<{ sequence: number; amountMinor: number; plannedOn: string; requirements: string[] }>;
};

export type AgreementSection = { heading: string; paragraphs: string[]; list?: string[]; table?: { columns: string[]; rows: string[][] } };

export type AgreementDocument = {
  locale: Locale;
  title: string;
  draft: boolean;
  agency: string;
  contacts: string;
  date: string;
  parties: string;
  sections: AgreementSection[];
  copies: string;
  signatures: Array<{ side: "agency" | "beneficiary"; caption: string; lines: string[] }>;
  signatureLabel: string;
};

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? "");
}

// Text kept in one language only falls back to the other, never to nothing.
const inLanguage = (text: Bilingual, locale: Locale) => (locale === "en" ? (text.en ?? text.uk) : (text.uk ?? text.en))?.trim() || "";

/** Everything the printed agreement says, in one language. */
export function agreementDocument(input: AgreementDocumentInput, locale: Locale): AgreementDocument {
  const text = grantsMessages[locale].document;
  const currencyLabel = locale === "uk" ? ({ UAH: "грн", EUR: "євро", USD: "дол. США" } as const)[input.currency] : input.currency;
  const money = (minor: number) => `${documentAmount(minor, locale)} ${currencyLabel}`;
  const agency = inLanguage(input.programme.agency, locale);
  const signed = input.status !== "draft" && input.status !== "cancelled" && input.signedOn !== null;
  const values = {
    number: input.number,
    agency,
    position: inLanguage(input.programme.position, locale),
    signatory: inLanguage(input.programme.signatory, locale),
    beneficiary: input.beneficiary[locale],
    programme: inLanguage(input.programme.name, locale),
    donor: inLanguage(input.programme.donor, locale),
    caseCode: input.caseCode,
    committeeDate: documentDate(input.committeeDate, locale),
  };
  const amountParagraphs = [
    fill(text.amount, { amount: money(input.amountMinor), amountInWords: amountInWords(input.amountMinor, input.currency, locale) }),
    ...(input.inKindMinor > 0 ? [fill(text.inKindPart, { amount: money(input.inKindMinor) })] : []),
    ...(input.cashMinor > 0 ? [fill(text.cashPart, { amount: money(input.cashMinor) })] : []),
  ];
  const sections: AgreementSection[] = [
    { heading: text.subjectHeading, paragraphs: [fill(text.subject, values)] },
    { heading: text.amountHeading, paragraphs: amountParagraphs },
    {
      heading: text.fundingHeading,
      paragraphs: [fill(text.funding, { source: input.source.name, donor: input.source.donor, reference: input.source.reference, lineCode: input.line.code, lineName: input.line.name })],
    },
  ];
  if (input.tranches.length) {
    sections.push({
      heading: text.tranchesHeading,
      paragraphs: [],
      table: {
        columns: [text.trancheColumns.sequence, text.trancheColumns.amount, text.trancheColumns.plannedOn, text.trancheColumns.requirements],
        rows: input.tranches.map((tranche) => [String(tranche.sequence), money(tranche.amountMinor), documentDate(tranche.plannedOn, locale), tranche.requirements.join("; ") || text.noRequirements]),
      },
    });
  }
  sections.push({ heading: text.conditionsHeading, paragraphs: [input.conditions?.trim() || text.noConditions] });
  sections.push({ heading: text.obligationsHeading, paragraphs: [], list: [...text.obligations] });
  // Numbered as they are printed: the tranche plan's section exists only for a cash part.
  sections.forEach((section, index) => {
    section.heading = section.heading.replace(/^\d+\./, `${index + 1}.`);
  });
  return {
    locale,
    title: fill(text.title, values),
    draft: !signed,
    agency,
    contacts: [inLanguage(input.programme.address, locale), input.programme.phone, input.programme.email].filter(Boolean).join(" · "),
    date: signed ? fill(text.dateLine, { date: documentDate(input.signedOn, locale) }) : fill(text.dateLine, { date: text.datePending }),
    parties: fill(text.parties, values),
    sections,
    copies: text.copies,
    signatures: [
      { side: "agency", caption: text.agencySide, lines: [agency, values.position, values.signatory].filter(Boolean) },
      { side: "beneficiary", caption: text.beneficiarySide, lines: [values.beneficiary, text.identityLine] },
    ],
    signatureLabel: text.signature,
  };
}
