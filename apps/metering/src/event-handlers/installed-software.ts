import { z } from 'zod';

/** The most entries of a client's inventory kept (agents send at most this many). */
export const MAX_INSTALLED_SOFTWARE = 5000;

const MAX_TEXT = 256;
const text = z
  .string()
  .min(1)
  .max(MAX_TEXT)
  .regex(/^[^\u0000-\u001f\u007f]+$/);

/** One entry of `inventory.software` as agents report it (shapes: name, version, publisher, source). */
const installedSoftwareSchema = z.object({
  name: text.refine((name) => name.trim() !== ''),
  // Left out counts as null.
  version: text.nullish().transform((value) => value ?? null),
  publisher: text.nullish().transform((value) => value ?? null),
  source: z.enum(['dpkg', 'rpm', 'windows-registry', 'macos-applications']),
});

export type InstalledSoftware = z.infer<typeof installedSoftwareSchema>;

/**
 * The installed software of a client's inventory document, which the client wrote and nobody
 * checked: the well-formed entries of `inventory.software` (text of at most 256 printable
 * characters, a known source), each name and version once, the first 5,000 at most. Anything
 * else — no list, entries of other shapes — is left out, never an error.
 */
export function installedSoftwareOf(inventory: unknown): InstalledSoftware[] {
  const software = (inventory as { software?: unknown } | null | undefined)?.software;
  if (!Array.isArray(software)) {
    return [];
  }
  const kept = new Map<string, InstalledSoftware>();
  for (const entry of software) {
    const parsed = installedSoftwareSchema.safeParse(entry);
    if (!parsed.success) {
      continue;
    }
    const { name, version, publisher, source } = parsed.data;
    const key = `${name}\u0000${version ?? ''}`;
    if (!kept.has(key)) {
      kept.set(key, { name, version, publisher, source });
    }
    if (kept.size === MAX_INSTALLED_SOFTWARE) {
      break;
    }
  }
  return [...kept.values()];
}
