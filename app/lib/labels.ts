// The same label in every row of a long table or file (a column's name, a stage, "yes"): i18next
// works each call out afresh (its options merged, the key parsed: about 10 µs), and the case
// list spent a fifth of its server time there. A label without options is translated once by a
// given translator, then looked up: i18n.ts gives every `t` of useTranslation this memory, and
// the exports wrap their translator with it.
export type Translate = (key: string, options?: Record<string, unknown>) => string;

export function labelsOnce<T>(t: T): T {
  const labels = new Map<string, unknown>();
  const once = (key: unknown, ...rest: unknown[]) => {
    // Options, a default value or a list of keys: worked out every time.
    if (rest.length > 0 || typeof key !== "string") return (t as (...args: unknown[]) => unknown)(key, ...rest);
    if (!labels.has(key)) labels.set(key, (t as (key: string) => unknown)(key));
    return labels.get(key);
  };
  return once as unknown as T;
}
