// Creates an account from the command line, e.g. the first admin of a new installation:
//   npm run user:create -- --email admin@agency.org --name "Full Name" --role admin --organisation "Agency name"
// The organisation is created as the implementing agency if none by that name exists.
// Prints a one-time password that must be changed at first login.
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { roles, type Role } from "../db/schema";
import { db, schema } from "~/lib/db.server";
import { generateOneTimePassword } from "~/lib/one-time-password.server";
import { createUser } from "~/modules/accounts/accounts.server";
import { createOrganisation } from "~/modules/admin/organisations.server";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    name: { type: "string" },
    role: { type: "string", default: "admin" },
    organisation: { type: "string" },
  },
});

if (!values.email || !values.name || !values.organisation || !roles.includes(values.role as Role)) {
  console.error(
    'Usage: npm run user:create -- --email <email> --name "<full name>" --organisation "<organisation>" [--role admin|officer|reviewer|mentor|evaluator]',
  );
  process.exit(2);
}

const organisation =
  db.select().from(schema.organisations).where(eq(schema.organisations.name, values.organisation)).get() ??
  createOrganisation(null, { name: values.organisation, nameUk: values.organisation, kind: "agency", active: true, oblastPcodes: [] });

const password = generateOneTimePassword();
const user = await createUser(null, {
  email: values.email,
  name: values.name,
  role: values.role as Role,
  organisationId: organisation.id,
  password,
  mustChangePassword: true,
});
console.log(`Created ${user.role} ${user.email} in "${organisation.name}".`);
console.log(`One-time password (change it at first login): ${password}`);
