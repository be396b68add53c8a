// Shared helpers for integration tests: organisations, users, real sessions, requests, and a way
// to call a route's loader or action the way Remix does (returned or thrown Responses alike).
// Import only from test files: app modules open the per-file database copy on import.
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { count, eq, sql, type SQL } from "drizzle-orm";
import type { Role } from "../../db/schema";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema } from "~/lib/db.server";
import { startSession } from "~/lib/session.server";
import { createUser } from "~/modules/accounts/accounts.server";
import { createOrganisation } from "~/modules/admin/organisations.server";
import { createProgramme } from "~/modules/admin/programmes.server";
import type { ProgrammeInput } from "~/modules/admin/schema";

export const testPassword = "correct horse battery staple";

// An implementing agency and two partner NGOs. `label` keeps names unique if called twice.
export function createTestOrganisations(label = "") {
  const agency = createOrganisation(null, {
    name: `Test Agency${label}`,
    nameUk: `Тестова агенція${label}`,
    kind: "agency",
    active: true,
    oblastPcodes: [],
  });
  const partnerA = createOrganisation(null, {
    name: `Partner NGO A${label}`,
    nameUk: `Партнерська ГО А${label}`,
    kind: "partner",
    active: true,
    oblastPcodes: ["UA46"],
  });
  const partnerB = createOrganisation(null, {
    name: `Partner NGO B${label}`,
    nameUk: `Партнерська ГО Б${label}`,
    kind: "partner",
    active: true,
    oblastPcodes: ["UA63"],
  });
  return { agency, partnerA, partnerB };
}

export type TestUser = CurrentUser & { password: string };

let userCounter = 0;

// A user ready to sign in (no forced password change unless asked). argon2 makes this ~70 ms:
// create users once per file, in beforeAll.
export async function createTestUser(
  role: Role,
  options: {
    organisationId: number;
    email?: string;
    password?: string;
    name?: string;
    mustChangePassword?: boolean;
    active?: boolean;
  },
): Promise<TestUser> {
  userCounter += 1;
  const password = options.password ?? testPassword;
  const created = await createUser(null, {
    email: options.email ?? `${role}-${userCounter}-${process.pid}@test.example`,
    name: options.name ?? `Test ${role} ${userCounter}`,
    role,
    organisationId: options.organisationId,
    password,
    mustChangePassword: options.mustChangePassword ?? false,
  });
  if (role === "officer") {
    for (const { id } of db.select({ id: schema.programmes.id }).from(schema.programmes).all()) {
      db.insert(schema.programmeMembers).values({ programmeId: id, userId: created.id }).run();
    }
  }
  let row = created;
  if (options.active === false) {
    row = db.update(schema.users).set({ active: false }).where(eq(schema.users.id, created.id)).returning().get();
  }
  const { passwordHash: _hidden, ...user } = row;
  return { ...user, password };
}

// The `Cookie` request header for a fresh, real session of this user.
export async function sessionCookieFor(userId: number): Promise<string> {
  const response = await startSession(userId, "/");
  const cookie = cookieFrom(response, "lt_session");
  if (!cookie) throw new Error("startSession set no lt_session cookie");
  return cookie;
}

// "name=value" of a Set-Cookie header of the response, or null when that cookie is not set.
export function cookieFrom(response: Response, name: string): string | null {
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(";")[0].trim();
    if (pair.startsWith(`${name}=`)) return pair;
  }
  return null;
}

// Joins several cookies ("a=1", "b=2", null) into one Cookie header value.
export function cookies(...pairs: (string | null | undefined)[]): string {
  return pairs.filter(Boolean).join("; ");
}

export type RequestOptions = {
  method?: string;
  form?: Record<string, string | string[]>;
  cookie?: string;
  headers?: Record<string, string>;
};

export function request(path: string, options: RequestOptions = {}): Request {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("Cookie", options.cookie);
  let body: string | undefined;
  if (options.form) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(options.form)) {
      for (const item of Array.isArray(value) ? value : [value]) params.append(name, item);
    }
    body = params.toString();
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  }
  const method = options.method ?? (options.form ? "POST" : "GET");
  return new Request(new URL(path, "http://localhost"), { method, headers, body });
}

type RouteFunction = (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown;

// Calls a loader or action; a thrown Response (redirect, 403, 404) is returned like a returned
// one, and plain data is wrapped as a 200 JSON response, as Remix would send it.
export async function callRoute(
  fn: RouteFunction,
  req: Request,
  params: Record<string, string> = {},
  // What scripts/server.js passes, e.g. { clientAddress: "203.0.113.5" }.
  context: AppLoadContext = {},
): Promise<Response> {
  let value: unknown;
  try {
    value = await fn({ request: req, params, context });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  if (value instanceof Response) return value;
  return Response.json(value ?? null, { status: 200 });
}

export async function readJson<T = JsonObject>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

export type JsonObject = Record<string, unknown>;

// What conform's submission.reply() sends back: form errors sit under the "" key.
export type Reply = {
  status?: "error" | "success";
  error?: Record<string, string[] | null>;
  initialValue?: Record<string, unknown> | null;
};

export function formErrors(reply: Reply): string[] {
  return reply.error?.[""] ?? [];
}

export function fieldErrors(reply: Reply, field: string): string[] {
  return reply.error?.[field] ?? [];
}

// Row counts, to show an action stored nothing.
export function countRows(table: Parameters<ReturnType<typeof db.select>["from"]>[0], where?: SQL): number {
  return db.select({ n: count() }).from(table).where(where).get()?.n ?? 0;
}

export function auditCount(where?: SQL): number {
  return countRows(schema.auditLog, where);
}

let programmeCounter = 0;

export function programmeInput(overrides: Partial<ProgrammeInput> = {}): ProgrammeInput {
  programmeCounter += 1;
  return {
    code: `TEST-${programmeCounter}`,
    name: `Test programme ${programmeCounter}`,
    nameUk: `Тестова програма ${programmeCounter}`,
    donor: "Test donor",
    currency: "UAH",
    grantCeilingMinor: 20_000_000,
    budgetEnvelopeMinor: 1_000_000_000,
    followUpOffsetsMonths: [3, 6, 12],
    minReviewers: 2,
    trainingRequired: true,
    smallCellThreshold: 5,
    startDate: "2024-01-01",
    active: true,
    ...overrides,
  };
}

// Officers see the cases of their programmes only (domain.md §1). Test officers work on every
// programme: a programme takes in the officers that exist, and an officer joins the programmes
// that exist. Tests of the programme rule remove a membership explicitly.
export function createTestProgramme(overrides: Partial<ProgrammeInput> = {}) {
  const programme = createProgramme(null, programmeInput(overrides));
  db.insert(schema.programmeMembers)
    .select(db.select({ programmeId: sql<number>`${programme.id}`.as("programme_id"), userId: schema.users.id, createdAt: sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ','now')`.as("created_at") }).from(schema.users).where(eq(schema.users.role, "officer")))
    .run();
  return programme;
}

let caseCounter = 0;

// A person with one case, inserted directly (intake comes later); assignment fields as given.
export function insertTestCase(options: {
  programmeId: number;
  mentorId?: number | null;
  partnerOrganisationId?: number | null;
  stage?: (typeof schema.cases.$inferInsert)["stage"];
  status?: (typeof schema.cases.$inferInsert)["status"];
  surname?: string;
  firstName?: string;
}) {
  caseCounter += 1;
  const person = db
    .insert(schema.persons)
    .values({
      surname: options.surname ?? `Surname${caseCounter}`,
      firstName: options.firstName ?? `First${caseCounter}`,
      sex: caseCounter % 2 ? "female" : "male",
      birthDate: "1985-04-12",
    })
    .returning()
    .get();
  const kase = db
    .insert(schema.cases)
    .values({
      caseCode: `T-${String(caseCounter).padStart(5, "0")}`,
      personId: person.id,
      programmeId: options.programmeId,
      mentorId: options.mentorId ?? null,
      partnerOrganisationId: options.partnerOrganisationId ?? null,
      stage: options.stage,
      status: options.status,
      applicationDate: "2024-03-01",
    })
    .returning()
    .get();
  return { person, case: kase };
}
