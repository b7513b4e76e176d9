import { isDatabaseUnavailable } from "@frontdesk/db";
import { type Problem, ProblemError, problem, problemErrorFrom } from "./problem.ts";
import * as z from "./zod.ts";

/**
 * Service-binding RPC between workers. Every method takes one input and answers a result: the
 * value, or a failure of a kind the method declares (with the problem a public route would answer).
 * Both sides check the payload with the method's zod schemas, so nothing crosses unchecked.
 */
export type RpcFailure<K extends string> = { ok: false; kind: K; problem: Problem };
export type RpcResult<T, K extends string> = { ok: true; value: T } | RpcFailure<K>;

/** Every method can fail these ways whatever it declares: bad input, or the database out of reach. */
export const rpcBaseKinds = ["validation-failed", "database-unavailable"] as const;
type BaseKind = (typeof rpcBaseKinds)[number];

const problemShape: z.ZodType<Problem> = z
  .object({ type: z.string(), title: z.string(), status: z.number().int(), detail: z.string().optional() })
  .catchall(z.unknown());

/** One RPC method's contract: what it takes, what it answers and how it can fail. */
export interface RpcMethod<I extends z.ZodType, O extends z.ZodType, K extends string> {
  input: I;
  output: O;
  result: z.ZodType<RpcResult<z.output<O>, K | BaseKind>>;
  kinds: readonly (K | BaseKind)[];
}

export function rpcMethod<I extends z.ZodType, O extends z.ZodType, const K extends string = never>(
  input: I,
  output: O,
  kinds: readonly K[] = [],
): RpcMethod<I, O, K> {
  const allKinds: readonly (K | BaseKind)[] = [...kinds, ...rpcBaseKinds];
  const kind = z.string().refine((value): value is K | BaseKind => allKinds.some((known) => known === value));
  const result = z.union([
    z.object({ ok: z.literal(true), value: output }),
    z.object({ ok: z.literal(false), kind, problem: problemShape }),
  ]);
  return { input, output, result, kinds: allKinds } as RpcMethod<I, O, K>;
}

/** A declared failure of a method. */
export const rpcFailure = <K extends string>(kind: K, failure: Problem): RpcFailure<K> => ({
  ok: false,
  kind,
  problem: failure,
});

/**
 * The callee's side: checks the input, runs, checks the output. A ProblemError whose kind the
 * method declares becomes that failure; anything else is a bug and is thrown.
 */
export async function serveRpc<I extends z.ZodType, O extends z.ZodType, K extends string>(
  method: RpcMethod<I, O, K>,
  raw: unknown,
  run: (input: z.output<I>) => Promise<z.input<O> | RpcFailure<K>>,
): Promise<RpcResult<z.output<O>, K | BaseKind>> {
  const parsed = method.input.safeParse(raw);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    return rpcFailure(
      "validation-failed",
      problem("validation-failed", errors.map((e) => `${e.path || "input"}: ${e.message}`).join("; "), { errors }),
    );
  }
  try {
    const value = await run(parsed.data);
    if (isFailure(value)) return value;
    return { ok: true, value: method.output.parse(value) };
  } catch (error) {
    if (isDatabaseUnavailable(error))
      return rpcFailure("database-unavailable", problem("database-unavailable", "Try again shortly."));
    if (error instanceof ProblemError && declares(method, error.kind)) return rpcFailure(error.kind, error.problem);
    throw error;
  }
}

function isFailure<K extends string>(value: unknown): value is RpcFailure<K> {
  return typeof value === "object" && value !== null && "ok" in value && value.ok === false && "problem" in value;
}

function declares<K extends string>(method: RpcMethod<z.ZodType, z.ZodType, K>, kind: string): kind is K | BaseKind {
  return method.kinds.some((known) => known === kind);
}

/** The caller's side: checks what came back against the method's result schema. */
export function readRpc<I extends z.ZodType, O extends z.ZodType, K extends string>(
  method: RpcMethod<I, O, K>,
  answer: unknown,
): RpcResult<z.output<O>, K | BaseKind> {
  return method.result.parse(answer);
}

/** The value of a result, or its failure thrown as the problem the callee meant (a public route answers it). */
export function valueOrThrow<T, K extends string>(result: RpcResult<T, K>): T {
  if (result.ok) return result.value;
  throw problemErrorFrom(result.problem);
}

// biome-ignore lint/suspicious/noExplicitAny: a contract's methods vary in every type parameter
type AnyMethod = RpcMethod<any, any, any>;
type ResultOf<M extends AnyMethod> = z.output<M["result"]>;

/** A worker's RPC contract: its methods by name. */
export type RpcContract = Record<string, AnyMethod>;

/** What the callee's WorkerEntrypoint implements: every method, taking unchecked input. */
export type RpcServer<C extends RpcContract> = { [M in keyof C]: (input: unknown) => Promise<ResultOf<C[M]>> };

/** What the caller holds: every method, taking typed input and answering a checked result. */
export type RpcClient<C extends RpcContract> = {
  [M in keyof C]: (input: z.input<C[M]["input"]>) => Promise<ResultOf<C[M]>>;
};

/** A service binding to a WorkerEntrypoint, seen as the methods of its contract. */
export function rpcClient<C extends RpcContract>(contract: C, binding: object): RpcClient<C> {
  const client: Partial<Record<keyof C, (input: unknown) => Promise<unknown>>> = {};
  for (const [name, method] of Object.entries(contract) as [keyof C & string, AnyMethod][]) {
    client[name] = async (input) => {
      const remote: unknown = Reflect.get(binding, name);
      if (typeof remote !== "function") throw new Error(`the service binding has no RPC method ${name}`);
      return readRpc(method, await Reflect.apply(remote, binding, [input]));
    };
  }
  return client as RpcClient<C>;
}
