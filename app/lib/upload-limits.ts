// How large an uploaded file may be. Shared by the server, which refuses larger files, and the
// pages, which refuse them before a slow connection spends minutes uploading them.

// A Kobo export of a few thousand submissions is well under 5 MB; 20 MB leaves ample room.
export const maxKoboUploadBytes = 20 * 1024 * 1024;

// The full COD-AB workbook is about 2.6 MB; 25 MB leaves room for CSV exports of every sheet.
export const maxCodAbUploadBytes = 25 * 1024 * 1024;

// A scanned quote or a phone photo of premises; larger files are usually unreduced scans.
export const maxAttachmentBytes = 10 * 1024 * 1024;

// Multipart framing around a file: a request this much larger than the file limit is refused
// from its Content-Length before it is read.
export const multipartOverheadBytes = 64 * 1024;
