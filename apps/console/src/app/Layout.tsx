import { ReactNode, useEffect, useRef } from 'react';
import { useSession } from '../api/session';
import { Link } from './router';

const SECTIONS = [
  { path: '/packages', label: 'Packages' },
  { path: '/distribution', label: 'Distribution' },
  { path: '/collections', label: 'Collections' },
  { path: '/advertisements', label: 'Advertisements' },
  { path: '/clients', label: 'Clients' },
  { path: '/metering', label: 'Metering' },
  { path: '/enrollment-secrets', label: 'Enrollment' },
];

export function Layout({ path, children }: { path: string; children: ReactNode }) {
  const { role, signOut } = useSession();
  const main = useRef<HTMLElement>(null);
  const section = SECTIONS.find((candidate) => path === candidate.path || path.startsWith(`${candidate.path}/`));

  // After a page change, put keyboard and screen-reader focus at the start of the new page.
  useEffect(() => {
    main.current?.focus({ preventScroll: true });
    document.title = `${section?.label ?? 'sdp'} · sdp console`;
  }, [path, section]);

  return (
    <div className="layout">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">sdp console</span>
        <nav aria-label="Sections">
          <ul>
            {SECTIONS.map((item) => (
              <li key={item.path}>
                <Link to={item.path} aria-current={item === section ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="session">
          <span className={`role role-${role}`} title="Your role decides which buttons you see; the services check it again">
            {role}
          </span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
