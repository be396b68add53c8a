// Step of `npm run db:migrate` (after the SQL migrations) and of the seeds that write reviews
// directly: every plan version whose reviews are all in gets its stored result
// (app/modules/review/review-result.ts), as the app stores it when a plan goes to the committee.
// Versions that went before migration 0027 added the columns get theirs here. Running it again
// changes nothing: versions with a result are skipped, and so is a version still under review
// (the current version of a case at the review stage).
import type Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { storeReviewResult } from "../app/modules/review/review-result";
import * as schema from "./schema";

export function backfillReviewResults(sqlite: Database.Database): number {
  const pending = sqlite
    .prepare(
      `select v.id from business_plan_versions v
       join business_plans p on p.id = v.plan_id
       join cases c on c.id = p.case_id
       where v.review_count is null
         and exists (select 1 from review_assignments a where a.plan_version_id = v.id and a.status = 'submitted')
         and not (c.stage = 'review' and v.number = p.current_version)`,
    )
    .pluck()
    .all() as number[];
  const db = drizzle(sqlite, { schema });
  sqlite.transaction(() => {
    for (const versionId of pending) storeReviewResult(db, versionId);
  })();
  return pending.length;
}
