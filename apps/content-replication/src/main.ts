import 'reflect-metadata';
import { startService } from '@sdp/service';
import { AppModule } from './app.module';
import { loadReplicationConfig } from './config';

void startService({
  name: 'content-replication',
  description: 'Distribution points, groups, replication, validation and content location.',
  loadConfig: () => loadReplicationConfig(),
  port: (config) => config.PORT,
  host: (config) => config.HOST,
  logLevel: (config) => config.LOG_LEVEL,
  rootModule: (config, logger) => AppModule.forRoot(config, logger),
});
