// Types of the generated module beside this file (workers/chat/scripts/build-language-data.ts), for Node only.
import type { NgramsData } from "eld/detector";

export const ngramsData: NgramsData;
