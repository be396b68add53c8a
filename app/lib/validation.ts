// Shared zod building blocks. Messages are translation keys ("errors.…"), shown next to fields.
import { z } from "zod";
import { parseMoneyInput } from "./money";

export const requiredText = (max = 200) =>
  z.string({ error: "errors.required" }).trim().min(1, "errors.required").max(max, "errors.tooLong");

export const optionalText = (max = 2000) => z.string().trim().max(max, "errors.tooLong").optional();

export const emailField = () =>
  z
    .string({ error: "errors.required" })
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: "errors.email" }));

export const isoDate = () =>
  z.string({ error: "errors.required" }).regex(/^\d{4}-\d{2}-\d{2}$/, "errors.date").refine(
    (value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
    "errors.date",
  );

export const moneyField = () =>
  z
    .string({ error: "errors.required" })
    .transform((value, context) => {
      const minor = parseMoneyInput(value);
      if (minor === null) {
        context.addIssue({ code: "custom", message: "errors.money" });
        return z.NEVER;
      }
      return minor;
    });

export const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: "errors.number" })
    .int("errors.wholeNumber")
    .min(min, "errors.numberTooSmall")
    .max(max, "errors.numberTooLarge");

export const checkbox = () =>
  z
    .string()
    .optional()
    .transform((value) => value === "on" || value === "true");

export const newPassword = () =>
  z.string({ error: "errors.required" }).min(12, "errors.passwordTooShort").max(200, "errors.tooLong");
