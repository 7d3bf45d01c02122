import { Module } from '@nestjs/common';
import { PolicyModule } from '../policy/policy.module';
import { NotificationStreams } from './notification-streams';
import { NotificationsController } from './notifications.controller';
import { PolicyChangeListener } from './policy-change-listener';
import { PushMetrics } from './push.metrics';

/** Push to online agents: their notification streams, and the LISTEN that tells this replica whose policy changed. */
@Module({
  imports: [PolicyModule],
  controllers: [NotificationsController],
  providers: [PushMetrics, NotificationStreams, PolicyChangeListener],
})
export class PushModule {}
