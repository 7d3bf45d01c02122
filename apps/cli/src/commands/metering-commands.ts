import { InstalledUnusedReport, METERING_REPORT_MAX_PAGE, MeteringReport, MeteringReportComputer, MeteringReportPage, MeteringReportUser, MeteringRuleData } from '@sdp/contracts';
import { segment } from '../core/api-client';
import { CommandContext, CommandSpec, show } from '../core/command';
import { UsageError } from '../core/errors';
import { createMeteringRuleBody, METERING_RULE_OPTIONS, meteringRuleFields, reportMonth, unusedDays } from './metering-options';
import { installedUnusedView, METERING_RULE_COLUMNS, meteringReportView, meteringRuleDetails } from './metering-views';
import { table } from './views';

const RULES_PATH = '/api/v1/metering/rules';
const rulePath = (id: string) => `${RULES_PATH}/${segment(id.toUpperCase())}`;

function enabledCommand(word: 'enable' | 'disable'): CommandSpec {
  const enabled = word === 'enable';
  return {
    words: ['metering', 'rule', word],
    args: ['ID'],
    summary: enabled ? 'send the rule to clients again' : 'stop clients metering the rule (what was recorded stays)',
    async run(context, { args }) {
      show(context, await context.api.patch<MeteringRuleData>('metering', rulePath(args[0]), { enabled }), meteringRuleDetails);
    },
  };
}

/** The rows of a report's drill-down list after the first `from`, read in pages of the most the service gives. */
async function restOfDrillDown<T extends MeteringReportComputer | MeteringReportUser>(context: CommandContext, path: string, month: string, from: number, total: number): Promise<T[]> {
  const rows: T[] = [];
  for (let offset = from; offset < total; ) {
    const page = await context.api.get<MeteringReportPage<T>>('metering', path, { month, offset, limit: METERING_REPORT_MAX_PAGE });
    if (page.items.length === 0) break;
    rows.push(...page.items);
    offset += page.items.length;
  }
  return rows;
}

export const meteringCommands: CommandSpec[] = [
  {
    words: ['metering', 'rule', 'create'],
    usage: '--product NAME --file NAME|--original-file NAME [--version 16.* --platform windows/x64 --language en-US --site S01 --licences N --installed-name PATTERN]',
    summary: 'create a metering rule: which executable to meter, against how many licences owned',
    options: { ...METERING_RULE_OPTIONS, disabled: { type: 'boolean', help: 'create it disabled' } },
    async run(context, { values }) {
      const body = { ...createMeteringRuleBody(values), ...(values.disabled === true && { enabled: false }) };
      show(context, await context.api.post<MeteringRuleData>('metering', RULES_PATH, body), meteringRuleDetails);
    },
  },
  {
    words: ['metering', 'rule', 'list'],
    summary: 'list the metering rules',
    async run(context) {
      const items = await context.api.list<MeteringRuleData>('metering', RULES_PATH);
      show(context, { items }, (page) => table(METERING_RULE_COLUMNS, page.items, 'no metering rules'));
    },
  },
  {
    words: ['metering', 'rule', 'show'],
    args: ['ID'],
    summary: 'show one metering rule',
    async run(context, { args }) {
      show(context, await context.api.get<MeteringRuleData>('metering', rulePath(args[0])), meteringRuleDetails);
    },
  },
  {
    words: ['metering', 'rule', 'update'],
    args: ['ID'],
    usage: 'ID [any option of metering rule create]',
    summary: 'change fields of a metering rule',
    options: METERING_RULE_OPTIONS,
    async run(context, { args, values }) {
      const body = meteringRuleFields(values);
      if (Object.keys(body).length === 0) throw new UsageError('nothing to change; see sdp metering rule update --help');
      show(context, await context.api.patch<MeteringRuleData>('metering', rulePath(args[0]), body), meteringRuleDetails);
    },
  },
  enabledCommand('enable'),
  enabledCommand('disable'),
  {
    words: ['metering', 'rule', 'delete'],
    args: ['ID'],
    summary: 'delete a metering rule and the usage recorded for it (admin)',
    async run(context, { args }) {
      await context.api.delete('metering', rulePath(args[0]));
      show(context, { deleted: args[0].toUpperCase() }, () => `deleted metering rule ${args[0].toUpperCase()} and its usage`);
    },
  },
  {
    words: ['metering', 'report'],
    args: ['RULE'],
    usage: 'RULE [--month YYYY-MM] [--all] [--json]',
    summary: 'a rule\'s month (UTC): computers, users, launches, usage time, peak concurrent users against licences owned; per day, and the computers and users most used (--all: every one)',
    options: {
      month: { type: 'string', value: 'YYYY-MM', help: 'the UTC month (default the current one)' },
      all: { type: 'boolean', help: 'every computer and user that ran it, not only the first page' },
    },
    async run(context, { args, values }) {
      const month = reportMonth(values);
      const path = `${rulePath(args[0])}/report`;
      const report = await context.api.get<MeteringReport>('metering', path, month === undefined ? {} : { month });
      if (values.all === true) {
        // Pages of a month the report has summarized (the month it answered for, also when --month was left out).
        report.computers.push(...(await restOfDrillDown<MeteringReportComputer>(context, `${path}/computers`, report.month, report.computers.length, report.computersTotal)));
        report.users.push(...(await restOfDrillDown<MeteringReportUser>(context, `${path}/users`, report.month, report.users.length, report.usersTotal)));
      }
      show(context, report, (shown) => meteringReportView(shown, `sdp metering report ${args[0].toUpperCase()} --month ${shown.month} --all`));
    },
  },
  {
    words: ['metering', 'unused'],
    args: ['RULE'],
    usage: 'RULE [--days N] [--json]',
    summary: "computers that have the rule's product installed but have not run it for N days (default 90)",
    options: { days: { type: 'string', value: 'N', help: 'unused for how many days, 1 to 3650 (default 90)' } },
    async run(context, { args, values }) {
      const days = unusedDays(values);
      show(context, await context.api.get<InstalledUnusedReport>('metering', `${rulePath(args[0])}/installed-unused`, days === undefined ? {} : { days: String(days) }), installedUnusedView);
    },
  },
];
