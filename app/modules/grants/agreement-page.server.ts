// What the agreement page of a case shows to one user: the case's approval, the agreement with
// its tranches, requirements, payments and ledger, the funding choices, and which buttons the
// rules allow this user now (the same state machine the commands run).
import { desc, eq, inArray } from "drizzle-orm";
import { notFound } from "~/lib/not-found.server";
import { can, type CurrentUser } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { latestDecision } from "~/modules/cases/case-transitions.server";
import { approvalSplit } from "~/modules/review/committee-rules";
import { agreementFile } from "./agreements.server";
import { fundingChoicesForProgramme } from "./funding.server";
import { allowedTrancheEvents, mayVerifyRequirement } from "./tranche-state";
import { trancheFacts } from "./tranches.server";

function withoutStorageKey<T extends { scanStorageKey: string | null }>(agreement: T): Omit<T, "scanStorageKey"> {
  const { scanStorageKey: _key, ...shown } = agreement;
  return shown;
}

export function agreementPage(user: CurrentUser, caseId: number) {
  const caseRow = db.select().from(schema.cases).where(eq(schema.cases.id, caseId)).get();
  if (!caseRow) notFound();
  const programme = db.select().from(schema.programmes).where(eq(schema.programmes.id, caseRow.programmeId)).get()!;
  const person = db.select({ surname: schema.persons.surname, firstName: schema.persons.firstName }).from(schema.persons).where(eq(schema.persons.id, caseRow.personId)).get()!;
  const decision = latestDecision(db, caseId);
  const file = agreementFile(caseId);
  const handlesMoney = can(user, "handleGrantMoney");
  const live = file && file.agreement.status !== "cancelled" ? file : null;
  const latestDisplacement = db
    .select()
    .from(schema.displacementRecords)
    .where(eq(schema.displacementRecords.personId, caseRow.personId))
    .orderBy(desc(schema.displacementRecords.id))
    .get();

  const names = new Map<number, string>();
  if (live) {
    const ids = new Set<number>();
    const add = (id: number | null) => id !== null && ids.add(id);
    add(live.agreement.signedByUserId);
    for (const tranche of live.tranches) {
      add(tranche.requestedByUserId);
      add(tranche.approvedByUserId);
      tranche.requirements.forEach((requirement) => add(requirement.verifiedByUserId));
    }
    if (ids.size) {
      for (const row of db.select({ id: schema.users.id, name: schema.users.name }).from(schema.users).where(inArray(schema.users.id, [...ids])).all()) names.set(row.id, row.name);
    }
  }
  const verifyRefusal = mayVerifyRequirement(user, caseRow.mentorId);

  return {
    case: { id: caseRow.id, caseCode: caseRow.caseCode, stage: caseRow.stage, status: caseRow.status, name: `${person.surname} ${person.firstName}` },
    programme: { code: programme.code, currency: programme.currency },
    approval:
      caseRow.decision === "approved" && decision && decision.reopenedAt === null && decision.decision === "approved"
        ? { amountMinor: caseRow.approvedAmountMinor ?? 0, conditions: decision.conditions, split: approvalSplit(decision) }
        : null,
    mayCreate: handlesMoney && !live && caseRow.stage === "grant_agreement" && caseRow.status === "open",
    handlesMoney,
    // The signed copy carries the grantee's identity document: only those who see identity numbers open it.
    seesScan: can(user, "seeIdentityNumbers"),
    displacement: latestDisplacement
      ? { status: latestDisplacement.status, idpCertificateNumber: latestDisplacement.idpCertificateNumber, idpCertificateDate: latestDisplacement.idpCertificateDate }
      : null,
    funding: handlesMoney ? fundingChoicesForProgramme(programme.id) : [],
    file: live
      ? {
          // The scan's storage key stays on the server.
          agreement: { ...withoutStorageKey(live.agreement), signedByName: live.agreement.signedByUserId ? (names.get(live.agreement.signedByUserId) ?? null) : null },
          balance: live.balance,
          ledger: live.ledger,
          tranches: live.tranches.map((tranche) => {
            const facts = trancheFacts(db, tranche, live.agreement.status);
            return {
              ...tranche,
              requestedByName: tranche.requestedByUserId ? (names.get(tranche.requestedByUserId) ?? null) : null,
              approvedByName: tranche.approvedByUserId ? (names.get(tranche.approvedByUserId) ?? null) : null,
              allowed: allowedTrancheEvents(facts, user),
              requirements: tranche.requirements.map((requirement) => ({
                ...requirement,
                verifiedByName: requirement.verifiedByUserId ? (names.get(requirement.verifiedByUserId) ?? null) : null,
                mayVerify: verifyRefusal === null && requirement.verifiedAt === null && tranche.state === "planned" && live.agreement.status === "signed",
              })),
            };
          }),
        }
      : null,
  };
}

/**
 * The live agreement of the case the page is about, and whether a posted tranche, requirement or
 * ledger entry belongs to it: a form cannot reach another case's money by changing an id.
 */
export function pageTargets(caseId: number) {
  const file = agreementFile(caseId);
  const live = file && file.agreement.status !== "cancelled" ? file : null;
  return {
    agreementId: live?.agreement.id ?? null,
    hasTranche: (id: number) => live?.tranches.some((tranche) => tranche.id === id) ?? false,
    hasRequirement: (id: number) => live?.tranches.some((tranche) => tranche.requirements.some((requirement) => requirement.id === id)) ?? false,
    hasEntry: (id: number) => live?.ledger.some((entry) => entry.id === id) ?? false,
  };
}
