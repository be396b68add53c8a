// Long lists are read a page at a time: at 100,000 cases a reviewer's queue, the committee's
// ranking or a programme's training sessions run to thousands of rows, and a page that renders
// them all weighs megabytes. One way to read the page asked for and to cut a list into pages.
import { z } from "zod";

const pageNumber = z.coerce.number().int().min(1).max(100_000);

/** The page asked for in `?page=` (1 when absent or not a page number). */
export function requestedPage(url: URL): number {
  const parsed = pageNumber.safeParse(url.searchParams.get("page") ?? undefined);
  return parsed.success ? parsed.data : 1;
}

export type Paged<T> = { total: number; page: number; pageCount: number; items: T[] };

/** Where a page starts, for a list of `total` items: a page past the end shows the last one. */
export function pageWindow(total: number, requested: number, size: number) {
  const pageCount = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, requested), pageCount);
  return { page, pageCount, offset: (page - 1) * size, limit: size };
}

/** One page of a list already in memory (a ranking that needs every row to be computed). */
export function pageOf<T>(items: T[], requested: number, size: number): Paged<T> {
  const { page, pageCount, offset } = pageWindow(items.length, requested, size);
  return { total: items.length, page, pageCount, items: items.slice(offset, offset + size) };
}
