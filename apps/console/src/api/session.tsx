import { createContext, ReactNode, useContext } from 'react';
import { ApiClient } from './api-client';
import { canDelete, canWrite, Role } from './role';

export interface Session {
  api: ApiClient;
  role: Role;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session & { canWrite: boolean; canDelete: boolean; isAdmin: boolean } {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return { ...session, canWrite: canWrite(session.role), canDelete: canDelete(session.role), isAdmin: session.role === 'admin' };
}
