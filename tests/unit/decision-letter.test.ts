import { describe, expect, it } from "vitest";
import { letterDate, letterGreeting, letterName, letterNumber, letterReference, staffName, vocative, type LetterPerson } from "~/modules/review/decision-letter";

describe("vocative for the letter's greeting", () => {
  it.each([
    ["Оксана", "female", "Оксано"],
    ["Олена", "female", "Олено"],
    ["Марія", "female", "Маріє"],
    ["Наталя", "female", "Натале"],
    ["Зоя", "female", "Зоє"],
    ["Мар'яна", "female", "Мар'яно"],
    ["Петрівна", "female", "Петрівно"],
    ["Ігорівна", "female", "Ігорівно"],
    ["Петро", "male", "Петре"],
    ["Олександр", "male", "Олександре"],
    ["Сергій", "male", "Сергію"],
    ["Василь", "male", "Василю"],
    ["Олег", "male", "Олеже"],
    ["Микола", "male", "Миколо"],
    ["Марк", "male", "Марку"],
    ["Ігор", "male", "Ігорю"],
    ["Ілля", "male", "Ілле"],
    ["Іванович", "male", "Івановичу"],
    ["Сергійович", "male", "Сергійовичу"],
    ["Анна-Марія", "female", "Анно-Маріє"],
  ] as const)("%s (%s) → %s", (name, sex, expected) => {
    expect(vocative(name, sex)).toBe(expected);
  });

  it("knows no vocative for endings outside its rules, or for Latin names", () => {
    expect(vocative("Любов", "female")).toBeNull();
    expect(vocative("Anna", "female")).toBeNull();
    expect(vocative("О", "female")).toBeNull();
  });
});

const oksana: LetterPerson = { surname: "Коваленко", firstName: "Оксана", patronymic: "Петрівна", latinName: null, sex: "female" };

describe("how the letter names and greets the applicant", () => {
  it("uses the Ukrainian name and the vocative in Ukrainian", () => {
    expect(letterName(oksana, "uk")).toEqual({ fullName: "Коваленко Оксана Петрівна", fromPassport: false });
    expect(letterGreeting(oksana, "uk")).toBe("Шановна Оксано Петрівно!");
    expect(letterGreeting({ ...oksana, patronymic: null }, "uk")).toBe("Шановна пані Оксано!");
    expect(letterGreeting({ ...oksana, firstName: "Любов" }, "uk")).toBe("Шановна пані!");
    expect(letterGreeting({ surname: "Шевчук", firstName: "Петро", patronymic: "Іванович", latinName: null, sex: "male" }, "uk")).toBe("Шановний Петре Івановичу!");
    expect(letterGreeting({ ...oksana, sex: null }, "uk")).toBe("Шановна пані / шановний пане!");
  });

  it("uses the passport's Latin name in English when it is stored, as printed", () => {
    const withPassport = { ...oksana, latinName: "KOVALENKO OKSANA" };
    expect(letterName(withPassport, "en")).toEqual({ fullName: "KOVALENKO OKSANA", fromPassport: true });
    expect(letterGreeting(withPassport, "en")).toBe("Dear Ms Kovalenko,");
    // A passport from before 2010 spells it its own way: kept, never recomputed (domain.md §2).
    expect(letterGreeting({ ...oksana, latinName: "KOVALENKO-GRYNIV OKSANA" }, "en")).toBe("Dear Ms Kovalenko-Gryniv,");
  });

  it("transliterates by CMU Resolution 55 when no Latin name is stored", () => {
    const yurii: LetterPerson = { surname: "Згорянський", firstName: "Юрій", patronymic: null, latinName: null, sex: "male" };
    expect(letterName(yurii, "en")).toEqual({ fullName: "Zghorianskyi Yurii", fromPassport: false });
    expect(letterGreeting(yurii, "en")).toBe("Dear Mr Zghorianskyi,");
    expect(letterGreeting({ ...yurii, sex: null }, "en")).toBe("Dear Zghorianskyi Yurii,");
    expect(staffName("Оксана Коваль", "en")).toBe("Oksana Koval");
    expect(staffName("Оксана Коваль", "uk")).toBe("Оксана Коваль");
  });
});

describe("the letter's number and date", () => {
  it("numbers letters per programme and year", () => {
    expect(letterNumber("EEP-2026", "2026", 7)).toBe("EEP-2026/2026/0007");
    expect(letterReference("EEP", { id: 41, letterNumber: "EEP/2026/0012", createdAt: "2026-11-20T10:00:00.000Z" })).toBe("EEP/2026/0012");
    // Decisions recorded before letters were numbered: their record id, marked so it never
    // equals a sequence number.
    expect(letterReference("EEP", { id: 41, letterNumber: null, createdAt: "2025-11-20T10:00:00.000Z" })).toBe("EEP/2025/R41");
  });

  it("writes dates as letters do in each language", () => {
    expect(letterDate("2026-11-05", "uk")).toBe("05.11.2026");
    expect(letterDate("2026-11-05", "en")).toBe("5 November 2026");
  });
});
