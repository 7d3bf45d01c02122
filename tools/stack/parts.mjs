import { S3 } from './config.mjs';
import { kafkaPart } from './kafka.mjs';
import { pgPart } from './postgres.mjs';
import { s3Part } from './s3.mjs';
import { StackError } from './utilities.mjs';

// Each part: name, where it listens, which logs to show on failure, how to
// tell it is serving (`ready`), how to start it (`start`, returns the pid),
// and which signal stops it cleanly.

export const ALL_PARTS = () => [kafkaPart(), ...S3.ports.map(s3Part), pgPart()];

export function selectParts(only) {
  const all = ALL_PARTS();
  if (!only) return all;
  const alias = { pg: 'postgres', postgresql: 'postgres', s3proxy: 's3' };
  const wanted = new Set(only.split(',').map((s) => alias[s.trim()] ?? s.trim()).filter(Boolean));
  const parts = all.filter((p) => wanted.has(p.group) || wanted.has(p.name));
  const known = new Set(all.flatMap((p) => [p.group, p.name]));
  const unknown = [...wanted].filter((w) => !known.has(w));
  if (unknown.length) throw new StackError(`unknown part(s) for --only: ${unknown.join(', ')} (known: kafka, s3, postgres, ${S3.ports.map((p) => `s3-${p}`).join(', ')})`);
  return parts;
}
