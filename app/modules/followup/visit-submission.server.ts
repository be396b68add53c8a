// Reading a posted visit form for the new-visit and correction pages: limits first (readForm),
// the zod schema through Conform, the photos checked and reduced, and every refusal turned into a
// reply whose errors sit next to their fields while the rest of the input is kept.
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "~/lib/forms.server";
import { translator, type Locale } from "~/lib/i18n";
import type { PlaceNames } from "~/lib/places";
import { readForm } from "~/lib/request-body.server";
import { followUpErrorKey, visitProblemKey } from "~/locales/followup";
import { placePickerOptions, searchPlaces } from "~/modules/locations/locations.server";
import { FollowUpRefused, type VisitProblem } from "./followup-errors";
import { PhotoRefused, preparePhotos, type PreparedPhoto } from "./photos.server";
import { visitFormLimits, visitFormSchema, type VisitForm } from "./schema";
import type { VisitInput } from "./visits.server";

/** What the visit page gets back from a post that stored nothing. */
export type VisitReply = {
  result: SubmissionResult<string[]>;
  /** How many blank new-worker lines to show ("add another worker" adds one). */
  newWorkerSlots: number;
  /** Photo refusals, already in the reader's language (they name the file). */
  photoErrors: string[];
  /** The place picker's raions and hromadas for what was posted (a page drawn without JavaScript). */
  placeOptions?: { raions: PlaceNames; hromadas: PlaceNames };
  /** Hromadas found by name for "find_hromada" (the no-JavaScript search), to choose from. */
  hromadaMatches?: PlaceNames;
};

type Parsed =
  | { kind: "reply"; status: number; reply: VisitReply }
  | {
      kind: "save";
      input: VisitInput & { version?: number };
      photos: PreparedPhoto[];
      newWorkerSlots: number;
      formIndexOfJoined: number[];
      submission: Replier;
      // Read only if the save is refused and the form is drawn again.
      placeOptions: () => NonNullable<VisitReply["placeOptions"]>;
    };

// The part of a Conform submission a later refusal needs: its reply, keeping what was typed.
type Replier = { reply(options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }): SubmissionResult<string[]> };

const pcodeOf = (value: unknown) => (typeof value === "string" && /^UA\d+$/i.test(value.trim()) ? value.trim().toUpperCase() : null);

// What the place picker shows again after a post: the chosen hromada's raion, or the oblast's raions.
function postedPlaceOptions(payload: Record<string, unknown>, locale: Locale) {
  const hromada = pcodeOf(payload.hromadaChoice) ?? pcodeOf(payload.newHromadaPcode);
  return placePickerOptions({ oblast: pcodeOf(payload.newHromadaOblast), hromada: hromada?.length === 9 ? hromada : null }, locale);
}

function slotsOf(payload: Record<string, unknown>, extra: number) {
  const lines = Array.isArray(payload.n) ? payload.n.length : 0;
  return Math.max(1, lines) + extra;
}

/** The visit form as posted: a reply to send back, or a visit to save. */
export async function readVisitSubmission(request: Request, locale: Locale): Promise<Parsed> {
  const form = await readForm(request, visitFormLimits);
  const fields = new FormData();
  for (const [name, value] of form) if (name !== "photos") fields.append(name, value);
  const submission = parseWithZod(fields, { schema: visitFormSchema });
  const payload = submission.payload as Record<string, unknown>;
  // "Add another worker" (works without JavaScript): one more blank line, nothing checked or stored.
  if (payload.intent === "add_worker") {
    const result: SubmissionResult<string[]> = { initialValue: submission.reply().initialValue, error: {} };
    return { kind: "reply", status: 200, reply: { result, newWorkerSlots: slotsOf(payload, 1), photoErrors: [], placeOptions: postedPlaceOptions(payload, locale) } };
  }
  // "Find" (no JavaScript): the hromadas of that name, within the chosen oblast if there is one.
  if (payload.intent === "find_hromada") {
    const query = typeof payload.hromadaQuery === "string" ? payload.hromadaQuery.slice(0, 100) : "";
    const oblast = pcodeOf(payload.newHromadaOblast);
    const matches = searchPlaces(query, { level: 3, withinPcode: oblast?.length === 4 ? oblast : undefined, limit: 10, locale });
    const result: SubmissionResult<string[]> = { initialValue: submission.reply().initialValue, error: {} };
    const hromadaMatches = matches.map(({ pcode, nameUk, nameEn }) => ({ pcode, nameUk, nameEn }));
    return { kind: "reply", status: 200, reply: { result, newWorkerSlots: slotsOf(payload, 0), photoErrors: [], placeOptions: postedPlaceOptions(payload, locale), hromadaMatches } };
  }
  if (submission.status !== "success") {
    return { kind: "reply", status: 400, reply: { result: submission.reply(), newWorkerSlots: slotsOf(payload, 0), photoErrors: [], placeOptions: postedPlaceOptions(payload, locale) } };
  }
  let photos: PreparedPhoto[];
  try {
    photos = await preparePhotos(form.getAll("photos").filter((value): value is File => value instanceof File));
  } catch (error) {
    if (!(error instanceof PhotoRefused)) throw error;
    const t = translator(locale);
    const reply = {
      result: submission.reply({ fieldErrors: { photos: [visitProblemKey(`photo_${error.code}`)] } }),
      newWorkerSlots: slotsOf(payload, 0),
      photoErrors: [t(visitProblemKey(`photo_${error.code}`), { file: error.fileName })],
      placeOptions: postedPlaceOptions(payload, locale),
    };
    return { kind: "reply", status: 400, reply };
  }
  const { input, formIndexOfJoined } = visitInputOf(submission.value);
  return { kind: "save", input, photos, newWorkerSlots: slotsOf(payload, 0), formIndexOfJoined, submission, placeOptions: () => postedPlaceOptions(payload, locale) };
}

function visitInputOf(value: VisitForm): { input: VisitInput & { version?: number }; formIndexOfJoined: number[] } {
  const formIndexOfJoined: number[] = [];
  const newWorkers: VisitInput["newWorkers"] = [];
  (value.n ?? []).forEach((line, index) => {
    if (!line) return;
    formIndexOfJoined.push(index);
    newWorkers.push({ ...line, displacementStatus: line.displacementStatus ?? null, monthsPerYear: line.monthsPerYear ?? null, workerId: line.workerId ?? null });
  });
  return {
    formIndexOfJoined,
    input: {
      version: value.version,
      idempotencyKey: value.idempotencyKey,
      plannedVisitId: value.plannedVisitId ?? null,
      visitDate: value.visitDate,
      mode: value.mode,
      operatingStatus: value.operatingStatus,
      closureDate: value.closureDate ?? null,
      closureReason: value.closureReason ?? null,
      closureConfirmed: value.closureConfirmed,
      roster: (value.w ?? []).map((line) => ({
        workerId: line.workerId,
        left: line.status === "left",
        endDate: line.endDate ?? null,
        role: line.role ?? null,
        paid: line.paid ?? null,
        hoursPerWeek: line.hoursPerWeek ?? null,
        monthsPerYear: line.monthsPerYear ?? null,
      })),
      newWorkers,
      equipment: (value.e ?? []).flatMap((entry) => (entry.status ? [{ itemId: entry.itemId, status: entry.status }] : [])),
      monthlyRevenueMinor: value.monthlyRevenue ?? null,
      monthlyNetIncomeMinor: value.monthlyNetIncome ?? null,
      residence: value.residence,
      newHromadaPcode: value.hromadaChoice ?? value.newHromadaPcode ?? null,
      problems: value.problems,
      mentoringGiven: value.mentoringGiven,
      notes: value.notes ?? null,
      trancheRequirementId: value.trancheRequirementId ?? null,
      trancheEvidenceNote: value.trancheEvidenceNote ?? null,
    },
  };
}

/** A refused visit as a reply: each problem under its form field (new-worker lines renumbered as posted). */
export function rejectedReply(parsed: Extract<Parsed, { kind: "save" }>, problems: VisitProblem[]): VisitReply {
  const fieldErrors: Record<string, string[]> = {};
  for (const problem of problems) {
    const field = problem.field.replace(/^n\[(\d+)\]/, (_, index: string) => `n[${parsed.formIndexOfJoined[Number(index)] ?? index}]`);
    (fieldErrors[field] ??= []).push(visitProblemKey(problem.code));
  }
  return { result: parsed.submission.reply({ fieldErrors, formErrors: ["followup.form.fixErrors"] }), newWorkerSlots: parsed.newWorkerSlots, photoErrors: [], placeOptions: parsed.placeOptions() };
}

/** A refusal about the visit as a whole (who, which planned visit) as a reply. */
export function refusedReply(parsed: Extract<Parsed, { kind: "save" }>, refusal: FollowUpRefused): VisitReply {
  const key = followUpErrorKey(refusal.code);
  const reply = refusal.field ? { fieldErrors: { [refusal.field]: [key] }, formErrors: ["followup.form.fixErrors"] } : { formErrors: [key] };
  return { result: parsed.submission.reply(reply), newWorkerSlots: parsed.newWorkerSlots, photoErrors: [], placeOptions: parsed.placeOptions() };
}

/** A refusal met while loading a follow-up page, as the response the error page explains. */
export function refusalResponse(refusal: FollowUpRefused): Response {
  const status = refusal.code === "forbidden" || refusal.code === "not_author" ? 403 : refusal.code === "not_found" ? 404 : 409;
  return Response.json({ error: refusal.code }, { status });
}
