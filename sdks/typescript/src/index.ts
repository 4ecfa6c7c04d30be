export { createClient, KalamClient } from './client.js';
export type { ClientOptions, QueryResult, QueryResponse, QueryOptions, PreparedStatement, LiveHandlers } from './client.js';
export { KalamError } from './errors.js';
export type { ErrorInfo } from './errors.js';
export type { Auth } from './http.js';
export type {
  ChangeEvent,
  ReconnectOptions,
  SubscribeHandlers,
  SubscribeOptions,
  Subscription,
  WebSocketConstructor,
  WebSocketLike,
} from './live.js';
export type { BigIntMode, Column, Row } from './values.js';
