import 'reflect-metadata';
import type { Server } from 'node:http';
import { startService } from '@sdp/service';
import { AppModule } from './app.module';
import { loadCatalogConfig } from './config';

void startService({
  name: 'catalog',
  description: 'Packages, programs and versioned package source.',
  loadConfig: () => loadCatalogConfig(),
  port: (config) => config.PORT,
  host: (config) => config.HOST,
  logLevel: (config) => config.LOG_LEVEL,
  rootModule: (config, logger) => AppModule.forRoot(config, logger),
}).then((app) => {
  // A multi-gigabyte source upload can take longer than Node's default 5-minute request timeout.
  (app.getHttpServer() as Server).requestTimeout = 0;
});
