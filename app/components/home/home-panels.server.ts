// Every role's home panels, imported statically for the server's render: the page is complete in
// its first HTML, with or without JavaScript. The browser loads only the reader's panels, on
// demand (routes/_index.tsx); a `.server` module is an empty one in the browser's bundle.
import AdminHome from "./admin-home";
import EvaluatorHome from "./evaluator-home";
import MentorHome from "./mentor-home";
import OfficerHome from "./officer-home";
import ReviewerHome from "./reviewer-home";

export const homePanels = { admin: AdminHome, officer: OfficerHome, mentor: MentorHome, evaluator: EvaluatorHome, reviewer: ReviewerHome };
