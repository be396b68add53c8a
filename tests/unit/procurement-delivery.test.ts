// A delivery checked against the purchase order (domain.md §9).
import { describe, expect, it } from "vitest";
import { checkDelivery, type DeliveredLine, type OrderedLine } from "~/modules/grants/procurement-delivery";

const sewingMachines: OrderedLine = { purchaseItemId: 1, quantity: 2, serialised: true };
const threadBoxes: OrderedLine = { purchaseItemId: 2, quantity: 10, serialised: false };

const delivered = (purchaseItemId: number, quantityReceived: number, extra: Partial<DeliveredLine> = {}): DeliveredLine => ({
  purchaseItemId,
  quantityReceived,
  serialNumbers: [],
  defectiveSerialNumbers: [],
  defectiveQuantity: 0,
  ...extra,
});

describe("checkDelivery", () => {
  it("accepts a delivery that matches the order", () => {
    const result = checkDelivery(
      [sewingMachines, threadBoxes],
      [delivered(1, 2, { serialNumbers: [" JH-001 ", "JH-002"] }), delivered(2, 10)],
    );
    expect(result).toEqual({
      ok: true,
      complete: true,
      lines: [
        { purchaseItemId: 1, ordered: 2, received: 2, accepted: 2, defective: 0, missing: 0, surplus: 0, status: "accepted", acceptedSerialNumbers: ["JH-001", "JH-002"] },
        { purchaseItemId: 2, ordered: 10, received: 10, accepted: 10, defective: 0, missing: 0, surplus: 0, status: "accepted", acceptedSerialNumbers: [] },
      ],
    });
  });

  it("marks short lines, including items that did not arrive at all", () => {
    const result = checkDelivery([sewingMachines, threadBoxes], [delivered(2, 7)]);
    expect(result).toEqual({
      ok: true,
      complete: false,
      lines: [
        { purchaseItemId: 1, ordered: 2, received: 0, accepted: 0, defective: 0, missing: 2, surplus: 0, status: "short", acceptedSerialNumbers: [] },
        { purchaseItemId: 2, ordered: 10, received: 7, accepted: 7, defective: 0, missing: 3, surplus: 0, status: "short", acceptedSerialNumbers: [] },
      ],
    });
  });

  it("leaves defective units out of what is accepted", () => {
    const result = checkDelivery(
      [sewingMachines, threadBoxes],
      [delivered(1, 2, { serialNumbers: ["JH-001", "JH-002"], defectiveSerialNumbers: ["jh-001"] }), delivered(2, 10, { defectiveQuantity: 1 })],
    );
    expect(result).toEqual({
      ok: true,
      complete: false,
      lines: [
        { purchaseItemId: 1, ordered: 2, received: 2, accepted: 1, defective: 1, missing: 1, surplus: 0, status: "defective", acceptedSerialNumbers: ["JH-002"] },
        { purchaseItemId: 2, ordered: 10, received: 10, accepted: 9, defective: 1, missing: 1, surplus: 0, status: "defective", acceptedSerialNumbers: [] },
      ],
    });
  });

  it("accepts no more than ordered and counts the surplus", () => {
    const result = checkDelivery([threadBoxes], [delivered(2, 12, { defectiveQuantity: 1 })]);
    expect(result).toEqual({
      ok: true,
      complete: true,
      lines: [{ purchaseItemId: 2, ordered: 10, received: 12, accepted: 10, defective: 1, missing: 0, surplus: 1, status: "accepted", acceptedSerialNumbers: [] }],
    });
  });

  it("needs one serial number per unit of serialised equipment", () => {
    expect(checkDelivery([sewingMachines], [delivered(1, 2, { serialNumbers: ["JH-001", "  "] })])).toEqual({
      ok: false,
      problems: [{ code: "serial_numbers_count", purchaseItemId: 1, expected: 2, given: 1 }],
    });
  });

  it("refuses a serial number twice, in the delivery or already on record", () => {
    expect(checkDelivery([sewingMachines], [delivered(1, 2, { serialNumbers: ["JH-001", "jh -001"] })])).toEqual({
      ok: false,
      problems: [{ code: "serial_number_repeated", purchaseItemId: 1, serialNumber: "jh -001" }],
    });
    expect(checkDelivery([sewingMachines], [delivered(1, 1, { serialNumbers: ["JH-009"] })], ["jh-009"])).toEqual({
      ok: false,
      problems: [{ code: "serial_number_repeated", purchaseItemId: 1, serialNumber: "JH-009" }],
    });
  });

  it("refuses what does not belong to the order or does not add up", () => {
    const result = checkDelivery(
      [sewingMachines, threadBoxes],
      [
        delivered(3, 1),
        delivered(2, 1, { serialNumbers: ["X"] }),
        delivered(2, 1),
        delivered(1, 1, { serialNumbers: ["A"], defectiveSerialNumbers: ["B"] }),
      ],
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { code: "item_not_ordered", purchaseItemId: 3 },
        { code: "serial_numbers_not_expected", purchaseItemId: 2 },
        { code: "item_listed_twice", purchaseItemId: 2 },
        { code: "defective_serial_not_delivered", purchaseItemId: 1, serialNumber: "B" },
      ],
    });
    expect(checkDelivery([threadBoxes], [delivered(2, 2, { defectiveQuantity: 3 })])).toEqual({
      ok: false,
      problems: [{ code: "defective_more_than_received", purchaseItemId: 2 }],
    });
    expect(checkDelivery([threadBoxes], [delivered(2, -1)])).toEqual({ ok: false, problems: [{ code: "quantity_invalid", purchaseItemId: 2 }] });
    expect(checkDelivery([threadBoxes], [delivered(2, 1.5)])).toEqual({ ok: false, problems: [{ code: "quantity_invalid", purchaseItemId: 2 }] });
  });
});
