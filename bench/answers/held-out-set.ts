// The held-out part of the answers evaluation: written before the last tuning round and run once,
// at the end; its figures are the ones the closing note reports as "held out". (Ten earlier
// held-out parts were moved to dev-set.ts once they had been seen or run.)
import type { LabelledQuestion } from "./labelled.ts";

export const heldOutSet: LabelledQuestion[] = [];
