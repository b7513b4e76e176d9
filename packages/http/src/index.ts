export { notFound, onError, type Problem, ProblemError, problemResponse, problemType } from "./problem.ts";
