// The act of acceptance and transfer (акт приймання-передачі) that ends an in-kind grant
// (domain.md §9). Law 996-XIV art. 9 makes it a primary document: title, date and place, the
// issuing organisation, what is transferred in units of measure, the responsible persons'
// positions, names and signatures. Practice adds the number, both parties (the agency with its
// EDRPOU, the beneficiary with name and ID document), the agreement it executes, the items table,
// the total in figures and in words, the "complete and working, no claims" statement, two copies.
import type { MeasureUnit } from "../../../db/enums";
import type { Locale } from "~/lib/i18n";
import { procurementMessages } from "~/locales/procurement";
import { amountInWords, type WordCurrency } from "./amount-in-words";
import { serialKey } from "./procurement-delivery";
import { isValidEdrpou } from "./suppliers-identity";

export { measureUnits, type MeasureUnit } from "../../../db/enums";

export type HandoverActItem = {
  name: string;
  model: string | null;
  /** Equipment with a maker's serial number: one row per unit, each with its number. */
  serialised: boolean;
  serialNumber: string | null;
  inventoryNumber: string | null;
  unit: MeasureUnit;
  quantity: number;
  unitPriceMinor: number;
};

export type HandoverActInput = {
  number: string;
  /** The handover date, YYYY-MM-DD. */
  actDate: string | null;
  place: string;
  currency: WordCurrency;
  issuer: { nameUk: string; nameEn: string; edrpou: string | null };
  /** Who hands the goods over for the agency. */
  agencyRepresentative: { position: string; name: string };
  beneficiary: { fullName: string; idDocument: string | null };
  agreement: { number: string; signedOn: string | null };
  items: HandoverActItem[];
};

export type HandoverActProblem =
  | { code: "no_items" }
  | { code: "serial_number_missing"; position: number }
  | { code: "serialised_quantity_not_one"; position: number }
  | { code: "serial_number_repeated"; position: number }
  | { code: "quantity_invalid"; position: number }
  | { code: "unit_price_invalid"; position: number }
  | { code: "issuer_edrpou_missing" }
  | { code: "beneficiary_id_document_missing" }
  | { code: "agency_representative_missing" }
  | { code: "place_missing" }
  | { code: "date_missing" };

/** Why an act cannot be signed yet; empty when it can (the "bad input" list of issue 9). */
export function handoverActProblems(act: HandoverActInput): HandoverActProblem[] {
  const problems: HandoverActProblem[] = [];
  if (act.items.length === 0) problems.push({ code: "no_items" });
  const serials = new Set<string>();
  act.items.forEach((item, index) => {
    const position = index + 1;
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 1) problems.push({ code: "quantity_invalid", position });
    if (!Number.isSafeInteger(item.unitPriceMinor) || item.unitPriceMinor < 0) problems.push({ code: "unit_price_invalid", position });
    if (!item.serialised) return;
    if (!item.serialNumber?.trim()) problems.push({ code: "serial_number_missing", position });
    else if (serials.has(serialKey(item.serialNumber))) problems.push({ code: "serial_number_repeated", position });
    else serials.add(serialKey(item.serialNumber));
    if (item.quantity !== 1) problems.push({ code: "serialised_quantity_not_one", position });
  });
  if (!act.issuer.edrpou || !isValidEdrpou(act.issuer.edrpou)) problems.push({ code: "issuer_edrpou_missing" });
  if (!act.beneficiary.idDocument?.trim()) problems.push({ code: "beneficiary_id_document_missing" });
  if (!act.agencyRepresentative.name.trim() || !act.agencyRepresentative.position.trim()) problems.push({ code: "agency_representative_missing" });
  if (!act.place.trim()) problems.push({ code: "place_missing" });
  if (!act.actDate) problems.push({ code: "date_missing" });
  return problems;
}

export type HandoverActRow = {
  position: number;
  name: string;
  model: string;
  serialOrInventoryNumber: string;
  unit: string;
  quantity: number;
  unitPriceMinor: number;
  sumMinor: number;
  unitPrice: string;
  sum: string;
};

export type HandoverActDocument = {
  locale: Locale;
  title: string;
  number: string;
  date: string;
  place: string;
  issuer: { name: string; edrpou: string };
  issuerLine: string;
  executes: string;
  transferringParty: string;
  receivingParty: string;
  preamble: string;
  columns: string[];
  rows: HandoverActRow[];
  totalMinor: number;
  totalInFigures: string;
  totalInWords: string;
  statement: string;
  copies: string;
  labels: { total: string; totalInWords: string; signature: string };
  signatures: Array<{ side: "transferred" | "received"; caption: string; position: string; name: string }>;
};

export function actRowSumMinor(item: Pick<HandoverActItem, "quantity" | "unitPriceMinor">): number {
  const sum = item.quantity * item.unitPriceMinor;
  if (!Number.isSafeInteger(sum)) throw new RangeError("An act row is too large to add up exactly");
  return sum;
}

export function actTotalMinor(items: HandoverActItem[]): number {
  const total = items.reduce((sum, item) => sum + actRowSumMinor(item), 0);
  if (!Number.isSafeInteger(total)) throw new RangeError("The act's total is too large to add up exactly");
  return total;
}

const documentSeparators: Record<Locale, { group: string; decimal: string }> = { uk: { group: "\u00a0", decimal: "," }, en: { group: ",", decimal: "." } };

/** Amounts on the act always carry their kopiykas, as accounting documents do: 12 300,00. */
export function documentAmount(minor: number, locale: Locale): string {
  const { group, decimal } = documentSeparators[locale];
  const whole = String(Math.trunc(minor / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${whole}${decimal}${String(minor % 100).padStart(2, "0")}`;
}

const monthsEn = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** Documents date as Ukrainian primary documents do (05.03.2025), or "5 March 2025" in English. */
export function documentDate(isoDate: string | null, locale: Locale): string {
  if (!isoDate) return "";
  const [year, month, day] = isoDate.split("-");
  return locale === "uk" ? `${day}.${month}.${year}` : `${Number(day)} ${monthsEn[Number(month) - 1]} ${year}`;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? "");
}

/** The sum in words starts the sentence it stands in, so its first letter is a capital. */
function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** Everything the printed act says, in one language; the print page lays it out. */
export function handoverActDocument(act: HandoverActInput, locale: Locale): HandoverActDocument {
  const text = procurementMessages[locale].act;
  const issuerName = locale === "uk" ? act.issuer.nameUk : act.issuer.nameEn;
  const rows = act.items.map((item, index): HandoverActRow => {
    const sumMinor = actRowSumMinor(item);
    return {
      position: index + 1,
      name: item.name,
      model: item.model ?? "",
      serialOrInventoryNumber: item.serialNumber ?? item.inventoryNumber ?? "",
      unit: procurementMessages[locale].units[item.unit],
      quantity: item.quantity,
      unitPriceMinor: item.unitPriceMinor,
      sumMinor,
      unitPrice: documentAmount(item.unitPriceMinor, locale),
      sum: documentAmount(sumMinor, locale),
    };
  });
  const totalMinor = actTotalMinor(act.items);
  const currencyLabel = procurementMessages[locale].currencies[act.currency];
  const values = {
    number: act.number,
    agreementNumber: act.agreement.number,
    agreementDate: documentDate(act.agreement.signedOn, locale),
    issuer: issuerName,
    edrpou: act.issuer.edrpou ?? "",
    position: act.agencyRepresentative.position,
    representative: act.agencyRepresentative.name,
    beneficiary: act.beneficiary.fullName,
    idDocument: act.beneficiary.idDocument ?? "",
  };
  return {
    locale,
    title: fill(text.title, values),
    number: act.number,
    date: documentDate(act.actDate, locale),
    place: act.place,
    issuer: { name: issuerName, edrpou: act.issuer.edrpou ?? "" },
    issuerLine: fill(text.issuerLine, values),
    executes: fill(text.executes, values),
    transferringParty: fill(text.transferringParty, values),
    receivingParty: fill(text.receivingParty, values),
    preamble: fill(text.preamble, values),
    columns: [
      text.columns.position,
      text.columns.name,
      text.columns.model,
      text.columns.serial,
      text.columns.unit,
      text.columns.quantity,
      `${text.columns.unitPrice}, ${currencyLabel}`,
      `${text.columns.sum}, ${currencyLabel}`,
    ],
    rows,
    totalMinor,
    totalInFigures: `${documentAmount(totalMinor, locale)} ${currencyLabel}`,
    totalInWords: capitalise(amountInWords(totalMinor, act.currency, locale)),
    statement: text.statement,
    copies: text.copies,
    labels: { total: text.total, totalInWords: text.totalInWords, signature: text.signature },
    signatures: [
      { side: "transferred", caption: text.transferred, position: act.agencyRepresentative.position, name: act.agencyRepresentative.name },
      { side: "received", caption: text.received, position: text.grantee, name: act.beneficiary.fullName },
    ],
  };
}
