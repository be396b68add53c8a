import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "~/lib/forms.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FileField, FormErrors, PageHeader, spreadsheetAccept } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { formatDateTime, formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { SpreadsheetError } from "~/lib/spreadsheet.server";
import type { AdminLevel } from "~/modules/locations/cod-ab";
import {
  adminUnitsOverview,
  importCodAbFile,
  type ImportProblem,
  type LevelCounts,
} from "~/modules/locations/locations.server";
import { codAbUploadSchema, spreadsheetErrorKeys } from "~/modules/locations/schema";
import { maxCodAbUploadBytes } from "~/lib/upload-limits";
import { readUploadForm, uploadedFile, UploadRefused, type UploadRefusal } from "~/lib/uploads.server";

const levels: AdminLevel[] = [1, 2, 3, 4];
// A file of garbage can reject every one of ~30,000 rows; the page lists the first ones.
const shownProblems = 1000;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "importLocations" });
  return adminUnitsOverview();
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireUser(request, { permission: "importLocations" });
  let formData: FormData;
  try {
    // The whole file in memory: the XLSX reader needs all of it.
    formData = await readUploadForm(request, maxCodAbUploadBytes);
  } catch (error) {
    if (error instanceof UploadRefused) return refused(uploadRefusalKeys[error.reason], [], error.status);
    throw error;
  }
  const submission = parseWithZod(formData, { schema: codAbUploadSchema });
  if (submission.status !== "success") {
    return Response.json({ result: submission.reply(), imported: null, ...problemList([]) }, { status: 400 });
  }
  const { file, includeSettlements } = submission.value;
  try {
    const outcome = await importCodAbFile(actor, await uploadedFile(file), { includeSettlements });
    if (outcome.status === "no_units") return refused("locations.errors.noUnits", outcome.problems);
    const { withoutParent: _reported, ...imported } = outcome.summary;
    return { result: submission.reply({ resetForm: true }), imported, ...problemList(outcome.problems) };
  } catch (error) {
    if (error instanceof SpreadsheetError) return refused(spreadsheetErrorKeys[error.code]);
    throw error;
  }
}

// Not multipart at all, or a broken body: the page asks for the file again.
const uploadRefusalKeys: Record<UploadRefusal, string> = {
  too_large: "locations.errors.fileTooLarge",
  not_multipart: "locations.errors.fileRequired",
  malformed: "locations.errors.fileRequired",
};

function refused(fileError: string, problems: ImportProblem[] = [], status = 400) {
  const result: SubmissionResult<string[]> = { status: "error", error: { file: [fileError] } };
  return Response.json({ result, imported: null, ...problemList(problems) }, { status });
}

function problemList(problems: ImportProblem[]) {
  return { problems: problems.slice(0, shownProblems), problemCount: problems.length };
}

export default function AdminLocationsPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { unitsByLevel, lastImport } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const importing = navigation.state === "submitting";
  // Validated on the server only: the page's bundle stays free of zod.
  const [form, fields] = useForm({ lastResult: actionData?.result });
  const settlementsHintId = `${fields.includeSettlements.id}-hint`;
  const settlementsProps = getInputProps(fields.includeSettlements, {
    type: "checkbox",
    ariaDescribedBy: settlementsHintId,
  });
  const totalUnits = levels.reduce((sum, level) => sum + unitsByLevel[level], 0);
  return (
    <>
      <PageHeader title={t("locations.title")}>
        <p>{t("locations.intro")}</p>
      </PageHeader>

      <section aria-labelledby="loaded-title" className="stack">
        <h2 id="loaded-title">{t("locations.loadedTitle")}</h2>
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("locations.level")}</th>
                <th scope="col">{t("locations.units")}</th>
              </tr>
            </thead>
            <tbody>
              {levels.map((level) => (
                <tr key={level}>
                  <th scope="row">{t(`locations.levels.${level}`)}</th>
                  <td>{formatNumber(unitsByLevel[level], locale)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t("locations.total")}</th>
                <td>{formatNumber(totalUnits, locale)}</td>
              </tr>
            </tbody>
          </table>
        </div>
        <p>
          {lastImport
            ? t("locations.lastImport", {
                at: formatDateTime(lastImport.at, locale),
                user: lastImport.userName ?? t("locations.unknownUser"),
                file: lastImport.summary?.fileName ?? "—",
              })
            : t("locations.neverImported")}
        </p>
      </section>

      {actionData?.imported ? <ImportResult counts={actionData.imported.byLevel} /> : null}
      {actionData && actionData.problemCount > 0 ? (
        <RejectedRows
          problems={actionData.problems}
          problemCount={actionData.problemCount}
          imported={Boolean(actionData.imported)}
        />
      ) : null}

      <section aria-labelledby="import-title" className="narrow">
        <h2 id="import-title">{t("locations.importTitle")}</h2>
        <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack">
          <FormErrors id={form.errorId} errors={form.errors} />
          <FileField
            label={t("locations.fileLabel")}
            hint={t("locations.fileHint")}
            field={fields.file}
            accept={spreadsheetAccept}
            maxBytes={maxCodAbUploadBytes}
            tooLargeError="locations.errors.fileTooLarge"
          />
          <div className="field field-checkbox">
            <input {...settlementsProps} key={settlementsProps.key} />
            <label htmlFor={fields.includeSettlements.id}>{t("locations.includeSettlements")}</label>
            <p id={settlementsHintId} className="field-hint">
              {t("locations.includeSettlementsHint")}
            </p>
          </div>
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={importing}>
              {importing ? t("locations.importing") : t("locations.importButton")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}

function ImportResult({ counts }: { counts: Record<AdminLevel, LevelCounts> }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const outcomes = ["added", "updated", "unchanged"] as const;
  return (
    <section aria-labelledby="result-title" className="stack" role="status">
      <h2 id="result-title">{t("locations.resultTitle")}</h2>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("locations.level")}</th>
              {outcomes.map((outcome) => (
                <th key={outcome} scope="col">
                  {t(`locations.${outcome}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {levels.map((level) => (
              <tr key={level}>
                <th scope="row">{t(`locations.levels.${level}`)}</th>
                {outcomes.map((outcome) => (
                  <td key={outcome}>{formatNumber(counts[level][outcome], locale)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RejectedRows({
  problems,
  problemCount,
  imported,
}: {
  problems: ImportProblem[];
  problemCount: number;
  imported: boolean;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <section aria-labelledby="rejected-title" className="stack">
      <h2 id="rejected-title">{t("locations.rejectedTitle", { count: problemCount })}</h2>
      {imported || problemCount > problems.length ? (
        <p>
          {imported ? `${t("locations.rejectedHint")} ` : null}
          {problemCount > problems.length
            ? t("locations.rejectedShown", { shown: formatNumber(problems.length, locale) })
            : null}
        </p>
      ) : null}
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("locations.sheet")}</th>
              <th scope="col">{t("locations.row")}</th>
              <th scope="col">{t("locations.reason")}</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((problem, index) => (
              <tr key={`${problem.sheet}-${problem.row}-${index}`}>
                <td>{problem.sheet}</td>
                <td>{problem.row > 0 ? problem.row : t("locations.wholeSheet")}</td>
                <td>{problem.message ? t(problem.message.key, problem.message.values) : problem.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "locations.title");
