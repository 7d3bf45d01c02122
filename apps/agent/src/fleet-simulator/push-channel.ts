import { NotificationChannel, NotificationChannelOptions } from '../push/notification-channel';

/**
 * The push channel a simulated agent holds when its fleet runs with `push: true`: the agent's own
 * NotificationChannel (apps/agent/src/push/notification-channel.ts), with the options a simulated agent sets.
 */
export type PushChannelOptions = Pick<NotificationChannelOptions, 'serviceUrl' | 'clientId' | 'authorization' | 'onPolicyChanged' | 'fetch'>;

export interface PushChannel {
  stop(): Promise<void>;
}

export type PushChannelOpener = (options: PushChannelOptions) => PushChannel;

/** Opens and starts one agent's channel: the real agent's NotificationChannel. */
export const openPushChannel: PushChannelOpener = (options) => {
  const channel = new NotificationChannel(options);
  channel.start();
  return channel;
};
