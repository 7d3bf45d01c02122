import { CLIENT_STATUS_MESSAGE_IDS, CLIENT_STATUS_MESSAGES, clientStatusMessageText } from './status-messages';

describe('status messages', () => {
  it('keeps the IDs of the original product that the domain names', () => {
    expect(CLIENT_STATUS_MESSAGE_IDS).toMatchObject({ received: 10002, started: 10005, failed: 10006, succeeded: 10009, cacheTooSmall: 10050, contentHashMismatch: 10075 });
  });

  it('gives every ID one text, and none for no ID or an unknown one', () => {
    const ids = Object.values(CLIENT_STATUS_MESSAGES).map((message) => message.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(clientStatusMessageText(10006)).toBe('Program failed');
    expect(clientStatusMessageText(10009)).toBe('Program completed successfully');
    expect(clientStatusMessageText(null)).toBeNull();
    expect(clientStatusMessageText(undefined)).toBeNull();
    expect(clientStatusMessageText(99999)).toBeNull();
  });
});
