import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClientAdvertisementEntry, ClientAdvertisementsPage, ClientLastFailure, clientStatusMessageText, ProgramOutput } from '@sdp/contracts';
import { DataSource } from 'typeorm';
import { PolicyService } from '../policy/policy.service';
import { clientNotKnown } from './status.errors';

/** The most advertisements one answer lists (by name): a client's page shows every one of the system. */
export const CLIENT_ADVERTISEMENTS_LIMIT = 500;

interface AdvertisementRow {
  id: string;
  name: string;
  packageId: string;
  packageName: string | null;
  program: string;
}

interface StateRow {
  advertisementId: string;
  acceptanceState: string | null;
  acceptanceAt: Date | null;
  deliveryState: string | null;
  deliveryAt: Date | null;
  messageId: number | null;
  packageVersion: number | null;
}

interface FailureRow {
  advertisementId: string;
  reportedAt: Date;
  state: string;
  messageId: number | null;
  exitCode: string | null;
  detail: string | null;
  packageVersion: number | null;
  output: ProgramOutput | null;
}

/**
 * One computer's view of the advertisements: every advertisement of the system, whether it
 * applies to the client and why not (the policy's own applicability rule, PolicyService), the
 * client's last state of it and its last failure with the program's output.
 */
@Injectable()
export class ClientAdvertisementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policies: PolicyService,
  ) {}

  async forClient(clientId: string): Promise<ClientAdvertisementsPage> {
    const manager = this.dataSource.manager;
    const [known]: unknown[] = await manager.query(`SELECT 1 FROM known_client WHERE id = $1`, [clientId]);
    if (!known) {
      throw clientNotKnown(`client ${clientId} is not known (yet) to the advertisement service`);
    }
    // Raw SQL: one read of the advertisements with their package names, one of the client's states, one of its last failures.
    const advertisements: AdvertisementRow[] = await manager.query(
      `SELECT a.id, a.name, a.package_id AS "packageId", p.data->>'name' AS "packageName", a.program
       FROM advertisement a LEFT JOIN known_package p ON p.id = a.package_id
       ORDER BY a.name, a.id LIMIT $1`,
      [CLIENT_ADVERTISEMENTS_LIMIT],
    );
    const ids = advertisements.map((advertisement) => advertisement.id);
    const verdicts = await this.policies.applicability(clientId, ids);
    const states: StateRow[] = await manager.query(
      `SELECT advertisement_id AS "advertisementId", acceptance_state AS "acceptanceState", acceptance_at AS "acceptanceAt",
         delivery_state AS "deliveryState", delivery_at AS "deliveryAt", message_id AS "messageId", package_version AS "packageVersion"
       FROM client_advertisement_status WHERE client_id = $1 AND advertisement_id = ANY($2::text[])`,
      [clientId, ids],
    );
    const failures: FailureRow[] = await manager.query(
      `SELECT DISTINCT ON (advertisement_id) advertisement_id AS "advertisementId", reported_at AS "reportedAt", state,
         message_id AS "messageId", exit_code AS "exitCode", detail, package_version AS "packageVersion", output
       FROM client_status_report WHERE client_id = $1 AND state = 'FAILED' AND advertisement_id = ANY($2::text[])
       ORDER BY advertisement_id, seq DESC`,
      [clientId, ids],
    );
    const stateOf = new Map(states.map((row) => [row.advertisementId, row]));
    const failureOf = new Map(failures.map((row) => [row.advertisementId, toLastFailure(row)]));
    const items = advertisements.map((advertisement): ClientAdvertisementEntry => {
      const verdict = verdicts.get(advertisement.id) ?? { applies: false, reason: 'advertisement deleted' };
      const state = stateOf.get(advertisement.id);
      const lastReportAt = latest(state?.acceptanceAt ?? null, state?.deliveryAt ?? null);
      return {
        advertisementId: advertisement.id,
        advertisementName: advertisement.name,
        packageId: advertisement.packageId,
        packageName: advertisement.packageName,
        programName: advertisement.program,
        applies: verdict.applies,
        reason: verdict.applies ? null : verdict.reason,
        state: state ? (state.deliveryState ?? state.acceptanceState) : null,
        messageId: state?.deliveryState ? state.messageId : null,
        messageText: state?.deliveryState ? clientStatusMessageText(state.messageId) : null,
        packageVersion: state?.packageVersion ?? null,
        lastReportAt: lastReportAt?.toISOString() ?? null,
        lastFailure: failureOf.get(advertisement.id) ?? null,
      };
    });
    return { clientId, items };
  }
}

function toLastFailure(row: FailureRow): ClientLastFailure {
  return {
    at: row.reportedAt.toISOString(),
    state: row.state,
    messageId: row.messageId,
    messageText: clientStatusMessageText(row.messageId),
    exitCode: row.exitCode === null ? null : Number(row.exitCode),
    detail: row.detail,
    packageVersion: row.packageVersion,
    output: row.output,
  };
}

function latest(left: Date | null, right: Date | null): Date | null {
  if (left === null) return right;
  if (right === null) return left;
  return left.getTime() >= right.getTime() ? left : right;
}
