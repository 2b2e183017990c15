import "../../test/dom-stubs.js";
import { NODE_TYPES, type NodeType } from "@ringflow/flow";
import { render } from "@testing-library/react";
import { NODE_DEFAULTS } from "./defaults.js";
import { NODE_UI, uiOf } from "./registry.js";

test("every node kind of the schema has its UI and defaults of that kind", () => {
  expect(Object.keys(NODE_UI).sort()).toEqual([...NODE_TYPES].sort());
  for (const kind of NODE_TYPES) {
    expect(uiOf(kind).kind).toBe(kind);
    expect(NODE_DEFAULTS[kind]().type).toBe(kind);
  }
});

test.each(NODE_TYPES.map((k) => [k]))("the %s inspector labels every control", (kind) => {
  const ui = uiOf(kind as NodeType);
  const { container } = render(<ui.Inspector id="n1" node={ui.defaults()} issues={[]} onChange={() => {}} />);
  const controls = [...container.querySelectorAll("input, select, textarea")];
  for (const el of controls) {
    const id = el.getAttribute("id");
    const labelled =
      el.hasAttribute("aria-label") ||
      el.closest("label") !== null ||
      (id !== null && [...container.querySelectorAll("label")].some((l) => l.htmlFor === id));
    expect({ kind, control: el.outerHTML.slice(0, 80), labelled }).toMatchObject({ labelled: true });
  }
});

test("an inspector shows the issue pinned to its field, next to the field", () => {
  const ui = uiOf("play");
  const { getByText, getByLabelText } = render(
    <ui.Inspector
      id="p1"
      node={ui.defaults()}
      issues={[
        {
          code: "too_small",
          path: ["nodes", "p1", "prompt", "text"],
          message: "Required",
          severity: "error",
        },
      ]}
      onChange={() => {}}
    />,
  );
  const field = getByLabelText("Message", { selector: "textarea" });
  expect(field.getAttribute("aria-invalid")).toBe("true");
  const err = getByText("Required");
  expect(field.getAttribute("aria-describedby")).toBe(err.closest("ul")?.id);
});
