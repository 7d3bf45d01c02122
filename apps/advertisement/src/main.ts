import 'reflect-metadata';
import { startService } from '@sdp/service';
import { AppModule } from './app.module';
import { loadAdvertisementConfig } from './config';

void startService({
  name: 'advertisement',
  description: 'Advertisements, client policy, client status and summaries.',
  loadConfig: () => loadAdvertisementConfig(),
  port: (config) => config.PORT,
  host: (config) => config.HOST,
  logLevel: (config) => config.LOG_LEVEL,
  rootModule: (config, logger) => AppModule.forRoot(config, logger),
});
