// Real raions and hromadas of the oblasts the demo uses (host oblasts and the oblasts people
// were displaced from), copied from the OCHA COD-AB table ukr_admin_boundaries_2026_02.xlsx:
// P-codes, names and centroids exactly as published. The 27 oblasts ship with the migrations;
// an admin loads the full table at /admin/locations.
import type { Transaction } from "~/lib/db.server";
import type { AdminUnit } from "~/modules/locations/cod-ab";
import { adminUnits } from "./schema";

function unit(pcode: string, nameEn: string, nameUk: string, lat: number, lon: number): AdminUnit {
  const level = pcode.length === 6 ? 2 : 3;
  return { pcode, level, nameEn, nameUk, parentPcode: pcode.slice(0, level === 2 ? 4 : 6), lat, lon };
}

// prettier-ignore
export const demoPlaces: AdminUnit[] = [
  // UA12 Dnipropetrovska
  unit("UA1202", "Dniprovskyi", "Дніпровський", 48.39354196, 34.9264514),
  unit("UA1202001", "Dniprovska", "Дніпровська", 48.4606409026098, 35.0390562168101),
  unit("UA1202025", "Slobozhanska", "Слобожанська", 48.6124644405278, 34.7782152650685),
  unit("UA1206", "Kryvorizkyi", "Криворізький", 47.88744345, 33.59862883),
  unit("UA1206017", "Kryvorizka", "Криворізька", 47.8750596762643, 33.3531646157404),
  // UA46 Lvivska
  unit("UA4606", "Lvivskyi", "Львівський", 49.78392936, 24.14085213),
  unit("UA4606025", "Lvivska", "Львівська", 49.8950294896613, 24.0072959680632),
  unit("UA4606037", "Pustomytivska", "Пустомитівська", 49.7051103776606, 23.8911198172103),
  unit("UA4602", "Drohobytskyi", "Дрогобицький", 49.32084165, 23.45371275),
  unit("UA4602003", "Drohobytska", "Дрогобицька", 49.3934985257488, 23.4928026931075),
  unit("UA4602009", "Truskavetska", "Трускавецька", 49.2397223129352, 23.5524197922099),
  // UA05 Vinnytska
  unit("UA0502", "Vinnytskyi", "Вінницький", 49.17068567, 28.84011642),
  unit("UA0502003", "Vinnytska", "Вінницька", 49.2386676849363, 28.5584547367013),
  unit("UA0502023", "Stryzhavska", "Стрижавська", 49.3234326542894, 28.4485802573117),
  unit("UA0504", "Haisynskyi", "Гайсинський", 48.55752077, 29.51830312),
  unit("UA0504003", "Haisynska", "Гайсинська", 48.7594914402838, 29.3923010843122),
  // UA63 Kharkivska
  unit("UA6312", "Kharkivskyi", "Харківський", 49.99409429, 36.18822721),
  unit("UA6312027", "Kharkivska", "Харківська", 49.984875445736, 36.2622349946378),
  unit("UA6312021", "Pisochynska", "Пісочинська", 49.9364386238516, 36.065623131662),
  unit("UA6304", "Iziumskyi", "Ізюмський", 49.25495202, 37.10883104),
  unit("UA6304009", "Iziumska", "Ізюмська", 49.2715505037869, 37.2819815126175),
  // UA32 Kyivska
  unit("UA3208", "Buchanskyi", "Бучанський", 50.54502423, 29.88533488),
  unit("UA3208015", "Irpinska", "Ірпінська", 50.5083013118285, 30.1234124357306),
  unit("UA3208007", "Buchanska", "Бучанська", 50.6471422972498, 30.1130279680314),
  unit("UA3208011", "Hostomelska", "Гостомельська", 50.6108175290186, 30.2467686097192),
  unit("UA3202", "Bilotserkivskyi", "Білоцерківський", 49.62882153, 30.07687697),
  unit("UA3202001", "Bilotserkivska", "Білоцерківська", 49.8141575144178, 30.1493409389713),
  // UA80 Kyiv
  unit("UA8000", "Kyiv", "Київ", 50.42981047, 30.55437837),
  unit("UA8000000", "Kyiv", "Київ", 50.4298104687561, 30.554378372386),
  // UA53 Poltavska
  unit("UA5308", "Poltavskyi", "Полтавський", 49.54235341, 34.57940022),
  unit("UA5308037", "Poltavska", "Полтавська", 49.627211893196, 34.4370132905539),
  unit("UA5308031", "Novosanzharska", "Новосанжарська", 49.3648675392732, 34.3757634341955),
  unit("UA5302", "Kremenchutskyi", "Кременчуцький", 49.35944239, 33.34188042),
  unit("UA5302011", "Kremenchutska", "Кременчуцька", 49.0681222780254, 33.477633216446),
  // UA71 Cherkaska
  unit("UA7108", "Cherkaskyi", "Черкаський", 49.30875758, 31.85033736),
  unit("UA7108049", "Cherkaska", "Черкаська", 49.4176537585299, 32.0624108568678),
  unit("UA7108039", "Smilianska", "Смілянська", 49.2188782671095, 31.8804372189618),
  unit("UA7106", "Umanskyi", "Уманський", 48.91553123, 30.14652415),
  unit("UA7106021", "Umanska", "Уманська", 48.7394422961934, 30.2187652997385),
  // UA18 Zhytomyrska
  unit("UA1804", "Zhytomyrskyi", "Житомирський", 50.35454199, 28.65700327),
  unit("UA1804019", "Zhytomyrska", "Житомирська", 50.2587530374566, 28.6756574135799),
  unit("UA1804025", "Korostyshivska", "Коростишівська", 50.2652285267701, 29.2305151636247),
  unit("UA1802", "Berdychivskyi", "Бердичівський", 49.95780039, 28.81150805),
  unit("UA1802003", "Berdychivska", "Бердичівська", 49.9104923348945, 28.5557793392043),
  // UA14 Donetska
  unit("UA1414", "Mariupolskyi", "Маріупольський", 47.18444513, 37.37040629),
  unit("UA1414005", "Mariupolska", "Маріупольська", 47.129401011942, 37.4956929452512),
  unit("UA1414003", "Manhushska", "Мангушська", 47.0331468156562, 37.2613848865146),
  unit("UA1402", "Bakhmutskyi", "Бахмутський", 48.64956395, 38.0865077),
  unit("UA1402001", "Bakhmutska", "Бахмутська", 48.5618317546296, 38.0607506487479),
  unit("UA1402013", "Chasovoiarska", "Часовоярська", 48.6225939439493, 37.8685349924468),
  unit("UA1412", "Kramatorskyi", "Краматорський", 48.76802362, 37.5166006),
  unit("UA1412009", "Kramatorska", "Краматорська", 48.732756976012, 37.5510419249707),
  unit("UA1412021", "Slovianska", "Слов'янська", 48.855784887211, 37.568339462782),
  // UA44 Luhanska
  unit("UA4406", "Luhanskyi", "Луганський", 48.44512681, 39.33305475),
  unit("UA4406001", "Luhanska", "Луганська", 48.5985518742084, 39.285078259242),
  unit("UA4412", "Siverskodonetskyi", "Сіверськодонецький", 48.97857997, 38.442686),
  unit("UA4412011", "Siverskodonetska", "Сіверськодонецька", 48.9604694212718, 38.6239319000534),
  unit("UA4412005", "Lysychanska", "Лисичанська", 48.875736749978, 38.3668736010627),
  // UA65 Khersonska
  unit("UA6510", "Khersonskyi", "Херсонський", 46.66903998, 32.72044599),
  unit("UA6510015", "Khersonska", "Херсонська", 46.6970928381268, 32.674891070929),
  unit("UA6510001", "Bilozerska", "Білозерська", 46.6028469996981, 32.383001462134),
  unit("UA6506", "Kakhovskyi", "Каховський", 46.72140625, 33.70547598),
  unit("UA6506017", "Novokakhovska", "Новокаховська", 46.7138990617113, 33.2463708893082),
  // UA23 Zaporizka
  unit("UA2306", "Zaporizkyi", "Запорізький", 47.86525926, 35.43090242),
  unit("UA2306007", "Zaporizka", "Запорізька", 47.8378895227369, 35.1666311231041),
  unit("UA2306003", "Vilnianska", "Вільнянська", 48.0179307856244, 35.3957834255801),
  unit("UA2308", "Melitopolskyi", "Мелітопольський", 46.79319931, 35.29521572),
  unit("UA2308007", "Melitopolska", "Мелітопольська", 46.8548602605791, 35.3640805483466),
  // UA48 Mykolaivska
  unit("UA4806", "Mykolaivskyi", "Миколаївський", 47.01656188, 31.79912977),
  unit("UA4806015", "Mykolaivska", "Миколаївська", 46.9679157761443, 31.9903913890276),
  unit("UA4806025", "Ochakivska", "Очаківська", 46.60886039055, 31.5484515833027),
  unit("UA4804", "Voznesenskyi", "Вознесенський", 47.5899053, 31.39362419),
  unit("UA4804007", "Voznesenska", "Вознесенська", 47.5488928802506, 31.4372364646057),
];

/** Inserts the demo places (raions before their hromadas); places already loaded are kept. */
export function seedDemoPlaces(tx: Transaction) {
  tx.insert(adminUnits)
    .values(
      demoPlaces.map((place) => ({
        ...place,
        lat: place.lat === null ? null : Math.round(place.lat * 1e6),
        lon: place.lon === null ? null : Math.round(place.lon * 1e6),
      })),
    )
    .onConflictDoNothing()
    .run();
}
