import type { PackageData, ProgramData } from '@sdp/contracts';
import { readFile } from 'node:fs/promises';
import { segment } from '../core/api-client';
import { CommandSpec, OptionValues, printLine, show } from '../core/command';
import { CliError, UsageError } from '../core/errors';
import { integer, text, texts } from '../core/values';
import { formatBytes } from '../output/format';
import { renderTable } from '../output/table';
import { CREATE_PACKAGE_OPTIONS, createPackageBody, PACKAGE_OPTIONS, updatePackageBody } from './package-options';
import type { DistributionStatus } from '@sdp/contracts';
import { distributionTable } from './distribution-view';
import { PACKAGE_COLUMNS, packageDetails, PROGRAM_COLUMNS, table } from './views';

const id = (raw: string) => segment(raw.toUpperCase());

interface SourceVersion {
  version: number;
  manifestDigest: string;
  fileCount: number;
  sizeBytes: number;
  newBytes: number;
  publishedAt: string;
}

interface ImportedDefinition {
  package: PackageData;
  programs: ProgramData[];
  warnings: string[];
}

const DP_OPTION = { dp: { type: 'string' as const, multiple: true, value: 'NAME', help: 'distribution point; repeatable' } };

function dpNames(values: OptionValues, command: string): string[] {
  const names = texts(values, 'dp');
  if (names.length === 0) throw new UsageError(`sdp package ${command} needs --dp NAME`);
  return names;
}

export const packageCommands: CommandSpec[] = [
  {
    words: ['package', 'create'],
    usage: '--name N [--version V --manufacturer M --language L --priority high|medium|low --no-source]',
    summary: 'create a package',
    options: CREATE_PACKAGE_OPTIONS,
    async run(context, { values }) {
      const created = await context.api.post<PackageData>('catalog', '/api/v1/packages', createPackageBody(values));
      show(context, created, packageDetails);
    },
  },
  {
    words: ['package', 'list'],
    usage: '[--query TEXT] [--limit N]',
    summary: 'list packages, optionally those whose name or manufacturer contains TEXT',
    options: {
      query: { type: 'string', value: 'TEXT', help: 'text contained in the name or manufacturer' },
      limit: { type: 'string', value: 'N', help: 'at most N packages' },
    },
    async run(context, { values }) {
      const items = await context.api.list<PackageData>('catalog', '/api/v1/packages', { q: text(values, 'query') }, integer(values, 'limit', 1));
      show(context, { items }, (page) => table(PACKAGE_COLUMNS, page.items, 'no packages'));
    },
  },
  {
    words: ['package', 'show'],
    args: ['ID'],
    summary: 'show a package with its programs',
    async run(context, { args }) {
      const pkg = await context.api.get<PackageData>('catalog', `/api/v1/packages/${id(args[0])}`);
      if (context.json) return show(context, pkg, packageDetails);
      const programs = await context.api.list<ProgramData>('catalog', `/api/v1/packages/${id(args[0])}/programs`);
      printLine(context.stdout, `${packageDetails(pkg)}\n\nPrograms\n${table(PROGRAM_COLUMNS, programs, 'none')}`);
    },
  },
  {
    words: ['package', 'update'],
    args: ['ID'],
    usage: '[--name N --version V --manufacturer M --language L --description T --priority P --persist-in-cache|--no-persist-in-cache]',
    summary: 'change fields of a package',
    options: PACKAGE_OPTIONS,
    async run(context, { args, values }) {
      const updated = await context.api.patch<PackageData>('catalog', `/api/v1/packages/${id(args[0])}`, updatePackageBody(values));
      show(context, updated, packageDetails);
    },
  },
  {
    words: ['package', 'delete'],
    args: ['ID'],
    summary: 'delete a package (refused while an advertisement uses it); DPs drop its content',
    async run(context, { args }) {
      await context.api.delete('catalog', `/api/v1/packages/${id(args[0])}`);
      show(context, { deleted: args[0].toUpperCase() }, () => `deleted package ${args[0].toUpperCase()}`);
    },
  },
  {
    words: ['package', 'import-definition'],
    args: ['FILE'],
    summary: 'create a package and its programs from a package definition file (INI)',
    async run(context, { args }) {
      let definition: string;
      try {
        definition = await readFile(args[0], 'utf8');
      } catch (error) {
        throw new CliError(`cannot read ${args[0]}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      const imported = await context.api.call<ImportedDefinition>('catalog', 'POST', '/api/v1/package-definitions', {
        raw: { body: definition, contentType: 'text/plain' },
      });
      show(context, imported, (result) =>
        [
          packageDetails(result.package),
          '',
          'Programs',
          table(PROGRAM_COLUMNS, result.programs, 'none'),
          ...(result.warnings.length > 0 ? ['', 'Warnings', ...result.warnings.map((warning) => `  ${warning}`)] : []),
        ].join('\n'),
      );
    },
  },
  {
    words: ['package', 'versions'],
    args: ['ID'],
    summary: 'list the published source versions of a package',
    async run(context, { args }) {
      const page = await context.api.get<{ items: SourceVersion[] }>('catalog', `/api/v1/packages/${id(args[0])}/source-versions`);
      show(context, page, ({ items }) =>
        table(
          [
            { header: 'VERSION', value: (row: SourceVersion) => row.version, align: 'right' },
            { header: 'FILES', value: (row: SourceVersion) => row.fileCount, align: 'right' },
            { header: 'SIZE', value: (row: SourceVersion) => formatBytes(row.sizeBytes), align: 'right' },
            { header: 'NEW', value: (row: SourceVersion) => formatBytes(row.newBytes), align: 'right' },
            { header: 'PUBLISHED', value: (row: SourceVersion) => row.publishedAt },
            { header: 'DIGEST', value: (row: SourceVersion) => row.manifestDigest.slice(0, 16) },
          ],
          items,
          'no source published yet',
        ),
      );
    },
  },
  {
    words: ['package', 'distribute'],
    args: ['ID'],
    usage: '--dp NAME ... [--group NAME ...]',
    summary: 'copy the package to distribution points (and every member of the groups)',
    options: { ...DP_OPTION, group: { type: 'string', multiple: true, value: 'NAME', help: 'DP group; repeatable' } },
    async run(context, { args, values }) {
      const distributionPoints = texts(values, 'dp');
      const groups = texts(values, 'group');
      if (distributionPoints.length === 0 && groups.length === 0) throw new UsageError('sdp package distribute needs --dp NAME or --group NAME');
      const status = await context.api.post<DistributionStatus>('replication', `/api/v1/packages/${id(args[0])}/distribution-points`, {
        ...(distributionPoints.length > 0 ? { distributionPoints } : {}),
        ...(groups.length > 0 ? { groups } : {}),
      });
      show(context, status, distributionTable);
    },
  },
  {
    words: ['package', 'remove'],
    args: ['ID'],
    usage: '--dp NAME ...',
    summary: 'take the package off distribution points',
    options: DP_OPTION,
    async run(context, { args, values }) {
      let status: DistributionStatus | undefined;
      for (const name of dpNames(values, 'remove')) {
        status = await context.api.delete<DistributionStatus>('replication', `/api/v1/packages/${id(args[0])}/distribution-points/${segment(name)}`);
      }
      show(context, status, (result) => (result ? distributionTable(result) : ''));
    },
  },
  {
    words: ['package', 'refresh'],
    args: ['ID'],
    usage: '--dp NAME ...',
    summary: 're-copy the current version to distribution points, repairing them',
    options: DP_OPTION,
    async run(context, { args, values }) {
      let status: DistributionStatus | undefined;
      for (const name of dpNames(values, 'refresh')) {
        status = await context.api.post<DistributionStatus>('replication', `/api/v1/packages/${id(args[0])}/distribution-points/${segment(name)}/refresh`);
      }
      show(context, status, (result) => (result ? distributionTable(result) : ''));
    },
  },
  {
    words: ['package', 'validate'],
    args: ['ID'],
    usage: '--dp NAME ...',
    summary: "re-read the package's objects on distribution points and repair what differs",
    options: DP_OPTION,
    async run(context, { args, values }) {
      const queued: { distributionPoint: string; queued: number }[] = [];
      for (const name of dpNames(values, 'validate')) {
        const result = await context.api.post<{ queued: number }>('replication', `/api/v1/packages/${id(args[0])}/distribution-points/${segment(name)}/validate`);
        queued.push({ distributionPoint: name, queued: result.queued });
      }
      show(context, queued, (rows) =>
        renderTable(
          [
            { header: 'DISTRIBUTION POINT', value: (row) => row.distributionPoint },
            { header: 'VALIDATION', value: (row) => (row.queued > 0 ? 'queued' : 'not queued') },
          ],
          rows,
        ),
      );
    },
  },
];
