// Exchange rates entered by people (domain.md §9: never fetched or assumed), and the lookup every
// money movement makes for the rate of its own date.
import { and, desc, eq, or } from "drizzle-orm";
import { recordAudit } from "~/lib/audit.server";
import { can, type CurrentUser } from "~/lib/auth.server";
import { db, schema, type Transaction } from "~/lib/db.server";
import type { Currency } from "../../../db/enums";
import { convert, pairToEnter, type Conversion, type ExchangeRate } from "./exchange-rate";
import { GrantRefused } from "./grant-errors";

export type ExchangeRateInput = {
  ratedOn: string;
  baseCurrency: Currency;
  quoteCurrency: Currency;
  rateMicros: number;
  source: string;
};

export function enterExchangeRate(actor: CurrentUser, input: ExchangeRateInput) {
  if (!can(actor, "handleGrantMoney")) throw new GrantRefused("forbidden");
  if (input.baseCurrency === input.quoteCurrency) throw new GrantRefused("invalid_rate", {}, "quoteCurrency");
  if (!Number.isSafeInteger(input.rateMicros) || input.rateMicros <= 0) throw new GrantRefused("invalid_rate", {}, "rate");
  return db.transaction((tx) => {
    // One rate per pair and date, either way round: two could convert the same movement differently.
    const existing = findRate(tx, input.baseCurrency, input.quoteCurrency, input.ratedOn);
    if (existing) {
      throw new GrantRefused("rate_exists", { baseCurrency: existing.baseCurrency, quoteCurrency: existing.quoteCurrency, on: input.ratedOn }, "rate");
    }
    const rate = tx
      .insert(schema.exchangeRates)
      .values({ ...input, enteredByUserId: actor.id })
      .returning()
      .get();
    recordAudit(tx, { userId: actor.id, action: "create", entityType: "exchange_rate", entityId: rate.id, after: rate });
    return rate;
  });
}

/** The rate of the pair on that exact date, stored either way round; null when none is entered. */
export function findRate(tx: Transaction | typeof db, from: Currency, to: Currency, on: string): ExchangeRate | null {
  return (
    tx
      .select()
      .from(schema.exchangeRates)
      .where(
        and(
          eq(schema.exchangeRates.ratedOn, on),
          or(
            and(eq(schema.exchangeRates.baseCurrency, from), eq(schema.exchangeRates.quoteCurrency, to)),
            and(eq(schema.exchangeRates.baseCurrency, to), eq(schema.exchangeRates.quoteCurrency, from)),
          ),
        ),
      )
      .get() ?? null
  );
}

/**
 * Converts with the rate of the movement's date. A missing rate refuses the movement with the pair
 * and the date to enter (§9: a movement that needs a rate that does not exist is refused).
 */
export function convertOn(tx: Transaction, amountMinor: number, from: Currency, to: Currency, on: string): Conversion {
  if (from === to) return convert(amountMinor, from, to, null);
  const rate = findRate(tx, from, to, on);
  if (!rate) throw new GrantRefused("rate_missing", { ...pairToEnter(from, to), on });
  return convert(amountMinor, from, to, rate);
}

export function recentExchangeRates(limit = 100) {
  return db
    .select({ rate: schema.exchangeRates, enteredBy: schema.users.name })
    .from(schema.exchangeRates)
    .leftJoin(schema.users, eq(schema.users.id, schema.exchangeRates.enteredByUserId))
    .orderBy(desc(schema.exchangeRates.ratedOn), desc(schema.exchangeRates.id))
    .limit(limit)
    .all();
}
