// Zod schemas of the login and password forms; messages are translation keys.
import { z } from "zod";
import { emailField, newPassword, passwordText } from "~/lib/validation";

export const loginSchema = z.object({
  email: emailField(),
  password: passwordText(),
  // Checked against this origin's paths by safeRedirect; bounded here like every field.
  redirectTo: z.string().max(2000, "errors.tooLong").optional(),
});

export const passwordSchema = z
  .object({
    currentPassword: passwordText(),
    newPassword: newPassword(),
    confirmPassword: passwordText(),
  })
  .refine((value) => value.newPassword === value.confirmPassword, {
    message: "errors.passwordsDiffer",
    path: ["confirmPassword"],
  });
