import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { assertNoDevelopmentDefaultsInProduction } from '@sdp/auth';
import { assertNoKafkaDevelopmentDefaultsInProduction, ConfigError } from '@sdp/config';
import { createLogger, PinoNestLogger, redactUrlSecrets, startTracing, traceHttpRequests, Tracing } from '@sdp/observability';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { documentConsistencyHeader } from './consistency-api-docs';
import { documentErrorBodies } from './error-api-docs';
import { HttpErrorFilter, refuseMalformedJson } from './http-error.filter';
import { createValidationPipe } from './validation';
import { refuseUnstorableUrl, UnstorableInputPipe } from './unstorable-input';

export interface ServiceDefinition<TConfig> {
  /** Service name as it appears in logs, metrics and event sources. */
  name: string;
  description: string;
  /** Parses the environment; throws ConfigError naming the bad variable. */
  loadConfig: () => TConfig;
  port: (config: TConfig) => number;
  host?: (config: TConfig) => string;
  logLevel: (config: TConfig) => string;
  rootModule: (config: TConfig, logger: Logger) => Type | DynamicModule;
  /** Largest JSON body accepted (bytes as in body-parser, e.g. '1mb'). */
  jsonBodyLimit?: string;
}

/** Probed every few seconds by orchestrators and Prometheus: neither logged nor traced. */
const PROBE_PATHS: ReadonlySet<string> = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * Applies the HTTP conventions of api.md to a Nest application, and a server span per request
 * that continues the caller's W3C `traceparent`. Call it before other middleware so the span
 * covers them.
 */
export function applyHttpConventions(app: INestApplication, logger: Logger): void {
  app.use(traceHttpRequests({ untracedPaths: PROBE_PATHS }));
  app.use(refuseUnstorableUrl);
  app.useGlobalPipes(new UnstorableInputPipe(), createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter(logger));
}

const SHUTDOWN_GRACE_MS = 25_000;

/**
 * SIGTERM/SIGINT close the app (consumers leave their groups, the relay finishes its batch,
 * connections close) and exit 0; a shutdown that hangs is cut short with exit 1.
 */
function stopGracefullyOnSignals(app: INestApplication, logger: Logger, tracing: Tracing): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      setTimeout(() => {
        logger.error('shutdown took too long; exiting');
        process.exit(1);
      }, SHUTDOWN_GRACE_MS).unref();
      // Spans still buffered are sent once the app (and its last requests and events) is done.
      app.close().then(
        async () => {
          await tracing.shutdown().catch((error: unknown) => logger.warn({ err: error }, 'flushing traces failed'));
          logger.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

export function setUpApiDocs(app: INestApplication, name: string, description: string): void {
  const document = documentErrorBodies(documentConsistencyHeader(SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`sdp ${name}`)
      .setDescription(description)
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'admin token or client token' })
      .build(),
  )));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

/**
 * Boots one service: validated configuration (a bad variable stops it with one line), JSON
 * logs, tracing (exported when OTEL_EXPORTER_OTLP_ENDPOINT is set), request logs without
 * secrets, validation, the error shape, OpenAPI, graceful shutdown.
 */
export async function startService<TConfig>(definition: ServiceDefinition<TConfig>): Promise<INestApplication> {
  let config: TConfig;
  try {
    config = definition.loadConfig();
    assertNoDevelopmentDefaultsInProduction(process.env);
    assertNoKafkaDevelopmentDefaultsInProduction(process.env);
  } catch (error) {
    // Configuration problems stop the service with one line; the stack would add nothing.
    process.stderr.write(`${definition.name}: ${error instanceof ConfigError ? error.message : (error as Error).message}\n`);
    process.exit(1);
  }
  const logger = createLogger(definition.name, definition.logLevel(config));
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  try {
    return await bootService(definition, config, logger);
  } catch (error) {
    // A service that cannot start (a module that throws, a port in use, a consumer contracts do
    // not list) must say so and exit non-zero, not log a rejection and end with 0.
    logger.fatal({ err: error }, `${definition.name} could not start`);
    process.exit(1);
  }
}

async function bootService<TConfig>(definition: ServiceDefinition<TConfig>, config: TConfig, logger: ReturnType<typeof createLogger>): Promise<INestApplication> {
  const tracing = startTracing({ service: definition.name });

  const app = await NestFactory.create<NestExpressApplication>(definition.rootModule(config, logger), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  applyHttpConventions(app, logger);
  app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (request) => PROBE_PATHS.has(request.url ?? '') },
      // The URL with secrets in its query blanked (`?access_token=…`), and no separate copy of
      // the query or the path parameters that would carry them again.
      serializers: { req: (request: { url?: string; query?: unknown; params?: unknown }) => ({ ...request, url: redactUrlSecrets(request.url ?? ''), query: undefined, params: undefined }) },
      customLogLevel: (_request, response, error) =>
        error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'debug',
    }),
  );
  const limit = definition.jsonBodyLimit ?? '1mb';
  app.useBodyParser('json', { limit });
  app.useBodyParser('urlencoded', { limit, extended: false });
  app.use(refuseMalformedJson);
  stopGracefullyOnSignals(app, logger, tracing);
  setUpApiDocs(app, definition.name, definition.description);

  const port = definition.port(config);
  const host = definition.host?.(config) ?? '0.0.0.0';
  await app.listen(port, host);
  logger.info({ port, host }, `${definition.name} listening on http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`);
  return app;
}
