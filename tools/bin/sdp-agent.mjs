#!/usr/bin/env node
// `sdp-agent`, the managed computer's client (apps/agent), from its built bundle.
import { runBuilt } from './run-built.mjs';

await runBuilt({ project: 'agent', bundle: 'dist/apps/agent/main.js', sources: ['apps/agent', 'libs', 'tools/build'] });
