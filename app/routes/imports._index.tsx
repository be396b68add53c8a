import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "~/lib/forms.server";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FileField, FormErrors, PageHeader, spreadsheetAccept } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { formatDateTime, formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { readSpreadsheet, SpreadsheetError } from "~/lib/spreadsheet.server";
import { listImports } from "~/modules/imports/kobo-import.server";
import { koboUploadSchema } from "~/modules/imports/schema";
import { maxKoboUploadBytes } from "~/lib/upload-limits";
import { readUploadForm, uploadedFile, UploadRefused, type UploadRefusal } from "~/lib/uploads.server";
import { saveUpload } from "~/modules/imports/uploads.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "importData" });
  return { imports: listImports() };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireUser(request, { permission: "importData" });
  let formData: FormData;
  try {
    // The whole file in memory: the XLSX reader needs all of it.
    formData = await readUploadForm(request, maxKoboUploadBytes);
  } catch (error) {
    if (error instanceof UploadRefused) return refused(uploadRefusalKeys[error.reason], error.status);
    throw error;
  }
  const submission = parseWithZod(formData, { schema: koboUploadSchema });
  if (submission.status !== "success") {
    return Response.json({ result: submission.reply() }, { status: 400 });
  }
  const file = await uploadedFile(submission.value.file);
  try {
    // Read once now, so a file that cannot be used is refused here, next to the file field.
    await readSpreadsheet(file);
  } catch (error) {
    if (error instanceof SpreadsheetError) return refused(`imports.errors.spreadsheet.${error.code}`);
    throw error;
  }
  const uploadId = saveUpload(actor, file.name, file.bytes);
  return redirect(`/imports/uploads/${uploadId}`);
}

const uploadRefusalKeys: Record<UploadRefusal, string> = {
  too_large: "imports.errors.fileTooLarge",
  not_multipart: "imports.errors.notMultipart",
  malformed: "imports.errors.notMultipart",
};

function refused(fileError: string, status = 400) {
  const result: SubmissionResult<string[]> = { status: "error", error: { file: [fileError] } };
  return Response.json({ result }, { status });
}

export default function ImportsPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { imports } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const uploading = navigation.state === "submitting";
  // Validated on the server only: the page's bundle stays free of zod.
  const [form, fields] = useForm({ lastResult: actionData?.result });
  return (
    <>
      <PageHeader title={t("imports.title")}>
        <p className="lead">{t("imports.lead")}</p>
      </PageHeader>

      <section aria-labelledby="upload-title" className="narrow panel">
        <h2 id="upload-title">{t("imports.upload.title")}</h2>
        <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack">
          <FormErrors id={form.errorId} errors={form.errors} />
          <FileField
            label={t("imports.upload.file")}
            hint={t("imports.upload.hint")}
            field={fields.file}
            accept={spreadsheetAccept}
            maxBytes={maxKoboUploadBytes}
            tooLargeError="imports.errors.fileTooLarge"
          />
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={uploading}>
              {uploading ? t("imports.mapping.running") : t("imports.upload.submit")}
            </button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="past-title" className="stack">
        <h2 id="past-title">{t("imports.list.title")}</h2>
        {imports.length === 0 ? (
          <p className="empty">{t("imports.list.empty")}</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("imports.list.file")}</th>
                  <th scope="col">{t("imports.list.by")}</th>
                  <th scope="col">{t("imports.list.when")}</th>
                  <th scope="col">{t("imports.list.status")}</th>
                  <th scope="col" className="numeric">{t("imports.list.rows")}</th>
                  <th scope="col" className="numeric">{t("imports.list.created")}</th>
                  <th scope="col" className="numeric">{t("imports.list.incomplete")}</th>
                  <th scope="col" className="numeric">{t("imports.list.duplicates")}</th>
                  <th scope="col" className="numeric">{t("imports.list.alreadyImported")}</th>
                  <th scope="col" className="numeric">{t("imports.list.invalid")}</th>
                </tr>
              </thead>
              <tbody>
                {imports.map((record) => (
                  <tr key={record.id}>
                    <td>
                      <Link to={`/imports/${record.id}`}>{record.fileName}</Link>
                    </td>
                    <td>{record.createdByName ?? "—"}</td>
                    <td>{formatDateTime(record.createdAt, locale)}</td>
                    <td>
                      <StatusBadge status={record.status} />
                    </td>
                    <td className="numeric">{formatNumber(record.totalRows, locale)}</td>
                    <td className="numeric">{record.summary ? formatNumber(record.summary.created, locale) : "—"}</td>
                    <td className="numeric">{record.summary ? formatNumber(record.summary.incomplete, locale) : "—"}</td>
                    <td className="numeric">{record.summary ? formatNumber(record.summary.duplicates, locale) : "—"}</td>
                    <td className="numeric">{record.summary ? formatNumber(record.summary.alreadyImported, locale) : "—"}</td>
                    <td className="numeric">{record.summary ? formatNumber(record.summary.invalid, locale) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function StatusBadge({ status }: { status: "running" | "finished" | "failed" }) {
  const { t } = useTranslation();
  const tone = status === "finished" ? "badge-success" : status === "failed" ? "badge-danger" : "badge-warning";
  return <span className={`badge ${tone}`}>{t(`imports.status.${status}`)}</span>;
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "imports.title");
