// A bare resource route: a load balancer's health check, and the HTTP floor that
// `npm run bench` measures every page against.
export function loader() {
  return new Response("ok", { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
