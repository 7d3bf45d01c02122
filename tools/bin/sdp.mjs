#!/usr/bin/env node
// `sdp`, the administrators' command line (apps/cli), from its built bundle.
import { runBuilt } from './run-built.mjs';

await runBuilt({ project: 'cli', bundle: 'dist/apps/cli/main.js', sources: ['apps/cli', 'libs', 'tools/build'] });
