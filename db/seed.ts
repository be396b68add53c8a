// Demo data for `npm run setup` / `npm run demo`. Refuses to run in production and does
// nothing on a database that already has users.
import { count } from "drizzle-orm";
import { db, schema } from "~/lib/db.server";
import { recordAudit } from "~/lib/audit.server";
import { identityHash, sealIdentity } from "~/lib/identity.server";
import { createUser } from "~/modules/accounts/accounts.server";
import { createOrganisation } from "~/modules/admin/organisations.server";
import { createProgramme } from "~/modules/admin/programmes.server";
import { newCaseCode } from "~/modules/cases/case-code.server";
import { makeRnokpp } from "~/modules/intake/rnokpp";
import type { CaseStage } from "./schema";
import {
  femaleFirstNames,
  hostOblasts,
  maleFirstNames,
  patronymics,
  seededRandom,
  surnames,
} from "./demo-people";

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

  const { agency, dnipro, lviv } = db.transaction((tx) => ({
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

  const partnerByOblast: Record<string, number> = { UA12: dnipro.id, UA23: dnipro.id, UA46: lviv.id, UA07: lviv.id };
  const mentorByPartner: Record<number, number> = { [dnipro.id]: users.mentor.id, [lviv.id]: lvivMentor.id };
  const random = seededRandom(2026);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const stages: CaseStage[] = ["application", "application", "application", "screening", "training", "business_plan"];

  db.transaction((tx) => {
    for (let i = 0; i < 300; i += 1) {
      const female = random() < 0.62;
      const [maleSurname, femaleSurname] = pick(surnames);
      const [malePatronymic, femalePatronymic] = pick(patronymics);
      const year = 1962 + Math.floor(random() * 42);
      const birthDate = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`;
      const rnokpp = makeRnokpp(birthDate, female ? "female" : "male", i);
      const person = tx
        .insert(schema.persons)
        .values({
          surname: female ? femaleSurname : maleSurname,
          firstName: female ? pick(femaleFirstNames) : pick(maleFirstNames),
          patronymic: female ? femalePatronymic : malePatronymic,
          sex: female ? "female" : "male",
          birthDate,
          rnokppHash: identityHash("rnokpp", rnokpp),
          rnokppSealed: sealIdentity(rnokpp),
          phone: `+38067${String(1_000_000 + i * 7919).slice(-7)}`,
        })
        .returning()
        .get();
      const oblastPcode = pick(hostOblasts);
      const partnerOrganisationId = partnerByOblast[oblastPcode] ?? null;
      const assigned = partnerOrganisationId !== null && random() < 0.7;
      const applicationDate = `2026-${String(2 + Math.floor(random() * 9)).padStart(2, "0")}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`;
      const caseRow = tx
        .insert(schema.cases)
        .values({
          caseCode: newCaseCode(),
          personId: person.id,
          programmeId: programme.id,
          stage: pick(stages),
          responsibleOfficerId: users.officer.id,
          partnerOrganisationId,
          mentorId: assigned ? mentorByPartner[partnerOrganisationId] : null,
          oblastPcode,
          applicationDate,
        })
        .returning()
        .get();
      recordAudit(tx, { userId: users.officer.id, action: "create", entityType: "case", entityId: caseRow.id, caseId: caseRow.id, after: caseRow });
    }
  });

  console.log(`Seeded demo data: 4 organisations, ${demoLogins.length + 1} users, 1 programme, 300 applicants.`);
}

await seed();
