import { asc, eq } from "drizzle-orm";
import { db, schema } from "~/lib/db.server";

export type PlaceName = { pcode: string; nameEn: string; nameUk: string };

export function listOblasts(): PlaceName[] {
  return db
    .select({ pcode: schema.adminUnits.pcode, nameEn: schema.adminUnits.nameEn, nameUk: schema.adminUnits.nameUk })
    .from(schema.adminUnits)
    .where(eq(schema.adminUnits.level, 1))
    .orderBy(asc(schema.adminUnits.pcode))
    .all();
}
