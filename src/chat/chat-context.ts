// What every part of the chat domain is built from: the ports, the clock and the instance-wide settings.
// Assembled once in the composition root (src/app.ts).
import type { Clock } from '../clock.js';
import type { EventBus } from '../messaging/event-bus.js';
import type { Store } from '../storage/store.js';
import type { ArnContext } from './arns.js';
import type { ContactEventLog } from './contact-events.js';
import type { FollowUps } from './follow-ups.js';
import type { TokenService } from './tokens.js';
import type { Transcript } from './transcript.js';

export interface ChatSettings {
  arn: ArnContext;
  /** Concurrent active chats per instance; Amazon's default quota is 100 (StartChatContact → 429). */
  maxActiveChatsPerInstance: number;
  /** Base of websocket URLs handed out, e.g. ws://127.0.0.1:8080 or wss://chat.example.com. */
  websocketBaseUrl: string;
  /** Base of the HTTP URLs handed out (attachment upload and download URLs). */
  httpBaseUrl: string;
}

export interface ChatContext {
  logger: { error(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  store: Store;
  bus: EventBus;
  clock: Clock;
  tokens: TokenService;
  transcript: Transcript;
  settings: ChatSettings;
  /** Where follow-up work after a commit runs (bounded, drained at shutdown). */
  followUps: FollowUps;
  /** Contact events (INITIATED, QUEUED, …), recorded in the transaction of the change (docs/contact-events.md). */
  contactEvents: ContactEventLog;
}
