import type { ProgramData } from '@sdp/contracts';
import { segment } from '../core/api-client';
import { CommandSpec, show } from '../core/command';
import { UsageError } from '../core/errors';
import { createProgramBody, PROGRAM_OPTIONS, programFields } from './program-options';
import { PROGRAM_COLUMNS, programDetails, table } from './views';

const programsOf = (packageId: string) => `/api/v1/packages/${segment(packageId.toUpperCase())}/programs`;

export const programCommands: CommandSpec[] = [
  {
    words: ['program', 'add'],
    args: ['ID'],
    usage: '--name N --command "..." [--platform windows/x64>=10.0 ... --max-run-time 120 --run-as admin|user --depends-on PKG:PROGRAM ...]',
    summary: 'add a program (how to run it) to package ID',
    options: { name: { type: 'string', value: 'N', help: 'program name, unique within the package' }, ...PROGRAM_OPTIONS },
    async run(context, { args, values }) {
      const created = await context.api.post<ProgramData>('catalog', programsOf(args[0]), createProgramBody(values));
      show(context, created, programDetails);
    },
  },
  {
    words: ['program', 'list'],
    args: ['ID'],
    summary: 'list the programs of a package',
    async run(context, { args }) {
      const items = await context.api.list<ProgramData>('catalog', programsOf(args[0]));
      show(context, { items }, (page) => table(PROGRAM_COLUMNS, page.items, 'no programs'));
    },
  },
  {
    words: ['program', 'show'],
    args: ['ID', 'NAME'],
    summary: 'show one program',
    async run(context, { args }) {
      show(context, await context.api.get<ProgramData>('catalog', `${programsOf(args[0])}/${segment(args[1])}`), programDetails);
    },
  },
  {
    words: ['program', 'update'],
    args: ['ID', 'NAME'],
    usage: '[any option of program add but --name]',
    summary: 'change fields of a program',
    options: PROGRAM_OPTIONS,
    async run(context, { args, values }) {
      const body = programFields(values);
      if (Object.keys(body).length === 0) throw new UsageError('nothing to change; see sdp program update --help');
      show(context, await context.api.patch<ProgramData>('catalog', `${programsOf(args[0])}/${segment(args[1])}`, body), programDetails);
    },
  },
  {
    words: ['program', 'remove'],
    args: ['ID', 'NAME'],
    summary: 'remove a program (refused while another program depends on it)',
    async run(context, { args }) {
      await context.api.delete('catalog', `${programsOf(args[0])}/${segment(args[1])}`);
      show(context, { deleted: { packageId: args[0].toUpperCase(), program: args[1] } }, () => `removed program ${args[1]} of ${args[0].toUpperCase()}`);
    },
  },
];
