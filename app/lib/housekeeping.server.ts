// Daily clean-up the production server starts (scripts/server.js): ended sessions, login
// failures past their window, security log entries and Kobo imports' rejected rows past their
// retention.
import { purgeOldLoginFailures } from "~/modules/accounts/accounts.server";
import { purgeExpiredRejectedRows } from "~/modules/imports/rejected-rows.server";
import { purgeSecurityLog } from "./security-log.server";
import { purgeEndedSessions } from "./session.server";

const dayMs = 86_400_000;

export function runHousekeeping(now = new Date()) {
  purgeEndedSessions(now);
  purgeOldLoginFailures(now);
  return { securityLogPurged: purgeSecurityLog(now), rejectedRowsPurged: purgeExpiredRejectedRows(now) };
}

// Once at start, then daily; the timer never keeps a stopping server alive.
export function startHousekeeping() {
  const run = () => {
    try {
      runHousekeeping();
    } catch (error) {
      console.error("Housekeeping failed:", error);
    }
  };
  run();
  setInterval(run, dayMs).unref();
}
