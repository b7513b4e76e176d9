import { WorkerEntrypoint } from "cloudflare:workers";
import { toolCallDone, toolsContract } from "@frontdesk/contracts/tools";
import { problem, problemErrorFrom, type RpcServer, rpcFailure, serveRpc } from "@frontdesk/http";
import type { ToolsEnv } from "./env.ts";
import { callProblem } from "./invocation/answer.ts";
import { invokeTool } from "./invocation/invoke.ts";
import { rehearseTool } from "./invocation/rehearse.ts";
import { describeTools } from "./registry/describe.ts";

type Contract = typeof toolsContract;

/**
 * The tools worker as the chat worker's assistant calls it, over a service binding with
 * `entrypoint = "ToolsService"`: the same registry, scope checks and tool_calls records as
 * `POST /v1/tools/{name}`, with a failed call answered as a typed failure carrying its problem.
 */
export class ToolsService extends WorkerEntrypoint<ToolsEnv> implements RpcServer<Contract> {
  describe(input: unknown) {
    return serveRpc(toolsContract.describe, input, async ({ organizationId }) => ({
      tools: await describeTools(this.env, organizationId),
    }));
  }

  invoke(input: unknown) {
    return serveRpc(toolsContract.invoke, input, async ({ identity, ...invocation }) => {
      const { row } = await invokeTool(this.env, this.ctx, identity, crypto.randomUUID(), invocation);
      if (row.status === "completed" || row.status === "awaiting_confirmation")
        return { toolCallId: row.id, status: row.status, output: toolCallDone.shape.output.parse(row.output ?? null) };
      const refused = callProblem(row) ?? problem("internal");
      return rpcFailure(problemErrorFrom(refused).kind, refused);
    });
  }

  rehearse(input: unknown) {
    return serveRpc(toolsContract.rehearse, input, async ({ identity, ...invocation }) => ({
      output: await rehearseTool(this.env, this.ctx, identity, invocation),
    }));
  }
}
