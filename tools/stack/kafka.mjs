// The Kafka part: one KRaft broker+controller with SASL/SCRAM, ACLs and a TLS listener.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DIR, HERE, KAFKA, KAFKA_CONTROLLER_USER, KAFKA_USERS, ROOT, STATE } from './config.mjs';
import { findJava, resolveClasspath } from './java.mjs';
import { fileSize, readSince, readText, rel, render, run, spawnDetached, StackError, tcpOpen, writeIfChanged } from './utilities.mjs';

export function kafkaPart() {
  const name = 'kafka';
  const log = path.join(DIR.logs, 'kafka.log');
  const outLog = path.join(DIR.logs, 'kafka.out.log'); // JVM stdout/stderr: crashes before log4j is up
  const dataDir = path.join(STATE, 'kafka', 'data');
  const serverProps = path.join(DIR.conf, 'kafka-server.properties');
  // Which SCRAM users the log dir was formatted with: a log dir formatted before (or with other
  // users) is formatted again, since users can only be added at format time without a login.
  const usersMark = path.join(STATE, 'kafka', 'scram-users.sha256');
  const usersHash = crypto.createHash('sha256').update(JSON.stringify(KAFKA_USERS)).digest('hex');
  const log4jProps = path.join(DIR.conf, 'kafka-log4j2.properties');
  const tls = kafkaTlsFiles();
  let logOffset = 0; // set by start(); readiness only trusts lines after it

  return {
    name,
    group: 'kafka',
    port: KAFKA.port,
    log,
    logs: [log, outLog],
    readyTimeoutMs: KAFKA.readyTimeoutMs,
    stopSignal: 'SIGTERM',
    marker: [`-Dstack.part=${name}`, `-Dstack.root=${ROOT}`],
    // Port-open alone is not enough: the socket server accepts before the
    // broker has caught up with the metadata log and can serve requests.
    async ready(fresh) {
      if (!(await tcpOpen(KAFKA.port))) return false;
      if (!fresh) return true; // already-running broker: the port is proof enough
      return readSince(log, logOffset).includes('Kafka Server started');
    },
    async start() {
      const timings = {};
      let t = Date.now();
      const { argFile, resolvedNow } = await resolveClasspath('kafka');
      if (resolvedNow) timings.mvn = Date.now() - t;
      const java = findJava();
      fs.mkdirSync(dataDir, { recursive: true });
      await ensureKafkaCertificate(java, tls);
      writeIfChanged(
        serverProps,
        render(path.join(HERE, 'kafka', 'server.properties.tmpl'), {
          PORT: KAFKA.port,
          TLS_PORT: KAFKA.tlsPort,
          KEYSTORE: tls.keystore,
          KEYSTORE_PASSWORD: tls.password,
          CONTROLLER_PORT: KAFKA.controllerPort,
          LOG_DIRS: dataDir,
          ADMIN_USER: 'sdp-admin',
          ADMIN_PASSWORD: KAFKA_USERS['sdp-admin'],
          CONTROLLER_USER: KAFKA_CONTROLLER_USER.name,
          CONTROLLER_PASSWORD: KAFKA_CONTROLLER_USER.password,
        }),
      );
      writeIfChanged(log4jProps, render(path.join(HERE, 'kafka', 'log4j2.properties.tmpl'), { LOG_FILE: log }));
      const common = [`-Dlog4j2.configurationFile=${log4jProps}`, `@${argFile}`];

      // KRaft refuses to start on an unformatted log dir; format exactly once
      // (formatting again would need a wipe). --standalone makes this node the
      // sole voter of a dynamic quorum, matching controller.quorum.bootstrap.servers.
      const formatted = fs.existsSync(path.join(dataDir, 'meta.properties'));
      if (formatted && readText(usersMark) !== usersHash) {
        console.log(`kafka: ${rel(dataDir)} was formatted without the current SASL users; formatting it again (its topics and events are gone)`);
        fs.rmSync(dataDir, { recursive: true, force: true });
        fs.mkdirSync(dataDir, { recursive: true });
      }
      if (!fs.existsSync(path.join(dataDir, 'meta.properties'))) {
        t = Date.now();
        // Two short-lived JVMs: skip the optimising JIT and G1 set-up, they only cost start time.
        const tool = [java.bin, ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', ...common, 'kafka.tools.StorageTool']];
        const id = await run(tool[0], [...tool[1], 'random-uuid']);
        const clusterId = id.out.trim().split('\n').pop().trim();
        if (id.code !== 0 || !/^[A-Za-z0-9_-]{22}$/.test(clusterId)) throw new StackError(`kafka: random-uuid failed: ${id.out.trim()}`);
        const scram = Object.entries(KAFKA_USERS).flatMap(([name, password]) => ['--add-scram', `SCRAM-SHA-512=[name=${name},password=${password}]`]);
        const fmt = await run(tool[0], [...tool[1], 'format', '-t', clusterId, '-c', serverProps, '--standalone', ...scram]);
        if (fmt.code !== 0) throw new StackError(`kafka: storage format failed: ${fmt.out.trim().split('\n').pop()}`);
        fs.writeFileSync(usersMark, usersHash);
        timings.format = Date.now() - t;
      }

      logOffset = fileSize(log);
      const child = spawnDetached(
        java.bin,
        [
          '-Xms256m',
          '-Xmx512m',
          // The broker's own defaults (bin/kafka-run-class.sh), minus GC logging.
          '-XX:+UseG1GC',
          '-XX:MaxGCPauseMillis=20',
          '-XX:InitiatingHeapOccupancyPercent=35',
          '-XX:+ExplicitGCInvokesConcurrent',
          '-Djava.awt.headless=true',
          ...this.marker,
          ...common,
          'kafka.Kafka',
          serverProps,
        ],
        outLog,
      );
      return { child, timings };
    },
  };
}

/**
 * The local broker's TLS material under .stack/kafka/tls: a PKCS12 keystore with a self-signed
 * certificate for 127.0.0.1 and localhost, and that certificate as PEM (`ca.pem`), which a client
 * trusts as its CA (KAFKA_SSL_CA_FILE). Local development only, like the SCRAM passwords.
 */
function kafkaTlsFiles() {
  const dir = path.join(STATE, 'kafka', 'tls');
  return { dir, keystore: path.join(dir, 'broker.p12'), caPem: path.join(dir, 'ca.pem'), password: 'dev-kafka-keystore-secret' };
}

async function ensureKafkaCertificate(java, tls) {
  if (fs.existsSync(tls.keystore) && fs.existsSync(tls.caPem)) return;
  fs.rmSync(tls.dir, { recursive: true, force: true });
  fs.mkdirSync(tls.dir, { recursive: true });
  const keytool = path.join(path.dirname(java.bin), process.platform === 'win32' ? 'keytool.exe' : 'keytool');
  const store = ['-keystore', tls.keystore, '-storetype', 'PKCS12', '-storepass', tls.password, '-alias', 'broker'];
  const made = await run(keytool, [
    '-genkeypair', ...store, '-keyalg', 'EC', '-groupname', 'secp256r1', '-validity', '3650',
    '-dname', 'CN=sdp local kafka', '-ext', 'SAN=ip:127.0.0.1,dns:localhost', '-ext', 'BC:c=ca:true',
  ]);
  if (made.code !== 0) throw new StackError(`kafka: keytool could not make the TLS certificate: ${made.out.trim().split('\n').pop()}`);
  const exported = await run(keytool, ['-exportcert', '-rfc', ...store, '-file', tls.caPem]);
  if (exported.code !== 0) throw new StackError(`kafka: keytool could not export the TLS certificate: ${exported.out.trim().split('\n').pop()}`);
}
