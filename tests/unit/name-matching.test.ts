import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  birthDatesMatch,
  dedupBlockingKeys,
  givenNameEquivalents,
  isPossibleDuplicate,
  nameSkeleton,
  namesMatch,
  normalisePhone,
  type PersonForMatching,
} from "~/modules/intake/name-matching";

// Spellings of one name that real records carry (domain.md §2): each group must share a skeleton.
const sameName: string[][] = [
  ["Oleksandr", "Aleksandr", "Alexander", "Олександр", "Александр"],
  ["Dmytro", "Dmitriy", "Dmitry", "Дмитро", "Дмитрий"],
  ["Serhii", "Sergey", "Sergei", "Сергій", "Сергей", "Serhiy"],
  ["Volodymyr", "Vladimir", "Володимир", "Владимир"],
  ["Mykola", "Nikolay", "Nikolai", "Микола", "Николай"],
  ["Olena", "Elena", "Олена", "Елена", "Yelena"],
  ["Olha", "Olga", "Ольга"],
  ["Tetiana", "Tatiana", "Tatyana", "Тетяна", "Татьяна"],
  ["Yurii", "Iurii", "Yuriy", "Yuri", "Юрій", "Юрий"],
  ["Kovalskyi", "Kovalskiy", "Kovalsky", "Kovalskij", "Ковальський", "Ковальский"],
  ["Kovalska", "Kovalskaya", "Ковальська", "Ковальская"],
  ["Hryhorenko", "Grygorenko", "Grigorenko", "Григоренко"],
  ["Yevhen", "Ievhen", "Evgeniy", "Євген", "Евгений"],
  ["Yuliia", "Iuliia", "Juliia", "Yulia", "Юлія"],
  ["Мар'яна", "Мар’яна", "Марʼяна", "Марьяна", "Mariana", "Maryana", "Mar'yana"],
  ["Andrii", "Andrey", "Андрій", "Андрей"],
  ["Oleh", "Oleg", "Олег"],
  ["Mykhailo", "Mikhail", "Михайло", "Михаил"],
  ["Vasyl", "Vasiliy", "Василь", "Василий"],
  ["Petro", "Pyotr", "Петро", "Пётр"],
  ["Pavlo", "Pavel", "Павло", "Павел"],
  ["Iryna", "Irina", "Ірина", "Ирина"],
  ["Nataliia", "Natalya", "Наталія", "Наталья"],
  ["Liudmyla", "Lyudmila", "Людмила"],
  ["Halyna", "Galina", "Галина"],
  ["Valentyna", "Valentina", "Валентина"],
  ["Kateryna", "Ekaterina", "Катерина", "Екатерина"],
  ["Viktoriia", "Viktoriya", "Вікторія", "Виктория"],
  ["Anatolii", "Anatoliy", "Анатолій", "Анатолий"],
  ["Hanna", "Anna", "Ганна", "Анна"],
  ["Svitlana", "Svetlana", "Світлана", "Светлана"],
  ["Larysa", "Larisa", "Лариса"],
  ["Vitalii", "Vitaliy", "Віталій", "Виталий"],
  ["Ihor", "Igor", "Ігор", "Игорь"],
  ["Bohdan", "Bogdan", "Богдан"],
  ["Oleksii", "Aleksey", "Alexey", "Олексій", "Алексей"],
  ["Mariia", "Mariya", "Maria", "Марія", "Мария"],
  ["Shevchenko", "SHEVCHENKO", "Шевченко", "ШЕВЧЕНКО"],
  ["Zghorany", "Zgorany", "Згорани"],
  ["Skhid", "Схід"],
];

// Different people whose names look alike: the matcher must keep them apart.
const differentNames: Array<[string, string]> = [
  ["Shevchenko", "Shevchuk"],
  ["Olena", "Olha"],
  ["Ivan", "Iryna"],
  ["Kovalenko", "Kovalchuk"],
  ["Tkachenko", "Tkachuk"],
  ["Petrenko", "Pavlenko"],
  ["Oleksandr", "Oleksii"],
  ["Bondar", "Bondarenko"],
  ["Melnyk", "Melnychuk"],
  ["Moroz", "Morozov"],
  ["Maria", "Mariana"],
  ["Ivan", "Iván Petrenko"],
  ["Yurii", "Ihor"],
  ["Serhii", "Andrii"],
];

describe("nameSkeleton", () => {
  it.each(sameName.map((group) => [group[0], group] as const))(
    "gives all spellings of %s one skeleton",
    (_, group) => {
      const skeletons = new Set(group.map(nameSkeleton));
      expect([...skeletons]).toHaveLength(1);
    },
  );

  it("gives different names different skeletons", () => {
    for (const [a, b] of differentNames)
      expect(nameSkeleton(a), `${a} vs ${b}`).not.toBe(nameSkeleton(b));
  });

  it("keeps each given-name group apart from every other", () => {
    const owner = new Map<string, string>();
    for (const group of givenNameEquivalents) {
      const skeleton = nameSkeleton(group[0]);
      expect(owner.get(skeleton), `${group[0]} collides`).toBeUndefined();
      owner.set(skeleton, group[0]);
      for (const form of group) expect(nameSkeleton(form), form).toBe(skeleton);
    }
  });

  it("keeps the words of a name, whatever separates them", () => {
    expect(nameSkeleton("Ivanenko-Petrenko")).toBe(nameSkeleton("Іваненко Петренко"));
    expect(nameSkeleton("  SHEVCHENKO,  OLENA ")).toBe(nameSkeleton("Шевченко Олена"));
    expect(nameSkeleton("")).toBe("");
  });
});

describe("namesMatch", () => {
  it("matches every spelling pair of one name", () => {
    for (const group of sameName) {
      for (const a of group)
        for (const b of group) expect(namesMatch(a, b), `${a} ~ ${b}`).toBe(true);
    }
  });

  it.each(differentNames)("does not match %s and %s", (a, b) => {
    expect(namesMatch(a, b)).toBe(false);
  });

  it("tolerates one typo (including a swap) in a long name only", () => {
    expect(namesMatch("Shevchenko", "Shevchenlo")).toBe(true);
    expect(namesMatch("Shevchenko", "Shevchneko")).toBe(true);
    expect(namesMatch("Shevchenko", "Shevchenkoo")).toBe(true);
    expect(namesMatch("Shevchenko", "Shvchenko")).toBe(true);
    expect(namesMatch("Shevchenko", "Shevchenkuk")).toBe(false);
    expect(namesMatch("Shevchenko", "Shevchneok")).toBe(false);
    expect(namesMatch("Taras", "Taris")).toBe(false);
  });

  it("never matches empty names", () => {
    expect(namesMatch("", "")).toBe(false);
    expect(namesMatch("'", "-")).toBe(false);
  });
});

describe("birthDatesMatch", () => {
  it("matches equal dates and day/month swaps", () => {
    expect(birthDatesMatch("1985-03-07", "1985-03-07")).toBe(true);
    expect(birthDatesMatch("1985-03-07", "1985-07-03")).toBe(true);
  });

  it("does not match other dates", () => {
    expect(birthDatesMatch("1985-03-07", "1986-07-03")).toBe(false);
    expect(birthDatesMatch("1985-03-07", "1985-03-08")).toBe(false);
    expect(birthDatesMatch("1985-03-17", "1985-03-07")).toBe(false);
    expect(birthDatesMatch("not a date", "not a date")).toBe(false);
  });
});

describe("normalisePhone", () => {
  it.each([
    "+380 67 123 45 67",
    "067-123-45-67",
    "380671234567",
    "0671234567",
    "(067) 123 45 67",
    "8 067 123 45 67",
    "00380671234567",
    "+38 (067) 123-45-67",
  ])("reads %j as +380671234567", (phone) => {
    expect(normalisePhone(phone)).toBe("+380671234567");
  });

  it("reads a Kyiv landline", () => {
    expect(normalisePhone("044 123 45 67")).toBe("+380441234567");
  });

  it.each([
    "",
    "12345",
    "067123456",
    "06712345678",
    "+48 601 234 567",
    "+1 202 555 0123",
    "0071234567",
    "067-123-45-6x",
  ])("rejects %j", (phone) => {
    expect(normalisePhone(phone)).toBeNull();
  });
});

describe("isPossibleDuplicate", () => {
  const olena: PersonForMatching = {
    surname: "Шевченко",
    firstName: "Олена",
    latinName: "SHEVCHENKO OLENA",
    birthDate: "1985-03-07",
    phone: "+380 67 123 45 67",
  };

  it("matches name + birth date across scripts and Russian forms, with swapped day and month", () => {
    expect(
      isPossibleDuplicate(olena, {
        surname: "Shevchenko",
        firstName: "Elena",
        birthDate: "1985-07-03",
      }),
    ).toEqual({ match: true, reasons: ["name_and_birth_date"] });
  });

  it("matches name + phone in any format", () => {
    expect(
      isPossibleDuplicate(olena, { surname: "Шевченко", firstName: "Елена", phone: "0671234567" }),
    ).toEqual({ match: true, reasons: ["name_and_phone"] });
  });

  it("reports both reasons when both hold", () => {
    expect(
      isPossibleDuplicate(olena, {
        surname: "SHEVCHENKO",
        firstName: "OLENA",
        birthDate: "1985-03-07",
        phone: "067-123-45-67",
      }).reasons,
    ).toEqual(["name_and_birth_date", "name_and_phone"]);
  });

  it("uses the passport Latin name when the entered name differs", () => {
    const entered = {
      surname: "Ш-ко",
      firstName: "О.",
      latinName: "SHEVCHENKO OLENA",
      birthDate: "1985-03-07",
    };
    expect(
      isPossibleDuplicate(entered, {
        surname: "Shevchenko",
        firstName: "Olena",
        birthDate: "1985-03-07",
      }).match,
    ).toBe(true);
  });

  it("does not match different people with the same birth date or phone", () => {
    expect(
      isPossibleDuplicate(olena, {
        surname: "Шевчук",
        firstName: "Олена",
        birthDate: "1985-03-07",
        phone: "0671234567",
      }),
    ).toEqual({ match: false, reasons: [] });
    expect(
      isPossibleDuplicate(olena, {
        surname: "Шевченко",
        firstName: "Ольга",
        birthDate: "1985-03-07",
        phone: "0671234567",
      }),
    ).toEqual({ match: false, reasons: [] });
  });

  it("does not match the same name with a different birth date and no common phone", () => {
    expect(
      isPossibleDuplicate(olena, {
        surname: "Шевченко",
        firstName: "Олена",
        birthDate: "1990-03-07",
        phone: null,
      }),
    ).toEqual({ match: false, reasons: [] });
  });
});

describe("dedupBlockingKeys", () => {
  it("gives few keys, with the phone in E.164", () => {
    const keys = dedupBlockingKeys({
      surname: "Шевченко",
      firstName: "Олена",
      latinName: "SHEVCHENKO OLENA",
      birthDate: "1985-07-03",
      phone: "067 123 45 67",
    });
    expect(keys).toEqual(["d:^sh|1985-03-07", "d:nko$|1985-03-07", "p:+380671234567"]);
  });

  it("adds keys for a passport Latin name that reads differently", () => {
    const keys = dedupBlockingKeys({
      surname: "Ш-ко",
      firstName: "О.",
      latinName: "SHEVCHENKO OLENA",
      birthDate: "1985-03-07",
    });
    expect(keys).toContain("d:nko$|1985-03-07");
    expect(keys.length).toBeLessThanOrEqual(8);
  });

  it("gives no keys without a birth date or a usable phone", () => {
    expect(dedupBlockingKeys({ surname: "Шевченко", firstName: "Олена", phone: "123" })).toEqual(
      [],
    );
  });

  // Spellings and typos of a few people: surname and first-name variants that namesMatch joins.
  const surnameSpellings = [
    ["Шевченко", "Shevchenko", "SHEVCHENKO", "Shevchenlo", "Shevhcenko", "Schevchenko"],
    ["Григоренко", "Hryhorenko", "Grigorenko", "Grygorenko", "Hryhorenco", "Hrihorenko"],
    ["Ковальський", "Kovalskyi", "Kovalskiy", "Kowalski", "Kovalsky", "Kovalskyy"],
    ["Ли", "Li", "Lee", "Ly"],
  ];
  const firstNameSpellings = [
    ["Олена", "Olena", "Elena", "Yelena"],
    ["Сергій", "Serhii", "Sergey", "Serhiy"],
    ["Юлія", "Yuliia", "Julia", "Iuliia"],
  ];

  const person = (surnames: string[], firstNames: string[]) =>
    fc.record({
      surname: fc.constantFrom(...surnames),
      firstName: fc.constantFrom(...firstNames),
      latinName: fc.option(
        fc.constantFrom("SHEVCHENKO OLENA", "HRYHORENKO SERHII", "KOVALSKYI YULIIA"),
      ),
      birthDate: fc.option(fc.constantFrom("1985-03-07", "1985-07-03", "1990-12-12", "1985-03-17")),
      phone: fc.option(fc.constantFrom("0671234567", "+380 67 123 45 67", "0501112233", "oops")),
    });
  const pairOfRecords = fc
    .tuple(
      fc.integer({ min: 0, max: surnameSpellings.length - 1 }),
      fc.integer({ min: 0, max: firstNameSpellings.length - 1 }),
    )
    .chain(([s, f]) =>
      fc.tuple(
        person(surnameSpellings[s], firstNameSpellings[f]),
        person(surnameSpellings[s], firstNameSpellings[f]),
      ),
    );

  it("property: every possible duplicate pair shares a blocking key", () => {
    let duplicatesSeen = 0;
    fc.assert(
      fc.property(pairOfRecords, ([a, b]) => {
        if (!isPossibleDuplicate(a, b).match) return;
        duplicatesSeen++;
        const keysOfA = new Set(dedupBlockingKeys(a));
        expect(
          dedupBlockingKeys(b).some((key) => keysOfA.has(key)),
          JSON.stringify([a, b]),
        ).toBe(true);
      }),
      { numRuns: 3000 },
    );
    expect(duplicatesSeen).toBeGreaterThan(500);
  });

  it("property: one typo anywhere in a long surname still shares a key", () => {
    const base = fc.stringMatching(/^[a-z]{6,12}$/);
    const typo = fc.tuple(
      base,
      fc.nat(),
      fc.constantFrom("substitute", "insert", "delete", "swap"),
      fc.constantFrom(..."bdfklmnprstvz"),
    );
    fc.assert(
      fc.property(typo, ([surname, at, kind, letter]) => {
        const i = at % surname.length;
        const edited =
          kind === "substitute"
            ? surname.slice(0, i) + letter + surname.slice(i + 1)
            : kind === "insert"
            ? surname.slice(0, i) + letter + surname.slice(i)
            : kind === "delete"
            ? surname.slice(0, i) + surname.slice(i + 1)
            : surname.slice(0, i) + (surname[i + 1] ?? "") + surname[i] + surname.slice(i + 2);
        const a = { surname, firstName: "Olena", birthDate: "1985-03-07" };
        const b = { surname: edited, firstName: "Olena", birthDate: "1985-07-03" };
        if (!isPossibleDuplicate(a, b).match) return;
        const keysOfA = new Set(dedupBlockingKeys(a));
        expect(dedupBlockingKeys(b).some((key) => keysOfA.has(key))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
