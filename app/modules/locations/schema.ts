// Form and query schemas of the locations area; messages are translation keys.
import { z } from "zod";
import type { SpreadsheetErrorCode } from "~/lib/spreadsheet.server";
import { locales } from "~/lib/i18n";
import { maxCodAbUploadBytes } from "~/lib/upload-limits";
import { checkbox, requiredText, wholeNumber } from "~/lib/validation";


export const codAbUploadSchema = z.object({
  file: z
    .instanceof(File, { error: "locations.errors.fileRequired" })
    // A file input left empty still sends a nameless, empty file.
    .refine((file) => file.name !== "" || file.size > 0, { error: "locations.errors.fileRequired", abort: true })
    .refine((file) => file.size > 0, "locations.errors.fileEmpty")
    .refine((file) => file.size <= maxCodAbUploadBytes, "locations.errors.fileTooLarge"),
  includeSettlements: checkbox(),
});

// Every reason readSpreadsheet refuses a file, as the message shown next to the file field.
export const spreadsheetErrorKeys: Record<SpreadsheetErrorCode, string> = {
  empty: "locations.errors.fileEmpty",
  malformed: "locations.errors.fileMalformed",
  too_many_rows: "locations.errors.fileTooManyRows",
  unsupported: "locations.errors.fileUnsupported",
};

/** P-codes of every level: UA05, UA0502, UA0502003, UA0502003001 (domain.md §3). */
export const pcodeField = () =>
  z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^UA(\d{2}|\d{4}|\d{7}|\d{10})$/);

/** Query of the /places resource route: the children of a unit, or a name search. */
export const placesQuerySchema = z.union([
  z.object({
    parent: pcodeField().refine((pcode) => pcode.length < 12, "settlements have no children"),
    lang: z.enum(locales).optional(),
  }),
  z
    .object({
      q: requiredText(100),
      level: wholeNumber(1, 4).default(3),
      within: pcodeField().optional(),
      limit: wholeNumber(1, 50).default(20),
      lang: z.enum(locales).optional(),
    })
    // Settlements are ~30,000 rows: a search needs an area to stay bounded.
    .refine((query) => query.level < 4 || query.within !== undefined, "settlement search needs within"),
]);
