import { WorkerEntrypoint } from "cloudflare:workers";
import { chatContract } from "@frontdesk/contracts/chat";
import { type RpcServer, serveRpc } from "@frontdesk/http";
import { receiveChannelMessage, recordDeliveries } from "./conversations/channel-inbound.ts";
import type { ChatEnv } from "./env.ts";

type Contract = typeof chatContract;

/**
 * The chat worker as the channels worker calls it, over a service binding with
 * `entrypoint = "ChatService"`. Only workers bound to it can call; it has no public route.
 */
export class ChatService extends WorkerEntrypoint<ChatEnv> implements RpcServer<Contract> {
  receiveChannelMessage(input: unknown) {
    return serveRpc(chatContract.receiveChannelMessage, input, (message) => receiveChannelMessage(this.env, message));
  }

  recordDeliveries(input: unknown) {
    return serveRpc(chatContract.recordDeliveries, input, (updates) => recordDeliveries(this.env, updates));
  }
}
