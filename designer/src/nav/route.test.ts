import { parseRoute, type Route, routePath } from "./route.js";

test("every route survives a round trip through its path, under a base too", () => {
  const routes: Route[] = [
    { name: "home" },
    { name: "flow", flowId: "reception" },
    { name: "flow", flowId: "new" },
    { name: "version", flowId: "front desk", version: 3 },
    { name: "call", callId: "a@b;c" },
  ];
  for (const r of routes) {
    expect(parseRoute(routePath(r))).toEqual(r);
    expect(parseRoute(routePath(r, "/app/"), "/app/")).toEqual(r);
  }
});

test("unknown or malformed paths are home", () => {
  for (const p of ["/", "/nope", "/flows", "/flows/x/versions/0", "/flows/x/versions/a", "/flows/%E0%A4%A"])
    expect(parseRoute(p)).toEqual({ name: "home" });
});
