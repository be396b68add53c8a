// Finding people on a long training register (a session may list 150+ trainees): by name in
// either script, by case code, and by where they stand. Pure, so the page filters as the user
// types and the same rule is tested without a browser.
import { nameSkeleton } from "~/modules/intake/name-matching";

export const registerViews = ["all", "inTraining", "completed", "marked", "unmarked"] as const;
export type RegisterView = (typeof registerViews)[number];

export type RegisterTrainee = {
  caseCode: string;
  surname: string;
  firstName: string;
  attendedThisSession: boolean;
  completedOn: string | null;
};

export function isRegisterView(value: unknown): value is RegisterView {
  return typeof value === "string" && (registerViews as readonly string[]).includes(value);
}

function inView(trainee: RegisterTrainee, view: RegisterView): boolean {
  switch (view) {
    case "all":
      return true;
    case "inTraining":
      return trainee.completedOn === null;
    case "completed":
      return trainee.completedOn !== null;
    case "marked":
      return trainee.attendedThisSession;
    case "unmarked":
      return !trainee.attendedThisSession;
  }
}

/**
 * Whether a trainee answers the search: every typed word starts a word of their name (compared
 * as name skeletons, so "Oksana" finds Оксана and "Мар'яна" finds Mariana), or the text starts
 * their case code (with or without "LT-").
 */
export function traineeMatches(trainee: RegisterTrainee, query: string, view: RegisterView = "all"): boolean {
  if (!inView(trainee, view)) return false;
  const text = query.trim();
  if (!text) return true;
  // A case code is typed with its "LT-" or with a digit in it; a plain word is a name.
  const code = text.toUpperCase().replace(/\s+/g, "");
  if (/^LT-?|\d/.test(code) && trainee.caseCode.replace(/^LT-/, "").startsWith(code.replace(/^LT-?/, ""))) return true;
  const nameWords = nameSkeleton(`${trainee.surname} ${trainee.firstName}`).split(" ");
  const typedWords = nameSkeleton(text).split(" ").filter(Boolean);
  return typedWords.length > 0 && typedWords.every((typed) => nameWords.some((word) => word.startsWith(typed)));
}
