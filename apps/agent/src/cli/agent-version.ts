/** Replaced by the build with the version of package.json (apps/agent/webpack.config.js). */
declare const SDP_AGENT_VERSION: string | undefined;

/** The agent's version: the repository's at build time, `dev` when run from source (tests). */
export const AGENT_VERSION: string = typeof SDP_AGENT_VERSION === 'string' ? SDP_AGENT_VERSION : 'dev';
