// The server parses every form with this. Importing Conform's zod adapter through a .server
// module keeps zod out of a page's browser bundle; the forms that also check themselves in the
// browser bring it on purpose (components/use-validated-form.ts), never the mentor's phone pages.
export { parseWithZod } from "@conform-to/zod/v4";
