// An S3 part: one S3Proxy instance (the source store or a distribution point).
import fs from 'node:fs';
import path from 'node:path';
import { DIR, HERE, ROOT, S3, STATE } from './config.mjs';
import { findJava, resolveClasspath } from './java.mjs';
import { httpAnswers, render, spawnDetached, writeIfChanged } from './utilities.mjs';

export function s3Part(port) {
  const name = `s3-${port}`;
  const log = path.join(DIR.logs, `${name}.log`);
  const basedir = path.join(STATE, 's3', String(port));
  const props = path.join(DIR.conf, `s3proxy-${port}.properties`);
  return {
    name,
    group: 's3',
    port,
    log,
    logs: [log],
    readyTimeoutMs: S3.readyTimeoutMs,
    stopSignal: 'SIGTERM',
    marker: [`-Dstack.part=${name}`, `-Dstack.root=${ROOT}`],
    ready: () => httpAnswers(port),
    async start() {
      const timings = {};
      const t = Date.now();
      const { argFile, resolvedNow } = await resolveClasspath('s3proxy');
      if (resolvedNow) timings.mvn = Date.now() - t;
      const java = findJava();
      fs.mkdirSync(basedir, { recursive: true });
      writeIfChanged(
        props,
        render(path.join(HERE, 's3proxy', 's3proxy.properties.tmpl'), {
          PORT: port,
          IDENTITY: S3.identity,
          CREDENTIAL: S3.credential,
          BASEDIR: basedir,
        }),
      );
      const child = spawnDetached(
        java.bin,
        [
          // Idle it needs ~150 MB, but the ceiling must hold one whole signed
          // 528 MiB part plus the copies S3Proxy makes of it (1 GiB ran out of
          // memory, 2 GiB did not; see s3proxy.properties.tmpl). Heap is only
          // committed when used, and the periodic GC hands it back once idle.
          '-Xms64m',
          '-Xmx2g',
          '-XX:G1PeriodicGCInterval=60000',
          '-Djava.awt.headless=true',
          // Silences logback's own configuration chatter at every start.
          '-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener',
          ...this.marker,
          `@${argFile}`,
          'org.gaul.s3proxy.Main',
          '--properties',
          props,
        ],
        log,
      );
      return { child, timings };
    },
  };
}
