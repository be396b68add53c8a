// The evaluator's home (issue 11 §5): the headline figures now and as they stood at the end of
// the previous quarter — the same rules applied to what was known then (grants that had reached
// their beneficiaries, visits made by that day) — so that what changed since the last period
// shows at a glance. Published figures only: evaluators never see exact small counts. The
// headline alone: no dimension's breakdown is worked out for it.
import { kyivToday, type IsoDate } from "~/lib/kyiv-date";
import { previousQuarterEnd } from "./outcome-filter";
import { outcomeDashboard, outcomeThreshold } from "./outcomes.server";

export function outcomeChanges(today: IsoDate = kyivToday()) {
  const mode = { suppressed: true, threshold: outcomeThreshold(undefined) };
  const previousAsOf = previousQuarterEnd(today);
  return {
    asOf: today,
    previousAsOf,
    now: outcomeDashboard({}, "none", mode, today, false).headline,
    then: outcomeDashboard({}, "none", mode, previousAsOf, false).headline,
  };
}
