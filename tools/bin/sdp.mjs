#!/usr/bin/env node
// `sdp`, the administrators' command line (apps/cli), from its built bundle.
import { ensureProjectNode } from '../start/project-node.mjs';
import { runBuilt } from './run-built.mjs';

await ensureProjectNode('sdp');
await runBuilt({ project: 'cli', bundle: 'dist/apps/cli/main.js', sources: ['apps/cli', 'libs', 'tools/build'] });
