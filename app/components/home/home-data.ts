// The home page's data, one shape per role (modules/home/home.server.ts): each role's panels take
// their own shape.
import type { homeFor } from "~/modules/home/home.server";

export type HomeData = ReturnType<typeof homeFor>;
export type HomeOf<Role extends HomeData["role"]> = Extract<HomeData, { role: Role }>;
