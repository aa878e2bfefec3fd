/**
 * Writes the JSON Schemas for rulebook files to rules/schema/, generated from the zod schemas
 * (src/core/rulebook/jsonSchema.ts). Run with `npm run schema` after changing schema.ts, the
 * expression vocabulary or the operators; test/jsonSchema.test.ts fails while they are stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateSchemas } from '../src/core/rulebook/jsonSchema';

const dir = path.resolve(__dirname, '..', '..', 'rules', 'schema');
fs.mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(generateSchemas())) {
  const file = path.join(dir, name);
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (before === text) {
    console.log(`unchanged ${path.relative(process.cwd(), file)}`);
  } else {
    fs.writeFileSync(file, text);
    console.log(`wrote     ${path.relative(process.cwd(), file)}`);
  }
}
