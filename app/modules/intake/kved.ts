// Economic activity classification KVED-2010 (ДК 009:2010, harmonised with NACE Rev. 2), see
// domain.md §4. Ukraine moves to NACE 2.1-UA on 2027-01-01, so every stored code carries
// `kvedVersion` beside it. Titles are the official Ukrainian (ДК 009:2010) and English
// (NACE Rev. 2) ones; apostrophes are written as U+0027, as in the official text.

export const kvedVersion = "KVED-2010";

export type KvedVersion = typeof kvedVersion;

export type KvedSectionCode =
  | "A" | "B" | "C" | "D" | "E" | "F" | "G" | "H" | "I" | "J" | "K"
  | "L" | "M" | "N" | "O" | "P" | "Q" | "R" | "S" | "T" | "U";

export type KvedSection = { code: KvedSectionCode; nameUk: string; nameEn: string };

/** A four-digit class, e.g. "14.13". */
export type KvedClass = { code: string; section: KvedSectionCode; nameUk: string; nameEn: string };

type SectionDefinition = KvedSection & { firstDivision: number; lastDivision: number };

// Division ranges are fixed by NACE Rev. 2; they let any class code find its section.
const sectionDefinitions: SectionDefinition[] = [
  { code: "A", firstDivision: 1, lastDivision: 3, nameUk: "Сільське господарство, лісове господарство та рибне господарство", nameEn: "Agriculture, forestry and fishing" },
  { code: "B", firstDivision: 5, lastDivision: 9, nameUk: "Добувна промисловість і розроблення кар'єрів", nameEn: "Mining and quarrying" },
  { code: "C", firstDivision: 10, lastDivision: 33, nameUk: "Переробна промисловість", nameEn: "Manufacturing" },
  { code: "D", firstDivision: 35, lastDivision: 35, nameUk: "Постачання електроенергії, газу, пари та кондиційованого повітря", nameEn: "Electricity, gas, steam and air conditioning supply" },
  { code: "E", firstDivision: 36, lastDivision: 39, nameUk: "Водопостачання; каналізація, поводження з відходами", nameEn: "Water supply; sewerage, waste management and remediation activities" },
  { code: "F", firstDivision: 41, lastDivision: 43, nameUk: "Будівництво", nameEn: "Construction" },
  { code: "G", firstDivision: 45, lastDivision: 47, nameUk: "Оптова та роздрібна торгівля; ремонт автотранспортних засобів і мотоциклів", nameEn: "Wholesale and retail trade; repair of motor vehicles and motorcycles" },
  { code: "H", firstDivision: 49, lastDivision: 53, nameUk: "Транспорт, складське господарство, поштова та кур'єрська діяльність", nameEn: "Transportation and storage" },
  { code: "I", firstDivision: 55, lastDivision: 56, nameUk: "Тимчасове розміщування й організація харчування", nameEn: "Accommodation and food service activities" },
  { code: "J", firstDivision: 58, lastDivision: 63, nameUk: "Інформація та телекомунікації", nameEn: "Information and communication" },
  { code: "K", firstDivision: 64, lastDivision: 66, nameUk: "Фінансова та страхова діяльність", nameEn: "Financial and insurance activities" },
  { code: "L", firstDivision: 68, lastDivision: 68, nameUk: "Операції з нерухомим майном", nameEn: "Real estate activities" },
  { code: "M", firstDivision: 69, lastDivision: 75, nameUk: "Професійна, наукова та технічна діяльність", nameEn: "Professional, scientific and technical activities" },
  { code: "N", firstDivision: 77, lastDivision: 82, nameUk: "Діяльність у сфері адміністративного та допоміжного обслуговування", nameEn: "Administrative and support service activities" },
  { code: "O", firstDivision: 84, lastDivision: 84, nameUk: "Державне управління й оборона; обов'язкове соціальне страхування", nameEn: "Public administration and defence; compulsory social security" },
  { code: "P", firstDivision: 85, lastDivision: 85, nameUk: "Освіта", nameEn: "Education" },
  { code: "Q", firstDivision: 86, lastDivision: 88, nameUk: "Охорона здоров'я та надання соціальної допомоги", nameEn: "Human health and social work activities" },
  { code: "R", firstDivision: 90, lastDivision: 93, nameUk: "Мистецтво, спорт, розваги та відпочинок", nameEn: "Arts, entertainment and recreation" },
  { code: "S", firstDivision: 94, lastDivision: 96, nameUk: "Надання інших видів послуг", nameEn: "Other service activities" },
  { code: "T", firstDivision: 97, lastDivision: 98, nameUk: "Діяльність домашніх господарств", nameEn: "Activities of households as employers; undifferentiated goods- and services-producing activities of households for own use" },
  { code: "U", firstDivision: 99, lastDivision: 99, nameUk: "Діяльність екстериторіальних організацій і органів", nameEn: "Activities of extraterritorial organisations and bodies" },
];

/** The 21 sections A–U. */
export const kvedSections: KvedSection[] = sectionDefinitions.map(({ code, nameUk, nameEn }) => ({
  code,
  nameUk,
  nameEn,
}));

// [code, official Ukrainian title, official English title]. A curated subset: the classes that
// micro-enterprise applicants name (domain.md §4) and those behind the usual exclusion list.
const classTitles: Array<[string, string, string]> = [
  // A — agriculture, forestry and fishing
  ["01.11", "Вирощування зернових культур (крім рису), бобових культур і насіння олійних культур", "Growing of cereals (except rice), leguminous crops and oil seeds"],
  ["01.13", "Вирощування овочів і баштанних культур, коренеплодів і бульбоплодів", "Growing of vegetables and melons, roots and tubers"],
  ["01.15", "Вирощування тютюну", "Growing of tobacco"],
  ["01.19", "Вирощування інших однорічних і дворічних культур", "Growing of other non-perennial crops"],
  ["01.24", "Вирощування зерняткових і кісточкових фруктів", "Growing of pome fruits and stone fruits"],
  ["01.25", "Вирощування ягід, горіхів, інших фруктів", "Growing of other tree and bush fruits and nuts"],
  ["01.30", "Відтворення рослин", "Plant propagation"],
  ["01.41", "Розведення великої рогатої худоби молочних порід", "Raising of dairy cattle"],
  ["01.42", "Розведення іншої великої рогатої худоби та буйволів", "Raising of other cattle and buffaloes"],
  ["01.45", "Розведення овець і кіз", "Raising of sheep and goats"],
  ["01.46", "Розведення свиней", "Raising of swine/pigs"],
  ["01.47", "Розведення свійської птиці", "Raising of poultry"],
  ["01.49", "Розведення інших тварин", "Raising of other animals"],
  ["01.50", "Змішане сільське господарство", "Mixed farming"],
  ["01.61", "Допоміжна діяльність у рослинництві", "Support activities for crop production"],
  ["01.62", "Допоміжна діяльність у тваринництві", "Support activities for animal production"],
  ["02.10", "Лісівництво та інша діяльність у лісовому господарстві", "Silviculture and other forestry activities"],
  ["02.20", "Лісозаготівлі", "Logging"],
  ["02.30", "Збирання дикорослих недеревних продуктів", "Gathering of wild growing non-wood products"],
  ["03.12", "Прісноводне рибальство", "Freshwater fishing"],
  ["03.22", "Прісноводне рибництво (аквакультура)", "Freshwater aquaculture"],
  // B — mining and quarrying
  ["08.12", "Добування піску, гравію, глин і каоліну", "Operation of gravel and sand pits; mining of clays and kaolin"],
  // C — manufacturing
  ["10.11", "Виробництво м'яса", "Processing and preserving of meat"],
  ["10.13", "Виробництво м'ясних продуктів", "Production of meat and poultry meat products"],
  ["10.20", "Перероблення та консервування риби, ракоподібних і молюсків", "Processing and preserving of fish, crustaceans and molluscs"],
  ["10.32", "Виробництво фруктових і овочевих соків", "Manufacture of fruit and vegetable juice"],
  ["10.39", "Інші види перероблення та консервування фруктів і овочів", "Other processing and preserving of fruit and vegetables"],
  ["10.41", "Виробництво олії та тваринних жирів", "Manufacture of oils and fats"],
  ["10.51", "Перероблення молока, виробництво масла та сиру", "Operation of dairies and cheese making"],
  ["10.52", "Виробництво морозива", "Manufacture of ice cream"],
  ["10.61", "Виробництво продуктів борошномельно-круп'яної промисловості", "Manufacture of grain mill products"],
  ["10.71", "Виробництво хліба та хлібобулочних виробів; виробництво борошняних кондитерських виробів, тортів і тістечок нетривалого зберігання", "Manufacture of bread; manufacture of fresh pastry goods and cakes"],
  ["10.72", "Виробництво сухарів і сухого печива; виробництво борошняних кондитерських виробів, тортів і тістечок тривалого зберігання", "Manufacture of rusks and biscuits; manufacture of preserved pastry goods and cakes"],
  ["10.73", "Виробництво макаронних виробів і подібних борошняних виробів", "Manufacture of macaroni, noodles, couscous and similar farinaceous products"],
  ["10.82", "Виробництво какао, шоколаду та цукрових кондитерських виробів", "Manufacture of cocoa, chocolate and sugar confectionery"],
  ["10.83", "Перероблення чаю та кави", "Processing of tea and coffee"],
  ["10.84", "Виробництво прянощів і приправ", "Manufacture of condiments and seasonings"],
  ["10.85", "Виробництво готової їжі та страв", "Manufacture of prepared meals and dishes"],
  ["10.89", "Виробництво інших харчових продуктів, н. в. і. у.", "Manufacture of other food products n.e.c."],
  ["10.91", "Виробництво готових кормів для тварин, що утримуються на фермах", "Manufacture of prepared feeds for farm animals"],
  ["10.92", "Виробництво готових кормів для домашніх тварин", "Manufacture of prepared pet foods"],
  ["11.01", "Дистиляція, ректифікація та змішування спиртних напоїв", "Distilling, rectifying and blending of spirits"],
  ["11.02", "Виробництво виноградних вин", "Manufacture of wine from grape"],
  ["11.03", "Виробництво сидру та інших плодово-ягідних вин", "Manufacture of cider and other fruit wines"],
  ["11.04", "Виробництво інших недистильованих напоїв, одержаних шляхом бродіння", "Manufacture of other non-distilled fermented beverages"],
  ["11.05", "Виробництво пива", "Manufacture of beer"],
  ["11.07", "Виробництво безалкогольних напоїв; виробництво мінеральних вод та інших вод, розлитих у пляшки", "Manufacture of soft drinks; production of mineral waters and other bottled waters"],
  ["12.00", "Виробництво тютюнових виробів", "Manufacture of tobacco products"],
  ["13.92", "Виробництво готових текстильних виробів, крім одягу", "Manufacture of made-up textile articles, except apparel"],
  ["13.99", "Виробництво інших текстильних виробів, н. в. і. у.", "Manufacture of other textiles n.e.c."],
  ["14.11", "Виробництво одягу зі шкіри", "Manufacture of leather clothes"],
  ["14.12", "Виробництво робочого одягу", "Manufacture of workwear"],
  ["14.13", "Виробництво іншого верхнього одягу", "Manufacture of other outerwear"],
  ["14.14", "Виробництво спіднього одягу", "Manufacture of underwear"],
  ["14.19", "Виробництво іншого одягу й аксесуарів", "Manufacture of other wearing apparel and accessories"],
  ["14.20", "Виготовлення виробів із хутра", "Manufacture of articles of fur"],
  ["14.39", "Виробництво іншого трикотажного та в'язаного одягу", "Manufacture of other knitted and crocheted apparel"],
  ["15.12", "Виробництво дорожніх виробів, сумок і подібних виробів, сідельних виробів та упряжі", "Manufacture of luggage, handbags and the like, saddlery and harness"],
  ["15.20", "Виробництво взуття", "Manufacture of footwear"],
  ["16.10", "Лісопильне та стругальне виробництво", "Sawmilling and planing of wood"],
  ["16.23", "Виробництво інших дерев'яних будівельних конструкцій і столярних виробів", "Manufacture of other builders' carpentry and joinery"],
  ["16.24", "Виробництво дерев'яної тари", "Manufacture of wooden containers"],
  ["16.29", "Виробництво інших виробів з деревини; виготовлення виробів з корка, соломки та рослинних матеріалів для плетіння", "Manufacture of other products of wood; manufacture of articles of cork, straw and plaiting materials"],
  ["18.12", "Друкування іншої продукції", "Other printing"],
  ["18.13", "Виготовлення друкарських форм і надання інших поліграфічних послуг", "Pre-press and pre-media services"],
  ["18.14", "Брошурувально-палітурна діяльність і надання пов'язаних із нею послуг", "Binding and related services"],
  ["20.20", "Виробництво пестицидів та іншої агрохімічної продукції", "Manufacture of pesticides and other agrochemical products"],
  ["20.41", "Виробництво мила та мийних засобів, засобів для чищення та полірування", "Manufacture of soap and detergents, cleaning and polishing preparations"],
  ["20.42", "Виробництво парфумерних і косметичних засобів", "Manufacture of perfumes and toilet preparations"],
  ["21.10", "Виробництво основних фармацевтичних продуктів", "Manufacture of basic pharmaceutical products"],
  ["21.20", "Виробництво фармацевтичних препаратів і матеріалів", "Manufacture of pharmaceutical preparations"],
  ["22.22", "Виробництво тари з пластмас", "Manufacture of plastic packing goods"],
  ["22.23", "Виробництво будівельних виробів із пластмас", "Manufacture of builders' ware of plastic"],
  ["23.32", "Виробництво цегли, черепиці та інших будівельних виробів з випаленої глини", "Manufacture of bricks, tiles and construction products, in baked clay"],
  ["23.41", "Виробництво господарських і декоративних керамічних виробів", "Manufacture of ceramic household and ornamental articles"],
  ["23.61", "Виготовлення виробів із бетону для будівництва", "Manufacture of concrete products for construction purposes"],
  ["23.70", "Різання, оброблення та оздоблення декоративного та будівельного каменю", "Cutting, shaping and finishing of stone"],
  ["25.11", "Виробництво будівельних металевих конструкцій і частин конструкцій", "Manufacture of metal structures and parts of structures"],
  ["25.12", "Виробництво металевих дверей і вікон", "Manufacture of doors and windows of metal"],
  ["25.40", "Виробництво зброї та боєприпасів", "Manufacture of weapons and ammunition"],
  ["25.50", "Кування, пресування, штампування, профілювання; порошкова металургія", "Forging, pressing, stamping and roll-forming of metal; powder metallurgy"],
  ["25.62", "Механічне оброблення металевих виробів", "Machining"],
  ["25.99", "Виробництво інших готових металевих виробів, н. в. і. у.", "Manufacture of other fabricated metal products n.e.c."],
  ["31.01", "Виробництво меблів для офісів і підприємств торгівлі", "Manufacture of office and shop furniture"],
  ["31.02", "Виробництво кухонних меблів", "Manufacture of kitchen furniture"],
  ["31.09", "Виробництво інших меблів", "Manufacture of other furniture"],
  ["32.12", "Виробництво ювелірних і подібних виробів", "Manufacture of jewellery and related articles"],
  ["32.13", "Виробництво біжутерії та подібних виробів", "Manufacture of imitation jewellery and related articles"],
  ["32.40", "Виробництво ігор та іграшок", "Manufacture of games and toys"],
  ["32.99", "Виробництво іншої продукції, н. в. і. у.", "Other manufacturing n.e.c."],
  ["33.11", "Ремонт і технічне обслуговування готових металевих виробів", "Repair of fabricated metal products"],
  ["33.12", "Ремонт і технічне обслуговування машин і устатковання промислового призначення", "Repair of machinery"],
  // D — electricity, gas
  ["35.11", "Виробництво електроенергії", "Production of electricity"],
  // E — water and waste
  ["38.11", "Збирання безпечних відходів", "Collection of non-hazardous waste"],
  ["38.32", "Відновлення відсортованих відходів", "Recovery of sorted materials"],
  // F — construction
  ["41.20", "Будівництво житлових і нежитлових будівель", "Construction of residential and non-residential buildings"],
  ["43.21", "Електромонтажні роботи", "Electrical installation"],
  ["43.22", "Монтаж водопровідних мереж, систем опалення та кондиціонування", "Plumbing, heat and air-conditioning installation"],
  ["43.29", "Інші будівельно-монтажні роботи", "Other construction installation"],
  ["43.31", "Штукатурні роботи", "Plastering"],
  ["43.32", "Установлення столярних виробів", "Joinery installation"],
  ["43.33", "Покриття підлоги й облицювання стін", "Floor and wall covering"],
  ["43.34", "Малярні роботи та скління", "Painting and glazing"],
  ["43.39", "Інші роботи із завершення будівництва", "Other building completion and finishing"],
  ["43.91", "Покрівельні роботи", "Roofing activities"],
  ["43.99", "Інші спеціалізовані будівельні роботи, н. в. і. у.", "Other specialised construction activities n.e.c."],
  // G — trade and repair of motor vehicles
  ["45.11", "Торгівля автомобілями та легковими автотранспортними засобами", "Sale of cars and light motor vehicles"],
  ["45.20", "Технічне обслуговування та ремонт автотранспортних засобів", "Maintenance and repair of motor vehicles"],
  ["45.32", "Роздрібна торгівля деталями та приладдям для автотранспортних засобів", "Retail trade of motor vehicle parts and accessories"],
  ["45.40", "Торгівля мотоциклами, деталями та приладдям до них, технічне обслуговування і ремонт мотоциклів", "Sale, maintenance and repair of motorcycles and related parts and accessories"],
  ["46.34", "Оптова торгівля напоями", "Wholesale of beverages"],
  ["46.35", "Оптова торгівля тютюновими виробами", "Wholesale of tobacco products"],
  ["46.46", "Оптова торгівля фармацевтичними товарами", "Wholesale of pharmaceutical goods"],
  ["46.48", "Оптова торгівля годинниками та ювелірними виробами", "Wholesale of watches and jewellery"],
  ["46.90", "Неспеціалізована оптова торгівля", "Non-specialised wholesale trade"],
  ["47.11", "Роздрібна торгівля в неспеціалізованих магазинах переважно продуктами харчування, напоями та тютюновими виробами", "Retail sale in non-specialised stores with food, beverages or tobacco predominating"],
  ["47.19", "Інші види роздрібної торгівлі в неспеціалізованих магазинах", "Other retail sale in non-specialised stores"],
  ["47.21", "Роздрібна торгівля фруктами й овочами в спеціалізованих магазинах", "Retail sale of fruit and vegetables in specialised stores"],
  ["47.22", "Роздрібна торгівля м'ясом і м'ясними продуктами в спеціалізованих магазинах", "Retail sale of meat and meat products in specialised stores"],
  ["47.23", "Роздрібна торгівля рибою, ракоподібними та молюсками в спеціалізованих магазинах", "Retail sale of fish, crustaceans and molluscs in specialised stores"],
  ["47.24", "Роздрібна торгівля хлібобулочними виробами, борошняними та цукровими кондитерськими виробами в спеціалізованих магазинах", "Retail sale of bread, cakes, flour confectionery and sugar confectionery in specialised stores"],
  ["47.25", "Роздрібна торгівля напоями в спеціалізованих магазинах", "Retail sale of beverages in specialised stores"],
  ["47.26", "Роздрібна торгівля тютюновими виробами в спеціалізованих магазинах", "Retail sale of tobacco products in specialised stores"],
  ["47.29", "Роздрібна торгівля іншими продуктами харчування в спеціалізованих магазинах", "Other retail sale of food in specialised stores"],
  ["47.30", "Роздрібна торгівля пальним", "Retail sale of automotive fuel in specialised stores"],
  ["47.41", "Роздрібна торгівля комп'ютерами, периферійним устаткованням і програмним забезпеченням у спеціалізованих магазинах", "Retail sale of computers, peripheral units and software in specialised stores"],
  ["47.42", "Роздрібна торгівля телекомунікаційним устаткованням у спеціалізованих магазинах", "Retail sale of telecommunications equipment in specialised stores"],
  ["47.43", "Роздрібна торгівля аудіо- та відеоустаткованням у спеціалізованих магазинах", "Retail sale of audio and video equipment in specialised stores"],
  ["47.51", "Роздрібна торгівля текстильними товарами в спеціалізованих магазинах", "Retail sale of textiles in specialised stores"],
  ["47.52", "Роздрібна торгівля залізними виробами, будівельними матеріалами та санітарно-технічними виробами в спеціалізованих магазинах", "Retail sale of hardware, paints and glass in specialised stores"],
  ["47.53", "Роздрібна торгівля килимами, килимовими виробами, покриттям для стін і підлоги в спеціалізованих магазинах", "Retail sale of carpets, rugs, wall and floor coverings in specialised stores"],
  ["47.54", "Роздрібна торгівля побутовими електротоварами в спеціалізованих магазинах", "Retail sale of electrical household appliances in specialised stores"],
  ["47.59", "Роздрібна торгівля меблями, освітлювальним приладдям та іншими товарами для дому в спеціалізованих магазинах", "Retail sale of furniture, lighting equipment and other household articles in specialised stores"],
  ["47.61", "Роздрібна торгівля книгами в спеціалізованих магазинах", "Retail sale of books in specialised stores"],
  ["47.62", "Роздрібна торгівля газетами та канцелярськими товарами в спеціалізованих магазинах", "Retail sale of newspapers and stationery in specialised stores"],
  ["47.64", "Роздрібна торгівля спортивним інвентарем у спеціалізованих магазинах", "Retail sale of sporting equipment in specialised stores"],
  ["47.65", "Роздрібна торгівля іграми та іграшками в спеціалізованих магазинах", "Retail sale of games and toys in specialised stores"],
  ["47.71", "Роздрібна торгівля одягом у спеціалізованих магазинах", "Retail sale of clothing in specialised stores"],
  ["47.72", "Роздрібна торгівля взуттям і шкіряними виробами в спеціалізованих магазинах", "Retail sale of footwear and leather goods in specialised stores"],
  ["47.73", "Роздрібна торгівля фармацевтичними товарами в спеціалізованих магазинах", "Dispensing chemist in specialised stores"],
  ["47.74", "Роздрібна торгівля медичними й ортопедичними товарами в спеціалізованих магазинах", "Retail sale of medical and orthopaedic goods in specialised stores"],
  ["47.75", "Роздрібна торгівля косметичними товарами та туалетними приналежностями в спеціалізованих магазинах", "Retail sale of cosmetic and toilet articles in specialised stores"],
  ["47.76", "Роздрібна торгівля квітами, рослинами, насінням, добривами, домашніми тваринами та кормами для них у спеціалізованих магазинах", "Retail sale of flowers, plants, seeds, fertilisers, pet animals and pet food in specialised stores"],
  ["47.77", "Роздрібна торгівля годинниками та ювелірними виробами в спеціалізованих магазинах", "Retail sale of watches and jewellery in specialised stores"],
  ["47.78", "Роздрібна торгівля іншими невживаними товарами в спеціалізованих магазинах", "Other retail sale of new goods in specialised stores"],
  ["47.79", "Роздрібна торгівля уживаними товарами в магазинах", "Retail sale of second-hand goods in stores"],
  ["47.81", "Роздрібна торгівля з лотків і на ринках харчовими продуктами, напоями та тютюновими виробами", "Retail sale via stalls and markets of food, beverages and tobacco products"],
  ["47.82", "Роздрібна торгівля з лотків і на ринках текстильними виробами, одягом і взуттям", "Retail sale via stalls and markets of textiles, clothing and footwear"],
  ["47.89", "Роздрібна торгівля з лотків і на ринках іншими товарами", "Retail sale via stalls and markets of other goods"],
  ["47.91", "Роздрібна торгівля, що здійснюється фірмами поштового замовлення або через мережу Інтернет", "Retail sale via mail order houses or via Internet"],
  ["47.99", "Інші види роздрібної торгівлі поза магазинами", "Other retail sale not in stores, stalls or markets"],
  // H — transport and storage
  ["49.32", "Надання послуг таксі", "Taxi operation"],
  ["49.39", "Інший пасажирський наземний транспорт, н. в. і. у.", "Other passenger land transport n.e.c."],
  ["49.41", "Вантажний автомобільний транспорт", "Freight transport by road"],
  ["49.42", "Надання послуг перевезення речей (переїзду)", "Removal services"],
  ["52.10", "Складське господарство", "Warehousing and storage"],
  ["53.20", "Інша поштова та кур'єрська діяльність", "Other postal and courier activities"],
  // I — accommodation and food service
  ["55.10", "Діяльність готелів і подібних засобів тимчасового розміщування", "Hotels and similar accommodation"],
  ["55.20", "Діяльність засобів розміщування на період відпустки та іншого тимчасового проживання", "Holiday and other short-stay accommodation"],
  ["56.10", "Діяльність ресторанів, надання послуг мобільного харчування", "Restaurants and mobile food service activities"],
  ["56.21", "Постачання готових страв для подій", "Event catering activities"],
  ["56.29", "Постачання інших готових страв", "Other food service activities"],
  ["56.30", "Обслуговування напоями", "Beverage serving activities"],
  // J — information and communication
  ["58.11", "Видання книг", "Book publishing"],
  ["59.11", "Виробництво кіно- та відеофільмів, телевізійних програм", "Motion picture, video and television programme production activities"],
  ["62.01", "Комп'ютерне програмування", "Computer programming activities"],
  ["62.02", "Консультування з питань інформатизації", "Computer consultancy activities"],
  ["62.09", "Інша діяльність у сфері інформаційних технологій і комп'ютерних систем", "Other information technology and computer service activities"],
  ["63.11", "Оброблення даних, розміщення інформації на веб-вузлах і пов'язана з ними діяльність", "Data processing, hosting and related activities"],
  ["63.12", "Веб-портали", "Web portals"],
  // K — finance and insurance
  ["66.22", "Діяльність страхових агентів і брокерів", "Activities of insurance agents and brokers"],
  // L — real estate
  ["68.20", "Надання в оренду й експлуатацію власного чи орендованого нерухомого майна", "Renting and operating of own or leased real estate"],
  ["68.31", "Агентства нерухомості", "Real estate agencies"],
  // M — professional, scientific and technical
  ["69.10", "Діяльність у сфері права", "Legal activities"],
  ["69.20", "Діяльність у сфері бухгалтерського обліку й аудиту; консультування з питань оподаткування", "Accounting, bookkeeping and auditing activities; tax consultancy"],
  ["70.22", "Консультування з питань комерційної діяльності й керування", "Business and other management consultancy activities"],
  ["71.11", "Діяльність у сфері архітектури", "Architectural activities"],
  ["71.12", "Діяльність у сфері інжинірингу, геології та геодезії, надання послуг технічного консультування в цих сферах", "Engineering activities and related technical consultancy"],
  ["73.11", "Рекламні агентства", "Advertising agencies"],
  ["73.12", "Посередництво в розміщенні реклами в засобах масової інформації", "Media representation"],
  ["73.20", "Дослідження кон'юнктури ринку та виявлення громадської думки", "Market research and public opinion polling"],
  ["74.10", "Спеціалізована діяльність із дизайну", "Specialised design activities"],
  ["74.20", "Діяльність у сфері фотографії", "Photographic activities"],
  ["74.30", "Надання послуг перекладу", "Translation and interpretation activities"],
  ["75.00", "Ветеринарна діяльність", "Veterinary activities"],
  // N — administrative and support services
  ["77.21", "Прокат товарів для спорту та відпочинку", "Renting and leasing of recreational and sports goods"],
  ["77.29", "Прокат інших побутових виробів і предметів особистого вжитку", "Renting and leasing of other personal and household goods"],
  ["79.11", "Діяльність туристичних агентств", "Travel agency activities"],
  ["79.12", "Діяльність туристичних операторів", "Tour operator activities"],
  ["81.21", "Загальне прибирання будинків", "General cleaning of buildings"],
  ["81.22", "Інша діяльність із прибирання будинків і промислових об'єктів", "Other building and industrial cleaning activities"],
  ["81.30", "Надання ландшафтних послуг", "Landscape service activities"],
  ["82.19", "Фотокопіювання, підготування документів та інша спеціалізована допоміжна офісна діяльність", "Photocopying, document preparation and other specialised office support activities"],
  ["82.30", "Організування конгресів і торговельних виставок", "Organisation of conventions and trade shows"],
  // O — public administration
  ["84.11", "Державне управління загального характеру", "General public administration activities"],
  // P — education
  ["85.10", "Дошкільна освіта", "Pre-primary education"],
  ["85.51", "Освіта у сфері спорту та відпочинку", "Sports and recreation education"],
  ["85.52", "Освіта у сфері культури", "Cultural education"],
  ["85.59", "Інші види освіти, н. в. і. у.", "Other education n.e.c."],
  // Q — health and social work
  ["86.21", "Загальна медична практика", "General medical practice activities"],
  ["86.23", "Стоматологічна практика", "Dental practice activities"],
  ["86.90", "Інша діяльність у сфері охорони здоров'я", "Other human health activities"],
  ["88.10", "Надання соціальної допомоги без забезпечення проживання для осіб похилого віку та інвалідів", "Social work activities without accommodation for the elderly and disabled"],
  ["88.91", "Денний догляд за дітьми", "Child day-care activities"],
  // R — arts, entertainment and recreation
  ["90.01", "Театральна та концертна діяльність", "Performing arts"],
  ["90.03", "Індивідуальна мистецька діяльність", "Artistic creation"],
  ["92.00", "Організування азартних ігор", "Gambling and betting activities"],
  ["93.11", "Функціювання спортивних споруд", "Operation of sports facilities"],
  ["93.13", "Діяльність фітнес-центрів", "Fitness facilities"],
  ["93.29", "Організування інших видів відпочинку та розваг", "Other amusement and recreation activities"],
  // S — other services
  ["95.11", "Ремонт комп'ютерів і периферійного устатковання", "Repair of computers and peripheral equipment"],
  ["95.12", "Ремонт обладнання зв'язку", "Repair of communication equipment"],
  ["95.21", "Ремонт електронної апаратури побутового призначення для приймання, записування, відтворення звуку й зображення", "Repair of consumer electronics"],
  ["95.22", "Ремонт побутових приладів, домашнього та садового обладнання", "Repair of household appliances and home and garden equipment"],
  ["95.23", "Ремонт взуття та шкіряних виробів", "Repair of footwear and leather goods"],
  ["95.24", "Ремонт меблів і домашнього начиння", "Repair of furniture and home furnishings"],
  ["95.25", "Ремонт годинників і ювелірних виробів", "Repair of watches, clocks and jewellery"],
  ["95.29", "Ремонт інших побутових виробів і предметів особистого вжитку", "Repair of other personal and household goods"],
  ["96.01", "Прання та хімічне чищення текстильних і хутряних виробів", "Washing and (dry-)cleaning of textile and fur products"],
  ["96.02", "Надання послуг перукарнями та салонами краси", "Hairdressing and other beauty treatment"],
  ["96.03", "Організування поховань і надання суміжних послуг", "Funeral and related activities"],
  ["96.04", "Діяльність із забезпечення фізичного комфорту", "Physical well-being activities"],
  ["96.09", "Надання інших індивідуальних послуг, н. в. і. у.", "Other personal service activities n.e.c."],
  // T — households as employers
  ["97.00", "Діяльність домашніх господарств як роботодавців для домашнього персоналу", "Activities of households as employers of domestic personnel"],
  // U — extraterritorial organisations
  ["99.00", "Діяльність екстериторіальних організацій і органів", "Activities of extraterritorial organisations and bodies"],
];

function sectionDefinitionOf(code: string): SectionDefinition | null {
  const division = /^(\d{2})/.exec(code.trim());
  if (!division) return null;
  const divisionNumber = Number(division[1]);
  return (
    sectionDefinitions.find(
      (section) => divisionNumber >= section.firstDivision && divisionNumber <= section.lastDivision,
    ) ?? null
  );
}

/**
 * The section of a division, group or class code ("47", "47.1", "47.11"), found from its
 * two-digit division; null for a code outside KVED-2010's divisions (e.g. "04", "34").
 */
export function kvedSectionOf(code: string): KvedSection | null {
  const definition = sectionDefinitionOf(code);
  if (!definition) return null;
  return kvedSections.find((section) => section.code === definition.code) ?? null;
}

/** Curated KVED-2010 classes in code order, each with its section. */
export const kvedClasses: KvedClass[] = classTitles.map(([code, nameUk, nameEn]) => {
  const section = sectionDefinitionOf(code);
  if (!section) throw new Error(`KVED class ${code} lies outside every section`);
  return { code, section: section.code, nameUk, nameEn };
});

const classesByCode = new Map(kvedClasses.map((kvedClass) => [kvedClass.code, kvedClass]));

/** Accepts "14.13", " 14.13 ", "14,13" and "1413" (codes as typed or exported by registries). */
function normaliseClassCode(code: string): string {
  const compact = code.trim().replace(",", ".");
  return /^\d{4}$/.test(compact) ? `${compact.slice(0, 2)}.${compact.slice(2)}` : compact;
}

export function findKvedClass(code: string): KvedClass | null {
  return classesByCode.get(normaliseClassCode(code)) ?? null;
}

// Ukrainian text writes the apostrophe as ' ’ ʼ ‘ ` or ′; people often leave it out altogether,
// so it is removed on both sides of a comparison ("мясо" and "м’ясо" both find "м'ясо").
const apostrophes = /['’ʼ‘`′]/g;

function normaliseSearchText(text: string): string {
  return text.toLocaleLowerCase("uk").replace(apostrophes, "").replace(/\s+/g, " ").trim();
}

const codePrefixPattern = /^\d{1,2}([.,]\d{0,2})?$/;

// Titles are inflected ("меблі" → "меблями", "м'ясо" → "м'яса"): a word of four letters or more
// is matched without its last vowel or soft sign (Ukrainian) or plural "s" (English).
function stemOf(word: string): string {
  if (word.length < 4) return word;
  return word.replace(/[аеєиіїоуюяьй]$/u, "").replace(/(?<=[a-z]{3})s$/, "");
}

type SearchableClass = { kvedClass: KvedClass; uk: string; en: string };

const searchableClasses: SearchableClass[] = kvedClasses.map((kvedClass) => ({
  kvedClass,
  uk: normaliseSearchText(kvedClass.nameUk),
  en: normaliseSearchText(kvedClass.nameEn),
}));

function wordStarts(name: string, word: string): boolean {
  return name.startsWith(word) || name.includes(` ${word}`) || name.includes(`(${word}`);
}

/** Lower rank = better match; null = no match. */
function textMatchRank(name: string, otherName: string, phrase: string, words: string[]): number | null {
  if (words.every((word) => name.includes(word))) {
    if (name.startsWith(phrase)) return 1;
    if (words.every((word) => wordStarts(name, word))) return 2;
    return 3;
  }
  const combined = `${name} ${otherName}`;
  return words.every((word) => combined.includes(word)) ? 4 : null;
}

/**
 * Finds classes by code prefix ("47", "47.1") or by words of their title in either language
 * (case-insensitive, apostrophes ignored, word endings loosened, every word must occur). Ranking: code-prefix matches,
 * then titles in `locale` that start with the query, then titles whose words start with the
 * query words, then other matches in `locale`, then matches found only through the other
 * language's title; ties in code order.
 */
export function searchKved(query: string, locale: "uk" | "en", limit = 20): KvedClass[] {
  const phrase = normaliseSearchText(query);
  if (phrase === "" || limit <= 0) return [];

  if (codePrefixPattern.test(phrase)) {
    const prefix = phrase.replace(",", ".");
    return kvedClasses.filter((kvedClass) => kvedClass.code.startsWith(prefix)).slice(0, limit);
  }

  const words = phrase.split(" ").map(stemOf);
  const ranked: Array<{ kvedClass: KvedClass; rank: number }> = [];
  for (const candidate of searchableClasses) {
    const [name, otherName] =
      locale === "uk" ? [candidate.uk, candidate.en] : [candidate.en, candidate.uk];
    const rank = textMatchRank(name, otherName, phrase, words);
    if (rank !== null) ranked.push({ kvedClass: candidate.kvedClass, rank });
  }
  return ranked
    .sort((a, b) => a.rank - b.rank || a.kvedClass.code.localeCompare(b.kvedClass.code))
    .slice(0, limit)
    .map(({ kvedClass }) => kvedClass);
}

/**
 * Default sector exclusion list for a new programme — the list seen in grant calls
 * (domain.md §4): weapons, alcohol, tobacco, gambling, pharmaceuticals, luxury goods
 * (jewellery), pesticides. Production and trade of each are excluded; an admin edits the list
 * per programme (entries may also be whole divisions, e.g. "12").
 */
export const defaultExcludedKved: string[] = [
  "25.40", // weapons and ammunition
  "11.01", "11.02", "11.03", "11.04", "11.05", // alcoholic beverages: spirits, wine, cider, other fermented, beer
  "46.34", "47.25", // beverage trade (wholesale, retail): the classes that cover alcohol sales
  "01.15", "12.00", "46.35", "47.26", // tobacco: growing, manufacture, wholesale, retail
  "92.00", // gambling and betting
  "21.10", "21.20", "46.46", "47.73", // pharmaceuticals: manufacture, wholesale, pharmacies
  "32.12", "46.48", "47.77", // luxury goods: jewellery manufacture, wholesale and retail
  "20.20", // pesticides and other agrochemicals
];
