// A workbook whose ZIP directory understates its sizes (a "zip bomb"): the reader must count the
// bytes it really inflates and stop at the limit, not trust what the archive declares.
import { createDeflateRaw, crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readSpreadsheet, SpreadsheetError } from "~/lib/spreadsheet.server";

type Part = { name: string; data: Uint8Array; uncompressedSize: number; declaredSize: number; checksum: number };

const text = (value: string) => new TextEncoder().encode(value);

// Deflates `megabytes` of spaces after `head`, streaming, so the test never holds them inflated.
async function deflatedFiller(head: string, megabytes: number): Promise<Uint8Array> {
  const deflate = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve, reject) => {
    deflate.on("end", resolve);
    deflate.on("error", reject);
  });
  deflate.write(text(head));
  const megabyte = Buffer.alloc(2 ** 20, 0x20);
  for (let index = 0; index < megabytes; index++) {
    if (!deflate.write(megabyte)) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  deflate.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

async function deflated(data: Uint8Array): Promise<Uint8Array> {
  const { deflateRawSync } = await import("node:zlib");
  return new Uint8Array(deflateRawSync(data));
}

// A ZIP with deflated entries whose central directory says whatever `declaredSize` says.
function zipArchive(parts: Part[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const directory: Uint8Array[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = text(part.name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, 8, true);
    local.setUint32(14, part.checksum, true);
    local.setUint32(18, part.data.byteLength, true);
    local.setUint32(22, part.declaredSize, true);
    local.setUint16(26, name.byteLength, true);
    const central = new DataView(new ArrayBuffer(46));
    central.setUint32(0, 0x02014b50, true);
    central.setUint16(4, 20, true);
    central.setUint16(6, 20, true);
    central.setUint16(10, 8, true);
    central.setUint32(16, part.checksum, true);
    central.setUint32(20, part.data.byteLength, true);
    central.setUint32(24, part.declaredSize, true);
    central.setUint16(28, name.byteLength, true);
    central.setUint32(42, offset, true);
    chunks.push(new Uint8Array(local.buffer), name, part.data);
    directory.push(new Uint8Array(central.buffer), name);
    offset += 30 + name.byteLength + part.data.byteLength;
  }
  const directorySize = directory.reduce((total, chunk) => total + chunk.byteLength, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, parts.length, true);
  end.setUint16(10, parts.length, true);
  end.setUint32(12, directorySize, true);
  end.setUint32(16, offset, true);
  return new Uint8Array(Buffer.concat([...chunks, ...directory, new Uint8Array(end.buffer)]));
}

async function smallPart(name: string, content: string): Promise<Part> {
  const data = text(content);
  return { name, data: await deflated(data), uncompressedSize: data.byteLength, declaredSize: data.byteLength, checksum: crc32(data) };
}

// The smallest workbook ExcelJS reads: content types, package and workbook relations, one sheet.
const contentTypes =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  "</Types>";
const packageRels =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
  "</Relationships>";
const workbookRels =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
  "</Relationships>";
const workbookXml =
  '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
  '<sheets><sheet name="Admin 3" sheetId="1" r:id="rId1"/></sheets></workbook>';

async function workbookParts(): Promise<Part[]> {
  return [
    await smallPart("[Content_Types].xml", contentTypes),
    await smallPart("_rels/.rels", packageRels),
    await smallPart("xl/workbook.xml", workbookXml),
    await smallPart("xl/_rels/workbook.xml.rels", workbookRels),
  ];
}
const sheetHead =
  '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';

describe("readSpreadsheet on a workbook that understates its unpacked size", () => {
  it("stops inflating at the 100 MB limit and refuses the file, with bounded memory and time", async () => {
    const megabytes = 160;
    const sheet: Part = {
      name: "xl/worksheets/sheet1.xml",
      data: await deflatedFiller(sheetHead, megabytes),
      uncompressedSize: megabytes * 2 ** 20,
      // The lie: the directory says the sheet unpacks to 2 KB.
      declaredSize: 2048,
      checksum: 0,
    };
    const bytes = zipArchive([...(await workbookParts()), sheet]);
    // About the size of the file seen in the wild (210 KB unpacking to 200 MB).
    expect(bytes.byteLength).toBeLessThan(400 * 1024);

    const peakBefore = process.resourceUsage().maxRSS;
    const started = performance.now();
    const error = await readSpreadsheet({ name: "bomb.xlsx", bytes }).catch((caught: unknown) => caught);
    const seconds = (performance.now() - started) / 1000;
    const peakGrowthMegabytes = (process.resourceUsage().maxRSS - peakBefore) / 1024;

    expect(error).toBeInstanceOf(SpreadsheetError);
    expect((error as SpreadsheetError).code).toBe("too_many_rows");
    expect((error as SpreadsheetError).message).toBe(
      "bomb.xlsx is too large to read (more than 100 MB unpacked, the limit is 100 MB). Split it into smaller files.",
    );
    // Measured: about 100 MB here; the reader before this check peaked at over 200 MB on this file.
    expect(peakGrowthMegabytes).toBeLessThan(160);
    // A sanity bound only: the refusal takes about 0.15 s here.
    expect(seconds).toBeLessThan(10);
  });

  it("still reads an honest workbook packed by the same writer", async () => {
    const rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>Admin3 Pcode</t></is></c></row>' +
      '<row r="2"><c r="A2" t="inlineStr"><is><t>UA0502003</t></is></c></row>';
    const bytes = zipArchive([...(await workbookParts()), await smallPart("xl/worksheets/sheet1.xml", `${sheetHead}${rows}</sheetData></worksheet>`)]);
    const workbook = await readSpreadsheet({ name: "honest.xlsx", bytes });
    expect(workbook.sheets.map((sheet) => [sheet.headers, sheet.rows])).toEqual([[["Admin3 Pcode"], [{ "Admin3 Pcode": "UA0502003" }]]]);
  });

  it("refuses an archive whose entry points past the end of the file as damaged", async () => {
    const part = await smallPart("xl/workbook.xml", workbookXml);
    const bytes = zipArchive([part]);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // The central directory entry starts after the only local entry; give it a huge compressed size.
    const central = 30 + "xl/workbook.xml".length + part.data.byteLength;
    view.setUint32(central + 20, 50_000_000, true);
    const error = await readSpreadsheet({ name: "cut.xlsx", bytes }).catch((caught: unknown) => caught);
    expect((error as SpreadsheetError).code).toBe("malformed");
    expect((error as SpreadsheetError).message).toBe("cut.xlsx is damaged (xl/workbook.xml is cut short). Save the workbook again as .xlsx.");
  });
});
