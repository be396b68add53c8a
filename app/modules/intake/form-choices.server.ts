import { and, asc, eq } from "drizzle-orm";
import type { ApplicantFormChoices } from "~/components/applicant-form";
import { can, programmeScope, type CurrentUser } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { listOblasts } from "~/modules/locations/locations.server";

export function applicantFormChoices(user: CurrentUser): ApplicantFormChoices {
  return {
    programmes: db
      .select({ id: schema.programmes.id, code: schema.programmes.code, currency: schema.programmes.currency })
      .from(schema.programmes)
      .where(and(eq(schema.programmes.active, true), programmeScope(user)))
      .orderBy(asc(schema.programmes.code))
      .all(),
    partners: db
      .select({ id: schema.organisations.id, name: schema.organisations.name, nameUk: schema.organisations.nameUk })
      .from(schema.organisations)
      .where(and(eq(schema.organisations.kind, "partner"), eq(schema.organisations.active, true)))
      .orderBy(asc(schema.organisations.name))
      .all(),
    mentors: db
      .select({ id: schema.users.id, name: schema.users.name, organisationId: schema.users.organisationId })
      .from(schema.users)
      .where(and(eq(schema.users.role, "mentor"), eq(schema.users.active, true)))
      .orderBy(asc(schema.users.name))
      .all(),
    oblasts: listOblasts(),
    mayRecordProtectedCategory: can(user, "seeProtectedCategory"),
  };
}
