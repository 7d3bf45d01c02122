#!/usr/bin/env node
// `sdp-agent`, the managed computer's client (apps/agent), from its built bundle.
import { ensureProjectNode } from '../start/project-node.mjs';
import { runBuilt } from './run-built.mjs';

await ensureProjectNode('sdp-agent');
await runBuilt({ project: 'agent', bundle: 'dist/apps/agent/main.js', sources: ['apps/agent', 'libs', 'tools/build'] });
