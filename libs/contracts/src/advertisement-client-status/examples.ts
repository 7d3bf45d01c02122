import { ClientStatusReportedData } from './client-status.schema';

export const clientStatusReportedExample: ClientStatusReportedData = {
  advertisementId: 'S0100002',
  clientId: '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f',
  state: 'FAILED',
  messageId: 10006,
  exitCode: 126,
  detail: 'S0100001:Install exited with 126',
  at: '2026-03-02T10:12:40Z',
  seq: 17,
  output: { stdout: 'unpacking demo-tool 1.2\n', stderr: '/bin/sh: 1: ./install.sh: Permission denied\n', truncated: false },
  packageVersion: 3,
};
