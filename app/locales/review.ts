// Strings of the review stage (training, business plans, reviews, committee), merged into uk.ts
// and en.ts as the `review.*` namespace. `en` is typed by `uk`, so a missing key fails the build.
type Dictionary<T> = { [K in keyof T]: T[K] extends string ? string : Dictionary<T[K]> };

const uk = {
  criteria: {
    business_viability: "Життєздатність бізнесу",
    market_understanding: "Розуміння ринку",
    owner_skills_experience: "Навички та досвід власника",
    budget_realism: "Реалістичність бюджету",
    job_creation: "Створення робочих місць",
    co_contribution: "Власний внесок",
    social_impact_vulnerability: "Соціальний вплив і вразливість",
  },
};

const en: Dictionary<typeof uk> = {
  criteria: {
    business_viability: "Business viability",
    market_understanding: "Market understanding",
    owner_skills_experience: "Owner's skills and experience",
    budget_realism: "Budget realism",
    job_creation: "Job creation",
    co_contribution: "Co-contribution",
    social_impact_vulnerability: "Social impact and vulnerability",
  },
};

export const reviewMessages = { uk, en };
