import { CreateOutboxTables1767225600000 } from './outbox/outbox.migration';
import { CreateInboxTables1767225600001 } from './inbox/inbox.migration';
import { CreateInboxPositions1767225600002 } from './inbox/inbox-position.migration';

/** For a service that publishes events: add to its data source's migrations. */
export const outboxMigrations = [CreateOutboxTables1767225600000];

/** For a service that consumes events. */
export const inboxMigrations = [CreateInboxTables1767225600001, CreateInboxPositions1767225600002];

/** Both, for a service that publishes and consumes. */
export const messagingMigrations = [...outboxMigrations, ...inboxMigrations];
