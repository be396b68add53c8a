// Demo data for `npm run setup` / `npm run demo`. Refuses to run in production and does
// nothing on a database that already has users.
import { count } from "drizzle-orm";
import { db, schema } from "~/lib/db.server";
import { createUser } from "~/modules/accounts/accounts.server";
import { createOrganisation } from "~/modules/admin/organisations.server";
import { createProgramme } from "~/modules/admin/programmes.server";
import { applicantCount, seedApplicants } from "./demo-applicants";
import { seedReviewStage } from "./demo-review";
import { seedDemoPlaces } from "./demo-places";

export const demoPassword = "livelihoods-demo";
export const demoLogins = [
  { email: "admin@example.org", role: "admin" },
  { email: "officer@example.org", role: "officer" },
  { email: "reviewer@example.org", role: "reviewer" },
  { email: "mentor@example.org", role: "mentor" },
  { email: "evaluator@example.org", role: "evaluator" },
] as const;

async function seed() {
  if (process.env.NODE_ENV === "production") {
    throw new Error("Refusing to seed demo data in production. Create the first admin with `npm run user:create`.");
  }
  const existing = db.select({ n: count() }).from(schema.users).get()?.n ?? 0;
  if (existing > 0) {
    console.log("Demo data already present: nothing to do.");
    return;
  }

  db.transaction((tx) => seedDemoPlaces(tx));
  const { agency, dnipro, lviv, vinnytsia } = db.transaction((tx) => ({
    agency: createOrganisation(null, { name: "IOM Ukraine (implementing agency)", nameUk: "МОМ в Україні (виконавча агенція)", kind: "agency", active: true, oblastPcodes: ["UA80", "UA32"] }, tx),
    dnipro: createOrganisation(null, { name: "NGO Community Revival (Dnipro)", nameUk: "ГО «Відродження громади» (Дніпро)", kind: "partner", active: true, oblastPcodes: ["UA12", "UA23"] }, tx),
    lviv: createOrganisation(null, { name: "NGO Source of Support (Lviv)", nameUk: "ГО «Джерело підтримки» (Львів)", kind: "partner", active: true, oblastPcodes: ["UA46", "UA07"] }, tx),
    vinnytsia: createOrganisation(null, { name: "NGO Podillia Together (Vinnytsia)", nameUk: "ГО «Поділля разом» (Вінниця)", kind: "partner", active: true, oblastPcodes: ["UA05", "UA68"] }, tx),
  }));

  const names: Record<(typeof demoLogins)[number]["role"], string> = {
    admin: "Андрій Адміністратор",
    officer: "Оксана Коваль",
    reviewer: "Ігор Рецензент",
    mentor: "Марина Степаненко",
    evaluator: "Emma Evaluator",
  };
  const users: Record<string, typeof schema.users.$inferSelect> = {};
  for (const login of demoLogins) {
    users[login.role] = await createUser(null, {
      email: login.email,
      name: names[login.role],
      role: login.role,
      organisationId: login.role === "mentor" ? dnipro.id : agency.id,
      password: demoPassword,
      mustChangePassword: false,
    });
  }
  // A second mentor in another NGO shows that mentors see only their own cases.
  const lvivMentor = await createUser(null, {
    email: "mentor.lviv@example.org",
    name: "Богдан Гнатюк",
    role: "mentor",
    organisationId: lviv.id,
    password: demoPassword,
    mustChangePassword: false,
  });

  // A second reviewer, so plans can be reviewed by two people besides the officer.
  const secondReviewer = await createUser(null, {
    email: "reviewer.kyiv@example.org",
    name: "Галина Мельник",
    role: "reviewer",
    organisationId: agency.id,
    password: demoPassword,
    mustChangePassword: false,
  });

  const programme = createProgramme(null, {
    code: "EEP-2026",
    name: "Economic Empowerment Programme 2026",
    nameUk: "Програма економічного розширення можливостей 2026",
    donor: "Demo donor (humanitarian aid)",
    currency: "UAH",
    grantCeilingMinor: 200_000_00,
    budgetEnvelopeMinor: 20_000_000_00,
    followUpOffsetsMonths: [3, 6, 12],
    minReviewers: 2,
    trainingRequired: true,
    smallCellThreshold: 5,
    startDate: "2026-01-15",
    endDate: "2027-12-31",
    active: true,
  });

  seedApplicants({
    programmeId: programme.id,
    officer: users.officer,
    mentors: { [dnipro.id]: users.mentor.id, [lviv.id]: lvivMentor.id },
    partnerByOblast: { UA12: dnipro.id, UA23: dnipro.id, UA46: lviv.id, UA07: lviv.id, UA05: vinnytsia.id, UA68: vinnytsia.id },
  });

  seedReviewStage(programme.id, { officer: users.officer, reviewer: users.reviewer, secondReviewer, mentor: users.mentor });

  console.log(`Seeded demo data: 4 organisations, ${demoLogins.length + 2} users, 1 programme, ${applicantCount} applicants with screenings, possible duplicates, training, plans, reviews and committee decisions.`);
}

await seed();
