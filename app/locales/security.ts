// Strings of the security log page (/admin/security), merged into uk.ts and en.ts.
const uk = {
  title: "Журнал безпеки",
  intro:
    "Невдалі та заблоковані входи, відмови в доступі (403) і відхилені запити: форми з інших сайтів, завеликі запити, запити не у формі. Записи зберігаються {{days}} днів.",
  filters: "Фільтри журналу безпеки",
  event: "Подія",
  address: "Адреса клієнта",
  request: "Запит",
  detail: "Подробиці",
  anonymous: "не ввійшов",
  none: "Немає записів за цими фільтрами.",
  events: {
    login_failed: "Невдалий вхід",
    login_locked: "Вхід заблоковано лімітом",
    forbidden: "Відмова в доступі (403)",
    cross_origin: "Форма з іншого сайту",
    body_too_large: "Завеликий запит",
    unsupported_media_type: "Запит не у формі",
  },
};

const en: typeof uk = {
  title: "Security log",
  intro:
    "Failed and locked-out logins, refused access (403) and blocked requests: forms from other sites, oversized requests, requests that are not forms. Entries are kept for {{days}} days.",
  filters: "Security log filters",
  event: "Event",
  address: "Client address",
  request: "Request",
  detail: "Detail",
  anonymous: "not signed in",
  none: "No entries match these filters.",
  events: {
    login_failed: "Failed login",
    login_locked: "Login refused by the limit",
    forbidden: "Access refused (403)",
    cross_origin: "Form from another site",
    body_too_large: "Request too large",
    unsupported_media_type: "Request that is not a form",
  },
};

export const securityMessages = { uk, en };
