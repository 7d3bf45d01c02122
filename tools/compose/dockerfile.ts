export interface DockerfileInstruction {
  keyword: string;
  /** Everything after the keyword, continuation lines joined. */
  args: string;
}

export interface DockerfileStage {
  /** The `AS` name, if any. */
  name?: string;
  /** The image or earlier stage the stage starts `FROM`. */
  base: string;
  instructions: DockerfileInstruction[];
}

/** The settings an image built from a stage ends up with, inherited through its FROM chain. */
export interface EffectiveStage {
  user?: string;
  healthcheck?: string;
  entrypoint?: string;
  env: Map<string, string>;
  exposed: string[];
  volumes: string[];
  /** Every instruction of the chain, root stage first. */
  instructions: DockerfileInstruction[];
}

/**
 * Where an image's node_modules come from: the workspace lockfile (bundles that need most of it),
 * the package.json and lockfile the app's build generates (only what its bundle requires), or
 * nowhere (a bundle of node built-ins).
 */
export type DependencySource = 'workspace' | 'generated' | 'none';

/** What one app's image target must contain. */
export interface ExpectedImage {
  app: string;
  /** The port of an HTTP server; a command-line program has none, and so no HEALTHCHECK. */
  port?: number;
  dependencies: DependencySource;
  /** A data directory declared as a VOLUME and owned by the image's user. */
  volume?: string;
  /** The program itself is the ENTRYPOINT, so the arguments of `docker run IMAGE ...` reach it. */
  programEntrypoint?: boolean;
}

function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && pending === '')) {
      continue;
    }
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    lines.push(`${pending}${line}`.trim());
    pending = '';
  }
  if (pending !== '') {
    lines.push(pending.trim());
  }
  return lines.filter((line) => line !== '');
}

export function parseDockerfile(text: string): DockerfileStage[] {
  const stages: DockerfileStage[] = [];
  for (const line of logicalLines(text)) {
    const [keyword, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const words = rest.filter((word) => !word.startsWith('--'));
      const hasName = words.length >= 3 && words[1].toUpperCase() === 'AS';
      stages.push({ base: words[0] ?? '', name: hasName ? words[2] : undefined, instructions: [] });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

function envAssignments(args: string): [string, string][] {
  const pairs = [...args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)];
  if (pairs.length > 0) {
    return pairs.map(([, name, value]) => [name, value.replace(/^"|"$/g, '')]);
  }
  const [name, ...value] = args.split(/\s+/);
  return [[name, value.join(' ')]];
}

/** Resolves a stage's settings from the root of its FROM chain down to the stage itself. */
export function effectiveStage(stages: DockerfileStage[], name: string): EffectiveStage | undefined {
  const chain: DockerfileStage[] = [];
  let current = stages.find((stage) => stage.name === name);
  while (current !== undefined && !chain.includes(current)) {
    chain.unshift(current);
    const base = current.base;
    current = stages.find((stage) => stage.name === base);
  }
  if (chain.length === 0) {
    return undefined;
  }
  const instructions = chain.flatMap((stage) => stage.instructions);
  const effective: EffectiveStage = { env: new Map(), exposed: [], volumes: [], instructions };
  for (const { keyword, args } of instructions) {
    if (keyword === 'USER') effective.user = args;
    if (keyword === 'HEALTHCHECK') effective.healthcheck = args;
    if (keyword === 'ENTRYPOINT') effective.entrypoint = args;
    if (keyword === 'EXPOSE') effective.exposed.push(...args.split(/\s+/));
    if (keyword === 'VOLUME') effective.volumes.push(...listArguments(args));
    if (keyword === 'ENV') envAssignments(args).forEach(([key, value]) => effective.env.set(key, value));
  }
  return effective;
}

/** The exec form (`["a", "b"]`) or the shell form (`a b`) of an instruction's arguments. */
function listArguments(args: string): string[] {
  if (args.startsWith('[')) {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  }
  return args.split(/\s+/).filter((word) => word !== '');
}

function isRootUser(user: string | undefined): boolean {
  const account = (user ?? 'root').split(':')[0];
  return account === 'root' || account === '0';
}

function stageRuns(stages: DockerfileStage[], name: string | undefined, command: string): boolean {
  const stage = stages.find((candidate) => candidate.name === name);
  return stage?.instructions.some((step) => step.keyword === 'RUN' && step.args.includes(command)) === true;
}

function copySource(instruction: DockerfileInstruction): string | undefined {
  return instruction.keyword === 'COPY' ? /--from=(\S+)/.exec(instruction.args)?.[1] : undefined;
}

function dependencyProblems(stages: DockerfileStage[], effective: EffectiveStage, expected: ExpectedImage): string[] {
  const { app, dependencies } = expected;
  const sources = effective.instructions.filter((step) => step.keyword === 'COPY' && step.args.includes('node_modules')).map(copySource);
  if (dependencies === 'none') {
    return sources.length > 0 ? [`${app}: copies node_modules though its bundle needs none`] : [];
  }
  const fitting = sources.some((source) => {
    const installer = stages.find((stage) => stage.name === source);
    if (installer === undefined || !stageRuns(stages, source, 'npm ci --omit=dev')) return false;
    const manifests = installer.instructions.filter((step) => step.keyword === 'COPY' && step.args.includes('package-lock.json'));
    return dependencies === 'workspace'
      ? manifests.some((step) => copySource(step) === undefined)
      : manifests.some((step) => step.args.includes(`dist/apps/${app}/package.json`) && stageRuns(stages, copySource(step), `nx build ${app}`));
  });
  if (fitting) return [];
  return dependencies === 'workspace'
    ? [`${app}: node_modules do not come from npm ci --omit=dev on the workspace lockfile`]
    : [`${app}: node_modules do not come from npm ci --omit=dev on the package.json that nx build ${app} generates`];
}

function serverProblems(effective: EffectiveStage, app: string, port: number | undefined): string[] {
  const healthcheck = effective.healthcheck === undefined || /^NONE$/i.test(effective.healthcheck) ? undefined : effective.healthcheck;
  if (port === undefined) {
    // A probe of a port nobody listens on would mark the container unhealthy for ever.
    const problems = healthcheck === undefined ? [] : [`${app}: has a HEALTHCHECK but serves no HTTP`];
    return effective.exposed.length > 0 ? [...problems, `${app}: exposes ${effective.exposed.join(', ')} but serves no HTTP`] : problems;
  }
  const problems: string[] = [];
  if (healthcheck === undefined) {
    problems.push(`${app}: no HEALTHCHECK`);
  } else if (!healthcheck.includes('/health/live')) {
    problems.push(`${app}: HEALTHCHECK does not probe /health/live`);
  }
  if (effective.env.get('PORT') !== String(port) || !effective.exposed.includes(String(port))) {
    problems.push(`${app}: does not set PORT=${port} and EXPOSE ${port}`);
  }
  return problems;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function volumeProblems(effective: EffectiveStage, app: string, volume: string | undefined): string[] {
  if (volume === undefined) return [];
  if (!effective.volumes.includes(volume)) return [`${app}: declares no VOLUME ${volume}`];
  const owner = (effective.user ?? 'root').split(':')[0];
  const chowned = effective.instructions.some(
    ({ keyword, args }) => keyword === 'RUN' && new RegExp(String.raw`chown\s+(-\S+\s+)*${owner}(:\S*)?\s+${escapeRegExp(volume)}(\s|$)`).test(args),
  );
  return chowned ? [] : [`${app}: ${volume} is not owned by ${owner}, who must write there`];
}

function appImageProblems(stages: DockerfileStage[], expected: ExpectedImage): string[] {
  const { app, port } = expected;
  const target = stages.find((stage) => stage.name === app);
  const effective = effectiveStage(stages, app);
  if (target === undefined || effective === undefined) {
    return [`${app}: no stage named ${app}`];
  }
  const problems: string[] = [];
  if (isRootUser(effective.user)) {
    problems.push(`${app}: runs as root (no non-root USER)`);
  }
  problems.push(...serverProblems(effective, app, port));
  if (!/tini|dumb-init/.test(effective.entrypoint ?? '')) {
    problems.push(`${app}: no init process (tini or dumb-init) as ENTRYPOINT`);
  } else if (expected.programEntrypoint === true && !/main\.js/.test(effective.entrypoint ?? '')) {
    problems.push(`${app}: the ENTRYPOINT does not run main.js, so docker run arguments do not reach ${app}`);
  }
  const copiesItsBundle = target.instructions.some(
    (instruction) => instruction.args.includes(`dist/apps/${app}`) && stageRuns(stages, copySource(instruction), `nx build ${app}`),
  );
  if (!copiesItsBundle) {
    problems.push(`${app}: does not copy dist/apps/${app} from a stage that runs nx build ${app}`);
  }
  return [...problems, ...dependencyProblems(stages, effective, expected), ...volumeProblems(effective, app, expected.volume)];
}

/** An empty list means the Dockerfile is multi-stage and every expected image is sound. */
export function findDockerfileProblems(stages: DockerfileStage[], expected: ExpectedImage[]): string[] {
  const problems: string[] = [];
  if (stages.length < 2 || stages.some((stage) => stage.name === undefined)) {
    problems.push('(file): not a multi-stage build with every stage named (FROM ... AS name)');
  }
  for (const image of expected) {
    problems.push(...appImageProblems(stages, image));
  }
  return problems;
}
