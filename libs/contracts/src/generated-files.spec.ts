import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderGeneratedFiles, SCHEMAS_DIR, stableJson } from './generated-files';

const libRoot = join(__dirname, '..');
const STALE = 'libs/contracts/generated is stale: run `npm run contracts:generate` and commit the result';

describe('checked-in generated files', () => {
  const expected = renderGeneratedFiles();

  it.each([...expected.keys()])('%s equals what the code generates', (path) => {
    const file = join(libRoot, path);
    const actual = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (actual !== expected.get(path)) {
      throw new Error(`${path} differs. ${STALE}`);
    }
  });

  it('holds no schema of an event type that no longer exists', () => {
    const stale = readdirSync(join(libRoot, SCHEMAS_DIR)).filter((name) => !expected.has(`${SCHEMAS_DIR}/${name}`));
    if (stale.length > 0) {
      throw new Error(`unexpected ${stale.join(', ')}. ${STALE}`);
    }
  });
});

describe('stableJson', () => {
  it('sorts keys at every depth, keeps array order and ends with a newline', () => {
    expect(stableJson({ b: 1, a: [{ d: 1, c: 2 }, 3] })).toBe(
      '{\n  "a": [\n    {\n      "c": 2,\n      "d": 1\n    },\n    3\n  ],\n  "b": 1\n}\n',
    );
  });

  it('renders the same text twice', () => {
    expect(renderGeneratedFiles()).toEqual(renderGeneratedFiles());
  });
});
