export { ProblemError, notFound, onError, problemResponse, problemType, type Problem } from "./problem.ts";
