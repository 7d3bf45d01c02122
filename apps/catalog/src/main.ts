import 'reflect-metadata';
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
});
