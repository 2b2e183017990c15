export { parseSimInput, parseSimInputs, type SimInput, SimInputError } from "./input.js";
export {
  createSimulation,
  type SimAwaiting,
  type SimOptions,
  type SimOutcome,
  type SimResult,
  type SimStep,
  type Simulation,
  simulate,
} from "./simulation.js";
