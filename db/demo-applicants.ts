// A few hundred demo applicants, registered through the same schema and command as the form,
// screened into every outcome, with possible duplicates (Latin spellings, Russian name forms,
// swapped day and month) waiting in the review queue.
import type { CurrentUser } from "~/lib/auth.server";
import { db, type schema } from "~/lib/db.server";
import { registerApplicantIn } from "~/modules/intake/intake.server";
import { makeRnokpp } from "~/modules/intake/rnokpp";
import { applicantSchema } from "~/modules/intake/schema";
import { overrideScreeningIn, screenCaseIn } from "~/modules/intake/screening.server";
import { transliterate } from "~/modules/intake/transliteration";
import { femaleFirstNames, hostOblasts, maleFirstNames, originOblasts, patronymics, seededRandom, surnames } from "./demo-people";
import { demoPlaces } from "./demo-places";

export const applicantCount = 320;

const typicalKved = ["14.13", "95.29", "10.71", "96.02", "45.20", "01.13", "01.47", "01.49", "16.23", "31.09", "62.01", "56.10", "47.11", "43.34", "74.20"];
const businessNames = ["Майстерня", "Пекарня", "Салон краси", "Теплиця", "Пасіка", "СТО", "Швейна майстерня", "Кав'ярня", "Фотостудія", "Столярня"];

function isoDate(year: number, month: number, day: number) {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function seedApplicants({
  programmeId,
  officer,
  mentors,
  partnerByOblast,
}: {
  programmeId: number;
  officer: typeof schema.users.$inferSelect;
  mentors: Record<number, number>;
  partnerByOblast: Record<string, number>;
}) {
  const actor: CurrentUser = { ...officer };
  const random = seededRandom(2026);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const hromadasOf = (oblast: string) => demoPlaces.filter((place) => place.level === 3 && place.pcode.startsWith(oblast));
  const registered: Array<{ caseId: number; form: Record<string, string | string[]> }> = [];

  db.transaction((tx) => {
    for (let i = 0; i < applicantCount; i += 1) {
      const female = random() < 0.62;
      const [maleSurname, femaleSurname] = pick(surnames);
      const [malePatronymic, femalePatronymic] = pick(patronymics);
      // A few under-age applicants show the age rule failing.
      const year = i % 47 === 0 ? 2009 : 1962 + Math.floor(random() * 42);
      const birthDate = isoDate(year, 1 + Math.floor(random() * 12), 1 + Math.floor(random() * 28));
      const applicationDate = isoDate(2026, 2 + Math.floor(random() * 9), 1 + Math.floor(random() * 28));
      const status = i % 31 === 0 ? "other" : random() < 0.55 ? "idp" : random() < 0.85 ? "host" : "returnee";
      const oblast = pick(hostOblasts);
      const hromada = hromadasOf(oblast);
      const origin = pick(originOblasts);
      const originHromada = hromadasOf(origin);
      const existing = random() < 0.35;
      const children = Math.floor(random() * 4);
      const householdSize = 1 + children + Math.floor(random() * 3);
      const form: Record<string, string | string[]> = {
        programmeId: String(programmeId),
        applicationDate,
        surname: female ? femaleSurname : maleSurname,
        firstName: female ? pick(femaleFirstNames) : pick(maleFirstNames),
        patronymic: female ? femalePatronymic : malePatronymic,
        sex: female ? "female" : "male",
        birthDate,
        rnokpp: makeRnokpp(birthDate, female ? "female" : "male", i),
        phone: `+38067${String(1_000_000 + i * 7919).slice(-7)}`,
        consentGivenOn: applicationDate,
        consentTakenBy: officer.name,
        consentPurposes: ["registration", "screening", "grant", "follow_up"],
        referralSource: pick(["partner_ngo", "partner_ngo", "hotline_527", "employment_centre", "local_authority", "self"]),
        displacementStatus: status,
        currentOblastPcode: oblast,
        householdSize: String(householdSize),
        children: String(children),
        olderMembers: "0",
        membersWithDisability: householdSize > 1 && random() < 0.1 ? "1" : "0",
        monthlyHouseholdIncomeMinor: String(4000 + Math.floor(random() * 20000)),
        femaleHeaded: female && random() < 0.4 ? "on" : "",
        singleParent: children > 0 && random() < 0.25 ? "on" : "",
        veteranOrFamily: random() < 0.12 ? "on" : "",
        protectionFlag: random() < 0.08 ? "on" : "",
        wg_walking: random() < 0.08 ? "a_lot_of_difficulty" : "no_difficulty",
        wg_seeing: "no_difficulty",
        businessKind: existing ? "existing" : "startup",
        businessName: pick(businessNames),
        // Some applicants choose an excluded sector (alcohol) and fail that rule.
        kvedCode: i % 37 === 0 ? "11.05" : pick(typicalKved),
        requestedModality: random() < 0.6 ? "in_kind" : "cash",
        requestedAmountMinor: String(40_000 + Math.floor(random() * 16) * 10_000),
        coContributionMinor: String(5_000 + Math.floor(random() * 10) * 1_000),
      };
      if (hromada.length) form.currentHromadaPcode = pick(hromada).pcode;
      const partner = partnerByOblast[oblast];
      if (partner) {
        form.partnerOrganisationId = String(partner);
        if (mentors[partner] && random() < 0.7) form.mentorId = String(mentors[partner]);
      }
      if (status === "idp") {
        form.idpCertificateNumber = `${String(1000 + i).padStart(4, "0")}-${String(5_000_000 + i * 13).slice(-7)}`;
        form.idpCertificateDate = isoDate(2022 + Math.floor(random() * 3), 1 + Math.floor(random() * 12), 1 + Math.floor(random() * 28));
        form.originOblastPcode = origin;
        if (originHromada.length) form.originHromadaPcode = pick(originHromada).pcode;
      }
      if (existing) {
        form.legalForm = pick(["fop_2", "fop_3", "private_enterprise"]);
        form.registrationDate = isoDate(2016 + Math.floor(random() * 9), 1 + Math.floor(random() * 12), 1 + Math.floor(random() * 28));
        form.baselinePaidFullTimeFemale = String(Math.floor(random() * 2));
        form.baselinePaidFullTimeMale = String(Math.floor(random() * 2));
        form.baselineMonthlyRevenueMinor = String(20_000 + Math.floor(random() * 80_000));
        form.baselineMonthlyNetIncomeMinor = String(5_000 + Math.floor(random() * 20_000));
      }
      const input = applicantSchema.parse(form);
      const result = registerApplicantIn(tx, actor, input);
      if (result.kind !== "created") continue;
      registered.push({ caseId: result.caseId, form });
    }
  });

  db.transaction((tx) => {
    // About two thirds are screened: eligible, and ineligible for age, status or sector.
    registered.forEach(({ caseId, form }, index) => {
      if (index % 3 === 2) return;
      const screening = screenCaseIn(tx, actor, caseId, String(form.applicationDate));
      if (!screening.eligible && index % 5 === 0) overrideScreeningIn(tx, actor, caseId, "Рішення комісії: особлива вразливість родини, правило застосовано надто суворо.");
    });
  });

  // The same people again under other spellings: a Latin passport spelling with the birth
  // date's day and month swapped, and a Russian form of the first name with the same phone.
  db.transaction((tx) => {
    registered.slice(0, 8).forEach(({ form }, index) => {
      const [year, month, day] = String(form.birthDate).split("-");
      const variant: Record<string, string | string[]> = {
        ...form,
        rnokpp: "",
        noRnokpp: "on",
        passportNumber: `КВ${String(400_000 + index * 7)}`,
        applicationDate: "2026-11-02",
        consentGivenOn: "2026-11-02",
      };
      if (index % 2 === 0) {
        variant.surname = transliterate(String(form.surname));
        variant.firstName = transliterate(String(form.firstName));
        variant.latinName = `${variant.surname.toUpperCase()} ${variant.firstName.toUpperCase()}`;
        if (Number(day) <= 12) variant.birthDate = `${year}-${day}-${month}`;
        variant.phone = "";
      } else {
        variant.firstName = russianForms[String(form.firstName)] ?? String(form.firstName);
      }
      registerApplicantIn(tx, actor, applicantSchema.parse(variant));
    });
  });
}

const russianForms: Record<string, string> = {
  Олена: "Елена",
  Ольга: "Ольга",
  Тетяна: "Татьяна",
  Наталія: "Наталья",
  Ірина: "Ирина",
  Світлана: "Светлана",
  Олександр: "Александр",
  Сергій: "Сергей",
  Андрій: "Андрей",
  Володимир: "Владимир",
  Микола: "Николай",
  Дмитро: "Дмитрий",
  Юрій: "Юрий",
  Олег: "Олег",
  Галина: "Галина",
  Людмила: "Людмила",
  Катерина: "Екатерина",
  Юлія: "Юлия",
  Михайло: "Михаил",
  Василь: "Василий",
};
