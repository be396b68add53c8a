// Follow-up schedules per programme and modality (domain.md §10). Each save is a new version that
// applies to grants whose time origin falls on or after its effective date (never back-dated), so
// visits already planned never change behind anyone's back.
import { and, desc, eq } from "drizzle-orm";
import { recordAudit } from "~/lib/audit.server";
import { can, type CurrentUser } from "~/lib/auth.server";
import { db, schema, type AppDatabase, type Transaction } from "~/lib/db.server";
import { kyivToday, type IsoDate } from "~/lib/kyiv-date";
import { assertVersion, lastAuditedChange } from "~/lib/stale-record.server";
import { agreementModality } from "~/modules/grants/agreement-rules";
import { FollowUpRefused } from "./followup-errors";
import { firstOriginForChange, isAllowedEffectiveFrom, scheduleInForce, validateStages, type FollowUpStage } from "./schedule";
import { stagesFromOffsets } from "./visit-form";

type Reader = AppDatabase | Transaction;
export type ScheduleModality = (typeof schema.followUpSchedules.$inferSelect)["modality"];
export const scheduleModalities: ScheduleModality[] = ["all", "in_kind", "cash"];
export type ScheduleRow = typeof schema.followUpSchedules.$inferSelect;

// The audit trail of one programme's schedule for one modality (what the editor's version guards).
const scheduleEntityId = (programmeId: number, modality: ScheduleModality) => `${programmeId}:${modality}`;

function versionsOf(reader: Reader, programmeId: number): ScheduleRow[] {
  return reader
    .select()
    .from(schema.followUpSchedules)
    .where(eq(schema.followUpSchedules.programmeId, programmeId))
    .orderBy(desc(schema.followUpSchedules.id))
    .all();
}

/**
 * The schedule key of a grant: its modality; a grant with both parts follows the cash schedule,
 * whose earlier visits are the ones that verify tranches (§9).
 */
export function scheduleModalityOf(agreement: { inKindMinor: number; cashMinor: number }): "in_kind" | "cash" {
  return agreementModality(agreement) === "in_kind" ? "in_kind" : "cash";
}

/**
 * The stages a grant with this time origin is planned with: the version in force on the origin
 * (the modality's own first, then the common one; the latest saved wins a tie), else the
 * programme's follow-up months with the default windows.
 */
export function stagesInForce(reader: Reader, programmeId: number, timeOrigin: IsoDate, modality: "in_kind" | "cash") {
  const versions = versionsOf(reader, programmeId).map((row) => ({ ...row, modality: row.modality === "all" ? null : row.modality }));
  const inForce = scheduleInForce(versions, timeOrigin, modality);
  if (inForce) return { scheduleId: inForce.id, stages: inForce.stages as FollowUpStage[] };
  const programme = reader.select({ offsets: schema.programmes.followUpOffsetsMonths }).from(schema.programmes).where(eq(schema.programmes.id, programmeId)).get();
  return { scheduleId: null, stages: stagesFromOffsets(programme?.offsets ?? []) };
}

/** The schedule editor's page: each modality's latest version, what is in force today, and the history. */
export function programmeSchedules(programmeId: number, today: IsoDate = kyivToday()) {
  const programme = db.select().from(schema.programmes).where(eq(schema.programmes.id, programmeId)).get();
  if (!programme) throw new FollowUpRefused("not_found");
  const versions = versionsOf(db, programmeId);
  const perModality = scheduleModalities.map((modality) => {
    const own = versions.filter((row) => row.modality === modality);
    const inForceToday = own.filter((row) => row.effectiveFrom <= today).sort((a, b) => (a.effectiveFrom === b.effectiveFrom ? b.id - a.id : a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0] ?? null;
    return { modality, latest: own[0] ?? null, inForceToday, history: own };
  });
  return {
    programme: { id: programme.id, code: programme.code, name: programme.name, nameUk: programme.nameUk, followUpOffsetsMonths: programme.followUpOffsetsMonths },
    defaultStages: stagesFromOffsets(programme.followUpOffsetsMonths),
    perModality,
    firstOrigin: firstOriginForChange(today),
  };
}

/**
 * Saves a new version of a programme's schedule for one modality ("all" = the common one). The
 * form posts the version it showed (0 when there was none): a version saved meanwhile by another
 * admin refuses this one (StaleRecordError).
 */
export function saveSchedule(
  actor: CurrentUser,
  programmeId: number,
  modality: ScheduleModality,
  input: { version: number; effectiveFrom: IsoDate; stages: FollowUpStage[] },
  today: IsoDate = kyivToday(),
): ScheduleRow {
  if (!can(actor, "manageProgrammes")) throw new FollowUpRefused("forbidden");
  if (!isAllowedEffectiveFrom(input.effectiveFrom, today)) {
    throw new FollowUpRefused("effective_from_back_dated", "effectiveFrom", { firstOrigin: firstOriginForChange(today) });
  }
  const stages = [...input.stages].sort((a, b) => a.monthsAfterOrigin - b.monthsAfterOrigin);
  const issues = validateStages(stages);
  if (issues.length) throw new FollowUpRefused("schedule_invalid", "stages", { issues });
  return db.transaction((tx) => {
    const programme = tx.select({ id: schema.programmes.id }).from(schema.programmes).where(eq(schema.programmes.id, programmeId)).get();
    if (!programme) throw new FollowUpRefused("not_found");
    const latest = tx
      .select({ version: schema.followUpSchedules.version })
      .from(schema.followUpSchedules)
      .where(and(eq(schema.followUpSchedules.programmeId, programmeId), eq(schema.followUpSchedules.modality, modality)))
      .orderBy(desc(schema.followUpSchedules.version))
      .get();
    const entityId = scheduleEntityId(programmeId, modality);
    assertVersion(latest?.version ?? 0, input.version, () => lastAuditedChange(tx, "follow_up_schedule", "follow_up_schedule", entityId));
    const row = tx
      .insert(schema.followUpSchedules)
      .values({ programmeId, modality, version: input.version + 1, effectiveFrom: input.effectiveFrom, stages, createdByUserId: actor.id })
      .returning()
      .get();
    recordAudit(tx, {
      userId: actor.id,
      action: "create",
      entityType: "follow_up_schedule",
      entityId,
      after: { scheduleId: row.id, version: row.version, effectiveFrom: row.effectiveFrom, stages },
    });
    return row;
  });
}
