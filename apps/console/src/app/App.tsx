import { ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { AdvertisementDetail } from '../advertisements/AdvertisementDetail';
import { AdvertisementsPage } from '../advertisements/AdvertisementsPage';
import { ApiClient } from '../api/api-client';
import { fetchRole, Role } from '../api/role';
import { storedToken, storeToken } from '../api/session-storage';
import { SessionProvider } from '../api/session';
import { ClientDetail } from '../clients/ClientDetail';
import { ClientsPage } from '../clients/ClientsPage';
import { EnrollmentSecretsPage } from '../enrollment/EnrollmentSecretsPage';
import { CollectionsPage } from '../collections/CollectionsPage';
import { Loading } from '../components/feedback';
import { DistributionPage } from '../distribution/DistributionPage';
import { MeteringPage } from '../metering/MeteringPage';
import { MeteringRuleDetail } from '../metering/MeteringRuleDetail';
import { PackageDetail } from '../packages/PackageDetail';
import { PackagesPage } from '../packages/PackagesPage';
import { Layout } from './Layout';
import { matchPath, navigate, usePath } from './router';
import { SignIn } from './SignIn';

interface Route {
  pattern: string;
  render(params: Record<string, string>): ReactNode;
}

const ROUTES: Route[] = [
  { pattern: '/packages', render: () => <PackagesPage /> },
  { pattern: '/packages/:id', render: (params) => <PackageDetail id={params.id} /> },
  { pattern: '/distribution', render: () => <DistributionPage /> },
  { pattern: '/collections', render: () => <CollectionsPage /> },
  { pattern: '/collections/:id', render: (params) => <CollectionsPage selectedId={params.id} /> },
  { pattern: '/advertisements', render: () => <AdvertisementsPage /> },
  { pattern: '/advertisements/:id', render: (params) => <AdvertisementDetail id={params.id} /> },
  { pattern: '/clients', render: () => <ClientsPage /> },
  { pattern: '/clients/:id', render: (params) => <ClientDetail id={params.id} /> },
  { pattern: '/metering', render: () => <MeteringPage /> },
  { pattern: '/metering/:id', render: (params) => <MeteringRuleDetail id={params.id} /> },
  { pattern: '/enrollment-secrets', render: () => <EnrollmentSecretsPage /> },
];

function routeFor(path: string): ReactNode {
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (params) return route.render(params);
  }
  return (
    <section>
      <h1>Page not found</h1>
      <p>There is no page at {path}. Pick one from the menu.</p>
    </section>
  );
}

export function App() {
  const [token, setToken] = useState<string | null>(() => storedToken());
  const [role, setRole] = useState<Role | null>(null);
  const [restoreError, setRestoreError] = useState<unknown>(undefined);
  const path = usePath();

  // A stored token from earlier in this tab: learn its role again rather than trusting storage.
  useEffect(() => {
    if (!token || role) return;
    fetchRole(token)
      .then(setRole)
      .catch((error: unknown) => {
        storeToken(null);
        setToken(null);
        setRestoreError(error);
      });
  }, [token, role]);

  useEffect(() => {
    if (path === '/' && token) navigate('/packages');
  }, [path, token]);

  const signOut = useCallback(() => {
    storeToken(null);
    setToken(null);
    setRole(null);
  }, []);

  const session = useMemo(() => (token && role ? { api: new ApiClient(token), role, signOut } : null), [token, role, signOut]);

  if (!token) {
    return (
      <SignIn
        initialError={restoreError}
        onSignedIn={(newToken, newRole) => {
          storeToken(newToken);
          setToken(newToken);
          setRole(newRole);
          setRestoreError(undefined);
          if (window.location.pathname === '/') navigate('/packages');
        }}
      />
    );
  }
  if (!session) return <Loading what="your session" />;
  return (
    <SessionProvider session={session}>
      <Layout path={path}>{routeFor(path)}</Layout>
    </SessionProvider>
  );
}
