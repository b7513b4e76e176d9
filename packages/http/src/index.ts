export { actorLabel, actorOf } from "./actor.ts";
export { createApi } from "./app.ts";
export { type AuditActor, auditEntry } from "./audit.ts";
export { type ConfigApp, type ConfigResource, configApp, configRoutes } from "./config-resource.ts";
export { constantTimeEqual } from "./constant-time.ts";
export { customerInput } from "./customer-input.ts";
export { domainApp, type SecurityScheme } from "./domain-app.ts";
export {
  type ForwardedIdentity,
  forwardedIdentity,
  forwardWithIdentity,
  identityHeader,
  readIdentity,
} from "./forwarded-identity.ts";
export { type History, historyRoute } from "./history-route.ts";
export { hex, hmac, hmacSha256Hex } from "./hmac.ts";
export { type IdentityVariables, requireIdentity, requireScope } from "./identity.ts";
export { type BodyRule, type BodyRules, defaultMaxBodyBytes, jsonBody } from "./json-body.ts";
export { mutableResponse } from "./mutable-response.ts";
export { type ListFilters, listConditions, newestFirstPage } from "./newest-first-page.ts";
export { mergeOpenApiDocuments, type OpenApiDocument } from "./openapi-merge.ts";
export {
  conflictResponse,
  idParam,
  notFoundResponse,
  problemResponses,
  problemSchema,
} from "./openapi-schemas.ts";
export { originSchema } from "./origin.ts";
export { assertOwned, findOwned, ownedBy, undecided } from "./owned.ts";
export { type Cursor, decodeCursor, encodeCursor, page, pageBy, pageQuery, pageSchema } from "./pagination.ts";
export {
  notFound,
  onError,
  type Problem,
  ProblemError,
  type ProblemKind,
  problem,
  problemErrorFrom,
  problemKindNames,
  problemKinds,
  problemResponse,
  problemType,
  queryProblem,
} from "./problem.ts";
export { fetchPublic, type PublicFetchOptions } from "./public-fetch.ts";
export {
  agentModelPattern,
  allowsPrivateUrls,
  assertPublicUrl,
  privateAddressReason,
  privateUrlReason,
  providerUrl,
} from "./public-url.ts";
export { redactPath } from "./redact.ts";
export { type RequestIdVariables, requestId } from "./request-id.ts";
export { requireSecrets, type SecretName, secretProblems } from "./required-secrets.ts";
export {
  type RpcClient,
  type RpcContract,
  type RpcFailure,
  type RpcResult,
  type RpcServer,
  readRpc,
  rpcClient,
  rpcFailure,
  rpcMethod,
  serveRpc,
  valueOrThrow,
} from "./rpc.ts";
export { isScope, type Scope, scopes, scopesCover } from "./scopes.ts";
export { decryptCredentials, encryptCredentials } from "./sealed-credentials.ts";
export { rowView } from "./table-view.ts";
export { generatePublishableKey, randomToken, sha256Hex } from "./tokens.ts";
