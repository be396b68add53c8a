import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "~/lib/audit.server";
import { db, schema, sqlite } from "~/lib/db.server";
import { createUser, EmailTakenError } from "~/modules/accounts/accounts.server";
import { createOrganisation } from "~/modules/admin/organisations.server";
import { createProgramme } from "~/modules/admin/programmes.server";
import {
  auditCount,
  countRows,
  createTestOrganisations,
  createTestUser,
  programmeInput,
  type TestUser,
} from "../helpers/foundation";

let organisations: ReturnType<typeof createTestOrganisations>;
let officer: TestUser;

beforeAll(async () => {
  organisations = createTestOrganisations();
  officer = await createTestUser("officer", { organisationId: organisations.agency.id, email: "officer@audit.test" });
});

describe("the audit log is append-only", () => {
  it("refuses UPDATE of an entry", () => {
    const before = sqlite.prepare("SELECT * FROM audit_log ORDER BY id").all();
    expect(before.length).toBeGreaterThan(0);
    expect(() => sqlite.prepare("UPDATE audit_log SET action = 'tampered'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare("UPDATE audit_log SET after = NULL WHERE id = ?").run((before[0] as { id: number }).id)).toThrow(
      /append-only/,
    );
    expect(sqlite.prepare("SELECT * FROM audit_log ORDER BY id").all()).toEqual(before);
  });

  it("refuses DELETE of an entry, and of the whole table", () => {
    const count = auditCount();
    expect(() => sqlite.prepare("DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare("DELETE FROM audit_log").run()).toThrow(/append-only/);
    expect(auditCount()).toBe(count);
  });

  it("refuses the same through drizzle", () => {
    const count = auditCount();
    expect(() => db.update(schema.auditLog).set({ action: "tampered" }).run()).toThrow(/append-only/);
    expect(() => db.delete(schema.auditLog).run()).toThrow(/append-only/);
    expect(auditCount()).toBe(count);
    expect(auditCount(eq(schema.auditLog.action, "tampered"))).toBe(0);
  });

  it("still accepts new entries", () => {
    const count = auditCount();
    db.transaction((tx) => recordAudit(tx, { userId: officer.id, action: "export", entityType: "case", entityId: 1 }));
    expect(auditCount()).toBe(count + 1);
  });
});

describe("a change and its audit entry are stored together or not at all", () => {
  it("createUser with a taken e-mail stores neither a user nor an audit entry", async () => {
    const users = countRows(schema.users);
    const audits = auditCount();
    await expect(
      createUser(null, {
        email: " OFFICER@audit.test ",
        name: "Duplicate",
        role: "officer",
        organisationId: organisations.agency.id,
        password: "another long password",
      }),
    ).rejects.toBeInstanceOf(EmailTakenError);
    expect(countRows(schema.users)).toBe(users);
    expect(auditCount()).toBe(audits);
  });

  it("an organisation whose oblast insert fails is rolled back with its audit entry", () => {
    const organisationsBefore = countRows(schema.organisations);
    const audits = auditCount();
    // UA99 is not a known oblast: the foreign key fails after the organisation row is written.
    expect(() =>
      createOrganisation(null, { name: "Ghost NGO", nameUk: "Привид", kind: "partner", active: true, oblastPcodes: ["UA46", "UA99"] }),
    ).toThrow(/FOREIGN KEY/i);
    expect(countRows(schema.organisations)).toBe(organisationsBefore);
    expect(countRows(schema.organisations, eq(schema.organisations.name, "Ghost NGO"))).toBe(0);
    expect(auditCount()).toBe(audits);
  });

  it("a surrounding transaction that fails after the write takes the audit entry with it", () => {
    const programmes = countRows(schema.programmes);
    const audits = auditCount();
    expect(() =>
      db.transaction((tx) => {
        createProgramme(null, programmeInput({ code: "ROLLBACK-1" }), tx);
        // The write and its entry are visible inside the transaction…
        expect(tx.select().from(schema.programmes).where(eq(schema.programmes.code, "ROLLBACK-1")).get()).toBeDefined();
        throw new Error("later step failed");
      }),
    ).toThrow("later step failed");
    // …and gone together after the rollback.
    expect(countRows(schema.programmes)).toBe(programmes);
    expect(auditCount()).toBe(audits);
  });

  it("a successful create writes exactly one entry with the change", () => {
    const audits = auditCount();
    const programme = createProgramme(null, programmeInput({ code: "KEPT-1" }));
    expect(auditCount()).toBe(audits + 1);
    const entry = db.select().from(schema.auditLog).where(eq(schema.auditLog.entityId, String(programme.id))).all().at(-1)!;
    expect(entry).toMatchObject({ action: "create", entityType: "programme", userId: null });
    expect(entry.after).toMatchObject({ code: "KEPT-1" });
  });
});
