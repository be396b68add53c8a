// The grant agreement on paper: the printable document (agreement-document.ts) read from the
// database, written as a PDF with an embedded font, and the signed copy's scan stored beside it.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { and, asc, desc, eq, inArray, isNull, ne } from "drizzle-orm";
import { a4Pdf } from "~/lib/pdf.server";
import { recordAudit } from "~/lib/audit.server";
import { can, type CurrentUser } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import type { Locale } from "~/lib/i18n";
import { maxAttachmentBytes } from "~/lib/upload-limits";
import { safeFileName, sniffContentType } from "~/lib/uploads.server";
import { letterName } from "~/modules/review/decision-letter";
import { agreementDocument, type AgreementDocument, type AgreementDocumentInput } from "./agreement-document";
import { GrantRefused } from "./grant-errors";

const { grantAgreements: agreements } = schema;

// The case's live agreement (a cancelled draft is not printed).
function liveAgreement(caseId: number) {
  return db
    .select()
    .from(agreements)
    .where(and(eq(agreements.caseId, caseId), ne(agreements.status, "cancelled")))
    .orderBy(desc(agreements.id))
    .get();
}

/** What the printed agreement of a case says, in both languages' inputs; null without one. */
export function agreementDocumentInput(caseId: number): (AgreementDocumentInput & { agreementId: number; hasScan: boolean; scanFileName: string | null }) | null {
  const agreement = liveAgreement(caseId);
  if (!agreement) return null;
  const caseRow = db.select({ caseCode: schema.cases.caseCode, personId: schema.cases.personId }).from(schema.cases).where(eq(schema.cases.id, caseId)).get()!;
  const person = db.select().from(schema.persons).where(eq(schema.persons.id, caseRow.personId)).get()!;
  const programme = db.select().from(schema.programmes).where(eq(schema.programmes.id, agreement.programmeId)).get()!;
  const decision = db.select({ committeeDate: schema.committeeDecisions.committeeDate }).from(schema.committeeDecisions).where(eq(schema.committeeDecisions.id, agreement.decisionId)).get()!;
  const source = db.select().from(schema.fundingSources).where(eq(schema.fundingSources.id, agreement.fundingSourceId)).get()!;
  const line = db.select().from(schema.fundingBudgetLines).where(eq(schema.fundingBudgetLines.id, agreement.budgetLineId)).get()!;
  const tranches = db.select().from(schema.grantTranches).where(eq(schema.grantTranches.agreementId, agreement.id)).orderBy(asc(schema.grantTranches.sequence)).all();
  const requirements = tranches.length
    ? db
        .select()
        .from(schema.grantTrancheRequirements)
        .where(inArray(schema.grantTrancheRequirements.trancheId, tranches.map((tranche) => tranche.id)))
        .orderBy(asc(schema.grantTrancheRequirements.position))
        .all()
    : [];
  const letterPerson = { surname: person.surname, firstName: person.firstName, patronymic: person.patronymic, latinName: person.latinName, sex: person.sex };
  return {
    agreementId: agreement.id,
    hasScan: agreement.scanStorageKey !== null,
    scanFileName: agreement.scanFileName,
    number: agreement.number,
    status: agreement.status,
    signedOn: agreement.signedOn,
    currency: agreement.currency,
    amountMinor: agreement.amountMinor,
    inKindMinor: agreement.inKindMinor,
    cashMinor: agreement.cashMinor,
    conditions: agreement.conditions,
    caseCode: caseRow.caseCode,
    committeeDate: decision.committeeDate,
    beneficiary: { uk: letterName(letterPerson, "uk").fullName, en: letterName(letterPerson, "en").fullName },
    programme: {
      name: { uk: programme.nameUk, en: programme.name },
      donor: { uk: programme.donorUk || programme.donor, en: programme.donor },
      agency: { uk: programme.agencyNameUk, en: programme.agencyName },
      address: { uk: programme.agencyAddressUk, en: programme.agencyAddress },
      phone: programme.agencyPhone,
      email: programme.agencyEmail,
      signatory: { uk: programme.signatoryNameUk, en: programme.signatoryName },
      position: { uk: programme.signatoryPositionUk, en: programme.signatoryPosition },
    },
    source: { name: source.name, donor: source.donor, reference: source.reference },
    line: { code: line.code, name: line.name },
    tranches: tranches.map((tranche) => ({
      sequence: tranche.sequence,
      amountMinor: tranche.amountMinor,
      plannedOn: tranche.plannedOn,
      requirements: requirements.filter((requirement) => requirement.trancheId === tranche.id).map((requirement) => requirement.text),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// PDF (app/lib/pdf.server.ts: A4, DejaVu Sans embedded)

/** The agreement as a PDF file: the same document the print page lays out. */
export function agreementPdf(document: AgreementDocument): Promise<Buffer> {
  const { pdf, bytes: done } = a4Pdf({ title: document.title, locale: document.locale, margins: { vertical: 48, horizontal: 56 } });
  const width = pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;
  const left = pdf.page.margins.left;
  const paragraph = (text: string, options: PDFKit.Mixins.TextOptions = {}) => pdf.font("regular").fontSize(10).text(text, { align: "justify", ...options }).moveDown(0.4);

  pdf.font("bold").fontSize(11).text(document.agency);
  if (document.contacts) pdf.font("regular").fontSize(8.5).fillColor("#444444").text(document.contacts).fillColor("black");
  pdf.moveTo(left, pdf.y + 4).lineTo(left + width, pdf.y + 4).stroke().moveDown(1);
  pdf.font("bold").fontSize(14).text(document.title, { align: "center" }).moveDown(0.3);
  pdf.font("regular").fontSize(10).text(document.date, { align: "right" }).moveDown(0.6);
  paragraph(document.parties);
  for (const section of document.sections) {
    pdf.moveDown(0.3).font("bold").fontSize(10.5).text(section.heading).moveDown(0.2);
    for (const text of section.paragraphs) paragraph(text);
    if (section.list) pdf.font("regular").fontSize(10).list(section.list, { bulletRadius: 1.5, textIndent: 10 }).moveDown(0.4);
    if (section.table) drawTable(pdf, section.table, left, width);
  }
  paragraph(document.copies);
  pdf.moveDown(1);
  if (pdf.y > pdf.page.height - pdf.page.margins.bottom - 120) pdf.addPage();
  const top = pdf.y;
  const column = (width - 24) / 2;
  document.signatures.forEach((signature, index) => {
    const x = left + index * (column + 24);
    pdf.font("bold").fontSize(10).text(signature.caption, x, top, { width: column });
    for (const line of signature.lines) pdf.font("regular").fontSize(9.5).text(line, x, pdf.y, { width: column });
    const lineY = pdf.y + 28;
    pdf.moveTo(x, lineY).lineTo(x + column * 0.7, lineY).stroke();
    pdf.fontSize(8).text(document.signatureLabel, x, lineY + 2, { width: column * 0.7, align: "center" });
  });
  pdf.end();
  return done;
}

// A plain grid: the tranche plan (number, amount, date, what must be verified first).
function drawTable(pdf: PDFKit.PDFDocument, table: { columns: string[]; rows: string[][] }, left: number, width: number) {
  const widths = [0.07, 0.2, 0.18, 0.55].map((share) => share * width);
  const row = (cells: string[], font: "regular" | "bold") => {
    pdf.font(font).fontSize(9);
    const height = Math.max(...cells.map((cell, index) => pdf.heightOfString(cell, { width: widths[index] - 8 }))) + 8;
    if (pdf.y + height > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
    const top = pdf.y;
    let x = left;
    cells.forEach((cell, index) => {
      pdf.rect(x, top, widths[index], height).stroke();
      pdf.text(cell, x + 4, top + 4, { width: widths[index] - 8 });
      x += widths[index];
    });
    pdf.x = left;
    pdf.y = top + height;
  };
  row(table.columns, "bold");
  for (const cells of table.rows) row(cells, "regular");
  pdf.moveDown(0.6);
}

/** The printable document of a case's agreement in one language, or null without an agreement. */
export function printableAgreement(caseId: number, locale: Locale) {
  const input = agreementDocumentInput(caseId);
  if (!input) return null;
  return { agreementId: input.agreementId, number: input.number, caseId, hasScan: input.hasScan, scanFileName: input.scanFileName, document: agreementDocument(input, locale) };
}

// ---------------------------------------------------------------------------------------------
// The signed copy's scan or photo: stored outside the web root, one per agreement, never replaced.
// The signed paper carries the grantee's identity document (written in by hand), so it is read
// only by those who may see identity numbers, and each view is audited like the act's scan.

const scanDir = () => join(process.env.UPLOAD_DIR ?? "data/uploads", "agreements");

export function attachAgreementScan(actor: CurrentUser, caseId: number, file: { name: string; bytes: Uint8Array }) {
  if (!can(actor, "handleGrantMoney")) throw new GrantRefused("forbidden");
  if (file.bytes.length === 0) throw new GrantRefused("scan_empty", {}, "file");
  if (file.bytes.length > maxAttachmentBytes) throw new GrantRefused("scan_too_large", {}, "file");
  const contentType = sniffContentType(file.bytes);
  if (!contentType) throw new GrantRefused("scan_wrong_type", {}, "file");
  const storageKey = randomBytes(16).toString("hex");
  const path = join(scanDir(), storageKey);
  try {
    return db.transaction((tx) => {
      const agreement = tx.select().from(agreements).where(and(eq(agreements.caseId, caseId), ne(agreements.status, "cancelled"))).get();
      if (!agreement) throw new GrantRefused("not_found");
      if (agreement.status === "draft") throw new GrantRefused("wrong_agreement_status", { status: agreement.status }, "file");
      if (agreement.scanStorageKey) throw new GrantRefused("scan_exists", {}, "file");
      const fields = {
        scanFileName: safeFileName(file.name),
        scanContentType: contentType,
        scanSizeBytes: file.bytes.length,
        scanSha256: createHash("sha256").update(file.bytes).digest("hex"),
        scanStorageKey: storageKey,
        scanUploadedAt: new Date().toISOString(),
        scanUploadedByUserId: actor.id,
      };
      // Not a compare-and-set on the version: the scan is added beside whatever else changed.
      const result = tx
        .update(agreements)
        .set({ ...fields, version: agreement.version + 1, updatedAt: fields.scanUploadedAt })
        .where(and(eq(agreements.id, agreement.id), isNull(agreements.scanStorageKey)))
        .run();
      if (result.changes !== 1) throw new GrantRefused("scan_exists", {}, "file");
      const { scanStorageKey: _key, ...shown } = fields;
      recordAudit(tx, { userId: actor.id, action: "upload", entityType: "grant_agreement", entityId: agreement.id, caseId, after: shown });
      // Written last, inside the transaction: if the write fails, the row is rolled back with it.
      mkdirSync(scanDir(), { recursive: true });
      writeFileSync(path, file.bytes);
      return { agreementId: agreement.id, ...shown };
    });
  } catch (error) {
    rmSync(path, { force: true });
    throw error;
  }
}

/** The scan's bytes for an officer or admin of the case; each view is audited. */
export function readAgreementScan(actor: CurrentUser, caseId: number) {
  if (!can(actor, "seeIdentityNumbers")) throw new GrantRefused("forbidden");
  return db.transaction((tx) => {
    const agreement = tx.select().from(agreements).where(and(eq(agreements.caseId, caseId), ne(agreements.status, "cancelled"))).get();
    if (!agreement?.scanStorageKey || !agreement.scanContentType) throw new GrantRefused("not_found");
    recordAudit(tx, { userId: actor.id, action: "view_protected", entityType: "grant_agreement", entityId: agreement.id, caseId, after: { field: "scan" } });
    return { fileName: agreement.scanFileName ?? "agreement", contentType: agreement.scanContentType, bytes: readFileSync(join(scanDir(), agreement.scanStorageKey)) };
  });
}
