import 'reflect-metadata';
import { startService } from '@sdp/service';
import { AppModule } from './app.module';
import { loadMeteringConfig } from './config';

void startService({
  name: 'metering',
  description: 'Software metering: metering rules, the usage clients report, and monthly summaries against the licences owned.',
  loadConfig: () => loadMeteringConfig(),
  port: (config) => config.PORT,
  host: (config) => config.HOST,
  logLevel: (config) => config.LOG_LEVEL,
  rootModule: (config, logger) => AppModule.forRoot(config, logger),
});
