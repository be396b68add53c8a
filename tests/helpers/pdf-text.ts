// The text a PDF written by pdfkit shows, for tests: each page's text runs (one per `text()` call
// and wrapped line) in drawing order. pdfkit compresses its streams (FlateDecode) and writes text
// as glyph codes of the embedded font subset; each font's ToUnicode map turns them back into text.
import { inflateSync } from "node:zlib";

type PdfObject = { dict: string; stream: Buffer | null };

function objectsOf(pdf: string): Map<number, PdfObject> {
  const objects = new Map<number, PdfObject>();
  for (const [, number, body] of pdf.matchAll(/(\d+) 0 obj\n([\s\S]*?)\nendobj/g)) {
    const at = body.indexOf("\nstream\n");
    if (at < 0) {
      objects.set(Number(number), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, at);
    const raw = Buffer.from(body.slice(at + "\nstream\n".length, body.lastIndexOf("\nendstream")), "latin1");
    objects.set(Number(number), { dict, stream: dict.includes("/FlateDecode") ? inflateSync(raw) : raw });
  }
  return objects;
}

const reference = (dict: string, key: string) => Number(new RegExp(`/${key} (\\d+) 0 R`).exec(dict)?.[1]);
// A ligature's text is several units in one string: "<0066 0069>" is "fi".
const unicode = (hex: string) => String.fromCodePoint(...(hex.replace(/\s/g, "").match(/.{4}/g) ?? []).map((unit) => parseInt(unit, 16)));

// A ToUnicode CMap: glyph code → text (bfchar pairs and bfrange runs, with or without arrays).
function toUnicode(cmap: string): Map<number, string> {
  const codes = new Map<number, string>();
  for (const [, block] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, text] of block.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) codes.set(parseInt(code, 16), unicode(text));
  }
  for (const [, block] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, start, end, list, single] of block.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(?:\[([^\]]*)\]|<([0-9a-fA-F]+)>)/g)) {
      const from = parseInt(start, 16);
      const texts = list ? [...list.matchAll(/<([0-9a-fA-F\s]+)>/g)].map((m) => unicode(m[1])) : null;
      for (let code = from; code <= parseInt(end, 16); code += 1) {
        codes.set(code, texts ? texts[code - from] : String.fromCodePoint(parseInt(single, 16) + code - from));
      }
    }
  }
  return codes;
}

/** Every page's text runs, in drawing order. */
export function pdfPages(bytes: Uint8Array): string[][] {
  const objects = objectsOf(Buffer.from(bytes).toString("latin1"));
  const pages = [...objects.values()].filter((o) => /\/Type \/Page\b/.test(o.dict));
  return pages.map((page) => {
    const resources = objects.get(reference(page.dict, "Resources"))!.dict;
    const fonts = new Map<string, Map<number, string>>();
    for (const [, name, number] of (/\/Font <<([\s\S]*?)>>/.exec(resources)?.[1] ?? "").matchAll(/\/(\w+) (\d+) 0 R/g)) {
      const font = objects.get(Number(number))!;
      fonts.set(name, toUnicode(objects.get(reference(font.dict, "ToUnicode"))!.stream!.toString("latin1")));
    }
    const content = objects.get(reference(page.dict, "Contents"))!.stream!.toString("latin1");
    const runs: string[] = [];
    let font = new Map<number, string>();
    for (const [, name, shown] of content.matchAll(/\/(\w+) [\d.]+ Tf|(\[[^\]]*\] TJ|<[0-9a-fA-F]*> Tj)/g)) {
      if (name) {
        font = fonts.get(name) ?? font;
        continue;
      }
      const glyphs = [...shown.matchAll(/<([0-9a-fA-F]*)>/g)].flatMap((m) => m[1].match(/.{4}/g) ?? []);
      runs.push(glyphs.map((code) => font.get(parseInt(code, 16)) ?? "\uFFFD").join(""));
    }
    return runs;
  });
}
