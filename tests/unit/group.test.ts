import { describe, expect, it } from "vitest";
import { groupBy } from "~/lib/group";

describe("groupBy", () => {
  it("groups in the order met, keeping each item or what it maps to", () => {
    const marks = [
      { caseId: 2, session: 1 },
      { caseId: 1, session: 1 },
      { caseId: 2, session: 3 },
    ];
    expect([...groupBy(marks, (mark) => mark.caseId)]).toEqual([
      [2, [marks[0], marks[2]]],
      [1, [marks[1]]],
    ]);
    expect(groupBy(marks, (mark) => mark.caseId, (mark) => mark.session).get(2)).toEqual([1, 3]);
    expect(groupBy([], (value: number) => value).size).toBe(0);
  });
});
