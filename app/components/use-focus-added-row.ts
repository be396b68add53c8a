import { useEffect, useRef } from "react";

/**
 * After "Add a line" adds a row to a list in a form, moves the focus to the new row's first field,
 * so the person types there next instead of staying on the button (WCAG 2.4.3 focus order).
 * `count` is the number of rows, `lastRowFieldId` the id of the last row's first field.
 */
export function useFocusAddedRow(count: number, lastRowFieldId: string | undefined) {
  const previousCount = useRef(count);
  useEffect(() => {
    if (count > previousCount.current && lastRowFieldId) document.getElementById(lastRowFieldId)?.focus();
    previousCount.current = count;
  }, [count, lastRowFieldId]);
}
