import { ClientStatusReportedData } from './client-status.schema';

export const clientStatusReportedExample: ClientStatusReportedData = {
  advertisementId: 'S0100002',
  clientId: '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f',
  state: 'SUCCEEDED',
  messageId: 10009,
  exitCode: 0,
  detail: null,
  at: '2026-03-02T10:12:40Z',
  seq: 17,
};
