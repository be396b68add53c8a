import { describe, expect, it } from "vitest";
import { transliterate } from "~/modules/intake/transliteration";

describe("transliterate (CMU Resolution 55, domain.md §2)", () => {
  it.each([
    ["Згорани", "Zghorany"],
    ["Знам'янка", "Znamianka"],
    ["Їжакевич", "Yizhakevych"],
    ["Олексій", "Oleksii"],
    ["Юрій", "Yurii"],
    ["Костянтин", "Kostiantyn"],
    ["Ґалаґан", "Galagan"],
    ["Вишгород", "Vyshhorod"],
    ["Мар'їне", "Marine"],
  ])("%s → %s (worked example)", (ukrainian, latin) => {
    expect(transliterate(ukrainian)).toBe(latin);
  });

  it("maps every letter of the alphabet", () => {
    expect(transliterate("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя")).toBe(
      "abvhgdeiezhzyiiiklmnoprstufkhtschshshchiuia",
    );
  });

  it("uses the word-initial forms of є ї й ю я at the start of each word", () => {
    expect(transliterate("Євген")).toBe("Yevhen");
    expect(transliterate("Йосипівка")).toBe("Yosypivka");
    expect(transliterate("Яготин")).toBe("Yahotyn");
    expect(transliterate("Юлія Ярема")).toBe("Yuliia Yarema");
    expect(transliterate("Ганна-Юлія")).toBe("Hanna-Yuliia");
    expect(transliterate("Стрий Гайсин")).toBe("Stryi Haisyn");
  });

  it("writes зг as zgh but other г as h", () => {
    expect(transliterate("Розгон")).toBe("Rozghon");
    expect(transliterate("Гоголь")).toBe("Hohol");
  });

  it("omits the soft sign and all three apostrophe forms", () => {
    expect(transliterate("Львів")).toBe("Lviv");
    expect(transliterate("Знам’янка")).toBe("Znamianka");
    expect(transliterate("Знамʼянка")).toBe("Znamianka");
  });

  it("capitalises a capital letter's output, and keeps all-caps words in capitals", () => {
    expect(transliterate("Щ")).toBe("Shch");
    expect(transliterate("Щербак")).toBe("Shcherbak");
    expect(transliterate("ЩЕРБАК")).toBe("SHCHERBAK");
    expect(transliterate("ЗГОРАНИ")).toBe("ZGHORANY");
    expect(transliterate("ЮРІЙ ЖУК")).toBe("YURII ZHUK");
  });

  it("leaves characters that are not Ukrainian letters untouched", () => {
    expect(transliterate("вул. Шевченка, 12/3")).toBe("vul. Shevchenka, 12/3");
    expect(transliterate("Kyiv")).toBe("Kyiv");
    expect(transliterate("ы э ё ъ")).toBe("ы э ё ъ");
    expect(transliterate("'Київ'")).toBe("'Kyiv'");
  });
});
