import 'reflect-metadata';
import { startService } from '@sdp/service';
import { AppModule } from './app.module';
import { loadTargetingConfig } from './config';

void startService({
  name: 'targeting',
  description: 'Clients, inventory, collections, membership and maintenance windows.',
  loadConfig: () => loadTargetingConfig(),
  port: (config) => config.PORT,
  host: (config) => config.HOST,
  logLevel: (config) => config.LOG_LEVEL,
  rootModule: (config, logger) => AppModule.forRoot(config, logger),
});
