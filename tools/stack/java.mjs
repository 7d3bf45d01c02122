// The JVM the Kafka and S3Proxy parts run on, and their classpaths resolved by Maven.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DEPENDENCY_PLUGIN, DIR, HERE, MIN_JAVA } from './config.mjs';
import { logMarks, onPath, reasonFrom, rel, run, StackError, writeIfChanged } from './utilities.mjs';

function javaMajor(home) {
  try {
    const m = fs.readFileSync(path.join(home, 'release'), 'utf8').match(/JAVA_VERSION="(\d+)(?:\.(\d+))?/);
    if (!m) return 0;
    return m[1] === '1' ? Number(m[2]) : Number(m[1]);
  } catch {
    return 0;
  }
}

let javaCache;
// JAVA_HOME, then the `java` on PATH, then any JDK under /usr/lib/jvm (newest
// first): the first one new enough wins, so a machine whose default java is
// too old still works if a newer JDK is installed alongside.
export function findJava() {
  if (javaCache) return javaCache;
  const candidates = [];
  if (process.env.JAVA_HOME) candidates.push(process.env.JAVA_HOME);
  const onPathJava = onPath('java');
  if (onPathJava) candidates.push(path.dirname(path.dirname(fs.realpathSync(onPathJava))));
  try {
    const jvm = '/usr/lib/jvm';
    const homes = fs.readdirSync(jvm).map((d) => path.join(jvm, d));
    candidates.push(...homes.sort((a, b) => javaMajor(b) - javaMajor(a)));
  } catch {}
  for (const home of candidates) {
    const bin = path.join(home, 'bin', 'java');
    if (javaMajor(home) >= MIN_JAVA && fs.existsSync(bin)) return (javaCache = { home, bin, major: javaMajor(home) });
  }
  throw new StackError(`no Java ${MIN_JAVA}+ found (looked at JAVA_HOME, PATH, /usr/lib/jvm)`);
}

// Maven runs one at a time: two resolutions writing the same artifacts into
// ~/.m2 concurrently can corrupt them on a cold cache.
let mavenQueue = Promise.resolve();
const classpathMemo = new Map();

// Resolves the runtime classpath of tools/stack/<name>/pom.xml and caches it
// under .stack/cache/, keyed by the pom's hash; re-runs Maven only when the
// pom changed or a cached jar disappeared from ~/.m2. Returns the path of a
// java @argfile holding `-cp ...`, which keeps `ps` output readable.
export function resolveClasspath(name) {
  if (!classpathMemo.has(name)) classpathMemo.set(name, doResolveClasspath(name));
  return classpathMemo.get(name);
}

async function doResolveClasspath(name) {
  const pom = path.join(HERE, name, 'pom.xml');
  const pomHash = crypto.createHash('sha256').update(fs.readFileSync(pom)).digest('hex');
  const cacheFile = path.join(DIR.cache, `${name}.classpath.json`);
  const argFile = path.join(DIR.cache, `${name}.classpath.args`);
  let cached = null;
  try {
    cached = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
  } catch {}
  let jars = cached?.pomHash === pomHash && cached.jars.every((j) => fs.existsSync(j)) ? cached.jars : null;
  let resolvedNow = false;
  if (!jars) {
    const run1 = mavenQueue.then(async () => {
      const out = path.join(DIR.cache, `${name}.classpath.txt`);
      const log = path.join(DIR.logs, `mvn-${name}.log`);
      const marks = logMarks([log]);
      fs.rmSync(out, { force: true });
      const mvn = onPath('mvn');
      if (!mvn) throw new StackError('mvn not found on PATH (needed once to fetch the JVM services)');
      const { code } = await run(
        mvn,
        ['-q', '-B', '-f', pom, `${DEPENDENCY_PLUGIN}:build-classpath`, `-Dmdep.outputFile=${out}`],
        { logFile: log, env: { ...process.env, JAVA_HOME: findJava().home } },
      );
      if (code !== 0 || !fs.existsSync(out)) throw new StackError(`mvn failed to resolve ${rel(pom)} (exit ${code})${reasonFrom(marks)}`, marks);
      const jarList = fs.readFileSync(out, 'utf8').trim().split(path.delimiter).filter(Boolean);
      fs.rmSync(out, { force: true });
      return jarList;
    });
    mavenQueue = run1.catch(() => {});
    jars = await run1;
    fs.writeFileSync(cacheFile, JSON.stringify({ pomHash, jars }, null, 1) + '\n');
    resolvedNow = true;
  }
  // Java @argfiles treat backslash as an escape inside quotes.
  writeIfChanged(argFile, `-cp "${jars.join(path.delimiter).replace(/\\/g, '\\\\')}"\n`);
  return { argFile, resolvedNow };
}
