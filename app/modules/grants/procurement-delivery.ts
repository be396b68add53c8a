// A delivery checked against the purchase order (domain.md §9): quantities, serial numbers of
// serialised equipment, defects. What is accepted becomes the equipment handed over with the
// act; a short or defective line waits for the supplier to deliver or replace the rest.

export type OrderedLine = {
  purchaseItemId: number;
  /** What is still outstanding on the order (ordered minus what earlier deliveries accepted). */
  quantity: number;
  /** Equipment with a maker's serial number: every unit is recorded by it (§9). */
  serialised: boolean;
};

export type DeliveredLine = {
  purchaseItemId: number;
  quantityReceived: number;
  /** One per unit received, for serialised equipment; empty otherwise. */
  serialNumbers: string[];
  /** Serialised equipment: the units found defective, by serial number. */
  defectiveSerialNumbers: string[];
  /** Goods without serial numbers: how many units were found defective. */
  defectiveQuantity: number;
};

export type DeliveryLineStatus = "accepted" | "short" | "defective";

export type DeliveryLineResult = {
  purchaseItemId: number;
  ordered: number;
  received: number;
  accepted: number;
  defective: number;
  /** Ordered but neither received nor accepted: the supplier still owes these. */
  missing: number;
  /** Received beyond the order: not accepted, returned to the supplier. */
  surplus: number;
  status: DeliveryLineStatus;
  acceptedSerialNumbers: string[];
};

export type DeliveryProblem =
  | { code: "item_not_ordered"; purchaseItemId: number }
  | { code: "item_listed_twice"; purchaseItemId: number }
  | { code: "quantity_invalid"; purchaseItemId: number }
  | { code: "serial_numbers_count"; purchaseItemId: number; expected: number; given: number }
  | { code: "serial_numbers_not_expected"; purchaseItemId: number }
  | { code: "serial_number_repeated"; purchaseItemId: number; serialNumber: string }
  | { code: "defective_serial_not_delivered"; purchaseItemId: number; serialNumber: string }
  | { code: "defective_more_than_received"; purchaseItemId: number };

export type DeliveryCheck =
  | { ok: true; lines: DeliveryLineResult[]; complete: boolean }
  | { ok: false; problems: DeliveryProblem[] };

/** Serial numbers are compared without surrounding or inner spaces and regardless of case. */
export function serialKey(serialNumber: string): string {
  return serialNumber.replace(/\s+/g, "").toUpperCase();
}

export function cleanSerialNumber(serialNumber: string): string {
  return serialNumber.trim().replace(/\s+/g, " ");
}

/**
 * Checks one delivery against what is outstanding on the order. `knownSerialNumbers` are those
 * already recorded anywhere (earlier deliveries, other purchases): a serial number names one
 * physical unit, so it may not arrive twice.
 */
export function checkDelivery(ordered: OrderedLine[], delivered: DeliveredLine[], knownSerialNumbers: Iterable<string> = []): DeliveryCheck {
  const problems: DeliveryProblem[] = [];
  const orderedById = new Map(ordered.map((line) => [line.purchaseItemId, line]));
  const deliveredById = new Map<number, DeliveredLine>();
  const seenSerials = new Set([...knownSerialNumbers].map(serialKey));

  for (const line of delivered) {
    const { purchaseItemId } = line;
    const order = orderedById.get(purchaseItemId);
    if (!order) {
      problems.push({ code: "item_not_ordered", purchaseItemId });
      continue;
    }
    if (deliveredById.has(purchaseItemId)) {
      problems.push({ code: "item_listed_twice", purchaseItemId });
      continue;
    }
    deliveredById.set(purchaseItemId, line);
    const quantitiesValid = [line.quantityReceived, line.defectiveQuantity].every((value) => Number.isSafeInteger(value) && value >= 0);
    if (!quantitiesValid) {
      problems.push({ code: "quantity_invalid", purchaseItemId });
      continue;
    }
    const serials = line.serialNumbers.map(cleanSerialNumber).filter(Boolean);
    if (!order.serialised) {
      if (serials.length || line.defectiveSerialNumbers.length) problems.push({ code: "serial_numbers_not_expected", purchaseItemId });
      if (line.defectiveQuantity > line.quantityReceived) problems.push({ code: "defective_more_than_received", purchaseItemId });
      continue;
    }
    if (serials.length !== line.quantityReceived) {
      problems.push({ code: "serial_numbers_count", purchaseItemId, expected: line.quantityReceived, given: serials.length });
    }
    for (const serialNumber of serials) {
      if (seenSerials.has(serialKey(serialNumber))) problems.push({ code: "serial_number_repeated", purchaseItemId, serialNumber });
      seenSerials.add(serialKey(serialNumber));
    }
    const deliveredKeys = new Set(serials.map(serialKey));
    for (const serialNumber of line.defectiveSerialNumbers) {
      if (!deliveredKeys.has(serialKey(serialNumber))) problems.push({ code: "defective_serial_not_delivered", purchaseItemId, serialNumber });
    }
  }
  if (problems.length) return { ok: false, problems };

  const lines = ordered.map((order): DeliveryLineResult => {
    const line = deliveredById.get(order.purchaseItemId);
    const received = line?.quantityReceived ?? 0;
    const defectiveKeys = new Set((line?.defectiveSerialNumbers ?? []).map(serialKey));
    const defective = order.serialised ? defectiveKeys.size : (line?.defectiveQuantity ?? 0);
    const good = received - defective;
    const accepted = Math.min(good, order.quantity);
    // Serialised units are accepted in the order they were listed, the defective ones left out.
    const acceptedSerialNumbers = order.serialised
      ? (line?.serialNumbers ?? []).map(cleanSerialNumber).filter((serial) => serial && !defectiveKeys.has(serialKey(serial))).slice(0, accepted)
      : [];
    // A line the supplier still owes on is "defective" when defects caused the gap, else "short".
    const status: DeliveryLineStatus = accepted === order.quantity ? "accepted" : defective > 0 ? "defective" : "short";
    return {
      purchaseItemId: order.purchaseItemId,
      ordered: order.quantity,
      received,
      accepted,
      defective,
      missing: order.quantity - accepted,
      surplus: Math.max(0, good - order.quantity),
      status,
      acceptedSerialNumbers,
    };
  });
  return { ok: true, lines, complete: lines.every((line) => line.missing === 0) };
}
