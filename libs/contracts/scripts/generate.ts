import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderGeneratedFiles, SCHEMAS_DIR } from '../src/generated-files';

/** Writes libs/contracts/generated/ from the code and removes schema files of types that are gone. */
function generate(): void {
  const libRoot = join(__dirname, '..');
  const files = renderGeneratedFiles();
  mkdirSync(join(libRoot, SCHEMAS_DIR), { recursive: true });
  for (const name of readdirSync(join(libRoot, SCHEMAS_DIR))) {
    if (!files.has(`${SCHEMAS_DIR}/${name}`)) {
      rmSync(join(libRoot, SCHEMAS_DIR, name));
      console.log(`removed ${SCHEMAS_DIR}/${name}`);
    }
  }
  for (const [path, content] of files) {
    mkdirSync(dirname(join(libRoot, path)), { recursive: true });
    writeFileSync(join(libRoot, path), content);
  }
  console.log(`wrote ${files.size} files under libs/contracts/generated`);
}

generate();
