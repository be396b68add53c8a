// The follow-up visit form (domain.md §10) for a 360 px phone on a poor connection: a plain HTML
// form that posts and works without JavaScript (the server validates and answers with every
// error next to its field, keeping what was typed); with JavaScript it submits without a page
// load. No form library: the page stays small. The idempotency key was made when the form was
// opened, so a double tap or a retry stores one visit.
import type { SerializeFrom } from "@remix-run/node";
import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { displacementStatuses, equipmentStatuses, mentoringTopics, operatingStatuses, residenceStatuses, sexes, visitModes, visitProblems, workerRoles } from "../../db/enums";
import { ErrorSummary } from "~/components/error-summary";
import { PlacePicker } from "~/components/place-picker";
import { formatDate } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { minorToInput } from "~/lib/money";
import { placeName } from "~/lib/places";
import { maxVisitPhotoBytes, maxVisitPhotos } from "~/modules/followup/photo-limits";
import type { RosterWorker } from "~/modules/followup/roster";
import type { VisitReply } from "~/modules/followup/visit-submission.server";
import type { visitForm } from "~/modules/followup/visits.server";

type VisitFormData = SerializeFrom<typeof visitForm>;
type Values = Record<string, string | string[]>;

// Conform's reply keeps the posted values nested (w[0].hoursPerWeek → { w: [{ hoursPerWeek }] }).
function flatten(value: unknown, prefix: string, into: Values): Values {
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) into[prefix] = value as string[];
  else if (Array.isArray(value)) value.forEach((item, index) => flatten(item, `${prefix}[${index}]`, into));
  else if (value && typeof value === "object") for (const [key, item] of Object.entries(value)) flatten(item, prefix ? `${prefix}.${key}` : key, into);
  else if (typeof value === "string") into[prefix] = value;
  return into;
}

const text = (value: number | null | undefined) => (value === null || value === undefined ? "" : String(value));
const yesNo = (value: boolean | null) => (value === null ? "" : value ? "yes" : "no");

// What the form shows before anything was posted: the stored visit (a correction) or the roster
// as it stands, with today's date.
function initialValues(data: VisitFormData): Values {
  const stored = data.stored;
  const values: Values = {
    visitDate: stored?.visitDate ?? data.today,
    mode: stored?.mode ?? "in_person",
    operatingStatus: stored?.operatingStatus ?? "",
    closureDate: stored?.closureDate ?? "",
    closureReason: stored?.closureReason ?? "",
    monthlyRevenue: stored?.monthlyRevenueMinor == null ? "" : minorToInput(stored.monthlyRevenueMinor),
    monthlyNetIncome: stored?.monthlyNetIncomeMinor == null ? "" : minorToInput(stored.monthlyNetIncomeMinor),
    residence: stored?.residence ?? "",
    newHromadaPcode: stored?.newHromadaPcode ?? "",
    problems: stored?.problems ?? [],
    mentoringGiven: stored?.mentoringGiven ?? [],
    notes: stored?.notes ?? "",
    trancheRequirementId: text(stored?.trancheRequirementId),
  };
  if (stored?.closureDate || stored?.operatingStatus === "closed") values.closureConfirmed = "on";
  activeWorkers(data).forEach(({ before, recorded }, index) => {
    const now = recorded ?? before;
    values[`w[${index}].status`] = recorded?.endDate && !before.endDate ? "left" : "working";
    values[`w[${index}].endDate`] = recorded?.endDate ?? "";
    values[`w[${index}].hoursPerWeek`] = text(now.hoursPerWeek);
    values[`w[${index}].role`] = now.role ?? "";
    values[`w[${index}].paid`] = yesNo(now.paid);
    values[`w[${index}].monthsPerYear`] = text(now.monthsPerYear);
  });
  data.joined.forEach((worker, index) => {
    values[`n[${index}].workerId`] = worker.workerId;
    values[`n[${index}].role`] = worker.role ?? "";
    values[`n[${index}].paid`] = yesNo(worker.paid);
    values[`n[${index}].hoursPerWeek`] = text(worker.hoursPerWeek);
    values[`n[${index}].sex`] = worker.sex ?? "";
    values[`n[${index}].displacementStatus`] = worker.displacementStatus ?? "";
    values[`n[${index}].startDate`] = worker.startDate ?? "";
    values[`n[${index}].monthsPerYear`] = text(worker.monthsPerYear);
  });
  data.equipment.forEach((item, index) => {
    values[`e[${index}].status`] = item.status ?? "";
  });
  return values;
}

// Workers still on the roster before this visit get a line; those who left earlier are listed.
const activeWorkers = (data: VisitFormData) => data.roster.filter(({ before }) => before.endDate === null);

export function VisitForm({ data, reply, mode }: { data: VisitFormData; reply: VisitReply | undefined; mode: "new" | "edit" }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const navigation = useNavigation();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const values: Values = reply ? flatten(reply.result.initialValue ?? {}, "", {}) : initialValues(data);
  const errors = (reply?.result.error ?? {}) as Record<string, string[] | null>;
  const value = (name: string) => {
    const found = values[name];
    return typeof found === "string" ? found : "";
  };
  const listValue = (name: string) => {
    const found = values[name];
    return Array.isArray(found) ? found : typeof found === "string" ? [found] : [];
  };
  const errorsOf = (...names: string[]) => names.flatMap((name) => errors[name] ?? []);
  const invalid = (name: string) => (errorsOf(name).length ? true : undefined);
  const Errors = ({ names, id }: { names: string[]; id?: string }) => {
    const messages = errorsOf(...names);
    return messages.length ? (
      <div className="field-errors" id={id} aria-live="polite">
        {messages.map((message) => (
          <p key={message} className="field-error">
            {t(message)}
          </p>
        ))}
      </div>
    ) : null;
  };
  const input = (name: string, label: string, options: { type?: string; hint?: string; inputMode?: "decimal" | "numeric"; autoComplete?: string } = {}) => (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {options.hint ? (
        <p className="field-hint" id={`${name}-hint`}>
          {options.hint}
        </p>
      ) : null}
      <input
        id={name}
        name={name}
        type={options.type ?? "text"}
        inputMode={options.inputMode}
        defaultValue={value(name)}
        aria-invalid={invalid(name)}
        aria-describedby={options.hint ? `${name}-hint` : undefined}
        autoComplete={options.autoComplete ?? "off"}
      />
      <Errors names={[name]} />
    </div>
  );
  const select = (name: string, label: string, choices: Array<[string, string]>, empty = t("followup.form.chooseStatus")) => (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value(name)} aria-invalid={invalid(name)}>
        <option value="">{empty}</option>
        {choices.map(([choice, choiceLabel]) => (
          <option key={choice} value={choice}>
            {choiceLabel}
          </option>
        ))}
      </select>
      <Errors names={[name]} />
    </div>
  );
  const radios = (name: string, legend: string, choices: Array<[string, string]>, options: { inline?: boolean; hideLegend?: boolean } = {}): ReactNode => (
    <fieldset className="choice-list" aria-invalid={invalid(name)}>
      <legend className={options.hideLegend ? "visually-hidden" : undefined}>{legend}</legend>
      <div className={options.inline ? "choice-row" : undefined}>
        {choices.map(([choice, choiceLabel]) => (
          <label key={choice} className="choice">
            <input type="radio" name={name} value={choice} defaultChecked={value(name) === choice} />
            {choiceLabel}
          </label>
        ))}
      </div>
      <Errors names={[name]} />
    </fieldset>
  );
  const checkboxes = (name: string, legend: string, choices: Array<[string, string]>) => (
    <fieldset className="form-section">
      <legend>{legend}</legend>
      <div className="checkbox-grid">
        {choices.map(([choice, choiceLabel]) => (
          <label key={choice} className="choice">
            <input type="checkbox" name={name} value={choice} defaultChecked={listValue(name).includes(choice)} />
            {choiceLabel}
          </label>
        ))}
      </div>
      <Errors names={[name]} />
    </fieldset>
  );

  const yesNoChoices: Array<[string, string]> = [
    ["yes", t("followup.form.yes")],
    ["no", t("followup.form.no")],
  ];
  const roleChoices = workerRoles.map((role): [string, string] => [role, t(`followup.roles.${role}`)]);
  const describeWorker = (worker: RosterWorker) =>
    [
      t("followup.form.workerLabel", { id: worker.workerId, role: t(`followup.roles.${worker.role ?? "unknown"}`) }),
      worker.sex ? t(`cases.sexes.${worker.sex}`) : null,
      worker.displacementStatus ? t(`cases.displacement.${worker.displacementStatus}`) : null,
      worker.startDate ? t("followup.form.since", { date: formatDate(worker.startDate, locale) }) : null,
    ]
      .filter(Boolean)
      .join(" · ");
  const active = activeWorkers(data);
  const leftEarlier = data.roster.filter(({ before }) => before.endDate !== null);
  const newSlots = Math.max(reply?.newWorkerSlots ?? 1, data.joined.length, 1);
  const storedRequirement = mode === "edit" && data.stored?.trancheRequirementId ? data.requirements.find((requirement) => requirement.id === data.stored?.trancheRequirementId) : undefined;
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") !== "add_worker";
  // A hromada found by name without JavaScript (hromadaChoice) wins over the picker's own select.
  const chosenHromada = value("hromadaChoice") || value("newHromadaPcode");
  const oblastByPcode = new Map(data.places.oblasts.map((oblast) => [oblast.pcode, oblast]));

  return (
    <Form method="post" encType="multipart/form-data" className="visit-form" id="visit-form" noValidate>
      <input type="hidden" name="idempotencyKey" value={data.idempotencyKey} />
      {data.planned ? <input type="hidden" name="plannedVisitId" value={data.planned.id} /> : null}
      {data.stored ? <input type="hidden" name="version" value={data.stored.version} /> : null}
      {/* The form's errors, then every field's, each a link to its field (checked on the server:
          no zod on this page). */}
      <ErrorSummary formId="visit-form" errors={errors} failed={Boolean(reply)} fieldId={(name) => name} />
      {reply?.photoErrors.length ? (
        <div role="alert" className="form-errors">
          {reply.photoErrors.map((message) => (
            <p key={message} className="field-error">
              {message}
            </p>
          ))}
        </div>
      ) : null}

      <fieldset className="form-section">
        <legend>{t("followup.form.visitSection")}</legend>
        {input("visitDate", t("followup.form.visitDate"), { type: "date" })}
        {radios("mode", t("followup.form.mode"), visitModes.map((mode) => [mode, t(`followup.modes.${mode}`)]), { inline: true })}
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("followup.form.statusSection")}</legend>
        {radios("operatingStatus", t("followup.form.statusSection"), operatingStatuses.map((status) => [status, t(`followup.operating.${status}`)]), { hideLegend: true })}
        <p className="field-hint">{t("followup.form.unreachableHint")}</p>
        <details open={value("operatingStatus") === "closed" || errorsOf("closureDate", "closureReason", "closureConfirmed").length > 0 || undefined}>
          <summary>{t("followup.form.closureSection")}</summary>
          <div className="stack">
            {input("closureDate", t("followup.form.closureDate"), { type: "date", hint: t("followup.form.closureDateHint") })}
            <div className="field">
              <label htmlFor="closureReason">{t("followup.form.closureReason")}</label>
              <textarea id="closureReason" name="closureReason" rows={2} defaultValue={value("closureReason")} aria-invalid={invalid("closureReason")} />
              <Errors names={["closureReason"]} />
            </div>
            <label className="choice">
              <input type="checkbox" name="closureConfirmed" defaultChecked={value("closureConfirmed") === "on"} />
              {t("followup.form.closureConfirmed")}
            </label>
            <Errors names={["closureConfirmed"]} />
          </div>
        </details>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("followup.form.rosterSection")}</legend>
        <p className="field-hint">{t("followup.form.rosterHint")}</p>
        <Errors names={["roster"]} />
        {active.map(({ before }, index) => {
          const name = (field: string) => `w[${index}].${field}`;
          return (
            <div key={before.workerId} className="worker" role="group" aria-label={describeWorker(before)}>
              <input type="hidden" name={name("workerId")} value={before.workerId} />
              <p className="worker-title">{describeWorker(before)}</p>
              {before.source === "migrated_from_counts" && before.role === null ? <p className="field-hint">{t("followup.form.migrated")}</p> : null}
              <Errors names={[`w[${index}]`]} />
              {radios(
                name("status"),
                t("followup.form.workerStatus"),
                [
                  ["working", t("followup.form.stillWorking")],
                  ["left", t("followup.form.left")],
                ],
                { inline: true },
              )}
              <div className="worker-fields">
                {input(name("endDate"), t("followup.form.lastDay"), { type: "date" })}
                {input(name("hoursPerWeek"), t("followup.form.hoursPerWeek"), { inputMode: "decimal" })}
              </div>
              <details open={before.role === null || errorsOf(name("role"), name("paid"), name("monthsPerYear")).length > 0 || undefined}>
                <summary>{t("followup.form.moreAboutWorker")}</summary>
                <div className="worker-fields">
                  {select(name("role"), t("followup.form.role"), roleChoices, t("followup.form.notKnown"))}
                  {select(name("paid"), t("followup.form.paid"), yesNoChoices, t("followup.form.notKnown"))}
                  {input(name("monthsPerYear"), t("followup.form.monthsPerYear"), { inputMode: "numeric" })}
                </div>
              </details>
            </div>
          );
        })}
        {leftEarlier.length ? (
          <ul className="plain-list muted">
            {leftEarlier.map(({ before }) => (
              <li key={before.workerId}>
                {describeWorker(before)} · {t("followup.form.leftOn", { date: formatDate(before.endDate, locale) })}
              </li>
            ))}
          </ul>
        ) : null}
        {Array.from({ length: newSlots }, (_, index) => {
          const name = (field: string) => `n[${index}].${field}`;
          return (
            <div key={`new-${index}`} className="worker" role="group" aria-label={`${t("followup.form.newWorker")} ${index + 1}`}>
              <p className="worker-title">
                {t("followup.form.newWorker")} {index + 1}
              </p>
              {value(name("workerId")) ? <input type="hidden" name={name("workerId")} value={value(name("workerId"))} /> : <p className="field-hint">{t("followup.form.newWorkerHint")}</p>}
              <Errors names={[`n[${index}]`]} />
              <div className="worker-fields">
                {select(name("role"), t("followup.form.role"), roleChoices)}
                {select(name("paid"), t("followup.form.paid"), yesNoChoices)}
                {input(name("hoursPerWeek"), t("followup.form.hoursPerWeek"), { inputMode: "decimal" })}
                {select(name("sex"), t("followup.form.sex"), sexes.map((sex) => [sex, t(`cases.sexes.${sex}`)]))}
                {select(name("displacementStatus"), t("followup.form.displacement"), displacementStatuses.map((status) => [status, t(`cases.displacement.${status}`)]), t("followup.form.notKnown"))}
                {input(name("startDate"), t("followup.form.startDate"), { type: "date" })}
                {input(name("monthsPerYear"), t("followup.form.monthsPerYear"), { inputMode: "numeric" })}
              </div>
            </div>
          );
        })}
        <button type="submit" name="intent" value="add_worker" className="button-secondary tap-target" formNoValidate>
          {t("followup.form.addWorker")}
        </button>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t("followup.form.incomeSection")}</legend>
        {input("monthlyRevenue", t("followup.form.monthlyRevenue"), { inputMode: "decimal" })}
        {input("monthlyNetIncome", t("followup.form.monthlyNetIncome"), { hint: t("followup.form.netIncomeHint") })}
      </fieldset>

      {data.equipment.length ? (
        <fieldset className="form-section">
          <legend>{t("followup.form.equipmentSection")}</legend>
          <Errors names={["equipment"]} />
          {data.equipment.map((item, index) => (
            <div key={item.id} className="item-line">
              <input type="hidden" name={`e[${index}].itemId`} value={item.id} />
              {select(
                `e[${index}].status`,
                [item.name, item.model, item.serialNumber ? t("followup.form.serial", { serial: item.serialNumber }) : null, item.inventoryNumber ? t("followup.form.inventory", { number: item.inventoryNumber }) : null]
                  .filter(Boolean)
                  .join(" · "),
                equipmentStatuses.map((status) => [status, t(`followup.equipment.${status}`)]),
              )}
            </div>
          ))}
        </fieldset>
      ) : null}

      <fieldset className="form-section">
        <legend>{t("followup.form.residenceSection")}</legend>
        {radios("residence", t("followup.form.residenceSection"), residenceStatuses.map((status) => [status, t(`followup.residence.${status}`)]), { hideLegend: true })}
        {/* The case list's place picker: oblast → raion → hromada, or a hromada found by name. */}
        <PlacePicker
          legend={t("followup.form.newHromada")}
          oblastName="newHromadaOblast"
          hromadaName="newHromadaPcode"
          defaultOblast={value("newHromadaOblast") || null}
          defaultHromada={chosenHromada || null}
          oblasts={data.places.oblasts}
          initialOptions={reply?.placeOptions ?? data.places.options}
          errors={{ hromada: errorsOf("newHromadaPcode") }}
        />
        <p className="field-hint">{t("followup.form.newHromadaHint")}</p>
        {/* Without JavaScript the picker cannot list raions and hromadas: "Find" posts the form
            (nothing is saved) and the server answers with the hromadas of that name to choose. */}
        {hydrated ? null : (
          <div className="field place-search">
            <label htmlFor="hromadaQuery">{t("locations.picker.search")}</label>
            <p className="field-hint" id="hromadaQuery-hint">
              {t("locations.picker.searchHint")}
            </p>
            <input id="hromadaQuery" name="hromadaQuery" type="search" defaultValue={value("hromadaQuery")} aria-describedby="hromadaQuery-hint" autoComplete="off" />
            <button type="submit" name="intent" value="find_hromada" className="button-secondary tap-target" formNoValidate>
              {t("followup.form.findHromada")}
            </button>
          </div>
        )}
        {reply?.hromadaMatches ? (
          reply.hromadaMatches.length ? (
            radios(
              "hromadaChoice",
              t("locations.picker.matches"),
              reply.hromadaMatches.map((place): [string, string] => [place.pcode, `${placeName(place, locale)} · ${placeName(oblastByPcode.get(place.pcode.slice(0, 4)), locale)}`]),
            )
          ) : (
            <p className="field-hint" role="status">
              {t("locations.picker.noMatches")}
            </p>
          )
        ) : null}
      </fieldset>

      {checkboxes("problems", t("followup.form.problemsSection"), visitProblems.map((problem) => [problem, t(`followup.problems.${problem}`)]))}
      {checkboxes("mentoringGiven", t("followup.form.mentoringSection"), mentoringTopics.map((topic) => [topic, t(`followup.mentoring.${topic}`)]))}
      <div className="field">
        <label htmlFor="notes">{t("followup.form.notes")}</label>
        <p className="field-hint" id="notes-hint">
          {t("followup.form.notesHint")}
        </p>
        <textarea id="notes" name="notes" rows={4} defaultValue={value("notes")} aria-describedby="notes-hint" aria-invalid={invalid("notes")} />
        <Errors names={["notes"]} />
      </div>

      {storedRequirement ? (
        <fieldset className="form-section">
          <legend>{t("followup.form.trancheSection")}</legend>
          <input type="hidden" name="trancheRequirementId" value={storedRequirement.id} />
          <p>{t("followup.form.requirementVerified", { sequence: storedRequirement.trancheSequence, text: storedRequirement.text })}</p>
          <Errors names={["trancheRequirementId"]} />
        </fieldset>
      ) : data.requirements.length ? (
        <fieldset className="form-section">
          <legend>{t("followup.form.trancheSection")}</legend>
          {radios("trancheRequirementId", t("followup.form.trancheSection"), [
            ["", t("followup.form.noRequirement")],
            ...data.requirements.map((requirement): [string, string] => [String(requirement.id), t("followup.form.requirementOption", { sequence: requirement.trancheSequence, text: requirement.text })]),
          ], { hideLegend: true })}
          <div className="field">
            <label htmlFor="trancheEvidenceNote">{t("followup.form.evidenceNote")}</label>
            <textarea id="trancheEvidenceNote" name="trancheEvidenceNote" rows={2} defaultValue={value("trancheEvidenceNote")} aria-invalid={invalid("trancheEvidenceNote")} />
            <Errors names={["trancheEvidenceNote"]} />
          </div>
        </fieldset>
      ) : null}

      <fieldset className="form-section">
        <legend>{t("followup.form.photosSection")}</legend>
        {data.photos.length ? (
          <p className="field-hint">
            {t("followup.form.storedPhotos")}: {data.photos.map((photo) => photo.fileName).join(", ")}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="photos">{t("followup.form.photos", { count: maxVisitPhotos, size: maxVisitPhotoBytes / 1024 / 1024 })}</label>
          <p className="field-hint" id="photos-hint">
            {t("followup.form.photosHint")}
          </p>
          <input id="photos" name="photos" type="file" multiple accept="image/jpeg,image/png" aria-describedby="photos-hint" aria-invalid={invalid("photos")} />
          <Errors names={["photos"]} />
        </div>
      </fieldset>

      <div className="submit-row">
        <button type="submit" name="intent" value="save" className="button-primary">
          {saving ? t("followup.form.saving") : mode === "edit" ? t("followup.form.saveCorrection") : t("followup.form.save")}
        </button>
      </div>
    </Form>
  );
}
