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
}

/** What one app's image target must contain. */
export interface ExpectedImage {
  app: string;
  port: number;
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
  const effective: EffectiveStage = { env: new Map(), exposed: [] };
  for (const { keyword, args } of chain.flatMap((stage) => stage.instructions)) {
    if (keyword === 'USER') effective.user = args;
    if (keyword === 'HEALTHCHECK') effective.healthcheck = args;
    if (keyword === 'ENTRYPOINT') effective.entrypoint = args;
    if (keyword === 'EXPOSE') effective.exposed.push(...args.split(/\s+/));
    if (keyword === 'ENV') envAssignments(args).forEach(([key, value]) => effective.env.set(key, value));
  }
  return effective;
}

function isRootUser(user: string | undefined): boolean {
  const account = (user ?? 'root').split(':')[0];
  return account === 'root' || account === '0';
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
  if (effective.healthcheck === undefined || /^NONE$/i.test(effective.healthcheck)) {
    problems.push(`${app}: no HEALTHCHECK`);
  } else if (!effective.healthcheck.includes('/health/live')) {
    problems.push(`${app}: HEALTHCHECK does not probe /health/live`);
  }
  if (!/tini|dumb-init/.test(effective.entrypoint ?? '')) {
    problems.push(`${app}: no init process (tini or dumb-init) as ENTRYPOINT`);
  }
  if (effective.env.get('PORT') !== String(port) || !effective.exposed.includes(String(port))) {
    problems.push(`${app}: does not set PORT=${port} and EXPOSE ${port}`);
  }
  const copiesItsBundle = target.instructions.some((instruction) => {
    const from = /--from=(\S+)/.exec(instruction.args)?.[1];
    const builder = stages.find((stage) => stage.name === from);
    const buildsApp = builder?.instructions.some((step) => step.keyword === 'RUN' && step.args.includes(`nx build ${app}`));
    return instruction.keyword === 'COPY' && instruction.args.includes(`dist/apps/${app}`) && buildsApp === true;
  });
  if (!copiesItsBundle) {
    problems.push(`${app}: does not copy dist/apps/${app} from a stage that runs nx build ${app}`);
  }
  return problems;
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
