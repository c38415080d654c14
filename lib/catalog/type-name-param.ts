// The {name} segment of the catalog's routes. Next has percent-decoded it once ("Order%20Placed"
// arrives as "Order Placed"; dots need no encoding); a read looks it up as it is (404 when absent),
// and registration checks the name's rules itself (400 saying which).
import "server-only";
import { noSuchType } from "@/lib/catalog/catalog-schemas";
import type { RouteContext } from "@/lib/http/handler";

export async function typeNameParam(ctx: RouteContext): Promise<string> {
  const value = (await ctx.params).name;
  const name = Array.isArray(value) ? value.join("/") : (value ?? "");
  if (name === "") throw noSuchType(name);
  return name;
}
