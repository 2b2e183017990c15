import type { Rule } from "../rule.js";
import { conditions } from "./conditions.js";
import { cycles } from "./cycles.js";
import { digits } from "./digits.js";
import { entry } from "./entry.js";
import { functions } from "./functions.js";
import { holidays } from "./holidays.js";
import { limits } from "./limits.js";
import { ranges } from "./ranges.js";
import { reach } from "./reach.js";
import { reachability } from "./reachability.js";
import { redirect } from "./redirect.js";
import { references } from "./references.js";
import { split } from "./split.js";
import { targets } from "./targets.js";
import { timezone } from "./timezone.js";
import { wiring } from "./wiring.js";

/** Every graph and semantic rule, in the order their issues are reported. */
export const RULES: readonly Rule[] = [
  limits,
  references,
  entry,
  reachability,
  wiring,
  cycles,
  timezone,
  ranges,
  holidays,
  targets,
  reach,
  functions,
  split,
  conditions,
  digits,
  redirect,
];
