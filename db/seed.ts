// Demo data for `npm run setup` / `npm run demo`. Refuses to run in production and does
// nothing on a database that already has users.
import { count, eq } from "drizzle-orm";
import { db, schema, sqlite } from "~/lib/db.server";
import { kyivToday } from "~/lib/kyiv-date";
import { createUser } from "~/modules/accounts/accounts.server";
import { createOrganisation } from "~/modules/admin/organisations.server";
import { createProgramme } from "~/modules/admin/programmes.server";
import { applicantCount, seedApplicants } from "./demo-applicants";
import { seedFollowUp } from "./demo-followup";
import { seedGrantsDemo } from "./demo-grants";
import { seedReviewStage } from "./demo-review";
import { seedDemoPlaces } from "./demo-places";
import { backfillReviewResults } from "./review-results";

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

  // Thousands of small commits: a demo database need not survive a power cut while it is made.
  sqlite.pragma("synchronous = OFF");
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

  // The Dnipro NGO's coordinator: a mentor who reads the follow-up of all the NGO's mentors.
  const coordinator = await createUser(null, {
    email: "coordinator@example.org",
    name: "Ірина Бондар",
    role: "mentor",
    organisationId: dnipro.id,
    password: demoPassword,
    mustChangePassword: false,
  });
  db.update(schema.users).set({ coordinator: true }).where(eq(schema.users.id, coordinator.id)).run();

  // A second reviewer, so plans can be reviewed by two people besides the officer.
  const secondReviewer = await createUser(null, {
    email: "reviewer.kyiv@example.org",
    name: "Галина Мельник",
    role: "reviewer",
    organisationId: agency.id,
    password: demoPassword,
    mustChangePassword: false,
  });

  // A second officer: a tranche one officer requests is approved by another (domain.md §9).
  const officer2 = await createUser(null, {
    email: "officer2@example.org",
    name: "Тарас Бондар",
    role: "officer",
    organisationId: agency.id,
    password: demoPassword,
    mustChangePassword: false,
  });

  const programme = createProgramme(null, {
    code: "EEP-2026",
    name: "Economic Empowerment Programme 2026",
    nameUk: "Програма економічного розширення можливостей 2026",
    donor: "Demo donor (humanitarian aid)",
    // The decision letter's letterhead (demo values; an admin sets the real ones).
    donorUk: "Демонстраційний донор (гуманітарна допомога)",
    agencyNameUk: "Демонстраційна агенція з питань засобів до існування",
    agencyName: "Demo Livelihoods Agency",
    agencyAddressUk: "вул. Демонстраційна, 1, Київ, 01001",
    agencyAddress: "1 Demonstratsiina St, Kyiv 01001, Ukraine",
    agencyPhone: "+380 44 000 00 00",
    agencyEmail: "livelihoods@example.org",
    complaintsChannelUk: "Гаряча лінія 527 (безкоштовно, цілодобово) або feedback@example.org.",
    complaintsChannel: "Hotline 527 (free of charge, 24/7) or feedback@example.org.",
    signatoryNameUk: "Оксана Коваль",
    signatoryName: "Oksana Koval",
    signatoryPositionUk: "Координаторка програми",
    signatoryPosition: "Programme coordinator",
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

  // The demo officer works on the demo programme (officers see their programmes' cases only).
  db.insert(schema.programmeMembers).values({ programmeId: programme.id, userId: users.officer.id }).run();
  db.insert(schema.programmeMembers).values({ programmeId: programme.id, userId: officer2.id }).run();

  seedApplicants({
    programmeId: programme.id,
    officer: users.officer,
    mentors: { [dnipro.id]: users.mentor.id, [lviv.id]: lvivMentor.id },
    partnerByOblast: { UA12: dnipro.id, UA23: dnipro.id, UA46: lviv.id, UA07: lviv.id, UA05: vinnytsia.id, UA68: vinnytsia.id },
  });

  seedReviewStage(programme.id, { officer: users.officer, reviewer: users.reviewer, secondReviewer, mentor: users.mentor });

  // The earlier programme's ~900 applicants and ~500 grants, every step of the money (db/demo-grants.ts).
  const grants = seedGrantsDemo(
    { admin: users.admin, officer: users.officer, officer2, mentor: users.mentor, lvivMentor, reviewer: users.reviewer, secondReviewer },
    { dnipro: dnipro.id, lviv: lviv.id, vinnytsia: vinnytsia.id },
    kyivToday(),
  );
  // Its reviews were written directly: what they came to, as the app stores it at the committee.
  backfillReviewResults(sqlite);
  console.log(`Seeded grants: programme EEP-2025, ${Object.entries(grants.counts).map(([what, n]) => `${n} ${what}`).join(", ")}.`);

  // Mentors' visits to the businesses those grants funded, over 18 months (db/demo-followup.ts).
  const followUp = seedFollowUp({ admin: users.admin, officer: users.officer, mentor: users.mentor, lvivMentor }, kyivToday());
  console.log(`Seeded follow-up: ${followUp.visits} visits to ${followUp.grantees} businesses; mentor@example.org's queue: ${followUp.queue.map((entry) => entry.state).join(", ")}.`);

  console.log(`Seeded demo data: 4 organisations, ${demoLogins.length + 4} users, programme EEP-2026 with ${applicantCount} applicants with screenings, possible duplicates, training, plans, reviews and committee decisions.`);
}

await seed();
