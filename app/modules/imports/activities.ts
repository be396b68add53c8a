/**
 * Partners' forms name a business's activity in their own categories (`sewing_repair`,
 * `hairdressing_barber`, "пошиття одягу"), not as KVED classes (domain.md §4). Each form's
 * categories are mapped to classes once, in a table the officer edits on the mapping page; these
 * are the suggestions that table starts from. Pure: the mapping page and the import share it.
 */
import { findKvedClass, searchKved } from "~/modules/intake/kved";

// Word stems (English, Ukrainian and the transliterations Kobo choice names use) → a typical
// grant class (domain.md §4). Checked in order: the first rule whose every stem occurs wins, so
// the narrower rules come first.
// prettier-ignore
const activityRules: Array<{ stems: string[]; kved: string }> = [
  { stems: ["shoe", "repair"], kved: "95.23" },
  { stems: ["взутт", "ремонт"], kved: "95.23" },
  { stems: ["phone", "repair"], kved: "95.12" },
  { stems: ["electronic", "repair"], kved: "95.21" },
  { stems: ["appliance", "repair"], kved: "95.22" },
  { stems: ["furniture", "repair"], kved: "95.24" },
  { stems: ["car", "repair"], kved: "45.20" },
  { stems: ["auto"], kved: "45.20" },
  { stems: ["vehicle"], kved: "45.20" },
  { stems: ["автомоб"], kved: "45.20" },
  { stems: ["сто"], kved: "45.20" },
  { stems: ["sewing", "repair"], kved: "95.29" },
  { stems: ["cloth", "repair"], kved: "95.29" },
  { stems: ["одяг", "ремонт"], kved: "95.29" },
  { stems: ["sewing"], kved: "14.13" },
  { stems: ["tailor"], kved: "14.13" },
  { stems: ["шиття"], kved: "14.13" },
  { stems: ["пошив"], kved: "14.13" },
  { stems: ["пошит"], kved: "14.13" },
  { stems: ["швей"], kved: "14.13" },
  { stems: ["knit"], kved: "14.39" },
  { stems: ["hair"], kved: "96.02" },
  { stems: ["barber"], kved: "96.02" },
  { stems: ["beauty"], kved: "96.02" },
  { stems: ["manicur"], kved: "96.02" },
  { stems: ["nail"], kved: "96.02" },
  { stems: ["перукар"], kved: "96.02" },
  { stems: ["манікюр"], kved: "96.02" },
  { stems: ["краси"], kved: "96.02" },
  { stems: ["massage"], kved: "96.04" },
  { stems: ["масаж"], kved: "96.04" },
  { stems: ["bakery"], kved: "10.71" },
  { stems: ["bake"], kved: "10.71" },
  { stems: ["bread"], kved: "10.71" },
  { stems: ["pastry"], kved: "10.71" },
  { stems: ["пекар"], kved: "10.71" },
  { stems: ["хліб"], kved: "10.71" },
  { stems: ["кондитер"], kved: "10.71" },
  { stems: ["greenhouse"], kved: "01.13" },
  { stems: ["vegetable"], kved: "01.13" },
  { stems: ["теплиц"], kved: "01.13" },
  { stems: ["овоч"], kved: "01.13" },
  { stems: ["poultry"], kved: "01.47" },
  { stems: ["chicken"], kved: "01.47" },
  { stems: ["птах"], kved: "01.47" },
  { stems: ["bee"], kved: "01.49" },
  { stems: ["honey"], kved: "01.49" },
  { stems: ["бджол"], kved: "01.49" },
  { stems: ["dairy"], kved: "01.41" },
  { stems: ["cattle"], kved: "01.42" },
  { stems: ["goat"], kved: "01.45" },
  { stems: ["pig"], kved: "01.46" },
  { stems: ["furniture"], kved: "31.09" },
  { stems: ["меблі"], kved: "31.09" },
  { stems: ["carpent"], kved: "16.23" },
  { stems: ["joiner"], kved: "16.23" },
  { stems: ["столяр"], kved: "16.23" },
  { stems: ["welding"], kved: "25.62" },
  { stems: ["metal"], kved: "25.99" },
  { stems: ["photo"], kved: "74.20" },
  { stems: ["фото"], kved: "74.20" },
  { stems: ["design"], kved: "74.10" },
  { stems: ["software"], kved: "62.01" },
  { stems: ["programm"], kved: "62.01" },
  { stems: ["it", "services"], kved: "62.09" },
  { stems: ["it"], kved: "62.01" },
  { stems: ["cafe"], kved: "56.10" },
  { stems: ["restaurant"], kved: "56.10" },
  { stems: ["catering"], kved: "56.21" },
  { stems: ["food", "service"], kved: "56.10" },
  { stems: ["кафе"], kved: "56.10" },
  { stems: ["cleaning"], kved: "81.21" },
  { stems: ["прибиран"], kved: "81.21" },
  { stems: ["laundry"], kved: "96.01" },
  { stems: ["taxi"], kved: "49.32" },
  { stems: ["freight"], kved: "49.41" },
  { stems: ["delivery"], kved: "53.20" },
  { stems: ["construction"], kved: "43.39" },
  { stems: ["renovation"], kved: "43.39" },
  { stems: ["building"], kved: "43.39" },
  { stems: ["ремонт", "квартир"], kved: "43.39" },
  { stems: ["будівн"], kved: "43.39" },
  { stems: ["plumb"], kved: "43.22" },
  { stems: ["electric"], kved: "43.21" },
  { stems: ["tutor"], kved: "85.59" },
  { stems: ["education"], kved: "85.59" },
  { stems: ["courses"], kved: "85.59" },
  { stems: ["child", "care"], kved: "88.91" },
  { stems: ["fitness"], kved: "93.13" },
  { stems: ["accounting"], kved: "69.20" },
  { stems: ["translation"], kved: "74.30" },
  { stems: ["online", "shop"], kved: "47.91" },
  { stems: ["online", "trade"], kved: "47.91" },
  { stems: ["market", "stall"], kved: "47.89" },
  { stems: ["clothing", "shop"], kved: "47.71" },
  { stems: ["grocery"], kved: "47.11" },
  { stems: ["retail"], kved: "47.19" },
  { stems: ["shop"], kved: "47.19" },
  { stems: ["trade"], kved: "47.19" },
  { stems: ["магазин"], kved: "47.19" },
  { stems: ["торгів"], kved: "47.19" },
  { stems: ["handmade"], kved: "32.99" },
  { stems: ["craft"], kved: "32.99" },
  { stems: ["soap"], kved: "20.41" },
];

// Words that name no activity of their own.
const genericWords = new Set(["other", "others", "misc", "various", "none", "service", "services", "production", "manufacture", "business", "activity", "activities", "small", "інше", "інший", "інша", "різне", "послуги", "виробництво", "бізнес", "діяльність"]);

/** The words of a category as partners write it: `hairdressing_barber` → hairdressing, barber. */
function words(value: string): string[] {
  return value
    .toLocaleLowerCase("uk")
    .replace(/['’ʼ`]/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * A KVED class for a partner's activity category, or undefined when nothing fits well enough to
 * suggest: a class code as written ("96.02", "9602"), a category of the rules above, else the
 * class whose title contains every word of the category (searchKved).
 */
export function suggestActivityKved(value: string): string | undefined {
  const asCode = findKvedClass(value);
  if (asCode) return asCode.code;
  const parts = words(value);
  if (parts.length === 0) return undefined;
  // A stem must start a word ("it" is a word of its own, not any word containing "it").
  const has = (stem: string) => parts.some((part) => (stem.length <= 3 ? part === stem : part.startsWith(stem)));
  const rule = activityRules.find(({ stems }) => stems.every(has));
  if (rule) return rule.kved;
  // Titles are searched only with words that say something: "other" fits a hundred classes.
  const telling = parts.filter((part) => part.length >= 4 && !genericWords.has(part));
  if (telling.length === 0) return undefined;
  const cyrillic = /[а-яіїєґ]/.test(telling.join(" "));
  return searchKved(telling.join(" "), cyrillic ? "uk" : "en", 1)[0]?.code;
}
