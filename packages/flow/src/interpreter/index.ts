export { evaluateSchedule, type HoursOutput } from "../hours/schedule.js";
export { draw } from "./conditions.js";
export { type CallState, decodeState, encodeState } from "./state.js";
export { step } from "./step.js";
export type { Awaiting, DecisionResultEvent, StepEvent, StepResult } from "./types.js";
