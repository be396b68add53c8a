// The training register form as the session page renders it (routes/training.$sessionId.tsx):
// one row per trainee with its mark as read (version, tick) and the tick as left.
export type RegisterPage = {
  trainees: Array<{ caseId: number; caseVersion: number; markVersion: number; attendedThisSession: boolean; completedOn?: string | null }>;
};

/** The form a user posts after changing the ticks in `ticks` (the others left as shown). */
export function registerForm(page: RegisterPage, ticks: Record<number, boolean> = {}): Record<string, string> {
  const form: Record<string, string> = { intent: "attendance" };
  // Trainees shown as completed have no tick to post: their attendance is read-only there.
  page.trainees.filter((trainee) => !trainee.completedOn).forEach((trainee, index) => {
    form[`marks[${index}].caseId`] = String(trainee.caseId);
    form[`marks[${index}].version`] = String(trainee.markVersion);
    form[`marks[${index}].wasAttended`] = String(trainee.attendedThisSession);
    // An unticked checkbox sends nothing, as in a browser.
    if (ticks[trainee.caseId] ?? trainee.attendedThisSession) form[`marks[${index}].attended`] = "on";
  });
  return form;
}

/** The completion button of one trainee's row. */
export function completionForm(page: RegisterPage, caseId: number): Record<string, string> {
  const trainee = page.trainees.find((row) => row.caseId === caseId);
  if (!trainee) throw new Error(`case ${caseId} is not on the register`);
  return { intent: "complete", caseId: String(caseId), version: String(trainee.caseVersion) };
}
