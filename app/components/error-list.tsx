import { useTranslation } from "react-i18next";

// Form errors are translation keys (see the zod schemas), so one schema serves both languages.
// Its own module: light widgets (the place picker on the phone's visit form) use it without the
// form library that components/forms.tsx brings.
export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const { t } = useTranslation();
  return (
    <div id={id} className="field-errors" aria-live="polite">
      {errors?.length
        ? errors.map((error) => (
            <p key={error} className="field-error">
              {t(error)}
            </p>
          ))
        : null}
    </div>
  );
}
