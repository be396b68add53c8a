import { useEffect, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

// A list's filters folded behind "Filters (n set)" on a phone, so the first result is on the
// first screen; open on wider screens. The stylesheet shows the fields there before scripts run
// (::details-content); the script opens the disclosure for browsers without that selector.
const wide = "(min-width: 40.0625rem)";

export function FilterDisclosure({ active, children }: { active: number; children: ReactNode }) {
  const { t } = useTranslation();
  const disclosure = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (disclosure.current && window.matchMedia(wide).matches) disclosure.current.open = true;
  }, []);
  return (
    <details ref={disclosure} className="filters-disclosure">
      <summary>
        {t("forms.filtersToggle")}
        {active > 0 ? <span className="badge">{t("forms.filtersActive", { count: active })}</span> : null}
      </summary>
      <div className="filters-fields">{children}</div>
    </details>
  );
}
