// Zod schemas for the admin pages; messages are translation keys. The forms, checked in the
// browser too, are in form-schemas.ts, re-exported here: the bundler gives a page every file that
// any page runs and that it imports, even for its action alone, so the audit and security logs
// (which import this file for their filters) stay without zod.
import { z } from "zod";
import { securityEvents } from "~/lib/security-vocabulary";
import { isoDate } from "~/lib/validation";

export {
  letterSettingKeys,
  organisationSchema,
  organisationUpdateSchema,
  programmeSchema,
  programmeUpdateSchema,
  userCreateSchema,
  userUpdateSchema,
  type OrganisationInput,
  type ProgrammeInput,
} from "./form-schemas";

export const auditFilterSchema = z.object({
  userId: z.coerce.number().int().positive().optional().catch(undefined),
  action: z.string().trim().max(40).optional().catch(undefined),
  entityType: z.string().trim().max(40).optional().catch(undefined),
  entityId: z.string().trim().max(40).optional().catch(undefined),
  // "Who changed this case?": the code people know (LT-…), not the internal id.
  caseCode: z.string().trim().toUpperCase().max(20).optional().catch(undefined),
  from: isoDate().optional().catch(undefined),
  to: isoDate().optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

// Filters of /admin/security; anything unreadable is ignored rather than refused.
export const securityLogFilterSchema = z.object({
  event: z.enum(securityEvents).optional().catch(undefined),
  from: isoDate().optional().catch(undefined),
  to: isoDate().optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});
export type SecurityLogFilter = z.infer<typeof securityLogFilterSchema>;
