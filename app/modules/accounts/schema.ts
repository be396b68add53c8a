// Zod schemas of the login and password forms; messages are translation keys.
import { z } from "zod";
import { emailField, newPassword } from "~/lib/validation";

export const loginSchema = z.object({
  email: emailField(),
  password: z.string({ error: "errors.required" }),
  redirectTo: z.string().optional(),
});

export const passwordSchema = z
  .object({
    currentPassword: z.string({ error: "errors.required" }),
    newPassword: newPassword(),
    confirmPassword: z.string({ error: "errors.required" }),
  })
  .refine((value) => value.newPassword === value.confirmPassword, {
    message: "errors.passwordsDiffer",
    path: ["confirmPassword"],
  });
