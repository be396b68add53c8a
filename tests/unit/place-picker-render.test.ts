// The place picker as the server renders it, i.e. what works before scripts load: labelled
// selects, names in the reader's language, the defaults preselected and errors shown.
import { createElement, Fragment, type ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { PlacePicker, type PlacePickerProps } from "~/components/place-picker";
import { i18nFor, type Locale } from "~/lib/i18n";

const oblasts = [
  { pcode: "UA05", nameEn: "Vinnytska", nameUk: "Вінницька" },
  { pcode: "UA26", nameEn: "Ivano-Frankivska", nameUk: "Івано-Франківська" },
  { pcode: "UA14", nameEn: "Donetska", nameUk: "Донецька" },
  { pcode: "UA18", nameEn: "Zhytomyrska", nameUk: "Житомирська" },
];

const baseProps: PlacePickerProps = {
  legend: "Current residence",
  oblastName: "currentOblastPcode",
  hromadaName: "currentHromadaPcode",
  oblasts,
};

async function render(element: ReactElement, locale: Locale = "en"): Promise<string> {
  // useFetcher needs a data router; a static one renders exactly what the server would send.
  const routes = [{ id: "page", path: "/", element }];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request("http://localhost/"));
  if (context instanceof Response) throw new Error("unexpected redirect");
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToString(
    createElement(I18nextProvider, { i18n: i18nFor(locale) }, createElement(StaticRouterProvider, { router, context, hydrate: false })),
  );
}

function selectHtml(html: string, id: string): string {
  const start = html.indexOf(`<select id="${id}"`);
  expect(start, `select #${id}`).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf("</select>", start));
}

function optionLabels(select: string): string[] {
  return [...select.matchAll(/<option[^>]*>([^<]*)<\/option>/g)].map((match) => match[1]);
}

function selectedValue(select: string): string | null {
  return /<option value="([^"]*)" selected=""/.exec(select)?.[1] ?? null;
}

function labelledSelects(html: string): Array<{ label: string; id: string }> {
  return [...html.matchAll(/<label for="([^"]+)"[^>]*>([^<]*)<\/label>/g)].map((match) => ({ id: match[1], label: match[2] }));
}

describe("PlacePicker before scripts load", () => {
  it("labels each select, with ids unique per picker", async () => {
    const html = await render(
      createElement(
        Fragment,
        null,
        createElement(PlacePicker, baseProps),
        createElement(PlacePicker, { ...baseProps, legend: "Place of origin", oblastName: "originOblastPcode", hromadaName: "originHromadaPcode" }),
      ),
    );

    const labels = labelledSelects(html);
    expect(labels.map((label) => label.label)).toEqual(["Oblast", "Raion", "Hromada", "Oblast", "Raion", "Hromada"]);
    expect(new Set(labels.map((label) => label.id)).size).toBe(6);
    for (const { id } of labels) selectHtml(html, id);
    expect(html).toContain("<legend>Current residence</legend>");
    expect(html).toContain('name="originOblastPcode"');
    expect(html).toContain('name="currentHromadaPcode"');
  });

  it("lists the oblasts alphabetically in the reader's language", async () => {
    const english = await render(createElement(PlacePicker, baseProps), "en");
    const ukrainian = await render(createElement(PlacePicker, baseProps), "uk");

    const [englishOblast] = labelledSelects(english);
    const [ukrainianOblast] = labelledSelects(ukrainian);
    expect(optionLabels(selectHtml(english, englishOblast.id))).toEqual([
      "— choose an oblast —",
      "Donetska",
      "Ivano-Frankivska",
      "Vinnytska",
      "Zhytomyrska",
    ]);
    // Ukrainian order puts І after Ж, which a byte-order sort gets wrong.
    expect(optionLabels(selectHtml(ukrainian, ukrainianOblast.id))).toEqual([
      "— оберіть область —",
      "Вінницька",
      "Донецька",
      "Житомирська",
      "Івано-Франківська",
    ]);
  });

  it("preselects the raion and hromada of a default hromada", async () => {
    const html = await render(
      createElement(PlacePicker, {
        ...baseProps,
        defaultHromada: "UA0502003",
        initialOptions: {
          raions: [
            { pcode: "UA0504", nameEn: "Haisynskyi", nameUk: "Гайсинський" },
            { pcode: "UA0502", nameEn: "Vinnytskyi", nameUk: "Вінницький" },
          ],
          hromadas: [
            { pcode: "UA0502001", nameEn: "Ahronomichna", nameUk: "Агрономічна" },
            { pcode: "UA0502003", nameEn: "Vinnytska", nameUk: "Вінницька" },
          ],
        },
      }),
    );

    const [oblast, raion, hromada] = labelledSelects(html).map(({ id }) => selectHtml(html, id));
    expect(selectedValue(oblast)).toBe("UA05");
    expect(selectedValue(raion)).toBe("UA0502");
    expect(optionLabels(raion)).toEqual(["— choose a raion —", "Haisynskyi", "Vinnytskyi"]);
    expect(selectedValue(hromada)).toBe("UA0502003");
    expect(optionLabels(hromada)).toEqual(["— choose a hromada —", "Ahronomichna", "Vinnytska"]);
  });

  it("keeps a default hromada's P-code submittable before its list has loaded", async () => {
    const html = await render(createElement(PlacePicker, { ...baseProps, defaultHromada: "UA0502003" }));

    const [, , hromada] = labelledSelects(html).map(({ id }) => selectHtml(html, id));
    expect(hromada).toContain('name="currentHromadaPcode"');
    expect(selectedValue(hromada)).toBe("UA0502003");
  });

  it("leaves the hromada empty when nothing is chosen", async () => {
    const html = await render(createElement(PlacePicker, { ...baseProps, required: true }));

    const [oblast, , hromada] = labelledSelects(html).map(({ id }) => selectHtml(html, id));
    expect(oblast).toContain('required=""');
    expect(selectedValue(hromada)).toBe("");
    expect(optionLabels(hromada)).toEqual(["— choose a raion first —"]);
  });

  it("shows translated errors next to the fields they belong to", async () => {
    const html = await render(
      createElement(PlacePicker, {
        ...baseProps,
        errors: { oblast: ["errors.required"], hromada: ["errors.unknownReference"] },
      }),
    );

    const [oblast, , hromada] = labelledSelects(html);
    expect(selectHtml(html, oblast.id)).toContain('aria-invalid="true"');
    expect(selectHtml(html, oblast.id)).toContain(`aria-describedby="${oblast.id}-errors"`);
    expect(html).toMatch(new RegExp(`id="${escape(hromada.id)}-errors"[^>]*>\\s*<p class="field-error">Unknown value; choose one from the list.`));
    expect(html).not.toContain(">errors.required<");
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
