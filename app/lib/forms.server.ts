// Form parsing happens only on the server: importing Conform's zod adapter through a .server
// module keeps zod out of the pages' browser bundles (phones on slow connections load them).
export { parseWithZod } from "@conform-to/zod/v4";
