import type { CreatedEnrollmentSecret, EnrollmentSecretData } from '@sdp/contracts';
import { segment } from '../core/api-client';
import { CommandSpec, show } from '../core/command';
import { flag, text } from '../core/values';
import { Column, renderFields } from '../output/table';
import { table } from './views';

const ENROLLMENT_PATH = '/api/v1/enrollment-secrets';

export const SHOWN_ONCE_NOTICE = 'The secret is shown this once and cannot be shown again: store it now (agents take it as --enroll-secret).';

function state(secret: EnrollmentSecretData, now: Date): string {
  if (secret.revokedAt !== null) return `revoked ${secret.revokedAt}`;
  if (secret.expiresAt !== null && new Date(secret.expiresAt).getTime() <= now.getTime()) return 'expired';
  return 'active';
}

export function enrollmentColumns(now: Date): Column<EnrollmentSecretData>[] {
  return [
    { header: 'ID', value: (row) => row.id },
    { header: 'NAME', value: (row) => row.name },
    { header: 'STATE', value: (row) => state(row, now) },
    { header: 'APPROVAL', value: (row) => (row.approvalRequired ? 'required' : 'no') },
    { header: 'EXPIRES', value: (row) => row.expiresAt ?? 'never' },
    { header: 'CREATED', value: (row) => row.createdAt },
    { header: 'BY', value: (row) => row.createdBy },
    { header: 'LAST USED', value: (row) => row.lastUsedAt ?? 'never' },
  ];
}

export function createdSecretView(created: CreatedEnrollmentSecret): string {
  const fields = renderFields([
    ['ID', created.id],
    ['Name', created.name],
    ['Expires', created.expiresAt ?? 'never'],
    ['Approval required', created.approvalRequired ? 'yes' : 'no'],
    ['Created', created.createdAt],
    ['Secret', created.secret],
  ]);
  return `${fields}\n\n${SHOWN_ONCE_NOTICE}`;
}

export function revokedSecretView(secret: EnrollmentSecretData): string {
  return `enrollment secret ${secret.name} (${secret.id}) revoked at ${secret.revokedAt ?? '-'}; it enrolls no more clients`;
}

export const enrollmentCommands: CommandSpec[] = [
  {
    words: ['enrollment', 'create'],
    args: ['NAME'],
    usage: 'NAME [--expires ISO] [--approval-required]',
    summary: 'create an enrollment secret for agents (admin); the secret is printed once',
    options: {
      expires: { type: 'string', value: 'ISO', help: 'when it stops enrolling clients, e.g. 2027-01-01T00:00:00Z; default never' },
      'approval-required': { type: 'boolean', help: 'new computers enrolled with it wait until `sdp client approve ID`' },
    },
    async run(context, { args, values }) {
      const body = { name: args[0], expiresAt: text(values, 'expires'), approvalRequired: flag(values, 'approval-required') };
      show(context, await context.api.post<CreatedEnrollmentSecret>('targeting', ENROLLMENT_PATH, body), createdSecretView);
    },
  },
  {
    words: ['enrollment', 'list'],
    summary: 'list enrollment secrets, revoked and expired ones too (never the secrets)',
    async run(context) {
      const items = await context.api.list<EnrollmentSecretData>('targeting', ENROLLMENT_PATH);
      show(context, { items }, (page) => table(enrollmentColumns(new Date()), page.items, 'no enrollment secrets'));
    },
  },
  {
    words: ['enrollment', 'revoke'],
    args: ['ID_OR_NAME'],
    summary: 'revoke an enrollment secret (admin): it enrolls no more clients; enrolled ones keep working',
    async run(context, { args }) {
      show(context, await context.api.delete<EnrollmentSecretData>('targeting', `${ENROLLMENT_PATH}/${segment(args[0])}`), revokedSecretView);
    },
  },
];
