// The figures of a refused money command, worded: what the budget line or the agreement has
// left, which exchange rate to enter, the funding period. Amounts arrive in minor units with the
// currency they are in; dates as ISO dates.
import { useTranslation } from "react-i18next";
import { formatDate, formatMoney } from "~/lib/format";
import type { Locale } from "~/lib/i18n";

export type GrantRefusalData = { code: string; details: Record<string, string | number | null> };

export function GrantRefusalNotice({ refusal }: { refusal?: GrantRefusalData | null }) {
  const { t, i18n } = useTranslation();
  if (!refusal) return null;
  const locale = i18n.language as Locale;
  const key = `grants.refusals.${refusal.code}`;
  if (!i18n.exists(key)) return null;
  const currency = typeof refusal.details.currency === "string" ? refusal.details.currency : "";
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(refusal.details)) {
    if (value === null) continue;
    if (name.endsWith("Minor") && typeof value === "number" && name !== "differenceMinor") values[name] = formatMoney(value, currency, locale);
    else if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) values[name] = formatDate(value, locale);
    else values[name] = String(value);
  }
  return (
    <p role="alert" className="notice notice-danger">
      {t(key, values)}
    </p>
  );
}
