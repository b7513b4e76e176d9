import { WorkerEntrypoint } from "cloudflare:workers";
import { chatContract } from "@frontdesk/contracts/chat";
import { type RpcServer, serveRpc } from "@frontdesk/http";
import { app } from "./app.ts";
import { receiveChannelMessage, recordDeliveries, recordReactions } from "./conversations/channel-inbound.ts";
import { applySegmentIdentities } from "./customers/segment.ts";
import type { ChatEnv } from "./env.ts";
import { startVisit } from "./visitors/start-visit.ts";
import { receiveVisitorAttachment } from "./visitors/visitor-turn.ts";

type Contract = typeof chatContract;

/**
 * The chat worker as the channels worker and the gateway call it, over a service binding with
 * `entrypoint = "ChatService"`. Only workers bound to it can call; it has no public route.
 */
export class ChatService extends WorkerEntrypoint<ChatEnv> implements RpcServer<Contract> {
  /** The gateway forwards its routes through the same binding. */
  override fetch(request: Request): Promise<Response> {
    return Promise.resolve(app.fetch(request, this.env, this.ctx));
  }

  startVisit(input: unknown) {
    return serveRpc(chatContract.startVisit, input, (arrival) => startVisit(this.env, arrival));
  }

  receiveVisitorAttachment(input: unknown) {
    return serveRpc(chatContract.receiveVisitorAttachment, input, (upload) =>
      receiveVisitorAttachment(this.env, upload),
    );
  }

  receiveChannelMessage(input: unknown) {
    return serveRpc(chatContract.receiveChannelMessage, input, (message) => receiveChannelMessage(this.env, message));
  }

  applySegmentIdentities(input: unknown) {
    return serveRpc(chatContract.applySegmentIdentities, input, (calls) => applySegmentIdentities(this.env, calls));
  }

  recordReactions(input: unknown) {
    return serveRpc(chatContract.recordReactions, input, (reactions) => recordReactions(this.env, reactions));
  }

  recordDeliveries(input: unknown) {
    return serveRpc(chatContract.recordDeliveries, input, (updates) => recordDeliveries(this.env, updates));
  }
}
