// The act of acceptance and transfer (domain.md §9): what it carries and when it may be signed.
import { describe, expect, it } from "vitest";
import { documentDate, handoverActDocument, handoverActProblems, type HandoverActInput, type HandoverActItem } from "~/modules/grants/handover-act";

const machine = (serialNumber: string | null): HandoverActItem => ({
  name: "Швейна машина",
  model: "Janome HD-1800",
  serialised: true,
  serialNumber,
  inventoryNumber: null,
  unit: "piece",
  quantity: 1,
  unitPriceMinor: 1_250_000,
});

const thread: HandoverActItem = {
  name: "Нитки швейні",
  model: null,
  serialised: false,
  serialNumber: null,
  inventoryNumber: "INV-77",
  unit: "pack",
  quantity: 4,
  unitPriceMinor: 17_525,
};

const act = (overrides: Partial<HandoverActInput> = {}): HandoverActInput => ({
  number: "ПП-2025-0007",
  actDate: "2025-03-05",
  place: "м. Дніпро",
  currency: "UAH",
  issuer: { nameUk: "Представництво МОМ в Україні", nameEn: "IOM Mission in Ukraine", edrpou: "14360570" },
  agencyRepresentative: { position: "Фахівець із закупівель", name: "Олена Коваль" },
  beneficiary: { fullName: "Петренко Марія Іванівна", idDocument: "ID-картка № 001234567" },
  agreement: { number: "EEP-2025-012", signedOn: "2025-02-10" },
  items: [machine("JH-001"), machine("JH-002"), thread],
  ...overrides,
});

describe("handoverActProblems", () => {
  it("finds nothing wrong with a complete act", () => {
    expect(handoverActProblems(act())).toEqual([]);
  });

  it("refuses an act without items", () => {
    expect(handoverActProblems(act({ items: [] }))).toEqual([{ code: "no_items" }]);
  });

  it("refuses serialised equipment without its serial number, twice, or several to a row", () => {
    expect(handoverActProblems(act({ items: [machine(null), machine("  "), thread] }))).toEqual([
      { code: "serial_number_missing", position: 1 },
      { code: "serial_number_missing", position: 2 },
    ]);
    expect(handoverActProblems(act({ items: [machine("JH-001"), machine("jh-001")] }))).toEqual([{ code: "serial_number_repeated", position: 2 }]);
    expect(handoverActProblems(act({ items: [{ ...machine("JH-001"), quantity: 2 }] }))).toEqual([{ code: "serialised_quantity_not_one", position: 1 }]);
  });

  it("needs the parties, the place and the date", () => {
    expect(
      handoverActProblems(
        act({
          actDate: null,
          place: " ",
          issuer: { nameUk: "А", nameEn: "A", edrpou: "14360571" },
          agencyRepresentative: { position: "", name: "Олена Коваль" },
          beneficiary: { fullName: "Петренко Марія Іванівна", idDocument: null },
          items: [{ ...thread, quantity: 0, unitPriceMinor: -5 }],
        }),
      ),
    ).toEqual([
      { code: "quantity_invalid", position: 1 },
      { code: "unit_price_invalid", position: 1 },
      { code: "issuer_edrpou_missing" },
      { code: "beneficiary_id_document_missing" },
      { code: "agency_representative_missing" },
      { code: "place_missing" },
      { code: "date_missing" },
    ]);
  });
});

describe("handoverActDocument", () => {
  it("writes the Ukrainian act with the total in figures and in words", () => {
    const document = handoverActDocument(act(), "uk");
    expect(document.title).toBe("Акт приймання-передачі № ПП-2025-0007");
    expect(document.executes).toBe("до Договору про надання гранту № EEP-2025-012 від 10.02.2025");
    expect(document.date).toBe("05.03.2025");
    expect(document.place).toBe("м. Дніпро");
    expect(document.issuer).toEqual({ name: "Представництво МОМ в Україні", edrpou: "14360570" });
    expect(document.issuerLine).toBe("Представництво МОМ в Україні, код ЄДРПОУ 14360570");
    expect(document.labels).toEqual({ total: "Усього", totalInWords: "Загальна сума прописом", signature: "(підпис)" });
    expect(document.transferringParty).toBe(
      "Сторона, що передає: Представництво МОМ в Україні, код ЄДРПОУ 14360570; представник — Фахівець із закупівель Олена Коваль.",
    );
    expect(document.receivingParty).toBe("Набувач: Петренко Марія Іванівна; документ, що посвідчує особу: ID-картка № 001234567.");
    expect(document.rows).toEqual([
      { position: 1, name: "Швейна машина", model: "Janome HD-1800", serialOrInventoryNumber: "JH-001", unit: "шт.", quantity: 1, unitPriceMinor: 1_250_000, sumMinor: 1_250_000, unitPrice: "12\u00a0500,00", sum: "12\u00a0500,00" },
      { position: 2, name: "Швейна машина", model: "Janome HD-1800", serialOrInventoryNumber: "JH-002", unit: "шт.", quantity: 1, unitPriceMinor: 1_250_000, sumMinor: 1_250_000, unitPrice: "12\u00a0500,00", sum: "12\u00a0500,00" },
      { position: 3, name: "Нитки швейні", model: "", serialOrInventoryNumber: "INV-77", unit: "упак.", quantity: 4, unitPriceMinor: 17_525, sumMinor: 70_100, unitPrice: "175,25", sum: "701,00" },
    ]);
    expect(document.totalMinor).toBe(2_570_100);
    expect(document.totalInFigures).toBe("25\u00a0701,00 грн");
    expect(document.totalInWords).toBe("Двадцять п'ять тисяч сімсот одна гривня 00 копійок");
    expect(document.statement).toContain("в повній комплектації та в справному робочому стані");
    expect(document.statement).toContain("претензій");
    expect(document.copies).toBe("Акт складено у двох примірниках, що мають однакову юридичну силу, по одному для кожної зі Сторін.");
    expect(document.columns).toEqual(["№ з/п", "Найменування", "Модель", "Серійний (інвентарний) номер", "Од. виміру", "Кількість", "Ціна за одиницю, грн", "Сума, грн"]);
    expect(document.signatures).toEqual([
      { side: "transferred", caption: "Передав", position: "Фахівець із закупівель", name: "Олена Коваль" },
      { side: "received", caption: "Прийняв", position: "Набувач гранту", name: "Петренко Марія Іванівна" },
    ]);
  });

  it("writes the English copy", () => {
    const document = handoverActDocument(act({ items: [thread] }), "en");
    expect(document.title).toBe("Act of Acceptance and Transfer No. ПП-2025-0007");
    expect(document.date).toBe("5 March 2025");
    expect(document.issuer.name).toBe("IOM Mission in Ukraine");
    expect(document.issuerLine).toBe("IOM Mission in Ukraine, EDRPOU code 14360570");
    expect(document.totalInWords).toBe("Seven hundred one hryvnias 00 kopiykas");
    expect(document.rows[0]).toMatchObject({ unit: "pack", unitPrice: "175.25", sum: "701.00" });
    expect(document.totalInFigures).toBe("701.00 UAH");
    expect(document.columns.slice(6)).toEqual(["Unit price, UAH", "Sum, UAH"]);
    expect(document.statement).toContain("complete and in working order");
    expect(document.copies).toBe("This act is made in two copies of equal legal force, one for each Party.");
  });

  it("formats document dates", () => {
    expect(documentDate("2025-12-01", "uk")).toBe("01.12.2025");
    expect(documentDate("2025-12-01", "en")).toBe("1 December 2025");
    expect(documentDate(null, "uk")).toBe("");
  });
});
