export { nextRetryDelay, retryAfterSeconds, retryDelaysSeconds } from "./backoff.ts";
export { type DispatchOptions, type DispatchSummary, dispatchWebhooks, endpointSecretContext } from "./dispatch.ts";
export { dispatchSoon } from "./dispatch-soon.ts";
export { type WebhookEventType, type WebhookPayload, webhookEventTypes } from "./events.ts";
export { enqueueWebhook, type WebhookEvent, webhooksInsert } from "./outbox.ts";
export {
  newSigningSecret,
  signedHeaders,
  timestampToleranceSeconds,
  verifyStandardWebhook,
} from "./standard-webhooks.ts";
