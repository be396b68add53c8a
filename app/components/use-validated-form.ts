// Forms that tell people what is wrong while they type (issue 13): the zod schema the server
// parses with also runs in the browser, on leaving a field and then on every keystroke, and marks
// the fields it requires. This module brings zod to the page that uses it; the mentor's phone
// pages (home, visit form) do not, and keep the server's check with the same ErrorSummary.
import { useForm, type Submission } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { $ZodIssue, $ZodType } from "zod/v4/core";

// Conform's name for the hidden button of its own submissions (validate on blur, add a line).
const conformIntent = "__intent__";

type FormOptions<Shape extends Record<string, unknown>> = Omit<Parameters<typeof useForm<Shape>>[0], "onValidate" | "constraint">;

/**
 * Conform's useForm with the page's schema: validated on blur, revalidated on input, every error
 * at once (see crossFieldRules), required fields known. `messagePrefix` points messages at a
 * page's own wording where it has one (the review pages say "review.errors.*"), as the server's
 * reply does.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function useValidatedForm<Shape extends Record<string, any> = Record<string, any>>({
  schema,
  messagePrefix,
  ...options
}: FormOptions<Shape> & { schema: $ZodType; messagePrefix?: string }) {
  const { i18n } = useTranslation();
  const constraint = useMemo(() => getZodConstraint(schema), [schema]);
  const message = (text: string) => (messagePrefix && i18n.exists(`${messagePrefix}${text}`) ? `${messagePrefix}${text}` : text);
  return useForm<Shape>({
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    ...options,
    constraint,
    onValidate: ({ form, formData, submitter }) => {
      const submission = parseWithZod(formData, { schema, formatError: (issues: $ZodIssue[]) => issues.map((issue) => message(issue.message)) });
      // Checked as someone types (Conform's own submissions), a value that only a submit button
      // gives (the plan's "intent": save or submit) is not there yet: no error to show for it.
      if (submitter?.name === conformIntent && submission.status !== "success" && submission.error) {
        const errors = submission.error;
        for (const element of Array.from(form.elements)) {
          if (element instanceof HTMLButtonElement && element.name && element.name !== conformIntent) delete errors[element.name];
        }
      }
      // The schema's output type is the server's business; the form only needs its errors.
      return submission as unknown as Submission<Shape, string[]>;
    },
  });
}
