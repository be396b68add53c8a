// Filters of the grants register (/grants), read from the URL so a filtered register can be
// bookmarked and shared; anything malformed is ignored. Used by loaders and the export only.
import { z } from "zod";
import { agreementStatuses } from "../../../db/enums";

export const registerModalities = ["in_kind", "cash", "mixed"] as const;
export type RegisterModality = (typeof registerModalities)[number];

export const grantsPageSize = 50;

const optionalId = z.coerce.number().int().positive().optional().catch(undefined);

export const grantsRegisterFilterSchema = z.object({
  programme: optionalId,
  modality: z.enum(registerModalities).optional().catch(undefined),
  source: optionalId,
  partner: optionalId,
  oblast: z.string().regex(/^UA\d{2}$/).optional().catch(undefined),
  state: z.enum(agreementStatuses).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});
export type GrantsRegisterFilter = z.infer<typeof grantsRegisterFilterSchema>;

/** The filter keys a form or an export posts (everything but the page). */
export const grantsRegisterFilterKeys = ["programme", "modality", "source", "partner", "oblast", "state"] as const;

export function parseGrantsRegisterFilter(searchParams: URLSearchParams): GrantsRegisterFilter {
  const values = Object.fromEntries([...searchParams].filter(([, value]) => value !== ""));
  return grantsRegisterFilterSchema.parse(values);
}
