import type { ReactNode } from "react";

// A table that may be wider than the screen scrolls inside this box, never the page. The box is
// named and can take focus, so a keyboard can scroll it too (WCAG 2.1.1; axe's
// scrollable-region-focusable). Tables marked .responsive-table become cards on a phone instead.
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
