import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { renderEventGuide } from './event-guide';

const repositoryRoot = join(__dirname, '..', '..');
export const EVENT_GUIDE_PATH = join(repositoryRoot, 'docs', 'events.md');
export const EVENT_GUIDE_TEMPLATE_PATH = join(__dirname, 'event-guide.template.md');
export const REGENERATE_COMMAND = 'npm run docs:events';

/** docs/events.md as the template and libs/contracts make it now. */
export function expectedEventGuide(): string {
  return renderEventGuide(readFileSync(EVENT_GUIDE_TEMPLATE_PATH, 'utf8'));
}

if (require.main === module) {
  writeFileSync(EVENT_GUIDE_PATH, expectedEventGuide());
  console.log(`wrote ${relative(repositoryRoot, EVENT_GUIDE_PATH)}`);
}
