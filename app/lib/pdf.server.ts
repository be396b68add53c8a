// A4 PDF documents written on the server with pdfkit, DejaVu Sans embedded (subset): it covers
// Ukrainian (і, ї, є, ґ, the apostrophe) and the typographic spaces, dashes and quotes of
// formatted numbers. The font ships with the app as the npm package dejavu-fonts-ttf (Bitstream
// Vera / DejaVu licence). Used by the grant agreement and the donor report.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import type { Locale } from "~/lib/i18n";

const require = createRequire(import.meta.url);
const fonts = new Map<string, Buffer>();
// Read once per process: the two faces are 1.4 MB together; each PDF embeds only the glyphs it uses.
const fontFile = (name: string) => {
  if (!fonts.has(name)) fonts.set(name, readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${name}`)));
  return fonts.get(name)!;
};

/**
 * A new A4 document with the faces "regular" and "bold", and its bytes once `pdf.end()` is
 * called.
 */
export function a4Pdf(options: { title: string; locale: Locale; margins?: number | { vertical: number; horizontal: number } }) {
  const { vertical, horizontal } = typeof options.margins === "object" ? options.margins : { vertical: options.margins ?? 48, horizontal: options.margins ?? 48 };
  const margins = { top: vertical, bottom: vertical, left: horizontal, right: horizontal };
  const pdf = new PDFDocument({ size: "A4", margins, info: { Title: options.title, Producer: "Livelihoods Tracker" }, lang: options.locale });
  pdf.registerFont("regular", fontFile("DejaVuSans.ttf"));
  pdf.registerFont("bold", fontFile("DejaVuSans-Bold.ttf"));
  const chunks: Buffer[] = [];
  const bytes = new Promise<Buffer>((resolve, reject) => {
    pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });
  return { pdf, bytes };
}

/** The headers of a PDF download. */
export function pdfHeaders(bytes: Uint8Array, contentDisposition: string): HeadersInit {
  return {
    "Content-Type": "application/pdf",
    "Content-Length": String(bytes.byteLength),
    "Content-Disposition": contentDisposition,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
  };
}
