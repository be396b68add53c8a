import { describe, expect, it } from "vitest";
import { pageOf, pageWindow, requestedPage } from "~/lib/paging";

describe("paging", () => {
  it("reads the page asked for, and page 1 for anything that is not a page number", () => {
    const page = (query: string) => requestedPage(new URL(`http://x/list${query}`));
    expect(page("?page=3")).toBe(3);
    expect(page("")).toBe(1);
    for (const bad of ["?page=0", "?page=-2", "?page=1.5", "?page=abc", "?page=", "?page=100001", "?page=1e3x"]) expect(page(bad)).toBe(1);
  });

  it("cuts a list into pages, a page past the end showing the last one", () => {
    expect(pageWindow(0, 1, 50)).toEqual({ page: 1, pageCount: 1, offset: 0, limit: 50 });
    expect(pageWindow(101, 3, 50)).toEqual({ page: 3, pageCount: 3, offset: 100, limit: 50 });
    expect(pageWindow(101, 9, 50)).toEqual({ page: 3, pageCount: 3, offset: 100, limit: 50 });
    expect(pageWindow(100, 2, 50)).toEqual({ page: 2, pageCount: 2, offset: 50, limit: 50 });
  });

  it("pages a list in memory, keeping the total", () => {
    const items = Array.from({ length: 7 }, (_, index) => index + 1);
    expect(pageOf(items, 2, 3)).toEqual({ total: 7, page: 2, pageCount: 3, items: [4, 5, 6] });
    expect(pageOf(items, 5, 3)).toEqual({ total: 7, page: 3, pageCount: 3, items: [7] });
    expect(pageOf([], 1, 3)).toEqual({ total: 0, page: 1, pageCount: 1, items: [] });
  });
});
