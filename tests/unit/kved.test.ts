import { describe, expect, it } from "vitest";

import {
  defaultExcludedKved,
  findKvedClass,
  kvedClasses,
  kvedSectionOf,
  kvedSections,
  kvedVersion,
  searchKved,
} from "~/modules/intake/kved";

// Every class domain.md §4 names as a typical grant activity.
const typicalGrantClasses = [
  "14.13", "14.19", "95.29", "10.71", "96.02", "45.20", "01.13", "01.47", "01.49",
  "16.23", "31.09", "62.01", "56.10", "74.20",
  "43.31", "43.32", "43.33", "43.34", "43.39",
];

describe("KVED-2010 sections", () => {
  it("keeps the classification's version beside the codes", () => {
    expect(kvedVersion).toBe("KVED-2010");
  });

  it("lists the 21 sections A–U in order", () => {
    expect(kvedSections.map((section) => section.code).join("")).toBe("ABCDEFGHIJKLMNOPQRSTU");
  });

  it("uses the official titles in both languages", () => {
    expect(kvedSections[0]).toEqual({
      code: "A",
      nameUk: "Сільське господарство, лісове господарство та рибне господарство",
      nameEn: "Agriculture, forestry and fishing",
    });
    expect(kvedSections.find((section) => section.code === "G")?.nameEn).toBe(
      "Wholesale and retail trade; repair of motor vehicles and motorcycles",
    );
    expect(kvedSections.find((section) => section.code === "S")?.nameUk).toBe(
      "Надання інших видів послуг",
    );
  });

  it("finds the section of a division, group or class from its division", () => {
    expect(kvedSectionOf("01.13")?.code).toBe("A");
    expect(kvedSectionOf("03")?.code).toBe("A");
    expect(kvedSectionOf("05")?.code).toBe("B");
    expect(kvedSectionOf("33.12")?.code).toBe("C");
    expect(kvedSectionOf("35.11")?.code).toBe("D");
    expect(kvedSectionOf("39")?.code).toBe("E");
    expect(kvedSectionOf("43.3")?.code).toBe("F");
    expect(kvedSectionOf("47.11")?.code).toBe("G");
    expect(kvedSectionOf("53.20")?.code).toBe("H");
    expect(kvedSectionOf("56.10")?.code).toBe("I");
    expect(kvedSectionOf("63.12")?.code).toBe("J");
    expect(kvedSectionOf("68.20")?.code).toBe("L");
    expect(kvedSectionOf("75.00")?.code).toBe("M");
    expect(kvedSectionOf("82.30")?.code).toBe("N");
    expect(kvedSectionOf("88.91")?.code).toBe("Q");
    expect(kvedSectionOf("93.29")?.code).toBe("R");
    expect(kvedSectionOf("96.02")?.nameEn).toBe("Other service activities");
    expect(kvedSectionOf("98")?.code).toBe("T");
    expect(kvedSectionOf("99.00")?.code).toBe("U");
  });

  it("finds no section for divisions KVED-2010 does not have, or for text", () => {
    expect(kvedSectionOf("04.00")).toBeNull();
    expect(kvedSectionOf("34")).toBeNull();
    expect(kvedSectionOf("40")).toBeNull();
    expect(kvedSectionOf("bakery")).toBeNull();
    expect(kvedSectionOf("")).toBeNull();
  });
});

describe("KVED-2010 classes", () => {
  it("holds a curated list of at least 120 four-digit classes, unique and in code order", () => {
    const codes = kvedClasses.map((kvedClass) => kvedClass.code);
    expect(codes.length).toBeGreaterThanOrEqual(120);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual([...codes].sort());
    for (const code of codes) expect(code).toMatch(/^\d{2}\.\d{2}$/);
  });

  it("gives every class a title in both languages and the section of its division", () => {
    for (const kvedClass of kvedClasses) {
      expect(kvedClass.nameUk.length).toBeGreaterThan(3);
      expect(kvedClass.nameEn.length).toBeGreaterThan(3);
      expect(kvedClass.nameUk).toMatch(/[а-яіїєґ]/i);
      expect(kvedClass.section).toBe(kvedSectionOf(kvedClass.code)?.code);
    }
  });

  it("covers every section", () => {
    const sectionsWithClasses = new Set(kvedClasses.map((kvedClass) => kvedClass.section));
    expect(sectionsWithClasses.size).toBe(21);
  });

  it("includes every class domain.md §4 names, and the 47.xx retail classes", () => {
    for (const code of typicalGrantClasses) expect(findKvedClass(code), code).not.toBeNull();
    const retail = kvedClasses.filter((kvedClass) => kvedClass.code.startsWith("47."));
    expect(retail.length).toBeGreaterThanOrEqual(30);
  });

  it("finds a class by its code with the official titles", () => {
    expect(findKvedClass("14.13")).toEqual({
      code: "14.13",
      section: "C",
      nameUk: "Виробництво іншого верхнього одягу",
      nameEn: "Manufacture of other outerwear",
    });
    expect(findKvedClass("96.02")?.nameUk).toBe("Надання послуг перукарнями та салонами краси");
    expect(findKvedClass("01.49")?.nameEn).toBe("Raising of other animals");
    expect(findKvedClass("25.40")?.nameUk).toBe("Виробництво зброї та боєприпасів");
  });

  it("accepts a code with spaces, a decimal comma or no dot", () => {
    expect(findKvedClass(" 45.20 ")?.code).toBe("45.20");
    expect(findKvedClass("45,20")?.code).toBe("45.20");
    expect(findKvedClass("4520")?.code).toBe("45.20");
  });

  it("returns null for a code it does not hold", () => {
    expect(findKvedClass("99.99")).toBeNull();
    expect(findKvedClass("47")).toBeNull();
    expect(findKvedClass("")).toBeNull();
  });
});

describe("searchKved", () => {
  it("matches a division prefix", () => {
    const all47 = kvedClasses.filter((kvedClass) => kvedClass.code.startsWith("47."));
    expect(searchKved("47", "uk", 100)).toEqual(all47);
  });

  it("matches a group prefix, with a dot or a comma", () => {
    expect(searchKved("47.1", "uk").map((kvedClass) => kvedClass.code)).toEqual(["47.11", "47.19"]);
    expect(searchKved("47,1", "en").map((kvedClass) => kvedClass.code)).toEqual(["47.11", "47.19"]);
    expect(searchKved("43.3", "uk").map((kvedClass) => kvedClass.code)).toEqual([
      "43.31", "43.32", "43.33", "43.34", "43.39",
    ]);
  });

  it("stops at the limit (20 by default)", () => {
    expect(searchKved("47", "uk")).toHaveLength(20);
    expect(searchKved("47", "uk", 3).map((kvedClass) => kvedClass.code)).toEqual([
      "47.11", "47.19", "47.21",
    ]);
  });

  it("finds words of the Ukrainian title, whatever the case", () => {
    expect(searchKved("ПЕРУКАР", "uk").map((kvedClass) => kvedClass.code)).toEqual(["96.02"]);
    expect(searchKved("верхнього одягу", "uk").map((kvedClass) => kvedClass.code)).toEqual(["14.13"]);
  });

  it("finds words of the English title", () => {
    expect(searchKved("bread", "en").map((kvedClass) => kvedClass.code)).toEqual(["10.71", "47.24"]);
    expect(searchKved("Poultry", "en").map((kvedClass) => kvedClass.code)).toEqual(["01.47", "10.13"]);
  });

  it("treats every apostrophe form alike, and its absence too", () => {
    const expected = ["10.11", "10.13", "47.22"];
    for (const query of ["м'ясо", "м’ясо", "мʼясо", "мясо"]) {
      expect(searchKved(query, "uk").map((kvedClass) => kvedClass.code), query).toEqual(expected);
    }
  });

  it("loosens word endings so inflected titles are found", () => {
    expect(searchKved("меблі", "uk").map((kvedClass) => kvedClass.code)).toEqual([
      "31.01", "31.02", "31.09", "47.59", "95.24",
    ]);
  });

  it("finds a class through the other language's title", () => {
    expect(searchKved("hairdressing", "uk").map((kvedClass) => kvedClass.code)).toEqual(["96.02"]);
    expect(searchKved("бджіл", "en")).toEqual([]);
  });

  it("ranks titles that start with the query before other matches", () => {
    const codes = searchKved("repair", "en", 50).map((kvedClass) => kvedClass.code);
    expect(codes.slice(0, 2)).toEqual(["33.11", "33.12"]);
    // "Maintenance and repair of motor vehicles" only contains the word: after every "Repair of …".
    expect(codes.indexOf("45.20")).toBeGreaterThan(codes.indexOf("95.29"));
  });

  it("requires every word, and lets one query mix both languages", () => {
    expect(searchKved("хутр", "uk").map((kvedClass) => kvedClass.code)).toEqual(["14.20", "96.01"]);
    expect(searchKved("хутр прання", "uk").map((kvedClass) => kvedClass.code)).toEqual(["96.01"]);
    expect(searchKved("виробництво footwear", "uk").map((kvedClass) => kvedClass.code)).toEqual(["15.20"]);
  });

  it("returns nothing for an empty query or a word no title has", () => {
    expect(searchKved("   ", "uk")).toEqual([]);
    expect(searchKved("криптовалюта", "uk")).toEqual([]);
  });
});

describe("defaultExcludedKved", () => {
  it("covers weapons, alcohol, tobacco, gambling, pharmaceuticals, jewellery and pesticides", () => {
    expect(defaultExcludedKved).toEqual(
      expect.arrayContaining([
        "25.40",
        "11.01", "11.02", "11.03", "11.04", "11.05",
        "12.00", "46.35", "47.26",
        "46.34", "47.25",
        "92.00",
        "21.10", "21.20", "47.73",
        "32.12",
        "20.20",
      ]),
    );
  });

  it("names only classes the list holds, and no typical grant class", () => {
    for (const code of defaultExcludedKved) expect(findKvedClass(code), code).not.toBeNull();
    for (const code of typicalGrantClasses) expect(defaultExcludedKved).not.toContain(code);
  });
});
