import "../../test/dom-stubs.js";
import { act, fireEvent, render, screen } from "@testing-library/react";
import { ApiClient } from "../api/client.js";
import { App } from "./App.js";
import { useDesigner } from "./store.js";

test("adding a menu from the palette selects it and shows its unwired key as a problem", async () => {
  render(
    <App
      client={new ApiClient({ baseUrl: "", apiKey: "" })}
      initialRoute={{ name: "flow", flowId: "new" }}
    />,
  );
  await act(async () => {
    fireEvent.click(screen.getByRole("button", { name: "Add Menu" }));
  });
  const s = useDesigner.getState();
  expect(Object.keys(s.flow.nodes)).toEqual(["start", "menu1"]);
  expect(s.selected).toEqual(["menu1"]);
  expect(screen.getByRole("form", { name: "Edit Menu menu1" })).toBeTruthy();
  expect(s.issues.some((i) => i.path.join(".") === "nodes.menu1.options.1")).toBe(true);
  // The whole app's first render in jsdom takes ~1 s alone and several under a loaded CI box.
}, 20_000);
