// A form refused by readForm inside an action is thrown as a 4xx Response: the router answers
// with that status and the shared error boundary explains it in the reader's language, instead
// of the 500 "something went wrong" page that request.formData() throwing used to give.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { i18nFor, type Locale } from "~/lib/i18n";
import { readForm } from "~/lib/request-body.server";

async function submit(body: string, contentType: string, locale: Locale = "en") {
  const routes = [
    {
      id: "page",
      path: "/",
      action: async ({ request }: { request: Request }) => {
        await readForm(request);
        return null;
      },
      element: createElement("p", null, "the page"),
      errorElement: createElement(GeneralErrorBoundary),
    },
  ];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request("http://localhost/", { method: "POST", body, headers: { "Content-Type": contentType } }));
  if (context instanceof Response) throw new Error("unexpected redirect");
  const router = createStaticRouter(handler.dataRoutes, context);
  const html = renderToString(
    createElement(I18nextProvider, { i18n: i18nFor(locale) }, createElement(StaticRouterProvider, { router, context, hydrate: false })),
  );
  return { status: context.statusCode, html };
}

describe("the error boundary for a refused form", () => {
  it("answers 415 with what the address accepts, for a JSON body", async () => {
    const { status, html } = await submit('{"intent":"save"}', "application/json");
    expect(status).toBe(415);
    expect(html).toContain('<p class="error-status">415</p>');
    expect(html).toContain("Unsupported format");
    expect(html).toContain("A form was expected (application/x-www-form-urlencoded or multipart/form-data).");
    expect(html).not.toContain("Something went wrong");
  });

  it("answers 400 for a cut-short multipart body, in Ukrainian", async () => {
    const { status, html } = await submit('--abc\r\nContent-Disposition: form-data; name="a"\r\n\r\nx', "multipart/form-data; boundary=abc", "uk");
    expect(status).toBe(400);
    expect(html).toContain("Запит не прийнято");
    expect(html).toContain("Тіло запиту пошкоджене або обірване.");
  });

  it("answers 413 for a body past the limit", async () => {
    const { status, html } = await submit(`a=${"x".repeat(70_000)}`, "application/x-www-form-urlencoded");
    expect(status).toBe(413);
    expect(html).toContain("Request too large");
    expect(html).toContain("The form is larger than allowed.");
  });

  it("answers 400 for a list index beyond the form's lists", async () => {
    const { status, html } = await submit("budget%5B100000%5D.item=x", "application/x-www-form-urlencoded");
    expect(status).toBe(400);
    expect(html).toContain("A list in the form has too many rows.");
  });
});
