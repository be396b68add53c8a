// Why a row of an import was not stored, as translation keys with their values, so the page and
// the downloadable report say it in the reader's language.

export type RowError = {
  /** Our field the problem is about; "" for the row as a whole. */
  field: string;
  /** A translation key, e.g. "errors.rnokppCheckDigit" or "imports.errors.unknownChoice". */
  message: string;
  params?: Record<string, string | number>;
};

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** "Field: message" for each error, e.g. "RNOKPP: The check digit is wrong." */
export function rowReasons(t: Translate, errors: readonly RowError[]): string[] {
  return errors.map((error) => {
    const message = t(error.message, error.params ?? {});
    // Row-level messages are written to follow a field name; alone they start a sentence.
    return error.field ? `${t(`imports.fields.${error.field}`)}: ${message}` : message.charAt(0).toUpperCase() + message.slice(1);
  });
}
