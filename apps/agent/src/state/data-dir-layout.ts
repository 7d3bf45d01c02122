import { join } from 'node:path';

/** Where each piece of the agent's state lives inside its data directory. */
export function dataDirLayout(dataDir: string) {
  return {
    identity: join(dataDir, 'identity.json'),
    /** The client's Ed25519 private key (PKCS#8 PEM, mode 0600): who holds it is this client. */
    clientKey: join(dataDir, 'client-key.pem'),
    hardwareId: join(dataDir, 'hardware-id.json'),
    policy: join(dataDir, 'policy.json'),
    history: join(dataDir, 'history.json'),
    reports: join(dataDir, 'reports.json'),
    cacheDir: join(dataDir, 'cache'),
    workDir: join(dataDir, 'work'),
    lock: join(dataDir, 'agent.lock'),
    /** A self-update in flight, between the agent that staged it, the supervisor and the agent that settles it. */
    pendingUpdate: join(dataDir, 'pending-update.json'),
  };
}

export type DataDirLayout = ReturnType<typeof dataDirLayout>;
