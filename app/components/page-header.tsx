import type { ReactNode } from "react";

// A page's title with its actions. Its own module: pages made for phones import it without the
// form library that components/forms.tsx brings.
export function PageHeader({ title, actions, children }: { title: string; actions?: ReactNode; children?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {children}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </div>
  );
}
