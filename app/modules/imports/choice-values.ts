/**
 * The values of a Kobo file that the mapping page may send to the browser (domain.md §8): the
 * distinct answers of the columns mapped to choice fields (sex, oblast, displacement status…),
 * which the officer translates into ours. A column that the mapping or the auto-mapper uses for
 * anything else (names, numbers, phones, dates, free text) is never listed, so a small file's
 * names and identity numbers stay on the server. Pure: the page's loader and action share it.
 */
import { isChoiceField, suggestMapping, type KoboMapping } from "./kobo-mapping";

export type ColumnValue = { value: string; rows: number };

/** Columns whose values the choice tables need: mapped to a choice field and nothing else. */
export function choiceColumns(mapping: KoboMapping, headers: readonly string[]): string[] {
  const suggested = suggestMapping(headers);
  const usedOtherwise = new Set(
    [...Object.entries(mapping.columns), ...Object.entries(suggested.columns)]
      .filter(([field, column]) => column && !isChoiceField(field))
      .map(([, column]) => column),
  );
  const columns = Object.entries(mapping.columns)
    .filter(([field, column]) => column && isChoiceField(field) && headers.includes(column) && !usedOtherwise.has(column))
    .map(([, column]) => column as string);
  return [...new Set(columns)];
}

/**
 * The distinct values of the given columns, most frequent first; null for a column with more than
 * `maxDistinct` of them (a free-text column mapped by mistake: matched by name, not listed).
 */
export function choiceColumnValues(
  rows: ReadonlyArray<Record<string, string>>,
  columns: readonly string[],
  maxDistinct = 60,
): Record<string, ColumnValue[] | null> {
  const result: Record<string, ColumnValue[] | null> = {};
  for (const column of columns) {
    const counts = new Map<string, number>();
    for (const row of rows) {
      const value = row[column] ?? "";
      if (value === "") continue;
      counts.set(value, (counts.get(value) ?? 0) + 1);
      if (counts.size > maxDistinct) break;
    }
    result[column] =
      counts.size > maxDistinct ? null : [...counts].map(([value, rows]) => ({ value, rows })).sort((a, b) => b.rows - a.rows || a.value.localeCompare(b.value));
  }
  return result;
}
