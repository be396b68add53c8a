import { xlsxStream } from "~/lib/spreadsheet.server";
const n = Number(process.argv[2]);
function* rows() { for (let i = 0; i < n; i++) yield [`LT-${i}`, "EEP-2026", "Шевченко", "Олена", "Миколаївна", "+380671234567", "Жінка", "35-49", "UA12", "UA1202001", "ВПО", "Заявка", "Відкрита", "Відповідає", 14, "Ні", "Partner NGO 1", { date: "2026-03-04" }]; }
const headers = Array.from({ length: 18 }, (_, i) => `Column ${i}`);
const reader = xlsxStream("Справи", { headers, rows: rows() }).getReader();
let bytes = 0, k = 0; const t0 = Date.now();
for (;;) { const { done, value } = await reader.read(); if (done) break; bytes += value.byteLength; if (++k % 200 === 0) { const m = process.memoryUsage(); console.log(k, (m.rss/2**20).toFixed(0), 'heap', (m.heapUsed/2**20).toFixed(0), 'ab', (m.arrayBuffers/2**20).toFixed(0)); } }
console.log((bytes/2**20).toFixed(1), 'MB', (Date.now()-t0)/1000, 's maxRSS', (process.resourceUsage().maxRSS/1024).toFixed(0));
