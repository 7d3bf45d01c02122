/**
 * The push channel a simulated agent holds when its fleet runs with `push: true`: the agent's own
 * NotificationChannel (apps/agent/src/push/notification-channel.ts), whose options these are.
 */
export interface PushChannelOptions {
  serviceUrl: string;
  clientId: string;
  authorization: () => Promise<string>;
  onPolicyChanged: (etag: string) => void;
  fetch?: typeof fetch;
}

export interface PushChannel {
  stop(): Promise<void>;
}

export type PushChannelOpener = (options: PushChannelOptions) => PushChannel;

/**
 * Opens and starts one agent's channel; undefined while the push module is not on this branch, and
 * a fleet asked for push then refuses to start.
 * TODO(integrator, issue 21): once apps/agent/src/push/notification-channel.ts is merged, import
 * NotificationChannel from '../push/notification-channel' and replace `undefined` below with
 * `(options) => { const channel = new NotificationChannel(options); channel.start(); return channel; }`.
 */
export const openPushChannel: PushChannelOpener | undefined = undefined;
