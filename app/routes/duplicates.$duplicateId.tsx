import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, PageHeader } from "~/components/forms";
import { PersonSummary } from "~/components/person-summary";
import { requireUser } from "~/lib/auth.server";
import { idParam, notFound } from "~/lib/not-found.server";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/request-body.server";
import { duplicateDecisionSchema } from "~/modules/intake/schema";
import { dismissDuplicate, DuplicateDecidedError, loadDuplicatePair, mergeDuplicate } from "~/modules/intake/duplicates.server";


function pairFrom(params: { duplicateId?: string }) {
  const pair = loadDuplicatePair(idParam(params.duplicateId));
  if (!pair) notFound();
  return pair;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "reviewDuplicates" });
  return { pair: pairFrom(params) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "reviewDuplicates" });
  const pair = pairFrom(params);
  const decision = duplicateDecisionSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!decision.success) return Response.json({ formErrors: ["errors.required"] }, { status: 400 });
  try {
    if (decision.data.intent === "merge") {
      mergeDuplicate(user, pair.id);
      const survivorCase = pair.existing.cases[0];
      return redirect(survivorCase ? `/cases/${survivorCase.id}` : "/duplicates");
    }
    dismissDuplicate(user, pair.id);
    return redirect("/duplicates");
  } catch (error) {
    if (!(error instanceof DuplicateDecidedError)) throw error;
    return Response.json({ formErrors: ["errors.duplicateDecided"] }, { status: 409 });
  }
}

export default function DuplicatePairPage() {
  const { t } = useTranslation();
  const { pair } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader title={t("duplicates.compareTitle")}>
        <p className="lead">{pair.reasons.map((reason) => t(`duplicates.reasons.${reason}`)).join(", ")}</p>
      </PageHeader>
      <FormErrors errors={actionData?.formErrors} />
      {pair.status !== "pending" ? <p className="notice">{t(`duplicates.decided.${pair.status}`)}</p> : null}
      <div className="grid-2">
        <PersonSummary heading={t("duplicates.newRecord")} person={pair.newer} />
        <PersonSummary heading={t("duplicates.existingRecord")} person={pair.existing} />
      </div>
      {pair.status === "pending" ? (
        <Form method="post" className="form-actions">
          <button type="submit" name="intent" value="merge" className="button-primary">
            {t("duplicates.merge")}
          </button>
          <button type="submit" name="intent" value="dismiss" className="button-secondary">
            {t("duplicates.dismiss")}
          </button>
          <Link to="/duplicates">{t("forms.backToList")}</Link>
        </Form>
      ) : null}
      <p className="field-hint">{t("duplicates.mergeHint")}</p>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "duplicates.title");
