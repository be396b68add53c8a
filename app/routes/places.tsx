// Places for the cascading pickers: /places?parent=UA05 lists a unit's children,
// /places?q=Ірпін&level=3 searches by name in both languages. Any signed-in user.
import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth.server";
import { getLocale } from "~/lib/locale.server";
import type { AdminLevel } from "~/modules/locations/cod-ab";
import { childrenOf, levelOfPcode, searchPlaces, type Place } from "~/modules/locations/locations.server";
import { placesQuerySchema } from "~/modules/locations/schema";

export type PlacesResponse = { places: Array<Pick<Place, "pcode" | "nameUk" | "nameEn" | "level">> };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const query = placesQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) {
    return Response.json({ places: [], error: "invalid query" }, { status: 400 });
  }
  // The picker names the language in the URL, so a cached answer never has the other order.
  const locale = query.data.lang ?? (await getLocale(request, user));
  const places =
    "parent" in query.data
      ? childrenOf(query.data.parent, ((levelOfPcode(query.data.parent) ?? 0) + 1) as AdminLevel, { locale })
      : searchPlaces(query.data.q, {
          level: query.data.level as AdminLevel,
          withinPcode: query.data.within,
          limit: query.data.limit,
          locale,
        });
  const body: PlacesResponse = { places };
  // Place names change only when an admin imports a new table: five minutes of staleness is fine.
  return Response.json(body, { headers: { "Cache-Control": "private, max-age=300" } });
}

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;
